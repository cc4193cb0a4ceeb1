"""Within a document, one entity per real-world thing; across documents, one resource."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def test_coref_short_names_join_the_full_name(extract_text):
    result = extract_text("Emmanuel Macron est arrivé à Dakar. Macron a salué la coopération. "
                          "M. Macron repartira demain.")
    persons = [e for e in result.entities if e.type.value == "Person"]
    assert [p.label for p in persons] == ["Emmanuel Macron"]
    assert set(persons[0].aliases) >= {"Macron"} and persons[0].mention_count == 3


def test_coref_east_asian_family_name_first(extract_text):
    result = extract_text("Xi Jinping a reçu le chancelier. Xi a insisté sur le commerce.")
    assert [e.label for e in result.entities if e.type.value == "Person"] == ["Xi Jinping"]


def test_coref_two_people_sharing_a_surname_stay_apart(extract_text):
    result = extract_text("Joe Biden et Hunter Biden sont arrivés ensemble.")
    assert sorted(e.label for e in result.entities if e.type.value == "Person") == ["Hunter Biden", "Joe Biden"]


def test_coref_agreements_with_the_same_parties_are_one(extract_text):
    result = extract_text("L'accord de libre-échange entre le Canada et le Mexique a été prolongé. "
                          "L'accord canado-mexicain couvre l'automobile.")
    agreements = [e for e in result.entities if e.type.value == "Agreement"]
    assert len(agreements) == 1, agreements
    assert agreements[0].key == "agreement/CAN-MEX"


def test_coref_across_documents_one_resource_with_all_surface_forms(build_texts):
    kg = build_texts(["Le Premier ministre indien Narendra Modi a visité Tokyo. New Delhi salue l'accord.",
                      "Modi a rencontré les investisseurs. Le gouvernement indien confirme."])
    india = kg.entities["state/IND"]
    assert len(india.documents) == 2
    assert {"New Delhi", "indien"} <= set(india.aliases) | {india.label}
    modi = [e for e in kg.entities.values() if e.type.value == "Person"]
    assert [m.label for m in modi] == ["Narendra Modi"] and len(modi[0].documents) == 2
