"""Streaming pieces of the RDF writers: sorted distinct lines in bounded memory, fed to Oxigraph
as a byte stream, and Oxigraph's output written through with its ``@prefix`` lines sorted.

Together they let :func:`diplograph.export.rdf.write_rdf` write the same bytes as
:func:`diplograph.export.rdf.serialize` without holding the whole export in memory.
"""

from __future__ import annotations

import heapq
import io
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

_RUN_LINES = 50_000  # lines sorted in memory at once (~10 MB); longer exports spill sorted runs to disk


def sorted_distinct(lines: Iterator[bytes], run_lines: int | None = None) -> Iterator[bytes]:
    """``sorted(set(lines))`` in bounded memory: runs sorted in memory, spilled, then merged.

    Lines are UTF-8 (half the memory of a str holding one non-Latin-1 character, and sorted in the
    same order: UTF-8 keeps code point order). They hold no raw line break (N-Triples escapes them),
    so a run file is one line per line.
    """
    run_lines = run_lines or _RUN_LINES
    runs: list[IO[bytes]] = []
    run: set[bytes] = set()
    try:
        for line in lines:
            run.add(line)
            if len(run) >= run_lines:
                spill = tempfile.TemporaryFile("w+b")  # noqa: SIM115 (closed below)
                spill.writelines(item + b"\n" for item in sorted(run))
                spill.seek(0)
                runs.append(spill)
                run = set()
        if not runs:
            yield from sorted(run)
            return
        streams = [(item[:-1] for item in spill) for spill in runs]
        previous = None
        for line in heapq.merge(sorted(run), *streams):
            if line != previous:
                yield line
                previous = line
    finally:
        for spill in runs:
            spill.close()


def sort_prefix_lines(data: bytes) -> bytes:
    """Oxigraph writes the ``@prefix`` lines in hash order: sort them so that output is deterministic."""
    lines = data.split(b"\n")
    head = 0
    while head < len(lines) and lines[head].startswith(b"@prefix "):
        head += 1
    return b"\n".join(sorted(lines[:head]) + lines[head:])


class LineReader(io.RawIOBase):
    """The sorted UTF-8 lines as a byte stream for Oxigraph (no joined copy in memory)."""

    def __init__(self, lines: Iterable[bytes]) -> None:
        self._lines = iter(lines)
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        size, have = len(buffer), len(self._pending)
        if have < size:
            parts = [self._pending]
            for line in self._lines:
                data = line + b"\n"
                parts.append(data)
                have += len(data)
                if have >= size:
                    break
            self._pending = b"".join(parts)
        count = min(size, len(self._pending))
        buffer[:count] = self._pending[:count]
        self._pending = self._pending[count:]
        return count


class PrefixSorter:
    """A writer that sorts the leading ``@prefix`` lines (as :func:`sort_prefix_lines`), then streams."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self._head: bytearray | None = bytearray()  # None once the prefix lines are written

    def write(self, data: bytes) -> int:
        if self._head is None:
            return self._handle.write(data)
        self._head += data
        start = 0
        while (end := self._head.find(b"\n", start)) >= 0 and self._head.startswith(b"@prefix ", start):
            start = end + 1
        if end >= 0:  # a whole line that is no prefix: the head is complete
            head = bytes(self._head[:start]).split(b"\n")[:-1]
            self._handle.write(b"".join(line + b"\n" for line in sorted(head)) + bytes(self._head[start:]))
            self._head = None
        return len(data)

    def flush(self) -> None:
        self._handle.flush()

    def close(self) -> None:
        """Write what is still held (an output made only of prefix lines)."""
        if self._head is not None:
            self._handle.write(sort_prefix_lines(bytes(self._head)))
            self._head = None
