"""How fast a bad data file stops a build: each bad lexicon of issue 11 and a bad gazetteer row, on a corpus.

The CLI checks every gazetteer and lexicon before it counts or reads an input or loads spaCy, so
the time to the error must not grow with the corpus; compare with ``--version`` (the interpreter
and import cost alone), measured in the same run.

    python benchmarks/bench_data_errors.py /tmp/wikinews_fr.jsonl

Goal (issue 11): exit code 1 and one line naming the file and its line, within a few seconds on
the 1,130-article Wikinews corpus.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BAD_FILES = {
    "role.yml": "relations:\n  relations:\n    arms_supply:\n      - {verb: ravitailler, source: [subject], target: [obj]}\n",
    "type.yml": "relations:\n  relations:\n    arms-supply:\n      - {verb: ravitailler, source: [subj], target: [obj]}\n",
    "scalar.yml": "modality: {reporting_verbs: 5}\n",
    "org_type.yml": "entities: {default_organization_type: Alien}\n",
    "list.yml": "relations: {relations: [1, 2]}\n",
    "city.jsonl": '{"id": "PARIS", "type": "City", "label": "Paris", "state": ["FRA"]}\n',
    "id.jsonl": '{"id": "Acme Corp", "type": "Company", "label": "Acme"}\n',
}


def _run(argv: list[str]) -> tuple[float, int, list[str]]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "diplograph", *argv], capture_output=True, text=True, check=False)
    return time.perf_counter() - started, done.returncode, done.stderr.splitlines()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", help="a corpus (folder or .jsonl), e.g. the Wikinews articles")
    args = parser.parse_args()
    baseline, _code, _err = _run(["--version"])
    print(f"diplograph --version: {baseline:.2f} s")
    with tempfile.TemporaryDirectory() as folder:
        for name, text in BAD_FILES.items():
            path = Path(folder) / name
            path.write_text(text, encoding="utf-8")
            option = "--gazetteer" if name.endswith(".jsonl") else "--lexicon"
            seconds, code, err = _run(["build", args.corpus, "--no-cache", "-q", "--out", str(Path(folder) / "out"),
                                       option, str(path)])
            print(f"{name:14} exit {code}, {len(err)} line, {seconds:.2f} s: {err[0] if err else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
