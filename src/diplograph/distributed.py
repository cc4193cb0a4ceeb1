"""Parsing and extraction on a Dask cluster, for corpora one machine cannot parse in time.

Documents are cut into partitions; each partition is one Dask task that runs the same
:func:`diplograph.pipeline.parse_and_extract` as a local build (the spaCy model is loaded once per
worker process and kept there; the build's Knowledge is sent once to each worker). Results come back
in input order and are merged on the client with :meth:`KnowledgeGraph.add`, so the graph is the one
a single-machine build gives. The per-document cache stays on the client: workers need neither a
shared file system nor the cache folder.

``dask[distributed]`` is the optional extra ``diplograph[dask]``; it is imported only here.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from diplograph.errors import DiplographError
from diplograph.model import DocResult, Document
from diplograph.pipeline import parse_and_extract
from diplograph.resources import Knowledge
from diplograph.settings import Settings

LOCAL = "local"
PARTITION_SIZE = 64  # documents per task: large enough to amortise scheduling, small enough to balance
IN_FLIGHT_PER_WORKER = 2  # tasks submitted ahead per worker: keeps workers busy, bounds client memory


def partitions(documents: Iterable[Document], size: int = PARTITION_SIZE) -> Iterator[list[Document]]:
    """Cut a stream of documents into lists of ``size`` (the last one shorter).

    >>> [len(p) for p in partitions(range(5), 2)]
    [2, 2, 1]
    """
    iterator = iter(documents)
    while chunk := list(islice(iterator, size)):
        yield chunk


def process_partition(documents: list[Document], settings: Settings, knowledge: Knowledge) -> list[DocResult]:
    """Run on a worker: parse and extract one partition (the model is loaded once per process).

    Args:
        documents: the partition.
        settings: the client's settings; the cache and process count are the client's business.
        knowledge: the client's Knowledge (the data files are read on the client only).

    Returns:
        The partition's results, in order.
    """
    return list(parse_and_extract(documents, settings.with_(cache_dir=None, jobs=1), knowledge))


def connect(address: str, workers: int) -> tuple[Any, Any]:
    """A Dask client for ``address``, or for a new local cluster of ``workers`` single-thread processes.

    Returns:
        ``(client, cluster)``; ``cluster`` is None for a remote scheduler.

    Raises:
        DiplographError: Dask is not installed, or the scheduler cannot be reached.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise DiplographError("--dask needs Dask: pip install 'diplograph[dask]'") from None
    try:
        if address == LOCAL:
            cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            return Client(cluster), cluster
        return Client(address, timeout="30s"), None
    except (OSError, TimeoutError) as exc:
        raise DiplographError(f"dask scheduler {address}: cannot connect ({exc})") from None


def dask_results(documents: Iterable[Document], settings: Settings, address: str,
                 knowledge: Knowledge) -> Iterator[DocResult]:
    """Results of ``documents`` computed on a Dask cluster, yielded in input order.

    At most a few partitions per worker are in flight, so the client holds a bounded number of
    documents and results whatever the corpus size.

    Args:
        documents: the input records (read lazily).
        settings: as for a local build; ``settings.jobs`` is the size of a ``local`` cluster.
        address: a scheduler address (``tcp://host:8786``) or ``"local"``.
        knowledge: the build's Knowledge, sent once to every worker.

    Returns:
        An iterator of per-document results, in input order.
    """
    client, cluster = connect(address, settings.jobs)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        shared = client.scatter(knowledge, broadcast=True)  # pickled once, not with every partition
        window: deque[Any] = deque()
        for chunk in partitions(documents, PARTITION_SIZE):
            window.append(client.submit(process_partition, chunk, settings, shared, pure=False))
            if len(window) >= workers * IN_FLIGHT_PER_WORKER:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
