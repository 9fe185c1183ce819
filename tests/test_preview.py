"""`python -m cloudempiere_docs diff`: the report of a change, on a generated repository with
known changes (a page edited, added, moved and removed; translation work; a hostile
title; a broken page)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cloudempiere_docs.preview.report import md_code, md_span, md_text
from cloudempiere_docs.preview.warnings import BuildWarning, new_warnings, parse
from sitegen import git, make_repo

pytestmark = pytest.mark.site

LOGIN_POT = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Logging in"
msgstr ""

msgid "When logging in fails"
msgstr ""
"""
HOSTILE = "Pay @admins [now](https://evil.test) <img src=x onerror=alert(1)>"


def cli(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cloudempiere_docs", *args, "--root", str(repo)], capture_output=True, text=True, cwd=repo
    )


@pytest.fixture(scope="module")
def changed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated repository with a template for the login page committed (the base),
    then a change in the working tree."""
    repo = tmp_path_factory.mktemp("preview") / "repo"
    make_repo(repo)
    (repo / "locale" / "en").mkdir(parents=True)
    (repo / "locale" / "en" / "login.pot").write_text(LOGIN_POT)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Template of the login page")
    src = repo / "source"
    (src / "guide.md").write_text((src / "guide.md").read_text() + "\nAsk your administrator for the tenant prefix.\n")
    (src / "payments.md").write_text(f"# {HOSTILE}\n\nPayments are allocated to invoices.\n")
    (src / "whats-new.md").rename(src / "release-notes.md")
    (src / "invoices.md").unlink()
    index = (src / "index.md").read_text().replace("invoices\n", "payments\n").replace("whats-new\n", "release-notes\n")
    (src / "index.md").write_text(index)
    (repo / "redirects.toml").write_text('[pages]\n"support" = "telephone-support"\n"whats-new" = "release-notes"\n')
    # translation work: one message changed (fuzzy), one new (untranslated)
    po = repo / "locale" / "sk" / "LC_MESSAGES" / "login.po"
    po.write_text(po.read_text().replace('msgid "When logging in fails"', '#, fuzzy\nmsgid "When logging in fails"'))
    pot = repo / "locale" / "en" / "login.pot"
    pot.write_text(pot.read_text() + '\nmsgid "Two-factor login"\nmsgstr ""\n')
    (src / "login.md").write_text((src / "login.md").read_text() + "\n## Two-factor login\n\nEnter the code.\n")
    return repo


@pytest.fixture(scope="module")
def report(changed: Path) -> dict:
    result = cli(changed, "diff", "--base", "main")
    assert result.returncode == 0, result.stderr
    assert "language" in result.stdout and "untranslated" in result.stdout, "a summary table in the terminal"
    return json.loads((changed / "build" / "diff" / "report.json").read_text())


def pages(report: dict, language: str) -> dict[str, str]:
    lang = next(item for item in report["languages"] if item["language"] == language)
    return {page["page"]: page["kind"] for page in lang["pages"]}


def test_report_lists_pages_added_changed_moved_removed(report: dict) -> None:
    for language in ("en", "sk"):
        assert pages(report, language) == {
            "guide": "changed", "login": "changed", "payments": "added",
            "release-notes": "renamed", "invoices": "removed", "index": "changed",  # its table of contents
        }, language  # fmt: skip
    assert report["base"]["ref"] == "main" and len(report["base"]["commit"]) == 40


def test_report_counts_new_translation_work(report: dict) -> None:
    sk = next(item for item in report["languages"] if item["language"] == "sk")
    assert sk["counts"]["new_fuzzy"] == 1 and sk["counts"]["new_untranslated"] == 1
    assert {(m["page"], m["state"]) for m in sk["new_messages"]} == {("login", "fuzzy"), ("login", "untranslated")}
    en = next(item for item in report["languages"] if item["language"] == "en")
    assert en["counts"]["new_warnings"] == 0 and en["new_messages"] == []


def test_report_writes_a_comparison_per_changed_page(changed: Path, report: dict) -> None:
    out = changed / "build" / "diff"
    guide = (out / "en" / "pages" / "guide.html").read_text()
    assert "<ins>Ask your administrator for the tenant prefix.</ins>" in guide
    assert 'href="../base/guide.html"' in guide and 'href="../head/guide.html"' in guide
    assert (out / "en" / "head" / "payments.html").exists() and (out / "en" / "base" / "invoices.html").exists()
    assert "This page moved: in version main" in (out / "sk" / "pages" / "release-notes.html").read_text() or "Táto stránka sa presunula" in (
        out / "sk" / "pages" / "release-notes.html"
    ).read_text()
    index = (out / "index.html").read_text()
    assert 'href="sk/index.html"' in index and "Slovenčina" in index


def test_report_text_cannot_inject_markup(changed: Path, report: dict) -> None:
    out = changed / "build" / "diff"
    md = (out / "report.md").read_text()
    assert md.startswith("<!-- cloudempiere-docs-preview -->")
    # escaped: GitHub shows \\< as a literal <, and @ followed by a word joiner mentions no one
    assert not re.search(r"(?<!\\)<img", md) and "\\<img src=x" in md
    assert "](https://evil.test)" not in md and "@admins" not in md and "@\u2060admins" in md
    html = (out / "index.html").read_text()
    assert "<img src=x" not in html and "&lt;img src=x" in html


def test_a_broken_change_fails_with_its_new_warnings_reported(changed: Path, report: dict) -> None:
    broken = changed / "source" / "broken.md"
    broken.write_text("# Broken\n\nSee {doc}`no-such-page`.\n")
    index = changed / "source" / "index.md"
    before = index.read_text()
    index.write_text(before.replace("payments\n", "payments\nbroken\n"))
    try:
        result = cli(changed, "diff", "--base", "main", "--language", "en")
        assert result.returncode == 1 and "strict build of the working tree fails" in result.stderr
        data = json.loads((changed / "build" / "diff" / "report.json").read_text())
        (en,) = data["languages"]
        assert any(w.startswith("source/broken.md:3: WARNING:") and "no-such-page" in w for w in en["new_warnings"]), en
        assert "**The strict build of this change fails**" in (changed / "build" / "diff" / "report.md").read_text()
    finally:
        broken.unlink()
        index.write_text(before)


def test_unknown_base_is_a_clear_error(changed: Path) -> None:
    result = cli(changed, "diff", "--base", "no-such-branch")
    assert result.returncode == 1 and "no-such-branch is not a commit here" in result.stderr


def test_shallow_clone_names_the_fix(changed: Path, tmp_path: Path) -> None:
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{changed}", str(shallow)], check=True)
    result = cli(shallow, "diff", "--base", "HEAD~1")
    assert result.returncode == 1 and "git fetch --unshallow" in result.stderr


# ------------------------------------------------------------------------ the pieces


def test_warnings_are_compared_by_file_and_message() -> None:
    base = parse("/tmp/b/source/a.md:3: WARNING: unknown document: 'x' [ref.doc]\n", ["/tmp/b"])
    head = parse(
        "/work/source/a.md:9: WARNING: unknown document: 'x' [ref.doc]\n"
        "\x1b[31m/work/source/b.md:1: ERROR: Unknown directive type\x1b[39;49;00m\nWARNING: no location\nnot a warning\n",
        ["/work"],
    )
    assert head[0] == BuildWarning("source/a.md", 9, "WARNING", "unknown document: 'x' [ref.doc]")
    assert [str(w) for w in new_warnings(base, head)] == ["source/b.md:1: ERROR: Unknown directive type", "WARNING: no location"]


def test_markdown_escaping() -> None:
    assert md_text("[x](javascript:alert(1)) @team <b>") == "\\[x\\]\\(javascript:alert\\(1\\)\\) @\u2060team \\<b\\>"
    assert md_span("a`b") == "``a`b``" and md_span("x" * 200).endswith("…`")
    assert md_code(["```", "@all"]).startswith("````text\n```\n@\u2060all")
