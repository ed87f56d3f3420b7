# The two commands of the README: `make run` starts the whole system, `make test` runs
# every test. Both install what they need into .venv first.

VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test bench install lint clean chromium screenshots import-history keys catalogs

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

install: $(VENV)/.installed

run: install
	$(PY) deploy/run_local.py

# the portal's tests drive Debian's Chromium (never a browser downloaded at run time)
chromium:
	@command -v chromium >/dev/null || { apt-get update -q && apt-get install -y -q chromium; }

# the tests run on $(TEST_WORKERS) processes side by side, each test in its own databases
# and vhost, handed out one by one in the order collected, a module that shares a
# module-wide fixture whole (tests/support/scheduling.py); the few that stop the shared broker
# run alone after.
# Four processes on two cores: most tests wait on the broker, a system's processes or a
# timer, and two processes kept the CPU busy about half the time
TEST_WORKERS ?= 4
test: install chromium
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadscope --no-loadscope-reorder -m "not serial" $(PYTEST_ARGS)
	$(PY) -m pytest -m serial $(PYTEST_ARGS)

# the README's screenshots, taken again on purpose (a test run leaves them in var/screenshots)
screenshots: install chromium
	REFRESH_SCREENSHOTS=1 $(PY) -m pytest -q tests/e2e/test_portal_pages.py \
		tests/e2e/test_portal_access.py tests/e2e/test_portal_secretariat.py \
		-k "sqlite or secretariat"
	REFRESH_SCREENSHOTS=1 $(PY) -m pytest -q tests/e2e/test_portal_review_walk.py

# a history bundle into the services `make run` started (docs/history-bundle.md); the
# example by default: make import-history BUNDLE=path/to/bundle
BUNDLE ?= deploy/data/history-example
import-history: install
	$(PY) -m deploy.import_history $(BUNDLE)

bench: install
	@for b in bench/*.py; do $(PY) $$b || exit 1; done

lint: install
	$(VENV)/bin/ruff check shared services tests deploy bench harness
	$(VENV)/bin/lint-imports

# what docker compose needs (it reads .env beside docker-compose.yml): every key and
# password, random, made once, readable by this user only; never committed
COMPOSE_SECRETS := PORTAL_SECRET_KEY POSTGRES_PASSWORD RABBITMQ_ADMIN_PASSWORD \
	LOTS_AMQP_PASSWORD NOMINATIONS_AMQP_PASSWORD REVIEWS_AMQP_PASSWORD NOTIFICATIONS_AMQP_PASSWORD \
	ACCOUNTS_AMQP_PASSWORD REVIEWS_CLIENT_SECRET SURVEY_AMQP_PASSWORD

.env:
	@umask 077 && python3 -c 'import secrets, sys; [print(f"{n}={secrets.token_hex(32)}") \
		for n in sys.argv[1:]]' $(COMPOSE_SECRETS) > $@

# the signing key and the public key set the services verify with (a key is never
# overwritten: `python -m shared.auth.keys NEW.pem var/jwt_public_keys.json` rolls one in)
keys: var/jwt_private_key.pem

var/jwt_private_key.pem: install
	mkdir -p var
	$(PY) -m shared.auth.keys var/jwt_private_key.pem var/jwt_public_keys.json

# the portal's catalogs brought up to its code (docs/translations.md): the strings marked
# for translation extracted, then each language's new strings added, empty, to translate;
# the portal compiles the catalogs itself when it starts
PORTAL := services/portal
catalogs: install
	mkdir -p var
	$(VENV)/bin/pybabel extract -F $(PORTAL)/translations/babel.cfg -k lazy_gettext --no-location \
		--sort-output --project REVMOD --version 0.1.0 -o var/messages.pot $(PORTAL)
	$(VENV)/bin/pybabel update -i var/messages.pot -d $(PORTAL)/translations \
		--no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date

clean:
	rm -rf var
