"""The only place where the stages are wired together: ingest -> nlp -> extract -> graph."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from diplograph.errors import DiplographError, InputError
from diplograph.extract import extract
from diplograph.graph import KnowledgeGraph
from diplograph.ingest import expand_paths, iter_documents, make_document
from diplograph.model import DocResult, Document
from diplograph.nlp import load_nlp, parse_text
from diplograph.resources import load_resources
from diplograph.settings import Settings

ProgressFactory = Callable[[int | None], Callable[[int], None]]


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


def process(documents: Iterable[Document], settings: Settings) -> Iterator[DocResult]:
    """Parse and extract documents one by one (streamed through spaCy in batches)."""
    resources = load_resources(settings)
    nlp = load_nlp(settings.model)
    pairs = ((parse_text(doc.text[: settings.max_chars]), doc) for doc in documents)
    n_process = max(1, settings.jobs)
    for parsed, document in nlp.pipe(pairs, as_tuples=True, batch_size=settings.batch_size, n_process=n_process):
        yield extract(parsed, document, resources)


def build_documents(
    documents: Iterable[Document], settings: Settings | None = None, on_result: Callable[[DocResult], None] | None = None
) -> KnowledgeGraph:
    """Build a graph from Document records."""
    settings = settings or Settings()
    kg = KnowledgeGraph()
    for result in process(documents, settings):
        kg.add(result)
        if on_result is not None:
            on_result(result)
    return kg.finalize()


def build(
    paths: Iterable[str | Path] = ("seeds",),
    settings: Settings | None = None,
    *,
    on_error: Callable[[InputError], None] | None = None,
    on_result: Callable[[DocResult], None] | None = None,
) -> KnowledgeGraph:
    """Build the knowledge graph of the documents in ``paths`` (files or folders).

    Bad inputs are reported to ``on_error`` (default: kept in ``kg.warnings``) and skipped.

    Raises:
        DiplographError: no document could be read, or a data file or the model is unusable.
    """
    settings = settings or Settings()
    problems: list[str] = []

    def report(error: InputError) -> None:
        problems.append(str(error))
        if on_error is not None:
            on_error(error)

    kg = build_documents(iter_documents(list(paths), on_error=report), settings, on_result)
    kg.warnings.extend(problems)
    if not kg.documents:
        detail = f": {problems[0]}" if len(problems) == 1 else f" ({len(problems)} inputs failed)" if problems else ""
        raise DiplographError(f"no document could be read{detail}")
    return kg


def build_texts(texts: Iterable[str], settings: Settings | None = None) -> KnowledgeGraph:
    """Build a graph from strings (each one a document named ``text-<n>``).

    >>> kg = build_texts(["La France a condamné la Syrie."])  # doctest: +SKIP
    """
    documents = (make_document(text, f"text-{n}") for n, text in enumerate(texts, start=1) if text.strip())
    return build_documents(documents, settings)
