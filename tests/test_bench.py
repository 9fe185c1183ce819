"""The benchmark: the generated manual builds strictly, and a quick run writes its results."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sphinx_intl import catalog as intl
import pytest

from benchmarks import measure
from benchmarks.corpus import (
    LONG_SECTIONS, WORD, CorpusSpec, drift_count, drift_plan, generate, git, long_page_text, page_text, plan_pages,
    slovak,
)  # fmt: skip
from benchmarks.runner import sweep_table
from cloudempiere_docs.site.registry import load_registry

pytestmark = pytest.mark.site

PAGES = 4
REPO = Path(__file__).resolve().parent.parent
#: The benchmarks live at the top of the repository, outside the installable package.
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}


@pytest.fixture(scope="module")
def quick(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], dict]:
    """One quick run on a tiny corpus, kept (--keep) so the tests can look at it."""
    tmp = tmp_path_factory.mktemp("bench")
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--pages", str(PAGES), "--words", "80",
         "--out", str(tmp / "out"), "--workdir", str(tmp / "work"), "--keep"],
        capture_output=True, text=True, cwd=tmp, env=ENV,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc, json.loads((tmp / "out" / "latest.json").read_text())


@pytest.fixture(scope="module")
def root(quick: tuple[subprocess.CompletedProcess[str], dict]) -> Path:
    return Path(quick[1]["corpus"]["root"])


def test_slovak_keeps_markup_and_translates_words() -> None:
    msgid = "See {ref}`p-0002`, {doc}`Entering a quotation </sales/quote>` and [the steps](../sales/x.md) in `Tax`."
    msgstr = slovak(msgid)
    for kept in ("{ref}`p-0002`", " </sales/quote>`", "](../sales/x.md)", "`Tax`"):
        assert kept in msgstr
    assert "Entering" not in msgstr and "steps" not in msgstr
    assert slovak(msgid) == msgstr, "deterministic"


def test_repository_has_versions_tags_and_branch(root: Path) -> None:
    registry = load_registry(root / "versions.toml")
    assert [v.name for v in registry.versions] == ["14", "13", "12"]
    assert registry.latest.name == "13"
    assert git(root, "tag", "--list").split() == ["v12", "v13"]
    for version in registry.released:
        assert git(root, "rev-parse", f"v{version.name}") == version.commit
    assert git(root, "branch", "--show-current") == "main"
    assert git(root, "status", "--porcelain") == "", "main holds the development version; edits undone"


def test_every_message_is_translated(root: Path, quick) -> None:
    catalogs = sorted((root / "locale" / "sk" / "LC_MESSAGES").rglob("*.po"))
    assert len(catalogs) == quick[1]["corpus"]["documents_per_version"], "one catalog per page"
    for path in catalogs:
        catalog = intl.load_po(str(path))
        assert not intl.untranslated_entries(catalog) and not intl.fuzzy_entries(catalog), path
    text = "".join(p.read_text(encoding="utf-8") for p in catalogs)
    assert any(ch in text for ch in "áäčďéíľĺňóôŕšťúýž"), "Slovak text has diacritics"


def test_corpus_builds_strictly_in_both_languages(root: Path, quick) -> None:
    """The quick run built every version x language with -n -W; Slovak pages are translated."""
    site = root / "build" / "site"
    page = Path(quick[1]["corpus"]["edited_page"]).relative_to("source").with_suffix(".html")
    for version in ("12", "13", "14"):
        english = (site / "en" / version / page).read_text(encoding="utf-8")
        slovak_page = (site / "sk" / version / page).read_text(encoding="utf-8")
        assert "<h1>Entering a sales order" in english
        assert "<h1>Entering" not in slovak_page and 'lang="sk"' in slovak_page
    assert "cedocs-i18n-coverage" not in (site / "sk" / "12" / page).read_text(encoding="utf-8")


def test_quick_run_writes_results_and_prints_a_table(quick) -> None:
    proc, latest = quick
    assert "| cold build, 6 jobs" in proc.stdout and "| SK / EN |" in proc.stdout
    out = Path(proc.stdout.split("Results: ")[1].split()[0]).parent
    assert len(list(out.glob("results-*.json"))) == 1
    assert {"machine", "corpus", "results", "targets", "runs", "load_average", "tooling"} <= set(latest)
    assert {"cpu_count", "cpu_model", "memory_gb", "python", "packages"} <= set(latest["machine"])
    assert latest["corpus"]["pages"] == PAGES and latest["runs"] == 1
    results = latest["results"]
    assert set(results) == {
        "cold_build", "noop_rebuild", "page_edit", "sk_en", "page_weight", "formats", "long_pages", "drift",
    }  # fmt: skip
    by_format = results["formats"]["by_format"]
    assert {key: v["jobs"] for key, v in by_format.items()} == {
        "html": 6, "pdf": 6, "epub": 6, "htmlzip": 6, "markdown": 6,
    }, "every format of every version x language"  # fmt: skip
    assert all(v["median_bytes"] for key, v in by_format.items() if key != "html")
    assert "| pdf | 6 |" in proc.stdout, "the time and size of each format are printed"
    assert {"ours_s", "stock_s", "ratio", "ours_peak_rss_mb", "stock_by_language_s"} <= set(results["cold_build"])
    assert results["noop_rebuild"]["jobs_rebuilt"] == [0]
    assert results["noop_rebuild"]["told_current"] == [True], "the no-op after a full check is told from metadata"
    assert results["page_edit"]["jobs_rebuilt"] == [2], "only the development version, both languages"
    assert {"en_s", "sk_s", "sk_stock_s", "ratio"} <= set(results["sk_en"])
    assert {"html_delta", "assets", "total", "site_weight"} <= set(results["page_weight"])
    assert {"every_page", "search_page"} <= set(results["page_weight"]["site_weight"])
    long_pages = results["long_pages"]
    assert set(long_pages) == {"cold_build", "noop_rebuild", "page_edit", "sk_en"}
    assert latest["long_corpus"]["layout"] == "long" and latest["long_corpus"]["words_per_page"] == 1400
    assert long_pages["noop_rebuild"]["jobs_rebuilt"] == [0] and long_pages["page_edit"]["jobs_rebuilt"] == [2]
    assert "Long pages: 3 pages of about 1,400 words" in proc.stdout
    assert [t["key"] for t in latest["targets"]] == [
        "cold_ratio", "noop_s", "edit_s", "sk_en_ratio", "peak_rss_mb", "long_sk_en_ratio", "drift_ratio",
    ]


def test_quick_run_measures_the_drift_corpus(quick) -> None:
    """--quick includes the drift scenario: 4 versions x 5 pages in English, the whole site
    built cold by our pipeline against one version of it; the corpus is left as it was."""
    proc, latest = quick
    drift, corpus = latest["results"]["drift"], latest["drift_corpus"]
    assert corpus["layout"] == "drift" and corpus["pages"] == 5 and corpus["languages"] == ["en"]
    assert drift["versions"] == ["12", "13", "14", "15"] and drift["development"] == "15"
    assert drift["site_statuses"] == {"built": 4} and drift["one_statuses"] == {"built": 1}
    assert sorted(job["version"] for job in drift["site_jobs"]) == drift["versions"]
    assert drift["ratio"] == drift["site_s"] / drift["one_s"] and drift["site_s"] > 0 and drift["one_s"] > 0
    assert drift["changed"]["12"] == [] and all(len(drift["changed"][v]) == 1 for v in ("13", "14", "15"))
    assert "Drift corpus: 4 versions (12-15, 15 in development) in one language (en)" in proc.stdout
    assert "| cold site, 4 versions x 1 language (4 built) |" in proc.stdout
    assert "stock sphinx-multiversion is not run on this corpus" in proc.stdout
    root = Path(corpus["root"])
    site = root / "build" / "site" / "en"
    assert all((site / version / "index.html").is_file() for version in drift["versions"]), "the site was built last"
    assert git(root, "status", "--porcelain") == "", "versions.toml restored after the one-version build"


def test_drift_only_skips_the_other_corpora(tmp_path: Path) -> None:
    """--drift-only measures the drift corpus alone; its report has only that scenario."""
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--drift-only", "--drift-versions", "2", "--drift-pages", "2",
         "--words", "60", "--out", str(tmp_path / "out"), "--workdir", str(tmp_path / "work")],
        capture_output=True, text=True, cwd=tmp_path, env=ENV,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    latest = json.loads((tmp_path / "out" / "latest.json").read_text())
    assert set(latest["results"]) == {"drift"} and latest["corpus"] is None and latest["long_corpus"] is None
    assert [t["key"] for t in latest["targets"]] == ["drift_ratio"]
    assert proc.stdout.startswith("Drift corpus: 2 versions") and "Machine: " in proc.stdout
    assert not (tmp_path / "work").exists() or not any((tmp_path / "work").iterdir()), "corpora removed without --keep"
    bad = subprocess.run([sys.executable, "-m", "benchmarks", "--drift-only", "--drift-versions", "0"],
                         capture_output=True, text=True, cwd=tmp_path, env=ENV)  # fmt: skip
    assert bad.returncode == 2 and "--drift-only needs the drift corpus" in bad.stderr


def test_drift_corpus_changes_five_percent_of_the_pages_per_version(tmp_path: Path) -> None:
    """The corpus make bench measures (20 versions x 50 pages, English), generated without
    a build: the same pages in every version, and between two consecutive versions only the
    root page (which names the version) and 3 content pages differ."""
    spec = CorpusSpec(pages=50, versions=20, languages=("en",), layout="drift")
    corpus = generate(tmp_path / "drift", spec)
    root = corpus.root
    registry = load_registry(root / "versions.toml")
    assert registry.languages == ("en",) and not (root / "locale").exists()
    names = [str(12 + i) for i in range(20)]
    assert [v.name for v in registry.versions] == names[::-1] and registry.development.name == "31"
    assert git(root, "rev-list", "--count", "main") == "20"
    assert sorted(git(root, "tag", "--list").split()) == sorted(f"v{name}" for name in names[:-1])
    for version in registry.released:
        assert git(root, "rev-parse", f"v{version.name}") == version.commit == corpus.commits[version.name]
    refs = [*(f"v{name}" for name in names[:-1]), "main"]
    files = git(root, "ls-tree", "-r", "--name-only", "main", "--", "source").split()
    assert len(files) == len(corpus.docnames) == 50 + 1 + 6, "50 pages, the root and 6 chapter pages"
    assert drift_count(spec) == 3 and 0.04 <= 3 / 50 <= 0.06
    for older, newer, name in zip(refs, refs[1:], names[1:]):
        assert git(root, "ls-tree", "-r", "--name-only", newer, "--", "source").split() == files, "same page set"
        changed = git(root, "diff", "--name-only", older, newer, "--", "source").split()
        pages = sorted(f"source/{doc}.md" for doc in corpus.changed[name])
        assert len(pages) == 3 and sorted(changed) == sorted(["source/index.md", *pages]), name
    for path in files:
        text = (root / path).read_text(encoding="utf-8")
        if path == "source/index.md":
            assert "Cloudempiere 31 user manual" in text
        else:
            assert not any(f"Cloudempiere {name}" in text or f"version {name}" in text for name in names), path


def test_drift_changes_are_new_or_rewritten_sections() -> None:
    """A change adds a section or rewrites the text of one, in place; the short layout
    still names its version and has its own change sections."""
    spec = CorpusSpec(pages=50, versions=20, languages=("en",), layout="drift")
    plan = drift_plan(spec)
    assert plan == drift_plan(spec), "deterministic"
    kinds = [revision.kind for changes in plan.values() for revision in changes.values()]
    assert len(kinds) == 19 * 3 and {"new", "rewrite"} == set(kinds)
    pages = plan_pages(50)
    for name, changes in plan.items():
        for index, revision in changes.items():
            before = page_text(pages[index], pages, name, 600, []).splitlines()
            after = page_text(pages[index], pages, name, 600, [revision]).splitlines()
            if revision.kind == "rewrite":
                assert len(after) == len(before) and sum(a != b for a, b in zip(before, after)) == 1
            else:
                assert len(after) == len(before) + 7 and any(line.endswith(" notes 1") for line in after)
    short = page_text(pages[0], pages, "14", 600)
    assert "Cloudempiere 14" in short


def test_sweep_sizes_are_checked() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--sweep", "50,x"], capture_output=True, text=True, env=ENV
    )
    assert proc.returncode == 2 and "expected page counts like 50,200,800" in proc.stderr


def test_long_pages_have_eight_sections_tables_notes_and_references() -> None:
    pages = plan_pages(12)
    for page in pages[:4]:
        text = long_page_text(page, pages, "14", 1400)
        assert 1250 <= len(WORD.findall(text)) <= 1550
        sections = [line for line in text.splitlines() if line.startswith("## ") and "step" in line]
        assert len(sections) == LONG_SECTIONS == 8
        assert text.count("|---|---|---|") == LONG_SECTIONS // 2, "a table every other section"
        assert text.count(":::{note}") + text.count(":::{warning}") == LONG_SECTIONS
        assert text.count("{ref}`") >= LONG_SECTIONS and text.count("{doc}`") == LONG_SECTIONS


def test_a_capped_command_is_stopped_and_reported_as_a_lower_bound(tmp_path: Path) -> None:
    run = measure.run([sys.executable, "-c", "import time; time.sleep(30)"], tmp_path, timeout=0.5)
    assert run.timed_out and 0.5 <= run.seconds < 20
    row = {"pages": 800, "words_per_version": 1, "jobs": 6, "ours_s": 80.0, "stock_s": 900.0, "ratio": 80 / 900,
           "cpu_ratio": 0.2, "ours_peak_rss_mb": 400.0, "stock_peak_rss_mb": 200.0, "stock_capped": True}
    report = {"sweep": [row], "stock_cap_s": 900.0, "load_average": {"before": [1.0], "after": [2.0]},
              "machine": {"cpu_count": 2, "cpu_model": "x", "memory_gb": 1, "python": "3", "packages": {"sphinx": "9"}}}
    table = sweep_table(report)
    assert "| > 900.00 s | < 0.09x |" in table and "| 100 ms |" in table
    assert "| 400 / 200 MB | - / - MB |" in table  # a results file from before PSS was measured
    row.update(ours_peak_pss_mb=350.4, stock_peak_pss_mb=150.0)
    assert "| 400 / 200 MB | 350 / 150 MB |" in sweep_table(report)


def test_the_memory_of_a_process_tree_is_measured_in_rss_and_pss(tmp_path: Path) -> None:
    """A parent and the child it forked share pages: each counts them in its RSS, PSS
    divides them (Linux only: /proc/<pid>/smaps_rollup)."""
    if not Path("/proc/self/smaps_rollup").exists():
        pytest.skip("no smaps_rollup on this system")
    script = (
        "import os, time\n"
        "block = b'x' * (64 * 2**20)\n"  # written: resident in the parent, shared after fork
        "if os.fork() == 0:\n    time.sleep(1.0)\n    os._exit(0)\n"
        "time.sleep(1.0)\nos.wait()\n"
    )
    run = measure.run([sys.executable, "-c", script], tmp_path)
    assert run.peak_rss >= 2 * 64 * 2**20  # the shared block counted in both processes
    assert 64 * 2**20 <= run.peak_pss < run.peak_rss  # ... and once in PSS
