# Two commands from a fresh clone:  `make` builds dataset/ from raw/,  `make test` runs the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Every input of the build: a change to any of them rebuilds (the builder itself also compares an
# input digest, so a rebuild with identical inputs writes nothing).
INPUTS := $(shell find raw builder card -type f ! -name '*.pyc' 2>/dev/null)
GOLD   ?= tests/gold
FIXTURES ?= ../shared/corpus/html-fixtures
JOBS   ?=
OLD    ?= HEAD
NEW    ?=
BUMP   ?=
DIFF   ?=
ARTICLES ?=
DIFFFLAGS ?=
BENCHFLAGS ?=

.DEFAULT_GOAL := dataset
.PHONY: dataset test golden eval errors diff release review html-eval bench clean help

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

dataset: dataset/manifest.json  ## rebuild dataset/ from raw/ when an input changed

dataset/manifest.json: $(STAMP) $(INPUTS)
	$(BIN)/python -m builder build --raw raw --out dataset $(if $(JOBS),--jobs $(JOBS))
	@touch $@

test: $(STAMP)  ## run the whole test suite (unit, rules, golden, invariants, quality gate, load)
	$(BIN)/python -m pytest

golden: $(STAMP)  ## regenerate tests/golden/ from raw/ for review (git diff shows what changed)
	$(BIN)/python -m tests.golden_tool write

eval: $(STAMP)  ## score against a gold file: make eval GOLD=../shared/eval/polnear.dev.jsonl
	$(BIN)/python -m builder eval $(GOLD)

errors: $(STAMP)  ## misses and false alarms on a gold file, grouped by cause
	$(BIN)/python -m builder errors $(GOLD)

diff: $(STAMP)  ## what changed since OLD (default HEAD) as PR-comment Markdown: make diff [OLD=v0.1.0] [NEW=dir] [DIFFFLAGS=--json]
	@$(BIN)/python -m builder build --quiet $(if $(JOBS),--jobs $(JOBS)) >&2
	@$(BIN)/python -m builder diff $(OLD) $(NEW) $(DIFFFLAGS)

release: $(STAMP)  ## new version from the changes since the last release: make release [BUMP=major|minor|patch]
	$(BIN)/python -m builder release $(if $(BUMP),--$(BUMP)) $(if $(JOBS),--jobs $(JOBS))

review: dataset  ## HTML review pages in build/review/: make review [ARTICLES='seed/*'] [DIFF=HEAD]
	$(BIN)/python -m builder review --out build/review $(if $(DIFF),--diff $(DIFF)) $(foreach a,$(ARTICLES),'$(a)')

html-eval: $(STAMP)  ## main-text F1 of the HTML parser beside trafilatura on saved pages: make html-eval [FIXTURES=...]
	$(BIN)/python -m builder html-eval $(FIXTURES)

bench: $(STAMP)  ## speed and memory: extract vs a bare regex scan, 10 000-article build, one-edit rebuild, peak RSS [BENCHFLAGS='--memory 1000 50000']
	$(BIN)/python -m builder bench $(BENCHFLAGS)

clean:  ## remove the virtual environment and caches (build/cache too; dataset/ stays)
	rm -rf $(VENV) .pytest_cache .hypothesis build *.egg-info
