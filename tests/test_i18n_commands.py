"""The catalog workflow: ``python -m cloudempiere_docs i18n update|stats|check|compile``."""

from __future__ import annotations

import textwrap
from pathlib import Path

from sphinx_intl import catalog as intl
import pytest

from cloudempiere_docs.cli import main
from cloudempiere_docs.i18n import catalogs, checks, consistency, stats
from cloudempiere_docs.i18n.catalogs import Project

CONF = """\
project = "Cloudempiere"
version = "14"
extensions = ["myst_parser"]
source_suffix = {".md": "markdown"}
language = "en"
locale_dirs = ["../locale/"]
gettext_compact = False
myst_disable_syntax = ["html_block", "html_inline"]
"""

PAGES = {
    "index.md": """\
        # Cloudempiere manual

        ```{toctree}
        settings
        tax/rates
        ```
        """,
    "settings.md": """\
        (settings)=
        # Settings

        The paging size of grid views is {ref}`ZK_PAGING_SIZE <settings>`.

        A changed value needs a cache reset.
        """,
    "tax/rates.md": """\
        # Tax rates

        The standard VAT rate is 23 % from 1 January 2025.
        """,
}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def updated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project after `make i18n`: templates and Slovak catalogs generated."""
    root = tmp_path_factory.mktemp("project")
    write(root / "conf.py", CONF)
    write(root / "versions.toml", '[site]\nlanguages = ["en", "sk"]\ndefault_language = "en"\n')
    for name, text in PAGES.items():
        write(root / "source" / name, text)
    assert main(["i18n", "--root", str(root), "update"]) == 0
    return root


@pytest.fixture
def project(updated: Path, tmp_path: Path) -> Project:
    """A private copy of the updated project, for tests that change it."""
    import shutil

    root = tmp_path / "p"
    shutil.copytree(updated, root, ignore=shutil.ignore_patterns("build"))
    return Project(root)


def translate(
    po_path: Path, translations: dict[str, str], fuzzy: set[str] = frozenset(), *, format_flags: bool = False
) -> None:
    """Fill msgstrs as a translator's editor would (babel, as sphinx-intl writes). Babel
    guesses format flags from page text ("23 %", "{ref}"); `make i18n` drops them, so
    they are dropped here too unless a test wants them."""
    catalog = intl.load_po(str(po_path))
    for message in catalog:
        if not format_flags:
            message.flags -= {"python-format", "python-brace-format"}
        if message.id in translations:
            message.string = translations[message.id]
            # A translator's editor clears the fuzzy mark of a proposal it confirms (the
            # update proposes translations from other catalogs, the interface one too).
            message.flags.discard("fuzzy")
            if message.id in fuzzy:
                message.flags.add("fuzzy")
    intl.dump_po(str(po_path), catalog, width=76, ignore_obsolete=False)


def problems_of(project: Project, **kwargs) -> list[str]:
    return [str(p) for p in checks.run_checks(project, **kwargs)]


# ------------------------------------------------------------------------------ update


def test_update_writes_stable_templates_and_catalogs(updated: Path) -> None:
    pot = (updated / "locale/en/settings.pot").read_text(encoding="utf-8")
    assert "POT-Creation-Date" not in pot
    assert "#: source/settings.md:" in pot  # locations relative to the project root
    assert 'msgid "A changed value needs a cache reset."' in pot
    assert (updated / "locale/en/tax/rates.pot").is_file()
    po = updated / "locale/sk/LC_MESSAGES/tax/rates.po"
    assert "POT-Creation-Date" not in po.read_text(encoding="utf-8")
    assert str(intl.load_po(str(po)).locale) == "sk"
    # a second run changes nothing
    before = {p: p.read_bytes() for p in (updated / "locale").rglob("*.po*")}
    assert main(["i18n", "--root", str(updated), "update"]) == 0
    assert before == {p: p.read_bytes() for p in (updated / "locale").rglob("*.po*")}


def test_update_drops_format_flags_babel_guesses(project: Project) -> None:
    po = project.catalog_dir("sk") / "tax/rates.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgid "The standard', '#, python-format\nmsgid "The standard'), encoding="utf-8")
    translate(po, {"The standard VAT rate is 23 % from 1 January 2025.": "Od 1. januára 2025 je základná sadzba DPH 23 %"},
              format_flags=True)  # fmt: skip
    assert "python-format" in po.read_text(encoding="utf-8")
    assert checks.check_syntax(project, [po])[0]  # msgfmt -c rejects "23 %" at the end
    assert main(["i18n", "--root", str(project.root), "update"]) == 0
    assert "python-format" not in po.read_text(encoding="utf-8")
    assert checks.check_syntax(project, [po])[0] == []


def test_update_keeps_obsolete_and_marks_changed_messages_fuzzy(project: Project) -> None:
    po = project.catalog_dir("sk") / "settings.po"
    translate(po, {
        "A changed value needs a cache reset.": "Zmenená hodnota vyžaduje vyprázdnenie vyrovnávacej pamäte.",
        "Settings": "Nastavenia",
    })  # fmt: skip
    page = project.source / "settings.md"
    text = page.read_text(encoding="utf-8")
    write(page, text.replace("A changed value needs a cache reset.\n", "").replace("# Settings", "# Settings overview"))
    assert main(["i18n", "--root", str(project.root), "update"]) == 0

    catalog = intl.load_po(str(po))
    obsolete = {m.id: m.string for m in catalog.obsolete.values()}
    assert obsolete["A changed value needs a cache reset."].startswith("Zmenená hodnota")
    changed = catalog.get("Settings overview")
    assert changed is not None and changed.fuzzy and changed.string == "Nastavenia"


# ------------------------------------------------------------------------------- stats


def test_stats_counts_fuzzy_as_untranslated(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    po = project.catalog_dir("sk") / "settings.po"
    ids = [m.id for m in intl.load_po(str(po)) if m.id]
    assert len(ids) == 3
    translate(po, {ids[0]: "Nastavenia", ids[1]: "Veľkosť stránkovania je {ref}`ZK_PAGING_SIZE <settings>`."},
              fuzzy={ids[1]})  # fmt: skip
    rows = {r.page: r for r in stats.coverage(project, "sk")}
    settings = rows["settings"]
    assert (settings.translated, settings.fuzzy, settings.untranslated) == (1, 1, 1)
    assert round(settings.percent, 1) == 33.3
    overall = stats.total(list(rows.values()), "sk")
    assert overall.total == sum(r.total for r in rows.values())
    assert overall.translated == 1

    assert main(["i18n", "--root", str(project.root), "stats", "--min-coverage", "20"]) == 1
    out, err = capsys.readouterr()
    assert "settings" in out and "33.3%" in out
    assert "sk:" in err and "below the required 20 %" in err
    assert main(["i18n", "--root", str(project.root), "stats", "--min-coverage", "0"]) == 0


def test_stats_threshold_from_pyproject(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    write(project.root / "pyproject.toml", "[tool.cloudempiere_docs]\ni18n-min-coverage = 90\n")
    assert stats.configured_minimum(project) == 90
    assert main(["i18n", "--root", str(project.root), "stats"]) == 1
    assert "below the required 90 %" in capsys.readouterr().err


# ------------------------------------------------------------------------------- check


def test_check_passes_on_a_fresh_project(project: Project) -> None:
    assert problems_of(project) == []


def test_check_reports_broken_po_syntax_with_line(project: Project) -> None:
    po = project.catalog_dir("sk") / "tax/rates.po"
    lines = po.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith('msgid "Tax rates"'))
    lines.insert(index + 1, 'msgstr "Daňové sadzby')  # unterminated string, and a second msgstr
    po.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = problems_of(project, sync=False)
    # msgfmt reports an unterminated string on the line where it noticed it (the next one)
    located = [p for p in found if p.startswith("locale/sk/LC_MESSAGES/tax/rates.po:")]
    assert located and all(int(p.split(":")[1]) in (index + 2, index + 3) for p in located), found
    assert any("end-of-line within string" in p for p in located)


def test_check_reports_missing_reference_at_the_msgstr_line(project: Project) -> None:
    po = project.catalog_dir("sk") / "settings.po"
    translate(po, {"The paging size of grid views is {ref}`ZK_PAGING_SIZE <settings>`.":
                   "Veľkosť stránkovania tabuľkových zobrazení je `ZK_PAGING_SIZE`."})  # fmt: skip
    lines = po.read_text(encoding="utf-8").splitlines()
    index = next(i for i, text in enumerate(lines) if "Veľkosť" in text)
    line = index + 1 if lines[index].startswith("msgstr") else index  # wrapped after `msgstr ""`
    found = problems_of(project, sync=False)
    assert f"locale/sk/LC_MESSAGES/settings.po:{line}: msgstr is missing reference {{ref}}`settings`" in found
    assert f"locale/sk/LC_MESSAGES/settings.po:{line}: msgstr has inline code `ZK_PAGING_SIZE` that the msgid does not have" in found


def test_markup_rules() -> None:
    keep = checks.markup_of
    # a role's title may be translated, its target not
    assert keep("see {doc}`Settings <configuration/settings>`") == keep("pozri {doc}`Nastavenia <configuration/settings>`")
    assert keep("see {doc}`settings`") == keep("pozri {doc}`Nastavenia <settings>`")
    assert keep("{setting}`ZK_PAGING_SIZE`") != keep("{setting}`ZK_PAGING_SIZE_X`")
    # glossary terms are translated, so a term role may name the Slovak term
    assert keep("a {term}`change request`") == keep("{term}`požiadavka na zmenu`")
    assert keep("a {term}`change request`") != keep("požiadavka na zmenu")
    assert keep("[wiki](https://wiki.idempiere.org/)") == keep("[wiki iDempiere](https://wiki.idempiere.org/)")
    assert keep("[wiki](https://wiki.idempiere.org/)") != keep("[wiki](https://example.org/)")
    assert keep("Pages found: {count}") != keep("Nájdené stránky: {pocet}")
    assert keep("%(copyright)s and `code`") == keep("`code` a %(copyright)s")


def test_noqa_frees_inline_code_only(tmp_path: Path) -> None:
    """A translator may localize an example in inline code with "#noqa"; a link or a role
    the English does not have is still refused."""
    po = tmp_path / "page.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Type `VAT 23 %` as the name."\nmsgstr "Zadajte názov `DPH 23 %`. #noqa"\n\n'
        'msgid "Search for `Business Partner`."\n'
        'msgstr "Vyhľadajte `Obchodný partner` na [stránke](https://evil.example/). #noqa"\n',
        encoding="utf-8",
    )
    found = [str(p) for p in checks.markup_problems(intl.load_po(str(po)), po.read_text().splitlines(), "page.po")]
    assert len(found) == 1, found
    assert found[0].startswith("page.po:9: msgstr has") and "https://evil.example/" in found[0]


def test_check_reports_catalog_of_a_deleted_page(project: Project) -> None:
    (project.source / "tax/rates.md").unlink()
    index = project.source / "index.md"
    write(index, index.read_text(encoding="utf-8").replace("tax/rates\n", ""))
    found = problems_of(project)
    assert any(
        p.startswith("locale/sk/LC_MESSAGES/tax/rates.po: catalog of a page that no longer exists") for p in found
    ), found
    assert any(p.startswith("locale/en/tax/rates.pot: template of a page that no longer exists") for p in found)


def test_check_reports_unknown_language_codes(project: Project) -> None:
    write(project.root / "versions.toml", '[site]\nlanguages = ["en", "sk", "svk"]\ndefault_language = "en"\n')
    (project.locale / "xx" / "LC_MESSAGES").mkdir(parents=True)
    found = problems_of(project, sync=False)
    assert "versions.toml:2: unknown language code 'svk' in [site] languages" in found
    assert "locale/xx: unknown language code 'xx'" in found


def test_check_reports_templates_out_of_sync(project: Project) -> None:
    page = project.source / "tax/rates.md"
    write(page, page.read_text(encoding="utf-8") + "\nThe reduced rates are 19 % and 5 %.\n")
    found = problems_of(project)
    assert any(
        p.startswith("locale/en/tax/rates.pot: out of sync with source/tax/rates.md (1 new, 0 removed")
        and "run `make i18n`" in p
        for p in found
    ), found
    assert main(["i18n", "--root", str(project.root), "check"]) == 1
    assert main(["i18n", "--root", str(project.root), "update"]) == 0
    assert main(["i18n", "--root", str(project.root), "check"]) == 0


# ---------------------------------------------------------------- the real repository


def test_repository_catalogs_pass_msgfmt(repo_root: Path) -> None:
    project = Project(repo_root)
    paths = checks.translation_catalogs(project)
    assert any(p.name == "cedocs.po" for p in paths), "the interface catalog is checked too"
    assert not any(p.name == "sphinx.po" for p in paths), "interface strings live in the package's one catalog"
    problems, _broken = checks.check_syntax(project, paths)
    assert [str(p) for p in problems] == []
    assert [str(p) for p in checks.check_markup(project, paths, set())] == []


def test_repository_templates_in_sync_with_source(repo_root: Path) -> None:
    """Compares messages only (not headers, dates or line numbers): fails when a page's
    text changed without `make i18n`."""
    problems = checks.check_sync(Project(repo_root), set())
    assert [str(p) for p in problems] == []


def test_repository_translation_coverage_meets_threshold(repo_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """CI fails when Slovak coverage drops below the threshold in pyproject.toml."""
    assert main(["i18n", "--root", str(repo_root), "stats"]) == 0, capsys.readouterr().err


def test_repository_has_one_translation_per_text(repo_root: Path) -> None:
    """One English text, one Slovak translation, across page, data and interface catalogs
    (a msgctxt or a '# homonym:' comment marks a real homonym)."""
    project = Project(repo_root)
    paths = checks.translation_catalogs(project)
    assert [str(p) for p in consistency.problems(project, paths)] == []


def test_repository_references_read_well_after_prepositions(repo_root: Path) -> None:
    project = Project(repo_root)
    paths = checks.translation_catalogs(project)
    assert [str(p) for p in checks.check_inflection(project, paths, set())] == []
    assert [str(p) for p in checks.check_code_strings(project)] == []


# ------------------------------------------------------------ data catalogs, memory


def page(name: str) -> str:
    """A page of PAGES as written to disk, so that text can be appended to it."""
    return textwrap.dedent(PAGES[name])


DATA_CONF = CONF.replace('extensions = ["myst_parser"]', 'extensions = ["myst_parser", "cloudempiere_docs.reference"]').replace(
    'gettext_compact = False', 'gettext_compact = False\nexclude_patterns = ["_data"]\nnitpicky = True'
)
SETTINGS_YAML = """\
settings:
  - key: ZK_PAGING_SIZE
    module: User interface
    level: Tenant
    type: integer
    default: "100"
    description: Number of records a window shows on one page of the grid view.
    since: "12"
  - key: SESSION_TIMEOUT
    module: Security
    level: Organization
    type: integer
    default: "30"
    description: Minutes of inactivity after which a session ends.
    since: "12"
"""


@pytest.fixture(scope="module")
def data_updated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with a data file after `make i18n`."""
    root = tmp_path_factory.mktemp("data-project")
    write(root / "conf.py", DATA_CONF)
    write(root / "versions.toml", '[site]\nlanguages = ["en", "sk"]\ndefault_language = "en"\n')
    for name, text in PAGES.items():
        write(root / "source" / name, text)
    write(root / "source" / "settings.md", page("settings.md") + "\n```{settings-reference}\n```\n")
    write(root / "source" / "_data" / "settings.yaml", SETTINGS_YAML)
    assert main(["i18n", "--root", str(root), "update"]) == 0
    return root


@pytest.fixture
def data_project(data_updated: Path, tmp_path: Path) -> Project:
    import shutil

    root = tmp_path / "p"
    shutil.copytree(data_updated, root, ignore=shutil.ignore_patterns("build"))
    return Project(root)


def test_update_writes_a_catalog_per_data_file(data_updated: Path) -> None:
    pot = (data_updated / "locale/en/_data/settings.pot").read_text(encoding="utf-8")
    assert "POT-Creation-Date" not in pot
    assert '#: source/_data/settings.yaml:7\nmsgctxt "settings.description"\nmsgid "Number of records' in pot
    assert 'msgctxt "settings.module"\nmsgid "Security"' in pot
    page = (data_updated / "locale/en/settings.pot").read_text(encoding="utf-8")
    assert "Number of records" not in page and 'msgid "Default"' in page  # labels stay page text
    po = data_updated / "locale/sk/LC_MESSAGES/_data/settings.po"
    assert str(intl.load_po(str(po)).locale) == "sk"
    rows = {r.page: r for r in stats.coverage(Project(data_updated), "sk")}
    assert rows["_data/settings"].total == 4  # counted in the statistics and the threshold


def test_memory_proposes_existing_translations_fuzzy(data_project: Project) -> None:
    project = data_project
    translate(project.catalog_dir("sk") / "settings.po", {"A changed value needs a cache reset.": "Zmenená hodnota vyžaduje vyprázdnenie vyrovnávacej pamäte."})
    po = project.catalog_dir("sk") / "_data/settings.po"
    catalog = intl.load_po(str(po))
    catalog.get("Security", context="settings.module").string = "Bezpečnosť"
    intl.dump_po(str(po), catalog, width=76)
    # A new page repeats a sentence and changes another a little.
    write(project.source / "tax/rates.md", page("tax/rates.md") + "\nA changed value needs a cache reset.\n\nThe standard VAT rate is 23 % from 1 January 2026.\n")
    translate(project.catalog_dir("sk") / "tax/rates.po", {"The standard VAT rate is 23 % from 1 January 2025.": "Základná sadzba DPH je 23 % od 1. januára 2025."})
    # A module named like a word of a page: proposed for the page, from the data catalog.
    write(project.source / "index.md", page("index.md") + "\n## Security\n")
    assert main(["i18n", "--root", str(project.root), "update"]) == 0

    rates = intl.load_po(str(project.catalog_dir("sk") / "tax/rates.po"))
    repeated = rates.get("A changed value needs a cache reset.")
    assert repeated.fuzzy and repeated.string.startswith("Zmenená hodnota")
    close = rates.get("The standard VAT rate is 23 % from 1 January 2026.")
    assert close.fuzzy and close.string == "Základná sadzba DPH je 23 % od 1. januára 2025."
    assert checks.check_syntax(project, [project.catalog_dir("sk") / "tax/rates.po"])[0] == []
    index = intl.load_po(str(project.catalog_dir("sk") / "index.po"))
    assert index.get("Security").fuzzy and index.get("Security").string == "Bezpečnosť"
    # Fuzzy is not translated: the statistics say so until a translator confirms.
    rows = {r.page: r for r in stats.coverage(project, "sk")}
    assert rows["tax/rates"].fuzzy == 2


def test_check_lists_two_translations_of_one_text_with_their_places(data_project: Project) -> None:
    project = data_project
    sk = project.catalog_dir("sk")
    write(project.source / "tax/rates.md", page("tax/rates.md") + "\nA changed value needs a cache reset.\n")
    assert main(["i18n", "--root", str(project.root), "update"]) == 0
    translate(sk / "settings.po", {"A changed value needs a cache reset.": "Zmenená hodnota vyžaduje vyprázdnenie vyrovnávacej pamäte."})
    translate(sk / "tax/rates.po", {"A changed value needs a cache reset.": "Zmena sa prejaví po vyprázdnení vyrovnávacej pamäte."})
    found = [p for p in problems_of(project) if "has 2 translations" in p]
    assert len(found) == 1, found
    assert "'A changed value needs a cache reset.' has 2 translations in sk" in found[0]
    assert "locale/sk/LC_MESSAGES/settings.po:" in found[0] and "locale/sk/LC_MESSAGES/tax/rates.po:" in found[0]
    assert main(["i18n", "--root", str(project.root), "check"]) == 1

    # A real homonym on a page: the entry that differs says so.
    catalog = intl.load_po(str(sk / "tax/rates.po"))
    catalog.get("A changed value needs a cache reset.").user_comments.append("homonym: test of the marker")
    intl.dump_po(str(sk / "tax/rates.po"), catalog, width=76)
    assert not [p for p in problems_of(project) if "has 2 translations" in p]
    assert main(["i18n", "--root", str(project.root), "update"]) == 0  # the comment is kept
    assert "# homonym: test of the marker" in (sk / "tax/rates.po").read_text(encoding="utf-8")


def test_check_accepts_contexts_case_and_english_kept(data_project: Project) -> None:
    project = data_project
    sk = project.catalog_dir("sk")
    write(project.source / "index.md", page("index.md") + "\n## Security\n\n## Tenant\n")
    write(project.source / "tax/rates.md", page("tax/rates.md") + "\n## Tenant\n")
    assert main(["i18n", "--root", str(project.root), "update"]) == 0
    catalog = intl.load_po(str(sk / "_data/settings.po"))
    catalog.get("Security", context="settings.module").string = "Bezpečnosť"
    intl.dump_po(str(sk / "_data/settings.po"), catalog, width=76)
    translate(sk / "index.po", {"Security": "Zabezpečenie", "Tenant": "nájomca"})  # a page text, no context
    translate(sk / "tax/rates.po", {"Tenant": "Nájomca"})
    assert not [p for p in problems_of(project) if "translations" in p]
    translate(sk / "tax/rates.po", {"Tenant": "Tenant"})  # kept in English
    assert not [p for p in problems_of(project) if "translations" in p]


def test_check_flags_a_bare_title_after_a_preposition(data_project: Project) -> None:
    project = data_project
    sk = project.catalog_dir("sk")
    translate(sk / "settings.po", {"Settings": "Nastavenia"})
    write(project.source / "tax/rates.md", page("tax/rates.md") + "\nSee {doc}`../settings`.\n")
    assert main(["i18n", "--root", str(project.root), "update"]) == 0
    translate(sk / "tax/rates.po", {"See {doc}`../settings`.": "Pozri v {doc}`../settings`."})
    found = [p for p in problems_of(project, sync=False) if "preposition" in p]
    assert len(found) == 1
    assert found[0].startswith("locale/sk/LC_MESSAGES/tax/rates.po:")
    assert "{doc}`../settings` right after the preposition 'v' shows its title in the nominative (now «Nastavenia»)" in found[0]
    assert "v {doc}`<nastavenia, inflected> <../settings>`" in found[0]
    translate(sk / "tax/rates.po", {"See {doc}`../settings`.": "Pozri v {doc}`nastaveniach <../settings>`."})
    assert not [p for p in problems_of(project, sync=False) if "preposition" in p or "reference" in p]


def test_check_reports_stale_entries_and_catalogs_of_missing_data(data_project: Project) -> None:
    project = data_project
    sk = project.catalog_dir("sk")
    po = sk / "_data/settings.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgid "Security"', 'msgid "Safety"'), encoding="utf-8")
    (sk / "_data/tiers.po").write_text((sk / "_data/settings.po").read_text(encoding="utf-8"), encoding="utf-8")
    found = problems_of(project)
    line = po.read_text(encoding="utf-8").splitlines().index('msgid "Safety"') + 1
    assert f"locale/sk/LC_MESSAGES/_data/settings.po:{line}: stale entry (msgctxt 'settings.module'): its template has no such message: run `make i18n`" in found
    assert any(
        p.startswith("locale/sk/LC_MESSAGES/_data/tiers.po: catalog of a data file that does not exist (source/_data/tiers.yaml)")
        for p in found
    ), found


def test_update_keeps_the_template_of_a_broken_data_file(data_project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    data = data_project.source / "_data" / "settings.yaml"
    pot = data_project.templates / "_data" / "settings.pot"
    before = pot.read_text(encoding="utf-8")
    data.write_text(data.read_text(encoding="utf-8").replace("level: Tenant", "level: Global"), encoding="utf-8")
    assert main(["i18n", "--root", str(data_project.root), "update"]) == 0
    err = capsys.readouterr().err
    assert "settings.yaml:4: WARNING: settings[0].level" in err  # the gettext build says where
    assert "kept locale/en/_data/settings.pot: its data file could not be read" in err
    assert pot.read_text(encoding="utf-8") == before
    assert (data_project.catalog_dir("sk") / "_data" / "settings.po").is_file()
