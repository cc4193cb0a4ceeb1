"""The closed vocabulary and the published ontology (ontology/diplograph.ttl)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from diplograph.errors import DiplographError
from diplograph.model import EntityType, Modality
from diplograph.vocab import (
    DG,
    DG_IRI,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    concept_description,
    ontology_graph,
    superclasses,
)

SRC = Path(__file__).resolve().parents[1] / "src" / "diplograph"
# The relation types of the graph contract (graph-model.md) and their CAMEO roots.
CONTRACT_TYPES = {"alliance": "05", "arms_supply": "07", "sanctions": "16", "sanctions_relief": "08",
                  "military_cooperation": "06", "criticism": "11", "support": "05", "meeting": "04",
                  "conflict": "13", "violation": "11", "membership": None, "agreement_party": "057"}


@pytest.mark.parametrize("name", ["State", "Relation", "arms_supply", "hypothetical", "evidence", "iso3166"])
def test_declared_terms_resolve(name):
    assert DG[name] == URIRef(DG_IRI + name)
    assert getattr(DG, name) == DG[name]
    assert name in DG


@pytest.mark.parametrize("name", ["Sate", "arms-supply", "armsSupply", "relationtype", "Hypothetical", "state", ""])
def test_misspelt_terms_fail(name):
    with pytest.raises(DiplographError, match="not declared"):
        DG[name]
    assert name not in DG


def test_attribute_access_of_misspelt_term_fails():
    with pytest.raises(DiplographError):
        DG.Evidense  # noqa: B018


def _labels(node: URIRef, predicate: URIRef) -> set[str]:
    return {o.language for o in ontology_graph().objects(node, predicate) if isinstance(o, Literal)}


def _declared(kind: URIRef) -> list[URIRef]:
    return sorted(s for s in ontology_graph().subjects(RDF.type, kind) if str(s).startswith(DG_IRI))


@pytest.mark.parametrize("kind", [OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty])
def test_classes_and_properties_have_labels_and_definitions_in_english_and_french(kind):
    terms = _declared(kind)
    assert terms
    for term in terms:
        assert {"en", "fr"} <= _labels(term, RDFS.label), term
        assert {"en", "fr"} <= _labels(term, SKOS.definition), term


@pytest.mark.parametrize("entity_type", list(EntityType))
def test_every_entity_type_is_an_entity_subclass_with_a_standard_type(entity_type):
    node = DG[entity_type.value]
    assert (node, RDFS.subClassOf, DG.Entity) in ontology_graph()
    standard = superclasses(entity_type.value)
    assert standard, f"dg:{entity_type.value} has no standard superclass for users to query by"
    assert all(not str(cls).startswith(DG_IRI) for cls in standard)


@pytest.mark.parametrize(("entity_type", "expected"), [
    ("State", SCHEMA.Country), ("Person", FOAF.Person), ("Person", SCHEMA.Person),
    ("InternationalOrganization", ORG.FormalOrganization), ("GovernmentBody", ORG.Organization),
    ("MediaOutlet", SCHEMA.NewsMediaOrganization), ("City", SCHEMA.City), ("Document", SCHEMA.NewsArticle),
    ("Document", PROV.Entity),
])
def test_alignment_to_known_vocabularies(entity_type, expected):
    assert expected in superclasses(entity_type)


@pytest.mark.parametrize(("name", "cameo"), sorted(CONTRACT_TYPES.items()))
def test_relation_types_are_skos_concepts_with_notation_and_cameo(name, cameo):
    graph = ontology_graph()
    node = DG[name]
    assert (node, RDF.type, DG.RelationType) in graph
    assert (node, SKOS.inScheme, DG.RelationTypeScheme) in graph
    assert graph.value(node, SKOS.notation) == Literal(name)
    code = graph.value(node, DG.cameoCode)
    assert (None if code is None else str(code)) == cameo
    assert {"en", "fr"} <= _labels(node, SKOS.prefLabel)
    assert {"en", "fr"} <= _labels(node, SKOS.definition)


def test_relation_type_scheme_has_exactly_the_contract_types():
    graph = ontology_graph()
    top = {str(c)[len(DG_IRI):] for c in graph.objects(DG.RelationTypeScheme, SKOS.hasTopConcept)}
    assert top == set(CONTRACT_TYPES)


@pytest.mark.parametrize("modality", list(Modality))
def test_modalities_are_concepts_of_the_modality_scheme(modality):
    graph = ontology_graph()
    node = DG[modality.value]
    assert (node, RDF.type, DG.Modality) in graph
    assert (node, SKOS.inScheme, DG.ModalityScheme) in graph
    assert graph.value(node, SKOS.notation) == Literal(modality.value)
    assert {"en", "fr"} <= _labels(node, SKOS.definition)


def test_concept_description_carries_notation_and_the_standard_concept_type():
    pairs = dict(concept_description("arms_supply"))
    assert pairs[SKOS.notation] == Literal("arms_supply")
    assert (RDF.type, SKOS.Concept) in concept_description("arms_supply")
    assert (RDF.type, SKOS.Concept) in concept_description("negated")


MY_MODULES = ["sparql.py", "stores.py", "validate.py", "export/rdf.py", "export/formats.py", "export/__init__.py"]


@pytest.mark.parametrize("module", MY_MODULES)
def test_no_iri_string_literal_outside_vocab(module):
    tree = ast.parse((SRC / module).read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    literals = [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
                and isinstance(node.value, str) and id(node) not in docstrings]
    assert not [s for s in literals if s.startswith(("http://", "https://", "urn:"))]


def test_the_page_labels_are_the_ontologys_french_labels():
    from diplograph.export.html import MODALITY_LABELS, RELATION_STYLES, TYPE_STYLES

    graph = ontology_graph()

    def french(name, predicate):
        return {str(o) for o in graph.objects(DG[name], predicate) if getattr(o, "language", None) == "fr"}

    for rtype, (label, _colour) in RELATION_STYLES.items():
        if rtype != "post":  # the page's own edge for a post, not a relation type of the ontology
            assert french(rtype, SKOS.prefLabel) == {label}, rtype
    for modality, label in MODALITY_LABELS.items():
        assert french(modality.value, SKOS.prefLabel) == {label}
    for etype, style in TYPE_STYLES.items():
        assert {style[0].lower()} == {label.lower() for label in french(etype.value, RDFS.label)}, etype
