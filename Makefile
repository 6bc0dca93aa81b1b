# Two commands (see README): `make run` and `make test`. Both set up what they need first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: run test install lint

$(VENV)/.terpasang: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet ".[dev]"
	touch $@

install: $(VENV)/.terpasang

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py muat_gunung_mas
	$(PY) manage.py buat_akun_demo
	$(PY) manage.py runserver $(HOST)

test: install
	$(PY) -m pytest

lint: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
