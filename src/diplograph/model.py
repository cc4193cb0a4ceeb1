"""Frozen records that flow between the stages.

Every stage turns records of this module into new records; only :mod:`diplograph.api`
wires the stages together.  Records are plain, hashable and JSON-serialisable: compactly
(:func:`dumps` / :func:`loads`, the per-document cache's format) or readably, field names
included (:func:`to_json` / :func:`from_json`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class EntityType(StrEnum):
    """The entity classes of the graph contract (``dg:<value>``)."""

    STATE = "State"
    PERSON = "Person"
    INTERNATIONAL_ORGANIZATION = "InternationalOrganization"
    GOVERNMENT_BODY = "GovernmentBody"
    THINK_TANK = "ThinkTank"
    MEDIA_OUTLET = "MediaOutlet"
    CITY = "City"
    REGION = "Region"
    ARMED_GROUP = "ArmedGroup"
    COMPANY = "Company"
    ORGANIZATION = "Organization"  # an organisation whose kind the text does not show
    AGREEMENT = "Agreement"


class Modality(StrEnum):
    """How the text presents a relation (``skos:notation`` of ``dg:Modality``)."""

    ASSERTED = "asserted"
    REPORTED = "reported"
    HYPOTHETICAL = "hypothetical"
    NEGATED = "negated"


def short_hash(*parts: object, length: int = 16) -> str:
    """A stable hex digest of ``parts`` (used for IRIs and cache keys, never counters).

    >>> short_hash("a", 1) == short_hash("a", 1)
    True
    """
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return digest.hexdigest()[:length]


@dataclass(frozen=True, slots=True)
class Document:
    """One input article. ``text`` is the original text; offsets everywhere index into it."""

    id: str
    file_name: str
    text: str
    content_hash: str
    title: str | None = None
    url: str | None = None
    date: str | None = None
    speaker: str | None = None  # who speaks in it, as its input declares (JSONL speaker/publisher, HTML <meta>)


@dataclass(frozen=True, slots=True)
class Evidence:
    """A span of a document that supports a relation or a post (``end`` exclusive)."""

    doc_id: str
    start: int
    end: int
    text: str
    speaker: str | None = None  # key of the entity that makes the claim, if any
    rule: str = ""  # the extraction rule that found it (``dg:extractedBy``), e.g. ``criticism/verb:condamner/subj>obj``
    confidence: float = 1.0  # how much that rule is trusted on this sentence, in [0, 1]


@dataclass(frozen=True, slots=True)
class Mention:
    """A surface form of an entity in one document, with character offsets."""

    start: int
    end: int
    text: str
    type: EntityType
    key: str
    label: str
    role: str = "name"  # name | demonym | capital | seat | combining | title | body | implied (not a surface form)
    iso3: str | None = None


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical entity, merged over the documents that mention it."""

    key: str
    label: str
    type: EntityType
    aliases: tuple[str, ...] = ()
    iso3: str | None = None
    documents: tuple[str, ...] = ()
    mention_count: int = 0
    part_of: str | None = None  # key of the state a city belongs to, or parent organisation
    wikidata: str | None = None  # Wikidata QID ("Q142") from a gazetteer or links file; never guessed
    cow_code: int | None = None  # Correlates of War numeric state code (220)
    cow_letter: str | None = None  # Correlates of War letter code ("FRN")


@dataclass(frozen=True, slots=True)
class Post:
    """``person`` holds the office ``title`` in ``organization`` (W3C ORG).

    ``title`` is None for a plain affiliation (``org:memberOf``).
    """

    person: str
    title: str | None
    organization: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Relation:
    """A typed, directed relation between two canonical entities, with its evidence."""

    type: str
    source: str
    target: str
    modality: Modality
    evidence: tuple[Evidence, ...] = ()
    attributed_to: tuple[str, ...] = ()
    date: str | None = None  # ISO 8601: "2024-06-19", "2024-06" or "2024" (its precision is its length)
    date_kind: str | None = None  # "event": the sentence dates it; "document": the document's date

    @property
    def merge_key(self) -> tuple[str, str, str, str]:
        """Relations with the same key are one relation with all their evidence."""
        return (self.type, self.source, self.target, self.modality.value)

    @property
    def documents(self) -> tuple[str, ...]:
        """The distinct documents that support this relation, sorted."""
        return tuple(sorted({ev.doc_id for ev in self.evidence}))

    @property
    def confidence(self) -> float:
        """The confidence of the best-supported evidence (1.0 for a relation without evidence).

        >>> Relation("support", "a", "b", Modality.ASSERTED, (Evidence("d", 0, 1, "x", confidence=0.6),)).confidence
        0.6
        """
        return max((ev.confidence for ev in self.evidence), default=1.0)

    @property
    def rules(self) -> tuple[str, ...]:
        """The distinct rules behind the evidence, sorted."""
        return tuple(sorted({ev.rule for ev in self.evidence if ev.rule}))

    @property
    def speakers(self) -> tuple[str, ...]:
        """The distinct entities that make the claim (each evidence's speaker and ``attributed_to``), sorted."""
        return tuple(sorted({*self.attributed_to, *(ev.speaker for ev in self.evidence if ev.speaker)}))


@dataclass(frozen=True, slots=True)
class DocResult:
    """Everything extracted from one document: the unit of caching and of merging."""

    document: Document
    entities: tuple[Entity, ...] = ()
    mentions: tuple[Mention, ...] = ()
    posts: tuple[Post, ...] = ()
    relations: tuple[Relation, ...] = ()
    warnings: tuple[str, ...] = field(default=())


_RECORDS: dict[str, type] = {
    cls.__name__: cls for cls in (Document, Evidence, Mention, Entity, Post, Relation, DocResult)
}
# enum-valued fields, per record (a Relation's ``type`` is a plain notation string)
_ENUMS: dict[str, dict[str, type[StrEnum]]] = {
    "Mention": {"type": EntityType}, "Entity": {"type": EntityType}, "Relation": {"modality": Modality},
}


def to_json(record: Any) -> Any:
    """Turn a record (or a tuple of records) into JSON-compatible data.

    >>> to_json(Evidence("d", 0, 3, "abc"))["text"]
    'abc'
    """
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        data = {f.name: to_json(getattr(record, f.name)) for f in dataclasses.fields(record)}
        data["@"] = type(record).__name__
        return data
    if isinstance(record, tuple | list):
        return [to_json(item) for item in record]
    if isinstance(record, StrEnum):
        return record.value
    return record


def from_json(data: Any) -> Any:
    """Inverse of :func:`to_json`.

    >>> ev = Evidence("d", 0, 3, "abc")
    >>> from_json(to_json(ev)) == ev
    True
    >>> rel = Relation("criticism", "state/FRA", "state/IRN", Modality.REPORTED, (ev,), ("org/AFP",))
    >>> from_json(to_json(rel)) == rel
    True
    """
    if isinstance(data, dict) and "@" in data:
        cls = _RECORDS[data["@"]]
        enums = _ENUMS.get(data["@"], {})
        kwargs = {}
        for name, value in data.items():
            if name == "@":
                continue
            if name in enums and isinstance(value, str):
                kwargs[name] = enums[name](value)
            else:
                kwargs[name] = from_json(value)
        return cls(**kwargs)
    if isinstance(data, list):
        return tuple(from_json(item) for item in data)
    return data


def dumps(record: Any) -> str:
    """``record`` as compact JSON: each record one object ``{name: [its field values, in order]}``.

    The per-document cache's format: smaller than :func:`to_json`'s and read back by :func:`loads`
    in one pass of the JSON parser.

    >>> dumps(Evidence("d", 0, 3, "abc"))
    '{"Evidence":["d",0,3,"abc",null,"",1.0]}'
    """
    return json.dumps(_compact(record), ensure_ascii=False, separators=(",", ":"))


def _compact(value: Any) -> Any:
    kind = type(value)
    if kind is str or kind is int or kind is float or value is None:
        return value
    names = _FIELDS_OF.get(kind)
    if names is not None:
        return {kind.__name__: [_compact(getattr(value, name)) for name in names]}
    if isinstance(value, tuple | list):
        return [_compact(item) for item in value]
    if isinstance(value, StrEnum):
        return value.value
    return value


def loads(raw: str | bytes) -> Any:
    """Inverse of :func:`dumps`: records are built as the JSON parser meets them.

    >>> rel = Relation("criticism", "state/FRA", "state/IRN", Modality.REPORTED, (Evidence("d", 0, 3, "abc"),))
    >>> loads(dumps(rel)) == rel
    True

    Raises:
        ValueError: the JSON is not records written by :func:`dumps` (KeyError: an unknown enum value;
            TypeError: values a record does not take).
    """
    data = json.loads(raw, object_hook=_record)
    return _tuples(data) if isinstance(data, list) else data


_FIELDS: dict[str, tuple[str, ...]] = {
    name: tuple(f.name for f in dataclasses.fields(cls)) for name, cls in _RECORDS.items()
}
_FIELDS_OF: dict[type, tuple[str, ...]] = {cls: _FIELDS[name] for name, cls in _RECORDS.items()}
# enum-valued fields, per record: position -> (value -> member); a dict lookup is much faster than the enum call
_ENUM_AT: dict[str, tuple[tuple[int, dict[str, StrEnum]], ...]] = {
    record: tuple((_FIELDS[record].index(name), {m.value: m for m in enum}) for name, enum in fields.items())
    for record, fields in _ENUMS.items()
}


def _tuples(items: list[Any]) -> tuple[Any, ...]:
    return tuple(_tuples(item) if isinstance(item, list) else item for item in items)


def _record(data: dict[str, Any]) -> Any:
    """One ``{name: [values]}`` object of :func:`dumps`, its values already decoded -> its record."""
    if len(data) != 1:
        raise ValueError("not a record")
    ((name, values),) = data.items()
    names = _FIELDS.get(name)
    if names is None or not isinstance(values, list) or len(values) != len(names):
        raise ValueError(f"not a {name} record" if names else f"unknown record {name!r}")
    for position, value in enumerate(values):
        if isinstance(value, list):
            values[position] = _tuples(value)
    for position, members in _ENUM_AT.get(name, ()):
        if isinstance(values[position], str):
            values[position] = members[values[position]]
    return _RECORDS[name](*values)
