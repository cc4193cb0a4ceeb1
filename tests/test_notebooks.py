"""Every notebook runs top to bottom on a fresh kernel, and is committed without outputs.

The kernel is this interpreter (a kernelspec written to a temporary JUPYTER_PATH), so the notebooks
run against the same environment and the same diplograph sources as the tests, with nothing
installed in the user's Jupyter folders.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
KERNEL = "diplograph-tests"
TIMEOUT = 600  # seconds per cell; the first build loads the spaCy pipeline

# appended to the in-memory copy of each notebook: which interpreter and sources ran it
PROBE = "import sys, diplograph; print(sys.prefix); print(diplograph.__file__)"


def _ids(path: Path) -> str:
    return path.stem


def test_notebooks_exist_and_are_linked_from_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [p.name for p in NOTEBOOKS] == ["01_quickstart.ipynb", "02_analysis.ipynb"]
    for path in NOTEBOOKS:
        assert f"notebooks/{path.name}" in readme, f"README.md does not link {path.name}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids)
def test_notebooks_committed_without_outputs(path: Path) -> None:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for number, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] != "code":
            continue
        assert cell.get("outputs") == [], f"{path.name} cell {number} carries outputs: strip them"
        assert cell.get("execution_count") is None, f"{path.name} cell {number} carries an execution count"
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"


@pytest.fixture(scope="module")
def kernel_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A kernelspec that runs this interpreter (found through JUPYTER_PATH), and the kernel's environment."""
    jupyter = tmp_path_factory.mktemp("jupyter")
    spec = jupyter / "kernels" / KERNEL
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": KERNEL, "language": "python",
                                                  "metadata": {"supported_encryption": ["curve"]}}))
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    env.pop("MPLBACKEND", None)  # let ipykernel choose its inline backend, which captures figures
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_PATH", os.pathsep.join(filter(None, [str(jupyter), os.environ.get("JUPYTER_PATH")])))
        yield env


def _errors_and_warnings(notebook) -> list[str]:
    problems = []
    for number, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                problems.append(f"cell {number}: {output['ename']}: {output['evalue']}")
            elif output.get("name") == "stderr" and "Warning" in output.get("text", ""):
                problems.append(f"cell {number}: {output['text'].strip()}")
    return problems


@pytest.mark.model
@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids)
def test_notebooks_run_top_to_bottom(path: Path, kernel_env: dict[str, str]) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")

    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(PROBE))
    client = nbclient.NotebookClient(notebook, kernel_name=KERNEL, timeout=TIMEOUT, allow_errors=False,
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute(env=kernel_env)

    assert _errors_and_warnings(notebook) == []
    prefix, module = notebook.cells[-1].outputs[0]["text"].split()
    assert Path(prefix) == Path(sys.prefix), "the notebook ran in another Python environment"
    assert Path(module).resolve() == (ROOT / "src" / "diplograph" / "__init__.py").resolve()
    outputs = [output for cell in notebook.cells for output in cell.get("outputs", [])]
    rendered = [o for o in outputs if "<iframe srcdoc=" in o.get("data", {}).get("text/html", "")]
    plots = [o for o in outputs if "image/png" in o.get("data", {})]
    expected = {"01_quickstart": (1, 0), "02_analysis": (0, 2)}[path.stem]
    assert (len(rendered), len(plots)) == expected
