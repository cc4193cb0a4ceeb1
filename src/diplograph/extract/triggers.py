"""The ``relations`` lexicon, validated and indexed: trigger words with their argument roles.

See ``data/lexicons/relations.yml`` for the format; a user's ``--lexicon`` extends it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Token

from diplograph.errors import DataFileError
from diplograph.extract._spans import token_columns
from diplograph.resources import DATA_DIR, Resources, compiled, normalize

_KINDS = ("verb", "noun", "adj")
_MEMO_SIZE = 1 << 14  # (lemma, text, part of speech) triples remembered by RelationLexicon.triggers_in
_POS = {"verb": frozenset({"VERB", "AUX", "ADJ"}), "adj": frozenset({"ADJ", "VERB"}),
        "noun": frozenset({"NOUN", "PROPN"})}


@dataclass(frozen=True)
class Trigger:
    """One trigger word of one relation type, with where its arguments are."""

    type: str
    kind: str  # verb | noun | adj
    lemma: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    object: str | None = None
    requires: str | None = None
    source_types: frozenset[str] = frozenset()
    target_types: frozenset[str] = frozenset()
    upgrade: tuple[tuple[str, str], ...] = ()
    inverse: bool = False
    reflexive: bool | None = None
    cameo: tuple[str, ...] = ()  # the CAMEO event codes the entry covers (documentation and export)
    confidence: float | None = None  # overrides the default confidence of its kind of pattern

    @property
    def notation(self) -> str:
        """``TYPE/KIND:WORD``, the start of the rule notation of what this trigger finds."""
        return f"{self.type}/{self.kind}:{self.lemma}"


@dataclass(frozen=True)
class RelationLexicon:
    """Triggers by lemma and the word lists the argument finder uses."""

    triggers: Mapping[str, tuple[Trigger, ...]]
    classes: Mapping[str, frozenset[str]]
    support_verbs: frozenset[str]
    transparent: frozenset[str]
    state_of_person: frozenset[str]
    pair_anaphors: frozenset[str]
    state_anaphors: frozenset[str]
    event_anaphors: frozenset[str]
    resumptive: frozenset[str] = frozenset()
    object_control: frozenset[str] = frozenset()
    group_anaphors: frozenset[str] = frozenset()
    collective: frozenset[str] = frozenset()
    mutual_types: frozenset[str] = frozenset()
    _by_hash: dict[tuple[int, int, int], tuple[Trigger, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False)
    _multiwords: dict[str, tuple[str, ...]] = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)

    def triggers_in(self, doc: Doc) -> dict[int, tuple[Trigger, ...]]:
        """Token index -> the triggers that token can be, for the tokens of ``doc`` that can be one.

        A token is a trigger by its lemma or its surface form, if its part of speech fits the
        trigger's kind. Read from the string hashes of the tokens: no Token object is built for the many
        tokens that are no trigger.
        """
        found: dict[int, tuple[Trigger, ...]] = {}
        memo = self._by_hash
        strings = doc.vocab.strings
        orths, _spaces, lemmas, parts_of_speech = token_columns(doc)
        for i, key in enumerate(zip(lemmas, orths, parts_of_speech, strict=True)):
            answer = memo.get(key)
            if answer is None:
                lemma, orth, pos = key
                answer = self._lookup(strings[lemma] if lemma else "", strings[orth], strings[pos] if pos else "")
                if len(memo) >= _MEMO_SIZE:
                    memo.clear()  # bounded: memory must not grow with the corpus
                memo[key] = answer
            if answer:
                found[i] = answer
        return found

    def _lookup(self, lemma: str, text: str, pos: str) -> tuple[Trigger, ...]:
        found: list[Trigger] = []
        for form in dict.fromkeys((normalize(lemma), normalize(text))):  # lemma first: a stable order (a set's would follow the hash seed)
            found.extend(t for t in self.triggers.get(form, ()) if pos in _POS[t.kind] and t not in found)
        return tuple(found)

    def in_class(self, name: str, tokens: Iterable[Token]) -> bool:
        """Whether one of ``tokens`` (or a multiword run of them) is a word of class ``name``."""
        words = self.classes.get(name, frozenset())
        if not words:
            return False
        tokens = sorted(tokens, key=lambda t: t.i)
        for token in tokens:
            if normalize(token.lemma_) in words or normalize(token.text) in words:
                return True
        multiword = self._multiword(name)
        if not multiword:
            return False
        text = f" {' '.join(normalize(t.text) for t in tokens)} "
        lemmas = f" {' '.join(normalize(t.lemma_) for t in tokens)} "
        return any(w in text or w in lemmas for w in multiword)

    def _multiword(self, name: str) -> tuple[str, ...]:
        """The multiword entries of class ``name``, space-padded for a substring test (worked out once)."""
        found = self._multiwords.get(name)
        if found is None:
            found = self._multiwords[name] = tuple(f" {w} " for w in sorted(self.classes.get(name, ())) if " " in w)
        return found


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DataFileError(DATA_DIR / "lexicons" / "relations.yml", f"{where}: expected a list of strings")
    return tuple(normalize(v) for v in value)


def _trigger(rtype: str, row: Any, number: int) -> Trigger:
    where = f"relations.{rtype}[{number}]"
    if not isinstance(row, Mapping):
        raise DataFileError(DATA_DIR / "lexicons" / "relations.yml", f"{where}: expected a mapping")
    kinds = [k for k in _KINDS if k in row]
    if len(kinds) != 1 or not isinstance(row[kinds[0]], str):
        raise DataFileError(DATA_DIR / "lexicons" / "relations.yml", f"{where}: needs exactly one of verb/noun/adj")
    upgrade = row.get("upgrade") or {}
    if not isinstance(upgrade, Mapping):
        raise DataFileError(DATA_DIR / "lexicons" / "relations.yml", f"{where}: 'upgrade' must be a mapping")
    return Trigger(
        type=rtype, kind=kinds[0], lemma=normalize(row[kinds[0]]),
        source=_strings(row.get("source"), where), target=_strings(row.get("target"), where),
        object=row.get("object"), requires=row.get("requires"),
        source_types=frozenset(row.get("source_types") or ()), target_types=frozenset(row.get("target_types") or ()),
        upgrade=tuple((str(k), str(v)) for k, v in upgrade.items()),
        inverse=bool(row.get("inverse", False)), reflexive=row.get("reflexive"),
        cameo=tuple(str(c) for c in (row.get("cameo") or ())),
        confidence=_unit(row.get("confidence"), where),
    )


def _unit(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise DataFileError(DATA_DIR / "lexicons" / "relations.yml", f"{where}: 'confidence' must be a number in [0, 1]")
    return float(value)


@compiled
def relation_lexicon(resources: Resources) -> RelationLexicon:
    """The ``relations`` lexicon of ``resources``, indexed by trigger lemma (cached).

    Args:
        resources: the loaded gazetteers and lexicons.

    Returns:
        The indexed lexicon.

    Raises:
        DataFileError: a trigger row is malformed.
    """
    lex = resources.lexicon("relations")
    by_lemma: dict[str, list[Trigger]] = defaultdict(list)
    for rtype, rows in (lex.get("relations") or {}).items():
        for number, row in enumerate(rows or []):
            trigger = _trigger(str(rtype), row, number)
            by_lemma[trigger.lemma].append(trigger)
    classes = {str(k): frozenset(_strings(v, f"classes.{k}")) for k, v in (lex.get("classes") or {}).items()}
    return RelationLexicon(
        triggers={k: tuple(v) for k, v in by_lemma.items()},
        classes=classes,
        support_verbs=frozenset(_strings(lex.get("support_verbs"), "support_verbs")),
        transparent=frozenset(_strings(lex.get("transparent_nouns"), "transparent_nouns")),
        state_of_person=frozenset(_strings(lex.get("state_of_person_nouns"), "state_of_person_nouns")),
        pair_anaphors=frozenset(_strings(lex.get("pair_anaphors"), "pair_anaphors")),
        state_anaphors=frozenset(_strings(lex.get("state_anaphors"), "state_anaphors")),
        event_anaphors=frozenset(_strings(lex.get("event_anaphors"), "event_anaphors")),
        resumptive=frozenset(_strings(lex.get("resumptive_nouns"), "resumptive_nouns")),
        object_control=frozenset(_strings(lex.get("object_control_verbs"), "object_control_verbs")),
        group_anaphors=frozenset(_strings(lex.get("group_anaphors"), "group_anaphors")),
        collective=frozenset(_strings(lex.get("collective_nouns"), "collective_nouns")),
        mutual_types=frozenset(_strings(lex.get("mutual_types"), "mutual_types")),
    )
