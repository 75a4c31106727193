# The two commands: `make run` and `make test`. Everything else is what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
FLASK := $(BIN)/flask --app portal
# optional drivers: EXTRAS=test,postgres,redis for a site on PostgreSQL and Redis (CI uses both)
EXTRAS ?= test
comma := ,
STAMP := $(VENV)/installed.$(subst $(comma),-,$(EXTRAS))

.PHONY: run test translations compile-translations migrate demo

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --progress-bar on --upgrade pip
	$(BIN)/pip install --progress-bar on -e '.[$(EXTRAS)]'
	touch $@

compile-translations: $(STAMP)
	$(BIN)/pybabel -q compile --directory translations

migrate: $(STAMP)
	$(FLASK) migrate

# the address links point at and the only host answered; set BASE_URL to override
BASE_URL ?= http://127.0.0.1:$(PORT)

# the job queue's consumer runs beside the web server and stops with make; gunicorn, not Flask's
# development server, whose log would record client addresses next to pseudonyms, search terms and
# feed tokens (gunicorn.conf.py sets the log format and the redaction of secret paths)
run: compile-translations migrate
	BASE_URL=$(BASE_URL) $(FLASK) setup-link
	BASE_URL=$(BASE_URL) $(FLASK) jobs --with-parent $$PPID &
	BASE_URL=$(BASE_URL) $(BIN)/gunicorn --config gunicorn.conf.py --bind 127.0.0.1:$(PORT) --workers 1 --threads 4 wsgi:app

# The job queue's consumer on its own.
.PHONY: jobs
jobs: compile-translations migrate
	BASE_URL=$(BASE_URL) $(FLASK) jobs

# PYTEST_ARGS passes options to pytest, e.g. PYTEST_ARGS='-m "not browser"'
# lint, the package layers, then the suite in one process per core; prints how long it took
test: compile-translations
	@start=$$(date +%s); status=0; \
	$(BIN)/ruff check portal tests bench || status=$$?; \
	[ $$status -ne 0 ] || $(BIN)/lint-imports --no-cache || status=$$?; \
	[ $$status -ne 0 ] || $(BIN)/pytest -n auto --dist worksteal $(PYTEST_ARGS) || status=$$?; \
	echo "make test: $$(( $$(date +%s) - start )) s"; exit $$status

demo: compile-translations migrate
	$(FLASK) demo

# Keep the catalogues in step with the code: extract, update, compile.
translations: $(STAMP)
	$(BIN)/pybabel -q extract --mapping babel.cfg --keywords _l --keywords lazy_gettext \
		--no-location --sort-output --project Harbour --output-file translations/messages.pot .
	$(BIN)/pybabel -q update --no-fuzzy-matching --input-file translations/messages.pot --output-dir translations
	$(BIN)/pybabel -q compile --directory translations
