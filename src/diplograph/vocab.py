"""The closed vocabulary: every IRI diplograph writes comes from here.

``dg:`` terms are read from ``ontology/diplograph.ttl``; asking for a term the ontology does not
declare raises, so a misspelt term fails at once instead of reaching an export.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import FOAF, ORG, PROV, SDO

from diplograph.errors import DiplographError

DG_IRI = "https://w3id.org/diplograph/ontology#"
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = SDO
WIKIDATA = Namespace("http://www.wikidata.org/entity/")
ONTOLOGY_GRAPH = URIRef("urn:x-diplograph:ontology")  # where the validator loads the ontology beside an export

__all__ = ["DG", "FOAF", "OA", "ONTOLOGY_GRAPH", "ORG", "OWL", "PROV", "RDF", "RDFS", "SCHEMA", "SKOS", "WIKIDATA",
           "XSD",
           "RelationType", "ontology_dir", "ontology_graph", "pref_label", "relation_types", "superclasses",
           "symmetric_relation_types"]


def ontology_dir() -> Path:
    """The folder of ``diplograph.ttl`` and ``shapes.ttl`` (packaged, or the source tree's)."""
    packaged = Path(str(importlib_resources.files("diplograph") / "ontology"))
    if (packaged / "diplograph.ttl").is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "ontology"


@cache
def ontology_graph() -> Graph:
    """The parsed ontology (loaded once)."""
    path = ontology_dir() / "diplograph.ttl"
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except (OSError, SyntaxError, ValueError) as exc:
        raise DiplographError(f"{path}: cannot load the ontology: {exc}") from None
    return graph


class _ClosedNamespace:
    """``DG.State`` / ``DG["arms_supply"]``: only terms the ontology declares."""

    def __init__(self, base: str) -> None:
        self._base = base
        self._known: dict[str, URIRef] = {}

    @property
    def terms(self) -> frozenset[str]:
        return _declared(self._base)

    def __getitem__(self, name: str) -> URIRef:
        known = self._known.get(name)
        if known is not None:
            return known
        if name not in self.terms:
            raise DiplographError(f"ontology/diplograph.ttl: term dg:{name} is not declared")
        return self._known.setdefault(name, URIRef(self._base + name))

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("_"):
            raise AttributeError(name)
        return self[name]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self.terms

    def __str__(self) -> str:
        return self._base


@cache
def _declared(base: str) -> frozenset[str]:
    graph = ontology_graph()
    return frozenset(str(s)[len(base):] for s in graph.subjects(RDF.type, None)
                     if isinstance(s, URIRef) and str(s).startswith(base))


DG = _ClosedNamespace(DG_IRI)


@cache
def superclasses(class_name: str) -> tuple[URIRef, ...]:
    """Standard (non-dg) superclasses of ``dg:<class_name>``, written into exports for users who query by them."""
    graph = ontology_graph()
    seen: list[URIRef] = []
    todo = [DG[class_name]]
    while todo:
        current = todo.pop()
        for parent in graph.objects(current, RDFS.subClassOf):
            if isinstance(parent, URIRef) and parent not in seen:
                seen.append(parent)
                todo.append(parent)
    return tuple(sorted(p for p in seen if not str(p).startswith(DG_IRI)))


@cache
def concept_description(name: str) -> tuple[tuple[URIRef, Any], ...]:
    """What an export says about a relation type or modality ``dg:<name>``, copied from the ontology.

    Its classes (with the standard ``skos:Concept``), ``skos:notation``, ``skos:prefLabel``s, scheme and
    CAMEO code: so that ``?r dg:modality/skos:notation "hypothetical"`` works on the export alone.
    """
    graph = ontology_graph()
    node = DG[name]
    keep = (RDF.type, SKOS.notation, SKOS.prefLabel, SKOS.inScheme, DG.cameoCode)
    pairs = {(p, o) for p in keep for o in graph.objects(node, p)}
    for cls in list(graph.objects(node, RDF.type)):
        pairs.update((RDF.type, parent) for parent in graph.objects(cls, RDFS.subClassOf))
    return tuple(sorted(pairs))


@cache
def cameo_code(relation_type: str) -> str | None:
    """CAMEO code of a relation type, from the ontology."""
    value = ontology_graph().value(DG[relation_type], DG.cameoCode)
    return str(value) if value is not None and str(value) else None


@cache
def shortcut_property(relation_type: str) -> URIRef | None:
    """The sub-property of ``dg:relatedTo`` of a relation type (its ``dg:shortcut`` in the ontology), if any."""
    value = ontology_graph().value(DG[relation_type], DG.shortcut)
    return value if isinstance(value, URIRef) else None


@dataclass(frozen=True)
class RelationType:
    """What the ontology says of one relation type: its labels, whether it is symmetric, its CAMEO code."""

    name: str
    labels: tuple[tuple[str, str], ...]  # (language, skos:prefLabel)
    symmetric: bool
    cameo: str | None

    def label(self, language: str = "fr") -> str:
        """The ``skos:prefLabel`` in ``language`` (the name when there is none)."""
        return dict(self.labels).get(language, self.name)


@cache
def relation_types() -> dict[str, RelationType]:
    """Every ``dg:RelationType`` of the ontology by its name (``skos:notation``)."""
    graph = ontology_graph()
    found = {}
    for node in graph.subjects(RDF.type, DG.RelationType):
        if not isinstance(node, URIRef) or not str(node).startswith(DG_IRI):
            continue
        name = str(node)[len(DG_IRI):]
        labels = tuple(sorted((label.language or "", str(label)) for label in graph.objects(node, SKOS.prefLabel)
                              if isinstance(label, Literal)))
        symmetric = graph.value(node, DG.symmetric)
        found[name] = RelationType(name, labels, bool(symmetric is not None and symmetric.toPython() is True),
                                   cameo_code(name))
    return dict(sorted(found.items()))


def symmetric_relation_types() -> frozenset[str]:
    """The relation types whose source and target can be swapped (``dg:symmetric true``)."""
    return frozenset(name for name, info in relation_types().items() if info.symmetric)


@cache
def pref_label(name: str, language: str = "fr") -> str:
    """The ``skos:prefLabel`` (a concept: relation type, modality) or ``rdfs:label`` (a class) of ``dg:<name>``."""
    graph = ontology_graph()
    for predicate in (SKOS.prefLabel, RDFS.label):
        for label in graph.objects(DG[name], predicate):
            if isinstance(label, Literal) and label.language == language:
                return str(label)
    return name
