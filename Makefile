# The two commands of the README, `make demo` and `make test`, and `make serve` for production.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CATALOGUE := kb/locale/fr/LC_MESSAGES/django

.PHONY: demo serve test install lint browser-deps messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

# The French translations, compiled from the catalogue (Babel: no GNU gettext needed).
$(CATALOGUE).mo: $(CATALOGUE).po $(STAMP)
	$(BIN)/pybabel -q compile --domain django --directory kb/locale --locale fr

install: $(STAMP) $(CATALOGUE).mo

# The demo server and, beside it, the background task worker (stopped with the server). The demo
# shows the visitor's 404/500 pages, not Django's debug pages.
demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py db_worker --backend background & worker=$$!; \
		trap 'kill $$worker' EXIT INT TERM; \
		FRIENDLY_ERROR_PAGES=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

# Production: gunicorn (gunicorn.conf.py: workers sized to the cores, the task worker beside
# them), static files through WhiteNoise. Needs DEBUG=0, SECRET_KEY, ALLOWED_HOSTS (README).
serve: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py resume_jobs
	$(BIN)/gunicorn

# Collect new strings into the French catalogue (needs GNU gettext's xgettext), then translate
# the new entries in $(CATALOGUE).po: tests/test_translations.py fails until every one is.
messages: $(STAMP)
	$(BIN)/python manage.py makemessages --locale fr --no-obsolete --ignore '.venv' --ignore var \
		--ignore test-artifacts --ignore tests --ignore benchmarks

# Browser tests need Debian's Chromium; install it when we may (root with apt), else they skip.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-color-emoji >/dev/null) || \
		echo "chromium not installed: browser tests will be skipped"; }

test: install browser-deps
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var test-artifacts $(CATALOGUE).mo
