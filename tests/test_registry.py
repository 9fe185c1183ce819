"""versions.toml and redirects.toml: one schema, located errors, safe names."""

from __future__ import annotations

from pathlib import Path

import pytest

from cloudempiere_docs.site.plan import PlanError, plan
from cloudempiere_docs.site.redirects import Redirects, RedirectsError, check_targets, load_redirects
from cloudempiere_docs.site.registry import RegistryError, load_registry

GOOD = """\
[site]
languages = ["en", "sk"]
default_language = "en"
base_url = "https://docs.example.test/"

[development]
name = "14"
release = "14.0.dev"
title = "in development"

[[version]]
name = "13"
release = "13.2"
title = "Orion"
status = "latest"
date = 2026-03-16
commit = "1234567"
"""


def registry_error(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "versions.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RegistryError) as exc:
        load_registry(path)
    return [str(p).replace(f"{path}", "versions.toml") for p in exc.value.problems]


def test_good_registry_loads(tmp_path: Path) -> None:
    path = tmp_path / "versions.toml"
    path.write_text(GOOD)
    registry = load_registry(path)
    assert [v.name for v in registry.versions] == ["14", "13"]
    assert registry.languages == ("en", "sk") and registry.default_language == "en"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('default_language = "en"', 'default_language = "de"',
         "versions.toml:3: site.default_language: must be one of the published languages (en, sk), got 'de'"),
        ('default_language = "en"', 'default_language = "en\\"><script>alert(1)</script>"',
         "versions.toml:3: site.default_language: Value error, must be a language code such as 'en', 'sk' or 'pt_BR'"),
        ('languages = ["en", "sk"]', 'languages = ["en", "sk", "en"]', "versions.toml:2: site.languages[2]: duplicate language 'en'"),
        ('languages = ["en", "sk"]', 'languages = ["en", "../../victim"]',
         "versions.toml:2: site.languages[1]: Value error, must be a language code such as 'en', 'sk' or 'pt_BR', got '../../victim'"),
        ('languages = ["en", "sk"]', 'languages = ["en", "xx"]', "versions.toml:2: site.languages[1]: Value error, 'xx' is not a language known to CLDR"),
        ('languages = ["en", "sk"]', "languages = []", "versions.toml:2: site.languages: Tuple should have at least 1 item"),
        ('base_url = "https://docs.example.test/"', 'base_url = "javascript:alert(1)//"',
         "versions.toml:4: site.base_url: Value error, must be an absolute http(s) URL"),
        ('base_url = "https://docs.example.test/"', 'base_url = "https://docs.example.test/\\"><script>x</script>"',
         "versions.toml:4: site.base_url: Value error, must not contain spaces, quotes, brackets or backslashes"),
        ('base_url = "https://docs.example.test/"', 'base_url = "https://docs.example.test/?q=1"',
         "versions.toml:4: site.base_url: Value error, must be a plain http(s) URL without user, query or fragment"),
        ('base_url = "https://docs.example.test/"', 'base_url = "https://docs.example.test/"\ntheme = "dark"',
         "versions.toml:5: site.theme: unknown field"),
        ('title = "in development"', 'title = "in development"\nstatus = "latest"', "versions.toml:10: development.status: unknown field"),
        ('name = "14"', 'name = "../../14"',
         "versions.toml:7: development.name: Value error, must be a product version such as '13' or '13.1', got '../../14'"),
        ('release = "14.0.dev"', 'release = "14.0/../../x"',
         "versions.toml:8: development.release: Value error, must be a release such as '13.2' or '14.0.dev'"),
        ('release = "13.2"', 'release = "12.2"', "versions.toml:13: version[0].release: release '12.2' does not belong to version '13'"),
        ('name = "14"', 'name = "13.0"', "versions.toml:7: development.name: development version '13.0' must be newer than '13'"),
        ('commit = "1234567"', 'commit = "HEAD; rm -rf /"', "versions.toml:17: version[0].commit: String should match pattern"),
        ('title = "Orion"', 'title = "<script>"', "versions.toml:14: version[0].title: String should match pattern"),
    ],
)  # fmt: skip
def test_bad_registry_values_are_located(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert old in GOOD
    errors = registry_error(tmp_path, GOOD.replace(old, new, 1))
    assert any(e.startswith(expected) for e in errors), errors


def test_a_broken_registry_reports_every_problem(tmp_path: Path) -> None:
    text = GOOD.replace('default_language = "en"', 'default_language = "fr"').replace('status = "latest"', 'status = "retired"')
    errors = registry_error(tmp_path, text)
    assert errors == ["versions.toml:15: version[0].status: Input should be 'latest', 'supported' or 'outdated' (got 'retired')"]
    # schema problems come first; rules across entries are checked on a valid file
    errors = registry_error(tmp_path, text.replace('status = "retired"', 'status = "latest"'))
    assert errors == ["versions.toml:3: site.default_language: must be one of the published languages (en, sk), got 'fr'"]


def test_plan_errors_are_their_own_type(tmp_path: Path) -> None:
    path = tmp_path / "versions.toml"
    path.write_text(GOOD)
    registry = load_registry(path)
    with pytest.raises(PlanError, match=r"^unknown version\(s\): 9; published: 14, 13$"):
        plan(registry, ["9"])
    with pytest.raises(PlanError, match=r"^unknown language\(s\): de; published: en, sk$"):
        plan(registry, None, ["de"])


def redirects_error(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "redirects.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RedirectsError) as exc:
        load_redirects(path)
    return [str(p).replace(f"{path}", "redirects.toml") for p in exc.value.problems]


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ('"/tmp/x" = "index"', 'redirects.toml:3: pages."/tmp/x": Value error, must be a page name relative to the source directory'),
        ('"../../../outside" = "index"', 'redirects.toml:3: pages."../../../outside": Value error, must be a page name'),
        ('"a/../../b" = "index"', 'redirects.toml:3: pages."a/../../b": Value error, must be a page name'),
        ('"a\\\\b" = "index"', 'redirects.toml:3: pages."a\\b": Value error, must be a page name'),
        ('"_static/x" = "index"', 'redirects.toml:3: pages."_static/x": Value error, must be a page name'),
        ('"old" = "/etc/passwd"', 'redirects.toml:3: pages.old: Value error, must be a page name'),
        ('"old" = "https://evil.example/"', 'redirects.toml:3: pages.old: Value error, must be a page name'),
        ('"old.html" = "new"', 'redirects.toml:3: pages."old.html": Value error, give the page name without .html or .md'),
        ('"old" = "old"', "redirects.toml:3: pages.old: 'old' redirects to itself"),
        ('"a" = "b"\n"b" = "c"', "redirects.toml:3: pages.a: 'b' is itself redirected: point 'a' at 'c'"),
        ('"old" = 1', "redirects.toml:3: pages.old: Value error, must be a page name relative to the source directory"),
    ],
)
def test_bad_redirects_are_located(tmp_path: Path, entry: str, expected: str) -> None:
    errors = redirects_error(tmp_path, f"# moved pages\n[pages]\n{entry}\n")
    assert any(e.startswith(expected) for e in errors), errors


def test_unknown_table_in_redirects(tmp_path: Path) -> None:
    assert redirects_error(tmp_path, '[page]\n"a" = "b"\n') == ["redirects.toml:1: page: unknown field"]


def test_redirect_targets_must_exist_where_the_redirect_applies(tmp_path: Path) -> None:
    path = tmp_path / "redirects.toml"
    path.write_text('[pages]\n"support" = "telephone-support"\n"gone" = "nowhere"\n"added/later" = "renamed"\n')
    redirects = load_redirects(path)
    pages = {
        "12": {"index", "support"},
        "13": {"index", "telephone-support", "added/later"},
        "14": {"index", "telephone-support", "renamed"},
    }
    problems = [str(p).replace(str(path), "redirects.toml") for p in check_targets(redirects, pages)]
    assert problems == ["redirects.toml:3: pages.gone: neither 'gone' nor its target 'nowhere' is a page of any version"]
    pages["14"].discard("telephone-support")
    problems = [str(p).replace(str(path), "redirects.toml") for p in check_targets(redirects, pages)]
    assert problems[0] == (
        "redirects.toml:2: pages.support: target 'telephone-support' does not exist in version 14, where 'support'"
        " is gone too: point the redirect at a page that exists there"
    )
    assert check_targets(Redirects(), pages) == []
