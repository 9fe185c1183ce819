# Cloudempiere manuals. `make site` builds and shows the site; `make test` runs every test.
# Every target installs what it needs into .venv from the pinned requirements.txt.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
SPHINXOPTS ?= -n -W --keep-going
PORT   ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: site serve html html-sk preview test test-fast browser-deps i18n i18n-stats bench clean venv

venv: $(STAMP)
$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

## The whole site: every version x language into build/site (atomic switch-over).
site: $(STAMP)
	$(PY) -m cloudempiere_docs site

## Serve build/site on http://localhost:$(PORT)/ (switchers and search need http).
serve: $(STAMP)
	$(PY) -m cloudempiere_docs serve --port $(PORT)

## Quick preview of the working tree in English (or Slovak) only.
html: $(STAMP)
	$(PY) -m sphinx $(SPHINXOPTS) -c . -b html source build/html/en
html-sk: $(STAMP)
	$(PY) -m cloudempiere_docs i18n compile
	$(PY) -m sphinx $(SPHINXOPTS) -c . -b html -D language=sk source build/html/sk

## Live reload for writers: http://localhost:$(PORT)/
preview: $(STAMP)
	$(PY) -m sphinx_autobuild -c . --port $(PORT) --watch tooling --watch locale source build/preview

## The whole test suite (installs Debian's chromium for the browser tests when missing).
test: $(STAMP) browser-deps
	$(PY) -m pytest

test-fast: $(STAMP)
	$(PY) -m pytest -m "not browser and not site"

browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

## Translators: extract templates into locale/en and update locale/sk catalogs.
i18n: $(STAMP)
	$(PY) -m cloudempiere_docs i18n update

i18n-stats: $(STAMP)
	$(PY) -m cloudempiere_docs i18n stats

## Benchmarks: printed as a table and saved under build/bench/.
## `make bench SWEEP=50,200,800` measures cold builds per corpus size instead (slow).
bench: $(STAMP)
	$(PY) -m cloudempiere_docs bench $(if $(SWEEP),--sweep $(SWEEP))

clean:
	rm -rf build .pytest_cache
	find . -name __pycache__ -type d -prune -not -path './$(VENV)/*' -exec rm -rf {} +
	find locale -name '*.mo' -delete
