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
	$(PIP) -e '.[dev,web]'
	touch $@

demo: $(VENV)/.installed
	@mkdir -p $(OUT)
	$(VENV)/bin/wiretrace compare examples/l2r/000-source.txt examples/l2r/000-rewrite-gpt.txt
	$(VENV)/bin/wiretrace compare examples/l2r/000-source.txt examples/l2r/000-rewrite-gpt.txt \
		--format html -o $(OUT)/demo-compare.html
	@echo "open $(OUT)/demo-compare.html for the side-by-side report"

test: $(VENV)/.dev
	$(PY) -m pytest -q

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check wiretrace tests bench
	$(VENV)/bin/mypy wiretrace

bench: $(VENV)/.dev
	$(PY) bench/compare_speed.py

clean:
	rm -rf $(VENV) $(OUT)
