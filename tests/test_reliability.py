"""The README's promises, case by case: no silent loss of text, no order-dependent graph."""

from __future__ import annotations

import pytest

from diplograph.api import build_documents
from diplograph.ingest import make_document
from diplograph.nlp import split_long_text

PARAGRAPHS = [
    "Le Brésil et l'Argentine ont signé un accord de coopération militaire à Buenos Aires.",
    "Le Kenya a critiqué la décision de l'Éthiopie de fermer sa frontière avec la Somalie.",
    "La Norvège a condamné les essais de missiles menés par l'Iran la semaine dernière.",
    "Le Japon a livré des armes à l'Australie.",
]


@pytest.mark.parametrize("limit", [1, 7, 50, 1000])
def test_split_long_text_keeps_every_character_within_the_limit(limit):
    text = "\n\n".join(PARAGRAPHS * 3) + " fin sans espace" + "x" * 60
    pieces = split_long_text(text, limit)
    assert "".join(piece for _offset, piece in pieces) == text
    assert all(text[offset:offset + len(piece)] == piece and len(piece) <= limit for offset, piece in pieces)
    if limit == 1000:
        assert all(piece.endswith("\n\n") for _offset, piece in pieces[:-1])  # cut at paragraphs


@pytest.mark.model
def test_a_document_longer_than_max_chars_is_read_whole_with_right_offsets(settings, nlp):
    filler = "\n\n".join(["Les discussions se sont poursuivies toute la journée dans la capitale."] * 40)
    text = "\n\n".join([PARAGRAPHS[0], filler, PARAGRAPHS[1], filler, PARAGRAPHS[2], filler, PARAGRAPHS[3]])
    document = make_document(text, "long.txt")
    small = settings.with_(max_chars=len(text) // 5)
    pieces = build_documents([document], small)
    whole = build_documents([document], settings.with_(max_chars=len(text)))
    assert len(text) > 3 * small.max_chars
    assert set(pieces.relations) == set(whole.relations) and len(pieces.relations) >= 4
    assert ("arms_supply", "state/JPN", "state/AUS", "asserted") in pieces.relations  # the very last paragraph
    for relation in pieces.relations.values():
        for evidence in relation.evidence:
            assert text[evidence.start:evidence.end] == evidence.text
    assert {k: e.mention_count for k, e in pieces.entities.items()} == {
        k: e.mention_count for k, e in whole.entities.items()}


@pytest.mark.model
def test_a_boilerplate_cue_discards_its_sentence_not_its_line(build_texts):
    from pathlib import Path

    sentence = "La France a condamné la Russie pour ses frappes en Ukraine."
    alone = build_texts([sentence])
    with_cue = build_texts([f"{sentence} Lire aussi : notre dossier. © Agence 2024"])
    assert alone.relations and set(with_cue.relations) == set(alone.relations)
    seed = next(iter(sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt")))).read_text(encoding="utf-8")
    one_line = " ".join(seed.split())  # as JSONL corpora often hold an article
    assert len(build_texts([one_line]).relations) >= 0.8 * len(build_texts([seed]).relations) > 0


def _named(doc_id: str, label: str, etype, count: int = 1, key: str = "agreement/X-Y", iso3=None):
    from diplograph.model import DocResult, Document, Entity

    entity = Entity(key, label, etype, (), iso3, (doc_id,), count)
    return DocResult(Document(doc_id, f"{doc_id}.txt", "", f"sha256:{doc_id}"), (entity,))


def test_the_canonical_label_does_not_depend_on_the_order_of_the_documents(records):
    import itertools

    from rdflib.compare import isomorphic

    from diplograph.export.rdf import to_rdf
    from diplograph.graph import KnowledgeGraph
    from diplograph.model import EntityType

    results = [_named("d1", "pacte de défense", EntityType.AGREEMENT), _named("d2", "accord de défense", EntityType.AGREEMENT),
               _named("d3", "Kim Jong", EntityType.PERSON, key="person/k"),
               _named("d4", "Kim Jong-un", EntityType.PERSON, key="person/k"),
               _named("d5", "Jong-un Kim", EntityType.PERSON, key="person/k"),
               _named("d6", "Forum", EntityType.INTERNATIONAL_ORGANIZATION, key="org/f", iso3="AAA"),
               _named("d7", "Forum", EntityType.THINK_TANK, key="org/f", iso3="BBB")]
    graphs = [KnowledgeGraph.from_results(order) for order in list(itertools.permutations(results))[::97]]
    assert len({tuple(sorted(kg.entities.items())) for kg in graphs}) == 1
    kg = graphs[0]
    assert kg.entities["agreement/X-Y"].label == "accord de défense"  # a tie: alphabetical, not first come
    assert kg.entities["person/k"].label == "Jong-un Kim"  # the longest, then alphabetical
    assert (kg.entities["org/f"].type, kg.entities["org/f"].iso3) == (EntityType.INTERNATIONAL_ORGANIZATION, "AAA")
    forward, backward = KnowledgeGraph.from_results(records), KnowledgeGraph.from_results(records[::-1])
    assert isomorphic(to_rdf(forward), to_rdf(backward))
