"""The RDF export: one triple source, written by Oxigraph, read back identically by rdflib, Oxigraph and raptor."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from diplograph.export import write
from diplograph.export.rdf import IRIs, serialize, to_oxigraph, to_rdf
from diplograph.graph import KnowledgeGraph
from diplograph.model import DocResult, Document, Entity, EntityType, Evidence, Modality, Post, Relation, from_json
from diplograph.sparql import parse_rdflib
from diplograph.vocab import DG, DG_IRI, OA, PROV, RDF, RDFS, SCHEMA, SKOS, ontology_graph

DATA = Path(__file__).resolve().parents[1] / "data"
RAPPER = shutil.which("rapper")
RAPTOR_SYNTAX = {"turtle": "turtle", "ntriples": "ntriples", "trig": "trig", "nquads": "nquads"}
RDFLIB_SYNTAX = {"turtle": "turtle", "ntriples": "nt", "trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}


def load_records(path: Path = DATA / "records_kg.json") -> tuple[DocResult, ...]:
    """DocResults from JSON written by ``model.to_json``.

    ``model.from_json`` turns every ``type`` field into an EntityType, which a Relation's type is not:
    relations are rebuilt here.
    """
    def load(data):
        if isinstance(data, dict) and data.get("@") == "Relation":
            fields = {k: load(v) for k, v in data.items() if k != "@"}
            return Relation(**{**fields, "modality": Modality(fields["modality"])})
        if isinstance(data, dict) and data.get("@") == "DocResult":
            fields = {k: load(v) for k, v in data.items() if k != "@"}
            return DocResult(**fields)
        if isinstance(data, list):
            return tuple(load(item) for item in data)
        return from_json(data)

    with open(path, encoding="utf-8") as handle:
        return load(json.load(handle))


def records_kg() -> KnowledgeGraph:
    """Three invented documents (tests/data/records_kg.json) with relations of every modality."""
    return KnowledgeGraph.from_results(load_records())


def _parse(data: bytes, fmt: str) -> Graph:
    """Parse an export with rdflib, flattening named graphs into one graph."""
    return parse_rdflib(data, RDFLIB_SYNTAX[fmt])


@pytest.mark.parametrize("fmt", sorted(RDFLIB_SYNTAX))
def test_every_format_is_isomorphic_to_the_rdflib_graph(fmt):
    kg = records_kg()
    assert isomorphic(_parse(serialize(kg, fmt), fmt), to_rdf(kg))


def test_two_builds_of_the_same_input_are_isomorphic_and_byte_identical():
    first, second = records_kg(), records_kg()
    assert isomorphic(to_rdf(first), to_rdf(second))
    assert serialize(first, "turtle") == serialize(second, "turtle")
    assert serialize(first, "trig") == serialize(second, "trig")


def test_document_order_does_not_change_the_export():
    results = load_records()
    forward = KnowledgeGraph.from_results(results)
    backward = KnowledgeGraph.from_results(tuple(reversed(results)))
    assert isomorphic(to_rdf(forward), to_rdf(backward))


@pytest.mark.skipif(RAPPER is None, reason="Debian's raptor (rapper, package raptor2-utils) is not installed")
@pytest.mark.parametrize("fmt", sorted(RAPTOR_SYNTAX))
def test_raptor_counts_the_same_triples_as_rdflib(fmt, tmp_path):
    kg = records_kg()
    path = write(kg, tmp_path / f"graph.{ {'turtle': 'ttl', 'ntriples': 'nt', 'trig': 'trig', 'nquads': 'nq'}[fmt]}")
    done = subprocess.run([RAPPER, "-i", RAPTOR_SYNTAX[fmt], "-c", str(path)], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert f"returned {len(to_rdf(kg))} triples" in done.stderr


def test_trig_has_one_named_graph_per_document_and_its_union_is_the_turtle_export():
    import pyoxigraph as ox

    kg = records_kg()
    quads = to_oxigraph(kg, named_graphs=True)
    iris = IRIs()
    graphs = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
    assert graphs == {str(iris.document(doc_id)) for doc_id in kg.documents}
    text_predicate = str(DG.text)
    for quad in quads:  # every evidence sentence sits in the graph of its document
        if quad.predicate.value == text_predicate:
            doc = next(q.object for q in quads if q.subject == quad.subject and q.predicate.value == str(DG.document))
            assert quad.graph_name == doc
    assert isomorphic(_parse(serialize(kg, "trig"), "trig"), _parse(serialize(kg, "turtle"), "turtle"))
    assert b" GRAPH " not in serialize(kg, "trig")  # plain <g> { } blocks, which raptor reads


def test_evidence_keeps_its_provenance_in_the_flat_export():
    g = to_rdf(records_kg())
    evidence = set(g.subjects(RDF.type, DG.Evidence))
    assert len(evidence) == 9
    for node in evidence:
        doc = g.value(node, DG.document)
        assert (node, PROV.wasDerivedFrom, doc) in g
        assert (node, OA.hasSource, doc) in g
        assert g.value(node, DG.start).toPython() < g.value(node, DG.end).toPython()


def test_entities_carry_their_standard_types():
    g = to_rdf(records_kg())
    state = URIRef(IRIs().entity("state/BRA"))
    assert (state, RDF.type, DG.State) in g
    assert (state, RDF.type, SCHEMA.Country) in g
    ministry = URIRef(IRIs().entity("org/ministere-des-affaires-etrangeres-deu"))
    assert (ministry, SCHEMA.containedInPlace, URIRef(IRIs().entity("state/DEU"))) in g


def test_relation_types_and_modalities_are_described_in_the_export():
    g = to_rdf(records_kg())
    assert g.value(DG.arms_supply, SKOS.notation) == Literal("arms_supply")
    assert g.value(DG.negated, SKOS.notation) == Literal("negated")


def _dg_terms(g: Graph) -> set[str]:
    return {str(t)[len(DG_IRI):] for triple in g for t in triple
            if isinstance(t, URIRef) and str(t).startswith(DG_IRI)}


def _one_of_everything() -> KnowledgeGraph:
    doc = Document("d0", "tout.txt", "x" * 40, "sha256:" + "0" * 64, title="t", url="https://example.org/a",
                   date="mars 2025")
    ev = Evidence("d0", 0, 10, "x" * 10, speaker="org/m")
    entities = (*(Entity(f"e/{t.value}", t.value, t, (t.value,), "ABC" if t is EntityType.STATE else None,
                         ("d0",), 1) for t in EntityType), Entity("org/m", "m", EntityType.MEDIA_OUTLET))
    types = [str(c)[len(DG_IRI):] for c in ontology_graph().objects(DG.RelationTypeScheme, SKOS.hasTopConcept)]
    relations = tuple(Relation(t, "e/State", "e/Person", m, (ev,), ("org/m",)) for t in types for m in Modality)
    posts = (Post("e/Person", "chef", "e/State", (ev,)), Post("e/Person", None, "e/ThinkTank", (ev,)))
    return KnowledgeGraph.from_results([DocResult(doc, entities, (), posts, relations)])


@pytest.mark.parametrize("build", [records_kg, _one_of_everything])
def test_every_dg_term_of_an_export_is_declared_in_the_ontology(build):
    used = _dg_terms(to_rdf(build()))
    assert used
    assert not {t for t in used if t not in DG}


# --- property tests: any text survives the round trip ------------------------------------------------------

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60)
TRICKY = st.sampled_from(['"', "'", '"""', "\\", "\n", "\r\n", "\t", "😀", "עברית", "العربية", "\u200f", "<>", "@fr",
                          "^^", "#", "é", "\x00", "\x7f", "\u2028"])
TEXTS = st.one_of(TEXT, st.lists(st.one_of(TRICKY, TEXT), min_size=1, max_size=6).map("".join))


def _text_kg(label: str, sentence: str) -> KnowledgeGraph:
    doc = Document("d1", "a.txt", sentence, "sha256:" + "1" * 64, title=label)
    ev = Evidence("d1", 0, max(1, len(sentence)), sentence, speaker="state/AAA")
    entities = (Entity("state/AAA", label, EntityType.STATE, (label, sentence), "AAA", ("d1",), 1),
                Entity("state/BBB", "B", EntityType.STATE, ("B",), "BBB", ("d1",), 1))
    relation = Relation("support", "state/AAA", "state/BBB", Modality.REPORTED, (ev,), ("state/AAA",))
    return KnowledgeGraph.from_results([DocResult(doc, entities, (), (), (relation,))])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(label=TEXTS, sentence=TEXTS)
def test_any_label_or_evidence_text_survives_the_turtle_round_trip(label, sentence):
    import pyoxigraph as ox

    kg = _text_kg(label, sentence)
    data = serialize(kg, "turtle")
    g = Graph().parse(data=data.decode("utf-8"), format="turtle")
    assert {str(o) for o in g.objects(URIRef(IRIs().entity("state/AAA")), RDFS.label)} == {label}
    assert {str(o) for o in g.objects(None, DG.text)} == {sentence}
    assert {str(o) for o in g.objects(None, OA.exact)} == {sentence}
    assert isomorphic(g, to_rdf(kg))
    texts = {t.object.value for t in ox.parse(data, format=ox.RdfFormat.TURTLE) if t.predicate.value == str(DG.text)}
    assert texts == {sentence}


# --- the seeds and real text -----------------------------------------------------------------------------------

@pytest.mark.model
def test_two_builds_of_the_same_french_text_are_isomorphic(build_texts):
    texts = ["Le Premier ministre indien a rencontré mardi à Brasilia le président du Brésil. "
             "Selon Reuters, l'Inde pourrait acheter des avions de transport à l'Argentine.",
             "L'Union européenne a adopté de nouvelles sanctions contre la Biélorussie, a annoncé Bruxelles."]
    first, second = to_rdf(build_texts(texts)), to_rdf(build_texts(texts))
    assert len(first) > 0
    assert isomorphic(first, second)


@pytest.mark.model
@pytest.mark.skipif(RAPPER is None, reason="Debian's raptor (rapper, package raptor2-utils) is not installed")
def test_raptor_reads_the_seeds_turtle_export(seeds_kg, tmp_path):
    path = write(seeds_kg, tmp_path / "graph.ttl")
    done = subprocess.run([RAPPER, "-i", "turtle", "-c", str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert f"returned {len(to_rdf(seeds_kg))} triples" in done.stderr


# the relation types of graph-model.md
RELATION_TYPES = ("alliance", "arms_supply", "sanctions", "sanctions_relief", "military_cooperation", "criticism",
                  "support", "meeting", "conflict", "violation", "membership", "agreement_party")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(RELATION_TYPES), st.sampled_from(list(Modality)),
                          st.sampled_from(list(EntityType)), st.sampled_from(list(EntityType)), st.booleans()),
                min_size=1, max_size=8))
def test_every_dg_iri_of_any_export_is_declared(specs):
    doc = Document("d9", "n.txt", "y" * 100, "sha256:" + "9" * 64, url="https://example.org/n", date="2024-01-02")
    entities, relations, posts = [], [], []
    for i, (kind, modality, source_type, target_type, with_post) in enumerate(specs):
        source, target = f"a/{i}", f"b/{i}"
        entities += [Entity(source, f"A{i}", source_type, (f"A{i}",), "AAA", ("d9",), 1),
                     Entity(target, f"B{i}", target_type, (f"B{i}",), None, ("d9",), 1, part_of=source)]
        ev = Evidence("d9", i, i + 5, "y" * 5, speaker=target if with_post else None)
        relations.append(Relation(kind, source, target, modality, (ev,), (target,) if with_post else ()))
        if with_post:
            posts.append(Post(target, "porte-parole", source, (ev,)))
    kg = KnowledgeGraph.from_results([DocResult(doc, tuple(entities), (), tuple(posts), tuple(relations))])
    used = _dg_terms(_parse(serialize(kg, "turtle"), "turtle"))
    assert used and all(term in DG for term in used)


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "trig", "nquads", "jsonld"])
@pytest.mark.parametrize("run_lines", [7, 1_000_000])
def test_the_streaming_writer_writes_the_bytes_of_serialize(fmt, run_lines, tmp_path, monkeypatch):
    """Sorted runs spilled to disk and merged (7 lines a run), or sorted in memory, give the same bytes."""
    from diplograph.export import _stream
    from diplograph.export.rdf import write_rdf

    monkeypatch.setattr(_stream, "_RUN_LINES", run_lines)
    kg = records_kg()
    path = write_rdf(kg, tmp_path / f"graph.{fmt}", fmt)
    assert path.read_bytes() == serialize(kg, fmt)


def test_sorted_distinct_orders_utf8_lines_as_text_is_ordered():
    from diplograph.export._stream import sorted_distinct

    lines = ["<b> « z »", "<a> ’", "<a> é", "<a> z", "<a> 𝔘", "<a> é", "<a> \\n"]
    found = list(sorted_distinct((line.encode() for line in lines), run_lines=2))
    assert [line.decode() for line in found] == sorted(set(lines))
