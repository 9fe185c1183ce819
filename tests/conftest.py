"""Shared fixtures: sphinx.testing roots live in tests/roots/test-*."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ("sphinx.testing.fixtures",)

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return REPO / "tests" / "roots"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


#: Debian's chromium, launched as Playwright cannot download its own browser here.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for the session (Playwright's sync API allows one driver per
    thread, so every browser test shares it)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: run `make browser-deps`")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory):
    """The real manual: every registered version x language, built once per session
    with the pipeline (strict), in a scratch build directory."""
    from cloudempiere_docs.site.pipeline import build_site

    build = tmp_path_factory.mktemp("real-build")
    return build_site(REPO, target=build / "site", build_dir=build)


# ------------------------------------------------------------------------------ report
# Measurements the suite prints at the end (web audit scores, search ranking): tests add
# lines with the ``report`` fixture; the terminal summary shows them under one heading.


def pytest_configure(config: pytest.Config) -> None:
    config._cedocs_report = {}  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def report(request: pytest.FixtureRequest):
    """``report(section, line)``: a line for the summary at the end of the run."""
    sections = request.config._cedocs_report  # type: ignore[attr-defined]

    def add(section: str, line: str) -> None:
        sections.setdefault(section, []).append(line)

    return add


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    sections = getattr(config, "_cedocs_report", {})
    for section, lines in sections.items():
        terminalreporter.section(section, sep="-")
        for line in lines:
            terminalreporter.line(line)
