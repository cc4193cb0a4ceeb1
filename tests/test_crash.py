"""Exports of one build appear together or not at all: killed writers, concurrent writers, stale temporaries."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from diplograph.errors import ExportError
from diplograph.export import write_all
from diplograph.export._atomic import JOURNAL_NAME, folder_lock, recover, write_set
from diplograph.graph import KnowledgeGraph

NAMES = ("graph.ttl", "graph.nt", "graph.graphml", "graph.gexf", "graph.html")


def _temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_failing_export_leaves_the_previous_set_whole(records, tmp_path: Path):
    old, new = KnowledgeGraph.from_results(records[:1]), KnowledgeGraph.from_results(records)
    write_all(tmp_path, [(old, "graph.ttl"), (old, "graph.nt")])
    before = {n: (tmp_path / n).read_bytes() for n in ("graph.ttl", "graph.nt")}

    def broken(path: Path) -> None:
        path.write_text("half")
        raise ExportError(f"{path}: disk full")

    jobs = [("graph.ttl", lambda p: new.write(p, "turtle")), ("graph.nt", broken)]
    with pytest.raises(ExportError, match="disk full"):
        write_set(tmp_path, jobs)
    assert {n: (tmp_path / n).read_bytes() for n in before} == before  # the new Turtle did not replace the old
    assert _temporaries(tmp_path) == []


def test_stale_temporaries_are_removed_by_the_next_build(records, tmp_path: Path):
    kg = KnowledgeGraph.from_results(records)
    for name in (".graph.ttl.abc123.tmp", "..graph.html.x.tmp.y.tmp", f".{JOURNAL_NAME}.q.tmp"):
        (tmp_path / name).write_bytes(b"x" * 1000)
    (tmp_path / ".notes.tmp").write_text("the user's")  # not ours: kept
    write_all(tmp_path, [(kg, "graph.ttl")])
    assert _temporaries(tmp_path) == [".notes.tmp"]


def test_an_interrupted_commit_is_completed_by_the_next_writer(tmp_path: Path):
    (tmp_path / "graph.ttl").write_text("new ttl")  # already replaced when the writer was killed
    (tmp_path / ".graph.nt.k1.tmp").write_text("new nt")
    (tmp_path / "graph.nt").write_text("old nt")
    (tmp_path / JOURNAL_NAME).write_text(json.dumps([[".graph.ttl.k0.tmp", "graph.ttl"],
                                                      [".graph.nt.k1.tmp", "graph.nt"]]))
    with folder_lock(tmp_path):
        recover(tmp_path)
    assert (tmp_path / "graph.nt").read_text() == "new nt"
    assert not (tmp_path / JOURNAL_NAME).exists() and _temporaries(tmp_path) == []


def test_the_journal_never_names_a_file_outside_the_folder(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "victim").write_text("keep")
    (out / JOURNAL_NAME).write_text(json.dumps([["../victim", "../elsewhere"], [".graph.ttl.z.tmp", "/etc/x"]]))
    recover(out)
    assert (tmp_path / "victim").read_text() == "keep" and not (tmp_path / "elsewhere").exists()


def test_a_second_writer_of_the_folder_waits_for_the_first(tmp_path: Path):
    told: list[str] = []
    order: list[str] = []
    with folder_lock(tmp_path):
        thread = threading.Thread(target=lambda: order.append(
            write_set(tmp_path, [("graph.nt", lambda p: p.write_text("second"))], on_wait=told.append)[0].name))
        thread.start()
        time.sleep(0.3)
        order.append("first done")
    thread.join(10)
    assert order == ["first done", "graph.nt"]
    assert len(told) == 1 and "another build is writing" in told[0] and str(tmp_path) in told[0]


# The crash test runs in a fresh interpreter that forks a writer 20 times and kills it with
# SIGKILL at a random moment of its export (fork: no import, no graph building per kill).
CRASH_SCRIPT = textwrap.dedent('''
    import json, os, random, signal, sys, time
    from pathlib import Path
    from diplograph.export import write_all
    from diplograph.export._atomic import folder_lock, recover
    from diplograph.graph import KnowledgeGraph
    from diplograph.model import from_json

    records = from_json(json.load(open(sys.argv[1], encoding="utf-8")))
    out, names = Path(sys.argv[2]), sys.argv[3].split(",")
    sets = {"old": KnowledgeGraph.from_results(records[:1]), "new": KnowledgeGraph.from_results(records)}
    expected = {}
    for label, kg in sets.items():
        folder = out.parent / label
        write_all(folder, [(kg, n) for n in names])
        expected[label] = {n: (folder / n).read_bytes() for n in names}
    write_all(out, [(sets["old"], n) for n in names])
    started = time.perf_counter()
    write_all(out.parent / "timing", [(sets["new"], n) for n in names])
    duration = time.perf_counter() - started
    rng, state, seen = random.Random(14), "old", []
    for _kill in range(20):
        target = "new" if state == "old" else "old"
        pid = os.fork()
        if pid == 0:
            write_all(out, [(sets[target], n) for n in names])
            os._exit(0)
        time.sleep(rng.uniform(0, duration * 1.1))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with folder_lock(out):  # what the next build does first
            recover(out)
        found = {n: (out / n).read_bytes() for n in names}
        states = [label for label, files in expected.items() if files == found]
        temporaries = [p.name for p in out.iterdir() if p.name.endswith(".tmp") or p.name.startswith(".diplograph-c")]
        if len(states) != 1 or temporaries:
            print(f"kill {_kill}: mixed or temporaries left: {temporaries}", file=sys.stderr)
            sys.exit(1)
        state = states[0]
        seen.append(state)
    write_all(out, [(sets["new"], n) for n in names])
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    print(json.dumps(seen))
''')


def test_sigkill_during_export_leaves_a_whole_previous_or_new_set(tmp_path: Path):
    data = Path(__file__).resolve().parent / "data" / "records_kg.json"
    run = subprocess.run([sys.executable, "-c", CRASH_SCRIPT, str(data), str(tmp_path / "out"), ",".join(NAMES)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert len(json.loads(run.stdout)) == 20
