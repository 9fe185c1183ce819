"""The publishing pipeline, end to end on a generated multi-version repository."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from cloudempiere_docs.site.build import BuildError
from cloudempiere_docs.site.pipeline import build_site
from cloudempiere_docs.site.registry import RegistryError, dump_registry, load_registry
from cloudempiere_docs.site.sources import SourceError
from sitegen import git, make_repo, registry_text

pytestmark = pytest.mark.site


def cli(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cloudempiere_docs", *args, "--root", str(repo)],
        capture_output=True, text=True, cwd=repo,
    )  # fmt: skip


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("site") / "repo"
    commits = make_repo(path)
    return path, commits


@pytest.fixture(scope="module")
def site(repo: tuple[Path, dict[str, str]]) -> Path:
    path, _ = repo
    report = build_site(path)
    assert {r.status for r in report.results} == {"built"}
    return path / "build" / "site"


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_layout_every_version_and_language(site: Path) -> None:
    for lang in ("en", "sk"):
        for version in ("12", "13", "14", "latest"):
            assert (site / lang / version / "index.html").exists(), f"{lang}/{version}"
        assert "latest/index.html" in read(site / lang / "index.html")
    assert (site / "404.html").exists()
    assert "sk/latest/index.html" in read(site / "index.html")
    assert site.is_symlink(), "build/site is switched over atomically through a symlink"


def test_latest_alias_is_the_latest_release(site: Path) -> None:
    assert read(site / "en" / "latest" / "whats-new.html") == read(site / "en" / "13" / "whats-new.html")
    assert not (site / "en" / "latest" / "einvoicing.html").exists()


def test_each_version_carries_its_own_release(site: Path) -> None:
    assert "<title>User guide - Cloudempiere 12</title>" in read(site / "en" / "12" / "guide.html")
    assert "<title>User guide - Cloudempiere 13</title>" in read(site / "en" / "13" / "guide.html")
    assert "Cloudempiere 14" in read(site / "en" / "14" / "guide.html")
    assert "Cloudempiere 14" not in read(site / "en" / "12" / "guide.html")


def test_translated_pages(site: Path) -> None:
    page = read(site / "sk" / "13" / "index.html")
    assert '<html class="no-js" lang="sk"' in page
    assert "Vitajte v ukážkovej príručke." in page


def test_versions_json(site: Path) -> None:
    data = json.loads(read(site / "versions.json"))
    assert data["latest"] == "13"
    assert [(v["name"], v["status"]) for v in data["versions"]] == [
        ("14", "development"), ("13", "latest"), ("12", "outdated"),
    ]  # fmt: skip
    assert [lang["code"] for lang in data["languages"]] == ["en", "sk"]


def test_banners_follow_status(site: Path) -> None:
    outdated = read(site / "en" / "12" / "guide.html")
    assert "cedocs-banner cedocs-banner-outdated" in outdated
    assert "which is no longer supported" in outdated
    assert "still in development" in read(site / "en" / "14" / "guide.html")
    latest = read(site / "en" / "13" / "guide.html")
    assert "cedocs-banner cedocs-banner-latest cedocs-hidden" in latest


def test_head_canonical_hreflang_og(site: Path) -> None:
    page = read(site / "en" / "12" / "guide.html")
    assert '<link rel="canonical" href="https://docs.example.test/en/latest/guide.html">' in page
    assert 'hreflang="sk" href="https://docs.example.test/sk/12/guide.html"' in page
    assert 'hreflang="x-default" href="https://docs.example.test/en/12/guide.html"' in page
    assert '<meta property="og:locale" content="en_US">' in page
    # a page that is gone from the latest release is its own canonical
    gone = read(site / "en" / "12" / "support.html")
    assert '<link rel="canonical" href="https://docs.example.test/en/12/support.html">' in gone
    dev = read(site / "sk" / "14" / "einvoicing.html")
    assert '<link rel="canonical" href="https://docs.example.test/sk/14/einvoicing.html">' in dev
    assert '<meta property="og:locale" content="sk_SK">' in dev


def head(page: str) -> str:
    return page[: page.index("</head>")]


def test_description_robots_and_breadcrumbs(site: Path) -> None:
    login = head(read(site / "sk" / "13" / "login.html"))
    # the opening text of the translated page, cut at a word boundary
    description = re.search(r'<meta name="description" content="([^"]*)">', login)[1]
    assert description.startswith("Otvorte v prehliadači adresu svojho nájomcu Cloudempiere")
    assert len(description) <= 160 and description.endswith("…")
    assert f'<meta property="og:description" content="{description}">' in login
    assert 'name="robots"' not in login  # released: the canonical URL does the work
    assert 'name="robots"' not in head(read(site / "en" / "12" / "guide.html"))
    assert '<meta name="robots" content="noindex, follow">' in head(read(site / "en" / "14" / "guide.html"))
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', login, re.S)[1])
    assert data["@type"] == "BreadcrumbList"
    assert [(i["position"], i["item"]) for i in data["itemListElement"]] == [
        (1, "https://docs.example.test/sk/latest/index.html"),
        (2, "https://docs.example.test/sk/latest/login.html"),
    ]
    search = head(read(site / "en" / "13" / "search.html"))
    assert '<meta name="description" content="Search – Cloudempiere manual, version 13.">' in search


def test_switchers_are_links_computed_at_build_time(site: Path) -> None:
    page = read(site / "sk" / "13" / "guide.html")
    assert 'data-cedocs-root="../../"' in page
    assert 'data-cedocs-page="guide"' in page
    assert '<a href="../../sk/12/guide.html" data-cedocs-version="12">12</a>' in page
    assert '<a href="../../en/latest/guide.html" hreflang="en" lang="en" data-cedocs-language="en">English</a>' in page
    assert "cedocs-switchers.js" in page and "cedocs-pagemap.js" in page
    # renamed pages are followed both ways; a version without the page offers its start page
    renamed = read(site / "en" / "14" / "telephone-support.html")
    assert 'href="../../en/12/support.html" data-cedocs-version="12"' in renamed
    assert 'href="../../en/latest/telephone-support.html" data-cedocs-version="13"' in read(site / "en" / "12" / "support.html")
    new = read(site / "en" / "14" / "einvoicing.html")
    assert 'href="../../en/latest/index.html" data-cedocs-version="13" data-cedocs-start-page' in new


def test_page_map_in_every_tree(site: Path) -> None:
    """The switchers' data, a script (usable from file://) in each tree, latest included."""
    from cloudempiere_docs.site.pagemap import FILENAME

    texts = {read(site / lang / version / FILENAME) for lang in ("en", "sk") for version in ("12", "13", "14", "latest")}
    assert len(texts) == 1
    text = texts.pop()
    assert text.count("window.cedocsPageMap = ") == 1 and "<" not in text.split("*/", 1)[1]
    data = json.loads(text[text.index("{") : text.rindex("}") + 1])
    assert data["latest"] == "13" and data["development"] == "14"
    assert data["pages"]["12"] == ["guide", "index", "invoices", "login", "support"]
    assert "einvoicing" in data["pages"]["14"] and "einvoicing" not in data["pages"]["13"]
    assert data["moved"] == {"support": "telephone-support"}


def test_page_map_refuses_a_page_that_does_not_exist(site: Path, tmp_path: Path) -> None:
    from cloudempiere_docs.site import pagemap
    from cloudempiere_docs.site.registry import load_registry

    registry = load_registry(site.resolve().parent.parent.parent / "versions.toml")
    pages = {(lang, v.name): ["index", "guide"] for lang in registry.languages for v in registry.versions}
    pages[("sk", "12")] = ["index", "guide", "einvoicing"]  # 12 never had e-invoicing
    with pytest.raises(pagemap.PageMapError, match=r"sk/12/einvoicing\.html is listed but does not exist"):
        pagemap.write(registry, site, pages, {})


def test_site_icon_and_favicon(site: Path) -> None:
    ico = (site / "favicon.ico").read_bytes()
    assert ico[:6] == b"\x00\x00\x01\x00\x01\x00" and b"\x89PNG" in ico
    page = read(site / "en" / "13" / "guide.html")
    assert '<link rel="icon" href="_static/cedocs-icon.svg" type="image/svg+xml">' in page
    assert '<link rel="apple-touch-icon" href="_static/cedocs-touch-icon.png">' in page
    assert (site / "en" / "13" / "_static" / "cedocs-touch-icon.png").read_bytes()[:4] == b"\x89PNG"


def test_redirects_keep_old_links(site: Path) -> None:
    moved = read(site / "en" / "13" / "support.html")
    assert 'url=telephone-support.html' in moved and 'rel="canonical"' in moved
    assert (site / "sk" / "latest" / "support.html").exists()
    # where the old page still exists, it is the real page
    kept = read(site / "en" / "12" / "support.html")
    assert "Call us on business days" in kept and "http-equiv" not in kept


def test_sitemap_lists_canonical_urls_with_alternates(site: Path) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(site / "sitemap.xml").getroot()
    locs = [u.findtext("s:loc", namespaces=ns) for u in root.findall("s:url", ns)]
    assert "https://docs.example.test/en/latest/guide.html" in locs
    assert "https://docs.example.test/sk/14/einvoicing.html" not in locs  # development: noindex
    assert "https://docs.example.test/en/12/support.html" in locs  # gone from latest
    assert "https://docs.example.test/en/12/guide.html" not in locs  # canonical is latest/
    url = next(u for u in root.findall("s:url", ns) if u.findtext("s:loc", namespaces=ns).endswith("en/latest/guide.html"))
    assert {link.get("hreflang") for link in url.findall("x:link", ns)} == {"en", "sk"}


def test_unchanged_jobs_are_skipped_and_dev_edit_rebuilds_only_dev(repo: tuple[Path, dict[str, str]], site: Path) -> None:
    path, _ = repo
    again = build_site(path, quick=False)  # the jobs themselves, not the metadata check
    assert {r.status for r in again.results} == {"skipped"}
    page = path / "source" / "guide.md"
    page.write_text(page.read_text() + "\nUse the tenant prefix when your administrator asks for it.\n")
    try:
        edited = build_site(path)
        statuses = {(r.job.version.name, r.job.language): r.status for r in edited.results}
        assert statuses[("14", "en")] == statuses[("14", "sk")] == "built"
        assert {s for (v, _), s in statuses.items() if v != "14"} == {"skipped"}
        assert "tenant prefix" in read(site / "en" / "14" / "guide.html")
        assert "tenant prefix" not in read(site / "en" / "13" / "guide.html")
    finally:
        git(path, "checkout", "--", "source/guide.md")


def test_noop_keeps_the_published_site_unless_it_was_changed(repo: tuple[Path, dict[str, str]], site: Path) -> None:
    """Nothing changed: the published generation stays (no assembly); a published file
    changed by hand: the next run assembles and publishes a correct site again."""
    path, _ = repo
    build_site(path)  # whatever the tests before left, publish it once
    published = os.readlink(site)
    page = site / "en" / "14" / "guide.html"
    good = page.read_bytes()
    again = build_site(path, quick=False)
    assert {r.status for r in again.results} == {"skipped"}
    assert os.readlink(site) == published, "a no-op publishes no new generation"
    assert again.pages > 0
    page.write_bytes(good.replace(b"</body>", b"<p>tampered</p></body>"))
    repaired = build_site(path)
    assert {r.status for r in repaired.results} == {"skipped"}
    assert os.readlink(site) != published
    assert (site / "en" / "14" / "guide.html").read_bytes() == good


def _statuses(report: object) -> set[str]:
    return {r.status for r in report.results}  # type: ignore[attr-defined]


def test_a_site_nothing_changed_in_is_told_current_from_file_metadata(
    repo: tuple[Path, dict[str, str]], site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a run that left the site published, the next run compares the size and
    time of every file that run depended on and, when none changed, reports the site
    current without looking at a job. Any change makes it decide the full way (which
    agrees where the bytes are the same), and record again."""
    from cloudempiere_docs.site import noop

    monkeypatch.setattr(noop, "SETTLE_NS", 0)  # this repository's files were just written
    path, _ = repo
    assert _statuses(build_site(path, quick=False)) == {"skipped"}
    published = os.readlink(site)
    current = build_site(path)
    assert current.unchanged and current.results == [] and current.pages > 0
    assert os.readlink(site) == published
    assert build_site(path, force=False, quick=True).unchanged

    # A published file changed by hand: the site is assembled again.
    page = site / "en" / "13" / "guide.html"
    good = page.read_bytes()
    page.write_bytes(good.replace(b"</body>", b"<p>tampered</p></body>"))
    repaired = build_site(path)
    assert not repaired.unchanged and _statuses(repaired) == {"skipped"}
    assert os.readlink(site) != published and (site / "en" / "13" / "guide.html").read_bytes() == good
    assert build_site(path).unchanged

    # An input written again with the same bytes: the jobs decide from content.
    registry = path / "versions.toml"
    registry.write_bytes(registry.read_bytes())
    touched = build_site(path)
    assert not touched.unchanged and _statuses(touched) == {"skipped"}
    assert build_site(path).unchanged

    # A job's cache damaged: that job is built again.
    stamp = path / "build" / "cache" / "jobs" / "sk" / "12" / "fingerprint.json"
    stamp.write_text("{}", encoding="utf-8")
    damaged = build_site(path)
    assert not damaged.unchanged
    assert {(r.job.version.name, r.job.language) for r in damaged.results if r.status == "built"} == {("12", "sk")}
    assert build_site(path).unchanged

    # A page edited: its version is built again.
    guide = path / "source" / "guide.md"
    guide.write_text(guide.read_text() + "\nAsk your administrator for the tenant prefix.\n")
    try:
        edited = build_site(path)
        assert not edited.unchanged
        assert "tenant prefix" in read(site / "en" / "14" / "guide.html")
    finally:
        git(path, "checkout", "--", "source/guide.md")
    restored = build_site(path)
    assert not restored.unchanged and "tenant prefix" not in read(site / "en" / "14" / "guide.html")
    assert build_site(path).unchanged
    assert not build_site(path, force=True).unchanged, "--force never takes the metadata check"


def test_a_run_records_nothing_it_cannot_vouch_for(
    repo: tuple[Path, dict[str, str]], site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No record when an input was written within a file system's time stamp tick of
    the run's start, or changed while the run went on: the next run decides the full way."""
    from cloudempiere_docs.site import noop, pipeline

    path, _ = repo
    record = path / "build" / "cache" / noop.RECORD
    monkeypatch.setattr(noop, "SETTLE_NS", 3600 * 10**9)  # every input is "just written"
    build_site(path, quick=False)
    assert not record.exists() and not build_site(path).unchanged

    monkeypatch.setattr(noop, "SETTLE_NS", 0)
    run = pipeline._build_and_publish

    def edited_meanwhile(*args: object) -> object:
        result = run(*args)  # type: ignore[arg-type]
        (path / "conf.py").write_bytes((path / "conf.py").read_bytes())
        return result

    monkeypatch.setattr(pipeline, "_build_and_publish", edited_meanwhile)
    build_site(path, quick=False)
    assert not record.exists()
    monkeypatch.setattr(pipeline, "_build_and_publish", run)
    assert not build_site(path).unchanged and build_site(path).unchanged


def test_a_current_site_is_reported_without_importing_the_builds(
    repo: tuple[Path, dict[str, str]], site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`make site` on a current site imports neither the registry's validation nor
    Sphinx: that is what makes it quick."""
    from cloudempiere_docs.site import noop

    monkeypatch.setattr(noop, "SETTLE_NS", 0)
    path, _ = repo
    build_site(path, quick=False)
    probe = (
        "import contextlib, io, json, sys\n"
        "from cloudempiere_docs.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    code = main(['site', '--root', {str(path)!r}])\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'yaml', 'sphinx', 'docutils', 'jinja2'})\n"
        "print(json.dumps({'code': code, 'out': out.getvalue(), 'heavy': heavy}))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=path, check=True)
    seen = json.loads(result.stdout.splitlines()[-1])
    assert seen["code"] == 0 and seen["heavy"] == []
    assert "Nothing changed since the site was published" in seen["out"]


def test_failed_build_leaves_previous_site_intact(repo: tuple[Path, dict[str, str]], site: Path) -> None:
    path, _ = repo
    before = os.readlink(site)
    bad = path / "source" / "broken.md"
    bad.write_text("# Broken\n\nSee {doc}`no-such-page`.\n")
    try:
        result = cli(path, "site")
        assert result.returncode == 1
        assert "version 14 (en) failed to build" in result.stderr
        assert "broken.md:3" in result.stderr
        assert "previous site is untouched" in result.stderr
        assert os.readlink(site) == before
        assert (site / "en" / "13" / "index.html").exists()
    finally:
        bad.unlink()


def test_unknown_commit_names_the_version(repo: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    path, commits = repo
    registry = path / "versions.toml"
    original = registry.read_text()
    registry.write_text(registry_text(commits["12"], "deadbeef" * 5))
    try:
        with pytest.raises(BuildError, match=r"version 13: commit deadbeef\w+ is unknown"):
            build_site(path, tmp_path / "out")
        assert not (tmp_path / "out").exists()
    finally:
        registry.write_text(original)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('\n[[version]]\nname = "13"\nrelease = "13.1"\nstatus = "supported"\ndate = 2026-06-15\ncommit = "abcdef1"\n',
         r"versions\.toml:28: version\[2\]\.name: duplicate version '13' \(also on line 11\)"),
        ('\n[[version]]\nname = "13.0"\nrelease = "13.0"\nstatus = "supported"\ndate = 2026-06-15\ncommit = "abcdef1"\n',
         r"versions\.toml:28: version\[2\]\.name: duplicate version '13\.0' \(also on line 11; 13 and 13\.0 are the same version\)"),
        ('\n[[version]]\nname = "11"\nrelease = "11.0"\nstatus = "retired"\ndate = 2023-12-15\ncommit = "abcdef1"\n',
         r"versions\.toml:30: version\[2\]\.status: Input should be 'latest', 'supported' or 'outdated' \(got 'retired'\)"),
        ('\n[[version]]\nname = "11"\nrelease = "11.0"\nstatus = "outdated"\ndate = 2023-12-15\n',
         r"versions\.toml:27: version\[2\]\.commit: Field required"),
        ('\n[[version]]\nname = "11"\nrelease = "11.0"\nstatus = "latest"\ndate = 2023-12-15\ncommit = "abcdef1"\n',
         r"versions\.toml:\d+: version\[\d\]\.status: the newest released version \('13'\) and only it must have status 'latest'"),
    ],
)  # fmt: skip
def test_bad_registry(tmp_path: Path, extra: str, message: str) -> None:
    path = tmp_path / "versions.toml"
    path.write_text(registry_text("1234567", "89abcde", extra=extra))
    with pytest.raises(RegistryError, match=message):
        load_registry(path)


def test_registry_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "versions.toml"
    path.write_text(registry_text("1234567", "89abcde"))
    registry = load_registry(path)
    path.write_text(dump_registry(registry))
    assert load_registry(path).versions == registry.versions


def test_plan_prints_the_job_matrix(repo: tuple[Path, dict[str, str]]) -> None:
    path, commits = repo
    result = cli(path, "plan")
    assert result.returncode == 0, result.stderr
    jobs = json.loads(result.stdout)["include"]
    assert len(jobs) == 12, "web pages and the Markdown edition of 3 versions x 2 languages"
    assert {"version": "12", "language": "sk", "format": "html", "commit": commits["12"], "status": "outdated", "output": "sk/12"} in jobs
    assert {"version": "12", "language": "sk", "format": "markdown", "commit": commits["12"], "status": "outdated", "output": "_formats/sk/12/markdown"} in jobs
    bad = cli(path, "plan", "--language", "de")
    assert bad.returncode == 1 and "unknown language(s): de" in bad.stderr


def test_parts_built_separately_assemble_into_the_site(repo: tuple[Path, dict[str, str]], site: Path, tmp_path: Path) -> None:
    path, _ = repo
    parts = tmp_path / "parts"
    for job in json.loads(cli(path, "plan").stdout)["include"]:
        result = cli(
            path, "build-part", "--version", job["version"], "--language", job["language"],
            "--format", job["format"], "--out", str(parts),
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
    incomplete = cli(path, "assemble", "--parts", str(parts / "en"), "--out", str(tmp_path / "bad"))
    assert incomplete.returncode == 1 and "missing parts" in incomplete.stderr
    result = cli(path, "assemble", "--parts", str(parts), "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    out = tmp_path / "site"
    assembled, published = json.loads(read(out / "versions.json")), json.loads(read(site / "versions.json"))
    for data in (assembled, published):  # an earlier test published an edit of 14 since
        for lang in data["versions"][0]["downloads"].values():
            for download in lang:
                download.pop("size")
    assert assembled == published
    assert read(out / "en" / "12" / "guide.html") == read(site / "en" / "12" / "guide.html")
    assert (out / "en" / "13" / "support.html").exists()
    assert (out / "en" / "13" / "guide.md").exists() and (out / "llms.txt").exists(), "formats assembled"
    first = os.readlink(out)
    again = cli(path, "assemble", "--parts", str(parts), "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert out.is_symlink() and os.readlink(out) != first, "republishing flips the link, never the tree"


def test_release_cut_records_a_strictly_built_version(repo: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    path, _ = repo
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(path), str(clone)], check=True)
    head = git(clone, "rev-parse", "HEAD")
    result = cli(clone, "release", "cut", "14", "--date", "2026-12-14", "--title", "Nova")
    assert result.returncode == 0, result.stderr
    registry = load_registry(clone / "versions.toml")
    assert [(v.name, v.status) for v in registry.versions] == [
        ("15", "development"), ("14", "latest"), ("13", "supported"), ("12", "outdated"),
    ]  # fmt: skip
    assert registry.get("14").commit == head
    again = cli(clone, "release", "cut", "14", "--date", "2026-12-14")
    assert again.returncode == 1 and "already released" in again.stderr


def test_release_cut_refuses_a_version_that_does_not_build(repo: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    path, _ = repo
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(path), str(clone)], check=True)
    (clone / "source" / "guide.md").write_text("# Guide\n\n{setting}`NOPE`\n")
    git(clone, "commit", "-qam", "break the guide")
    before = (clone / "versions.toml").read_text()
    result = cli(clone, "release", "cut", "14", "--date", "2026-12-14")
    assert result.returncode == 1
    assert "version 14 (en) failed to build" in result.stderr and "guide.md:3" in result.stderr
    assert (clone / "versions.toml").read_text() == before


def test_every_command_has_its_owner_module() -> None:
    """``python -m cloudempiere_docs <command>`` imports only the module that owns the
    command (cli.COMMAND_OWNERS): the table names every command of every module."""
    import argparse
    import importlib

    from cloudempiere_docs import cli

    owners = {}
    for name in cli._COMMAND_MODULES:
        sub = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(name).register(sub)
        owners.update(dict.fromkeys(sub.choices, name))
    assert owners == cli.COMMAND_OWNERS


def test_a_job_tree_is_compared_by_size_and_time_then_by_content(tmp_path: Path) -> None:
    """The stamp of a job records every file's digest and its size and time: matching
    sizes and times spare reading the files; otherwise the digests decide."""
    from cloudempiere_docs.paths import tree_digests, tree_stats
    from cloudempiere_docs.site.build import unchanged

    top = tmp_path / "html"
    (top / "sub").mkdir(parents=True)
    (top / "index.html").write_text("<p>one</p>")
    (top / "sub" / "page.html").write_text("<p>two</p>")
    stamp = {"html": tree_digests(top), "html_stats": tree_stats(top)}
    assert unchanged(top, stamp, "html")
    page = top / "sub" / "page.html"
    page.write_text("<p>two</p>")  # rewritten, same bytes: the digests say it is intact
    os.utime(page, ns=(1, 1))
    assert unchanged(top, stamp, "html")
    page.write_text("<p>tw")  # truncated
    assert not unchanged(top, stamp, "html")
    page.write_text("<p>two</p>")
    (top / "extra.html").write_text("")
    assert not unchanged(top, stamp, "html")
    (top / "extra.html").unlink()
    assert unchanged(top, {"html": stamp["html"]}, "html"), "a stamp without sizes and times: digests only"
    assert not unchanged(top, {}, "html")


def test_tree_stats_lists_what_tree_digests_lists(tmp_path: Path) -> None:
    """Both name every file and link (a link to a folder is not followed, a broken link
    is listed), relative to the top, in the same order; a missing top has none."""
    from cloudempiere_docs.paths import tree_digests, tree_stats

    top = tmp_path / "tree"
    (top / "a" / "b").mkdir(parents=True)
    (top / "a" / "b" / "page.html").write_text("x")
    (top / "z.txt").write_text("y")
    (top / "link-to-folder").symlink_to(top / "a")
    (top / "broken").symlink_to(tmp_path / "nowhere")
    stats = tree_stats(top)
    assert list(stats) == list(tree_digests(top)) == ["a/b/page.html", "broken", "link-to-folder", "z.txt"]
    assert stats["z.txt"][0] == 1
    assert tree_stats(tmp_path / "missing") == {}


@pytest.mark.parametrize("pages", [3, 300])
def test_a_large_part_s_index_takes_a_worker_s_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pages: int) -> None:
    """Pagefind holds a whole part in memory: a large part's index holds a worker's place
    while it runs, so it never runs beside as many builds as there are workers; a small
    part's index runs beside them (it costs little)."""
    import contextlib
    import threading
    import time

    from cloudempiere_docs.site import build
    from cloudempiere_docs.site.plan import Job

    registry = load_registry(Path(__file__).resolve().parent.parent / "versions.toml")
    ws = build.Workspace(root=tmp_path, build=tmp_path / "build", registry=registry)
    part = tmp_path / "part"
    part.mkdir()
    for i in range(pages):
        (part / f"p{i}.html").write_text("<p>x</p>")
    lock, busy, most = threading.Lock(), {"builds": 0, "indexes": 0}, []

    def enter(kind: str, step: int) -> None:
        with lock:
            busy[kind] += step
            most.append(busy["builds"] + busy["indexes"])

    class Pool:  # runs each job in a thread, as the pipeline hands them out
        def apply_async(self, fn, args, callback, error_callback):  # noqa: ANN001, ANN202
            def job() -> None:
                enter("builds", 1)
                time.sleep(0.05)
                enter("builds", -1)
                callback((0, 0.05))

            threading.Thread(target=job).start()

    def index(item: build._Pending, seconds: float) -> tuple[int, float]:
        enter("indexes", 1)
        time.sleep(0.2)
        enter("indexes", -1)
        return 0, seconds

    monkeypatch.setattr(build, "worker_pool", contextlib.contextmanager(lambda count: iter([Pool()])))
    monkeypatch.setattr(build, "_index_part", index)
    waiting, results = {}, {}
    for version in registry.versions:
        for language in registry.languages:
            job = Job(version, language)
            outdir = tmp_path / "jobs" / job.key
            outdir.mkdir(parents=True)
            waiting[job.key] = build._Pending(job, outdir, [], tmp_path / f"{len(waiting)}.log", outdir / "stamp", {}, outdir / "d", index=part)
    build._run(ws, waiting, results, workers=2)
    assert len(results) == len(registry.versions) * len(registry.languages)
    assert all(r.status == "built" for r in results.values())
    assert max(most) == (2 if pages >= build.INDEX_TAKES_A_WORKER_FROM else 3)


def test_a_part_is_indexed_after_its_build_and_a_failed_index_fails_it(tmp_path: Path) -> None:
    """The pipeline indexes a part in its own process once the build's worker exited:
    the count goes into the job's log, and an index that fails makes the job fail."""
    from cloudempiere_docs.site.build import _index_part, _Pending
    from cloudempiere_docs.site.plan import Job

    registry = load_registry(Path(__file__).resolve().parent.parent / "versions.toml")
    job = Job(registry.versions[0], "en")

    def pending(outdir: Path) -> _Pending:
        outdir.mkdir()
        log = outdir.parent / f"{outdir.name}.log"
        log.write_text("built\n", encoding="utf-8")
        return _Pending(job, outdir, [], log, outdir / "stamp", {}, outdir / "doctrees", index=outdir)

    good = pending(tmp_path / "good")
    body = "<div data-pagefind-body><h1>Login</h1><p>Sign in with your user name.</p></div>"
    (good.outdir / "login.html").write_text(f'<!doctype html><html lang="en"><body>{body}</body></html>')
    code, seconds = _index_part(good, 1.5)
    assert (code, good.log.read_text()) == (0, "built\nsearch index: 1 pages\n")
    assert seconds >= 1.5 and (good.outdir / "pagefind" / "pagefind-entry.json").exists()

    bad = pending(tmp_path / "bad")  # a build that left no page: nothing to index
    code, _ = _index_part(bad, 0.0)
    assert code == 2
    assert bad.log.read_text().startswith(f"built\nerror: {bad.outdir}: search indexing failed:")
