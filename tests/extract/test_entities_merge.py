"""Across documents: a surname alone joins the only full name that ends with it (no model needed)."""

from __future__ import annotations

from diplograph.model import Entity, EntityType
from diplograph.resolve import person_surname_keys


def _person(key, label):
    return Entity(key, label, EntityType.PERSON)


def test_a_surname_joins_the_only_full_name_across_documents():
    entities = {e.key: e for e in (_person("person/poutine", "Poutine"),
                                   _person("person/vladimir-poutine", "Vladimir Poutine"))}
    assert person_surname_keys(entities) == {"person/poutine": "person/vladimir-poutine"}


def test_an_ambiguous_surname_joins_no_one():
    entities = {e.key: e for e in (_person("person/martin", "Martin"), _person("person/paul-martin", "Paul Martin"),
                                   _person("person/claire-martin", "Claire Martin"))}
    assert person_surname_keys(entities) == {}


def test_a_one_word_organisation_of_unknown_kind_that_is_a_surname_joins_the_person():
    entities = {"org/lemaire": Entity("org/lemaire", "Lemaire", EntityType.ORGANIZATION),
                "org/otan": Entity("org/otan", "OTAN", EntityType.ORGANIZATION),
                "person/paul-lemaire": _person("person/paul-lemaire", "Paul Lemaire"),
                "person/jean-otan": _person("person/jean-otan", "Jean Otan")}
    assert person_surname_keys(entities) == {"org/lemaire": "person/paul-lemaire"}  # an acronym is no surname


def test_a_government_body_is_never_taken_for_a_surname():
    entities = {"org/lemaire": Entity("org/lemaire", "Lemaire", EntityType.GOVERNMENT_BODY),
                "person/paul-lemaire": _person("person/paul-lemaire", "Paul Lemaire")}
    assert person_surname_keys(entities) == {}
