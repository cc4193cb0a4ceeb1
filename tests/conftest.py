"""Shared fixtures. The spaCy pipeline loads once per session (about 97% of a seeds build)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def pytest_configure(config):
    """``DIPLOGRAPH_BLOCK_MODEL=1``: loading a spaCy pipeline skips the test that asked for it
    (``make test-rules`` counts what passes on hand-built Docs alone)."""
    if os.environ.get("DIPLOGRAPH_BLOCK_MODEL", "") in ("", "0"):
        return
    import spacy
    import spacy.util

    def blocked(name, *args, **kwargs):
        pytest.skip(f"DIPLOGRAPH_BLOCK_MODEL is set: spaCy pipeline {name} not loaded")

    spacy.load = blocked
    spacy.util.load_model = blocked


@pytest.fixture(scope="session")
def settings():
    from diplograph.settings import Settings

    return Settings()


@pytest.fixture(scope="session")
def resources(settings):
    from diplograph.resources import load_resources

    return load_resources(settings)


@pytest.fixture(scope="session")
def nlp(settings):
    from diplograph.nlp import load_nlp

    return load_nlp(settings.model)


@pytest.fixture(scope="session")
def parse(nlp):
    """Parse a text the way the pipeline does (offsets valid in the original)."""
    from diplograph.nlp import parse_text

    return lambda text: nlp(parse_text(text))


@pytest.fixture(scope="session")
def extract_text(parse, resources):
    """Extract one text into a DocResult."""
    from diplograph.extract import extract
    from diplograph.ingest import make_document

    def run(text: str):
        document = make_document(text, "test.txt")
        return extract(parse(text), document, resources)

    return run


@pytest.fixture(scope="session")
def build_texts(nlp, settings):
    """Build a KnowledgeGraph from strings with the session's pipeline."""
    from diplograph.api import build_texts

    return lambda texts: build_texts(texts, settings)


@pytest.fixture(scope="session")
def seeds_kg(nlp, settings):
    """The graph of the two seed articles, built once."""
    from diplograph.api import build

    return build([SEEDS], settings)


@pytest.fixture(scope="session")
def gold() -> list[dict[str, Any]]:
    with open(DATA / "seeds_gold.json", encoding="utf-8") as handle:
        return json.load(handle)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def records():
    """The record-built corpus of tests/data/records_kg.json: three invented documents, no model needed."""
    from diplograph.model import from_json

    with open(DATA / "records_kg.json", encoding="utf-8") as handle:
        return from_json(json.load(handle))
