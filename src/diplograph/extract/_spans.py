"""Small helpers shared by the extraction modules: token <-> mention lookups and phrase tables."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.attrs import LEMMA, ORTH, POS, SPACY
from spacy.tokens import Doc, Span, Token

from diplograph.model import Mention
from diplograph.resources import normalize


class MentionIndex:
    """Find the mention that covers a token, and the mentions of a token range."""

    def __init__(self, doc: Doc, mentions: Sequence[Mention]) -> None:
        self.doc = doc
        self.mentions = list(mentions)
        self._by_token: dict[int, list[Mention]] = {}
        for mention in self.mentions:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            for i in range(span.start, span.end):
                self._by_token.setdefault(i, []).append(mention)
        self._span: dict[Mention, Span] = {}

    def at(self, token: Token | int) -> Mention | None:
        """The mention covering ``token`` (the first one where compounds share a token)."""
        i = token if isinstance(token, int) else token.i
        found = self._by_token.get(i)
        return found[0] if found else None

    def all_at(self, token: Token | int) -> list[Mention]:
        """Every mention covering ``token`` (a compound token holds several)."""
        i = token if isinstance(token, int) else token.i
        return list(self._by_token.get(i, ()))

    def span(self, mention: Mention) -> Span:
        """The token span of ``mention``."""
        if mention not in self._span:
            span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            assert span is not None
            self._span[mention] = span
        return self._span[mention]


def _slot(slot: list[tuple[weakref.ref[Doc], Any]], doc: Doc, make: Callable[[], Any]) -> Any:
    """The value a one-document memo ``slot`` holds for ``doc``, made (and the slot taken over) if
    it holds another document's. The pair is read once, so that a thread that took the slot over in
    between costs a recomputation, never another document's answers."""
    held = slot[0] if slot else None
    if held is None or held[0]() is not doc:
        held = (weakref.ref(doc), make())
        slot[:] = [held]
    return held[1]


_LAST_TEXT: list[tuple[weakref.ref[Doc], str]] = []  # the text of the document being extracted


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per document: spaCy's ``Doc.text`` joins every token on each access.

    One slot (the last document asked for), so nothing accumulates over a corpus; extraction
    never modifies the Doc, so the text cannot go stale.
    """
    return _slot(_LAST_TEXT, doc, lambda: doc.text)


def remember_text(doc: Doc, text: str) -> None:
    """Tell :func:`doc_text` the text ``doc`` was parsed from (spaCy keeps every character of it).

    A text whose length is not the Doc's is ignored: :func:`doc_text` then rebuilds it.
    """
    if len(doc) and doc[-1].idx + len(doc[-1].text_with_ws) == len(text):
        _LAST_TEXT[:] = [(weakref.ref(doc), text)]


def kids(token: Token) -> tuple[Token, ...]:
    """``token.children``, built once per token of the document being extracted.

    spaCy's ``children`` walks the token's subtree edges and makes a new Token for every child on
    each call; the argument and modality walks ask for the same tokens' children again and again.
    Kept in the document's :func:`token_memo`, so nothing accumulates over a corpus.
    """
    memo = token_memo(token.doc, "kids")
    i = token.i
    found = memo.get(i)
    if found is None:
        found = memo[i] = tuple(token.children)
    return found  # type: ignore[return-value]


_FEATURES: dict[tuple[int, str], tuple[str, ...]] = {}  # (morphology hash, feature) -> its values


def feature(token: Token, name: str) -> tuple[str, ...]:
    """``token.morph.get(name)`` (« Mood », « VerbForm » ...), remembered per morphological analysis:
    spaCy builds a MorphAnalysis and parses its string on every call."""
    key = (token.morph.key, name)
    found = _FEATURES.get(key)
    if found is None:
        if len(_FEATURES) >= _VERDICTS:
            _FEATURES.clear()  # bounded: memory must not grow with the corpus
        found = _FEATURES[key] = tuple(token.morph.get(name))
    return found


_LAST_MEMO: list[tuple[weakref.ref[Doc], dict[str, dict[int, object]]]] = []


def token_memo(doc: Doc, name: str) -> dict[int, object]:
    """A memo of the per-token function ``name`` over ``doc`` (token index -> answer).

    One slot (the last document asked for): extraction handles one document at a time and never
    modifies it, so answers cannot go stale and nothing accumulates over a corpus.
    """
    return _slot(_LAST_MEMO, doc, dict).setdefault(name, {})


_LAST_COLUMNS: list[tuple[weakref.ref[Doc], list[list[int]]]] = []


def token_columns(doc: Doc) -> list[list[int]]:
    """The orth, trailing-space, lemma and part-of-speech hashes of the tokens of ``doc``, one list
    each, read once per document for the scans that look at every token (one slot, like
    :func:`doc_text`)."""
    return _slot(_LAST_COLUMNS, doc, lambda: doc.to_array([ORTH, SPACY, LEMMA, POS]).T.tolist()
                 if len(doc) else [[], [], [], []])


class WordIndex:
    """Which tokens of a Doc a per-word test holds for, read from string hashes.

    ``test`` gets a token's text and must depend on nothing else; its answer is remembered per word
    (bounded), so a corpus pays for each distinct word once, and no Token object is built.
    """

    def __init__(self, test: Callable[[str], bool]) -> None:
        self.test = test
        self._memo: dict[int, bool] = {}

    @classmethod
    def of(cls, words: frozenset[str]) -> WordIndex:
        """The tokens whose folded text (:func:`~diplograph.resources.normalize`) is one of ``words``."""
        return cls(lambda text: normalize(text) in words)

    def indices(self, doc: Doc) -> list[int]:
        """Indices of the tokens of ``doc`` the test holds for, in order."""
        memo, strings, test = self._memo, doc.vocab.strings, self.test
        out = []
        for i, orth in enumerate(token_columns(doc)[0]):
            hit = memo.get(orth)
            if hit is None:
                hit = test(strings[orth])
                if len(memo) >= _VERDICTS:
                    memo.clear()  # bounded: memory must not grow with the corpus
                memo[orth] = hit
            if hit:
                out.append(i)
        return out


STARTS, NEVER, UNLESS_SPACED = 1, 0, 2  # verdicts of PhraseTable.start_verdicts
_VERDICTS = 1 << 15  # words remembered per table


def _leading_run(text: str) -> str:
    """The leading run of letters and digits of ``text``.

    >>> _leading_run("vice-président")
    'vice'
    """
    for k, ch in enumerate(text):
        if not ch.isalnum():
            return text[:k]
    return text


@dataclass(frozen=True)
class PhraseTable:
    """Multi-word phrases (folded) mapped to a value; longest match at a token."""

    phrases: Mapping[str, object]
    max_words: int
    heads: frozenset[str] = frozenset({""})  # the phrases' leading alphanumeric runs
    head_prefixes: frozenset[str] = frozenset({""})  # and their prefixes (a token cut inside a word)
    _starts: dict[int, int] = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)

    @classmethod
    def build(cls, items: Iterable[tuple[str, object]]) -> PhraseTable:
        table = {normalize(phrase): value for phrase, value in items}
        longest = max((len(p.replace("'", "' ").split()) for p in table), default=1)
        heads = {_leading_run(phrase) for phrase in table}
        prefixes = {run[:k] for run in heads for k in range(len(run) + 1)}
        return cls(table, longest + 2, frozenset(heads), frozenset(prefixes))

    def start_verdicts(self, doc: Doc) -> list[int]:
        """Per token of ``doc``: :data:`STARTS` when its word heads a phrase, :data:`NEVER` when no
        phrase can start there, :data:`UNLESS_SPACED` when a phrase can start only if the token is
        glued to the next one (a word the tokenizer cut). Read from string hashes, remembered per word.
        """
        verdicts = self._starts
        strings = doc.vocab.strings
        out = []
        orths, spaces, _lemmas, _pos = token_columns(doc)
        for orth, spaced in zip(orths, spaces, strict=True):
            verdict = verdicts.get(orth)
            if verdict is None:
                folded = normalize(strings[orth])
                run = _leading_run(folded)
                verdict = STARTS if not folded or run in self.heads else NEVER if run != folded else UNLESS_SPACED
                if len(verdicts) >= _VERDICTS:
                    verdicts.clear()  # bounded: memory must not grow with the corpus
                verdicts[orth] = verdict
            out.append(NEVER if verdict == UNLESS_SPACED and spaced else verdict)
        if out and out[-1] == UNLESS_SPACED:
            out[-1] = NEVER  # nothing follows the last token
        return out

    def match_at(self, doc: Doc, i: int) -> tuple[int, object] | None:
        """``(end_token, value)`` of the longest phrase that starts at token ``i``."""
        run = _leading_run(normalize(doc[i].text))
        if run not in self.heads:  # no phrase starts with this word: skip the slices (most tokens)
            token = doc[i]
            glued = not token.whitespace_ and i + 1 < len(doc) and doc[i + 1].text[:1].isalnum()
            if not (glued and run in self.head_prefixes):
                return None
        for j in range(min(len(doc), i + self.max_words), i, -1):
            # doc[i:j].text is doc.text[start:end] without rebuilding the whole text (Doc.text joins every token)
            value = self.phrases.get(normalize(doc[i:j].text))
            if value is not None:
                return j, value
        return None
