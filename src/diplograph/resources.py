"""Knowledge as data: the gazetteers, lexicons and relation types, read and checked once.

:func:`build_knowledge` reads the shipped files (``diplograph/data``), the user's ``--gazetteer``
and ``--lexicon`` files merged over them, and the relation types of the ontology, into one
frozen :class:`Knowledge`. Every file is checked against its declared shape
(:mod:`diplograph.schema`) before any document is read: each problem is one line
``FILE:LINE: problem`` naming the file it is in. Nothing is cached per path: edited files
give a new Knowledge.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources as importlib_resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml

from diplograph import schema
from diplograph.errors import DataFileError
from diplograph.model import EntityType, short_hash
from diplograph.schema import Node, Problem
from diplograph.settings import Settings

if TYPE_CHECKING:
    from diplograph.vocab import RelationType

T = TypeVar("T")

DATA_DIR = Path(str(importlib_resources.files("diplograph") / "data"))

_LIST_FIELDS = ("aliases", "demonyms", "combining", "capitals", "seats")
_LINK_FIELDS = ("wikidata", "cow_code", "cow_letter")
MAX_PROBLEMS = 20  # problems told at once; the rest are counted
_MAX_NODES = 1_000_000  # values in one data file (YAML aliases can multiply them)
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
class Knowledge:
    """Every gazetteer entry, the merged lexicons and the relation types, checked and ready for extraction.

    Built once per build by :func:`build_knowledge`; it can be pickled (to ``--jobs`` processes and Dask
    workers). Tables that extraction derives from it (:func:`compiled`) are kept on the instance, so a
    new Knowledge never sees the tables of an old one.
    """

    entries: tuple[GazetteerEntry, ...] = field(repr=False)
    lexicons: Mapping[str, Any] = field(repr=False)
    fingerprint: str
    by_id: Mapping[str, GazetteerEntry] = field(default_factory=dict, repr=False)
    relation_types: Mapping[str, RelationType] = field(default_factory=dict, repr=False)
    symmetric_types: frozenset[str] = frozenset()
    files: tuple[Path, ...] = ()
    word_lists: Mapping[tuple[str, str], frozenset[str]] = field(default_factory=dict, repr=False)  # folded lists
    _tables: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def lexicon(self, name: str) -> Any:
        """The merged lexicon ``name`` (a YAML file's stem), or an empty mapping."""
        return self.lexicons.get(name, {})

    def words(self, lexicon: str, key: str) -> frozenset[str]:
        """The word list ``key`` of ``lexicon``, folded (:func:`normalize`); empty when absent.

        The lists declared in :data:`schema.WORD_LISTS` are folded once, when the Knowledge is built.
        """
        found = self.word_lists.get((lexicon, key))
        return word_set(self.lexicon(lexicon), key) if found is None else found

    def table(self, build: Callable[[Knowledge], T]) -> T:
        """``build(self)``, computed once for this Knowledge and kept on it."""
        try:
            return self._tables[build]
        except KeyError:
            value = self._tables[build] = build(self)
            return value

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_tables"] = {}  # derived: rebuilt where needed, and may hold unpicklable matchers
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)


Resources = Knowledge  # the former name, still used by the extraction modules


def compiled(build: Callable[[Knowledge], T]) -> Callable[[Knowledge], T]:
    """Decorate a function that derives a lookup table from a Knowledge: computed once per Knowledge.

    Unlike ``functools.cache`` it holds no process-wide memo: the table lives and dies with its Knowledge.
    """

    @functools.wraps(build)
    def table(knowledge: Knowledge) -> T:
        return knowledge.table(build)

    return table


# --- reading files into checked nodes -----------------------------------------------------------------


class DataFilesError(DataFileError):
    """Several problems in data files: one ``FILE:LINE: problem`` line each."""

    def __init__(self, problems: list[tuple[Path, Problem]]) -> None:
        self.problems = problems
        lines = [f"{path}:{p.line}: {p.text()}" if p.line else f"{path}: {p.text()}"
                 for path, p in problems[:MAX_PROBLEMS]]
        if len(problems) > MAX_PROBLEMS:
            lines.append(f"... and {len(problems) - MAX_PROBLEMS} more problems in the data files")
        first_path, first = problems[0]
        super().__init__(first_path, first.text(), first.line or None)
        self.args = ("\n".join(lines),)

    def __str__(self) -> str:
        return str(self.args[0])


def _read_text(path: Path, what: str) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataFileError(path, f"cannot read {what}: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataFileError(path, f"not UTF-8 text (byte {exc.start})") from None


def _json_node(value: Any, line: int) -> Node:
    if isinstance(value, Pairs):
        return Node(tuple((Node(k, line, "scalar"), _json_node(v, line)) for k, v in value), line, "map")
    if isinstance(value, list):
        return Node(tuple(_json_node(v, line) for v in value), line, "list")
    return Node(value, line, "scalar")


class Pairs(list):  # type: ignore[type-arg]
    """A JSON object as its (key, value) pairs, so that a duplicate key is seen."""


def gazetteer_rows(path: Path) -> tuple[list[Node], list[Problem]]:
    """The rows of a JSONL gazetteer as nodes, and the lines that are not JSON."""
    text = _read_text(path, "gazetteer")
    rows: list[Node] = []
    problems: list[Problem] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            value = json.loads(line, object_pairs_hook=Pairs)
        except json.JSONDecodeError as exc:
            problems.append(Problem(number, "", f"malformed JSON: {exc.msg} (column {exc.colno})"))
            continue
        except RecursionError:
            problems.append(Problem(number, "", "malformed JSON: nested too deeply"))
            continue
        node = _json_node(value, number)
        if node.kind != "map":
            problems.append(Problem(number, "", f"expected a JSON object, got {schema._type_name(node)}"))
            continue
        rows.append(node)
    return rows, problems


def _entry(node: Node) -> GazetteerEntry:
    row = node.plain()
    return GazetteerEntry(
        id=row["id"], type=EntityType(row["type"]), label=row["label"], iso3=row.get("iso3"), parent=row.get("parent"),
        state=row.get("state"), **{name: tuple(row.get(name) or ()) for name in _LIST_FIELDS},
        **{name: row[name] for name in _LINK_FIELDS if row.get(name) is not None},
    )


_QID = re.compile(r"^Q[1-9]\d*$")
_COW_LETTER = re.compile(r"^[A-Z]{2,3}$")


def _link_problems(node: Node) -> list[Problem]:
    """The optional ``wikidata``, ``cow_code`` and ``cow_letter`` fields of a row, checked."""
    problems = []
    qid, code, letter = (node.get(name) for name in _LINK_FIELDS)
    if qid is not None and qid.value is not None and not (isinstance(qid.value, str) and _QID.match(qid.value)):
        problems.append(Problem(qid.line, "wikidata", f"must be a Wikidata QID such as \"Q142\", got {qid.value!r}"))
    if code is not None and code.value is not None and not (
            isinstance(code.value, int) and not isinstance(code.value, bool) and 0 < code.value < 1000):
        problems.append(Problem(code.line, "cow_code", f"must be a Correlates of War number (1-999), got {code.value!r}"))
    if letter is not None and letter.value is not None and not (
            isinstance(letter.value, str) and _COW_LETTER.match(letter.value)):
        problems.append(Problem(letter.line, "cow_letter", f"must be two or three capital letters, got {letter.value!r}"))
    return problems


def _row_problems(node: Node, ctx: schema.Context) -> list[Problem]:
    problems = schema.check(node, schema.GAZETTEER_ROW, ctx)
    etype, iso3 = node.get("type"), node.get("iso3")
    if not problems and etype is not None and etype.value == EntityType.STATE.value and (iso3 is None or iso3.value is None):
        problems.append(Problem(node.line, "", "a State needs 'iso3', three capital letters"))
    return problems + (_link_problems(node) if not problems else [])


def read_links(path: Path) -> dict[str, dict[str, Any]]:
    """Read a JSONL links file: one ``{"id": <gazetteer id>, "wikidata": "Q..."}`` object a line
    (``cow_code``, ``cow_letter`` and a ``source`` may follow), keyed by gazetteer id.

    Raises:
        DataFileError: naming the file and line of each bad row.
    """
    rows, problems = gazetteer_rows(path)
    links: dict[str, dict[str, Any]] = {}
    for node in rows:
        ident = node.get("id")
        if ident is None or not isinstance(ident.value, str) or not ident.value.strip():
            problems.append(Problem(node.line, "id", "a links row needs a non-empty string 'id'"))
            continue
        found = _link_problems(node)
        problems.extend(found)
        if not found:
            row = node.plain()
            links[ident.value] = {name: row[name] for name in _LINK_FIELDS if row.get(name) is not None}
    if problems:
        raise DataFilesError([(path, p) for p in sorted(problems, key=lambda p: p.line)])
    return links


def read_gazetteer(path: Path) -> list[GazetteerEntry]:
    """Read one JSONL gazetteer file, checking every line against :data:`schema.GAZETTEER_ROW`.

    Raises:
        DataFileError: naming the file and line of each bad row.
    """
    rows, problems = gazetteer_rows(path)
    ctx = schema.Context()
    entries = []
    for node in rows:
        found = _row_problems(node, ctx)
        problems.extend(found)
        if not found:
            entries.append(_entry(node))
    if problems:
        raise DataFilesError([(path, p) for p in sorted(problems, key=lambda p: p.line)])
    return entries


def _yaml_node(node: yaml.Node, loader: Any, budget: list[int]) -> Node:
    budget[0] -= 1
    if budget[0] < 0:
        raise DataFileError("", "too many values (are YAML aliases multiplying them?)")
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)  # « <<: *defaults » merge keys
        pairs = tuple((_yaml_node(k, loader, budget), _yaml_node(v, loader, budget)) for k, v in node.value)
        return Node(pairs, line, "map")
    if isinstance(node, yaml.SequenceNode):
        return Node(tuple(_yaml_node(v, loader, budget) for v in node.value), line, "list")
    return Node(loader.construct_object(node, deep=True), line, "scalar")


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def lexicon_tree(path: Path) -> Node:
    """A YAML lexicon as nodes that know their line (a mapping at the top level).

    Raises:
        DataFileError: the file cannot be read or is not YAML.
    """
    text = _read_text(path, "lexicon")
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        node = None if root is None else _yaml_node(root, loader, [_MAX_NODES])
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DataFileError(path, f"malformed YAML: {problem}", line) from None
    except RecursionError:
        raise DataFileError(path, "malformed YAML: nested too deeply") from None
    except DataFileError as exc:
        raise DataFileError(path, exc.problem) from None
    finally:
        loader.dispose()
    if node is None or node.kind != "map":
        raise DataFileError(path, "a lexicon must be a YAML mapping at the top level", node.line if node else None)
    return node


def read_lexicon(path: Path) -> dict[str, Any]:
    """Read one YAML lexicon (a mapping at the top level), unchecked."""
    return lexicon_tree(path).plain()


def _targets(path: Path, tree: Node, shipped: bool) -> list[tuple[str, Node]] | Problem:
    """Which lexicons a file adds to: the one its name says, or the ones its top-level keys name."""
    keys = [key.value for key, _ in tree.value]
    stem = path.stem
    if stem in schema.LEXICON_NAMES and (shipped or all(k in schema.lexicon_kind(stem).fields for k in keys)):
        return [(stem, tree)]
    if keys and all(k in schema.LEXICON_NAMES for k in keys):
        return [(key.value, value) for key, value in tree.value]
    if stem in schema.LEXICON_NAMES:
        return [(stem, tree)]  # the file's own keys are then checked against that lexicon
    names = ", ".join(sorted(schema.LEXICON_NAMES))
    return Problem(tree.line, "", f"cannot tell which lexicon this adds to: name the file after one ({names}), "
                   f"or put its keys under one of them (e.g. 'relations:')")


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


def _names(targets: list[tuple[Path, str, Node]], lexicon: str, key: str, keys: bool) -> frozenset[str]:
    """Class names (``keys``) or words of ``lexicon.key`` over every file, read leniently for the checks."""
    found: set[str] = set()
    for _path, name, tree in targets:
        node = tree.get(key) if name == lexicon and tree.kind == "map" else None
        if node is None:
            continue
        if keys and node.kind == "map":
            found.update(k.value for k, _ in node.value if isinstance(k.value, str))
        elif not keys and node.kind == "list":
            found.update(normalize(v.value) for v in node.value if isinstance(v.value, str))
    return frozenset(found)


def _reference_problems(by_id: Mapping[str, GazetteerEntry],
                        rows_at: Mapping[str, tuple[Path, int]]) -> list[tuple[Path, Problem]]:
    """Rows whose ``state`` is not the id of a State, or whose ``parent`` is no id, in the merged gazetteers."""
    states = {e.id: e for e in by_id.values() if e.type is EntityType.STATE}
    by_label = {normalize(name): e.id for e in states.values() for name in (e.label, *e.aliases)}
    problems = []
    for entry in by_id.values():
        path, line = rows_at[entry.id]
        if entry.state is not None and entry.state not in states:
            hint = by_label.get(normalize(entry.state))
            known = f"did you mean {hint!r}?" if hint else "a State's id, e.g. its ISO 3166-1 alpha-3 code"
            problems.append((path, Problem(line, "state", f"{entry.state!r} is not the id of a State in the "
                                           f"gazetteers ({known})")))
        if entry.parent is not None and entry.parent not in by_id:
            problems.append((path, Problem(line, "parent", schema.unknown("gazetteer id", entry.parent, by_id))))
    return problems


def build_knowledge(settings: Settings) -> Knowledge:
    """Read and check every data file (shipped, then the user's), and compile them into a Knowledge.

    User gazetteer entries override shipped ones with the same id; user lexicons are merged over the
    shipped ones (lists concatenated). Every problem of every file is told, one line each.

    Raises:
        DataFileError: a file is unreadable, or breaks its declared shape (:mod:`diplograph.schema`).
    """
    problems: list[tuple[Path, Problem]] = []
    gazetteer_paths = shipped_gazetteers() + [Path(p) for p in settings.gazetteers]
    lexicon_paths = shipped_lexicons() + [Path(p) for p in settings.lexicons]
    shipped = set(shipped_lexicons())
    targets: list[tuple[Path, str, Node]] = []
    for path in lexicon_paths:
        try:
            tree = lexicon_tree(path)
        except DataFileError as exc:
            problems.append((path, Problem(exc.line or 0, "", exc.problem)))
            continue
        found = _targets(path, tree, path in shipped)
        if isinstance(found, Problem):
            problems.append((path, found))
        else:
            targets.extend((path, name, node) for name, node in found)
    from diplograph.vocab import relation_types  # rdflib: not loaded by ``import diplograph``

    types = relation_types()
    ctx = schema.Context(relation_types=frozenset(types), classes=_names(targets, "relations", "classes", keys=True),
                         prepositions=_names(targets, "relations", "prepositions", keys=False), fold=normalize)
    for path, name, node in targets:
        where = "" if path.stem == name else name
        problems.extend((path, p) for p in schema.check(node, schema.lexicon_kind(name), ctx, where))
    by_id: dict[str, GazetteerEntry] = {}
    rows_at: dict[str, tuple[Path, int]] = {}
    shipped_types: dict[str, EntityType] = {}
    shipped_own: dict[str, dict[str, Any]] = {}  # the links a shipped row carries itself
    shipped_gazetteer_files = set(shipped_gazetteers())
    for path in gazetteer_paths:
        try:
            rows, bad = gazetteer_rows(path)
        except DataFileError as exc:
            problems.append((path, Problem(exc.line or 0, "", exc.problem)))
            continue
        problems.extend((path, p) for p in bad)
        for node in rows:
            found_problems = _row_problems(node, ctx)
            problems.extend((path, p) for p in found_problems)
            if not found_problems:
                entry = _entry(node)
                by_id[entry.id] = entry
                rows_at[entry.id] = (path, node.line)
                if path in shipped_gazetteer_files:
                    shipped_types[entry.id] = entry.type
                    own = {k: getattr(entry, k) for k in _LINK_FIELDS if getattr(entry, k) is not None}
                    if own:
                        shipped_own[entry.id] = own
    problems.extend(_reference_problems(by_id, rows_at))
    links: dict[str, dict[str, Any]] = {}
    for path in shipped_links():
        try:
            links.update(read_links(path))
        except DataFilesError as exc:
            problems.extend(exc.problems)
    for ident, own in shipped_own.items():
        links[ident] = {**links.get(ident, {}), **own}
    if problems:
        raise DataFilesError(problems)
    for ident, entry in by_id.items():
        # a shipped link fills what a row does not say, for the entity the shipped data means
        if shipped_types.get(ident) is entry.type:
            extra = {k: v for k, v in links.get(ident, {}).items() if getattr(entry, k) is None}
            if extra:
                by_id[ident] = replace(entry, **extra)
    lexicons: dict[str, Any] = {}
    for _path, name, node in targets:
        lexicons[name] = merge_lexicon(lexicons.get(name, {}), node.plain())
    return Knowledge(entries=tuple(by_id.values()), lexicons=lexicons, by_id=by_id,
                     fingerprint=_fingerprint(gazetteer_paths + shipped_links() + lexicon_paths), relation_types=types,
                     symmetric_types=frozenset(n for n, t in types.items() if t.symmetric),
                     files=tuple(gazetteer_paths + lexicon_paths),
                     word_lists={(name, key): word_set(lexicons.get(name, {}), key)
                                 for name, keys in schema.WORD_LISTS.items() for key in sorted(keys)})


def load_resources(settings: Settings) -> Knowledge:
    """The former name of :func:`build_knowledge` (a new Knowledge on every call)."""
    return build_knowledge(settings)
