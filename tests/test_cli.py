"""The command line: help everywhere, exit codes, one-line errors, atomic outputs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from diplograph.cli import main, make_parser

ROOT = Path(__file__).resolve().parents[1]


def _commands() -> list[str]:
    parser = make_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return sorted(sub.choices)  # type: ignore[arg-type]


def test_cli_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0 and capsys.readouterr().out.startswith("diplograph ")


@pytest.mark.parametrize("command", [None, *_commands()])
def test_cli_help_on_every_command(command):
    args = [sys.executable, "-m", "diplograph", *([command] if command else []), "--help"]
    done = subprocess.run(args, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "usage: diplograph" in done.stdout and "Traceback" not in done.stderr


def test_cli_usage_error_exit_code_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["build", "--jobs", "many"])
    assert info.value.code == 2


def test_cli_no_readable_input_is_one_line_and_exit_1(tmp_path: Path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9 cr\xe8me")
    out = tmp_path / "out"
    assert main(["build", str(bad), "--out", str(out), "--quiet"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0] == f"diplograph: warning: {bad}: not UTF-8 text (byte 0xe9 at offset 3); re-encode it, e.g. iconv -f latin1 -t utf-8"
    assert err[-1].startswith("diplograph: error: no document could be read")
    assert not out.exists()  # nothing half-written


def test_cli_bad_gazetteer_is_one_line(tmp_path: Path, capsys):
    gazetteer = tmp_path / "mine.jsonl"
    gazetteer.write_text('{"id": "X", "type": "Nation", "label": "Y"}\n', encoding="utf-8")
    assert main(["info", "--gazetteer", str(gazetteer)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"diplograph: error: {gazetteer}:1: type: unknown entity type 'Nation'") and "\n" not in err


@pytest.mark.model
def test_cli_build_writes_exports_and_summary_despite_a_bad_file(tmp_path: Path, capsys, nlp):
    good = tmp_path / "in" / "good.txt"
    good.parent.mkdir()
    good.write_text("Le président ghanéen John Mahama a reçu le ministre nigérian de la Défense.", encoding="utf-8")
    (tmp_path / "in" / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(good.parent), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert f"diplograph: warning: {tmp_path / 'in' / 'empty.txt'}: empty file" in captured.err
    assert "documents: 1" in captured.out and "State" in captured.out and "time:" in captured.out
    assert (out / "graph.ttl").stat().st_size > 0 and (out / "graph.html").stat().st_size > 0
    assert not list(out.glob(".*.tmp"))


@pytest.mark.model
def test_cli_quiet_prints_nothing(tmp_path: Path, capsys, nlp):
    good = tmp_path / "a.txt"
    good.write_text("La Norvège a adhéré au traité.", encoding="utf-8")
    assert main(["build", str(good), "--out", str(tmp_path / "o"), "--quiet"]) == 0
    assert capsys.readouterr().out == ""


def test_cli_unwritable_output_is_one_line(tmp_path: Path, capsys, monkeypatch):
    from diplograph import atomic as _atomic

    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(Exception) as info, _atomic.atomic_write(blocker / "graph.ttl") as handle:
        handle.write("never")
    assert str(blocker) in str(info.value)


def test_atomic_write_gives_the_mode_open_would(tmp_path: Path):
    from diplograph import atomic as _atomic

    old = os.umask(0o022)
    try:
        with _atomic.atomic_write(tmp_path / "new.ttl") as handle:
            handle.write("x")
        assert (tmp_path / "new.ttl").stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600
        (tmp_path / "kept.ttl").write_text("old")
        (tmp_path / "kept.ttl").chmod(0o640)
        with _atomic.atomic_write(tmp_path / "kept.ttl") as handle:
            handle.write("new")
        assert (tmp_path / "kept.ttl").stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old)


@pytest.fixture
def no_build(monkeypatch):
    """The build must not start: the options are checked first."""
    import diplograph.api

    def refuse(*_args, **_kwargs):
        raise AssertionError("the build started")

    monkeypatch.setattr(diplograph.api, "build", refuse)


@pytest.mark.parametrize("options", [
    ["--formats", "ttl", "bogus", "html"], ["--batch-size", "0"], ["--batch-size", "-1", "--jobs", "2"],
    ["--jobs", "0"], ["--formats"], ["--top", "0"], ["--min-documents", "-1"], ["--ego-radius", "-2"],
])
def test_cli_bad_build_options_are_usage_errors_before_any_parsing(options, tmp_path: Path, capsys, no_build):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "graph.ttl").write_text("old")
    with pytest.raises(SystemExit) as info:
        main(["build", str(ROOT / "seeds"), "--out", str(tmp_path / "out"), *options])
    assert info.value.code == 2
    assert capsys.readouterr().err.strip().splitlines()[-1].startswith("diplograph build: error: argument")
    assert (tmp_path / "out" / "graph.ttl").read_text() == "old"


@pytest.mark.parametrize(("layout", "problem"), [
    ("out/graph.ttl/", "out/graph.ttl: is a folder, cannot write the export there"),
    ("file", "cannot write the exports into"),
])
def test_cli_an_unwritable_output_is_found_before_the_build(layout, problem, tmp_path: Path, capsys, no_build):
    if layout.endswith("/"):
        (tmp_path / layout).mkdir(parents=True)
        out = tmp_path / "out"
    else:
        (tmp_path / layout).write_text("a file, not a folder")
        out = tmp_path / layout / "out"
    assert main(["build", str(ROOT / "seeds"), "--out", str(out), "--quiet"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("diplograph: error: ") and problem in err


def test_cli_says_which_model_it_loads_before_loading_it(tmp_path: Path, capsys):
    text = tmp_path / "a.txt"
    text.write_text("La Norvège a adhéré au traité.", encoding="utf-8")
    assert main(["build", str(text), "--out", str(tmp_path / "o"), "--no-cache", "--model", "no_such_pipeline"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "diplograph: loading no_such_pipeline"
    assert err[-1].startswith("diplograph: error: no_such_pipeline: spaCy pipeline not installed")
    assert main(["build", str(text), "--out", str(tmp_path / "o"), "--no-cache", "--model", "no_such_pipeline",
                 "--quiet"]) == 1
    assert "loading" not in capsys.readouterr().err


def test_cli_a_closed_output_pipe_is_no_traceback(monkeypatch, capsys):
    import io

    class ClosedPipe(io.StringIO):
        def write(self, _text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def fileno(self) -> int:
            raise io.UnsupportedOperation("fileno")

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(["info"]) == 141
