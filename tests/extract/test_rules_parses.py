"""The frozen parses of the rule tests (``handbuilt_parses.txt``): well formed, used, and still the model's."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest


def _handbuilt():
    if "handbuilt" not in sys.modules:  # --import-mode=importlib: the helper beside this file, loaded once
        spec = importlib.util.spec_from_file_location("handbuilt", Path(__file__).with_name("handbuilt.py"))
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["handbuilt"] = module
        spec.loader.exec_module(module)
    return sys.modules["handbuilt"]


hb = _handbuilt()
TEXTS = hb.frozen_texts()


def test_rules_every_frozen_parse_rebuilds_its_text_as_one_tree_per_sentence():
    assert len(TEXTS) >= 150
    for text in TEXTS:
        doc = hb.doc(text)
        assert doc.text == text
        for sent in doc.sents:
            roots = [t for t in sent if t.head.i == t.i]
            assert len(roots) == 1, (text, sent.text)
            assert all(sent.start <= t.head.i < sent.end for t in sent), (text, sent.text)


def test_rules_every_frozen_parse_is_used_by_a_test():
    """Each paragraph of a frozen text begins like a string of some rule test (texts may be built from parts)."""
    sources = "".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("test_rules_*.py"))
    unused = [t for t in TEXTS if not all(part[:40] in sources for part in t.split("\n") if part)]
    assert not unused, f"frozen but no longer tested (remove them from {hb.STORE.name}): {unused}"


def test_rules_table_notation_rejects_a_word_not_in_the_text():
    with pytest.raises(ValueError, match="not at offset"):
        hb.from_table("Paris vote.", "1 Lyon Lyon PROPN nsubj 2 _ B-LOC\n2 vote voter VERB ROOT 0 _ O\n3 . . PUNCT punct 2 _ O")


def test_rules_a_parse_change_changes_the_relation():
    """The rules read the table, not the words: the same words with the object read as a subject
    of a passive give the other direction."""
    text = "Le Chili soutient l'Argentine."
    rows = hb.table(hb.doc(text))
    assert hb.relations(text) == {("support", "state/CHL", "state/ARG", "asserted")}
    swapped = rows.replace(" nsubj ", " obj__ ").replace(" obj ", " nsubj ").replace(" obj__ ", " obj ")
    assert swapped != rows
    from diplograph.extract import extract
    from diplograph.ingest import make_document

    result = extract(hb.from_table(text, swapped), make_document(text, "t.txt"), hb.knowledge())
    assert {(r.type, r.source, r.target) for r in result.relations} == {("support", "state/ARG", "state/CHL")}


@pytest.mark.model
@pytest.mark.parametrize("text", TEXTS, ids=[t[:50] for t in TEXTS])
def test_rules_frozen_parse_is_still_the_models(parse, text):
    """A new spaCy or model version that parses differently shows here, sentence by sentence
    (refreeze: delete the entry and run its test with HANDBUILT_FREEZE=1)."""
    real = parse(text)
    frozen = hb.doc(text)
    assert hb.table(real) == hb.table(frozen)
    assert [t.is_sent_start for t in real] == [t.is_sent_start for t in frozen]
