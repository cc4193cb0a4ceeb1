"""Floors on the seeds' gold annotation, scored through the Turtle export (``make eval`` prints it all)."""

from __future__ import annotations

import pytest

from diplograph.evaluate import report
from diplograph.settings import DEFAULT_BASE_IRI


@pytest.fixture(scope="module")
def seeds_report(seeds_kg, gold):
    return report(seeds_kg, gold, DEFAULT_BASE_IRI)


def test_gold_entities_floor(seeds_report):
    assert seeds_report["entities"].f1 >= 0.90


def test_gold_posts_floor(seeds_report):
    assert seeds_report["posts"].recall >= 0.80


def test_gold_relations_floor(seeds_report):
    relations = seeds_report["relations"]
    assert relations.f1 >= 0.75, relations.misses + relations.spurious
    assert relations.precision >= 0.85, relations.spurious


def test_gold_modality_floor(seeds_report):
    modality = seeds_report["modality"]
    assert modality.tp + modality.fp > 0
    assert modality.tp / (modality.tp + modality.fp) >= 0.85, modality.spurious
