"""Bad reference data: every problem of a build is reported, located at file:line and field."""

from __future__ import annotations

import re

import pytest


def data_warnings(app) -> list[str]:
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    return [line for line in text.splitlines() if line.endswith("[cedocs.data]")]


def find(warnings: list[str], pattern: str) -> str:
    matches = [w for w in warnings if re.search(pattern, w)]
    assert len(matches) == 1, (pattern, warnings)
    return matches[0]


@pytest.mark.sphinx("html", testroot="reference-bad")
def test_all_problems_of_all_files_are_reported_together(app):
    app.build()
    warnings = data_warnings(app)
    # settings.yaml: missing field, wrong type, unknown enum value; all three reported.
    find(warnings, r"settings\.yaml:2: WARNING: settings\[0\]\.module: Field required")
    find(warnings, r"settings\.yaml:14: WARNING: settings\[1\]\.since: Value error, must be a product version such as .13. or .13\.1., got \[13\]")
    find(warnings, r"settings\.yaml:17: WARNING: settings\[2\]\.level: Input should be 'System', 'Tenant' or 'Organization'.*'Galaxy'")
    # windows.yaml: a key given twice in one mapping.
    find(warnings, r"windows\.yaml:7: WARNING: windows\[0\]\.description: duplicate key 'description' \(first defined on line 6\)")
    # taxes.yaml: overlapping validity, unknown category, parent that is not a summary tax.
    find(warnings, r"taxes\.yaml:19: WARNING: taxes\[1\]\.valid_from: validity of 'sk-standard-23' overlaps 'sk-standard-20' \(line 6\)")
    find(warnings, r"taxes\.yaml:28: WARNING: taxes\[2\]\.category: unknown category 'reduced'")
    find(warnings, r"taxes\.yaml:29: WARNING: taxes\[2\]\.parent: parent tax 'sk-standard-23' must be a summary tax")
    # sla.yaml: a javascript: URL never reaches an href.
    find(warnings, r"sla\.yaml:15: WARNING: channels\[0\]\.url: Value error, must be an http\(s\) or relative URL.*javascript:")
    assert "javascript:" not in (app.outdir / "index.html").read_text(encoding="utf-8")
    assert len(warnings) == 8, warnings
    # the broken settings file is the cause: roles into it add no cascade of warnings
    assert "unknown setting" not in app.warning.getvalue()


@pytest.mark.sphinx("html", testroot="reference-bad", srcdir="reference-bad-malformed", confoverrides={"cedocs_settings_file": "_data/settings-malformed.yaml"})
def test_malformed_yaml_is_located(app):
    app.build()
    warning = find(data_warnings(app), r"settings-malformed\.yaml")
    assert re.search(r"settings-malformed\.yaml:6: WARNING: invalid YAML", warning), warning


@pytest.mark.sphinx("html", testroot="reference-bad", srcdir="reference-bad-semantic", confoverrides={"cedocs_settings_file": "_data/settings-semantic.yaml"})
def test_semantic_problems_are_located(app):
    app.build()
    warnings = data_warnings(app)
    find(warnings, r"settings-semantic\.yaml:6: WARNING: settings\[0\]\.default: expected one of N, F, got 'X'")
    find(warnings, r"settings-semantic\.yaml:12: WARNING: settings\[1\]\.key: duplicate setting 'LOGIN_WITH_TENANT_PREFIX' \(first defined on line 2\)")
    find(warnings, r"settings-semantic\.yaml:19: WARNING: settings\[1\]\.removed_in: must be later than since \(13\)")


@pytest.mark.sphinx("html", testroot="reference-bad", srcdir="reference-bad-strict", warningiserror=True)
def test_bad_data_fails_a_strict_build_after_reporting_everything(app):
    app.build()  # like -W --keep-going: the build goes on, then fails
    assert app.statuscode == 1
    assert len(data_warnings(app)) == 8
