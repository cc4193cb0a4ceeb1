"""The one exception hierarchy of diplograph, and the wording of its messages.

The CLI catches :class:`DiplographError` only, and prints ``diplograph: error: <message>``.
Every message names the file (and the line, where there is one) and says what is wrong.
"""

from __future__ import annotations

from pathlib import Path


class DiplographError(Exception):
    """Base class of every error diplograph raises on purpose."""


class InputError(DiplographError):
    """An input document cannot be read or is not usable text."""

    def __init__(self, path: str | Path, problem: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.problem = problem
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {problem}")


class DataFileError(InputError):
    """A gazetteer or lexicon file (shipped or the user's) is malformed."""


class ExportError(DiplographError):
    """An export cannot be written."""


class MissingDependencyError(DiplographError, ImportError):
    """An optional package that a feature needs is not installed."""

    def __init__(self, package: str, feature: str) -> None:
        self.package = package
        super().__init__(f"{feature} need the optional package {package!r}: install it with pip install {package}")


class ModelError(DiplographError):
    """The spaCy pipeline cannot be loaded."""
