"""diplograph: a knowledge graph of international relations from French news and diplomatic texts.

>>> import diplograph
>>> sorted(diplograph.__all__)[:3]
['DiplographError', 'KnowledgeGraph', 'Settings']
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("diplograph")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0+source"

from diplograph.api import build, build_texts
from diplograph.errors import DiplographError
from diplograph.export import write
from diplograph.graph import KnowledgeGraph
from diplograph.settings import Settings

__all__ = ["DiplographError", "KnowledgeGraph", "Settings", "build", "build_texts", "write"]
