"""Red team: a broken translation stops the build of the site.

Translators contribute catalogs; the strict build of every version checks them as
`make test` does (cedocs.ext.i18n runs i18n/checks.py's check_catalog before reading).
Each case plants a real bad catalog and runs `python -m cloudempiere_docs site` (what
`make site` runs), asserting: non-zero exit, an error located at the catalog's file and
line, the published site byte-identical, the payload absent from it, and that the next
good build recovers.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from sitegen import git, make_repo, registry_text

from .sitecase import site_cli, site_digest, site_text

pytestmark = pytest.mark.site

CATALOG = "locale/sk/LC_MESSAGES/login.po"
MSGID_LINE = 'msgid "When logging in fails"\n'


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    repo = tmp_path_factory.mktemp("redteam-i18n") / "repo"
    commits = make_repo(repo)
    # The real conf.py's extensions, minus reference and releases (they need _data):
    # conf.py comes from the working tree for every version, as in the real site.
    conf = repo / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8").replace(
            '"cloudempiere_docs.ext.site"]', '"cloudempiere_docs.ext.i18n", "cloudempiere_docs.ext.site"]'
        ),
        encoding="utf-8",
    )
    assert "ext.i18n" in conf.read_text(encoding="utf-8")
    git(repo, "commit", "-q", "-am", "Use the i18n extension, as the real conf.py does")
    first = site_cli(repo)
    assert first.returncode == 0, first.stdout + first.stderr
    return repo, commits


def _line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(text.rstrip("\n")) + 1


def _attack(repo: Path, replace: tuple[str, str]) -> tuple[subprocess.CompletedProcess[str], Path]:
    po = repo / CATALOG
    text = po.read_text(encoding="utf-8")
    assert replace[0] in text
    po.write_text(text.replace(replace[0], replace[1], 1), encoding="utf-8")
    return site_cli(repo), po


@pytest.mark.parametrize(
    ("payload", "expected", "offset"),
    [
        pytest.param(
            ('msgstr "Keď prihlásenie zlyhá"', 'msgstr "Keď prihlásenie zlyhá [evil-marker](https://evil.example/steal)"'),
            "msgstr has link target ](https://evil.example/steal) that the msgid does not have",
            0,
            id="link-target-the-english-lacks",
        ),
        pytest.param(
            ('msgstr "Keď prihlásenie zlyhá"', 'msgstr "Keď prihlásenie zlyhá evil-marker'),
            "end-of-line within string",
            1,  # msgfmt notices on the next line
            id="syntax-error",
        ),
        pytest.param(
            ('msgstr "Keď prihlásenie zlyhá"', 'msgstr "Keď prihlásenie {ref}`evil-marker <index>` zlyhá"'),
            "msgstr has reference {ref}`index` that the msgid does not have",
            0,
            id="added-role",
        ),
    ],
)
def test_broken_catalog_stops_the_site_build(published, payload: tuple[str, str], expected: str, offset: int) -> None:
    repo, _commits = published
    site = repo / "build" / "site"
    before = site_digest(site)
    original = (repo / CATALOG).read_text(encoding="utf-8")
    try:
        proc, po = _attack(repo, payload)
        line = _line_of(po, MSGID_LINE) + 1 + offset  # the msgstr after it
        output = proc.stdout + proc.stderr
        assert proc.returncode != 0, output
        assert f"{CATALOG}:{line}: WARNING: {expected}" in output, output
        assert "[cedocs.i18n]" in output
        assert "version 14 (sk) failed" in output
        assert site_digest(site) == before, "nothing is published when a catalog is broken"
        assert "evil-marker" not in site_text(site) and "evil.example" not in site_text(site)
    finally:
        (repo / CATALOG).write_text(original, encoding="utf-8")
    recovered = site_cli(repo)
    assert recovered.returncode == 0, recovered.stdout + recovered.stderr


def test_dropped_role_stops_the_build(published, tmp_path: Path) -> None:
    """A translation that loses a reference of the English text."""
    repo, _commits = published
    page = repo / "source" / "login.md"
    po = repo / CATALOG
    saved = {page: page.read_text(encoding="utf-8"), po: po.read_text(encoding="utf-8")}
    site = repo / "build" / "site"
    before = site_digest(site)
    try:
        page.write_text(saved[page] + "\nSee {doc}`the invoices <invoices>`.\n", encoding="utf-8")
        po.write_text(
            saved[po] + '\nmsgid "See {doc}`the invoices <invoices>`."\nmsgstr "Pozrite si faktúry."\n', encoding="utf-8"
        )
        proc = site_cli(repo)
        output = proc.stdout + proc.stderr
        line = len(po.read_text(encoding="utf-8").splitlines())
        assert proc.returncode != 0, output
        assert f"{CATALOG}:{line}: WARNING: msgstr is missing reference {{doc}}`invoices`" in output, output
        assert site_digest(site) == before
    finally:
        for path, text in saved.items():
            path.write_text(text, encoding="utf-8")


def test_broken_catalog_of_a_released_version_stops_the_build(published, tmp_path: Path) -> None:
    """Released versions are built from their commit: their catalogs are checked too."""
    repo, commits = published
    work = tmp_path / "repo"
    shutil.copytree(repo, work, symlinks=True, ignore=shutil.ignore_patterns("build"))
    git(work, "checkout", "-q", commits["12"])
    po = work / CATALOG
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Prihlásenie"', 'msgstr "Prihlásenie [x](https://evil.example/12)"'))
    git(work, "commit", "-q", "-am", "A translation for 12 with a foreign link")
    broken = git(work, "rev-parse", "HEAD")
    git(work, "checkout", "-q", "main")
    (work / "versions.toml").write_text(registry_text(broken, commits["13"]), encoding="utf-8")
    proc = site_cli(work)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, output
    assert "version 12 (sk) failed" in output
    assert f"{CATALOG}:" in output and "link target ](https://evil.example/12)" in output
    assert not (work / "build" / "site").exists(), "nothing was published"
