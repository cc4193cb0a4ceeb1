"""Parse and extract a stream of documents on this machine: spaCy in this process or in forked ones.

The stage below :mod:`diplograph.api` (which adds the cache and Dask) and the code a Dask worker runs
(:mod:`diplograph.distributed`): both call :func:`parse_and_extract` with the one :class:`Knowledge`
of the build.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from itertools import islice
from typing import Any

from diplograph.extract import extract
from diplograph.model import DocResult, Document, Entity, Evidence, Post
from diplograph.nlp import load_nlp, parse_text, split_long_text
from diplograph.resolve import merge_entity
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
    nlp.max_length = max(nlp.max_length, settings.max_chars + 1)  # the pieces are never longer than max_chars
    waiting: deque[tuple[Document, Document, int, bool]] = deque()  # document, piece, offset, last piece?

    def texts() -> Iterator[str]:
        for document in documents:
            if len(document.text) <= settings.max_chars:
                waiting.append((document, document, 0, True))
                yield parse_text(document.text)
                continue
            pieces = split_long_text(document.text, settings.max_chars)
            for n, (offset, text) in enumerate(pieces, start=1):
                waiting.append((document, replace(document, text=text), offset, n == len(pieces)))
                yield parse_text(text)

    n_process = max(1, settings.jobs)  # > 1 only where processes cannot be forked
    parts: list[tuple[int, DocResult]] = []
    for parsed in nlp.pipe(texts(), batch_size=settings.batch_size, n_process=n_process):
        document, piece, offset, last = waiting.popleft()
        result = extract(parsed, piece, knowledge)
        if piece is document:
            yield result
            continue
        parts.append((offset, result))
        if last:
            yield merge_pieces(parts)
            parts = []


def _shifted(evidence: tuple[Evidence, ...], offset: int) -> tuple[Evidence, ...]:
    return tuple(replace(ev, start=ev.start + offset, end=ev.end + offset) for ev in evidence)


def merge_pieces(parts: Sequence[tuple[int, DocResult]]) -> DocResult:
    """One document's result from the results of its pieces (:func:`~diplograph.nlp.split_long_text`).

    Offsets are moved by each piece's offset, so they index the whole text; an entity found in
    several pieces is one record (mentions counted over all of them).

    >>> from diplograph.model import Document, Modality, Relation
    >>> doc = Document("d", "a.txt", "", "sha256:x")
    >>> ev = Evidence("d", 0, 4, "Deux")
    >>> rel = Relation("criticism", "state/A", "state/B", Modality.ASSERTED, (ev,))
    >>> merge_pieces([(0, DocResult(doc)), (10, DocResult(doc, relations=(rel,)))]).relations[0].evidence[0].start
    10
    """
    entities: dict[str, Entity] = {}
    posts: dict[tuple[str, str | None, str], Post] = {}
    mentions, relations, warnings = [], [], []
    for offset, result in parts:
        for entity in result.entities:
            old = entities.get(entity.key)
            entities[entity.key] = entity if old is None else merge_entity(old, entity)
        mentions.extend(replace(m, start=m.start + offset, end=m.end + offset) for m in result.mentions)
        for post in result.posts:
            key = (post.person, post.title, post.organization)
            moved = _shifted(post.evidence, offset)
            old_post = posts.get(key)
            posts[key] = replace(post, evidence=moved) if old_post is None else replace(
                old_post, evidence=old_post.evidence + moved)
        relations.extend(replace(r, evidence=_shifted(r.evidence, offset)) for r in result.relations)
        warnings.extend(result.warnings)
    return DocResult(parts[0][1].document, tuple(entities.values()), tuple(mentions), tuple(posts.values()),
                     tuple(relations), tuple(warnings))


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
