"""Entity mentions on real sentences (not from the seeds): typing, canonical keys, junk dropped."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diplograph.extract.mentions import _COMPOUND, _compounds, extract_mentions

pytestmark = pytest.mark.model


def _mentions(parse, resources, text):
    return [(m.text, m.type.value, m.key) for m in extract_mentions(parse(text), resources)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Téhéran a rejeté les accusations de l'AIEA.",
         [("Téhéran", "State", "state/IRN"), ("AIEA", "InternationalOrganization", "org/IAEA")]),
        ("Le gouvernement malien a expulsé l'ambassadeur de France.",
         [("malien", "State", "state/MLI"), ("France", "State", "state/FRA")]),
        ("La Maison-Blanche a salué la décision de Berlin.",
         [("Maison-Blanche", "State", "state/USA"), ("Berlin", "State", "state/DEU")]),
        ("Ankara et Athènes ont repris leurs discussions.",
         [("Ankara", "State", "state/TUR"), ("Athènes", "State", "state/GRC")]),
        ("Les troupes israéliennes sont entrées dans la bande de Gaza.",
         [("israéliennes", "State", "state/ISR")]),
    ],
)
def test_mentions_states_by_name_demonym_capital_and_seat(parse, resources, sentence, expected):
    found = _mentions(parse, resources, sentence)
    for item in expected:
        assert item in found, found


@pytest.mark.parametrize(
    ("sentence", "capital", "etype"),
    [
        ("Le ministre s'est rendu à Nairobi pour un sommet régional.", "Nairobi", "City"),
        ("Des manifestations ont éclaté dans Kaboul après l'annonce.", "Kaboul", "City"),
        ("Les pourparlers se sont tenus à Doha pendant trois jours.", "Doha", "City"),
        ("Nairobi a démenti toute implication.", "Nairobi", "State"),
        ("Les États-Unis ont annoncé une vente d'armes à Varsovie.", "Varsovie", "State"),
        ("L'axe Téhéran-Damas inquiète les chancelleries.", "Téhéran", "State"),
        ("Des combats ont éclaté à Tripoli dans la nuit.", "Tripoli", "City"),
        ("Les habitants des quartiers de Kaboul manquent d'eau.", "Kaboul", "City"),
        ("La France a livré des blindés à Kiev.", "Kiev", "State"),
        ("Les initiatives de Caracas inquiètent ses voisins.", "Caracas", "State"),
    ],
)
def test_mentions_capital_as_place_or_as_state(parse, resources, sentence, capital, etype):
    found = {text: t for text, t, _ in _mentions(parse, resources, sentence)}
    assert found.get(capital) == etype, found


@pytest.mark.parametrize(
    ("sentence", "keys"),
    [
        ("Le rapprochement sino-iranien préoccupe Washington.", {"state/CHN", "state/IRN", "state/USA"}),
        ("Un sommet franco-allemand se tiendra en mai.", {"state/FRA", "state/DEU"}),
        ("Le front américano-britannique s'est fissuré.", {"state/USA", "state/GBR"}),
    ],
)
def test_mentions_compound_adjectives_name_each_state(parse, resources, sentence, keys):
    found = {key for _, _, key in _mentions(parse, resources, sentence)}
    assert keys <= found, found


@pytest.mark.parametrize(
    ("sentence", "name", "etype"),
    [
        ("Selon Reuters, la frappe a visé un dépôt de carburant.", "Reuters", "MediaOutlet"),
        ("Le groupe Wagner a quitté la République centrafricaine.", "groupe Wagner", "ArmedGroup"),
        ("L'Institut international d'études stratégiques publie son rapport annuel.",
         "Institut international d'études stratégiques", "ThinkTank"),
        ("La chercheuse Maria Lopez a témoigné devant le Sénat.", "Maria Lopez", "Person"),
        ("Le Conseil de sécurité de l'ONU se réunira jeudi.", "Conseil de sécurité de l'ONU", "InternationalOrganization"),
    ],
)
def test_mentions_organisations_and_people_are_typed(parse, resources, sentence, name, etype):
    found = {text: t for text, t, _ in _mentions(parse, resources, sentence)}
    assert found.get(name) == etype, found


@pytest.mark.parametrize(
    ("text", "junk"),
    [
        ("ActualitésMonde\n\nLe Kenya a fermé sa frontière.", "ActualitésMonde"),
        ("Le Kenya a fermé sa frontière.\n\n© Agence Exemple – Tous droits réservés Jean Dupont", "Jean Dupont"),
        ("Les missiles de croisière à longue portée (SCALP) ont été livrés.", "SCALP"),
        ("Par Julie Marchand, envoyée spéciale\n\nLe Kenya a fermé sa frontière.", "Julie Marchand"),
    ],
)
def test_mentions_page_chrome_and_bylines_are_dropped(parse, resources, text, junk):
    found = [t for t, _, _ in _mentions(parse, resources, text)]
    assert junk not in found and all(not t.endswith(("’", "'")) for t in found), found


def test_mentions_a_line_starting_like_a_byline_is_not_one(parse, resources):
    found = [t for t, _, _ in _mentions(parse, resources, "Paris n'exclut pas une médiation avec Kigali.")]
    assert "Paris" in found and "Kigali" in found


def test_mentions_offsets_index_the_original_text(parse, resources):
    text = "L’Égypte et l’Éthiopie s’opposent sur le barrage."
    for mention in extract_mentions(parse(text), resources):
        assert text[mention.start : mention.end] == mention.text


def test_mentions_lowercase_capital_word_is_not_a_state(parse, resources):
    found = _mentions(parse, resources, "Le prix du sucre a doublé à Lima.")
    assert all(key != "state/BOL" for _, _, key in found), found


@pytest.mark.parametrize(
    ("sentence", "name", "key"),
    [
        ("Le ministère turc de la Défense a publié un communiqué.", "ministère turc de la Défense",
         "org/ministere-de-la-defense-TUR"),
        ("Le ministère des Affaires étrangères égyptien a convoqué l'ambassadeur.", "ministère des Affaires étrangères",
         "org/ministere-des-affaires-etrangeres-EGY"),
    ],
)
def test_mentions_government_bodies_by_portfolio(parse, resources, sentence, name, key):
    assert (name, "GovernmentBody", key) in _mentions(parse, resources, sentence)


def test_mentions_body_without_state_is_scoped_to_its_document(extract_text):
    result = extract_text("Le ministère de l'Intérieur a confirmé l'arrestation.")
    body = next(e for e in result.entities if e.type.value == "GovernmentBody")
    assert body.key.startswith("org/ministere-de-l-interieur-") and body.key != "org/ministere-de-l-interieur"


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Le général Abdel Fattah al-Burhane a rejeté la trêve.", "Abdel Fattah al-Burhane"),
        ("Les troupes du colonel Mamadi Doumbouya ont pris le palais.", "Mamadi Doumbouya"),
    ],
)
def test_mentions_names_introduced_by_a_title(extract_text, sentence, name):
    assert name in [e.label for e in extract_text(sentence).entities if e.type.value == "Person"]


@pytest.mark.parametrize(
    ("sentence", "name", "etype"),
    [
        ("Les négociations ont repris au Caire mardi.", "Le Caire", "City"),
        ("Le ministre est attendu à Tel-Aviv jeudi.", "Tel-Aviv", "City"),
        ("L'agence de l'ONU pour les réfugiés a alerté sur la famine.", "ONU", "InternationalOrganization"),
    ],
)
def test_mentions_ner_spans_trimmed_to_the_name(extract_text, sentence, name, etype):
    found = {e.label: e.type.value for e in extract_text(sentence).entities}
    assert found.get(name) == etype, found


def test_mentions_title_context_turns_a_misread_organisation_into_a_person(extract_text):
    result = extract_text("Mark Rutte, le secrétaire général de l'OTAN, a salué l'accord.")
    assert ("Mark Rutte", "Person") in {(e.label, e.type.value) for e in result.entities}


def test_mentions_demonym_after_a_title_is_not_a_place(extract_text):
    result = extract_text("Le secrétaire d'État américain, Marco Rubio, est arrivé à Panama.")
    assert not [e for e in result.entities if e.label.startswith("État ")], result.entities


@given(st.text(alphabet="ab-_ 2é,", max_size=40))
def test_compounds_are_found_around_hyphens_as_a_full_scan_finds_them(text):
    assert [m.span() for m in _compounds(text)] == [m.span() for m in _COMPOUND.finditer(text)]
