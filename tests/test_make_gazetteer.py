"""The committed state gazetteer is exactly what scripts/make_gazetteer.py generates."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_make_gazetteer_regenerates_the_committed_file(tmp_path: Path):
    out = tmp_path / "states.jsonl"
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_gazetteer.py"), "--output", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    committed = ROOT / "src" / "diplograph" / "data" / "gazetteers" / "states.jsonl"
    assert out.read_text(encoding="utf-8") == committed.read_text(encoding="utf-8")


def test_make_links_regenerates_the_committed_file(tmp_path: Path):
    out = tmp_path / "organizations.jsonl"
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_links.py"), "--output", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    committed = ROOT / "src" / "diplograph" / "data" / "links" / "organizations.jsonl"
    assert out.read_text(encoding="utf-8") == committed.read_text(encoding="utf-8")


def test_states_carry_the_links_of_the_source_table_and_no_other():
    import csv
    import json

    with (ROOT / "scripts" / "sources" / "states_wikidata.csv").open(encoding="utf-8", newline="") as handle:
        table = {row["iso3"]: row for row in csv.DictReader(handle)}
    states = [json.loads(line) for line in
              (ROOT / "src" / "diplograph" / "data" / "gazetteers" / "states.jsonl").read_text("utf-8").splitlines()]
    for state in states:
        row = table.get(state["iso3"], {})
        assert state.get("wikidata") == (row.get("wikidata_qid") or None), state["iso3"]
        assert state.get("cow_code") == (int(row["cow_code"]) if row.get("cow_code") else None), state["iso3"]
        assert state.get("cow_letter") == (row.get("cow_letter") or None), state["iso3"]
    linked = [s for s in states if s.get("wikidata")]
    assert len(linked) >= 0.95 * len(states)
    assert len({s["wikidata"] for s in linked}) == len(linked)  # no QID given to two states
