"""Token scans read from string hashes give the answers a token-by-token scan gives."""

from __future__ import annotations

import pytest

from diplograph.extract import _spans
from diplograph.extract._spans import NEVER, STARTS, UNLESS_SPACED, PhraseTable, WordIndex
from diplograph.resources import normalize

TEXT = ("Le Ministère des Affaires étrangères et le ministère de la Défense ont signé un accord-cadre "
        "avec l'Union africaine ; le vice-président s'est rendu à Addis-Abeba.\n\nAccord conclu.")


@pytest.mark.model
def test_word_index_matches_folded_words(parse):
    doc = parse(TEXT)
    index = WordIndex.of(frozenset({"ministère", "accord", "vice"}))
    expected = [t.i for t in doc if normalize(t.text) in {"ministère", "accord", "vice"}]
    assert index.indices(doc) == expected and len(expected) >= 3  # « Ministère », « ministère », « Accord »
    assert index.indices(doc) == expected  # remembered answers are the same answers


@pytest.mark.model
def test_word_index_memory_is_bounded(parse, monkeypatch):
    monkeypatch.setattr(_spans, "_VERDICTS", 5)
    index = WordIndex(lambda text: text.istitle())
    doc = parse(TEXT)
    assert index.indices(doc) == [t.i for t in doc if t.text.istitle()]
    assert len(index._memo) <= 5


@pytest.mark.model
def test_start_verdicts_agree_with_the_phrase_matcher(parse):
    table = PhraseTable.build([("vice-président", 1), ("ministre des affaires étrangères", 2), ("président", 3)])
    doc = parse("Le vice-président et le président ; le vice président ; vicepresident ; le ministre des "
                "Affaires étrangères.")
    verdicts = table.start_verdicts(doc)
    assert len(verdicts) == len(doc) and verdicts[-1] != UNLESS_SPACED
    for token, verdict in zip(doc, verdicts, strict=True):
        if table.match_at(doc, token.i) is not None:
            assert verdict != NEVER, token.text  # never rules out a phrase that starts there
    assert verdicts[[t.text for t in doc].index("président")] == STARTS
    assert verdicts[[t.text for t in doc].index("et")] == NEVER
