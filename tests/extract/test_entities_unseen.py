"""Entities on unseen text (issue 12 point 3): official names, historic states, organisations typed by
their head noun, missions, junk that never becomes an entity, agreements named by their content.

Every sentence is written for these tests (none comes from the seeds or the dev set).
"""

from __future__ import annotations

import pytest

from diplograph.extract.agreements import extract_agreements
from diplograph.extract.mentions import extract_mentions

pytestmark = pytest.mark.model


def _found(parse, resources, text):
    return [(m.text, m.type.value, m.key) for m in extract_mentions(parse(text), resources)]


def _keys(parse, resources, text):
    return {key for _, _, key in _found(parse, resources, text)}


@pytest.mark.parametrize(
    ("sentence", "surface", "key"),
    [
        ("Hier, la République islamique d'Iran a convoqué l'ambassadeur.", "République islamique d'Iran", "state/IRN"),
        ("Un porte-parole de la Fédération de Russie a démenti.", "Fédération de Russie", "state/RUS"),
        ("Le Royaume hachémite de Jordanie rouvre son poste-frontière.", "Royaume hachémite de Jordanie", "state/JOR"),
        # the words of the official name in another order than the gazetteer's
        ("La République démocratique fédérale d'Éthiopie a rappelé son envoyé.",
         "République démocratique fédérale d'Éthiopie", "state/ETH"),
        ("En 1905, l'Empire du Japon imposa un protectorat.", "Empire du Japon", "state/JPN"),
        ("Le Sultanat populaire de Mauritanie n'existe pas, mais la règle tient.", "Sultanat populaire de Mauritanie",
         "state/MRT"),
    ],
)
def test_official_and_state_form_names_are_the_state(parse, resources, sentence, surface, key):
    assert (surface, "State", key) in _found(parse, resources, sentence)


def test_a_name_of_its_own_is_not_a_state_form(parse, resources):
    found = _found(parse, resources, "L'État islamique d'Irak a revendiqué l'embuscade.")
    assert ("État islamique", "ArmedGroup", "org/ISIS") in found
    assert not any(text.startswith("État islamique d") for text, _, _ in found)


@pytest.mark.parametrize(
    ("sentence", "key"),
    [
        ("En 1968, les chars de l'URSS entrèrent dans Prague.", "state/SUN"),
        ("La Yougoslavie s'est disloquée au début des années 1990.", "state/YUG"),
        ("Ankara reste seule à reconnaître la République turque de Chypre du Nord.", "state/XNC"),
        ("La Tchécoslovaquie fut scindée en deux le 1er janvier 1993.", "state/CSK"),
    ],
)
def test_historic_and_unrecognised_states(parse, resources, sentence, key):
    assert key in _keys(parse, resources, sentence)


def test_groups_of_states_and_lower_case_igo_names(parse, resources):
    keys = _keys(parse, resources, "Les Vingt-Sept et le G7 attendent la réponse de l'union africaine.")
    assert {"org/EU", "org/G7", "org/AU"} <= keys


@pytest.mark.parametrize(
    ("sentence", "name", "etype"),
    [
        ("La compagnie Air Lumière a suspendu ses liaisons.", "Air Lumière", "Company"),
        ("La compagnie Flydubai a annulé ses vols vers Beyrouth.", "Flydubai", "Company"),
        ("Le groupe armé Ansar Dine a revendiqué l'embuscade.", "Ansar Dine", "ArmedGroup"),
        ("L'agence Frontex a publié ses chiffres annuels.", "Frontex", "GovernmentBody"),
        ("La Communauté des Caraïbes réunira ses membres en juillet.", "Communauté des Caraïbes",
         "InternationalOrganization"),
        ("La mission européenne d'observation au Kosovo (EUMK) poursuit ses patrouilles.", "EUMK",
         "InternationalOrganization"),
        ("L'opération Barkhane a pris fin au Sahel.", "Barkhane", "InternationalOrganization"),
    ],
)
def test_an_organisation_is_typed_by_its_head_noun(parse, resources, sentence, name, etype):
    found = {text: t for text, t, _ in _found(parse, resources, sentence)}
    assert found.get(name) == etype, found


def test_an_organisation_of_unknown_kind_is_no_government_body(parse, resources):
    found = {text: t for text, t, _ in _found(parse, resources, "Le CNRA a condamné l'attaque.")}
    assert found.get("CNRA") == "Organization", found


def test_an_acronym_in_parentheses_is_the_name_before_it(parse, resources):
    mentions = extract_mentions(parse("Les Forces armées de Valdorie (FAV) reculent. Les FAV ont perdu deux villes."),
                                resources)
    keys = {m.text: m.key for m in mentions}
    assert keys.get("FAV") == keys.get("Forces armées de Valdorie"), keys
    assert len({m.key for m in mentions if m.text == "FAV"}) == 1


@pytest.mark.parametrize(
    ("sentence", "junk"),
    [
        ("Renforcer la coopération régionale\nLe ministre a parlé.", "Renforcer"),
        ("Objet : note sur la crise.\nSujet : les visas", "Sujet"),
        ("Madame la Sénatrice, je vous remercie de votre question.", "Madame la Sénatrice"),
        ("Monsieur, votre question est légitime.", "Monsieur"),
        ("Des missiles Kalibr ont frappé le port d'Odessa.", "Kalibr"),
        ("Les Européens hésitent à livrer davantage d'obus.", "Européens"),
        ("Les Occidentaux ont durci le ton.", "Occidentaux"),
        ("Le porte-hélicoptères Tonnerre a appareillé de Toulon.", "Tonnerre"),
        ("Les débris sont tombés près de la base aérienne de Hatzor.", "Hatzor"),
    ],
)
def test_junk_never_becomes_an_entity(parse, resources, sentence, junk):
    assert junk not in {text for text, _, _ in _found(parse, resources, sentence)}


def test_indopacific_is_a_region_and_an_honorific_alone_no_person(parse, resources):
    found = _found(parse, resources, "La coopération avec l'Indopacifique reste une priorité, a dit M. Durand.")
    types = {text: t for text, t, _ in found}
    assert types.get("Indopacifique") == "Region", found
    assert "M." not in types
    assert types.get("Durand") == "Person", found


@pytest.mark.parametrize(
    ("sentence", "person"),
    [
        ("Discours de M. Paul Lemaire, ministre de l'Intérieur, devant les préfets.", "Paul Lemaire"),
        ("Il a reçu ses homologues grec (Nikos Dendias) et chypriote (Ioannis Kasoulides).", "Nikos Dendias"),
        ("Le cheikh Tamim al-Mahmoud a reçu la délégation.", "Tamim al-Mahmoud"),
        ("Le pape Léon a reçu la délégation.", "pape Léon"),
    ],
)
def test_person_names_in_headers_parentheses_and_with_titles(parse, resources, sentence, person):
    assert (person, "Person") in {(text, t) for text, t, _ in _found(parse, resources, sentence)}


def test_a_portfolio_is_no_region(parse, resources):
    found = _found(parse, resources, "Le ministre de l'Europe et des Affaires étrangères s'est rendu à Rome.")
    assert not any(t == "Region" for _, t, _ in found), found


def _agreements(parse, resources, text):
    doc = parse(text)
    return extract_agreements(doc, extract_mentions(doc, resources), resources)


def test_a_descriptive_treaty_has_its_parties(parse, resources):
    found = _agreements(parse, resources, "L'accord de cessez-le-feu entre le Tchad et le Soudan a été prolongé.")
    assert [(a.text, set(a.parties)) for a in found] == [("accord de cessez-le-feu", {"state/TCD", "state/SDN"})]


def test_a_strategic_partnership_between_two_states_is_an_agreement(parse, resources):
    found = _agreements(parse, resources, "Le partenariat stratégique entre l'Inde et le Brésil sera renforcé.")
    assert [set(a.parties) for a in found] == [{"state/IND", "state/BRA"}]


def test_a_partnership_without_parties_or_a_bare_accord_is_none(parse, resources):
    text = "Le pays a renforcé son partenariat de défense avec la Grèce. L'accord a été signé hier."
    assert _agreements(parse, resources, text) == []


def test_a_treaty_named_after_a_place_keeps_its_year_and_a_resolution_its_issuer(parse, resources):
    found = _agreements(parse, resources, "Le traité de Nerchinsk de 1689 fixa la frontière. La résolution 1701 (2006) "
                                          "du Conseil de sécurité appelle au retrait.")
    assert [a.text for a in found] == ["traité de Nerchinsk de 1689",
                                       "résolution 1701 (2006) du Conseil de sécurité"]
    assert found[1].number == "1701"


@pytest.mark.parametrize(
    ("sentence", "place", "etype"),
    [
        ("Les pluies ont inondé la Vendéonie pendant trois jours.", "Vendéonie", "Region"),
        ("La délégation est arrivée à Zeltvik dans la nuit.", "Zeltvik", "City"),
    ],
)
def test_an_unknown_place_with_an_article_is_a_region(parse, resources, sentence, place, etype):
    found = {text: t for text, t, _ in _found(parse, resources, sentence)}
    assert found.get(place) == etype, found
