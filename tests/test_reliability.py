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


INJECTION = 'x> <p> "PWNED" .\n<y'


@pytest.mark.parametrize("key", [f"org/{INJECTION}", "org/a b{c}|d^e`f\\g", "org/100%", "org/\x00\ud800"])
def test_an_unsafe_entity_key_becomes_a_safe_iri(key, records, tmp_path):
    from dataclasses import replace

    import pyoxigraph as ox

    from diplograph.export.rdf import IRIs
    from diplograph.graph import KnowledgeGraph

    first = records[0]
    victim = first.entities[0]
    renamed = [replace(first, entities=(replace(victim, key=key), *first.entities[1:])), *list(records[1:])]
    kg = KnowledgeGraph.from_results(renamed)
    for suffix, fmt in ((".nt", ox.RdfFormat.N_TRIPLES), (".ttl", ox.RdfFormat.TURTLE)):
        path = kg.write(tmp_path / f"graph{suffix}")
        triples = list(ox.parse(path=str(path), format=fmt))  # strict: a bad IRI is an error
        assert not any("PWNED" in str(t.predicate) or t.object == ox.Literal("PWNED") for t in triples)
        minted = IRIs().entity(key)
        assert any(t.subject.value == minted for t in triples) and not set(minted) & set(' <>"{}|^`\\\n')


@pytest.mark.model
def test_cli_an_injecting_gazetteer_id_is_rejected_before_anything_is_written(tmp_path, capsys):
    """The gazetteer row is refused with its file and line (the IRI writer would encode it anyway)."""
    import json

    from diplograph.cli import main

    gazetteer = tmp_path / "mine.jsonl"
    gazetteer.write_text(json.dumps({"id": INJECTION, "type": "InternationalOrganization", "label": "Ligue Pwn"}) + "\n",
                         encoding="utf-8")
    text = tmp_path / "a.txt"
    text.write_text("La Ligue Pwn a condamné la France.", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(text), "--gazetteer", str(gazetteer), "--out", str(out), "--formats", "nt",
                 "--no-cache", "-q"]) == 1
    error = capsys.readouterr().err
    assert f"{gazetteer}:1:" in error and "Traceback" not in error
    assert not (out / "graph.nt").exists()


@pytest.mark.parametrize("change", [{"jobs": 0}, {"batch_size": 0}, {"batch_size": -1, "jobs": 2}, {"max_chars": 0}])
def test_the_library_refuses_settings_that_would_parse_nothing(change):
    from diplograph.errors import DiplographError
    from diplograph.settings import Settings

    with pytest.raises(DiplographError, match=r"^Settings\.\w+ must be a whole number of at least 1, got -?\d+$"):
        build_documents([make_document("Le Mali a signé.", "a.txt")], Settings().with_(**change))


def test_the_rdf_writer_encodes_an_unsafe_key_into_a_safe_iri(tmp_path):
    """A second line of defence behind the gazetteer check: whatever a key holds, N-Triples stay valid."""
    import pyoxigraph as ox

    from diplograph.export import write
    from diplograph.graph import KnowledgeGraph
    from diplograph.model import DocResult, Document, Entity, EntityType

    key = f"org/{INJECTION}"
    document = Document("0123456789abcdef", "a.txt", "", "sha256:x")
    kg = KnowledgeGraph()
    kg.add(DocResult(document, (Entity(key, "Ligue Pwn", EntityType.INTERNATIONAL_ORGANIZATION, (), None,
                                       (document.id,), 1),)))
    path = write(kg.finalize(), tmp_path / "graph.nt")
    triples = list(ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES))
    assert any(t.object.value == "Ligue Pwn" for t in triples)
    assert not any(t.predicate.value == "p" or t.object.value == "PWNED" for t in triples)
