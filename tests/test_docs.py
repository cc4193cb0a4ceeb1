"""Docs that cannot rot: README commands exist, every command's --help works, examples run.

The notebooks are executed by test_notebooks.py; docstring examples by ``--doctest-modules``.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

from diplograph.cli import main, make_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _blocks(*languages: str) -> list[str]:
    return [body for language, body in FENCE.findall(README) if language in languages]


def _shell_lines() -> list[str]:
    lines = []
    for block in _blocks("sh", "shell", "bash", "console", ""):
        for line in block.splitlines():
            line = line.split("#", 1)[0].strip().removeprefix("$ ")
            if line:
                lines.append(line)
    return lines


def _make_targets() -> set[str]:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    return {m.group(1) for m in re.finditer(r"^([A-Za-z0-9_.-]+)\s*:(?!=)", makefile, re.MULTILINE)}


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = make_parser()
    [action] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def test_docs_readme_has_commands_to_check() -> None:
    assert any(line.startswith("make ") for line in _shell_lines())
    assert any(line.startswith("diplograph ") for line in _shell_lines())


@pytest.mark.parametrize("line", [line for line in _shell_lines() if line.startswith("make ")])
def test_docs_readme_make_targets_exist(line: str) -> None:
    targets = [word for word in line.split()[1:] if not word.startswith("-") and "=" not in word]
    assert targets, line
    missing = set(targets) - _make_targets()
    assert not missing, f"README runs `{line}` but the Makefile has no target {sorted(missing)}"


@pytest.mark.parametrize("line", [line for line in _shell_lines() if line.startswith("diplograph ")])
def test_docs_readme_cli_commands_and_options_exist(line: str) -> None:
    words = line.split()
    command = words[1]
    if command.startswith("-"):
        return
    commands = _subcommands()
    assert command in commands, f"README shows `diplograph {command}`, which is not a command"
    known = {option for action in commands[command]._actions for option in action.option_strings}
    shown = set(re.findall(r"(?<![\w-])(--?[a-zA-Z][\w-]*)", " ".join(words[2:])))
    assert shown <= known, f"README shows options {sorted(shown - known)} that `diplograph {command}` lacks"


@pytest.mark.parametrize("command", [None, *sorted(_subcommands())])
def test_docs_every_command_help_works(command: str | None, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--help"] if command is None else [command, "--help"]
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: diplograph{'' if command is None else ' ' + command}")
    assert "-h, --help" in out


def test_docs_help_runs_as_a_module_and_lists_every_command() -> None:
    done = subprocess.run([sys.executable, "-m", "diplograph", "--help"], capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""}, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    for command in _subcommands():
        assert command in done.stdout


@pytest.mark.parametrize("block", _blocks("python"), ids=lambda block: block.strip().splitlines()[0][:40])
def test_docs_readme_python_blocks_compile(block: str) -> None:
    compile(block, "README.md", "exec")


def test_docs_readme_links_inside_the_repository_exist() -> None:
    links = re.findall(r"\]\(([^)#\s]+)", README)
    local = [link for link in links if "://" not in link and not link.startswith(("../", "mailto:"))]
    assert local, "README links no file of the repository"
    missing = [link for link in local if not (ROOT / link).exists()]
    assert not missing, f"README links missing files: {missing}"


def test_docs_doctests_and_src_are_collected() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    assert "--doctest-modules" in config["addopts"].split()
    assert "src" in config["testpaths"]


@pytest.mark.model
def test_docs_readme_api_example_runs(nlp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    [block] = [block for block in _blocks("python") if block.startswith("import diplograph")]
    (tmp_path / "seeds").symlink_to(ROOT / "seeds")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    exec(compile(block, "README.md", "exec"), namespace)
    assert (tmp_path / "out" / "graph.ttl").stat().st_size > 0
    assert len(namespace["kg"].documents) == len(list((ROOT / "seeds").iterdir()))  # type: ignore[attr-defined]


def test_docs_graph_contract_copy_is_current():
    """docs/graph-model.md is the shared contract, copied so that a clone carries it, then the
    project's documented extensions (sections appended after it, never edits of it)."""
    shared = ROOT.parent / "shared" / "spec" / "graph-model.md"
    if not shared.is_file():
        pytest.skip("../shared/spec/graph-model.md is not beside this clone")
    local = (ROOT / "docs" / "graph-model.md").read_text(encoding="utf-8")
    contract = shared.read_text(encoding="utf-8")
    assert local.startswith(contract)
    assert local == contract or local[len(contract):].startswith("\n## ")


@pytest.mark.model
def test_docs_readme_lexicon_example_works(tmp_path, settings):
    """The --lexicon example of the README adds a relation trigger and an office title."""
    from diplograph.api import build_texts

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(.*?)```", readme, re.DOTALL)
    assert block is not None
    extra = tmp_path / "mine.yml"
    extra.write_text(textwrap.dedent(block.group(1)), encoding="utf-8")
    texts = ["La Biélorussie a pourvu la Russie en obus.", "Le grand vizir marocain Ahmed Tazi a reçu les ambassadeurs."]
    plain = build_texts(texts, settings)
    extended = build_texts(texts, settings.with_(lexicons=(extra,)))
    assert not plain.relations and not plain.posts
    assert ("arms_supply", "state/BLR", "state/RUS", "asserted") in extended.relations
    assert ("person/ahmed-tazi", "grand vizir", "state/MAR") in extended.posts
