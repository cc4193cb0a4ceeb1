"""Write files atomically, one at a time or as a set: a crash never leaves a half-written output.

:func:`atomic_write` replaces one file in one step. :func:`write_set` writes the exports of one
build so that they appear together or not at all: every file is written to a temporary beside
its target, then a journal naming the replacements is written (atomically), then the temporaries
replace the targets, then the journal is removed. A build killed before the journal exists
leaves the previous set untouched; one killed after it has its replacements completed by the
next writer of the folder (:func:`recover`), which also removes stale temporaries. A lock file
makes a second writer of the same folder wait for the first.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO

from diplograph.errors import ExportError

try:
    import fcntl
except ImportError:  # pragma: no cover (Windows: no lock, the rest still holds)
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".diplograph.lock"
JOURNAL_NAME = ".diplograph-commit.json"


def _mode_for(target: Path) -> int:
    """The mode of the file being replaced, or 0666 less the umask for a new file."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)


@contextlib.contextmanager
def atomic_write(path: str | Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Open a temporary file beside ``path``; on success it replaces ``path`` in one step.

    Raises:
        ExportError: the folder cannot be written, or ``path`` cannot be replaced (e.g. a folder).
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise ExportError(f"{target}: cannot write: {_why(exc)}") from None
    try:
        try:
            with os.fdopen(fd, mode, encoding=encoding if "b" not in mode else None) as handle:
                yield handle
            os.chmod(tmp, _mode_for(target))  # mkstemp creates 0600: give the file the mode open() would
            os.replace(tmp, target)
        except OSError as exc:  # a full disk, a folder in the target's place...
            raise ExportError(f"{target}: cannot write: {_why(exc)}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def check_destination(folder: str | Path, names: Sequence[str]) -> None:
    """Fail early (before any work) when ``folder/name`` cannot be written for some name.

    Raises:
        ExportError: naming the folder or file and the problem.
    """
    folder = Path(folder)
    ancestor = folder
    while not ancestor.exists() and not ancestor.is_symlink() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise ExportError(f"{ancestor}: cannot write the exports into {folder}: {ancestor} is not a folder")
    if ancestor != folder:
        if not os.access(ancestor, os.W_OK | os.X_OK):
            raise ExportError(f"{folder}: cannot create the output folder: permission denied in {ancestor}")
        return
    for name in names:
        if (folder / name).is_dir():
            raise ExportError(f"{folder / name}: is a folder, cannot write the export there")
    try:  # an unnamed file where the system has them (O_TMPFILE): a kill here leaves nothing
        with tempfile.TemporaryFile(prefix=".diplograph-probe.", suffix=".tmp", dir=folder):
            pass
    except OSError as exc:
        raise ExportError(f"{folder}: cannot write the exports: {_why(exc)}") from None


@contextlib.contextmanager
def folder_lock(folder: Path, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the write lock of ``folder`` (waiting for another holder, after telling ``on_wait``)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise ExportError(f"{folder}: cannot write the exports: {_why(exc)}") from None
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if on_wait is not None:
                    on_wait(f"{folder}: another build is writing its exports here; waiting for it to finish")
                fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _is_temporary(name: str) -> bool:
    return name.startswith(".") and name.endswith(".tmp")


def recover(folder: str | Path) -> None:
    """Complete the replacements of a set whose writer was killed, and remove stale temporaries.

    Call it holding :func:`folder_lock` (:func:`write_set` does).
    """
    folder = Path(folder)
    journal = folder / JOURNAL_NAME
    try:
        pairs = json.loads(journal.read_text(encoding="utf-8"))
    except FileNotFoundError:
        pairs = []
    except (OSError, ValueError):
        pairs = []  # unreadable: written atomically, so never half-written; nothing to complete
    for pair in pairs if isinstance(pairs, list) else []:
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)):
            continue
        tmp, target = (folder / Path(p).name for p in pair)  # names only: never outside the folder
        if tmp.is_file() and _is_temporary(tmp.name):
            with contextlib.suppress(OSError):
                os.replace(tmp, target)
    with contextlib.suppress(OSError):
        journal.unlink()
    try:
        names = os.listdir(folder)
    except OSError:
        return
    stems = {Path(p[1]).name for p in pairs if isinstance(p, list) and len(p) == 2} if isinstance(pairs, list) else set()
    for name in names:
        if _is_temporary(name) and (name.startswith((".graph.", "..graph.", f".{JOURNAL_NAME}.", ".diplograph-probe."))
                                    or any(name.startswith((f".{s}.", f"..{s}.")) for s in stems)):
            with contextlib.suppress(OSError):
                os.unlink(folder / name)


Writer = Callable[[Path], object]


def write_set(folder: str | Path, writers: Sequence[tuple[str, Writer]],
              on_wait: Callable[[str], None] | None = None) -> list[Path]:
    """Write every ``(name, writer)`` into ``folder`` as one set: all replaced together, or none.

    Args:
        folder: the output folder (created if needed).
        writers: file names, each with a function that writes that export to the path it is given.
        on_wait: told (one line) when another build holds the folder's lock.

    Returns:
        The paths written, in the order of ``writers``.

    Raises:
        ExportError: a file cannot be written; the previous set is left as it was.

    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> [p.name for p in write_set(out, [("a.txt", lambda p: p.write_text("A")), ("b.txt", lambda p: p.write_text("B"))])]
    ['a.txt', 'b.txt']
    """
    folder = Path(folder)
    with folder_lock(folder, on_wait):
        recover(folder)
        for name, _writer in writers:
            if (folder / name).is_dir():
                raise ExportError(f"{folder / name}: is a folder, cannot write the export there")
        temps: list[tuple[Path, Path]] = []
        try:
            for name, writer in writers:
                target = folder / name
                try:
                    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
                except OSError as exc:
                    raise ExportError(f"{target}: cannot write: {_why(exc)}") from None
                except ExportError as exc:  # the message names the target, not its temporary
                    raise ExportError(str(exc).replace(tmp, str(target))) from None
                os.close(fd)
                temps.append((Path(tmp), target))
                try:
                    writer(Path(tmp))
                    os.chmod(tmp, _mode_for(target))
                except OSError as exc:
                    raise ExportError(f"{target}: cannot write: {_why(exc)}") from None
                except ExportError as exc:  # the message names the target, not its temporary
                    raise ExportError(str(exc).replace(tmp, str(target))) from None
            with atomic_write(folder / JOURNAL_NAME) as handle:
                json.dump([[tmp.name, target.name] for tmp, target in temps], handle)
        except BaseException:
            for tmp, _target in temps:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
            raise
        for tmp, target in temps:
            try:
                os.replace(tmp, target)
            except OSError as exc:  # the journal stays: the next writer completes the set
                raise ExportError(f"{target}: cannot write: {_why(exc)}") from None
        with contextlib.suppress(OSError):
            (folder / JOURNAL_NAME).unlink()
    return [target for _tmp, target in temps]
