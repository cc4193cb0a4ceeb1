"""The spaCy pipeline as diplograph configures it."""

from __future__ import annotations

import pytest

from diplograph.nlp import parse_text


@pytest.mark.model
def test_a_line_break_ends_a_sentence(nlp):
    doc = nlp(parse_text("Sommet à Brasilia\nLe Brésil et l’Argentine signent un accord\n\n  \nFin du sommet sans déclaration"))
    starts = {t.text for t in doc if t.is_sent_start and not t.is_space}
    assert {"Sommet", "Le", "Fin"} <= starts  # headlines carry no final stop
    assert all(not t.is_sent_start for t in doc if t.is_space and t.i > 0 and "\n" in doc[t.i - 1].text)


@pytest.mark.model
def test_the_pipeline_runs_every_component_a_stage_reads(nlp):
    from diplograph.nlp import PARAGRAPH_COMPONENT, READ_BY

    assert set(READ_BY) <= set(nlp.pipe_names)
    assert nlp.pipe_names.index(PARAGRAPH_COMPONENT) < nlp.pipe_names.index("parser")


def test_parse_text_keeps_offsets():
    text = "l’UA\u00a0et\u202fl\u02bcONU\u2011Femmes"
    assert parse_text(text) == "l'UA et l'ONU-Femmes" and len(parse_text(text)) == len(text)
