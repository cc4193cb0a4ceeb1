"""The RDF export of graph-model.md: entities, documents, posts (W3C ORG), n-ary relations with evidence.

IRIs are derived from canonical keys and content hashes, never from counters, so two builds of
the same input are isomorphic (and, with sorted output, byte-identical).

One generator, :func:`quads`, states every triple once, tagged with the document it derives from
(or None for corpus-level triples). :func:`to_rdf` turns it into an rdflib Graph (the Python API);
the writers turn it into sorted N-Triples lines and let Oxigraph write Turtle, TriG and JSON-LD
from them, far faster than rdflib's serializer (benchmarks/bench_sparql.py measures both).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from rdflib import Graph, Literal, URIRef

from diplograph.atomic import atomic_write
from diplograph.export._stream import LineReader, PrefixSorter, sort_prefix_lines, sorted_distinct
from diplograph.model import Evidence, Relation, short_hash
from diplograph.settings import DEFAULT_BASE_IRI
from diplograph.vocab import (
    DG,
    DG_IRI,
    FOAF,
    OA,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    XSD,
    cameo_code,
    concept_description,
    superclasses,
)

if TYPE_CHECKING:
    from diplograph.graph import KnowledgeGraph

PREFIXES = {"dg": DG_IRI, "rdfs": str(RDFS), "skos": str(SKOS), "org": str(ORG), "prov": str(PROV),
            "oa": str(OA), "schema": str(SCHEMA), "foaf": str(FOAF), "owl": str(OWL), "xsd": str(XSD)}
MINTED_KINDS = ("doc", "relation", "evidence", "post")
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

_INTEGER, _ANY_URI, _DATE = str(XSD.integer), str(XSD.anyURI), str(XSD.date)


class _Terms:
    """A namespace whose terms are looked up once: rdflib's namespaces build a URIRef on every
    access, and the exporter states a few dozen terms a million times on a large corpus."""

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace
        self._items: dict[str, str] = {}

    def __getattr__(self, name: str) -> str:  # only called the first time: the value is then an attribute
        if name.startswith("_"):
            raise AttributeError(name)
        value = getattr(self._namespace, name)
        setattr(self, name, value)
        return value

    def __getitem__(self, name: str) -> str:
        value = self._items.get(name)
        if value is None:
            value = self._items[name] = self._namespace[name]
        return value


# the namespaces as the quad generators below use them (PREFIXES above read the real ones)
DG, OA, ORG, PROV, RDF, RDFS, SCHEMA, SKOS = (_Terms(ns) for ns in (DG, OA, ORG, PROV, RDF, RDFS, SCHEMA, SKOS))


class Lit(NamedTuple):
    """A literal as the exporter states it (cheaper than an rdflib Literal: a million of them per corpus)."""

    value: str
    datatype: str | None = None  # None: xsd:string (or rdf:langString with a language)
    language: str | None = None


def _int(value: int) -> Lit:
    return Lit(str(value), _INTEGER)


# A quad: subject, predicate, object (an IRI or a Lit), and the id of the document it derives from
# (None: corpus level). IRIs are str (URIRef is one).
Quad = tuple[str, str, "str | Lit", str | None]


class IRIs:
    """Mints the IRIs of one export under ``base`` (plain strings: wrap in URIRef for rdflib)."""

    def __init__(self, base: str = DEFAULT_BASE_IRI) -> None:
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def entity(self, key: str) -> str:
        return self.base + key

    def document(self, doc_id: str) -> str:
        return f"{self.base}doc/{doc_id}"

    def relation(self, relation: Relation) -> str:
        return f"{self.base}relation/{short_hash(*relation.merge_key)}"

    def evidence(self, relation: Relation, evidence: Evidence) -> str:
        digest = short_hash(*relation.merge_key, evidence.doc_id, evidence.start, evidence.end)
        return f"{self.base}evidence/{digest}"

    def post(self, title: str, organization: str) -> str:
        return f"{self.base}post/{short_hash(title, organization)}"


def _evidence_quads(iris: IRIs, node: str, evidence: Evidence) -> Iterator[Quad]:
    doc, d = iris.document(evidence.doc_id), evidence.doc_id
    quote, position = f"{node}#quote", f"{node}#position"
    yield node, RDF.type, DG.Evidence, d
    yield node, DG.text, Lit(evidence.text), d
    yield node, DG.document, doc, d
    yield node, DG.start, _int(evidence.start), d
    yield node, DG.end, _int(evidence.end), d
    yield node, PROV.wasDerivedFrom, doc, d
    yield node, OA.hasSource, doc, d
    if evidence.speaker:
        yield node, DG.attributedTo, iris.entity(evidence.speaker), d
    yield node, OA.hasSelector, quote, d
    yield quote, RDF.type, OA.TextQuoteSelector, d
    yield quote, OA.exact, Lit(evidence.text), d
    yield node, OA.hasSelector, position, d
    yield position, RDF.type, OA.TextPositionSelector, d
    yield position, OA.start, _int(evidence.start), d
    yield position, OA.end, _int(evidence.end), d


def _document_quads(kg: KnowledgeGraph, iris: IRIs) -> Iterator[Quad]:
    for doc in kg.documents.values():
        node, d = iris.document(doc.id), doc.id
        yield node, RDF.type, DG.Document, d
        for cls in superclasses("Document"):
            yield node, RDF.type, cls, d
        yield node, DG.fileName, Lit(doc.file_name), d
        yield node, DG.contentHash, Lit(doc.content_hash), d
        if doc.title:
            yield node, DG.title, Lit(doc.title), d
        if doc.url:
            yield node, DG.url, Lit(doc.url, _ANY_URI), d
        if doc.date:
            dated = Lit(doc.date, _DATE) if _FULL_DATE.match(doc.date) else Lit(doc.date)
            yield node, DG.date, dated, d


def _entity_quads(kg: KnowledgeGraph, iris: IRIs) -> Iterator[Quad]:
    for entity in kg.entities.values():
        node = iris.entity(entity.key)
        yield node, RDF.type, DG[entity.type.value], None
        for cls in superclasses(entity.type.value):
            yield node, RDF.type, cls, None
        yield node, RDFS.label, Lit(entity.label), None
        for alias in entity.aliases:
            yield node, SKOS.altLabel, Lit(alias), None
        if entity.iso3:
            yield node, DG.iso3166, Lit(entity.iso3), None
        if entity.part_of and entity.part_of in kg.entities:
            yield node, SCHEMA.containedInPlace, iris.entity(entity.part_of), None
        yield node, DG.mentionCount, _int(entity.mention_count), None
        for doc_id in entity.documents:
            yield node, DG.mentionedIn, iris.document(doc_id), doc_id


def _post_quads(kg: KnowledgeGraph, iris: IRIs) -> Iterator[Quad]:
    for post in kg.posts.values():
        person, org = iris.entity(post.person), iris.entity(post.organization)
        if post.title is None:
            yield person, ORG.memberOf, org, None
            continue
        node = iris.post(post.title, post.organization)
        yield node, RDF.type, ORG.Post, None
        yield node, RDFS.label, Lit(post.title), None
        yield node, ORG.postIn, org, None
        yield person, ORG.holds, node, None
        yield node, ORG.heldBy, person, None
        for evidence in post.evidence:
            yield node, PROV.wasDerivedFrom, iris.document(evidence.doc_id), evidence.doc_id


def _concept_quads(kg: KnowledgeGraph) -> Iterator[Quad]:
    used = sorted({r.type for r in kg.relations.values()} | {r.modality.value for r in kg.relations.values()})
    for name in used:
        for p, o in concept_description(name):
            if isinstance(o, Literal):
                o = Lit(str(o), str(o.datatype) if o.datatype else None, o.language)
            yield DG[name], p, o, None


def _relation_quads(kg: KnowledgeGraph, iris: IRIs) -> Iterator[Quad]:
    yield from _concept_quads(kg)
    for relation in kg.iter_relations():
        node = iris.relation(relation)
        yield node, RDF.type, DG.Relation, None
        yield node, DG.relationType, DG[relation.type], None
        yield node, DG.source, iris.entity(relation.source), None
        yield node, DG.target, iris.entity(relation.target), None
        yield node, DG.modality, DG[relation.modality.value], None
        code = cameo_code(relation.type)
        if code:
            yield node, DG.cameoCode, Lit(code), None
        for speaker in relation.attributed_to:
            yield node, DG.attributedTo, iris.entity(speaker), None
        yield node, DG.documentCount, _int(len(relation.documents)), None
        yield node, DG.evidenceCount, _int(len(relation.evidence)), None
        for evidence in relation.evidence:
            evidence_node = iris.evidence(relation, evidence)
            yield node, DG.evidence, evidence_node, evidence.doc_id
            yield from _evidence_quads(iris, evidence_node, evidence)


def quads(kg: KnowledgeGraph, base_iri: str = DEFAULT_BASE_IRI) -> Iterator[Quad]:
    """Every triple of the export, each tagged with the id of the document it derives from (or None).

    Args:
        kg: the finalized graph.
        base_iri: the namespace of entity, document, relation and evidence IRIs.

    Returns:
        An iterator of ``(subject, predicate, object, doc_id)``; a triple may come twice (sets dedupe).
    """
    iris = IRIs(base_iri)
    for part in (_document_quads, _entity_quads, _post_quads, _relation_quads):
        yield from part(kg, iris)


def prefixes(base_iri: str = DEFAULT_BASE_IRI) -> dict[str, str]:
    """The prefixes written into exports: the vocabularies, and one per kind of minted resource.

    Entities keep full IRIs (``.../id/state/FRA``): a prefix for the base would need ``\\/`` escapes.
    """
    base = IRIs(base_iri).base
    return {**PREFIXES, **{kind: f"{base}{kind}/" for kind in MINTED_KINDS}}


def _rdflib_term(term: str | Lit) -> URIRef | Literal:
    if isinstance(term, Lit):
        return Literal(term.value, lang=term.language, datatype=URIRef(term.datatype) if term.datatype else None)
    return term if isinstance(term, URIRef) else URIRef(term)


def to_rdf(kg: KnowledgeGraph, base_iri: str = DEFAULT_BASE_IRI) -> Graph:
    """The graph as an rdflib Graph, following the graph contract.

    Args:
        kg: the finalized graph.
        base_iri: the namespace of minted IRIs.

    Returns:
        An rdflib Graph with the export's prefixes bound.
    """
    g = Graph()
    for prefix, namespace in prefixes(base_iri).items():
        g.bind(prefix, namespace)
    for s, p, o, _doc in quads(kg, base_iri):
        g.add((_rdflib_term(s), _rdflib_term(p), _rdflib_term(o)))
    return g


# --- the fast path: N-Triples lines, sorted, handed to Oxigraph for the other syntaxes -------------------

_ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r",
            **{c: f"\\u{c:04X}" for c in [*range(0x00, 0x20), 0x7F] if c not in (0x0A, 0x0D)}}


_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')  # what _ESCAPES rewrites: most literals hold none of it


def _nt(term: str | Lit) -> str:
    if isinstance(term, Lit):
        value = term.value
        text = '"' + (value.translate(_ESCAPES) if _NEEDS_ESCAPE.search(value) else value) + '"'
        if term.language:
            return f"{text}@{term.language}"
        return f"{text}^^<{term.datatype}>" if term.datatype else text
    return f"<{term}>"


def ntriples_lines(kg: KnowledgeGraph, base_iri: str = DEFAULT_BASE_IRI, named_graphs: bool = False) -> list[str]:
    """The export as distinct N-Triples (or N-Quads) lines, sorted: by graph first, then by triple.

    Args:
        kg: the finalized graph.
        base_iri: the namespace of minted IRIs.
        named_graphs: put each document's triples in a graph named by the document's IRI (N-Quads);
            corpus-level triples stay in the default graph (listed first).

    Returns:
        Lines without their newline.
    """
    if not named_graphs:  # one graph: the lines alone, sorted (no (graph, line) pair per triple in memory)
        return sorted({f"<{s}> <{p}> {_nt(o)} ." for s, p, o, _doc_id in quads(kg, base_iri)})
    iris = IRIs(base_iri)
    graphs: dict[str, str] = {}
    keyed: set[tuple[str, str]] = set()
    for s, p, o, doc_id in quads(kg, base_iri):
        triple = f"<{s}> <{p}> {_nt(o)}"
        if named_graphs and doc_id is not None:
            graph = graphs.get(doc_id) or graphs.setdefault(doc_id, f"<{iris.document(doc_id)}>")
            keyed.add((graph, f"{triple} {graph} ."))
        else:
            keyed.add(("", f"{triple} ."))
    return [line for _graph, line in sorted(keyed)]


def to_oxigraph(kg: KnowledgeGraph, base_iri: str = DEFAULT_BASE_IRI, named_graphs: bool = False) -> list[Any]:
    """The export as sorted, distinct Oxigraph quads.

    Args:
        kg: the finalized graph.
        base_iri: the namespace of minted IRIs.
        named_graphs: one graph per document (TriG), see :func:`ntriples_lines`.

    Returns:
        A list of ``pyoxigraph.Quad``.
    """
    import pyoxigraph as ox

    data = "\n".join(ntriples_lines(kg, base_iri, named_graphs)).encode("utf-8")
    return list(ox.parse(data, format=ox.RdfFormat.N_QUADS))


def serialize(kg: KnowledgeGraph, format_name: str, base_iri: str = DEFAULT_BASE_IRI) -> bytes:
    """Serialize the export in ``format_name`` (a key of :data:`OX_FORMATS`), triples sorted.

    N-Triples and N-Quads are written directly; Turtle, TriG and JSON-LD by Oxigraph from them.

    Args:
        kg: the finalized graph.
        format_name: turtle, ntriples, trig, nquads or jsonld.
        base_iri: the namespace of minted IRIs.

    Returns:
        The document as UTF-8 bytes.
    """
    import pyoxigraph as ox

    rdf_format, named = OX_FORMATS[format_name]
    lines = ntriples_lines(kg, base_iri, named_graphs=named)
    data = ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
    if format_name in ("ntriples", "nquads"):
        return data
    items = ox.parse(data, format=ox.RdfFormat.N_QUADS if named else ox.RdfFormat.N_TRIPLES)
    fmt = getattr(ox.RdfFormat, rdf_format)
    if format_name not in ("turtle", "trig"):
        return ox.serialize(items, format=fmt)
    return sort_prefix_lines(ox.serialize(items, format=fmt, prefixes=prefixes(base_iri)))


# name -> (pyoxigraph RdfFormat attribute, one named graph per document?)
OX_FORMATS: dict[str, tuple[str, bool]] = {
    "turtle": ("TURTLE", False),
    "ntriples": ("N_TRIPLES", False),
    "trig": ("TRIG", True),
    "nquads": ("N_QUADS", True),
    "jsonld": ("JSON_LD", False),  # expanded JSON-LD (full IRIs), read by rdflib and pyld
}


def write_rdf(kg: KnowledgeGraph, path: str | Path, format_name: str,
              base_iri: str = DEFAULT_BASE_IRI) -> Path:
    """Write the export in an Oxigraph format atomically; returns the path written.

    The same bytes as :func:`serialize`, streamed: the sorted lines are the only whole copy of the
    export in memory (no joined N-Triples document, no serialized document held before writing).
    """
    import pyoxigraph as ox

    rdf_format, named = OX_FORMATS[format_name]
    if named:
        lines: Iterable[bytes] = (line.encode("utf-8") for line in ntriples_lines(kg, base_iri, named_graphs=True))
    else:  # the order of ntriples_lines, without holding every line of a large export at once
        lines = sorted_distinct(f"<{s}> <{p}> {_nt(o)} .".encode() for s, p, o, _doc_id in quads(kg, base_iri))
    with atomic_write(path, "wb") as handle:
        if format_name in ("ntriples", "nquads"):
            for line in lines:
                handle.write(line + b"\n")
            return Path(path)
        items = ox.parse(io.BufferedReader(LineReader(lines), buffer_size=1 << 16),
                         format=ox.RdfFormat.N_QUADS if named else ox.RdfFormat.N_TRIPLES)
        fmt = getattr(ox.RdfFormat, rdf_format)
        if format_name not in ("turtle", "trig"):
            ox.serialize(items, handle, format=fmt)
        else:
            sorter = PrefixSorter(handle)
            ox.serialize(items, sorter, format=fmt, prefixes=prefixes(base_iri))
            sorter.close()
    return Path(path)
