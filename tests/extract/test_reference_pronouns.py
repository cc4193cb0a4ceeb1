"""Reference within a paragraph (extract/coref.py References): a pronoun, a possessive or « le pays »
resolves to its antecedent when one is clear, and to nothing otherwise.

The sentences are written for these tests.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def _references(parse, resources, extract_text, text):
    from diplograph.extract.coref import References, coref_lexicon

    doc = parse(text)
    result = extract_text(text)
    return doc, References(doc, result.mentions, coref_lexicon(resources), lambda m: m.key)


def _token(doc, word, nth=0):
    return [t for t in doc if t.text == word][nth]


def _relations(result):
    return {(r.type, r.source, r.target) for r in result.relations}


def test_reference_subject_pronoun_takes_the_one_agreeing_entity(parse, resources, extract_text):
    text = "La Turquie a accueilli le sommet à Ankara. Elle a ensuite critiqué l'Arménie."
    doc, refs = _references(parse, resources, extract_text, text)
    assert refs.pronoun(_token(doc, "Elle")) == ["state/TUR"]  # « le sommet » is masculine
    assert ("criticism", "state/TUR", "state/ARM") in _relations(extract_text(text))


def test_reference_pronoun_with_two_agreeing_entities_resolves_to_nothing(parse, resources, extract_text):
    text = "Les discussions entre la Grèce et la Turquie ont échoué. Elle a ensuite critiqué l'Arménie."
    doc, refs = _references(parse, resources, extract_text, text)
    assert refs.pronoun(_token(doc, "Elle")) == []
    assert not any(r.type == "criticism" for r in extract_text(text).relations)


def test_reference_pronoun_with_an_agreeing_common_noun_resolves_to_nothing(parse, resources, extract_text):
    # « elle » may be the decision: no guess
    text = "La Grèce a salué la décision du tribunal. Elle a ensuite critiqué l'Arménie."
    doc, refs = _references(parse, resources, extract_text, text)
    assert refs.pronoun(_token(doc, "Elle")) == []


def test_reference_impersonal_il_is_no_reference(parse, resources, extract_text):
    text = "Le Portugal a reçu le ministre. Il faut soutenir le Mozambique."
    doc, refs = _references(parse, resources, extract_text, text)
    assert refs.pronoun(_token(doc, "Il")) == []


def test_reference_possessive_is_the_entity_before_it(parse, resources, extract_text):
    text = "Le Sénégal a réaffirmé son soutien au Mali."
    doc, refs = _references(parse, resources, extract_text, text)
    assert refs.possessor(_token(doc, "soutien")) == "state/SEN"
    assert ("support", "state/SEN", "state/MLI") in _relations(extract_text(text))


def test_reference_possessive_after_a_coordination_resolves_to_nothing(parse, resources, extract_text):
    text = "La Norvège et la Suède ont annoncé son départ."
    doc, refs = _references(parse, resources, extract_text, text)
    assert refs.possessor(_token(doc, "départ")) is None


def test_reference_description_is_the_one_state_named_before(parse, resources, extract_text):
    text = "Le Mali a expulsé un diplomate. La junte a ensuite critiqué l'Algérie."
    doc, refs = _references(parse, resources, extract_text, text)
    assert refs.description(_token(doc, "junte")) == ["state/MLI"]
    assert ("criticism", "state/MLI", "state/DZA") in _relations(extract_text(text))


def test_reference_description_with_two_states_before_resolves_to_nothing(extract_text):
    result = extract_text("Le Japon a signé un accord avec l'Inde. Le pays a ensuite sanctionné la Corée du Nord.")
    assert not any(r.type == "sanctions" for r in result.relations)  # neither Japan nor India by default


def test_reference_two_countries_are_the_two_states_named_before(parse, resources, extract_text):
    text = "Le Brésil a reçu l'Argentine à Brasilia. Les deux pays ont condamné le Venezuela."
    doc, refs = _references(parse, resources, extract_text, text)
    assert sorted(refs.description(_token(doc, "pays"))) == ["state/ARG", "state/BRA"]
    assert {("criticism", "state/BRA", "state/VEN"), ("criticism", "state/ARG", "state/VEN")} <= _relations(
        extract_text(text))


def test_reference_stops_at_the_paragraph(parse, resources, extract_text):
    text = "La Turquie a accueilli le sommet à Ankara.\n\nElle a ensuite critiqué l'Arménie."
    doc, refs = _references(parse, resources, extract_text, text)
    assert refs.pronoun(_token(doc, "Elle")) == []
