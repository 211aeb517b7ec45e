# The single entry point for developers and CI. `make run` and `make test`
# set everything up themselves on a fresh Debian machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# PostgreSQL pass of the test suite; scripts/ensure-postgres.sh installs and
# starts a local server when none is running.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/gka_portal
DEV := DJANGO_DEBUG=1

.PHONY: install install-prod serve migrate run test test-sqlite test-postgres lint format migrations-check check-deploy demo ci lock clean \
	chromium nginx screenshots vendor bench-serve worker backup fuzz archive

# Development and CI: the production pins plus the test and lint tools.
$(VENV)/.installed: requirements.lock requirements-dev.lock
	@$(PYTHON) -c "import ensurepip" 2>/dev/null || scripts/apt-install.sh python3-venv
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	touch $@ $(VENV)/.installed-prod

# A server: only what the portal needs to run.
$(VENV)/.installed-prod: requirements.lock
	@$(PYTHON) -c "import ensurepip" 2>/dev/null || scripts/apt-install.sh python3-venv
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

install: $(VENV)/.installed

install-prod: $(VENV)/.installed-prod

# Production: gunicorn with every setting from the environment (README, "Serving it"), DEBUG off.
serve: install-prod
	DJANGO_DEBUG=0 $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@# Pages cached by the previous release (in Redis) were rendered by the previous templates.
	DJANGO_DEBUG=0 $(BIN)/python manage.py clear_page_cache --verbosity 0
	DJANGO_DEBUG=0 exec $(BIN)/gunicorn --config deploy/gunicorn.conf.py

# Production: the worker that sends the queued mail (contact forms, password resets), beside `make serve`;
# every setting from the environment, as for serve. SIGTERM lets the running task finish.
worker: install-prod
	DJANGO_DEBUG=0 exec $(BIN)/python manage.py db_worker

# Production: bring the database schema up to date (run once per release, before `make serve`).
migrate: install-prod
	DJANGO_DEBUG=0 $(BIN)/python manage.py migrate --noinput

# The database and the uploads in one file (README, "Backups"): make backup OUTPUT=file.tar.gz
backup: install-prod
	@test -n "$(OUTPUT)" || { echo "Geef een bestand op: make backup OUTPUT=gka-portal.tar.gz"; exit 2; }
	$(BIN)/python manage.py backup --output "$(OUTPUT)"

# The whole public site as static files with relative links, readable from the folder or on any static host
# (README, "A static archive"); an earlier archive there is replaced. With production's settings in the
# environment (DJANGO_SECRET_KEY set, as for serve) it archives that site; without, the local one of make run.
ARCHIVE_DIR ?= archive
ARCHIVE_ENV := $(if $(DJANGO_SECRET_KEY),,$(DEV))
archive: install-prod
	$(ARCHIVE_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(ARCHIVE_ENV) $(BIN)/python manage.py export_static --output "$(ARCHIVE_DIR)"

run: install
	$(DEV) $(BIN)/python manage.py migrate --noinput
	$(DEV) $(BIN)/python manage.py seed_portal
	@echo "De kennisbank draait op http://127.0.0.1:8000/ (beheer: http://127.0.0.1:8000/beheer/, account maken met: make superuser)"
	@# The queue's worker (it sends the mail) runs beside the development server and stops with it.
	$(DEV) $(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(DEV) $(BIN)/python manage.py runserver 127.0.0.1:8000

demo: install
	$(DEV) $(BIN)/python manage.py migrate --noinput
	$(DEV) $(BIN)/python manage.py seed_portal

superuser: install
	$(DEV) $(BIN)/python manage.py createsuperuser

test: install lint migrations-check check-deploy chromium nginx test-sqlite test-postgres

test-sqlite: install chromium nginx
	scripts/ensure-redis.sh
	$(BIN)/pytest -m "not postgresql"

test-postgres: install chromium nginx
	scripts/ensure-postgres.sh "$(TEST_DATABASE_URL)"
	scripts/ensure-redis.sh
	DATABASE_URL="$(TEST_DATABASE_URL)" $(BIN)/pytest -m "not sqlite"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install
	$(DEV) $(BIN)/python manage.py makemigrations --check --dry-run

# Django's deployment checklist with production settings.
check-deploy: install
	DJANGO_SECRET_KEY=check-deploy-$$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n') \
	DJANGO_ALLOWED_HOSTS=kennisbank.example \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

ci: test

# The browser tests drive Debian's Chromium (no browser download at run time).
chromium:
	@command -v chromium >/dev/null 2>&1 || scripts/apt-install.sh chromium

# Requests per second of cached pages against /health/live, on gunicorn on loopback (docs/benchmarks.md).
bench-serve: install-prod
	@command -v ab >/dev/null 2>&1 || scripts/apt-install.sh apache2-utils
	$(BIN)/python scripts/bench_serve.py

# 10,000+ hostile requests (random, not the fixed set `make test` sends) over every public page,
# parameter and form field, on SQLite; FUZZ_EXAMPLES=50000 make fuzz sends more (docs/benchmarks.md).
FUZZ_EXAMPLES ?= 10000
fuzz: install
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest tests/core/test_fuzz.py -m "not postgresql" -q -s

# tests/portal/test_deploy.py checks deploy/'s nginx site with `nginx -t` and its systemd units with
# `systemd-analyze verify`.
nginx:
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || scripts/apt-install.sh nginx
	@command -v systemd-analyze >/dev/null 2>&1 || scripts/apt-install.sh systemd

# Every page type at 1280 and 375 px wide, as PNG files in screenshots/.
screenshots: install chromium
	SCREENSHOTS_DIR=screenshots $(BIN)/pytest tests/browser/test_screenshots.py -m "not postgresql" -q
	@echo "Screenshots in screenshots/"

# Copy the NL Design System CSS and htmx pinned in package-lock.json into static/vendor/
# (committed; only needed to upgrade them). Needs npm, which it installs from Debian if missing.
vendor:
	scripts/vendor-static.sh

# Regenerate requirements.lock (production) and requirements-dev.lock (the tools on top)
# from the ranges in pyproject.toml.
lock:
	rm -rf /tmp/gka-lock && $(PYTHON) -m venv /tmp/gka-lock
	/tmp/gka-lock/bin/pip install --quiet $$($(PYTHON) scripts/pyproject_deps.py runtime)
	/tmp/gka-lock/bin/pip freeze --exclude pip --exclude setuptools > /tmp/gka-lock/runtime.txt
	/tmp/gka-lock/bin/pip install --quiet $$($(PYTHON) scripts/pyproject_deps.py dev)
	{ echo "# Production: what the portal needs to run (make install-prod, make serve). Made by make lock."; \
	  cat /tmp/gka-lock/runtime.txt; } > requirements.lock
	{ echo "# Development and CI: production's pins, plus the test and lint tools (make install). Made by make lock."; \
	  echo "-r requirements.lock"; \
	  /tmp/gka-lock/bin/pip freeze --exclude pip --exclude setuptools | grep -v -x -F -f /tmp/gka-lock/runtime.txt; \
	} > requirements-dev.lock

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
