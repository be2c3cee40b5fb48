# gridworker: the two commands a new machine needs are `make run` and `make test`.
# Everything else (virtualenv, Python packages, Debian packages, translations) is set up here.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
DEMO_DIR ?= .demo
DEMO_HOUSEHOLDS ?= 600
DEMO_PORT ?= 8765
TS_FILES := $(wildcard resources/translations/*.ts)
QM_FILES := $(TS_FILES:.ts=.qm)

.PHONY: run run-offline test bench lint setup system-deps translations translations-update screenshot package clean

setup: system-deps $(STAMP) translations

system-deps:
	@sh scripts/system-deps.sh

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "gridworker needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

translations: $(STAMP) $(QM_FILES)

resources/translations/%.qm: resources/translations/%.ts $(STAMP)
	$(VENV)/bin/pyside6-lrelease -silent $< -qm $@

# Re-extract the UI strings (and vocabulary labels) into the .ts files, keeping translations;
# then translate the new <translation type="unfinished"> entries and run `make translations`.
translations-update: $(STAMP)
	$(PY) scripts/update_translations.py

# A demo gridcenter on 127.0.0.1 ($(DEMO_DIR)/center) and the client signed in as worker1
# ($(DEMO_DIR)/client); closing the window stops the server. See scripts/run_demo.py.
run: setup
	$(PY) scripts/run_demo.py --demo-dir $(DEMO_DIR) --port $(DEMO_PORT)

# The local-only demo village, no server: the client alone on $(DEMO_DIR)/offline.
run-offline: setup
	@test -f $(DEMO_DIR)/offline/gridworker.sqlite3 || $(PY) -m gridworker --data-dir $(DEMO_DIR)/offline demo --households $(DEMO_HOUSEHOLDS) --seed 7
	$(PY) -m gridworker --data-dir $(DEMO_DIR)/offline

test: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

lint: setup
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports

bench: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m bench

# Screenshots on a 1366×768 offscreen screen (the common township laptop); the window fits it.
screenshot: setup
	QT_QPA_PLATFORM=offscreen:configfile=scripts/offscreen-1366x768.json $(PY) scripts/screenshot.py docs/screenshot-main.png
	QT_QPA_PLATFORM=offscreen:configfile=scripts/offscreen-1366x768.json $(PY) scripts/screenshot_conflicts.py docs/screenshot-conflicts.png
	QT_QPA_PLATFORM=offscreen:configfile=scripts/offscreen-1366x768.json $(PY) scripts/screenshot_today.py docs/screenshot-today.png
	QT_QPA_PLATFORM=offscreen:configfile=scripts/offscreen-1366x768.json $(PY) scripts/screenshot_visit_view.py docs/screenshot-visit-view.png
	QT_QPA_PLATFORM=offscreen:configfile=scripts/offscreen-1366x768.json $(PY) scripts/screenshot_household_editor.py docs/screenshot-household-editor.png
	QT_QPA_PLATFORM=offscreen:configfile=scripts/offscreen-1366x768.json $(PY) scripts/screenshot_quarantine.py docs/screenshot-quarantine.png

package: setup
	$(PY) -m pip install --quiet -e '.[package]'
	$(VENV)/bin/pyinstaller --noconfirm installer/gridworker.spec

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
