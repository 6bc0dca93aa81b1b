# Two commands (see README): `make run` and `make test`. Both set up what they need first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: run test install lint sistem

# WeasyPrint needs Pango; HarfBuzz's subsetter makes embedding the fonts fast; the browser tests
# need Chromium (Debian packages).
sistem:
	@if ! ldconfig -p | grep -q libharfbuzz-subset.so.0 || ! ldconfig -p | grep -q libpangoft2-1.0.so.0; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && apt-get install -y -qq libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0; \
	  else echo "Pasang paket Debian libharfbuzz-subset0 dan libpangoft2-1.0-0 untuk membuat PDF."; fi; \
	fi
	@# The browser tests drive Debian's Chromium (never `playwright install`).
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && apt-get install -y -qq chromium; \
	  else echo "Pasang paket Debian chromium untuk tes peramban (tests/browser)."; fi; \
	fi

$(VENV)/.terpasang: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet ".[dev]"
	touch $@

install: sistem $(VENV)/.terpasang

run: install
	$(PY) manage.py migrate --noinput
	@# These only add what is missing: a restart never changes what users typed or uploaded, and
	@# the demo signing key (var/pengesahan/) is made once.
	$(PY) manage.py muat_gunung_mas
	$(PY) manage.py buat_kunci_demo
	$(PY) manage.py buat_akun_demo
	@# The PDF worker runs beside the server and stops with it: pekerja_pdf runs django-tasks-db's
	@# db_worker and starts a fresh one after 50 renders or above 400 MB, so its memory stays
	@# bounded; it also prunes old task rows and cached PDFs (docs/laporan_latar.md).
	$(PY) manage.py pekerja_pdf --max-tasks 50 --max-memory 400 & pekerja=$$!; \
	trap 'kill $$pekerja 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST)

test: install
	$(PY) -m pytest

lint: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
