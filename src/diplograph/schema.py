"""The declared shape of every data file: the keys of each lexicon and the fields of a gazetteer row.

A file is checked against these tables when it is loaded, before any document is read, and each
problem becomes one line ``FILE:LINE: where: problem``. This module is the one place to declare
a key:

* a new list of words in a lexicon: add its name to :data:`WORD_LISTS` under the lexicon;
* a key with another shape: add it to :data:`STRUCTURED` under the lexicon (see the kinds below);
* a new field of a relation trigger: add it to :data:`TRIGGER_FIELDS`;
* a new gazetteer field: add it to :data:`GAZETTEER_FIELDS`.

Kinds are small checkers over :class:`Node` (a YAML or JSON value that knows its line): ``WORDS``
(a list of non-empty strings), ``TEXT``, ``FLAG``, ``NUMBER``, :class:`ListOf`, :class:`MapOf`,
:class:`Record`, :class:`OneOf` (a closed set: relation types from the ontology, entity types,
the ``classes`` and ``prepositions`` of the relations lexicon, roles...).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from diplograph.model import EntityType

# --- nodes ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Node:
    """A value read from a data file, with the line it starts on.

    ``value`` is a Python scalar (str, int, float, bool, None), a tuple of Nodes (a list) or a tuple
    of ``(key Node, value Node)`` pairs (a mapping).
    """

    value: Any
    line: int
    kind: str  # scalar | list | map

    def plain(self) -> Any:
        """The Python value (dicts and lists), as ``yaml.safe_load`` or ``json.loads`` would give it."""
        if self.kind == "list":
            return [item.plain() for item in self.value]
        if self.kind == "map":
            return {key.value: item.plain() for key, item in self.value}
        return self.value

    def get(self, name: str) -> Node | None:
        """The value of key ``name`` of a mapping (None if absent or not a mapping)."""
        if self.kind != "map":
            return None
        for key, item in self.value:
            if key.value == name:
                return item
        return None


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a data file: the line, where in the structure, and what."""

    line: int
    where: str
    message: str

    def text(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


@dataclass(frozen=True)
class Context:
    """Names that come from the data itself (merged over every file) or from the ontology."""

    relation_types: frozenset[str] = frozenset()
    classes: frozenset[str] = frozenset()
    prepositions: frozenset[str] = frozenset()
    fold: Callable[[str], str] = str  # how words compare (the lexicons' case and apostrophe folding)


def _type_name(node: Node) -> str:
    if node.kind == "list":
        return "a list"
    if node.kind == "map":
        return "a mapping"
    value = node.value
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"the text {_shown(value)}"
    return f"a {type(value).__name__} ({_shown(value)}): quote it to make it a text"  # a YAML date, binary...


def _shown(value: Any, width: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= width else text[: width - 1] + "…'"


_SURROGATE = re.compile("[\ud800-\udfff]")


def text_problem(value: str) -> str | None:
    """What makes ``value`` unusable as text (a lone surrogate), or None."""
    if _SURROGATE.search(value):
        return "not valid Unicode text (a lone surrogate, e.g. a '\\ud800' escape)"
    return None


# --- kinds ---------------------------------------------------------------------------------------------


class Kind:
    """A checker: :meth:`check` yields the problems of a node; :attr:`expected` says what it wants."""

    expected = "a value"

    def check(self, node: Node, where: str, ctx: Context) -> Iterator[Problem]:
        raise NotImplementedError

    def wrong(self, node: Node, where: str) -> Problem:
        return Problem(node.line, where, f"expected {self.expected}, got {_type_name(node)}")


class _Text(Kind):
    expected = "a non-empty text"

    def check(self, node: Node, where: str, ctx: Context) -> Iterator[Problem]:
        if node.kind != "scalar" or not isinstance(node.value, str) or not node.value.strip():
            yield self.wrong(node, where)
        elif (problem := text_problem(node.value)) is not None:
            yield Problem(node.line, where, problem)


class _Flag(Kind):
    expected = "true or false"

    def check(self, node: Node, where: str, ctx: Context) -> Iterator[Problem]:
        if node.kind != "scalar" or not isinstance(node.value, bool):
            yield self.wrong(node, where)


class Number(Kind):
    """A number, within ``[low, high]`` when they are given."""

    def __init__(self, low: float | None = None, high: float | None = None) -> None:
        self.low, self.high = low, high
        self.expected = "a number" if low is None or high is None else f"a number from {low} to {high}"

    def check(self, node: Node, where: str, ctx: Context) -> Iterator[Problem]:
        value = node.value
        number = node.kind == "scalar" and not isinstance(value, bool) and isinstance(value, int | float)
        if not number or value != value or not (self.low is None or value >= self.low) or not (
                self.high is None or value <= self.high):  # value != value: NaN
            yield self.wrong(node, where)


TEXT: Kind = _Text()
FLAG: Kind = _Flag()
NUMBER: Kind = Number()
SHARE: Kind = Number(0, 1)  # a confidence, a probability


class Optional(Kind):
    """``inner``, or null."""

    def __init__(self, inner: Kind) -> None:
        self.inner = inner
        self.expected = f"{inner.expected} or null"

    def check(self, node: Node, where: str, ctx: Context) -> Iterator[Problem]:
        if not (node.kind == "scalar" and node.value is None):
            yield from self.inner.check(node, where, ctx)


class ListOf(Kind):
    """A list of ``item``; a single value where a list is expected is an error (write ``[value]``)."""

    def __init__(self, item: Kind, expected: str | None = None) -> None:
        self.item = item
        self.expected = expected or f"a list of {item.expected.removeprefix('a ').removeprefix('an ')}s"

    def check(self, node: Node, where: str, ctx: Context) -> Iterator[Problem]:
        if node.kind != "list":
            problem = self.wrong(node, where)
            if node.kind == "scalar" and isinstance(node.value, str):
                problem = Problem(node.line, where, problem.message + f": write [{node.value}]")
            yield problem
            return
        for number, item in enumerate(node.value):
            yield from self.item.check(item, f"{where}[{number}]", ctx)


WORDS: Kind = ListOf(TEXT, "a list of words")


class OneOf(Kind):
    """A text from a closed set; ``names`` reads the set from the context (ontology, merged data)."""

    def __init__(self, what: str, names: Callable[[Context], Iterable[str]], fold: bool = False,
                 hint: str = "") -> None:
        self.what = what
        self.names = names
        self.fold = fold
        self.hint = hint
        self.expected = f"a {what}"

    def check(self, node: Node, where: str, ctx: Context) -> Iterator[Problem]:
        if node.kind != "scalar" or not isinstance(node.value, str):
            yield self.wrong(node, where)
            return
        known = set(self.names(ctx))
        fold = ctx.fold if self.fold else str
        if fold(node.value) not in {fold(k) for k in known}:
            yield Problem(node.line, where, unknown(self.what, node.value, known, hint=self.hint))


def unknown(what: str, value: str, known: Iterable[str], listed: int = 12, hint: str = "") -> str:
    """« unknown relation type 'arms-supply' (did you mean 'arms_supply'?) », or the known names (or ``hint``)."""
    known = sorted(known)
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    if close:
        return f"unknown {what} {_shown(value)} (did you mean {close[0]!r}?)"
    shown = hint or "expected one of: " + ", ".join(known[:listed]) + (", ..." if len(known) > listed else "")
    return f"unknown {what} {_shown(value)} ({shown})"


def _duplicate(key: Node, seen: set[Any]) -> bool:
    marker = (type(key.value).__name__, key.value) if key.kind == "scalar" else id(key)
    if marker in seen:
        return True
    seen.add(marker)
    return False


class MapOf(Kind):
    """A mapping whose keys are ``key`` (any text by default) and whose values are ``value``."""

    def __init__(self, value: Kind, key: Kind = TEXT, expected: str | None = None) -> None:
        self.key = key
        self.value = value
        self.expected = expected or "a mapping"

    def check(self, node: Node, where: str, ctx: Context) -> Iterator[Problem]:
        if node.kind != "map":
            yield self.wrong(node, where)
            return
        seen: set[Any] = set()
        for key, item in node.value:
            if _duplicate(key, seen):
                yield Problem(key.line, where, f"duplicate key {_shown(key.value)}")
                continue
            found = list(self.key.check(key, where, ctx))
            yield from found
            if not found:
                yield from self.value.check(item, f"{where}.{key.value}" if where else str(key.value), ctx)


class Record(Kind):
    """A mapping with declared fields: unknown fields are errors, ``required`` ones must be there,
    and exactly one of ``one_of`` (when given)."""

    def __init__(self, fields: Mapping[str, Kind], required: Iterable[str] = (), one_of: Iterable[str] = (),
                 what: str = "field") -> None:
        self.fields = fields
        self.required = tuple(required)
        self.one_of = tuple(one_of)
        self.what = what
        self.expected = "a mapping"

    def check(self, node: Node, where: str, ctx: Context) -> Iterator[Problem]:
        if node.kind != "map":
            yield self.wrong(node, where)
            return
        present: list[str] = []
        seen: set[Any] = set()
        for key, item in node.value:
            name = key.value
            if _duplicate(key, seen):
                yield Problem(key.line, where, f"duplicate key {_shown(name)}")
                continue
            if not isinstance(name, str) or name not in self.fields:
                yield Problem(key.line, where, unknown(self.what, str(name), self.fields))
                continue
            present.append(name)
            yield from self.fields[name].check(item, f"{where}.{name}" if where else name, ctx)
        for name in self.required:
            if name not in present:
                yield Problem(node.line, where, f"missing {self.what} {name!r}")
        if self.one_of and sum(name in present for name in self.one_of) != 1:
            yield Problem(node.line, where, f"needs exactly one of {'/'.join(self.one_of)}")


class ByShape(Kind):
    """One kind for a text, another for a mapping (a title is « président » or ``{title: président, ...}``)."""

    def __init__(self, text: Kind, mapping: Kind) -> None:
        self.text = text
        self.mapping = mapping
        self.expected = f"{text.expected} or {mapping.expected}"

    def check(self, node: Node, where: str, ctx: Context) -> Iterator[Problem]:
        if node.kind == "map":
            yield from self.mapping.check(node, where, ctx)
        elif node.kind == "scalar" and isinstance(node.value, str):
            yield from self.text.check(node, where, ctx)
        else:
            yield self.wrong(node, where)


# --- the declared tables -------------------------------------------------------------------------------

#: Roles handled by the argument finder (extract/relations.py); any other role is a preposition.
GRAMMATICAL_ROLES = frozenset({"subj", "obj", "iobj", "agent", "clause", "experiencer", "speaker",
                               "object_target", "object_demonym", "host"})
#: The kinds and genders of an office title (posts.yml).
POST_KINDS = frozenset({
    "head_of_state", "deputy_head_of_state", "monarch", "head_of_government", "deputy_head_of_government",
    "foreign_minister", "defence_minister", "minister", "security_adviser", "spokesperson", "org_leader",
    "diplomat", "envoy", "military", "executive", "leader", "regional_leader", "legislator", "expert",
    "journalist", "official", "counterpart"})
GENDERS = frozenset({"m", "f", "any"})

ENTITY_TYPE: Kind = OneOf("entity type", lambda _ctx: (t.value for t in EntityType))
RELATION_TYPE: Kind = OneOf("relation type", lambda ctx: ctx.relation_types)
CLASS: Kind = OneOf("word class", lambda ctx: ctx.classes, hint="expected a key of relations.classes")
ROLE: Kind = OneOf("role", lambda ctx: GRAMMATICAL_ROLES | ctx.prepositions, fold=True,
                   hint=f"expected one of {', '.join(sorted(GRAMMATICAL_ROLES))}, or a preposition listed in "
                   "relations.prepositions")
NAME: Kind = TEXT  # a class name

#: lexicon -> the keys that hold a list of words (folded, compared case-insensitively).
WORD_LISTS: dict[str, frozenset[str]] = {
    "entities": frozenset({
        "stopwords", "leading_determiners", "name_particles", "boilerplate_cues", "byline_prefixes", "region_cues",
        "locative_prepositions", "recipient_heads", "place_nouns", "agreement_nouns",
        "agreement_descriptor_stopwords", "body_nouns", "body_name_words", "salutations", "weapon_nouns",
        "state_form_nouns", "royal_titles", "portfolio_heads",
        "party_agreement_nouns", "facility_nouns", "region_heads", "region_names", "facility_name_words"}),
    "modality": frozenset({
        "reporting_verbs", "source_prepositions", "hedge_verbs", "hedge_nouns", "hedge_adjectives", "hedge_adverbs",
        "hedge_determiners", "condition_marks", "negation_words", "denial_verbs", "denial_nouns",
        "reported_adjectives", "purpose_marks", "negation_marks", "continuation_verbs", "ending_nouns",
        "hypothetical_triggers"}),
    "posts": frozenset({"honorifics", "modifiers_before", "modifiers_after", "scope_openings", "posting_openings",
                        "possessives", "list_joiners", "relatives", "nationality_kinds",
                        "regnal_titles"}),
    "relations": frozenset({
        "support_verbs", "transparent_nouns", "state_of_person_nouns", "object_control_verbs", "group_anaphors",
        "collective_nouns", "pair_anaphors", "state_anaphors", "event_anaphors", "resumptive_nouns",
        "prepositions"}),
    "coref": frozenset({
        "masculine_singular_pronouns", "feminine_singular_pronouns", "masculine_plural_pronouns",
        "feminine_plural_pronouns", "singular_pronouns", "plural_pronouns", "singular_possessives",
        "plural_possessives", "impersonal_verbs", "state_descriptions", "pair_descriptions",
        "masculine_determiners", "feminine_determiners", "plural_determiners", "masculine_honorifics",
        "feminine_honorifics"}),
    "speaker": frozenset({
        "statement_nouns", "on_behalf", "question_marks", "answer_marks", "group_openings", "home_titles",
        "issuer_verbs", "issuer_adverbs",
        "first_person_singular", "first_person_plural", "possessive_singular", "possessive_plural"}),
}

#: The fields of one trigger of relations.relations.<type>.
TRIGGER_FIELDS: dict[str, Kind] = {
    "verb": TEXT, "noun": TEXT, "adj": TEXT,
    "source": ListOf(ROLE, "a list of roles"), "target": ListOf(ROLE, "a list of roles"),
    "object": CLASS, "requires": CLASS,
    "source_types": ListOf(ENTITY_TYPE, "a list of entity types"),
    "target_types": ListOf(ENTITY_TYPE, "a list of entity types"),
    "upgrade": MapOf(RELATION_TYPE, key=CLASS, expected="a mapping of word class -> relation type"),
    "inverse": FLAG, "reflexive": FLAG,
    "cameo": ListOf(TEXT, "a list of CAMEO codes (quoted: « '042' »)"), "confidence": SHARE,
}
TRIGGER: Kind = Record(TRIGGER_FIELDS, one_of=("verb", "noun", "adj"), what="trigger field")

TITLE: Kind = ByShape(TEXT, Record({
    "title": TEXT, "feminine": TEXT, "plural": TEXT, "note": TEXT, "org": TEXT,
    "kind": OneOf("title kind", lambda _ctx: POST_KINDS), "gender": OneOf("gender", lambda _ctx: GENDERS),
}, required=("title",), what="title field"))

#: lexicon -> the keys whose value is not a plain list of words.
STRUCTURED: dict[str, dict[str, Kind]] = {
    "entities": {
        "organization_cues": MapOf(WORDS, key=ENTITY_TYPE, expected="a mapping of entity type -> words"),
        "default_organization_type": ENTITY_TYPE,
        "organization_heads": MapOf(WORDS, key=ENTITY_TYPE, expected="a mapping of entity type -> words"),
    },
    "modality": {},
    "posts": {"titles": ListOf(TITLE, "a list of titles"),
              "home_bodies": MapOf(WORDS, expected="a mapping of legislator title -> names of the home chamber")},
    "relations": {
        "classes": MapOf(WORDS, key=NAME, expected="a mapping of class name -> words"),
        "relations": MapOf(ListOf(TRIGGER, "a list of triggers"), key=RELATION_TYPE,
                           expected="a mapping of relation type -> triggers"),
        "mutual_types": ListOf(RELATION_TYPE, "a list of relation types"),
    },
    "speaker": {"home_state": Optional(TEXT)},  # an ISO 3166-1 alpha-3 code, or null
}

LEXICON_NAMES = frozenset(WORD_LISTS) | frozenset(STRUCTURED)


def lexicon_kind(name: str) -> Kind:
    """The record a whole lexicon file ``name`` must be."""
    fields: dict[str, Kind] = dict.fromkeys(WORD_LISTS.get(name, ()), WORDS)
    fields.update(STRUCTURED.get(name, {}))
    return Record(fields, what=f"key of the {name} lexicon")


# --- gazetteers ----------------------------------------------------------------------------------------

_NOT_IN_IRI = re.compile(r"[\s`{|}^<>\"\\#?\x00-\x1f\x7f]")


class _Ident(Kind):
    """An id that can be the last part of an IRI."""

    expected = "a non-empty id"

    def check(self, node: Node, where: str, ctx: Context) -> Iterator[Problem]:
        if node.kind != "scalar" or not isinstance(node.value, str) or not node.value:
            yield self.wrong(node, where)
        elif (problem := text_problem(node.value)) is not None:
            yield Problem(node.line, where, problem)
        elif (bad := _NOT_IN_IRI.search(node.value)) is not None:
            yield Problem(node.line, where, f"{_shown(node.value)} cannot be part of an IRI: it holds "
                          f"{bad.group()!r} (use letters, digits, '_', '-' or '.')")


class _Iso3(Kind):
    expected = "an ISO 3166-1 alpha-3 code (three capital letters)"

    def check(self, node: Node, where: str, ctx: Context) -> Iterator[Problem]:
        value = node.value
        if node.kind != "scalar" or not isinstance(value, str) or not re.fullmatch(r"[A-Z]{3}", value):
            yield self.wrong(node, where)


ID: Kind = _Ident()
ISO3: Kind = _Iso3()

#: The fields of one gazetteer row (a JSON object per line).
GAZETTEER_FIELDS: dict[str, Kind] = {
    "id": ID, "type": ENTITY_TYPE, "label": TEXT,
    "aliases": WORDS, "demonyms": WORDS, "combining": WORDS, "capitals": WORDS, "seats": WORDS,
    "iso3": Optional(ISO3), "parent": Optional(ID), "state": Optional(ID),
    # links to the linked-data world (resources.py checks their form: a QID, a COW number and letter code)
    "wikidata": Optional(TEXT), "cow_code": Optional(NUMBER), "cow_letter": Optional(TEXT),
}
GAZETTEER_ROW: Kind = Record(GAZETTEER_FIELDS, required=("id", "type", "label"), what="gazetteer field")


def check(node: Node, kind: Kind, ctx: Context, where: str = "") -> list[Problem]:
    """Every problem of ``node`` against ``kind``, in file order."""
    return sorted(kind.check(node, where, ctx), key=lambda p: p.line)
