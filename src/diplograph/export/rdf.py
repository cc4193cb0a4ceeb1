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
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from rdflib import Graph, Literal, URIRef

from diplograph.atomic import atomic_write
from diplograph.export._stream import LineReader, PrefixSorter, sort_prefix_lines, sorted_distinct
from diplograph.model import Evidence, Modality, Post, Relation, short_hash
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
    WIKIDATA,
    XSD,
    cameo_code,
    concept_description,
    shortcut_property,
    superclasses,
)

if TYPE_CHECKING:
    from diplograph.graph import KnowledgeGraph

PREFIXES = {"dg": DG_IRI, "rdfs": str(RDFS), "skos": str(SKOS), "org": str(ORG), "prov": str(PROV),
            "oa": str(OA), "schema": str(SCHEMA), "foaf": str(FOAF), "owl": str(OWL), "xsd": str(XSD),
            "wd": str(WIKIDATA)}
MINTED_KINDS = ("doc", "relation", "evidence", "post", "membership")

_INTEGER, _ANY_URI, _DATE, _DECIMAL = str(XSD.integer), str(XSD.anyURI), str(XSD.date), str(XSD.decimal)
_DATATYPE_OF_LENGTH = {10: _DATE, 7: str(XSD.gYearMonth), 4: str(XSD.gYear)}  # ISO dates of diplograph.dates
_ISO_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_SAME_AS, _WIKIDATA = str(OWL.sameAs), str(WIKIDATA)


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


def _confidence(value: float) -> Lit:
    """A confidence as an xsd:decimal, at most two places, in the canonical form every engine keeps
    (« 0.8 », not « 0.80 »: rdflib would rewrite that one and Oxigraph not).

    >>> _confidence(0.8).value, _confidence(1).value, _confidence(0.675).value
    ('0.8', '1.0', '0.68')
    """
    text = f"{value:.2f}".rstrip("0")
    return Lit(text + "0" if text.endswith(".") else text, _DECIMAL)


# A quad: subject, predicate, object (an IRI or a Lit), and the id of the document it derives from
# (None: corpus level). IRIs are str (URIRef is one).
Quad = tuple[str, str, "str | Lit", str | None]


# What an entity key may keep as it is in an IRI path; anything else is percent-encoded (RFC 3987:
# unreserved and sub-delims, "/", ":" and "@", and the non-ASCII "ucschar" ranges).
_IRI_SAFE = re.compile("[A-Za-z0-9\\-._~/:@!$&'()*+,;=\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef]*")


def iri_path(key: str) -> str:
    r"""``key`` as a safe IRI path: a space, ``<``, ``>``, ``"``, a control character... percent-encoded.

    A gazetteer id can hold any text; a minted IRI can never break out of ``<...>`` in N-Triples.

    >>> iri_path("state/FRA"), iri_path('x> <p> "PWNED" .\n<y')
    ('state/FRA', 'x%3E%20%3Cp%3E%20%22PWNED%22%20.%0A%3Cy')
    """
    if _IRI_SAFE.fullmatch(key):
        return key
    return "".join(ch if _IRI_SAFE.fullmatch(ch) else "".join(
        f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass")) for ch in key)


class IRIs:
    """Mints the IRIs of one export under ``base`` (plain strings: wrap in URIRef for rdflib)."""

    def __init__(self, base: str = DEFAULT_BASE_IRI) -> None:
        self.base = base if base.endswith(("/", "#")) else base + "/"
        self._entities: dict[str, str] = {}

    def entity(self, key: str) -> str:
        iri = self._entities.get(key)
        if iri is None:
            iri = self._entities[key] = self.base + iri_path(key)
        return iri

    def document(self, doc_id: str) -> str:
        return f"{self.base}doc/{doc_id}"

    def relation(self, relation: Relation) -> str:
        return f"{self.base}relation/{short_hash(*relation.merge_key)}"

    def evidence(self, relation: Relation, evidence: Evidence) -> str:
        digest = short_hash(*relation.merge_key, evidence.doc_id, evidence.start, evidence.end)
        return f"{self.base}evidence/{digest}"

    def post(self, title: str, organization: str) -> str:
        return f"{self.base}post/{short_hash(title, organization)}"

    def membership(self, person: str, title: str | None, organization: str) -> str:
        return f"{self.base}membership/{short_hash(person, title or '', organization)}"


def date_literal(value: str) -> Lit:
    """An ISO date of :mod:`diplograph.dates` as its typed literal (xsd:date, xsd:gYearMonth or xsd:gYear);
    any other text as a plain string.

    >>> date_literal("2024-06").datatype.rsplit("#")[-1], date_literal("vers 2020").datatype is None
    ('gYearMonth', True)
    """
    if _ISO_DATE.match(value):
        return Lit(value, _DATATYPE_OF_LENGTH[len(value)])
    return Lit(value)


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
    if evidence.rule:
        yield node, DG.extractedBy, Lit(evidence.rule), d
    yield node, DG.confidence, _confidence(evidence.confidence), d
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
            yield node, DG.date, date_literal(doc.date), d


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
        if entity.wikidata:
            yield node, _SAME_AS, _WIKIDATA + entity.wikidata, None
        if entity.cow_code is not None and entity.type.value == "State":
            yield node, DG.cowCode, _int(entity.cow_code), None
        if entity.cow_letter and entity.type.value == "State":
            yield node, DG.cowLetter, Lit(entity.cow_letter), None
        if entity.part_of and entity.part_of in kg.entities:
            yield node, SCHEMA.containedInPlace, iris.entity(entity.part_of), None
        yield node, DG.mentionCount, _int(entity.mention_count), None
        for doc_id in entity.documents:
            yield node, DG.mentionedIn, iris.document(doc_id), doc_id


def _membership_quads(kg: KnowledgeGraph, iris: IRIs, post: Post) -> Iterator[Quad]:
    """The post as a W3C ORG membership dated by the documents that state it (graph-model.md)."""
    node = iris.membership(post.person, post.title, post.organization)
    yield node, RDF.type, ORG.Membership, None
    yield node, ORG.member, iris.entity(post.person), None
    yield node, ORG.organization, iris.entity(post.organization), None
    if post.title is not None:
        yield node, DG.post, iris.post(post.title, post.organization), None
    for evidence in post.evidence:
        document = kg.documents.get(evidence.doc_id)
        if document is not None and document.date:
            yield node, DG.date, date_literal(document.date), evidence.doc_id
        yield node, PROV.wasDerivedFrom, iris.document(evidence.doc_id), evidence.doc_id


def _post_quads(kg: KnowledgeGraph, iris: IRIs) -> Iterator[Quad]:
    for post in kg.posts.values():
        person, org = iris.entity(post.person), iris.entity(post.organization)
        yield from _membership_quads(kg, iris, post)
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


def _date_kind_quads(kg: KnowledgeGraph) -> Iterator[Quad]:
    """The dg:DateKind concepts the relations use, typed, so that a query can read their notation."""
    for kind in sorted({r.date_kind for r in kg.relations.values() if r.date and r.date_kind}):
        node = DG[f"{kind}Date"]
        yield node, RDF.type, DG.DateKind, None
        yield node, SKOS.notation, Lit(kind), None


def _contradiction_quads(kg: KnowledgeGraph, iris: IRIs) -> Iterator[Quad]:
    for claim, denial in kg.contradictions():
        a, b = iris.relation(claim), iris.relation(denial)
        yield a, DG.contradicts, b, None
        yield b, DG.contradicts, a, None


def _relation_quads(kg: KnowledgeGraph, iris: IRIs) -> Iterator[Quad]:
    yield from _concept_quads(kg)
    yield from _date_kind_quads(kg)
    yield from _contradiction_quads(kg, iris)
    for relation in kg.iter_relations():
        node = iris.relation(relation)
        source, target = iris.entity(relation.source), iris.entity(relation.target)
        if relation.modality is Modality.ASSERTED:
            shortcut = shortcut_property(relation.type)
            if shortcut is not None:
                yield source, shortcut, target, None
        if relation.date:
            yield node, DG.date, date_literal(relation.date), None
            if relation.date_kind:
                yield node, DG.dateKind, DG[f"{relation.date_kind}Date"], None
        yield node, DG.speakerCount, _int(len(relation.speakers)), None
        for doc_id in relation.documents:
            yield node, DG.supportedBy, iris.document(doc_id), doc_id
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
        yield node, DG.confidence, _confidence(relation.confidence), None
        for rule in relation.rules:
            yield node, DG.extractedBy, Lit(rule), None
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
    if format_name == "jsonld":
        return b"".join(chunk.encode("utf-8") for chunk in jsonld_chunks(items, jsonld_context(base_iri)))
    if format_name not in ("turtle", "trig"):
        return ox.serialize(items, format=fmt)
    return sort_prefix_lines(ox.serialize(items, format=fmt, prefixes=prefixes(base_iri)))


# name -> (pyoxigraph RdfFormat attribute, one named graph per document?)
OX_FORMATS: dict[str, tuple[str, bool]] = {
    "turtle": ("TURTLE", False),
    "ntriples": ("N_TRIPLES", False),
    "trig": ("TRIG", True),
    "nquads": ("N_QUADS", True),
    "jsonld": ("JSON_LD", False),  # compact JSON-LD (jsonld_chunks), read by rdflib, Oxigraph and pyld
}


def jsonld_context(base_iri: str = DEFAULT_BASE_IRI) -> dict[str, str]:
    """The JSON-LD ``@context`` of the export: the Turtle prefixes, and ``dgid:`` for entity IRIs."""
    return {**prefixes(base_iri), "dgid": IRIs(base_iri).base}


def _compactor(context: dict[str, str]) -> Any:
    """``iri -> prefix:local`` with the longest namespace of ``context`` (the IRI itself if none fits)."""
    namespaces = sorted(((iri, name) for name, iri in context.items()), key=lambda item: -len(item[0]))
    memo: dict[str, str] = {}

    def compact(iri: str) -> str:
        found = memo.get(iri)
        if found is None:
            found = iri
            for namespace, name in namespaces:
                local = iri[len(namespace):]
                if iri.startswith(namespace) and local and not local.startswith("//"):
                    found = f"{name}:{local}"
                    break
            if len(memo) < 100_000:  # the vocabulary and namespaces repeat; entity IRIs are bounded too
                memo[iri] = found
        return found

    return compact


def jsonld_chunks(triples: Iterable[Any], context: dict[str, str]) -> Iterator[str]:
    """Compact JSON-LD of ``triples`` (Oxigraph triples or quads, sorted by subject), written as it streams.

    One node object per subject, in input order, IRIs shortened by the prefixes of ``context``
    (``dg:Relation``, ``dgid:state/FRA``), ``rdf:type`` as ``@type``, literals as ``@value`` with their
    ``@type`` or ``@language``. Only one subject's properties are held at a time.
    """
    import pyoxigraph as ox

    compact = _compactor(context)
    rdf_type, xsd_string = str(RDF.type), str(XSD.string)
    yield '{"@context":' + json.dumps(context, sort_keys=True) + ',\n"@graph":['
    subject: str | None = None
    node: dict[str, Any] = {}
    separator = "\n"
    for triple in triples:
        if triple.subject.value != subject:
            if subject is not None:
                yield separator + json.dumps(node, ensure_ascii=False)
                separator = ",\n"
            subject = triple.subject.value
            node = {"@id": compact(subject)}
        predicate, obj = triple.predicate.value, triple.object
        if isinstance(obj, ox.NamedNode):
            if predicate == rdf_type:
                node.setdefault("@type", []).append(compact(obj.value))
                continue
            value: dict[str, str] = {"@id": compact(obj.value)}
        elif isinstance(obj, ox.Literal):
            value = {"@value": obj.value}
            if obj.language:
                value["@language"] = obj.language
            elif obj.datatype.value != xsd_string:
                value["@type"] = compact(obj.datatype.value)
        else:  # a blank node (the export mints none)
            value = {"@id": f"_:{obj.value}"}
        node.setdefault(compact(predicate), []).append(value)
    if subject is not None:
        yield separator + json.dumps(node, ensure_ascii=False)
    yield "\n]}\n"


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
        if format_name == "jsonld":
            for chunk in jsonld_chunks(items, jsonld_context(base_iri)):
                handle.write(chunk.encode("utf-8"))
        elif format_name not in ("turtle", "trig"):
            ox.serialize(items, handle, format=fmt)
        else:
            sorter = PrefixSorter(handle)
            ox.serialize(items, sorter, format=fmt, prefixes=prefixes(base_iri))
            sorter.close()
    return Path(path)
