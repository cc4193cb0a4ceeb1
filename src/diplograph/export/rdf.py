"""The RDF export of graph-model.md: entities, documents, posts (W3C ORG), n-ary relations with evidence.

IRIs are derived from canonical keys and content hashes, never from counters, so two builds of
the same input are isomorphic (and, with sorted Turtle, identical).
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef

from diplograph.export._atomic import atomic_write
from diplograph.graph import KnowledgeGraph
from diplograph.model import Evidence, Relation, short_hash
from diplograph.settings import DEFAULT_BASE_IRI
from diplograph.vocab import DG, DG_IRI, FOAF, OA, ORG, PROV, RDF, RDFS, SCHEMA, SKOS, XSD, cameo_code, superclasses

PREFIXES = {"dg": DG_IRI, "skos": str(SKOS), "org": str(ORG), "prov": str(PROV), "oa": str(OA),
            "schema": str(SCHEMA), "foaf": str(FOAF)}


class IRIs:
    """Mints the IRIs of one export under ``base``."""

    def __init__(self, base: str = DEFAULT_BASE_IRI) -> None:
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def entity(self, key: str) -> URIRef:
        return URIRef(self.base + key)

    def document(self, doc_id: str) -> URIRef:
        return URIRef(f"{self.base}doc/{doc_id}")

    def relation(self, relation: Relation) -> URIRef:
        return URIRef(f"{self.base}relation/{short_hash(*relation.merge_key)}")

    def evidence(self, relation: Relation, evidence: Evidence) -> URIRef:
        return URIRef(f"{self.base}evidence/{short_hash(*relation.merge_key, evidence.doc_id, evidence.start, evidence.end)}")

    def post(self, title: str, organization: str) -> URIRef:
        return URIRef(f"{self.base}post/{short_hash(title, organization)}")


def _add_evidence(g: Graph, iris: IRIs, relation: Relation, evidence: Evidence) -> URIRef:
    node = iris.evidence(relation, evidence)
    doc = iris.document(evidence.doc_id)
    g.add((node, RDF.type, DG.Evidence))
    g.add((node, DG.text, Literal(evidence.text)))
    g.add((node, DG.document, doc))
    g.add((node, DG.start, Literal(evidence.start)))
    g.add((node, DG.end, Literal(evidence.end)))
    g.add((node, PROV.wasDerivedFrom, doc))
    g.add((node, OA.hasSource, doc))
    if evidence.speaker:
        g.add((node, DG.attributedTo, iris.entity(evidence.speaker)))
    quote, position = URIRef(f"{node}#quote"), URIRef(f"{node}#position")
    g.add((node, OA.hasSelector, quote))
    g.add((quote, RDF.type, OA.TextQuoteSelector))
    g.add((quote, OA.exact, Literal(evidence.text)))
    g.add((node, OA.hasSelector, position))
    g.add((position, RDF.type, OA.TextPositionSelector))
    g.add((position, OA.start, Literal(evidence.start)))
    g.add((position, OA.end, Literal(evidence.end)))
    return node


def to_rdf(kg: KnowledgeGraph, base_iri: str = DEFAULT_BASE_IRI) -> Graph:
    """The graph as rdflib triples, following the graph contract."""
    iris = IRIs(base_iri)
    g = Graph()
    for prefix, namespace in PREFIXES.items():
        g.bind(prefix, namespace)
    g.bind("id", iris.base)
    for doc in kg.documents.values():
        node = iris.document(doc.id)
        g.add((node, RDF.type, DG.Document))
        for cls in superclasses("Document"):
            g.add((node, RDF.type, cls))
        g.add((node, DG.fileName, Literal(doc.file_name)))
        g.add((node, DG.contentHash, Literal(doc.content_hash)))
        if doc.title:
            g.add((node, DG.title, Literal(doc.title)))
        if doc.url:
            g.add((node, DG.url, Literal(doc.url, datatype=XSD.anyURI)))
        if doc.date:
            g.add((node, DG.date, Literal(doc.date)))
    for entity in kg.entities.values():
        node = iris.entity(entity.key)
        g.add((node, RDF.type, DG[entity.type.value]))
        for cls in superclasses(entity.type.value):
            g.add((node, RDF.type, cls))
        g.add((node, RDFS.label, Literal(entity.label)))
        for alias in entity.aliases:
            g.add((node, SKOS.altLabel, Literal(alias)))
        if entity.iso3:
            g.add((node, DG.iso3166, Literal(entity.iso3)))
        if entity.part_of and entity.part_of in kg.entities:
            g.add((node, SCHEMA.containedInPlace, iris.entity(entity.part_of)))
        g.add((node, DG.mentionCount, Literal(entity.mention_count)))
        for doc_id in entity.documents:
            g.add((node, DG.mentionedIn, iris.document(doc_id)))
    for post in kg.posts.values():
        person, org = iris.entity(post.person), iris.entity(post.organization)
        if post.title is None:
            g.add((person, ORG.memberOf, org))
            continue
        node = iris.post(post.title, post.organization)
        g.add((node, RDF.type, ORG.Post))
        g.add((node, RDFS.label, Literal(post.title)))
        g.add((node, ORG.postIn, org))
        g.add((person, ORG.holds, node))
        g.add((node, ORG.heldBy, person))
        for evidence in post.evidence:
            g.add((node, PROV.wasDerivedFrom, iris.document(evidence.doc_id)))
    for relation in kg.iter_relations():
        node = iris.relation(relation)
        g.add((node, RDF.type, DG.Relation))
        g.add((node, DG.relationType, DG[relation.type]))
        g.add((node, DG.source, iris.entity(relation.source)))
        g.add((node, DG.target, iris.entity(relation.target)))
        g.add((node, DG.modality, DG[relation.modality.value]))
        code = cameo_code(relation.type)
        if code:
            g.add((node, DG.cameoCode, Literal(code)))
        for speaker in relation.attributed_to:
            g.add((node, DG.attributedTo, iris.entity(speaker)))
        g.add((node, DG.documentCount, Literal(len(relation.documents))))
        g.add((node, DG.evidenceCount, Literal(len(relation.evidence))))
        for evidence in relation.evidence:
            g.add((node, DG.evidence, _add_evidence(g, iris, relation, evidence)))
    return g


def write_turtle(kg: KnowledgeGraph, path: str | Path, base_iri: str = DEFAULT_BASE_IRI) -> Path:
    """Write the Turtle export atomically; returns the path written."""
    data = to_rdf(kg, base_iri).serialize(format="turtle")
    with atomic_write(path) as handle:
        handle.write(data)
    return Path(path)
