# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install clean docs bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	# torch==2.13.0 is the CPU wheel on this machine's disk (pip finds it; uv/poetry do not).
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test,ray,bench]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/pantau run corpus/samples --db outputs/pantau.db
	$(BIN)/pantau report --db outputs/pantau.db

test: $(STAMP)
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) outputs/pantau.db*

# Regenerate the README/docs blocks (CLI help, schema, rules, scores) from the code.
docs: $(STAMP)
	$(BIN)/cog -r README.md docs/rules.md

# Benchmarks: not part of the tests' pass/fail (timings belong in ratios, measured together).
bench: $(STAMP)
	$(BIN)/python -m bench.run --articles $(or $(ARTICLES),1000)
