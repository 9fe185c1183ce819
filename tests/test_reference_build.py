"""The reference extension across builds: translation, dependencies, incremental, config."""

from __future__ import annotations

import os
import re
import time

import pytest
from sphinx.errors import ConfigError

DESCRIPTION = (
    "Number of records a window shows on one page of the grid view. "
    "Larger pages mean less paging through long lists."
)


def cedocs_warnings(app) -> list[str]:
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    return [line for line in text.splitlines() if "[cedocs." in line]


def touch_later(path) -> None:
    """Give ``path`` an mtime safely after the last build, whatever the clock resolution."""
    later = time.time() + 10
    os.utime(path, (later, later))


def settle(path) -> None:
    """Move ``path`` back before the last build, so it no longer counts as changed."""
    earlier = time.time() - 3600
    os.utime(path, (earlier, earlier))


@pytest.mark.sphinx("gettext", testroot="reference-i18n")
def test_generated_text_is_extracted_for_translation(app):
    """Labels the directive writes go to the page's template, the data file's texts
    to the data file's template (translated once, whichever page shows them)."""
    app.build()
    pot = (app.outdir / "index.pot").read_text(encoding="utf-8")
    flat = re.sub(r'"\n"', "", pot)  # msgids are wrapped over lines
    assert 'msgid "Default"' in flat
    assert 'msgid "Available since"' in flat  # a label of the summary row
    assert 'msgid "Tenant"' not in flat  # the level: from the interface catalog, as {val} says it
    assert DESCRIPTION not in flat
    assert 'msgid "ZK_PAGING_SIZE"' not in flat  # keys are literals, never translated
    data = re.sub(r'"\n"', "", (app.outdir / "_data" / "settings.pot").read_text(encoding="utf-8"))
    assert f'msgctxt "settings.description"\nmsgid "{DESCRIPTION}"' in data
    assert "#: ../../_data/settings.yaml:" in data  # located where the text is written


@pytest.mark.sphinx("html", testroot="reference-i18n", srcdir="reference-i18n-sk", confoverrides={"language": "sk"})
def test_slovak_build_shows_translated_generated_text(app):
    """Catalogs written before data catalogs (no locale/sk/LC_MESSAGES/_data/) translate
    data text in the page's catalog, as released versions' catalogs do."""
    app.build()
    assert app.env.get_domain("cedata").mode == "pages"
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "Počet záznamov, ktoré okno zobrazí na jednej strane mriežky." in page
    assert "Predvolená hodnota" in page
    assert DESCRIPTION not in page
    assert 'href="#setting-zk-paging-size"' in page  # the role still resolves
    assert not cedocs_warnings(app)


@pytest.mark.sphinx("html", testroot="reference", srcdir="reference-deps")
def test_editing_a_data_file_rereads_exactly_the_pages_using_it(app, make_app):
    app.build()
    taxes = app.srcdir / "_data" / "taxes.yaml"
    taxes.write_text(taxes.read_text().replace("Standard rate from 2025.", "Standard rate of VAT from 2025."))
    touch_later(taxes)
    again = make_app("html", srcdir=app.srcdir)
    read: list[str] = []
    again.connect("env-before-read-docs", lambda _app, _env, docnames: read.extend(docnames))
    again.build()
    assert sorted(read) == ["taxes"]
    assert "Standard rate of VAT from 2025." in (again.outdir / "taxes.html").read_text(encoding="utf-8")

    settle(taxes)
    settings = app.srcdir / "_data" / "settings.yaml"
    settings.write_text(settings.read_text().replace("ends.", "ends and the user logs in again."))
    touch_later(settings)
    third = make_app("html", srcdir=app.srcdir)
    read.clear()
    third.connect("env-before-read-docs", lambda _app, _env, docnames: read.extend(docnames))
    third.build()
    assert sorted(read) == ["changes", "filters", "settings"]


@pytest.mark.sphinx("html", testroot="reference", srcdir="reference-delete")
def test_deleting_a_page_drops_its_entries_and_references_warn(app, make_app):
    app.build()
    assert ("tax", "sk-standard-23") in app.env.get_domain("ce").objects
    (app.srcdir / "taxes.md").unlink()
    index = app.srcdir / "index.md"
    index.write_text(index.read_text().replace("taxes\n", ""))
    touch_later(index)
    again = make_app("html", srcdir=app.srcdir)
    again.build()
    objects = again.env.get_domain("ce").objects
    assert not [key for key in objects if key[0] == "tax"]
    assert ("setting", "ZK_PAGING_SIZE") in objects  # other pages keep theirs
    warnings = cedocs_warnings(again)
    assert any("usage.md:3: WARNING: unknown tax 'sk-standard-23'" in w for w in warnings), warnings
    assert 'href="taxes.html' not in (again.outdir / "usage.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "value, message",
    [
        ("/etc/settings.yaml", "relative to the source directory"),
        ("../outside.yaml", "relative to the source directory"),
        ("_data/settings.json", ".yaml or .yml"),
    ],
)
def test_misconfigured_data_path_is_a_config_error(make_app, rootdir, tmp_path, value, message):
    import shutil

    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-reference", src)
    with pytest.raises(ConfigError, match=re.escape(message)):
        make_app("html", srcdir=src, confoverrides={"cedocs_settings_file": value})


@pytest.mark.sphinx("html", testroot="reference", srcdir="reference-missing", confoverrides={"cedocs_sla_file": "_data/none.yaml"})
def test_missing_data_file_is_reported_at_the_directive(app):
    app.build()
    warnings = cedocs_warnings(app)
    assert any(re.search(r"sla\.md:3: WARNING: sla-matrix: data file .*none\.yaml not found", w) for w in warnings), warnings
