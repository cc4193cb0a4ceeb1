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


def test_speaker_headline_names_the_minister_after_an_honorific(extract_text):
    result = extract_text("Déclaration de Mme Hélène Vautrin, ministre de l'Europe et des affaires étrangères, "
                          "sur la Moldavie.\n\nJe condamne les pressions de la Russie contre la Moldavie.")
    found = _relations(result)
    assert ("criticism", "person/helene-vautrin", "state/RUS", ("person/helene-vautrin",)) in found
    assert any(e.key == "person/helene-vautrin" and e.label == "Hélène Vautrin" for e in result.entities)


def test_speaker_communique_issued_by_a_state_that_speaks_of_itself(extract_text):
    result = extract_text("Moldavie - La France réaffirme son soutien à la Moldavie (3 mars 2024)\n\n"
                          "La France souligne son attachement à la souveraineté de la Moldavie. "
                          "La France condamne fermement les pressions de la Russie contre la Moldavie.")
    found = _relations(result)
    assert ("criticism", "state/FRA", "state/RUS", ("state/FRA",)) in found


def test_speaker_news_in_past_tenses_has_no_issuer(extract_text):
    result = extract_text("Le Japon a condamné mardi les essais de la Corée du Nord. "
                          "Le Japon a aussi critiqué la Chine, a indiqué le porte-parole.")
    assert all(r.attributed_to == () or "state/JPN" not in r.attributed_to for r in result.relations)
    assert not any(r.attributed_to == ("state/JPN",) for r in result.relations)


def test_speaker_statement_noun_inside_a_news_sentence_is_no_headline(extract_text):
    # « communiqué » and « porte-parole » in a narrative first paragraph: nobody speaks, « nous » is nobody
    result = extract_text("Hier, le porte-parole du gouvernement a publié un communiqué sur la crise. "
                          "Nous soutenons l'Ukraine, a-t-il ajouté devant la presse.")
    assert not any(r.source == "state/FRA" for r in result.relations)


def test_speaker_group_of_ministers_of_an_organisation(extract_text):
    result = extract_text("Nous, ministres des Affaires étrangères de l'Union africaine, condamnons "
                          "les attaques des Chabab contre la Somalie.")
    found = _relations(result)
    assert any(r[0] == "criticism" and r[1] == "org/AU" and r[3] == ("org/AU",) for r in found), found


def test_speaker_briefing_answer_is_the_home_state_question_the_narrator(extract_text):
    result = extract_text("Point de presse du 4 avril 2024.\n\n"
                          "Question : Que pensez-vous des critiques de la Chine contre les Philippines ?\n\n"
                          "Réponse : Nous soutenons les Philippines.")
    found = _relations(result)
    assert ("support", "state/FRA", "state/PHL", ("state/FRA",)) in found
    assert not any(r[1] == "state/CHN" and r[3] for r in found)  # the question is nobody's claim


def test_speaker_declared_in_jsonl_speaks(tmp_path, parse, resources):
    import json

    from diplograph.extract import extract
    from diplograph.ingest import read_file

    path = tmp_path / "corpus.jsonl"
    rows = [{"id": "a", "text": "Point de situation.\n\nNous condamnons fermement les frappes de la Russie contre "
                                "l'Ukraine.", "publisher": "Ministère de l'Europe et des affaires étrangères"},
            {"id": "b", "text": "La situation reste tendue.\n\nNous soutenons pleinement la Moldavie.",
             "speaker": "Union européenne"},
            {"id": "c", "text": "La situation reste tendue.\n\nNous soutenons pleinement la Moldavie.",
             "publisher": "Le Monde"}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    docs = list(read_file(path))
    assert [d.speaker for d in docs] == ["Ministère de l'Europe et des affaires étrangères", "Union européenne",
                                         "Le Monde"]
    results = [extract(parse(d.text), d, resources) for d in docs]
    assert ("criticism", "state/FRA", "state/RUS", ("state/FRA",)) in _relations(results[0])
    assert ("support", "org/EU", "state/MDA", ("org/EU",)) in _relations(results[1])
    assert _relations(results[2]) == set()  # a newspaper is the narrator: its « nous » is nobody
    assert results[1].document.speaker == "Union européenne"


def test_speaker_declared_in_html_meta(tmp_path):
    from diplograph.ingest import read_file

    page = tmp_path / "page.html"
    page.write_text('<html><head><meta name="publisher" content="Conseil de l\'UE"><title>T</title></head>'
                    "<body><p>Le Conseil a adopté des conclusions.</p></body></html>", encoding="utf-8")
    assert [d.speaker for d in read_file(page)] == ["Conseil de l'UE"]
