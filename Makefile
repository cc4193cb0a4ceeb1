# Two commands for a newcomer: `make demo` (set up + build the graph from seeds/) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test test-rules eval lint browser clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

demo: $(BIN)/.installed
	$(BIN)/diplograph build seeds --out out

# Chromium for the browser tests comes from Debian (a browser cannot be downloaded here).
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || echo "chromium unavailable: browser tests will be skipped"; }
	@command -v rapper >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && (apt-get install -y -qq raptor2-utils >/dev/null) || echo "raptor unavailable: its tests will be skipped"; }

test: $(BIN)/.installed browser
	$(BIN)/python -m pytest -q

# The extraction rules on hand-built Docs only: any test that would load a spaCy pipeline is skipped.
test-rules: $(BIN)/.installed
	DIPLOGRAPH_BLOCK_MODEL=1 $(BIN)/python -m pytest -q tests/extract

# The seeds and ../shared/devset (skipped with a note when absent), built once each, scored like ../shared/tools/score.py.
eval: $(BIN)/.installed
	$(BIN)/python -m diplograph.evaluate --set all

lint: $(BIN)/.installed
	$(BIN)/ruff check src tests scripts benchmarks

clean:
	rm -rf $(VENV) out
