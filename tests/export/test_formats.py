"""Export formats picked by name or suffix: RDF serialisations, and GraphML/GEXF for Gephi."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from rdflib.compare import isomorphic

from diplograph.errors import ExportError
from diplograph.export import EXPORTERS, format_for, write
from diplograph.export.formats import flatten, to_flat_networkx, xml_safe
from diplograph.export.rdf import to_rdf
from diplograph.graph import KnowledgeGraph
from diplograph.sparql import parse_rdflib


@pytest.fixture(scope="module")
def kg(records) -> KnowledgeGraph:
    return KnowledgeGraph.from_results(records)


@pytest.mark.parametrize(("suffix", "name"), [
    (".ttl", "turtle"), (".nt", "ntriples"), (".trig", "trig"), (".nq", "nquads"), (".jsonld", "jsonld"),
    (".graphml", "graphml"), (".gexf", "gexf"), (".html", "html"), (".TTL", "turtle"),
])
def test_the_suffix_picks_the_format(suffix, name):
    assert format_for(f"out/graph{suffix}") == name
    assert name in EXPORTERS


def test_an_explicit_format_wins_over_the_suffix(kg, tmp_path):
    path = write(kg, tmp_path / "graph.txt", format="ntriples")
    assert isomorphic(parse_rdflib(path, "nt"), to_rdf(kg))


@pytest.mark.parametrize(("path", "fmt", "message"), [
    ("out/graph.xlsx", None, "cannot tell the format from the suffix '.xlsx'"),
    ("out/graph", None, "(none)"),
    ("out/graph.ttl", "rdfxml", "unknown format 'rdfxml'"),
])
def test_unknown_formats_are_one_clear_error(path, fmt, message):
    with pytest.raises(ExportError, match="graph") as info:
        format_for(path, fmt)
    assert message in str(info.value)


@pytest.mark.parametrize(("suffix", "parser"), [(".ttl", "turtle"), (".nt", "nt"), (".trig", "trig"),
                                                (".nq", "nquads"), (".jsonld", "json-ld")])
def test_every_rdf_file_reads_back_as_the_same_graph(kg, tmp_path, suffix, parser):
    path = write(kg, tmp_path / f"graph{suffix}")
    assert isomorphic(parse_rdflib(path, parser), to_rdf(kg))


@pytest.mark.parametrize(("value", "expected"), [
    (None, ""), ("Iran", "Iran"), (3, 3), (0.5, 0.5), (True, True), (("a", "b"), "a|b"), (["x"], "x"),
    ({"k": [1, 2]}, '{"k": [1, 2]}'), (frozenset({"b", "a"}), "a|b"), ([None, 1], "|1"), (Path("a"), "a"),
])
def test_flatten_gives_scalars(value, expected):
    assert flatten(value) == expected


def _scalar_attributes(graph: nx.MultiDiGraph) -> bool:
    values = [v for _n, d in graph.nodes(data=True) for v in d.values()]
    values += [v for *_e, d in graph.edges(keys=True, data=True) for v in d.values()]
    return all(isinstance(v, str | int | float | bool) for v in values)


def test_flat_networkx_has_only_scalar_attributes(kg):
    graph = to_flat_networkx(kg)
    assert _scalar_attributes(graph)
    assert graph.number_of_nodes() == len(kg.entities)


@pytest.mark.parametrize(("suffix", "reader"), [(".graphml", nx.read_graphml), (".gexf", nx.read_gexf)])
def test_graphml_and_gexf_read_back_with_every_edge_and_its_attributes(kg, tmp_path, suffix, reader):
    path = write(kg, tmp_path / f"graph{suffix}")
    graph = reader(path)
    assert set(graph.nodes) == set(kg.entities)
    kind = "type" if suffix == ".graphml" else "relation_type"  # GEXF reserves "type" for edges
    edges = [(u, v, d) for u, v, d in graph.edges(data=True)]
    relation_edges = [(u, v, d) for u, v, d in edges if d[kind] not in ("holds_post", "member_of")]
    assert len(relation_edges) == len(kg.relations)
    modalities = {(u, v, d["modality"]) for u, v, d in edges if d[kind] == "arms_supply"}
    assert ("state/TUR", "state/PAK", "negated") in modalities
    first_sentences = {(r.source, r.target, r.type, r.modality.value): r.evidence[0].text
                       for r in kg.relations.values()}
    for u, v, d in relation_edges:  # quotes, emoji and accents survive the XML
        assert d["sentence"] == first_sentences[(u, v, d[kind], d["modality"])]
    assert graph.nodes["state/IRN"]["label"] == "Iran"


@pytest.mark.parametrize("suffix", [".graphml", ".gexf"])
def test_control_characters_in_the_text_leave_readable_xml(suffix, records, tmp_path):
    from dataclasses import replace
    from xml.etree import ElementTree

    def dirty(text: str) -> str:
        return text.replace(" ", "\x0c", 1).replace("e", "\x01", 1) + "\ufffe"

    results = [replace(r, entities=tuple(replace(e, label=dirty(e.label)) for e in r.entities),
                       relations=tuple(replace(rel, evidence=tuple(replace(ev, text=dirty(ev.text)) for ev in rel.evidence))
                                       for rel in r.relations)) for r in records]
    kg = KnowledgeGraph.from_results(results)
    path = write(kg, tmp_path / f"graph{suffix}")
    ElementTree.parse(path)  # well-formed XML
    graph = nx.read_graphml(path) if suffix == ".graphml" else nx.read_gexf(path)
    labels = {data["label"] for _node, data in graph.nodes(data=True)}
    assert labels == {xml_safe(e.label) for e in kg.entities.values()}
    assert all("\ufffe" in e.label for e in kg.entities.values()) and not any("\ufffe" in label for label in labels)
