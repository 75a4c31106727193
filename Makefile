# The two commands: `make run` and `make test`. Everything else is what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
FLASK := $(BIN)/flask --app portal

.PHONY: run test translations compile-translations migrate demo

$(VENV)/installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

compile-translations: $(VENV)/installed
	$(BIN)/pybabel -q compile --directory translations

migrate: $(VENV)/installed
	$(FLASK) migrate

# gunicorn, not Flask's development server: its log would record client addresses next to
# pseudonyms, search terms and feed tokens (gunicorn.conf.py sets the log format and redaction)
run: compile-translations migrate
	$(FLASK) setup-link --base-url http://127.0.0.1:$(PORT)
	$(BIN)/gunicorn --config gunicorn.conf.py --bind 127.0.0.1:$(PORT) --workers 1 --threads 4 wsgi:app

test: compile-translations
	$(BIN)/pytest

demo: compile-translations migrate
	$(FLASK) demo

# Keep the catalogues in step with the code: extract, update, compile.
translations: $(VENV)/installed
	$(BIN)/pybabel -q extract --mapping babel.cfg --keywords _l --keywords lazy_gettext \
		--no-location --sort-output --project Harbour --output-file translations/messages.pot .
	$(BIN)/pybabel -q update --no-fuzzy-matching --input-file translations/messages.pot --output-dir translations
	$(BIN)/pybabel -q compile --directory translations
