# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install clean docs bench bench-stream bench-stream-election bench-long scores chromium

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	# torch==2.13.0 is the CPU wheel on this machine's disk (pip finds it; uv/poetry do not).
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test,ray,bench,train]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/pantau run corpus/samples --db outputs/pantau.db
	$(BIN)/pantau report --db outputs/pantau.db

test: $(STAMP) chromium
	$(BIN)/python -m pytest -q

# The browser tests drive Debian's Chromium. CI runs as root on a fresh machine, so it is
# installed here when missing; elsewhere (not root) those tests skip with a reason.
chromium:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "installing Debian's chromium and chromium-driver for the browser tests"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get -qq -o DPkg::Lock::Timeout=300 update >/dev/null && \
	  apt-get -qq -o DPkg::Lock::Timeout=300 install -y --no-install-recommends \
	    chromium chromium-driver >/dev/null; \
	else echo "chromium missing and not root: the browser tests will be skipped"; fi

clean:
	rm -rf $(VENV) outputs/pantau.db*

# Regenerate the README/docs blocks (CLI help, schema, rules, scores) from the code.
docs: $(STAMP)
	$(BIN)/cog -r README.md docs/rules.md docs/architecture.md

# Benchmarks: not part of the tests' pass/fail (timings belong in ratios, measured together).
bench: $(STAMP)
	$(BIN)/python -m bench.run --articles $(or $(ARTICLES),1000)
	mkdir -p docs/scores && cp outputs/bench/latest.json docs/scores/bench.json

# The realistic stream (mostly not election news, heavy pages) against bare trafilatura.
bench-stream: $(STAMP)
	$(BIN)/python -m bench.stream --articles $(or $(ARTICLES),200)
	mkdir -p docs/scores && cp outputs/bench/stream-latest.json docs/scores/stream_bench.json

# The same heavy pages, election articles only (issue 13's "all election articles" ratio).
bench-stream-election: $(STAMP)
	$(BIN)/python -m bench.stream --mix election --articles $(or $(ARTICLES),200)
	mkdir -p docs/scores && cp outputs/bench/stream-election-latest.json docs/scores/stream_election_bench.json

# One long article (10 KB to 5 MB, with and without punctuation): time and peak memory.
bench-long: $(STAMP)
	$(BIN)/python -m bench.long
	mkdir -p docs/scores && cp outputs/bench/long-latest.json docs/scores/long_bench.json

# Quality figures for README: dev and held-out gold, rules and the Stanza model.
scores: $(STAMP)
	mkdir -p docs/scores
	$(BIN)/pantau eval-ner --out docs/scores/ner.json
	# every gold set listed in pipeline/quality/goldsets.py, as name:gold folder
	for pair in $$($(BIN)/python -m pipeline.quality.goldsets fields); do \
	  $(BIN)/pantau eval --gold $${pair#*:} --ner rules --json docs/scores/eval-$${pair%%:*}-rules.json || exit 1; \
	done
	for pair in $$($(BIN)/python -m pipeline.quality.goldsets stanza); do \
	  $(BIN)/pantau eval --gold $${pair#*:} --ner stanza --json docs/scores/eval-$${pair%%:*}-stanza.json || exit 1; \
	done
	for pair in $$($(BIN)/python -m pipeline.quality.goldsets topics); do \
	  $(BIN)/pantau eval --gold $${pair#*:} --topics-only --json docs/scores/topics-$${pair%%:*}.json || exit 1; \
	done
