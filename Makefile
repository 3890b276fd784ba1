# Vluchtwijzer: `make run` serves the portal with the whole starterskit, `make test` runs every test.
# Only python3 (3.11+) and make are needed; everything else is installed into .venv from the lock file.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
# Local commands run with DEBUG on (a generated key in var/); production sets SECRET_KEY and
# refuses to serve or sign without it. `DEBUG=false make ...` with SECRET_KEY set behaves like production.
DEV := DEBUG=$${DEBUG:-true}

.PHONY: bench soak backup restore run install messages-compile messages migrate content test test-browser lint check-migrations clean

$(BIN)/.installed: requirements/dev.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + ")")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.lock
	touch $@

install: $(BIN)/.installed

# Compile the gettext catalogues with Babel (pure Python: no GNU gettext needed).
messages-compile: install
	$(BIN)/pybabel -q compile -d locale -D django

# Regenerate the catalogues from the code (needs GNU gettext's xgettext; see README).
messages: install
	$(DEV) $(MANAGE) makemessages --all --no-obsolete --no-location --no-wrap --ignore=.venv --ignore=staticfiles

migrate: install
	$(DEV) $(MANAGE) migrate --noinput

content: migrate
	$(DEV) $(MANAGE) load_starterskit

run: messages-compile content
	@echo "Vluchtwijzer: http://127.0.0.1:$(PORT)/"
	$(DEV) $(MANAGE) runserver 127.0.0.1:$(PORT)

# ruff, and import-linter's layers contract: an import that runs the wrong way fails (README "Layout").
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

check-migrations: install
	$(DEV) $(MANAGE) makemigrations --check --dry-run

# Everything but the real-browser tests, on two or more processes (each loads the kit once).
test: messages-compile lint check-migrations
	$(DEV) $(MANAGE) check --fail-level WARNING
	$(BIN)/python -m pytest -m "not browser" -n auto

# The real-browser tests alone; fail (instead of skipping) when Chromium is missing.
test-browser: messages-compile
	REQUIRE_BROWSER=1 $(BIN)/python -m pytest -m browser

# Speed against the framework floor and the static ceiling (PostgreSQL, gunicorn, wrk): README "Performance".
bench: messages-compile
	$(BIN)/python bench/run.py

# Two app servers on one database, 60 s of load at concurrency 32, and a PostgreSQL outage (needs root).
soak: messages-compile
	$(BIN)/python bench/soak.py

# Backup and restore (any database): see README, "Backup and restore".
BACKUP ?= var/backup-$(shell date +%Y%m%d-%H%M%S).json.gz
backup: install
	$(DEV) $(MANAGE) dumpdata --natural-foreign --natural-primary --exclude contenttypes --exclude auth.permission --exclude sessions --exclude admin.logentry --exclude axes --output $(BACKUP)
	@echo "Backup written to $(BACKUP)"

restore: install
	@test -n "$(FILE)" || (echo "Usage: make restore FILE=var/backup-....json.gz (into an empty, migrated database)"; exit 2)
	$(DEV) $(MANAGE) restore_backup $(FILE)

clean:
	rm -rf $(VENV) staticfiles
