# Two commands on a fresh machine: `make run` (demo site) and `make test` (every test).
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PLUGIN_DIRS := $(patsubst %/setup.cfg,%,$(wildcard plugins/*/setup.cfg))
BUNDLED_PLUGINS := $(notdir $(PLUGIN_DIRS))
# The plugin guide's example plugin, installed like a third party's.
EXAMPLE_PLUGIN_DIRS := $(patsubst %/setup.cfg,%,$(wildcard tests/plugins/*/setup.cfg))
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: install assets run test test-sqlite test-postgres test-plugin-matrix wheel-check lint clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/activate setup.cfg $(wildcard plugins/*/setup.cfg) $(wildcard tests/plugins/*/setup.cfg)
	$(BIN)/pip install --quiet -e '.[test]' $(foreach p,$(PLUGIN_DIRS) $(EXAMPLE_PLUGIN_DIRS),-e $(p))
	touch $@

install: $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed
	npm run --silent build

run: install assets
	$(FLASK) db upgrade heads
	$(FLASK) seed-demo || echo "Demo data not added (see the message above); serving anyway."
	$(FLASK) run --host $(HOST) --port $(PORT)

# SQLite first; then PostgreSQL when TEST_DATABASE_URL is set.
test: install assets test-sqlite test-plugin-matrix test-postgres

test-sqlite:
	env -u TEST_DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS)

# The full run above has every plugin installed together (each plugin's tests
# load only that plugin). Here the plugin-sensitive tests run again with no
# plugin installed at all, then with each bundled plugin as the only one: its
# lineage migrates alone, its smoke test passes (docs/plugins.md, "Continuous
# integration"). Kept small: the plugins' full suites already ran above.
test-plugin-matrix:
	@echo "== no plugins =="
	env -u TEST_DATABASE_URL $(BIN)/pytest -q --plugins=none tests/test_plugin_*.py tests/test_resident_journey.py $(PYTEST_ARGS)
	@for p in $(BUNDLED_PLUGINS); do \
		echo "== $$p alone =="; \
		env -u TEST_DATABASE_URL $(BIN)/pytest -q --plugins=$$p tests/test_plugin_migrations.py tests/test_plugin_docs.py plugins/$$p/tests/test_$${p}_plugin.py $(PYTEST_ARGS) || exit 1; \
	done

# Wheels of the core and each bundled plugin, installed into a clean venv.
wheel-check: assets
	PYTHON=$(PYTHON) bash .ci/wheel-check

test-postgres:
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== again on PostgreSQL ($$TEST_DATABASE_URL); browser tests ran on SQLite above =="; \
		$(BIN)/pytest -m "not browser" $(PYTEST_ARGS); \
	else \
		echo "TEST_DATABASE_URL is not set: PostgreSQL run skipped."; \
	fi

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) node_modules consultation/static/govuk instance test-output
