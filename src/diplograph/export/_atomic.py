"""The former home of :func:`diplograph.atomic.atomic_write` (kept for imports written before it moved)."""

from diplograph.atomic import atomic_write

__all__ = ["atomic_write"]
