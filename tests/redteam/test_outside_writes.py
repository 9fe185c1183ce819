"""Nothing outside the site and the build directory is written or deleted.

Payloads from the registry and the redirect map (a redirect key that is an absolute path
or climbs out, a language code that climbs out), names given to ``release cut``, and a
part with a symbolic link handed to ``assemble``. The registry schema refuses most of
these when it loads; the write points refuse them again (``paths.inside``), which the
direct calls at the end prove without the schema.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from cloudempiere_docs.paths import UnsafePathError, inside
from cloudempiere_docs.site.assemble import Part, _write_redirects, assemble
from cloudempiere_docs.site.build import Workspace
from cloudempiere_docs.site.plan import Job
from cloudempiere_docs.site.registry import Registry, RegistryError, Version, load_registry
from .sitecase import Project, assert_recovers, assert_refused, clean, project, published  # noqa: F401
from sitegen import registry_text

VICTIM_FILES = ("14/html/keep.txt", "14/doctrees/keep.txt", "keep.txt")


def _victim(base: Path) -> Path:
    victim = base / "victim"
    for rel in VICTIM_FILES:
        (victim / rel).parent.mkdir(parents=True, exist_ok=True)
        (victim / rel).write_text("precious\n")
    return victim


def _victim_intact(victim: Path) -> None:
    for rel in VICTIM_FILES:
        assert (victim / rel).read_text() == "precious\n", f"{rel} was touched"
    assert sorted(p.relative_to(victim).as_posix() for p in victim.rglob("*") if p.is_file()) == sorted(VICTIM_FILES)


def _state(path: Path) -> tuple[bool, float | None]:
    return (path.exists(), path.stat().st_mtime if path.exists() else None)


# ---------------------------------------------------------------------- through the CLI


@pytest.mark.site
@pytest.mark.parametrize("key", ["/tmp/x", "ABSOLUTE", "../../../../../outside/redirected", "../../x", "support/../../x"])
def test_redirect_key_leading_out_of_the_site(clean: Project, key: str) -> None:
    if key == "ABSOLUTE":
        key = str(clean.outside / "redirected")
    written = Path(f"{key}.html") if key.startswith("/") else None
    before_file = _state(written) if written else None
    before = published(clean)
    (clean.root / "redirects.toml").write_text(f'[pages]\n"support" = "telephone-support"\n"{key}" = "index"\n')
    result = clean.cli("site")
    assert_refused(clean, result, before, rf"redirects\.toml.*{key.split('/')[-1]}")
    if written:
        assert _state(written) == before_file, f"{written} was written"
    assert not list(clean.outside.glob("redirected*")) and not list(clean.root.parent.glob("x.html"))
    assert_recovers(clean)


@pytest.mark.site
def test_language_code_leading_out_of_the_build(clean: Project) -> None:
    """``languages = ["en", "../../victim"]`` once deleted html/ and doctrees/ of the
    directory it pointed at before the build failed."""
    victim = _victim(clean.root.parent)
    before = published(clean)
    registry = clean.root / "versions.toml"
    text = registry.read_text().replace('languages = ["en", "sk"]', 'languages = ["en", "../../../../victim"]')
    registry.write_text(text)
    result = clean.cli("site")
    assert_refused(clean, result, before, r"\.\./\.\./\.\./\.\./victim")
    _victim_intact(victim)
    assert not (clean.build / "cache" / "jobs" / "victim").exists()
    assert_recovers(clean)
    _victim_intact(victim)


@pytest.mark.site
@pytest.mark.parametrize("name", ["../../victim", "14/../../../victim", "/tmp/victim", "", "-14", "14.x", "1e3", "14 "])
def test_release_cut_refuses_names_that_are_not_version_numbers(clean: Project, name: str) -> None:
    victim = _victim(clean.root.parent)
    registry = (clean.root / "versions.toml").read_text()
    result = clean.cli("release", "cut", name, "--date", "2026-12-14")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert f"version name must be a product version such as '13' or '13.1', got {name!r}" in result.stderr
    assert "versions.toml is unchanged" in result.stderr
    assert (clean.root / "versions.toml").read_text() == registry
    _victim_intact(victim)


@pytest.mark.site
def test_assemble_refuses_a_part_with_a_symlink(clean: Project, tmp_path: Path) -> None:
    """Parts may come from another job's artifact: copying would follow a link."""
    parts = tmp_path / "parts"
    for language in ("en", "sk"):
        for version in ("12", "13", "14"):
            jobs = clean.build / "cache" / "jobs" / language / version
            shutil.copytree(jobs / "html", parts / language / version)
            shutil.copytree(jobs / "markdown" / "out", parts / "_formats" / language / version / "markdown")
    os.symlink(clean.outside / "secret.txt", parts / "en" / "14" / "notes.txt")
    site = tmp_path / "site"
    result = clean.cli("assemble", "--parts", str(parts), "--out", str(site))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "en/14/notes.txt is a symbolic link" in result.stderr
    assert "nothing was published" in result.stderr
    assert not site.exists() and not list(tmp_path.glob(".site-generations/*/"))
    os.unlink(parts / "en" / "14" / "notes.txt")
    ok = clean.cli("assemble", "--parts", str(parts), "--out", str(site))
    assert ok.returncode == 0, ok.stderr


def test_version_name_leading_out_is_refused_by_the_registry(tmp_path: Path) -> None:
    path = tmp_path / "versions.toml"
    path.write_text(registry_text("1234567", "89abcde", dev="../../victim"))
    with pytest.raises(RegistryError, match=r"development\.name: .*must be a product version .*, got '\.\./\.\./victim'"):
        load_registry(path)


# ----------------------------------------------- at the write points, without the schema


@pytest.mark.parametrize(
    "part",
    ["/tmp/x", "../x", "a/../../x", "a/../b", "..", "", " ", "a\\..\\x", "a\x00b", "/", "//x"],
)
def test_inside_refuses(tmp_path: Path, part: str) -> None:
    with pytest.raises(UnsafePathError):
        inside(tmp_path, part, what="test")


def test_inside_refuses_a_link_out_and_allows_plain_names(tmp_path: Path) -> None:
    (tmp_path / "base").mkdir()
    os.symlink(tmp_path, tmp_path / "base" / "up")
    with pytest.raises(UnsafePathError, match="symbolic link out of"):
        inside(tmp_path / "base", "up", "x.html")
    assert inside(tmp_path / "base", "en", "14", "support/telephone.html") == tmp_path / "base/en/14/support/telephone.html"


def _registry(languages: tuple[str, ...]) -> Registry:
    dev = Version("14", "14.0.dev", "", "development", None, None)
    return Registry(Path("versions.toml"), (dev,), languages=languages, default_language="en", formats=())


def test_job_directories_refuse_a_language_leading_out(tmp_path: Path) -> None:
    registry = _registry(("en", "../../victim"))
    ws = Workspace(root=tmp_path, build=tmp_path / "build", registry=registry)
    with pytest.raises(UnsafePathError, match=r"language '\.\./\.\./victim'"):
        ws.jobdir(Job(registry.development, "../../victim"))


def test_assemble_refuses_a_language_leading_out(tmp_path: Path) -> None:
    victim = _victim(tmp_path)
    html = tmp_path / "part"
    html.mkdir()
    (html / "index.html").write_text("<p>index</p>")
    registry = _registry(("en", "../victim"))
    parts = [Part(lang, "14", html, ("index",)) for lang in registry.languages]
    with pytest.raises(UnsafePathError):
        assemble(registry, parts, tmp_path / "site", {})
    _victim_intact(victim)


@pytest.mark.parametrize("key", ["/tmp/x", "../../../x", "../../../../x"])
def test_redirect_pages_refuse_keys_leading_out(tmp_path: Path, key: str) -> None:
    site = tmp_path / "deep" / "site"
    site.mkdir(parents=True)
    before = _state(Path(f"{key}.html")) if key.startswith("/") else None
    with pytest.raises(UnsafePathError, match="redirects.toml"):
        _write_redirects(site, Part("en", "14", site, ("index",)), {key: "index"})
    assert not list(tmp_path.rglob("x.html"))
    if before is not None:
        assert _state(Path(f"{key}.html")) == before


def test_release_cut_name_checked_before_anything(tmp_path: Path) -> None:
    from cloudempiere_docs.site import release

    with pytest.raises(RegistryError, match="must be a product version"):
        release.cut(tmp_path, "../../x", dt.date(2026, 12, 14))
    assert not (tmp_path / "build").exists()
