"""SHACL validation: exports conform; broken exports are caught, with the same violations by pyshacl and Oxigraph."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

import diplograph.validate as validation
from diplograph.cli import main
from diplograph.export import write
from diplograph.export.rdf import to_rdf
from diplograph.graph import KnowledgeGraph
from diplograph.validate import compile_shapes, validate
from diplograph.vocab import DG, DG_IRI, ORG, RDF, RDFS

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def graph(records) -> Graph:
    return to_rdf(KnowledgeGraph.from_results(records))


@pytest.mark.parametrize("engine", ["pyshacl", "oxigraph"])
def test_a_record_built_export_conforms(graph, engine):
    report = validate(graph, engine=engine)
    assert report.conforms, report.text()
    assert report.engine == engine and report.triples == len(graph)


@pytest.mark.parametrize("engine", ["pyshacl", "oxigraph"])
def test_the_hand_written_example_conforms(engine):
    report = validate(DATA / "ontology_example.ttl", engine=engine)
    assert report.conforms, report.text()


def _first(g: Graph, cls: URIRef) -> URIRef:
    return sorted(g.subjects(RDF.type, cls))[0]


def _replace(g: Graph, cls: URIRef, prop: URIRef, value) -> str:
    node = _first(g, cls)
    g.remove((node, prop, None))
    if value is not None:
        g.add((node, prop, value))
    return str(node)


# mutation -> (SHACL component, property path) that must be reported on the mutated node
MUTATIONS: dict[str, tuple[Callable[[Graph], str], str, URIRef | None]] = {
    "relation without modality": (lambda g: _replace(g, DG.Relation, DG.modality, None),
                                  "MinCountConstraintComponent", DG.modality),
    "modality outside the scheme": (lambda g: _replace(g, DG.Relation, DG.modality, DG.State),
                                    "InConstraintComponent", DG.modality),
    "relation type that is no type": (lambda g: _replace(g, DG.Relation, DG.relationType, DG.Person),
                                      "ClassConstraintComponent", DG.relationType),
    "source that is no entity": (lambda g: _replace(g, DG.Relation, DG.source, URIRef("https://example.org/x")),
                                 "NodeConstraintComponent", DG.source),
    "relation without evidence": (lambda g: _replace(g, DG.Relation, DG.evidence, None),
                                  "MinCountConstraintComponent", DG.evidence),
    "offsets reversed": (lambda g: _replace(g, DG.Evidence, DG.start, Literal(10_000)),
                         "SPARQLConstraintComponent", None),
    "offset as text": (lambda g: _replace(g, DG.Evidence, DG.end, Literal("12")),
                       "DatatypeConstraintComponent", DG.end),
    "empty evidence text": (lambda g: _replace(g, DG.Evidence, DG.text, Literal("")),
                            "MinLengthConstraintComponent", DG.text),
    "bad content hash": (lambda g: _replace(g, DG.Document, DG.contentHash, Literal("md5:abc")),
                         "PatternConstraintComponent", DG.contentHash),
    "lower-case ISO code": (lambda g: _replace(g, DG.State, DG.iso3166, Literal("bra")),
                            "PatternConstraintComponent", DG.iso3166),
    "entity without label": (lambda g: _replace(g, DG.State, RDFS.label, None),
                             "MinCountConstraintComponent", RDFS.label),
    "two labels": (lambda g: (g.add((_first(g, DG.State), RDFS.label, Literal("autre"))), str(_first(g, DG.State)))[1],
                   "MaxCountConstraintComponent", RDFS.label),
    "post holder who is a state": (lambda g: (g.add((_first(g, DG.State), ORG.holds, _first(g, ORG.Post))),
                                              str(_first(g, DG.State)))[1],
                                   "ClassConstraintComponent", None),
    "negative mention count": (lambda g: _replace(g, DG.State, DG.mentionCount, Literal(-1)),
                               "MinInclusiveConstraintComponent", DG.mentionCount),
    "misspelt term": (lambda g: (g.add((_first(g, DG.State), URIRef(DG_IRI + "isoCode"), Literal("x"))),
                                 DG_IRI + "isoCode")[1], validation.UNDECLARED, None),
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_a_broken_export_is_caught_by_both_engines_alike(graph, name):
    mutate, component, path = MUTATIONS[name]
    broken = Graph() + graph
    focus = mutate(broken)
    reports = {engine: validate(broken, engine=engine) for engine in ("pyshacl", "oxigraph")}
    for report in reports.values():
        assert not report.conforms
        assert (focus, None if path is None else str(path), component) in {v.key for v in report.violations}
    assert {v.key for v in reports["pyshacl"].violations} == {v.key for v in reports["oxigraph"].violations}


def test_every_shape_compiles_to_sparql_that_oxigraph_parses():
    import pyoxigraph as ox

    checks = compile_shapes()
    assert len(checks) >= 40
    store = ox.Store()
    for check in checks:
        list(store.query(check.sparql))


def test_large_exports_go_to_oxigraph(graph, monkeypatch):
    monkeypatch.setattr(validation, "PYSHACL_MAX_TRIPLES", 10)
    assert validate(graph).engine == "oxigraph"


def test_the_report_is_readable(graph):
    broken = Graph() + graph
    _replace(broken, DG.Relation, DG.modality, None)
    text = validate(broken, engine="oxigraph").text()
    assert "1 violation" in text and "modality" in text and "/relation/" in text


def test_cli_validate_exit_codes(records, graph, tmp_path, capsys):
    good = write(KnowledgeGraph.from_results(records), tmp_path / "graph.ttl")
    assert main(["validate", str(good)]) == 0
    assert "conforms" in capsys.readouterr().out
    broken = Graph() + graph
    _replace(broken, DG.Evidence, DG.text, Literal(""))
    bad = tmp_path / "bad.nt"
    broken.serialize(bad, format="nt", encoding="utf-8")
    assert main(["validate", str(bad), "--engine", "oxigraph"]) == 3
    assert "violation" in capsys.readouterr().out
    assert main(["validate", str(tmp_path / "missing.ttl")]) == 1
    assert capsys.readouterr().err.startswith("diplograph: error: ")


@pytest.mark.model
def test_the_seeds_export_conforms(seeds_kg, tmp_path):
    path = write(seeds_kg, tmp_path / "graph.ttl")
    report = validate(path, engine="pyshacl")
    assert report.conforms, report.text()
    assert validate(path, engine="oxigraph").conforms
