"""Red team: broken catalogs of data files fail the strict build, located at the catalog.

Each case plants a real bad input in a copy of the ``test-data-catalogs`` root: a syntax
error, a translation that drops what the English keeps, a catalog of a data file that does
not exist, a stale entry, a bare title after a preposition. The strict build (what
``sphinx-build -W --keep-going`` does) must report it as a ``cedocs.i18n`` warning at the
catalog's file and line and end with status 1, and the page must not show the bad text.
``tests/redteam/test_broken_translations.py`` proves for page catalogs that a failed build
publishes nothing; ``test_broken_data_catalog_stops_the_site_build`` below does so for a
data catalog.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sphinx_intl.catalog import dump_po, load_po

from sitegen import git, make_repo

from .sitecase import site_cli, site_digest, site_text

ROOT = Path(__file__).resolve().parent.parent / "roots" / "test-data-catalogs"
SK = {"language": "sk"}
DATA = Path("locale/sk/LC_MESSAGES/_data")


def strict_build(make_app, srcdir: Path):
    app = make_app("html", srcdir=srcdir, confoverrides=SK, freshenv=True, warningiserror=True)
    app.build()
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    return app, [line for line in text.splitlines() if "WARNING" in line]


def line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


def plant(srcdir: Path, relative: Path | str, old: str, new: str) -> Path:
    path = srcdir / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def set_msgstr(path: Path, msgid: str, msgstr: str) -> int:
    """Give ``msgid`` a new translation (babel writes the file); return its msgstr line."""
    catalog = load_po(str(path))
    catalog[msgid].string = msgstr
    dump_po(str(path), catalog, width=76)
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("msgid") and msgid[:20] in line)
    return next(i for i in range(start, len(lines)) if lines[i].startswith("msgstr")) + 1


@pytest.fixture
def srcdir(tmp_path: Path) -> Path:
    target = tmp_path / "root"
    shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns("_build", "*.mo"))
    return target


def test_syntax_error(make_app, srcdir: Path) -> None:
    po = plant(srcdir, DATA / "defects.po", 'msgstr "Dane"', 'msgstr "Dane evil-marker')
    app, found = strict_build(make_app, srcdir)
    line = line_of(po, 'msgstr "Dane evil-marker') + 1  # msgfmt notices at the next line
    assert app.statuscode == 1
    assert any(f"{DATA}/defects.po:{line}: WARNING: end-of-line within string [cedocs.i18n]" in w for w in found), found


def test_translation_dropping_inline_code(make_app, srcdir: Path) -> None:
    po = plant(srcdir, DATA / "windows.po", 'msgstr "Hodnota `Y` ho zapne."', 'msgstr "Hodnota Y ho zapne."')
    app, found = strict_build(make_app, srcdir)
    line = line_of(po, 'msgstr "Hodnota Y ho zapne."')
    assert app.statuscode == 1
    assert any(f"{DATA}/windows.po:{line}: WARNING: msgstr is missing inline code `Y`" in w for w in found), found


def test_translation_adding_a_link(make_app, srcdir: Path) -> None:
    """Data text is shown as text; a link in its translation still fails the build."""
    po = plant(
        srcdir, DATA / "defects.po",
        'msgstr "Ponechajte ZK_AUTO_SAVE_CHANGES na hodnote N."',
        'msgstr "Ponechajte ZK_AUTO_SAVE_CHANGES na hodnote N. [evil-marker](https://evil.example/x)"',
    )  # fmt: skip
    app, found = strict_build(make_app, srcdir)
    line = line_of(po, 'msgstr "Ponechajte ZK_AUTO_SAVE_CHANGES na hodnote N. [evil-marker](https://evil.example/x)"')
    assert app.statuscode == 1
    assert any(f"{DATA}/defects.po:{line}: WARNING: msgstr has link target ](https://evil.example/x)" in w for w in found)
    assert 'href="https://evil.example/x"' not in (Path(app.outdir) / "known-issues.html").read_text(encoding="utf-8")


def test_catalog_of_a_data_file_that_does_not_exist(make_app, srcdir: Path) -> None:
    shutil.copy(srcdir / DATA / "releases.po", srcdir / DATA / "tiers.po")
    app, found = strict_build(make_app, srcdir)
    assert app.statuscode == 1
    assert any(
        f"{DATA}/tiers.po:1: WARNING: catalog of a data file that does not exist (root/_data/tiers.yaml)" in w for w in found
    ), found


def test_stale_entry(make_app, srcdir: Path) -> None:
    """The data changed (or the catalog was edited by hand) without `make i18n`."""
    po = plant(
        srcdir, DATA / "defects.po",
        'msgid "Automatic saving saves an incomplete record"',
        'msgid "Automatic saving saved an incomplete record"',
    )  # fmt: skip
    app, found = strict_build(make_app, srcdir)
    line = line_of(po, 'msgid "Automatic saving saved an incomplete record"')
    assert app.statuscode == 1
    expected = (
        f"{DATA}/defects.po:{line}: WARNING: stale entry: no text of root/_data/defects.yaml reads so in the field"
        " defects.title; the data changed without `make i18n`"
    )
    assert any(expected in w for w in found), found
    # The page shows the English text until the catalog is updated, not a stale translation.
    assert "Automatic saving saves an incomplete record" in (Path(app.outdir) / "known-issues.html").read_text(encoding="utf-8")


BARE = ("Each key is described in the {window}`System Configurator`.", "Každý kľúč je opísaný v {window}`System Configurator`.")


def test_bare_title_after_a_preposition(make_app, srcdir: Path) -> None:
    line = set_msgstr(srcdir / "locale/sk/LC_MESSAGES/usage.po", *BARE)
    app, found = strict_build(make_app, srcdir)
    assert app.statuscode == 1
    expected = (
        f"usage.po:{line}: WARNING: {{window}}`System Configurator` right after the preposition 'v' shows its title"
        " in the nominative (now «Konfigurátor systému»): give the title in the case 'v' needs,"
        " v {window}`<Konfigurátor systému, inflected> <System Configurator>`"
    )
    assert any(expected in w for w in found), found


def test_released_catalogs_are_not_held_to_inflection(make_app, srcdir: Path) -> None:
    """Without data catalogs (a released version's catalogs, built from its commit) a
    bare title after a preposition is what that version always showed: no failure."""
    set_msgstr(srcdir / "locale/sk/LC_MESSAGES/usage.po", *BARE)
    shutil.rmtree(srcdir / DATA)
    app, found = strict_build(make_app, srcdir)
    assert app.statuscode == 0, found


# ------------------------------------------------------------------------ the whole site


@pytest.mark.site
def test_broken_data_catalog_stops_the_site_build(tmp_path: Path) -> None:
    """`python -m cloudempiere_docs site` (what `make site` runs) with release notes and a
    defects catalog: a broken data catalog fails the build and nothing is published."""
    repo = tmp_path / "repo"
    make_repo(repo)
    (repo / "source" / "_data").mkdir(exist_ok=True)
    for name in ("releases.yaml", "defects.yaml"):
        shutil.copy(ROOT / "_data" / name, repo / "source" / "_data" / name)
    # The release data is the one home of codenames and dates: it records 12.0 too, and
    # versions.toml stops stating them.
    releases = repo / "source" / "_data" / "releases.yaml"
    releases.write_text(releases.read_text(encoding="utf-8").replace(
        "releases:\n",
        'releases:\n  - version: "12.0"\n    status: released\n    date: 2024-12-16\n    title: Kudos\n'
        '    idempiere: "12"\n    highlights:\n      - Cloudempiere is now based on iDempiere 12.\n', 1), encoding="utf-8")
    registry = repo / "versions.toml"
    registry.write_text("".join(
        line for line in registry.read_text(encoding="utf-8").splitlines(keepends=True)
        if not line.startswith(("title = \"Orion\"", "title = \"Kudos\"", "date = "))
    ), encoding="utf-8")
    (repo / "source" / "known-issues.md").write_text((ROOT / "known-issues.md").read_text(encoding="utf-8"), encoding="utf-8")
    for release in ("13.0", "13.1"):
        (repo / "source" / f"notes-{release}.md").write_text(f"# Cloudempiere {release}\n\n```{{release-notes}} {release}\n```\n")
    index = repo / "source" / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("einvoicing\n", "einvoicing\nknown-issues\nnotes-13.1\nnotes-13.0\n"))
    catalogs = repo / "locale" / "sk" / "LC_MESSAGES" / "_data"
    catalogs.mkdir(parents=True)
    for name in ("releases.po", "defects.po"):
        shutil.copy(ROOT / DATA / name, catalogs / name)
    conf = repo / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8").replace(
            '"cloudempiere_docs.ext.site"]',
            '"cloudempiere_docs.releases", "cloudempiere_docs.ext.i18n", "cloudempiere_docs.ext.site"]',
        )
        + 'cedocs_ticket_url = "https://support.example.test/browse/{id}"\n',
        encoding="utf-8",
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Release notes from data, with a catalog of the defects")
    first = site_cli(repo)
    assert first.returncode == 0, first.stdout + first.stderr
    site = repo / "build" / "site"
    assert "Automatické ukladanie uloží neúplný záznam" in (site / "sk" / "14" / "known-issues.html").read_text(encoding="utf-8")
    before = site_digest(site)

    po = catalogs / "defects.po"
    po.write_text(po.read_text(encoding="utf-8").replace(
        'msgstr "Automatické ukladanie uloží neúplný záznam"', 'msgstr "evil-marker uloží neúplný záznam'), encoding="utf-8")
    proc = site_cli(repo)
    output = proc.stdout + proc.stderr
    line = po.read_text(encoding="utf-8").splitlines().index('msgstr "evil-marker uloží neúplný záznam') + 2
    assert proc.returncode != 0, output
    assert f"locale/sk/LC_MESSAGES/_data/defects.po:{line}: WARNING: end-of-line within string" in output, output
    assert "version 14 (sk) failed" in output
    assert site_digest(site) == before, "nothing is published when a data catalog is broken"
    assert "evil-marker" not in site_text(site)
