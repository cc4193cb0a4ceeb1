"""Knowledge as data: load and validate gazetteers and lexicons.

Shipped files live in ``diplograph/data``; a user's files (``--gazetteer``, ``--lexicon``)
are merged over them. Every problem is reported as a :class:`DataFileError` naming the file
and the line.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

import yaml

from diplograph.errors import DataFileError
from diplograph.model import EntityType, short_hash
from diplograph.settings import Settings

DATA_DIR = Path(str(importlib_resources.files("diplograph") / "data"))

_LIST_FIELDS = ("aliases", "demonyms", "combining", "capitals", "seats")
_LINK_FIELDS = ("wikidata", "cow_code", "cow_letter")
_KIND_BY_TYPE = {
    EntityType.STATE: "state",
    EntityType.PERSON: "person",
    EntityType.CITY: "city",
    EntityType.REGION: "region",
    EntityType.AGREEMENT: "agreement",
}


@lru_cache(maxsize=1 << 14)  # bounded memo: extraction folds the same tokens and titles again and again
def normalize(text: str) -> str:
    """Fold a surface form for lookups: NFC, typographic apostrophes, hyphens as spaces, case.

    >>> normalize("L’UA") == normalize("l'ua")
    True
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u2019", "'").replace("\u02bc", "'").replace("\u2011", "-")
    text = text.replace("\u2010", "-").replace("\u00a0", " ").replace("-", " ")
    return " ".join(text.split()).casefold()


def strip_accents(text: str) -> str:
    """Remove diacritics (for accent-insensitive slugs and search).

    >>> strip_accents("Sénégal")
    'Senegal'
    """
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1 << 14)  # bounded memo: the same names come back in every document
def slugify(text: str) -> str:
    """A stable ASCII slug used in IRIs.

    >>> slugify("Cour pénale internationale d’appel")
    'cour-penale-internationale-d-appel'
    """
    folded = strip_accents(normalize(text))
    out = []
    for ch in folded:
        out.append(ch if ch.isascii() and ch.isalnum() else "-")
    slug = "-".join(part for part in "".join(out).split("-") if part)
    if not slug:  # a name in a script with no ASCII letters still needs a stable key
        slug = "x" + short_hash(folded, length=12)
    return slug[:80]


def word_set(lexicon: Any, name: str) -> frozenset[str]:
    """The list ``name`` of a lexicon mapping as folded words (empty when absent).

    >>> sorted(word_set({"nouns": ["Accord", "pacte"]}, "nouns"))
    ['accord', 'pacte']
    """
    value = lexicon.get(name) if isinstance(lexicon, Mapping) else None
    return frozenset(normalize(str(w)) for w in value) if isinstance(value, list) else frozenset()


def entity_key(etype: EntityType, ident: str) -> str:
    """The canonical key of an entity: ``<kind>/<id>``; it becomes the IRI path."""
    kind = _KIND_BY_TYPE.get(etype, "org")
    return f"{kind}/{ident}"


@dataclass(frozen=True)
class GazetteerEntry:
    """One known entity and every way the texts name it."""

    id: str
    type: EntityType
    label: str
    aliases: tuple[str, ...] = ()
    iso3: str | None = None
    demonyms: tuple[str, ...] = ()
    combining: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    seats: tuple[str, ...] = ()
    parent: str | None = None
    state: str | None = None
    wikidata: str | None = None  # Wikidata QID ("Q142"): from a shipped dataset or the user's row, never guessed
    cow_code: int | None = None  # Correlates of War numeric state code
    cow_letter: str | None = None  # Correlates of War letter code

    @property
    def key(self) -> str:
        """Canonical entity key (states are keyed by ISO 3166-1 alpha-3)."""
        ident = self.iso3 if self.type is EntityType.STATE and self.iso3 else self.id
        return entity_key(self.type, ident)


@dataclass(frozen=True, eq=False)
class Resources:
    """Validated gazetteer entries and lexicons, ready for the extraction stages."""

    entries: tuple[GazetteerEntry, ...]
    lexicons: Mapping[str, Any]
    fingerprint: str
    by_id: Mapping[str, GazetteerEntry] = field(default_factory=dict)

    def lexicon(self, name: str) -> Any:
        """The merged lexicon ``name`` (a YAML file's stem), or an empty mapping."""
        return self.lexicons.get(name, {})


_QID = re.compile(r"^Q[1-9]\d*$")
_COW_LETTER = re.compile(r"^[A-Z]{2,3}$")


def _links_from_row(row: dict[str, Any], path: Path, line: int) -> dict[str, Any]:
    """The optional ``wikidata``, ``cow_code`` and ``cow_letter`` fields of a row, validated."""
    links: dict[str, Any] = {}
    qid = row.get("wikidata")
    if qid is not None:
        if not (isinstance(qid, str) and _QID.match(qid)):
            raise DataFileError(path, f"field 'wikidata' must be a Wikidata QID such as \"Q142\", got {qid!r}", line)
        links["wikidata"] = qid
    code = row.get("cow_code")
    if code is not None:
        if not (isinstance(code, int) and not isinstance(code, bool) and 0 < code < 1000):
            raise DataFileError(path, f"field 'cow_code' must be a Correlates of War number (1-999), got {code!r}", line)
        links["cow_code"] = code
    letter = row.get("cow_letter")
    if letter is not None:
        if not (isinstance(letter, str) and _COW_LETTER.match(letter)):
            raise DataFileError(path, f"field 'cow_letter' must be two or three capital letters, got {letter!r}", line)
        links["cow_letter"] = letter
    return links


def _entry_from_row(row: Any, path: Path, line: int) -> GazetteerEntry:
    if not isinstance(row, dict):
        raise DataFileError(path, f"expected a JSON object, got {type(row).__name__}", line)
    for name in ("id", "type", "label"):
        if not isinstance(row.get(name), str) or not row[name].strip():
            raise DataFileError(path, f"field {name!r} must be a non-empty string", line)
    try:
        etype = EntityType(row["type"])
    except ValueError:
        allowed = ", ".join(t.value for t in EntityType)
        raise DataFileError(path, f"unknown type {row['type']!r} (expected one of: {allowed})", line) from None
    lists: dict[str, tuple[str, ...]] = {}
    for name in _LIST_FIELDS:
        value = row.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise DataFileError(path, f"field {name!r} must be a list of non-empty strings", line)
        lists[name] = tuple(value)
    iso3 = row.get("iso3")
    if etype is EntityType.STATE and not (isinstance(iso3, str) and len(iso3) == 3 and iso3.isupper()):
        raise DataFileError(path, "a State needs 'iso3', three capital letters", line)
    return GazetteerEntry(
        id=row["id"], type=etype, label=row["label"], iso3=iso3, parent=row.get("parent"),
        state=row.get("state"), **lists, **_links_from_row(row, path, line),
    )


def read_gazetteer(path: Path) -> list[GazetteerEntry]:
    """Read one JSONL gazetteer file, validating every line.

    Raises:
        DataFileError: naming the file and line of the first bad row.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataFileError(path, f"cannot read gazetteer: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataFileError(path, f"not UTF-8 text (byte {exc.start})") from None
    entries = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataFileError(path, f"malformed JSON: {exc.msg} (column {exc.colno})", number) from None
        entries.append(_entry_from_row(row, path, number))
    return entries


def read_links(path: Path) -> dict[str, dict[str, Any]]:
    """Read a JSONL links file: one ``{"id": <gazetteer id>, "wikidata": "Q..."}`` object a line
    (``cow_code``, ``cow_letter`` and a ``source`` may follow), keyed by gazetteer id.

    Raises:
        DataFileError: naming the file and line of the first bad row.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(path, f"cannot read links: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise DataFileError(path, f"not UTF-8 text (byte {exc.start})") from None
    links: dict[str, dict[str, Any]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataFileError(path, f"malformed JSON: {exc.msg} (column {exc.colno})", number) from None
        if not isinstance(row, dict) or not isinstance(row.get("id"), str) or not row["id"].strip():
            raise DataFileError(path, "a links row needs an object with a non-empty string 'id'", number)
        links[row["id"]] = _links_from_row(row, path, number)
    return links


def read_lexicon(path: Path) -> dict[str, Any]:
    """Read one YAML lexicon (a mapping at the top level)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataFileError(path, f"cannot read lexicon: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise DataFileError(path, "not UTF-8 text") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise DataFileError(path, f"malformed YAML: {getattr(exc, 'problem', exc)}", line) from None
    if not isinstance(data, dict):
        raise DataFileError(path, "a lexicon must be a YAML mapping at the top level")
    return data


def merge_lexicon(base: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """Merge ``extra`` into ``base``: mappings recursively, lists concatenated, scalars replaced."""
    merged = dict(base)
    for name, value in extra.items():
        old = merged.get(name)
        if isinstance(old, dict) and isinstance(value, Mapping):
            merged[name] = merge_lexicon(old, value)
        elif isinstance(old, list) and isinstance(value, list):
            merged[name] = old + [v for v in value if v not in old]
        else:
            merged[name] = value
    return merged


def _fingerprint(paths: Iterable[Path]) -> str:
    parts = []
    for path in paths:
        parts.append(path.name)
        parts.append(short_hash(path.read_bytes()))
    return short_hash(*parts)


def shipped_gazetteers() -> list[Path]:
    """The gazetteer files that come with diplograph."""
    return sorted((DATA_DIR / "gazetteers").glob("*.jsonl"))


def shipped_links() -> list[Path]:
    """The files that link shipped gazetteer entries to Wikidata (``data/links/*.jsonl``)."""
    return sorted((DATA_DIR / "links").glob("*.jsonl"))


def shipped_lexicons() -> list[Path]:
    """The lexicon files that come with diplograph."""
    return sorted((DATA_DIR / "lexicons").glob("*.yml"))


def load_resources(settings: Settings) -> Resources:
    """Load shipped and user data files; user entries override shipped ones with the same id.

    Raises:
        DataFileError: a file is unreadable or has a bad row.
    """
    return _load(tuple(settings.gazetteers), tuple(settings.lexicons))


@cache
def _load(user_gazetteers: tuple[Path, ...], user_lexicons: tuple[Path, ...]) -> Resources:
    by_id: dict[str, GazetteerEntry] = {}
    links: dict[str, dict[str, Any]] = {}
    for path in shipped_links():
        links.update(read_links(path))
    shipped_types: dict[str, EntityType] = {}
    for path in shipped_gazetteers():
        for entry in read_gazetteer(path):
            by_id[entry.id] = entry
            shipped_types[entry.id] = entry.type
            own = {k: getattr(entry, k) for k in _LINK_FIELDS if getattr(entry, k) is not None}
            links[entry.id] = {**links.get(entry.id, {}), **own}
    for path in user_gazetteers:
        for entry in read_gazetteer(Path(path)):
            by_id[entry.id] = entry
    for ident, entry in by_id.items():
        # a shipped link fills what a row does not say, for the entity the shipped data means
        if shipped_types.get(ident) is entry.type:
            extra = {k: v for k, v in links.get(ident, {}).items() if getattr(entry, k) is None}
            if extra:
                by_id[ident] = replace(entry, **extra)
    gazetteer_paths = shipped_gazetteers() + shipped_links() + [Path(p) for p in user_gazetteers]
    lexicons: dict[str, Any] = {}
    lexicon_paths = shipped_lexicons() + [Path(p) for p in user_lexicons]
    for path in shipped_lexicons():
        lexicons[path.stem] = read_lexicon(path)
    for path in user_lexicons:
        # a user file is a mapping of lexicon name -> additions, or one lexicon named by its stem
        data = read_lexicon(Path(path))
        targets = data if all(k in lexicons for k in data) else {Path(path).stem: data}
        for name, extra in targets.items():
            if not isinstance(extra, Mapping):
                raise DataFileError(path, f"lexicon {name!r} must be a mapping")
            lexicons[name] = merge_lexicon(lexicons.get(name, {}), extra)
    fingerprint = _fingerprint(gazetteer_paths + lexicon_paths)
    return Resources(entries=tuple(by_id.values()), lexicons=lexicons, fingerprint=fingerprint, by_id=by_id)
