"""The only place where the stages are wired together: ingest -> nlp -> extract -> graph."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import partial
from itertools import chain
from pathlib import Path

from diplograph.cache import ResultCache, open_cache
from diplograph.distributed import dask_results
from diplograph.errors import DiplographError, InputError
from diplograph.graph import KnowledgeGraph
from diplograph.ingest import expand_paths, iter_documents, make_document
from diplograph.model import DocResult, Document
from diplograph.pipeline import parse_and_extract
from diplograph.resources import Knowledge, build_knowledge
from diplograph.settings import Settings

Runner = Callable[[Iterable[Document]], Iterator[DocResult]]


def count_documents(paths: Iterable[str | Path]) -> int | None:
    """How many documents ``paths`` hold (JSONL lines counted), for a progress bar; None if unknown."""
    total = 0
    try:
        for path in expand_paths(paths, on_error=lambda _e: None):
            if path.suffix.lower() == ".jsonl":
                with path.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            else:
                total += 1
    except OSError:
        return None
    return total


def _through_cache(documents: Iterable[Document], cache: ResultCache, run: Runner) -> Iterator[DocResult]:
    """Results of ``documents`` in input order: cached ones read back, the others computed by ``run``.

    ``run`` (and so the spaCy model) is never started when every document is cached; each new
    result is stored as soon as it is extracted, so an interrupted build resumes where it stopped.
    """
    order: deque[DocResult | None] = deque()  # None marks a document handed to ``run``

    def misses() -> Iterator[Document]:
        for document in documents:
            hit = cache.get(document)
            order.append(hit)
            if hit is None:
                yield document

    pending = misses()
    first = next(pending, None)
    while order and order[0] is not None:
        yield order.popleft()  # type: ignore[misc]
    if first is None:
        return
    for result in run(chain([first], pending)):
        while order[0] is not None:
            yield order.popleft()  # type: ignore[misc]
        order.popleft()
        cache.put(result)
        yield result
    yield from order  # type: ignore[misc]


def process(documents: Iterable[Document], settings: Settings, *, dask: str | None = None,
            knowledge: Knowledge | None = None) -> Iterator[DocResult]:
    """Parse and extract documents one by one, in input order (streamed through spaCy in batches).

    Args:
        documents: the input records; they are read lazily, and no spaCy Doc outlives its extraction.
        settings: model, data files, ``jobs``, ``batch_size``, ``cache_dir`` (None: no cache).
        dask: a Dask scheduler address, or ``"local"``, to parse on Dask workers (None: this machine).
        knowledge: the data files, already read (default: read from ``settings`` now).

    Returns:
        An iterator of per-document results.
    """
    for name in ("jobs", "batch_size", "max_chars"):
        value = getattr(settings, name)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise DiplographError(f"Settings.{name} must be a whole number of at least 1, got {value!r}")
    knowledge = knowledge or build_knowledge(settings)
    if dask is None:
        run: Runner = partial(parse_and_extract, settings=settings, knowledge=knowledge)
    else:
        run = partial(dask_results, settings=settings, address=dask, knowledge=knowledge)
    if settings.cache_dir is None:
        yield from run(documents)
        return
    cache = open_cache(Path(settings.cache_dir), settings.model, knowledge.fingerprint, settings.max_chars)
    yield from _through_cache(documents, cache, run)


def confident(result: DocResult, threshold: float) -> DocResult:
    """``result`` without the evidence less trusted than ``threshold`` (and relations left with none).

    The cache keeps every relation found, so that another threshold needs no new parse.
    """
    if threshold <= 0 or all(ev.confidence >= threshold for r in result.relations for ev in r.evidence):
        return result
    kept = []
    for relation in result.relations:
        evidence = tuple(ev for ev in relation.evidence if ev.confidence >= threshold)
        if evidence:
            kept.append(relation if len(evidence) == len(relation.evidence) else replace(relation, evidence=evidence))
    return replace(result, relations=tuple(kept))


def build_documents(
    documents: Iterable[Document],
    settings: Settings | None = None,
    on_result: Callable[[DocResult], None] | None = None,
    *,
    dask: str | None = None,
    knowledge: Knowledge | None = None,
) -> KnowledgeGraph:
    """Build a graph from Document records (``dask``, ``knowledge``: see :func:`process`)."""
    settings = settings or Settings()
    kg = KnowledgeGraph()
    for result in process(documents, settings, dask=dask, knowledge=knowledge):
        kg.add(confident(result, settings.min_confidence))
        if on_result is not None:
            on_result(result)
    return kg.finalize()


def build(
    paths: Iterable[str | Path] = ("seeds",),
    settings: Settings | None = None,
    *,
    on_error: Callable[[InputError], None] | None = None,
    on_result: Callable[[DocResult], None] | None = None,
    dask: str | None = None,
    knowledge: Knowledge | None = None,
) -> KnowledgeGraph:
    """Build the knowledge graph of the documents in ``paths`` (files or folders).

    ``dask`` runs the parsing on a Dask cluster; ``knowledge`` is the data files already read
    (see :func:`process`).

    Bad inputs are reported to ``on_error`` (default: kept in ``kg.warnings``) and skipped.

    Args:
        paths: files or folders of .txt, .md, .html and .jsonl documents.
        settings: how to build (default: :class:`Settings()`).
        on_error: called with each input that cannot be read.
        on_result: called with each document's result as it is merged.

    Returns:
        The finalized graph.

    The examples need the spaCy model, so the doctest run skips them:

    >>> kg = build(["seeds"])  # doctest: +SKIP
    >>> kg.relations_df().query("modality == 'asserted'")  # doctest: +SKIP

    Raises:
        DiplographError: no document could be read, or a data file or the model is unusable.
    """
    settings = settings or Settings()
    problems: list[str] = []

    def report(error: InputError) -> None:
        problems.append(str(error))
        if on_error is not None:
            on_error(error)

    knowledge = knowledge or build_knowledge(settings)  # every data file checked before any input is read
    kg = build_documents(iter_documents(list(paths), on_error=report), settings, on_result, dask=dask,
                         knowledge=knowledge)
    kg.warnings.extend(problems)
    if not kg.documents:
        detail = f": {problems[0]}" if len(problems) == 1 else f" ({len(problems)} inputs failed)" if problems else ""
        raise DiplographError(f"no document could be read{detail}")
    return kg


def build_texts(texts: Iterable[str], settings: Settings | None = None) -> KnowledgeGraph:
    """Build a graph from strings (each one a document named ``text-<n>``; blank strings are skipped).

    Args:
        texts: the documents' texts.
        settings: how to build (default: :class:`Settings()`).

    Returns:
        The finalized graph.

    The examples need the spaCy model, so the doctest run skips them:

    >>> kg = build_texts(["Le Brésil a condamné l'Argentine."])  # doctest: +SKIP
    >>> sorted(kg.entities)  # doctest: +SKIP
    ['state/ARG', 'state/BRA']
    """
    documents = (make_document(text, f"text-{n}") for n, text in enumerate(texts, start=1) if text.strip())
    return build_documents(documents, settings)


def write(kg: KnowledgeGraph, path: str | Path, format: str | None = None) -> Path:
    """Write ``kg`` to ``path`` in ``format``, or in the format the suffix names (same as ``kg.write``).

    Args:
        kg: the graph.
        path: the file to write (atomically).
        format: an exporter name, overriding the suffix.

    Returns:
        The path written.

    Raises:
        ExportError: the format is unknown or the file cannot be written.

    >>> import tempfile
    >>> write(KnowledgeGraph(), Path(tempfile.mkdtemp()) / "graph.html").name
    'graph.html'
    """
    from diplograph.export import write as write_export

    return write_export(kg, path, format)
