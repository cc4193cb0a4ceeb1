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

from diplograph.atomic import JOURNAL_NAME, folder_lock, recover, write_set
from diplograph.errors import ExportError
from diplograph.export import write_all
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
    for name in (".graph.ttl.abc123.tmp", "..graph.html.x.tmp.y.tmp", f".{JOURNAL_NAME}.q.tmp", ".diplograph-probe.z.tmp"):
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
        deadline = time.monotonic() + 30
        while not told and time.monotonic() < deadline:  # until the second writer says it waits
            time.sleep(0.01)
        time.sleep(0.05)
        order.append("first done")
    thread.join(10)
    assert order == ["first done", "graph.nt"]
    assert len(told) == 1 and "another build is writing" in told[0] and str(tmp_path) in told[0]


# The crash test runs in a fresh interpreter that forks `diplograph build` 20 times and kills it with
# SIGKILL at a random moment. The builds are served from a cache written from the record-built corpus,
# so the model is never loaded and each build is mostly export (fork: no import per kill).
CRASH_SCRIPT = textwrap.dedent('''
    import json, os, random, signal, sys, time
    from dataclasses import replace
    from pathlib import Path
    from diplograph import nlp
    from diplograph.cache import open_cache
    from diplograph.cli import main
    from diplograph.atomic import folder_lock, recover
    from diplograph.ingest import iter_documents
    from diplograph.model import from_json
    from diplograph.resources import load_resources
    from diplograph.settings import Settings

    records = from_json(json.load(open(sys.argv[1], encoding="utf-8")))
    work, formats = Path(sys.argv[2]), sys.argv[3].split(",")
    names = [f"graph.{f}" for f in formats]
    cache, out = work / "cache", work / "out"
    inputs = {"old": work / "old", "new": work / "new"}
    texts = [f"Document {n} du corpus de test, sans phrase utile." for n in range(len(records))]
    for label, count in (("old", 1), ("new", len(records))):
        inputs[label].mkdir(parents=True)
        for n in range(count):
            (inputs[label] / f"doc{n}.txt").write_text(texts[n], encoding="utf-8")
    settings = Settings(cache_dir=cache)
    store = open_cache(cache, settings.model, load_resources(settings).fingerprint, settings.max_chars)
    for document, record in zip(iter_documents([inputs["new"]]), records):
        store.put(replace(record, document=replace(document, text="")))

    def build(label, folder):
        return main(["build", str(inputs[label]), "--out", str(folder), "--cache-dir", str(cache),
                     "--formats", *formats, "-q"])

    expected = {}
    for label in inputs:
        assert build(label, work / f"expected-{label}") == 0
        expected[label] = {n: (work / f"expected-{label}" / n).read_bytes() for n in names}
    assert expected["old"] != expected["new"]
    assert build("old", out) == 0
    durations = []
    for label in ("new", "old", "new"):  # a forked build, as killed below, timed from fork to exit
        started = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            os._exit(build(label, work / "timing"))
        assert os.waitpid(pid, 0)[1] == 0
        durations.append(time.perf_counter() - started)
    duration = max(durations)
    assert nlp.load_nlp.cache_info().currsize == 0, "a document was parsed: the cache missed"
    rng, state, seen = random.Random(14), "old", []
    for kill in range(20):
        target = "new" if state == "old" else "old"
        pid = os.fork()
        if pid == 0:
            os._exit(build(target, out))
        time.sleep(rng.uniform(0, duration * 1.1))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with folder_lock(out):  # what the next build does first
            recover(out)
        found = {n: (out / n).read_bytes() for n in names}
        states = [label for label, files in expected.items() if files == found]
        temporaries = [p.name for p in out.iterdir() if p.name.endswith(".tmp") or p.name.startswith(".diplograph-c")]
        if len(states) != 1 or temporaries:
            print(f"kill {kill}: mixed set or temporaries left: {temporaries}", file=sys.stderr)
            sys.exit(1)
        state = states[0]
        seen.append(state)
    assert build("new", out) == 0
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    print(json.dumps({"seen": seen, "duration": duration}))
''')


def test_sigkill_during_a_build_leaves_a_whole_previous_or_new_set(tmp_path: Path):
    data = Path(__file__).resolve().parent / "data" / "records_kg.json"
    formats = ",".join(name.split(".")[1] for name in NAMES)
    run = subprocess.run([sys.executable, "-c", CRASH_SCRIPT, str(data), str(tmp_path), formats],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert len(json.loads(run.stdout)["seen"]) == 20


def test_a_full_disk_is_one_line_and_the_previous_set_stays(records, tmp_path: Path, monkeypatch, capsys):
    import errno

    from diplograph.cli import main
    from diplograph.export import html

    kg = KnowledgeGraph.from_results(records)
    write_all(tmp_path, [(kg, "graph.ttl"), (kg, "graph.html")])
    before = (tmp_path / "graph.ttl").read_bytes()

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(html, "_write_page", full)
    monkeypatch.setattr("diplograph.api.build", lambda *_a, **_k: KnowledgeGraph.from_results(records[:1]))
    assert main(["build", "ignored", "--out", str(tmp_path), "-q"]) == 1
    err = capsys.readouterr().err.strip()
    assert err == f"diplograph: error: {tmp_path / 'graph.html'}: cannot write: No space left on device"
    assert (tmp_path / "graph.ttl").read_bytes() == before and _temporaries(tmp_path) == []
