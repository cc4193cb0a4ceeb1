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
