"""Red team, issue 18.3: the registry and the redirect map are untrusted input.

Each payload goes into versions.toml or redirects.toml of a generated repository whose
site is already published; `python -m cloudempiere_docs site` must exit non-zero with a
located error, leave the published site byte-identical, write nothing outside it and
never publish the payload. Values that do reach the root, 404 and redirect pages are
escaped for their context (checked with payloads that bypass the schema).
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cloudempiere_docs.site.assemble import Part, assemble
from cloudempiere_docs.site.pipeline import build_site
from cloudempiere_docs.site.redirects import Redirects
from cloudempiere_docs.site.registry import Registry, Version
from sitegen import make_repo

pytestmark = pytest.mark.site

MARKER = "CEDOCS-REDTEAM-18-3"


def cli(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cloudempiere_docs", *args, "--root", str(repo)], capture_output=True, text=True, cwd=repo
    )


def tree_digest(top: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in top.resolve().rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(top.resolve())).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def contains(top: Path, needle: str) -> list[str]:
    return [str(p) for p in top.resolve().rglob("*") if p.is_file() and needle.encode() in p.read_bytes()]


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    repo = tmp_path_factory.mktemp("redteam-registry") / "repo"
    make_repo(repo)
    build_site(repo)
    return repo, repo / "build" / "site"


def attack(published: tuple[Path, Path], file: str, text: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the site build with ``file`` replaced by ``text``; check nothing changed."""
    repo, site = published
    target = repo / file
    original = target.read_text(encoding="utf-8") if target.exists() else None
    link, before = os.readlink(site), tree_digest(site)
    target.write_text(text, encoding="utf-8")
    try:
        result = cli(repo, *(args or ("site",)))
    finally:
        if original is None:
            target.unlink()
        else:
            target.write_text(original, encoding="utf-8")
    assert result.returncode != 0, result.stdout
    assert "nothing was published" in result.stderr or "unchanged" in result.stderr, result.stderr
    assert os.readlink(site) == link, "the published site was switched"
    assert tree_digest(site) == before, "the published site changed"
    assert not contains(site, MARKER)
    return result


def registry_with(repo: Path, old: str, new: str) -> str:
    text = (repo / "versions.toml").read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def test_base_url_that_runs_script(published) -> None:
    repo, _ = published
    payload = f'base_url = "https://docs.example.test/\\"><script>alert(\'{MARKER}\')</script>"'
    result = attack(published, "versions.toml", registry_with(repo, 'base_url = "https://docs.example.test/"', payload))
    assert re.search(r"versions\.toml:4: site\.base_url: Value error, must not contain spaces, quotes", result.stderr), result.stderr


def test_default_language_that_runs_script(published) -> None:
    repo, _ = published
    payload = f'default_language = "en\\"><script>alert(\'{MARKER}\')</script>"'
    result = attack(published, "versions.toml", registry_with(repo, 'default_language = "en"', payload))
    assert re.search(r"versions\.toml:3: site\.default_language: Value error, must be a language code", result.stderr)


def test_language_that_climbs_out_of_the_build_directory(published) -> None:
    repo, _ = published
    victim = repo / "build" / "victim" / "14"
    for folder in ("html", "doctrees"):
        (victim / folder).mkdir(parents=True, exist_ok=True)
        (victim / folder / "keep.txt").write_text(MARKER)
    result = attack(published, "versions.toml", registry_with(repo, 'languages = ["en", "sk"]', 'languages = ["en", "../../victim"]'))
    assert re.search(r"versions\.toml:2: site\.languages\[1\]: Value error, must be a language code .* got '\.\./\.\./victim'", result.stderr)
    assert (victim / "html" / "keep.txt").exists() and (victim / "doctrees" / "keep.txt").exists()


def test_version_name_that_climbs_out_of_the_site(published) -> None:
    repo, _ = published
    result = attack(published, "versions.toml", registry_with(repo, 'name = "14"', 'name = "../../../14"'))
    # line 8: the generated registry's [site] also names its formats (tests/sitegen.py)
    assert re.search(r"versions\.toml:8: development\.name: Value error, must be a product version", result.stderr)
    assert not (repo.parent / "14").exists()


def test_unknown_registry_key(published) -> None:
    repo, _ = published
    result = attack(published, "versions.toml", registry_with(repo, "[development]\n", f'[development]\nscript = "{MARKER}"\n'))
    assert re.search(r"versions\.toml:\d+: development\.script: unknown field", result.stderr)


def test_redirect_to_an_absolute_path(published, tmp_path: Path) -> None:
    outside = tmp_path / "pwned"
    result = attack(published, "redirects.toml", f'[pages]\n"{outside}" = "index"\n')
    assert re.search(r'redirects\.toml:2: pages\."/.*pwned": Value error, must be a page name', result.stderr), result.stderr
    assert not outside.with_suffix(".html").exists()


def test_redirect_that_climbs_out(published) -> None:
    repo, _ = published
    result = attack(published, "redirects.toml", f'[pages]\n"../../../{MARKER}" = "index"\n"ok" = "../../etc/passwd"\n')
    assert re.search(r'redirects\.toml:2: pages\."\.\./\.\./\.\./CEDOCS', result.stderr)
    assert re.search(r"redirects\.toml:3: pages\.ok: Value error, must be a page name", result.stderr)
    assert not list(repo.parent.glob(f"**/{MARKER}.html"))


def test_redirect_to_a_page_that_does_not_exist(published) -> None:
    result = attack(published, "redirects.toml", f'[pages]\n"support" = "{MARKER.lower()}"\n')
    assert re.search(
        r"redirects\.toml:2: pages\.support: target 'cedocs-redteam-18-3' does not exist in version 13, 14", result.stderr
    ), result.stderr


def test_release_cut_with_a_name_that_climbs_out(published) -> None:
    repo, _ = published
    before = (repo / "versions.toml").read_text()
    result = cli(repo, "release", "cut", f"../../{MARKER}", "--date", "2026-12-14")
    assert result.returncode == 1
    assert "error: version name must be a product version such as '13' or '13.1'" in result.stderr
    assert (repo / "versions.toml").read_text() == before
    assert not list(repo.parent.glob(f"**/*{MARKER}*"))


def test_plan_of_an_unknown_language_is_one_clear_line(published) -> None:
    repo, _ = published
    result = cli(repo, "plan", "--language", "de")
    assert result.returncode == 1
    assert result.stderr.strip() == "error: unknown language(s): de; published: en, sk"


# -- escaping: values that reach the pages (schema bypassed on purpose) --------------------


def fake_part(root: Path, language: str, version: str, pages: tuple[str, ...]) -> Part:
    html = root / language / version
    html.mkdir(parents=True)
    for page in pages:
        (html / f"{page}.html").write_text("<!doctype html><title>x</title>")
    return Part(language, version, html, pages)


def test_root_404_and_redirect_pages_escape_their_values(tmp_path: Path) -> None:
    evil_lang = f'en"><script>alert("{MARKER}")</script>'
    evil_url = f'https://x.test/"><script>alert("{MARKER}")</script>/'
    registry = Registry(
        path=tmp_path / "versions.toml",
        versions=(Version("14", "14.0.dev", "dev", "development", None, None),),
        languages=(evil_lang,),
        default_language=evil_lang,
        base_url=evil_url,
        formats=(),  # the fake parts have web pages only
    )
    parts = [fake_part(tmp_path / "parts", evil_lang, "14", ("index", "new"))]
    redirects = Redirects({"old": "new"})
    site = tmp_path / "site"
    assemble(registry, parts, site, redirects)
    for name in ("index.html", "404.html", f"{evil_lang}/index.html", f"{evil_lang}/14/old.html"):
        page = (site / name).read_text(encoding="utf-8")
        assert "<script>alert" not in page, name
        assert f'"><script' not in page, name
    root = (site / "index.html").read_text(encoding="utf-8")
    # inside <script> the value is a JSON string with <, > and & escaped
    assert "\\u003cscript\\u003e" in root
