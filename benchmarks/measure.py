"""What bench_build.py measures with, apart from diplograph: the corpus reader, the two whole-process
commands, the clocks of child processes, the pair ratios and the floor (no spaCy import: the pure
functions are tested in tests/test_benchmarks.py)."""

from __future__ import annotations

import gzip
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path


def read_corpus(path: Path, articles: int | None = None, sample: int | None = None) -> list[dict]:
    """The rows of a JSONL corpus (``.jsonl`` or ``.jsonl.gz``) that have a non-blank string ``text``.

    Args:
        path: the corpus file.
        articles: how many rows to keep (default: all).
        sample: a random seed: keep a sample of ``articles`` rows drawn with it, in corpus order,
            instead of the first ``articles``.

    Raises:
        ValueError: ``articles`` is not positive or exceeds the rows of the corpus.
    """
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        rows = [row for row in (json.loads(line, strict=False) for line in handle if line.strip())
                if isinstance(row, dict) and isinstance(row.get("text"), str) and row["text"].strip()]
    if articles is None:
        return rows
    if not 0 < articles <= len(rows):
        raise ValueError(f"{path}: asked for {articles} articles, the corpus has {len(rows)}")
    if sample is None:
        return rows[:articles]
    chosen = sorted(random.Random(sample).sample(range(len(rows)), articles))
    return [rows[i] for i in chosen]


def write_jsonl(rows: list[dict], path: Path) -> Path:
    """Write ``rows`` as plain JSONL (what ``diplograph build`` reads) and return ``path``."""
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def pair_ratios(bare: list[float], build: list[float]) -> list[float]:
    """Per pair, bare time / build time: the build's throughput as a share of bare spaCy's."""
    if len(bare) != len(build) or not bare:
        raise ValueError("one build time per bare time, and at least one pair")
    return [b / o for b, o in zip(bare, build, strict=True)]


def gate(medians: dict[str, float], floor: float, clocks: tuple[str, ...]) -> list[str]:
    """The clocks among ``clocks`` whose median ratio is below ``floor`` (empty: the goal is met)."""
    return [clock for clock in clocks if medians[clock] < floor]


def children_cpu() -> float:
    """CPU seconds (user + system) of this process's terminated, waited-for children so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_child(command: list[str]) -> tuple[float, float]:
    """Run ``command`` to its end; its wall-clock and CPU seconds. A failure stops the benchmark."""
    cpu, started = children_cpu(), time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode:  # status 2: not a measure (status 1 is a ratio below the floor)
        print(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr[-3000:]}", file=sys.stderr)
        sys.exit(2)
    return wall, children_cpu() - cpu


# the bare side of ``process``: argv = model, batch size, JSONL file
BARE_SCRIPT = """\
import json, sys
import spacy
nlp = spacy.load(sys.argv[1])
with open(sys.argv[3], encoding="utf-8") as handle:
    texts = [json.loads(line, strict=False)["text"] for line in handle if line.strip()]
for _doc in nlp.pipe(texts, batch_size=int(sys.argv[2])):
    pass
"""


def bare_command(corpus: Path, model: str, batch_size: int) -> list[str]:
    return [sys.executable, "-c", BARE_SCRIPT, model, str(batch_size), str(corpus)]


def build_command(corpus: Path, model: str, batch_size: int, out: Path) -> list[str]:
    return [sys.executable, "-m", "diplograph", "build", str(corpus), "--no-cache", "--out", str(out), "--quiet",
            "--model", model, "--batch-size", str(batch_size), "--jobs", "1"]


def busy(load: float | None = None, cores: int | None = None) -> bool:
    """Whether the 1-minute load average (default: this machine's) exceeds the cores (default: its count)."""
    load = os.getloadavg()[0] if load is None else load
    return load > (cores or os.cpu_count() or 1)


def load_note() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"
