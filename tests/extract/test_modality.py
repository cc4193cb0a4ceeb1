"""Modality and speaker of a trigger, on real parses of sentences written for these tests."""

from __future__ import annotations

import pytest

from diplograph.extract.modality import modality_lexicon, preposition, stance
from diplograph.model import Modality

A, R, H, N = Modality.ASSERTED, Modality.REPORTED, Modality.HYPOTHETICAL, Modality.NEGATED


@pytest.mark.parametrize(
    ("sentence", "trigger", "modality", "speaker"),
    [
        ("Le Nigeria a livré des blindés au Tchad.", "livré", A, None),
        ("Le Nigeria pourrait livrer des blindés au Tchad.", "livrer", H, None),
        ("Le Nigeria aurait livré des blindés au Tchad.", "livré", R, None),
        ("Le Nigeria livrerait des blindés au Tchad si le Parlement l'autorisait.", "livrerait", H, None),
        ("Le Nigeria n'a pas livré de blindés au Tchad.", "livré", N, None),
        ("Le Nigeria n'a jamais livré de blindés au Tchad.", "livré", N, None),
        ("Le Nigeria nie avoir livré des blindés au Tchad.", "livré", N, None),
        ("Le Nigeria refuse de livrer des blindés au Tchad.", "livrer", N, None),
        ("Le Nigeria n'exclut pas de livrer des blindés au Tchad.", "livrer", H, None),
        ("Le Nigeria envisage de livrer des blindés au Tchad.", "livrer", H, None),
        ("Le Tchad craint que le Nigeria ne livre des blindés aux rebelles.", "livre", H, None),
        ("Selon Reuters, le Nigeria a livré des blindés au Tchad.", "livré", R, "Reuters"),
        ("D'après Reuters, le Nigeria a livré des blindés au Tchad.", "livré", R, "Reuters"),
        ("Bola Tinubu a déclaré que le Nigeria avait livré des blindés au Tchad.", "livré", R, "Tinubu"),
        ("Le ministre a souligné que le Nigeria livrait des blindés au Tchad.", "livrait", R, "ministre"),
        ("Bola Tinubu a affirmé que le Nigeria pourrait livrer des blindés au Tchad.", "livrer", H, "Tinubu"),
        ("Le Nigeria a-t-il livré des blindés au Tchad ?", "livré", H, None),
        ("L'éventuelle livraison de blindés au Tchad inquiète Niamey.", "livraison", H, None),
        ("La perspective d'une livraison de blindés au Tchad inquiète Niamey.", "livraison", H, None),
        ("Le Tchad appelle à une livraison rapide de blindés.", "livraison", H, None),
        ("Le Nigeria n'a effectué aucune livraison de blindés.", "livraison", N, None),
        ("Le Tchad a reçu des blindés malgré les sanctions de l'Union africaine.", "sanctions", A, None),
        # denial under a negation, prevention, « sans », « mettre fin à », purpose (not a past errand nor a cause)
        ("Le Nigeria ne dément pas avoir livré des blindés au Tchad.", "livré", H, None),
        ("Le Tchad a empêché le Nigeria de livrer des blindés aux rebelles.", "livrer", N, None),
        ("Le Nigeria a attaqué le Tchad sans livrer de blindés aux rebelles.", "livrer", N, None),
        ("Le Nigeria a mis fin à la livraison de blindés au Tchad.", "livraison", N, None),
        ("Le Nigeria mobilise des fonds pour livrer des blindés au Tchad.", "livrer", H, None),
        ("Le Nigeria mobilise des fonds afin de livrer des blindés au Tchad.", "livrer", H, None),
        ("Le Nigeria a mobilisé des fonds pour livrer des blindés au Tchad.", "livrer", A, None),
        ("Le Tchad a remercié le Nigeria pour avoir livré des blindés.", "livré", A, None),
        ("Il faut que le Nigeria fournisse des blindés au Tchad.", "fournisse", H, None),
        ("Le refus du Nigeria de livrer des blindés au Tchad surprend.", "livrer", N, None),
    ],
)
def test_modality_table(parse, resources, sentence, trigger, modality, speaker):
    doc = parse(sentence)
    (token,) = [t for t in doc if t.text == trigger]
    anchors = [token]
    if token.dep_ == "obj" and token.head.lemma_ in ("effectuer", "appeler"):
        anchors.append(token.head)
    if token.dep_ == "obl:arg" and token.head.lemma_ == "appeler":
        anchors.append(token.head)
    found = stance(anchors, modality_lexicon(resources))
    assert found.modality is modality
    if speaker is None:
        assert found.speaker is None or modality is not R
    else:
        assert found.speaker is not None and speaker in " ".join(t.text for t in found.speaker.subtree)


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [
        ("Des frappes sur le Yémen.", "Yémen", "sur"),
        ("Un rapport d'après la CIA.", "CIA", "d'après"),
        ("Une aide face aux pressions de Pékin.", "pressions", "face à"),
        ("Les sanctions contre le Venezuela.", "Venezuela", "contre"),
        ("La visite du président au Caire.", "Caire", "à"),
    ],
)
def test_modality_preposition(parse, sentence, word, expected):
    doc = parse(sentence)
    (token,) = [t for t in doc if t.text == word]
    assert preposition(token) == expected
