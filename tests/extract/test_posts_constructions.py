"""Who holds which office: each construction of extract/posts.py on a sentence of our own."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def _pairs(extract_text, text):
    """(person label, organisation key) of every post of ``text``."""
    result = extract_text(text)
    labels = {e.key: e.label for e in result.entities}
    return {(labels.get(p.person, p.person), p.organization) for p in result.posts}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # honorific between the title and the name
        ("Le Premier ministre grec, M. Nikos Andreou, a quitté Athènes hier soir.",
         ("Nikos Andreou", "state/GRC")),
        # long official state name, honorific, no comma
        ("Il a téléphoné au président de la Fédération de Russie M. Pavel Orlov dans la matinée.",
         ("Pavel Orlov", "state/RUS")),
        # « président de la République » + state adjective: the title stops where the state's name starts
        ("Le président de la République tchèque Tomas Novak a reçu les ambassadeurs.",
         ("Tomas Novak", "state/CZE")),
        # modifier after the title, then the name
        ("Le ministre turc de l'époque, M. Kemal Aydin, avait refusé de signer.",
         ("Kemal Aydin", "state/TUR")),
        # modifier and scope between a qualified title and the name
        ("Le secrétaire d'État japonais adjoint pour l'Asie du Sud-Est, Kenji Mori, est attendu à Hanoï.",
         ("Kenji Mori", "state/JPN")),
        # a diplomat's posting between the sending state and the name
        ("L'ambassadeur du Canada au Sénégal, Paul Tremblay, a été convoqué mardi.",
         ("Paul Tremblay", "state/CAN")),
        # « alors » between the comma and the title (name first)
        ("En 2009, Omar Diallo, alors président de la Guinée, avait promis des élections.",
         ("Omar Diallo", "state/GIN")),
        # « l'ancien » before the title
        ("La justice a convoqué Luis Herrera, l'ancien président du Pérou.",
         ("Luis Herrera", "state/PER")),
        # the state named just before the title's comma
        ("Le traité fut signé par les chefs de la Bolivie, le président Ramon Quispe, et du Chili.",
         ("Ramon Quispe", "state/BOL")),
        # a possessive: the office is held in the body named before it
        ("Les députés du Parlement européen, et en particulier sa présidente, Anna Kowalska, ont protesté.",
         ("Anna Kowalska", "org/EU_PARLIAMENT")),
        # « le chef de la diplomatie » + demonym
        ("Le chef de la diplomatie russe Sergueï Volkov a démenti ces informations.",
         ("Sergueï Volkov", "state/RUS")),
        # a title implying its organisation, named nowhere else in the text
        ("Le haut représentant Marc Dumont a condamné l'attaque.",
         ("Marc Dumont", "org/EU")),
        # unaccented capital (« Etat ») + demonym
        ("La secrétaire d'Etat américaine Laura Mills arrive lundi à Séoul.",
         ("Laura Mills", "state/USA")),
    ],
)
def test_posts_constructions(extract_text, sentence, expected):
    assert expected in _pairs(extract_text, sentence)


def test_posts_counterparts_in_brackets_each_get_their_state(extract_text):
    text = ("La ministre s'est entretenue avec ses homologues grec (Yannis Petrou), "
            "portugais (Rui Almeida) et danois (Lars Jensen).")
    pairs = _pairs(extract_text, text)
    assert {("Yannis Petrou", "state/GRC"), ("Rui Almeida", "state/PRT"), ("Lars Jensen", "state/DNK")} <= pairs


def test_posts_home_title_is_the_home_state_only_in_its_official_texts(extract_text):
    official = ("Déclaration de Mme Claire Fontaine, ministre de l'Europe et des affaires étrangères, "
                "sur la situation au Soudan.\n\nNous condamnons les attaques contre les civils.")
    assert ("Claire Fontaine", "state/FRA") in _pairs(extract_text, official)
    news = ("Remaniement au gouvernement\n\nLa presse locale l'annonce : Claire Fontaine, ministre des "
            "Affaires étrangères, a démissionné hier.")
    assert not any(org == "state/FRA" for _, org in _pairs(extract_text, news))


def test_posts_legislator_addressed_in_an_answer_sits_in_the_home_chamber(extract_text):
    text = ("Déclaration de M. Henri Vasseur, ministre des armées, en réponse à une question sur le Sahel, "
            "au Sénat le 3 mars 2024.\n\nMonsieur le sénateur Jacques Morel,\n\nNous restons engagés au Sahel.")
    pairs = _pairs(extract_text, text)
    assert ("Henri Vasseur", "state/FRA") in pairs
    assert any(person == "Jacques Morel" and org.startswith("org/") for person, org in pairs), pairs


def test_posts_possessive_of_a_person_names_no_organisation(extract_text):
    pairs = _pairs(extract_text, "Viktor Petrenko et son conseiller, Ivan Sokolov, sont arrivés à Genève.")
    assert not any(person == "Ivan Sokolov" for person, _ in pairs)


def test_posts_a_place_before_the_comma_is_not_the_office(extract_text):
    pairs = _pairs(extract_text, "Après la Bolivie, le président Ramon Quispe visitera le Chili.")
    assert ("Ramon Quispe", "state/BOL") not in pairs


def test_posts_title_of_a_title_gives_the_outer_office(extract_text):
    pairs = _pairs(extract_text, "Le porte-parole du président russe, Dmitri Orlov, a démenti toute implication.")
    assert ("Dmitri Orlov", "state/RUS") in pairs


def test_posts_a_relative_of_the_office_holder_holds_no_office(extract_text):
    text = "La veuve de l'ancien président de l'Autorité palestinienne, Nadia Haddad, a porté plainte."
    assert not any(person == "Nadia Haddad" for person, _ in _pairs(extract_text, text))


def test_posts_a_journalist_demonym_is_a_nationality(extract_text):
    text = "Samir Naguib, correspondant égyptien de la chaîne, a été blessé au Caire."
    assert ("Samir Naguib", "state/EGY") not in _pairs(extract_text, text)


def test_posts_a_news_paragraph_is_no_official_headline(extract_text):
    # one long first line with « discours » and « gouvernement »: news, not a statement of the home state
    text = ("3 mars 2021. - Le gouvernement a présenté son budget ; lors de son discours devant les députés, "
            "le premier ministre Karim Haddad a promis des économies. " * 4)
    assert not any(person == "Karim Haddad" for person, _ in _pairs(extract_text, text))


def test_posts_home_title_in_a_journalist_question_is_not_the_home_state(extract_text):
    text = ("Point de presse du 4 mai 2023\n\n"
            "Q - Que répondez-vous au ministre des Affaires étrangères, Omar Sy Diallo, qui accuse Paris ?\n\n"
            "R - Le ministre des armées, M. Bruno Caillet, a déjà répondu à ces accusations.")
    pairs = _pairs(extract_text, text)
    assert ("Bruno Caillet", "state/FRA") in pairs
    assert ("Omar Sy Diallo", "state/FRA") not in pairs


def test_posts_a_second_title_after_a_first_one_has_the_same_holder(extract_text):
    text = "M. Paul Girard, ambassadeur, représentant permanent de la Belgique auprès des Nations unies, a pris la parole."
    assert ("Paul Girard", "state/BEL") in _pairs(extract_text, text)


def test_posts_ex_title_in_one_token(extract_text):
    assert ("Marco Ribeiro", "state/BRA") in _pairs(extract_text, "L'ex-président brésilien Marco Ribeiro a été condamné.")


def test_posts_a_sovereign_known_by_one_name_is_named_with_the_title(extract_text):
    result = extract_text("Le pape François a reçu François Hollande au Vatican jeudi.")
    labels = {e.key: e.label for e in result.entities}
    pairs = {(labels.get(p.person), p.organization) for p in result.posts}
    assert ("pape François", "state/VAT") in pairs
    assert ("François Hollande", "state/VAT") not in pairs  # the pope is not merged with a namesake


def test_posts_a_longer_sovereign_name_stays_as_it_is(extract_text):
    pairs = _pairs(extract_text, "Le roi du Maroc, Mohammed VI, a reçu les athlètes.")
    assert ("Mohammed VI", "state/MAR") in pairs


def test_posts_home_title_of_someone_already_placed_elsewhere(extract_text):
    text = ("Déclaration de la porte-parole du ministère de l'Europe et des affaires étrangères.\n\n"
            "Le Président de la République s'est entretenu avec le Premier ministre libanais, M. Karim Nassar. "
            "Le Président a ensuite reçu M. Karim Nassar, Premier ministre, à l'Élysée.")
    pairs = _pairs(extract_text, text)
    assert ("Karim Nassar", "state/LBN") in pairs
    assert ("Karim Nassar", "state/FRA") not in pairs
