"""The reference extension: rendering, anchors, index entries, roles, filters, versions."""

from __future__ import annotations

import re
import shutil

import pytest
from docutils import nodes
from sphinx import addnodes


def html(app, docname: str) -> str:
    return (app.outdir / f"{docname}.html").read_text(encoding="utf-8")


def cedocs_warnings(app) -> list[str]:
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())  # colour codes
    return [line for line in text.splitlines() if "[cedocs." in line]


@pytest.mark.sphinx("html", testroot="reference")
def test_settings_reference_renders_entries_with_anchors_and_index(app):
    app.build()
    page = html(app, "settings")
    assert 'id="setting-zk-paging-size"' in page
    assert 'id="settings-module-security"' in page and 'id="settings-module-web-ui"' in page
    # Default of version 13 with its history; level names, not codes.
    # History marks computed from the data: a changed default, a setting new in 13.
    assert re.search(r'<div class="versionchanged">\s*<p><span class="versionmodified changed">Changed in version 13</span>: the default was <code[^>]*><span class="pre">50</span></code> before', page)
    # Each setting at a glance: a container of its own (the filter shows or hides it), the
    # key, a summary row (default, type, level, available since), the description, then the details.
    entry = page[page.index('id="setting-zk-paging-size"') :]
    entry = entry[: entry.index('<div class="cedocs-entry')]
    assert page.count('<div class="cedocs-entry cedocs-setting docutils container">') == 5  # of version 13
    assert re.search(
        r'<dl class="cedocs-summary field-list simple">\s*<dt[^>]*>Default.*?<span class="pre">100</span>.*?'
        r'<dt[^>]*>Type.*?Whole number.*?<dt[^>]*>Level.*?<dd class="field-odd cedocs-facet-level"><p>Tenant</p>.*?'
        r'<dt[^>]*>Available since.*?<p>11</p>\s*</dd>\s*</dl>\s*<p class="cedocs-description">Number of records',
        entry, re.S,
    )  # fmt: skip
    assert entry.index("cedocs-description") < entry.index("versionchanged") < entry.index("cedocs-details")
    assert '<dd class="field-even cedocs-facet-module"><p>Web UI</p>' in entry or 'cedocs-facet-module"><p>Web UI</p>' in entry
    # five settings: below the length that gets a filter box (see test_long_references_get_a_filter_box)
    assert "data-cedocs-filter" not in page and "cedocs-filter.js" not in page
    # Allowed values of an enum, each with its description.
    assert "Force the tenant prefix." in page

    doctree = app.env.get_doctree("settings")
    entries = [e for node in doctree.findall(addnodes.index) for e in node["entries"]]
    assert ("single", "ZK_PAGING_SIZE", "setting-zk-paging-size", "", None) in entries
    assert "ZK_PAGING_SIZE" in html(app, "genindex")


@pytest.mark.sphinx("html", testroot="reference", srcdir="reference-filter")
def test_long_references_get_a_filter_box(app, monkeypatch):
    """From FILTER_FROM entries on, a hidden placeholder names the facets, with the labels
    of its controls; cedocs-filter.js (this page only) builds the controls from it."""
    from cloudempiere_docs.reference import settings as settings_module

    monkeypatch.setattr(settings_module, "FILTER_FROM", 3)
    app.build()
    page = html(app, "settings")
    box = re.search(r'<div class="cedocs-filter" data-cedocs-filter="module level" data-cedocs-filter-texts="([^"]*)" hidden></div>', page)
    assert box is not None
    assert "&quot;module&quot;: &quot;Module&quot;" in box[1]
    assert '<script defer="defer" src="_static/cedocs-filter.js' in page
    assert "cedocs-filter.js" not in html(app, "windows")
    # module sections are the groups the filter hides when they have no entry left
    assert re.search(r'<section class="cedocs-filter-group" id="settings-module-web-ui">', page)


@pytest.mark.sphinx("html", testroot="reference")
def test_settings_outside_the_version_are_not_listed(app):
    app.build()
    page = html(app, "settings")
    assert "ALogin_ShowOneRole" not in page  # removed in 13
    assert "SECURITY_DASHBOARD_LEGACY_KEY_WARNING" not in page  # since 14
    assert "CSV_EXPORT_SANITIZATION" in page  # since 13


@pytest.mark.sphinx("html", testroot="reference", srcdir="reference-v12", confoverrides={"version": "12"})
def test_version_12_shows_its_own_settings_and_defaults(app):
    app.build()
    page = html(app, "settings")
    assert "ALogin_ShowOneRole" in page and "CSV_EXPORT_SANITIZATION" not in page
    doctree = app.env.get_doctree("settings")
    term = next(t for t in doctree.findall(nodes.term) if "setting-zk-paging-size" in t["ids"])
    default = term.parent[1][0][0][1].astext()  # definition > summary row > first field (Default) > body
    assert default.startswith("50")
    assert "Changed in version 13" not in page


@pytest.mark.sphinx("html", testroot="reference")
def test_filters_by_module_and_level(app):
    app.build()
    page = html(app, "filters")
    assert "USE_EMAIL_FOR_LOGIN" in page and "LOGIN_WITH_TENANT_PREFIX" in page
    assert "CSV_EXPORT_SANITIZATION" not in page  # Security but Tenant level
    assert "ZK_PAGING_SIZE" not in page  # Web UI
    assert 'id="setting-' not in page  # :no-index: registers nothing


@pytest.mark.sphinx("html", testroot="reference")
def test_roles_resolve_against_the_domain(app):
    app.build()
    page = html(app, "usage")
    assert 'href="settings.html#setting-zk-paging-size"' in page
    assert 'href="windows.html#window-tax-rate"' in page
    assert 'href="windows.html#window-sales-order"' in page  # {ce:window}, case-insensitive
    assert 'href="windows.html#form-setup-wizard"' in page
    assert re.search(r'href="taxes.html#tax-sk-standard-23"[^>]*>.*?VAT 23 %', page, re.S)
    assert re.search(r'href="taxes.html#tax-sk-standard-20"[^>]*>.*?old rate', page, re.S)


@pytest.mark.sphinx("html", testroot="reference", srcdir="reference-warnings")
def test_unknown_role_key_is_a_located_warning_with_close_matches(app):
    app.build()
    warnings = cedocs_warnings(app)
    assert len(warnings) == 1, warnings
    assert re.search(r"usage\.md:7: WARNING: unknown setting 'ZK_PAGING_SIZ'.*did you mean 'ZK_PAGING_SIZE'\?", warnings[0])
    assert warnings[0].endswith("[cedocs.ref]")


@pytest.mark.sphinx("html", testroot="reference")
def test_windows_and_forms(app):
    app.build()
    page = html(app, "windows")
    for ident in ("window-tax-rate", "window-tax-rate-tab-tax", "window-sales-order", "form-setup-wizard"):
        assert f'id="{ident}"' in page
    assert "&#64;IsSummary&#64;='N'" in page  # display logic as a literal, escaped
    assert "Client only" in page  # access level code 2 read as the application's label
    doctree = app.env.get_doctree("windows")
    captions = [t.astext() for t in doctree.findall(nodes.title) if isinstance(t.parent, nodes.table)]
    assert "Fields of the Tax tab" in captions


@pytest.mark.sphinx("html", testroot="reference")
def test_tax_scheme_current_on_date_and_history(app):
    app.build()
    page = html(app, "taxes")
    assert page.count('id="tax-sk-standard-23"') == 1
    assert page.count('id="tax-sk-standard-20"') == 1  # in the history only
    doctree = app.env.get_doctree("taxes")
    tables = {t[0].astext(): t for t in doctree.findall(nodes.table)}
    # Dates are written for the language (formatting.py): English "30 June 2024".
    assert set(tables) == {"Rates in force", "History of rates", "Rates valid on 30\u00a0June\u00a02024"}
    on_date = tables["Rates valid on 30\u00a0June\u00a02024"].astext()
    assert "VAT 20 %" in on_date and "VAT 23 %" not in on_date
    in_force = tables["Rates in force"].astext()
    assert "VAT 23 %" in in_force and "VAT 20 %" not in in_force
    # Dated scope notes of a category show with their start date, unless the rate they are
    # shown for starts on or after it (its "Valid from" column says the same).
    assert "From 1\u00a0January\u00a02026: Foods high in sugar or salt move to the standard rate." in in_force
    assert "Foods not listed for the 5 % rate." in in_force
    assert "From 1\u00a0January\u00a02025: Foods not listed" not in in_force


@pytest.mark.sphinx("html", testroot="reference")
def test_sla_matrix_targets_and_hours(app):
    app.build()
    page = html(app, "sla")
    assert 'id="sla-priority-1"' in page and 'id="support-channel-portal"' in page
    assert 'href="https://support.cloudempiere.com/"' in page
    doctree = app.env.get_doctree("sla")
    text = doctree.astext()
    assert "1 Urgent" in text and "With the next release" in text and "8:00–17:00" in text
    matrix = next(t for t in doctree.findall(nodes.table) if t[0].astext() == "Priority from impact and urgency")
    rows = [[e.astext() for e in row] for row in matrix.findall(nodes.row)]
    assert rows[1] == ["High impact", "1 Critical", "3 Moderate"]
    assert rows[2] == ["Low impact", "3 Moderate", "5 Planning"]


@pytest.mark.sphinx("html", testroot="reference")
def test_settings_changes_for_the_current_version(app):
    app.build()
    doctree = app.env.get_doctree("changes")
    sections = {s["ids"][0]: s.astext() for s in doctree.findall(nodes.section) if s["ids"][0].startswith("settings-")}
    assert "CSV_EXPORT_SANITIZATION" in sections["settings-added-13"]
    assert "ALogin_ShowOneRole" in sections["settings-removed-13"]
    changed = sections["settings-defaults-13"]
    assert "ZK_PAGING_SIZE" in changed and "50" in changed and "100" in changed
    assert "Version 13 compared with version 12." in doctree.astext()
    assert 'href="settings.html#setting-csv-export-sanitization"' in html(app, "changes")


def _state(app) -> tuple[dict, dict, str]:
    domain = app.env.get_domain("ce")
    body = re.search(r'<div class="body".*?</div>\s*</div>', html(app, "usage"), re.S)
    return dict(domain.objects), {k: set(v) for k, v in domain.refs.items()}, body.group(0) if body else ""


@pytest.mark.sphinx("html", testroot="reference", srcdir="reference-parallel", parallel=2)
def test_parallel_build_collects_the_same_state_as_serial(app, make_app, tmp_path):
    app.build()
    serial_src = tmp_path / "serial"
    shutil.copytree(app.srcdir, serial_src, ignore=shutil.ignore_patterns("_build"))
    serial = make_app("html", srcdir=serial_src, freshenv=True)
    serial.build()
    assert _state(app)[0]  # entries were collected in the worker processes and merged
    assert _state(app) == _state(serial)

    def normalized(test_app) -> list[str]:
        return [w.replace(str(test_app.srcdir), "") for w in cedocs_warnings(test_app)]

    assert normalized(app) == normalized(serial)
