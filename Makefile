# Two entry points for a newcomer: `make demo` and `make test`. Both build .venv from scratch.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install --quiet --disable-pip-version-check
OUT := out

.PHONY: demo test lint bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip
	$(PIP) -e .
	touch $@

$(VENV)/.dev: $(VENV)/.installed
	$(PIP) -e '.[dev,web,spark]'
	touch $@

demo: $(VENV)/.installed
	@mkdir -p $(OUT)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(VENV)/bin/wiretrace index add examples/corpus/news.jsonl --index "$$tmp/index" && \
	$(VENV)/bin/wiretrace stories --index "$$tmp/index" && \
	$(VENV)/bin/wiretrace stories --index "$$tmp/index" --limit 1 --html $(OUT)/demo-story --format json > /dev/null && \
	echo "open $(OUT)/demo-story/index.html for the biggest story family, side by side"

test: $(VENV)/.dev
	$(PY) -m pytest -q

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check wiretrace tests bench
	$(VENV)/bin/mypy wiretrace

bench: $(VENV)/.dev
	$(PY) bench/compare_speed.py

clean:
	rm -rf $(VENV) $(OUT)
