# Resolute: `make run` starts the demo at http://127.0.0.1:8000, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RESOLUTE := $(BIN)/resolute
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed
# The suite runs on this many processes (one per core on the reference machine); 0 runs it in one.
TEST_WORKERS ?= 2

.PHONY: install run serve demo migrate test test-fast test-nodes browser-test lint bench bench-peer eval train-reader messages clean

$(STAMP): requirements.lock pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(RESOLUTE) migrate --noinput

demo: migrate
	$(RESOLUTE) load_demo

run: demo
	$(RESOLUTE) collectstatic --noinput --verbosity 0
	# One background worker per queue (restarted when it exits) and the scheduler that enqueues the
	# periodic jobs run beside the web server and stop with it.
	$(RESOLUTE) workers & worker=$$!; $(RESOLUTE) scheduler & scheduler=$$!; \
	trap "kill $$worker $$scheduler" EXIT INT TERM; \
	$(BIN)/gunicorn resolute.config.wsgi --bind $(HOST):$(PORT) --workers 3 --access-logfile -

test: install
	$(BIN)/pytest -q -n $(TEST_WORKERS)

test-fast: install
	$(BIN)/pytest -q -n $(TEST_WORKERS) -m "not browser"

# Two app nodes behind HAProxy, PgBouncer, a streaming replica, Redis and S3, all started on this machine
# (deploy/nodes/, docs/operator/deployment.md); installs HAProxy and PgBouncer when missing (as root).
test-nodes: install
	deploy/nodes/install-packages.sh
	$(BIN)/pytest -q -s -m nodes deploy/nodes

lint: install
	$(BIN)/ruff check src bench
	$(BIN)/ruff format --check src bench
	$(BIN)/lint-imports

bench: install
	$(BIN)/python bench/run.py

# Resolute side by side with Redmine 5.0 (Debian's packages) on the same data, as root (docs/dev/performance.md):
# installs Redmine once, loads both with PEER_TASKS tasks, serves both, measures, stops both. Several minutes.
PEER_TASKS ?= 200000
bench-peer: install
	PEER_TASKS=$(PEER_TASKS) PEER_VENV=$(abspath $(VENV)) bench/peer/run.sh

# The corpus of real documents (dev/ and test/), kept outside the repository (docs/extraction-quality.md).
EXTRACTION_CORPUS ?= ../shared/extraction-corpus

# Scores the extractor against the annotated corpus, then the real documents when present (development,
# k-fold over development, test); it measures and always exits 0. Each run looks at the test set once.
eval: install
	$(RESOLUTE) eval_extraction src/resolute/extraction/corpus
	@echo "== held-out documents (never used to tune the reader)"
	$(RESOLUTE) eval_extraction src/resolute/extraction/corpus/heldout
	@echo "== real documents ($(EXTRACTION_CORPUS))"
	$(RESOLUTE) eval_extraction --corpus "$(EXTRACTION_CORPUS)"

# Fits the reader's sentence-role model on the development documents only and writes
# src/resolute/extraction/model/sentence_roles.json (pure Python, deterministic: the same bytes every run).
train-reader: install
	$(RESOLUTE) train_reader --corpus "$(EXTRACTION_CORPUS)"

messages: install
	cd src/resolute && ../../$(RESOLUTE) makemessages -l vi --no-obsolete --ignore "*/tests/*" && ../../$(RESOLUTE) compilemessages

clean:
	rm -rf $(VENV) var staticfiles
