"""Formats in the pipeline, on the generated multi-version repository (tests/sitegen.py).

One version x language builds every format here (the real manual builds all of them in
test_manual.py); the bad-input tests build the whole generated site with the PDF only.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from cloudempiere_docs.site.build import BuildError, Workspace, build_all
from cloudempiere_docs.site.pipeline import build_site
from cloudempiere_docs.site.plan import plan
from cloudempiere_docs.site.registry import load_registry
from sitegen import git, make_repo

pytestmark = pytest.mark.site

ALL = ("pdf", "epub", "htmlzip", "markdown")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("formats-site") / "repo"
    make_repo(path, formats=ALL)
    return path


def workspace(repo: Path) -> Workspace:
    return Workspace(root=repo, build=repo / "build", registry=load_registry(repo / "versions.toml"))


@pytest.fixture(scope="module")
def one_edition(repo: Path) -> dict[str, object]:
    ws = workspace(repo)
    results = build_all(ws, plan(ws.registry, ["14"], ["sk"]))
    return {f"{r.job.format}": r for r in results}


def test_every_format_is_a_job_after_the_html_one(one_edition: dict[str, object]) -> None:
    assert set(one_edition) == {"html", *ALL}
    assert {r.status for r in one_edition.values()} == {"built"}  # type: ignore[attr-defined]
    out = {key: r.outdir for key, r in one_edition.items()}  # type: ignore[attr-defined]
    assert (out["pdf"] / "cloudempiere-manual-14-sk.pdf").stat().st_size > 10_000
    assert (out["epub"] / "cloudempiere-manual-14-sk.epub").exists()
    assert (out["markdown"] / "index.md").exists() and (out["markdown"] / "llms.txt").exists()
    with zipfile.ZipFile(out["htmlzip"] / "cloudempiere-manual-14-sk-html.zip") as archive:
        listed = archive.namelist()
    assert "cloudempiere-manual-14-sk-html/index.html" in listed
    assert "cloudempiere-manual-14-sk-html/index.md" in listed, "the Markdown pages travel with the HTML"
    assert not [n for n in listed if "/pagefind/" in n or n.endswith(("llms-full.txt", ".buildinfo"))]


def test_format_jobs_reuse_the_html_environment(one_edition: dict[str, object], repo: Path, tmp_path: Path) -> None:
    """Format jobs read no source: the environment the HTML job left is complete."""
    from cloudempiere_docs.site.build import _command

    ws = workspace(repo)
    html_job, markdown_job = plan(ws.registry, ["14"], ["sk"], ["html", "markdown"])
    html = ws.jobdir(html_job)
    shutil.copytree(html / "doctrees", tmp_path / "doctrees")
    argv = _command(ws, markdown_job, html / "smv-metadata.json", tmp_path / "out", tmp_path / "doctrees")
    argv = [a for a in argv if a != "-q"] + ["--no-color"]  # CI may force colour (FORCE_COLOR)
    done = subprocess.run([sys.executable, "-m", "sphinx", *argv], capture_output=True, text=True, cwd=repo)
    assert done.returncode == 0, done.stderr
    assert "updating environment: 0 added, 0 changed, 0 removed" in done.stdout


def test_unchanged_formats_are_skipped_and_an_edit_rebuilds_them(one_edition: dict[str, object], repo: Path) -> None:
    ws = workspace(repo)
    again = build_all(ws, plan(ws.registry, ["14"], ["sk"]))
    assert {r.status for r in again} == {"skipped"}
    page = repo / "source" / "guide.md"
    page.write_text(page.read_text() + "\nPrint this page for your accountant.\n")
    try:
        edited = build_all(workspace(repo), plan(ws.registry, ["14"], ["sk"], ["markdown"]))
        assert {r.job.format: r.status for r in edited} == {"html": "built", "markdown": "built"}
        assert "Print this page" in (edited[-1].outdir / "guide.md").read_text(encoding="utf-8")
    finally:
        git(repo, "checkout", "--", "source/guide.md")


def test_plan_lists_formats_for_the_ci_matrix(repo: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cloudempiere_docs", "plan", "--root", str(repo), "--version", "13", "--language", "en"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    jobs = json.loads(result.stdout)["include"]
    assert [(j["format"], j["output"]) for j in jobs] == [
        ("html", "en/13"), ("pdf", "_formats/en/13/pdf"), ("epub", "_formats/en/13/epub"),
        ("htmlzip", "_formats/en/13/htmlzip"), ("markdown", "_formats/en/13/markdown"),
    ]  # fmt: skip


# ----------------------------------------------------------------------------- bad input


@pytest.fixture(scope="module")
def pdf_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("formats-bad") / "repo"
    make_repo(path, formats=("pdf",))
    report = build_site(path)
    assert {r.status for r in report.results} == {"built"}
    return path


def test_a_page_the_pdf_cannot_render_is_a_located_error(pdf_repo: Path) -> None:
    site = pdf_repo / "build" / "site"
    before = os.readlink(site)
    (pdf_repo / "source" / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n not really an image")
    page = pdf_repo / "source" / "guide.md"
    page.write_text(page.read_text() + "\n![Scanned invoice](scan.png)\n")
    try:
        with pytest.raises(BuildError) as failure:
            build_site(pdf_repo)
        message = str(failure.value)
        assert "version 14 (en), pdf failed to build" in message
        assert "guide.md" in message and "scan.png" in message, message
        assert "version 14 (en) failed" not in message, "the web pages of the same edition built"
        assert os.readlink(site) == before, "nothing was published"
        assert (site / "en" / "14" / "downloads" / "cloudempiere-manual-14-en.pdf").exists()
    finally:
        git(pdf_repo, "checkout", "--", "source/guide.md")
        (pdf_repo / "source" / "scan.png").unlink()


def test_a_missing_image_names_the_page(pdf_repo: Path) -> None:
    site = pdf_repo / "build" / "site"
    before = os.readlink(site)
    page = pdf_repo / "source" / "guide.md"
    page.write_text(page.read_text() + "\n![Missing](no-such-image.png)\n")
    try:
        result = subprocess.run(
            [sys.executable, "-m", "cloudempiere_docs", "site", "--root", str(pdf_repo)],
            capture_output=True, text=True, cwd=pdf_repo,
        )  # fmt: skip
        assert result.returncode == 1
        assert "version 14 (en) failed to build" in result.stderr
        assert "guide.md" in result.stderr and "no-such-image.png" in result.stderr
        assert "previous site is untouched" in result.stderr
        assert os.readlink(site) == before
    finally:
        git(pdf_repo, "checkout", "--", "source/guide.md")
