"""The breadth of the trigger lexicon and the modality cues, on sentences written for these tests.

One or more sentences per relation type for the triggers the CAMEO checklist added (support-verb
constructions, nominalisations, locutions), sentences that name two states near an ordinary verb and must
give nothing, and one sentence per modality cue (purpose, « sans », denial under a negation, continuation,
« mettre fin à », prevention, necessity, calls). ``expected`` is a set of ``(type, source, target, modality)``;
a target ending in ``*`` matches any key with that prefix (agreement keys are built by the agreement resolver).
"""

from __future__ import annotations

import pytest

from diplograph.graph import SYMMETRIC_TYPES
from diplograph.settings import DEFAULT_MIN_CONFIDENCE

A, R, H, N = "asserted", "reported", "hypothetical", "negated"

TRIGGERS: list[tuple[str, set[tuple[str, str, str, str]]]] = [
    # alliance (CAMEO 062)
    ("Le Burkina Faso s'est coalisé avec le Mali contre les jihadistes.", {("alliance", "state/BFA", "state/MLI", A)}),
    ("Le Niger est devenu un allié de la Russie.", {("alliance", "state/NER", "state/RUS", A)}),
    # arms supply (072)
    ("La Corée du Nord a acheminé des obus à la Russie.", {("arms_supply", "state/PRK", "state/RUS", A)}),
    ("La Serbie est le principal fournisseur d'armes de la Hongrie.", {("arms_supply", "state/SRB", "state/HUN", A)}),
    # sanctions (163, 172): customs duties, blacklists
    ("L'Australie a imposé des droits de douane punitifs sur les importations chinoises.",
     {("sanctions", "state/AUS", "state/CHN", A)}),
    ("Washington a placé la Syrie sur la liste noire des États soutenant le terrorisme.",
     {("sanctions", "state/USA", "state/SYR", A)}),
    ("Le Canada réclame de nouvelles sanctions contre la Russie.", {("sanctions", "state/CAN", "state/RUS", H)}),
    # sanctions relief (081, 085)
    ("Le Royaume-Uni a annulé les sanctions contre la Libye.", {("sanctions_relief", "state/GBR", "state/LBY", A)}),
    ("Washington a retiré la Corée du Nord de la liste des États soutenant le terrorisme.",
     {("sanctions_relief", "state/USA", "state/PRK", A)}),
    # military cooperation (062)
    ("Le Kenya et l'Ouganda ont mené des opérations conjointes contre les Shebab.",
     {("military_cooperation", "state/KEN", "state/UGA", A)}),
    ("La Belgique a renforcé les capacités militaires du Bénin.", {("military_cooperation", "state/BEL", "state/BEN", A)}),
    # criticism (111, 112, 114)
    ("L'Ukraine s'est insurgée contre la Hongrie.", {("criticism", "state/UKR", "state/HUN", A)}),
    ("La Pologne a convoqué l'ambassadeur de Biélorussie.", {("criticism", "state/POL", "state/BLR", A)}),
    ("La Cour internationale de justice a donné tort à la Colombie.", {("criticism", "org/ICJ", "state/COL", A)}),
    ("L'Algérie a rappelé son ambassadeur en France.", {("criticism", "state/DZA", "state/FRA", A)}),
    ("L'Union européenne a mis en garde la Serbie.", {("criticism", "org/EU", "state/SRB", A)}),
    # support (051, 054, 071)
    ("Le Chili se range aux côtés de l'Argentine.", {("support", "state/CHL", "state/ARG", A)}),
    ("La Hongrie s'est rangée du côté de la Russie.", {("support", "state/HUN", "state/RUS", A)}),
    ("La France se tient aux côtés du peuple ukrainien.", {("support", "state/FRA", "state/UKR", A)}),
    ("La Norvège a accordé un prêt de deux milliards d'euros à l'Ukraine.", {("support", "state/NOR", "state/UKR", A)}),
    ("L'Espagne veut préserver l'intégrité territoriale de l'Ukraine.", {("support", "state/ESP", "state/UKR", H)}),
    # meeting (041, 042)
    ("Le président kényan William Ruto a eu une conversation téléphonique avec Hassan Cheikh Mohamoud.",
     {("meeting", "person/william-ruto", "person/hassan-cheikh-mohamoud", A)}),
    ("Le ministre grec Nikos Dendias a effectué un déplacement en Turquie.",
     {("meeting", "person/nikos-dendias", "state/TUR", A)}),
    # conflict (13, 190-195)
    ("Les forces azerbaïdjanaises ont abattu un drone arménien.", {("conflict", "state/AZE", "state/ARM", A)}),
    ("L'armée syrienne a tiré sur des positions turques.", {("conflict", "state/SYR", "state/TUR", A)}),
    ("La Russie a lancé des missiles de croisière sur l'Ukraine.", {("conflict", "state/RUS", "state/UKR", A)}),
    ("Le Venezuela a violé la souveraineté du Guyana.", {("conflict", "state/VEN", "state/GUY", A)}),
    ("La Chine porte atteinte à la souveraineté des Philippines.", {("conflict", "state/CHN", "state/PHL", A)}),
    ("Le Hamas représente une menace pour l'Égypte.", {("conflict", "org/HAMAS", "state/EGY", A)}),
    # violation (196)
    ("La conquête de l'Éthiopie par l'Italie a commencé en 1935.", {("conflict", "state/ITA", "state/ETH", A)}),
    ("L'invasion du Koweït par l'Irak a déclenché la guerre du Golfe.", {("conflict", "state/IRQ", "state/KWT", A)}),
    ("Le Hamas a perpétré un attentat contre Israël.", {("conflict", "org/HAMAS", "state/ISR", A)}),
    ("La Russie a commis une violation de l'accord de cessez-le-feu.", {("violation", "state/RUS", "agreement/*", A)}),
    # membership (05)
    ("La Suède fait partie de l'OTAN.", {("membership", "state/SWE", "org/NATO", A)}),
    # agreement party (057)
    ("Le Maroc et Israël ont entériné l'accord de normalisation.",
     {("agreement_party", "state/MAR", "agreement/*", A), ("agreement_party", "state/ISR", "agreement/*", A)}),
    # two states near an ordinary verb: no relation
    ("Le Portugal a exporté du vin au Brésil.", set()),
    ("Le Mexique a imposé des droits de douane sur l'acier.", set()),
    ("La Grèce a fait une déclaration sur la Turquie.", set()),
    ("La Chine a apporté des chaises à l'Éthiopie.", set()),
    ("Le Japon représente un marché important pour l'Inde.", set()),
    ("L'Inde a tiré les leçons de la crise avec le Pakistan.", set()),
]

MODALITY: list[tuple[str, set[tuple[str, str, str, str]]]] = [
    # denial under its own negation: « ne dément pas » leaves it open
    ("Israël ne dément pas avoir frappé l'Iran.", {("conflict", "state/ISR", "state/IRN", H)}),
    ("Pékin dément avoir livré des armes à Moscou.", {("arms_supply", "state/CHN", "state/RUS", N)}),
    ("L'Iran a démenti toute livraison de missiles à la Russie.", {("arms_supply", "state/IRN", "state/RUS", N)}),
    # what is strengthened holds already, whatever is wished about it
    ("Paris souhaite renforcer son soutien à l'Ukraine.", {("support", "state/FRA", "state/UKR", A)}),
    ("La Russie veut renforcer sa coopération militaire avec l'Iran.",
     {("military_cooperation", "state/IRN", "state/RUS", A)}),
    # what is ended, broken off or prevented does not hold
    ("L'Égypte a mis fin à son soutien au Hamas.", {("support", "state/EGY", "org/HAMAS", N)}),
    ("Paris a mis un terme à sa coopération militaire avec Bamako.",
     {("military_cooperation", "state/FRA", "state/MLI", N)}),
    ("Le Niger a rompu sa coopération militaire avec la France afin de se rapprocher de la Russie.",
     {("military_cooperation", "state/FRA", "state/NER", N)}),
    ("Les États-Unis ont empêché la Chine d'envahir Taïwan.", {("conflict", "state/CHN", "state/TWN", N)}),
    ("L'occupation du Liban par la Syrie a pris fin.", {("conflict", "state/SYR", "state/LBN", N)}),
    ("La visite de Xi Jinping en Serbie a mis fin aux rumeurs.",
     {("meeting", "person/xi-jinping", "state/SRB", A)}),
    ("Le Brésil a refusé de condamner la Russie.", {("criticism", "state/BRA", "state/RUS", N)}),
    # « sans » clause
    ("La Chine a attaqué Taïwan sans consulter la Russie.",
     {("conflict", "state/CHN", "state/TWN", A), ("meeting", "state/CHN", "state/RUS", N)}),
    # purpose: hypothetical, unless a past errand or a cause (past infinitive)
    ("Emmanuel Macron se tient disponible pour échanger avec Xi Jinping.",
     {("meeting", "person/emmanuel-macron", "person/xi-jinping", H)}),
    ("Le Japon enverra un émissaire en vue de négocier avec la Chine.", {("meeting", "state/JPN", "state/CHN", H)}),
    ("La France a dépêché un émissaire à Téhéran pour rencontrer Ebrahim Raïssi.",
     {("meeting", "state/FRA", "person/ebrahim-raissi", A)}),
    ("Le Qatar a remercié l'Égypte pour avoir accueilli les négociations.", {("support", "state/QAT", "state/EGY", A)}),
    # necessity and demands
    ("Il est nécessaire que la France soutienne le Liban.", {("support", "state/FRA", "state/LBN", H)}),
    ("L'Ukraine exige que l'Allemagne fournisse des chars à Kiev.", {("arms_supply", "state/DEU", "state/UKR", H)}),
    # an application is no membership yet
    ("La candidature de la Moldavie à l'Union européenne a été déposée.", {("membership", "state/MDA", "org/EU", H)}),
    # reported: « selon », « d'après », the past conditional, a claim
    ("Selon l'Inde, le Pakistan a bombardé des villages indiens.", {("conflict", "state/PAK", "state/IND", R)}),
    ("D'après Washington, la Chine aurait fourni des armes à la Russie.", {("arms_supply", "state/CHN", "state/RUS", R)}),
    ("L'Inde revendique la destruction d'un char pakistanais.", {("conflict", "state/IND", "state/PAK", R)}),
]

Quad = tuple[str, str, str, str]


def _norm(quad: Quad) -> Quad:
    rtype, source, target, modality = quad
    if rtype in SYMMETRIC_TYPES and target < source:
        source, target = target, source
    return (rtype, source, target, modality)


def _matches(expected: Quad, got: Quad) -> bool:
    target = expected[2]
    same_target = got[2] == target or (target.endswith("*") and got[2].startswith(target[:-1]))
    return got[0] == expected[0] and got[1] == expected[1] and got[3] == expected[3] and same_target


@pytest.mark.parametrize(("sentence", "expected"), [pytest.param(s, e, id=s[:60]) for s, e in TRIGGERS + MODALITY])
def test_lexicon_sentence(extract_text, sentence, expected):
    got = {_norm((r.type, r.source, r.target, r.modality.value)) for r in extract_text(sentence).relations
           if r.confidence >= DEFAULT_MIN_CONFIDENCE}
    expected = {_norm(q) for q in expected}
    missing = [e for e in expected if not any(_matches(e, g) for g in got)]
    invented = [g for g in got if not any(_matches(e, g) for e in expected)]
    assert not missing and not invented, f"missing {missing}, invented {invented}"


def test_every_trigger_states_its_cameo_codes(resources):
    from diplograph.extract.triggers import relation_lexicon

    lex = relation_lexicon(resources)
    triggers = [t for ts in lex.triggers.values() for t in ts]
    assert triggers
    missing = [t.notation for t in triggers if not t.cameo]
    assert not missing, missing
    # CAMEO codes are two to four digits, their root 01-20
    bad = [(t.notation, c) for t in triggers for c in t.cameo
           if not (c.isdigit() and 2 <= len(c) <= 4 and 1 <= int(c[:2]) <= 20)]
    assert not bad, bad


def test_table_covers_every_relation_type_and_modality():
    from diplograph.vocab import relation_types

    assert {q[0] for _s, e in TRIGGERS for q in e} == set(relation_types())
    assert {q[3] for _s, e in MODALITY for q in e} == {A, R, H, N}
    assert any(not e for _s, e in TRIGGERS)  # negative cases too
