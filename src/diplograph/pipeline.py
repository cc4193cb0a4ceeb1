"""Parse and extract a stream of documents on this machine: spaCy in this process or in forked ones.

The stage below :mod:`diplograph.api` (which adds the cache and Dask) and the code a Dask worker runs
(:mod:`diplograph.distributed`): both call :func:`parse_and_extract` with the one :class:`Knowledge`
of the build.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from diplograph.extract import extract
from diplograph.model import DocResult, Document
from diplograph.nlp import load_nlp, parse_text
from diplograph.resources import Knowledge
from diplograph.settings import Settings


def parse_and_extract(documents: Iterable[Document], settings: Settings, knowledge: Knowledge) -> Iterator[DocResult]:
    """Parse ``documents`` with spaCy (``settings.jobs`` processes) and extract each, in input order.

    Only the text crosses to spaCy's worker processes: the Document records wait here in a FIFO
    (``nlp.pipe`` keeps the order), and each Doc is dropped as soon as it is extracted.
    """
    if settings.jobs > 1 and "fork" in multiprocessing.get_all_start_methods():
        yield from _in_processes(documents, settings, knowledge)
        return
    nlp = load_nlp(settings.model)
    waiting: deque[Document] = deque()

    def texts() -> Iterator[str]:
        for document in documents:
            waiting.append(document)
            yield parse_text(document.text[: settings.max_chars])

    n_process = max(1, settings.jobs)  # > 1 only where processes cannot be forked
    for parsed in nlp.pipe(texts(), batch_size=settings.batch_size, n_process=n_process):
        yield extract(parsed, waiting.popleft(), knowledge)


_worker: dict[str, Knowledge] = {}  # in a forked worker only: the build's Knowledge, given at fork time


def _start_worker(knowledge: Knowledge) -> None:
    _worker["knowledge"] = knowledge


def _extract_batch(documents: list[Document], settings: Settings) -> list[DocResult]:
    """In a worker process: parse and extract one batch (model and Knowledge inherited from the parent)."""
    return list(parse_and_extract(documents, settings.with_(jobs=1), _worker["knowledge"]))


def _in_processes(documents: Iterable[Document], settings: Settings, knowledge: Knowledge) -> Iterator[DocResult]:
    """``settings.jobs`` forked processes each parse *and extract* batches; results come back in order.

    Like spaCy's ``n_process``, but a worker sends back the small DocResult instead of a pickled
    Doc, and extraction runs in parallel too. At most two batches per process are in flight. The
    Knowledge reaches the workers through the fork (not pickled with every batch).
    """
    load_nlp(settings.model)  # loaded once here; the forked workers share it
    context = multiprocessing.get_context("fork")
    with context.Pool(settings.jobs, initializer=_start_worker, initargs=(knowledge,)) as pool:
        window: deque[Any] = deque()
        iterator = iter(documents)
        while batch := list(islice(iterator, settings.batch_size)):
            window.append(pool.apply_async(_extract_batch, (batch, settings)))
            if len(window) >= 2 * settings.jobs:
                yield from window.popleft().get()
        while window:
            yield from window.popleft().get()
