# The two commands of the README, `make demo` and `make test`, and `make serve` for production.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo serve test install lint browser-deps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# The demo server and, beside it, the background task worker (stopped with the server).
demo: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py db_worker --backend background & worker=$$!; \
		trap 'kill $$worker' EXIT INT TERM; $(BIN)/python manage.py runserver 127.0.0.1:8000

# Production: gunicorn (gunicorn.conf.py: workers sized to the cores, the task worker beside
# them), static files through WhiteNoise. Needs DEBUG=0, SECRET_KEY, ALLOWED_HOSTS (README).
serve: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py resume_jobs
	$(BIN)/gunicorn

# Browser tests need Debian's Chromium; install it when we may (root with apt), else they skip.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-color-emoji >/dev/null) || \
		echo "chromium not installed: browser tests will be skipped"; }

test: $(STAMP) browser-deps
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var test-artifacts
