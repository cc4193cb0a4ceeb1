"""Clause-level patterns: a trigger's arguments read from the word order of its clause.

The dependency patterns of :mod:`diplograph.extract.relations` come first. When the parser hangs a
phrase in the wrong place (« Selon X, Y aurait livré … » with X as the subject, « à Y » attached to
the object noun, « le conflit entre A et B » split across the verb), the trigger finds nothing there;
these patterns then read its clause as a sequence of names and prepositions, at a lower confidence:

- the source is the nearest name before the trigger that no preposition introduces (a subject), with
  the names coordinated to it (« A et B ont condamné »); for a noun, also « de X » right after it;
- the target is the first name after the trigger introduced by one of the trigger's prepositions
  (« à la Corée du Nord »), or by none for a direct object, with the names coordinated to it;
- « entre A et B » after the trigger gives the pair.

A clause ends at a semicolon, a colon, a subordinating word (« que », « qui », « dont » …) or the end of
the sentence; a name introduced by « selon » or « d'après » is who says it, never an endpoint.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Span, Token

from diplograph.resources import normalize

# words that end a clause for these patterns (a stop word list of the French grammar, not a lexicon)
_BOUNDARIES = frozenset({";", ":", "que", "qu'", "qui", "dont", "où", "lorsque", "quand", "mais", "car", "tandis",
                         "alors", "puisque", "si", "(", ")", "«", "»", '"', "afin", "pendant", "après", "avant"})
_ARTICLES = frozenset({"le", "la", "les", "l'", "un", "une", "des", "ce", "cet", "cette", "ces", "son", "sa", "ses",
                       "leur", "leurs", "notre", "nos", "votre", "vos", "tout", "toute", "tous", "toutes", "plusieurs",
                       "certains", "certaines", "deux", "trois"})
_CONTRACTED = {"du": "de", "des": "de", "d'": "de", "au": "à", "aux": "à"}
_LOCUTION_PARTS = frozenset({"encontre", "égard", "auprès", "face", "part", "côtés", "sein", "faveur", "l'encontre",
                             "l'égard", "compte", "nom", "près", "vis-à-vis", "quant", "contre", "à", "de", "d'",
                             "la", "l'", "au", "aux", "du", "des", "en"})
_COORDINATION = frozenset({",", "et", "ainsi", "ou"})
_MAX_BEFORE = 14  # tokens between a subject and its verb
_MAX_AFTER = 18  # tokens between a trigger and its object or complement


@dataclass(frozen=True)
class Named:
    """A run of tokens naming one entity endpoint, and the preposition that introduces it."""

    start: int  # first token (document index)
    end: int  # after the last token
    key: str
    preposition: str  # "" for a bare noun phrase (a subject or a direct object)


class Clause:
    """The named endpoints of one sentence, in order, with what introduces each."""

    def __init__(self, sent: Span, key_at: Sequence[str | None], sources: frozenset[str],
                 titled: Sequence[bool] = ()) -> None:
        self.sent = sent
        self.sources = sources
        named: list[Named] = []
        i = sent.start
        while i < sent.end:
            key = key_at[i - sent.start]
            if key is None:
                i += 1
                continue
            j = i + 1
            while j < sent.end and key_at[j - sent.start] == key:
                j += 1
            start = self._title_start(i) if titled and titled[i - sent.start] else i
            named.append(Named(i, j, key, self._preposition(start)))
            i = j
        self.named = named

    def _title_start(self, start: int) -> int:
        """Where the title phrase before a person's name starts: « avec le Premier ministre arménien,
        M. X » is introduced by « avec »."""
        doc, i = self.sent.doc, start - 1
        while i >= self.sent.start and start - i <= 7 and (doc[i].pos_ in ("NOUN", "ADJ", "DET") or doc[i].text == ","):
            i -= 1
        return i + 1 if i + 1 < start and doc[i + 1].pos_ in ("DET", "NOUN", "ADJ") and doc[i].pos_ == "ADP" else start

    def _preposition(self, start: int) -> str:
        doc, words = self.sent.doc, []
        i = start - 1
        while i >= self.sent.start and normalize(doc[i].text) in _ARTICLES and doc[i].pos_ == "DET":
            i -= 1  # « à la Corée », « contre les rebelles »
        while i >= self.sent.start and len(words) < 4:
            word = normalize(doc[i].text)
            if doc[i].pos_ == "ADP" or word in self.sources or (words and word in _LOCUTION_PARTS):
                words.insert(0, _CONTRACTED.get(word, word))
                i -= 1
                continue
            break
        return " ".join(words).replace("l' ", "l'")

    def _crosses(self, a: int, b: int) -> bool:
        doc = self.sent.doc
        return any(normalize(doc[k].text) in _BOUNDARIES for k in range(a, b))

    def _coordinated(self, n: int) -> bool:
        """Whether ``named[n + 1]`` is a conjunct of ``named[n]`` (« A, B et C », « A ainsi que B »)."""
        here, nxt = self.named[n], self.named[n + 1]
        doc = self.sent.doc
        words = [w for w in (normalize(doc[k].text) for k in range(here.end, nxt.start)) if w not in _ARTICLES]
        return bool(words) and all(w in _COORDINATION or w == "que" for w in words) \
            and nxt.preposition in ("", here.preposition)

    def _group(self, first: int) -> list[str]:
        """The key of ``named[first]`` and of the names coordinated after it."""
        keys = [self.named[first].key]
        n = first
        while n + 1 < len(self.named) and self._coordinated(n):
            n += 1
            if self.named[n].key not in keys:
                keys.append(self.named[n].key)
        return keys

    def subject(self, trigger: Token) -> list[str]:
        """The nearest bare name before ``trigger`` in its clause, with its conjuncts and the names
        joined to it by « avec » in between (« A a demandé, avec B, des sanctions »)."""
        before = [n for n, named in enumerate(self.named) if named.end <= trigger.i]
        comitative: list[str] = []
        for n in reversed(before):
            named = self.named[n]
            if trigger.i - named.end > _MAX_BEFORE or self._crosses(named.end, trigger.i):
                return []
            if named.preposition in self.sources:
                return []
            if named.preposition == "avec":
                comitative.append(named.key)
            if named.preposition == "":
                first = n
                while first > 0 and self._coordinated(first - 1) and self.named[first - 1].preposition == "":
                    first -= 1  # « A et B ont condamné »: from the first conjunct
                keys = self._group(first)
                return keys + [k for k in reversed(comitative) if k not in keys]
        return []

    def complement(self, trigger: Token, prepositions: Sequence[str] | None, *, adjacent: bool = False) -> list[str]:
        """The first name after ``trigger`` in its clause introduced by one of ``prepositions``
        ("" for a bare object; None: by anything but a source), with its conjuncts; with ``adjacent``,
        only right after it."""
        doc = self.sent.doc
        for n, named in enumerate(self.named):
            if named.start <= trigger.i:
                continue
            if named.start - trigger.i > (4 if adjacent else _MAX_AFTER) or self._crosses(trigger.i + 1, named.start):
                return []
            if any(doc[k].pos_ == "VERB" for k in range(trigger.i + 1, named.start)):
                return []  # « menace d'attaquer X »: X is the other verb's
            if named.preposition in self.sources:
                continue
            if prepositions is None or named.preposition in prepositions:
                return self._group(n)
        return []

    def introduces(self, trigger: Token, preposition: str) -> bool:
        """Whether a phrase right after ``trigger`` in its clause opens with ``preposition``
        (« une offensive contre les Kurdes »: the target is there, even where it names no entity)."""
        doc = self.sent.doc
        words = preposition.split()
        for k in range(trigger.i + 1, min(self.sent.end, trigger.i + 6)):
            if normalize(doc[k].text) in _BOUNDARIES or doc[k].pos_ == "VERB":
                return False
            if [_CONTRACTED.get(w, w) for w in (normalize(doc[j].text) for j in range(k, min(k + len(words), self.sent.end)))] == words:
                return True
        return False

    def source(self) -> str | None:
        """Who the sentence says says it: the first name introduced by « selon », « d'après »."""
        return next((named.key for named in self.named if named.preposition in self.sources), None)

    def between(self, trigger: Token) -> list[str]:
        """« … entre A et B » within four words after ``trigger``: [A, B]."""
        doc = self.sent.doc
        for k in range(trigger.i + 1, min(trigger.i + 5, self.sent.end)):
            if normalize(doc[k].text) != "entre":
                continue
            after = [n for n, named in enumerate(self.named) if named.start > k]
            if after and self.named[after[0]].start - k <= 3:
                keys = self._group(after[0])
                return keys if len(keys) >= 2 else []
            return []
        return []
