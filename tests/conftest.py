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


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory):
    """The real manual: every registered version x language, built once per session
    with the pipeline (strict), in a scratch build directory."""
    from cloudempiere_docs.site.pipeline import build_site

    build = tmp_path_factory.mktemp("real-build")
    return build_site(REPO, target=build / "site", build_dir=build)
