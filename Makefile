# Two entry points do all the set-up: `make demo` and `make test`. Both install from the lock
# files in requirements/ (every package pinned, with hashes), so a fresh clone gets exactly
# what CI tested; docs/development.md says how the locks are made and refreshed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
LOCK      := requirements/lock.txt
DEMO_LOCK := requirements/demo.txt
STAMP      := $(VENV)/.installed
DEMO_STAMP := $(VENV)/.installed-demo
# A change to either also changes what the project's own install says (entry points, version).
PROJECT := pyproject.toml src/assurance_cli/__init__.py
LATEST  := .venv-latest

.PHONY: demo picture test lint bench golden upgrade test-latest clean

# Every package from a lock (pip refuses any file whose hash the lock does not list), then the
# project itself with no resolving and no download: setuptools comes from the same lock.
define install_from
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(1)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
endef

# Runtime, every extra and the development tools: what `make test` and CI use.
$(STAMP): $(LOCK) $(PROJECT)
	$(call install_from,$(LOCK))
	touch $@

# Runtime and the office extra: what `make demo` needs. The same pins as lock.txt.
$(DEMO_STAMP): $(DEMO_LOCK) $(PROJECT)
	$(call install_from,$(DEMO_LOCK))
	touch $@

# The demo board paper (docs/papers.md): the 2015-16 action plan as of 31 May 2016, with the
# cover of papers/board-2016-05.yaml, the summary and its chart, the exceptions and the plan.
DEMO_PAPER = $(BIN)/assure report action-plan --plan 2015-16 --as-of 2016-05-31 \
	--paper board-2016-05 --output out/board-paper-2016-05

demo: $(DEMO_STAMP)
	$(BIN)/assure check
	$(BIN)/assure status --overdue
	mkdir -p out
	$(DEMO_PAPER).docx
	$(DEMO_PAPER).html

# The README's picture of the demo paper (headless Chromium's screenshot of its HTML).
picture: demo
	$(BIN)/python docs/images/make_picture.py

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy src
	$(BIN)/lint-imports --no-cache

test: lint
	$(BIN)/pytest

# Rewrite the golden files from the current output; review the diff before committing.
golden: $(STAMP)
	$(BIN)/pytest --update-golden

# BASELINE=REV also times that revision of assure in the same run (bench/run.py --baseline):
# f30c0ae, the last commit before the packages by data flow, is the one issue 20 compares with.
bench: $(STAMP)
	$(BIN)/python bench/run.py $(if $(BASELINE),--baseline $(BASELINE))
	$(BIN)/python bench/import_bench.py
	$(BIN)/python bench/papers.py
	$(BIN)/python bench/export_bench.py
	$(BIN)/python bench/history.py
	$(BIN)/python bench/region.py

# Refresh both locks to the newest releases pyproject.toml allows (ONLY=name: that package
# alone). Run with Python 3.11, the oldest supported: pip-compile resolves for the Python it
# runs on. PyPI only: the machine's own pip settings (extra indexes, local wheels) stay out.
UPGRADE = $(if $(ONLY),--upgrade-package $(ONLY),--upgrade)
PIP_COMPILE = env -u PIP_FIND_LINKS -u PIP_EXTRA_INDEX_URL -u PIP_INDEX_URL \
	PIP_CONFIG_FILE=/dev/null CUSTOM_COMPILE_COMMAND="make upgrade" \
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links

upgrade: $(STAMP)
	$(PIP_COMPILE) $(UPGRADE) --extra office --extra region --extra dev --output-file $(LOCK) \
		pyproject.toml requirements/build.in
	# The demo lock takes its pins from lock.txt (a constraint): never upgraded on its own, so
	# ONLY=name cannot bring a development tool into it.
	$(PIP_COMPILE) --extra office --output-file $(DEMO_LOCK) \
		pyproject.toml requirements/build.in requirements/demo.in

# The whole suite against the newest release of every dependency pyproject.toml allows,
# ignoring the locks, in a throwaway venv made anew each time: upstream drift, seen on purpose.
test-latest:
	rm -rf $(LATEST)
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --upgrade pip setuptools
	$(LATEST)/bin/python -m pip install --quiet --upgrade --upgrade-strategy eager \
		-e '.[office,region,dev]'
	@grep -E '^[a-z0-9-]+==' $(LOCK) | sed 's/ .*//' | sort > $(LATEST)/locked.txt
	@$(LATEST)/bin/python -m pip freeze --all --exclude-editable \
		| awk -F'==' '{n = tolower($$1); gsub(/[._]/, "-", n); print n "==" $$2}' \
		| sort > $(LATEST)/got.txt
	@echo "Newest releases that differ from $(LOCK) (the whole list: $(LATEST)/got.txt):"
	@comm -13 $(LATEST)/locked.txt $(LATEST)/got.txt | sed 's/^/  /' | grep . \
		|| echo "  none: the lock has the newest of everything"
	$(LATEST)/bin/ruff check --no-cache src tests bench
	$(LATEST)/bin/mypy --cache-dir $(LATEST)/mypy-cache src
	$(LATEST)/bin/lint-imports --no-cache
	$(LATEST)/bin/pytest -p no:cacheprovider

clean:
	rm -rf $(VENV) $(LATEST) .pytest_cache .mypy_cache .ruff_cache
