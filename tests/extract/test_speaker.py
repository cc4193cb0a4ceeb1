"""The document speaker: who « nous » and « je » are, and whom what an official text states is attributed to.

The texts are written for these tests, in the genres of official French and EU texts: a statement's
headline, a ministry communiqué, a « Nous, ministres … » group statement, a press briefing's turns.
"""

from __future__ import annotations

import pytest

from diplograph.extract.speaker import DocSpeaker

pytestmark = pytest.mark.model


def _relations(result) -> set[tuple[str, str, str, tuple[str, ...]]]:
    return {(r.type, r.source, r.target, r.attributed_to) for r in result.relations}


def test_speaker_communique_first_person_is_the_home_state(extract_text):
    result = extract_text("Communiqué du ministère de l'Europe et des affaires étrangères sur la situation au Yémen.\n\n"
                          "Nous condamnons les frappes menées par les Houthis contre l'Arabie saoudite.")
    found = _relations(result)
    assert ("criticism", "state/FRA", "org/HOUTHIS", ("state/FRA",)) in found
    # what the communiqué states, it states: the conflict it reports is attributed to it too
    assert ("conflict", "org/HOUTHIS", "state/SAU", ("state/FRA",)) in found
    # France is never named, yet it acts: it is an entity of the document, with no surface form
    france = next(e for e in result.entities if e.key == "state/FRA")
    assert france.mention_count == 0 and not france.aliases


def test_speaker_group_statement_is_one_group(extract_text):
    result = extract_text("Nous, ministres des Affaires étrangères de l'OTAN, condamnons l'agression de la Russie "
                          "contre l'Ukraine.")
    found = _relations(result)
    assert ("criticism", "org/NATO", "state/RUS", ("org/NATO",)) in found
    assert not any(r.source == "state/UKR" for r in result.relations)


def test_speaker_headline_person_speaks_in_person_and_for_their_office(extract_text):
    result = extract_text("Déclaration de la porte-parole sur l'Ukraine.\n\n"
                          "Je soutiens l'Ukraine et notre aide à la Moldavie se poursuivra.")
    found = _relations(result)
    assert ("support", "state/FRA", "state/UKR", ("state/FRA",)) in found
    assert ("support", "state/FRA", "state/MDA", ("state/FRA",)) in found  # « notre aide »


def test_speaker_briefing_question_is_the_narrators(extract_text):
    result = extract_text("Point de presse du 3 mars 2023.\n\n"
                          "Q - Comment réagissez-vous aux critiques du Mali contre la France ?\n\n"
                          "R - Nous condamnons la livraison d'armes iraniennes à la Russie.")
    found = _relations(result)
    assert ("criticism", "state/FRA", "state/IRN", ("state/FRA",)) in found
    assert ("arms_supply", "state/IRN", "state/RUS", ("state/FRA",)) in found
    # the journalist's question is nobody's claim
    assert ("criticism", "state/MLI", "state/FRA", ()) in found


def test_speaker_narrative_has_none_and_first_person_resolves_to_nothing(extract_text):
    result = extract_text("La France a condamné l'Iran. Nous soutenons l'Arménie.")
    assert _relations(result) == {("criticism", "state/FRA", "state/IRN", ())}


def test_speaker_home_office_unnamed_is_the_state(extract_text):
    result = extract_text("Déclaration de la porte-parole.\n\n"
                          "Le Président de la République s'est entretenu avec le président kényan William Ruto.")
    assert ("meeting", "state/FRA", "person/william-ruto") in {(r.type, r.source, r.target) for r in result.relations}


def test_speaker_home_office_of_another_state_is_not_the_home_state(extract_text):
    result = extract_text("Déclaration de la porte-parole.\n\n"
                          "Le Président de la République de Guinée a rencontré le président kényan William Ruto.")
    assert not any(r.source == "state/FRA" for r in result.relations)


def test_speaker_speaks_at_excludes_the_narrators_ranges():
    speaker = DocSpeaker("person/x", "state/FRA", ((0, 10), (50, 60)), "headline")
    assert not speaker.speaks_at(5) and speaker.speaks_at(20) and not speaker.speaks_at(55)
    assert speaker.voice == "person/x"
    assert DocSpeaker(None, "org/EU").voice == "org/EU"
    assert not DocSpeaker().speaks_at(20)
