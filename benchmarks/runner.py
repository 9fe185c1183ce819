"""The benchmark: our pipeline against the stock path, on one generated corpus per run.

Every measured build is a child process timed from start to exit (interpreter start-up
included on both sides). Timings are medians over ``runs`` repetitions; the cold builds
of both paths alternate so a slower or faster phase of the machine hits both.

- cold build: every version x language from an empty build directory, ours
  (``build_site``, all cores) against sphinx-multiversion's own CLI run once per
  language, serially, with stock MyST re-parsing and furo's own sidebar computation
  (``-D cedocs_fast_i18n=0 -D cedocs_fast_navigation=0``);
- no-op: ours again with nothing changed; one-page edit: a page of the development
  version changed, both languages rebuilt;
- SK/EN: one version built alone in English and in Slovak (fully translated), with our
  i18n cache and, for context, without it;
- peak memory: the largest sum of RSS over the build's whole process tree;
- page weight: what our site additions add to a stock furo page;
- drift: a cold site of many versions in one language that differ in a few pages each
  (the "drift" corpus, 20 versions by default) against a cold build of one version of it,
  ours only (stock would build every version from scratch, 20 times).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import cloudempiere_docs
from benchmarks import measure
from benchmarks.corpus import Corpus, CorpusSpec, drift_count, generate, registry_text
from benchmarks.pageweight import page_weight
from benchmarks import weight as site_weight

SPHINX_OPTS = ["-n", "-W", "--keep-going", "-q"]
#: The stock toolchain: MyST re-parsing every msgstr afresh, furo computing each sidebar.
STOCK_FLAGS = ["-D", "cedocs_fast_i18n=0", "-D", "cedocs_fast_navigation=0"]
MB = 2**20

#: (key, label, limit, unit): the targets of this 2-core machine.
TARGETS = [
    ("cold_ratio", "cold build, ours / stock", 0.3, "x"),
    ("noop_s", "no-op rebuild", 0.3, "s"),
    ("edit_s", "one page edited (dev, en+sk)", 1.0, "s"),
    ("sk_en_ratio", "SK / EN full build", 1.15, "x"),
    ("peak_rss_mb", "peak RSS of the build", 450.0, "MB"),
    ("long_sk_en_ratio", "SK / EN full build, long pages", 1.15, "x"),
    ("drift_ratio", "cold site of the drift corpus / one version of it", 5.0, "x"),
    ("real_ratio", "cold site of the real manual (web pages) / one version x language", 2.0, "x"),
]


@dataclass
class Options:
    spec: CorpusSpec = field(default_factory=CorpusSpec)
    #: The second corpus (long pages); None: not measured.
    long_spec: CorpusSpec | None = None
    #: The drift corpus (many versions, one language); None: not measured.
    drift_spec: CorpusSpec | None = None
    #: False: only the drift corpus is measured (not ``spec`` nor ``long_spec``).
    main: bool = True
    #: The repository's own manual (a clone of HEAD, web pages only); None: not measured.
    real: Path | None = None
    runs: int = 3
    out: Path = Path("build/bench")
    workdir: Path | None = None  # default: <out>/work
    keep: bool = False
    workers: int | None = None
    #: Seconds a stock cold build (all its languages) may take before it is stopped and
    #: reported as "more than" that; None: no cap.
    stock_cap: float | None = None
    log: Callable[[str], None] = lambda message: print(message, file=sys.stderr, flush=True)
    env: dict[str, str] = field(default_factory=dict)  # for every measured command

    @property
    def work(self) -> Path:
        return (self.workdir or self.out / "work").resolve()


# ------------------------------------------------------------------------------ commands


def _python(*args: str) -> list[str]:
    return [sys.executable, *args]


def ours(
    corpus: Any, opts: Options, force: bool = False, reuse: bool = True, check_content: bool = False
) -> tuple[measure.Run, list[dict[str, object]]]:
    cmd = _python("-m", "benchmarks.sitejob", str(corpus.root))
    if force:
        cmd.append("--force")
    if check_content:
        cmd.append("--check-content")
    if not reuse:
        cmd.append("--no-reuse")
    if opts.workers:
        cmd += ["-j", str(opts.workers)]
    run = measure.run(cmd, corpus.root, env=opts.env)
    report = json.loads(run.output.strip().splitlines()[-1])
    return run, report["jobs"]


def stock(corpus: Corpus, opts: Options, language: str, timeout: float | None = None) -> measure.Run:
    """sphinx-multiversion's CLI: every tagged release and main, one language (through
    ``cloudempiere_docs.ext.multiversion``, which adapts its ``Config.read()`` calls to
    Sphinx 9 and otherwise runs it unchanged)."""
    cmd = _python("-m", "cloudempiere_docs.ext.multiversion", "source", "out", "-c", ".", "-D", f"language={language}",
                  *STOCK_FLAGS, *SPHINX_OPTS)  # fmt: skip
    return measure.run(cmd, corpus.root, env=opts.env, timeout=timeout)


def single(corpus: Corpus, opts: Options, language: str, dest: Path, fast: bool = True) -> measure.Run:
    """One full build of the development version (the working tree) in ``language``."""
    shutil.rmtree(dest, ignore_errors=True)
    _drop_mo(corpus.root)
    cmd = _python("-m", "sphinx", "-b", "html", *SPHINX_OPTS, "-c", str(corpus.root), "-d", str(dest / "doctrees"),
                  "-D", f"language={language}", *([] if fast else STOCK_FLAGS),
                  str(corpus.root / "source"), str(dest / "html"))  # fmt: skip
    return measure.run(cmd, corpus.root, env=opts.env)


def _drop_mo(root: Path) -> None:
    for mo in (root / "locale").rglob("*.mo"):
        mo.unlink()


def _cold_reset(corpus: Corpus) -> None:
    shutil.rmtree(corpus.root / "build", ignore_errors=True)
    shutil.rmtree(corpus.root / "out", ignore_errors=True)
    _drop_mo(corpus.root)


def _statuses(jobs: list[dict[str, object]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for job in jobs:
        counts[str(job["status"])] = counts.get(str(job["status"]), 0) + 1
    return counts


# ----------------------------------------------------------------------------- scenarios


def cold(corpus: Corpus, opts: Options, runs: int) -> dict[str, object]:
    ours_s, stock_s, ours_rss, stock_rss, ours_cpu, stock_cpu = [], [], [], [], [], []
    ours_pss: list[int] = []
    stock_pss: list[int] = []
    by_language: dict[str, list[float]] = {lang: [] for lang in corpus.spec.languages}
    capped = False
    for index in range(runs):
        opts.log(f"  cold build {index + 1}/{runs}: stock (sphinx-multiversion, one run per language)")
        _cold_reset(corpus)
        total, peak, peak_pss, cpu = 0.0, 0, 0, 0.0
        for lang in corpus.spec.languages:
            left = None if opts.stock_cap is None else opts.stock_cap - total
            if left is not None and left <= 0:
                capped = True
                break
            run = stock(corpus, opts, lang, timeout=left)
            total += run.seconds
            cpu += run.cpu_seconds
            peak = max(peak, run.peak_rss)
            peak_pss = max(peak_pss, run.peak_pss)
            if run.timed_out:
                opts.log(f"  stock stopped at its cap of {opts.stock_cap:.0f} s: reported as more than that")
                capped = True
                break
            by_language[lang].append(run.seconds)
        stock_s.append(total)
        stock_cpu.append(cpu)
        stock_rss.append(peak)
        stock_pss.append(peak_pss)
        opts.log(f"  cold build {index + 1}/{runs}: ours (build_site from an empty build directory)")
        _cold_reset(corpus)
        run, jobs = ours(corpus, opts, force=True)
        if _statuses(jobs) != {"built": len(jobs)}:
            raise measure.CommandFailed(f"a cold build did not build every job: {jobs}")
        ours_s.append(run.seconds)
        ours_cpu.append(run.cpu_seconds)
        ours_rss.append(run.peak_rss)
        ours_pss.append(run.peak_pss)
    return {
        "ours_s": measure.median(ours_s),
        "stock_s": measure.median(stock_s),
        "ratio": measure.median(ours_s) / measure.median(stock_s),
        "ours_runs": ours_s,
        "stock_runs": stock_s,
        "stock_by_language_s": {lang: measure.median(values) for lang, values in by_language.items() if values},
        # True: stock was stopped at opts.stock_cap; its times are lower bounds ("more
        # than"), the ratios upper bounds, its CPU time and memory those until the stop.
        "stock_capped": capped,
        "stock_cap_s": opts.stock_cap,
        "ours_cpu_s": measure.median(ours_cpu),
        "stock_cpu_s": measure.median(stock_cpu),
        "cpu_ratio": measure.median(ours_cpu) / measure.median(stock_cpu),
        "ours_peak_rss_mb": max(ours_rss) / MB,
        "stock_peak_rss_mb": max(stock_rss) / MB,
        # The same peaks with shared pages divided among the processes sharing them
        # (PSS): what the tree really holds; the target is stated in RSS.
        "ours_peak_pss_mb": max(ours_pss) / MB,
        "stock_peak_pss_mb": max(stock_pss) / MB,
    }


def noop(corpus: Corpus, opts: Options) -> dict[str, object]:
    """Nothing changed: as ``make site`` runs (told from file metadata, site/noop.py),
    alternating with the full check of every job (``--check-content``)."""
    seconds, full, rebuilt, told = [], [], [], []
    for index in range(opts.runs):
        opts.log(f"  no-op rebuild {index + 1}/{opts.runs}")
        run, jobs = ours(corpus, opts, check_content=True)
        full.append(run.seconds)
        rebuilt.append(_statuses(jobs).get("built", 0))
        run, jobs = ours(corpus, opts)
        seconds.append(run.seconds)
        rebuilt[-1] += _statuses(jobs).get("built", 0)
        told.append(not jobs)  # no job looked at: told current from the metadata
    return {
        "ours_s": measure.median(seconds), "runs": seconds, "jobs_rebuilt": rebuilt, "told_current": told,
        "full_check_s": measure.median(full), "full_check_runs": full,
    }  # fmt: skip


def edit(corpus: Corpus, opts: Options) -> dict[str, object]:
    original = corpus.edit_page.read_text(encoding="utf-8")
    seconds, built = [], []
    try:
        for index in range(opts.runs):
            opts.log(f"  one page edited {index + 1}/{opts.runs}")
            corpus.edit_page.write_text(
                original + f"\nThe Tax Rate window lists the rates valid from 1 January 2025 (revision {index + 1}).\n",
                encoding="utf-8",
            )
            run, jobs = ours(corpus, opts)
            seconds.append(run.seconds)
            built.append(_statuses(jobs).get("built", 0))
    finally:
        corpus.edit_page.write_text(original, encoding="utf-8")
    return {
        "ours_s": measure.median(seconds),
        "runs": seconds,
        "jobs_rebuilt": built,
        "page": corpus.edit_page.relative_to(corpus.root).as_posix(),
    }


def sk_en(corpus: Corpus, opts: Options) -> dict[str, object]:
    where = opts.work / "single"
    en, sk, en_stock, sk_stock = [], [], [], []
    for index in range(opts.runs):
        opts.log(f"  single version {index + 1}/{opts.runs}: en, sk, and both the stock way")
        en.append(single(corpus, opts, "en", where / "en").seconds)
        sk.append(single(corpus, opts, "sk", where / "sk").seconds)
        en_stock.append(single(corpus, opts, "en", where / "en-stock", fast=False).seconds)
        sk_stock.append(single(corpus, opts, "sk", where / "sk-stock", fast=False).seconds)
    shutil.rmtree(where, ignore_errors=True)
    return {
        "version": corpus.development,
        "en_s": measure.median(en),
        "sk_s": measure.median(sk),
        "en_stock_s": measure.median(en_stock),
        "sk_stock_s": measure.median(sk_stock),
        "ratio": measure.median(sk) / measure.median(en),
        "ratio_stock": measure.median(sk_stock) / measure.median(en_stock),
        "runs": {"en": en, "sk": sk, "en_stock": en_stock, "sk_stock": sk_stock},
    }


def long_pages(corpus: Corpus, opts: Options) -> dict[str, object]:
    """The scenarios whose cost grows with the length of a page, on the long-page corpus:
    cold site (ours against stock), no-op, one-page edit and SK/EN of one version."""
    return {
        "cold_build": cold(corpus, opts, opts.runs),
        "noop_rebuild": noop(corpus, opts),
        "page_edit": edit(corpus, opts),
        "sk_en": sk_en(corpus, opts),
    }


#: Where the drift scenario's one-version build comes from (said in the results).
DRIFT_ONE = (
    "build_site on the same repository with only the development version in versions.toml"
    " (no released version), from an empty build directory"
)
DRIFT_STOCK = "not run: stock sphinx-multiversion builds every version from scratch (20 builds would take too long)"


def drift(corpus: Corpus, opts: Options) -> dict[str, object]:
    """Cold site of the drift corpus (every version, one language, ours) against a cold
    build of one version of it by the same pipeline, alternating; for context, the same
    version built by ``sphinx-build`` alone (no pipeline: no server, assembly, search)."""
    registry = corpus.root / "versions.toml"
    original = registry.read_text(encoding="utf-8")
    alone = registry_text(corpus.spec, corpus.development, {})
    language = corpus.spec.languages[0]
    site_s, site_cpu, site_rss, one_s, one_cpu, one_rss, plain_s, plain_cpu = [], [], [], [], [], [], [], []
    full_s, full_cpu = [], []  # the site reading every page of every version (no reuse)
    job_seconds: dict[str, list[float]] = {}
    site_jobs: list[dict[str, object]] = []
    one_jobs: list[dict[str, object]] = []
    versions = len(corpus.spec.version_names)
    for index in range(opts.runs):
        opts.log(f"  drift {index + 1}/{opts.runs}: one version (versions.toml naming only {corpus.development})")
        _cold_reset(corpus)
        registry.write_text(alone, encoding="utf-8")
        try:
            run, one_jobs = ours(corpus, opts, force=True)
        finally:
            registry.write_text(original, encoding="utf-8")
        one_s.append(run.seconds)
        one_cpu.append(run.cpu_seconds)
        one_rss.append(run.peak_rss)
        opts.log(f"  drift {index + 1}/{opts.runs}: the whole site, {versions} versions x {language}")
        _cold_reset(corpus)
        run, site_jobs = ours(corpus, opts, force=True)
        site_s.append(run.seconds)
        site_cpu.append(run.cpu_seconds)
        site_rss.append(run.peak_rss)
        for job in site_jobs:
            key = f"{job['version']}/{job['language']}"
            job_seconds.setdefault(key, []).append(float(job["seconds"]))  # type: ignore[arg-type]
        opts.log(f"  drift {index + 1}/{opts.runs}: the whole site, reading every page of every version")
        _cold_reset(corpus)
        run, _jobs = ours(corpus, opts, force=True, reuse=False)
        full_s.append(run.seconds)
        full_cpu.append(run.cpu_seconds)
        opts.log(f"  drift {index + 1}/{opts.runs}: one version, sphinx-build alone")
        run = single(corpus, opts, language, opts.work / "drift-single")
        plain_s.append(run.seconds)
        plain_cpu.append(run.cpu_seconds)
    shutil.rmtree(opts.work / "drift-single", ignore_errors=True)
    jobs = [
        {"version": str(job["version"]), "language": job["language"], "status": job["status"],
         "seconds": measure.median(job_seconds[f"{job['version']}/{job['language']}"])}
        for job in site_jobs
    ]  # fmt: skip
    times = [float(job["seconds"]) for job in jobs]  # type: ignore[arg-type]
    return {
        "versions": corpus.spec.version_names,
        "development": corpus.development,
        "languages": list(corpus.spec.languages),
        "pages": corpus.spec.pages,
        "changed_pages_per_version": drift_count(corpus.spec),
        "changed_share": drift_count(corpus.spec) / corpus.spec.pages,
        "changed": corpus.changed,
        "site_s": measure.median(site_s),
        "site_cpu_s": measure.median(site_cpu),
        "site_runs": site_s,
        "site_peak_rss_mb": max(site_rss) / MB,
        "site_no_reuse_s": measure.median(full_s),
        "site_no_reuse_cpu_s": measure.median(full_cpu),
        "one_s": measure.median(one_s),
        "one_cpu_s": measure.median(one_cpu),
        "one_runs": one_s,
        "one_peak_rss_mb": max(one_rss) / MB,
        "one_build": DRIFT_ONE,
        "ratio": measure.median(site_s) / measure.median(one_s),
        "cpu_ratio": measure.median(site_cpu) / measure.median(one_cpu),
        "sphinx_build_one_s": measure.median(plain_s),
        "sphinx_build_one_cpu_s": measure.median(plain_cpu),
        # The site's jobs (one per version x language): statuses of the last run and each
        # job's time (median over the runs), as the pipeline reports them.
        "site_statuses": _statuses(site_jobs),
        "one_statuses": _statuses(one_jobs),
        "site_jobs": jobs,
        "site_job_s": {"median": measure.median(times), "min": min(times), "max": max(times), "sum": sum(times)},
        "stock": DRIFT_STOCK,
    }


def real_manual(repository: Path, opts: Options) -> dict[str, object]:
    """The real manual (a clone of ``repository`` at HEAD: every version x language of
    versions.toml), web pages only (the formats are measured on the synthetic corpus):
    the cold site with and without reuse between versions, side by side, against one
    version x language built by ``sphinx-build`` alone (the development version, the
    same command the site runs for it, without the site's switchers)."""
    dest = opts.work / "real-manual"
    shutil.rmtree(dest, ignore_errors=True)
    subprocess.run(["git", "clone", "--quiet", str(repository), str(dest)], check=True)
    registry = dest / "versions.toml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace("[site]\n", "[site]\nformats = []\n", 1), encoding="utf-8")
    project = SimpleNamespace(root=dest)
    languages = [lang for lang in ("en", "sk") if f'"{lang}"' in text]
    site_s, site_cpu, full_s, full_cpu, rss = [], [], [], [], []
    one: dict[str, list[float]] = {lang: [] for lang in languages}
    jobs: list[dict[str, object]] = []
    reused: dict[str, int] = {}
    for index in range(opts.runs):
        opts.log(f"  real manual {index + 1}/{opts.runs}: cold site, pages reused between versions")
        _cold_reset(project)  # type: ignore[arg-type]
        run, jobs = ours(project, opts, force=True)
        site_s.append(run.seconds)
        site_cpu.append(run.cpu_seconds)
        rss.append(run.peak_rss)
        reused = {f"{job['language']}/{job['version']}": _reused(dest, job) for job in jobs}
        opts.log(f"  real manual {index + 1}/{opts.runs}: cold site, every page read in every version")
        _cold_reset(project)  # type: ignore[arg-type]
        run, _jobs = ours(project, opts, force=True, reuse=False)
        full_s.append(run.seconds)
        full_cpu.append(run.cpu_seconds)
        for lang in languages:
            opts.log(f"  real manual {index + 1}/{opts.runs}: one version x language ({lang}), sphinx-build alone")
            one[lang].append(single(project, opts, lang, opts.work / "real-single").seconds)  # type: ignore[arg-type]
    shutil.rmtree(opts.work / "real-single", ignore_errors=True)
    ones = {lang: measure.median(values) for lang, values in one.items()}
    site = measure.median(site_s)
    return {
        "commit": subprocess.run(["git", "rev-parse", "HEAD"], cwd=dest, capture_output=True, text=True).stdout.strip(),
        "languages": languages,
        "site_s": site,
        "site_cpu_s": measure.median(site_cpu),
        "site_runs": site_s,
        "site_peak_rss_mb": max(rss) / MB,
        "site_no_reuse_s": measure.median(full_s),
        "site_no_reuse_cpu_s": measure.median(full_cpu),
        "one_s": ones,
        # The target is met against the quicker language (English), the stricter reading.
        "ratio": site / min(ones.values()),
        "ratios": {lang: site / value for lang, value in ones.items()},
        "jobs": [{**job, "reused_pages": reused[f"{job['language']}/{job['version']}"]} for job in jobs],
    }


def _reused(root: Path, job: dict[str, object]) -> int:
    from cloudempiere_docs.ext.reuse import reused_pages

    return len(reused_pages(root / "build" / "cache" / "jobs" / str(job["language"]) / str(job["version"]) / "doctrees"))


def formats(corpus: Corpus, opts: Options) -> dict[str, object]:
    """Every format of every version x language, after the web pages are built: time of
    each format's jobs (CPU of the job, median over the editions) and size of its file."""
    from benchmarks.corpus import FORMATS_LINE
    from cloudempiere_docs.formats.names import KEYS, key_of

    registry = corpus.root / "versions.toml"
    original = registry.read_text(encoding="utf-8")
    registry.write_text(original.replace(FORMATS_LINE, f"formats = {json.dumps(list(KEYS))}"), encoding="utf-8")
    try:
        opts.log("  formats: every edition's PDF, EPUB, HTML zip and Markdown")
        run, jobs = ours(corpus, opts)
    finally:
        registry.write_text(original, encoding="utf-8")
    site = corpus.root / "build" / "site"
    sizes: dict[str, list[int]] = {key: [] for key in KEYS}
    for path in site.glob("*/*/downloads/*"):
        if path.parent.parent.name != "latest" and key_of(path.name):
            sizes[key_of(path.name)].append(path.stat().st_size)  # type: ignore[index]
    for path in site.glob("*/*/llms-full.txt"):
        if path.parent.name != "latest":
            sizes["markdown"].append(path.stat().st_size)
    by_format: dict[str, dict[str, object]] = {}
    for key in ["html", *KEYS]:
        times = [float(j["seconds"]) for j in jobs if j.get("format") == key and j["status"] == "built"]
        by_format[key] = {
            "jobs": len(times),
            "median_s": measure.median(times) if times else 0.0,
            "total_s": sum(times),
            "median_bytes": int(measure.median([float(x) for x in sizes.get(key, [])])) if sizes.get(key) else None,
        }
    return {"wall_s": run.seconds, "cpu_s": run.cpu_seconds, "by_format": by_format}


def weight(corpus: Corpus, opts: Options) -> dict[str, object]:
    """The last content page, as published by our pipeline and as built with stock furo."""
    docname = corpus.docnames[-1]
    published = corpus.root / "build" / "site" / "en" / corpus.development / f"{docname}.html"
    dest = opts.work / "stock-page"
    shutil.rmtree(dest, ignore_errors=True)
    cmd = _python("-m", "sphinx", "-b", "html", "-q", "-c", str(corpus.root), "-D", "extensions=myst_parser",
                  "-d", str(dest / "doctrees"), str(corpus.root / "source"), str(dest / "html"))  # fmt: skip
    measure.run(cmd, corpus.root, env=opts.env)
    # Cross-check: the published page against the same page built with stock furo.
    result = page_weight(published, dest / "html" / f"{docname}.html")
    shutil.rmtree(dest, ignore_errors=True)
    # The site's own accounting: our markup cut out of the page, our assets, the search page.
    version_dir = corpus.root / "build" / "site" / "en" / corpus.development
    result["site_weight"] = site_weight.measure(version_dir, docname).as_json()
    return result


# ------------------------------------------------------------------------------- drivers


def snapshot_tooling(opts: Options) -> dict[str, object]:
    """Run every measured command on a copy of our package (and of these benchmarks)
    taken now.

    The pipeline fingerprints its own package; in a working tree that changes during the
    run, a no-op would turn into a full rebuild. The copy keeps the code constant.
    """
    package = Path(cloudempiere_docs.__file__).resolve().parent
    benchmarks = Path(__file__).resolve().parent
    dest = opts.work / "tooling"
    shutil.rmtree(dest, ignore_errors=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo")
    shutil.copytree(package, dest / package.name, ignore=ignore)
    shutil.copytree(benchmarks, dest / benchmarks.name, ignore=ignore)
    opts.env = {"PYTHONPATH": os.pathsep.join(filter(None, [str(dest), os.environ.get("PYTHONPATH")]))}
    return {"source": str(package), **_git_state(package)}


def _git_state(path: Path) -> dict[str, object]:
    def git(*args: str) -> str:
        proc = subprocess.run(("git", *args), cwd=path, capture_output=True, text=True)
        return proc.stdout.strip() if proc.returncode == 0 else ""

    return {"commit": git("rev-parse", "HEAD"), "uncommitted_changes": bool(git("status", "--porcelain", "--", "."))}


def _corpus_dir(opts: Options, spec: CorpusSpec) -> Path:
    if spec.layout == "drift":
        return opts.work / f"corpus-drift-{spec.versions}v-{spec.pages}p"
    return opts.work / (f"corpus-{spec.pages}p" if spec.layout == "short" else f"corpus-{spec.layout}-{spec.pages}p")


def _corpus(opts: Options, spec: CorpusSpec) -> Corpus:
    dest = _corpus_dir(opts, spec)
    opts.log(
        f"generating the corpus: {spec.pages} {spec.layout} pages x {spec.words} words, {spec.versions} versions,"
        f" {'+'.join(spec.languages)} -> {dest}"
    )
    return generate(dest, spec)


def _corpus_info(corpus: Corpus) -> dict[str, object]:
    return {
        "layout": corpus.spec.layout,
        "pages": corpus.spec.pages,
        "documents_per_version": len(corpus.docnames),
        "words_per_page": corpus.spec.words,
        "words_per_version": corpus.words,
        "versions": corpus.spec.version_names,
        "development": corpus.development,
        "languages": list(corpus.spec.languages),
        "jobs": len(corpus.spec.version_names) * len(corpus.spec.languages),
        "root": str(corpus.root),
        "edited_page": corpus.edit_page.relative_to(corpus.root).as_posix(),
    }


def targets(results: dict[str, dict[str, object]]) -> list[dict[str, object]]:
    values = {}
    if "cold_build" in results:
        values = {
            "cold_ratio": results["cold_build"]["ratio"],
            "noop_s": results["noop_rebuild"]["ours_s"],
            "edit_s": results["page_edit"]["ours_s"],
            "sk_en_ratio": results["sk_en"]["ratio"],
            "peak_rss_mb": results["cold_build"]["ours_peak_rss_mb"],
        }
    if results.get("long_pages"):
        values["long_sk_en_ratio"] = results["long_pages"]["sk_en"]["ratio"]
    if results.get("drift"):
        values["drift_ratio"] = results["drift"]["ratio"]
    if results.get("real_manual"):
        values["real_ratio"] = results["real_manual"]["ratio"]
    return [
        {"key": key, "label": label, "value": values[key], "limit": limit, "unit": unit, "met": values[key] <= limit}
        for key, label, limit, unit in TARGETS
        if key in values
    ]


def run_benchmark(opts: Options) -> dict[str, object]:
    """Every scenario on one corpus, then the long-page and drift corpora when asked
    (``opts.main`` False: the drift corpus only); returns the results (also written by
    :func:`save`)."""
    started = dt.datetime.now(dt.UTC)
    load_before = measure.load_average()
    tooling = snapshot_tooling(opts)
    corpus = long_corpus = drift_corpus = None
    results: dict[str, dict[str, object]] = {}
    try:
        if opts.main:
            corpus = _corpus(opts, opts.spec)
            opts.log("measuring")
            results["cold_build"] = cold(corpus, opts, opts.runs)
            results["noop_rebuild"] = noop(corpus, opts)
            results["page_edit"] = edit(corpus, opts)  # before sk_en, which drops the compiled catalogs
            results["sk_en"] = sk_en(corpus, opts)
            results["page_weight"] = weight(corpus, opts)
            results["formats"] = formats(corpus, opts)
        if opts.main and opts.long_spec is not None:
            long_corpus = _corpus(opts, opts.long_spec)
            results["long_pages"] = long_pages(long_corpus, opts)
        if opts.drift_spec is not None:
            drift_corpus = _corpus(opts, opts.drift_spec)
            results["drift"] = drift(drift_corpus, opts)
        if opts.real is not None:
            results["real_manual"] = real_manual(opts.real, opts)
    finally:
        if not opts.keep:
            measured = [opts.spec, opts.long_spec] if opts.main else []
            for spec in [*measured, opts.drift_spec]:
                if spec is not None:
                    shutil.rmtree(_corpus_dir(opts, spec), ignore_errors=True)
            shutil.rmtree(opts.work / "tooling", ignore_errors=True)
            shutil.rmtree(opts.work / "real-manual", ignore_errors=True)
    finished = dt.datetime.now(dt.UTC)
    return {
        "kind": "benchmark",
        "started": started.isoformat(timespec="seconds"),
        "seconds": (finished - started).total_seconds(),
        "runs": opts.runs,
        "machine": measure.machine(),
        "load_average": {"before": load_before, "after": measure.load_average()},
        "tooling": tooling,
        "corpus": _corpus_info(corpus) if corpus is not None else None,
        "long_corpus": _corpus_info(long_corpus) if long_corpus is not None else None,
        "drift_corpus": _corpus_info(drift_corpus) if drift_corpus is not None else None,
        "peak_rss_note": "largest sum of RSS over the build's process tree (the build command and every"
        " sphinx-build it runs), sampled every 50 ms; shared pages count once per process",
        "results": results,
        "targets": targets(results),
    }


def run_sweep(opts: Options, sizes: list[int]) -> dict[str, object]:
    """Cold build, ours against stock, for each corpus size."""
    started = dt.datetime.now(dt.UTC)
    load_before = measure.load_average()
    tooling = snapshot_tooling(opts)
    rows = []
    for pages in sizes:
        spec = CorpusSpec(pages=pages, words=opts.spec.words, versions=opts.spec.versions)
        corpus = _corpus(opts, spec)
        try:
            result = cold(corpus, opts, opts.runs)
        finally:
            if not opts.keep:
                shutil.rmtree(corpus.root, ignore_errors=True)
        rows.append({**_corpus_info(corpus), **result})
    if not opts.keep:
        shutil.rmtree(opts.work / "tooling", ignore_errors=True)
    return {
        "kind": "sweep",
        "stock_cap_s": opts.stock_cap,
        "started": started.isoformat(timespec="seconds"),
        "seconds": (dt.datetime.now(dt.UTC) - started).total_seconds(),
        "runs": opts.runs,
        "machine": measure.machine(),
        "load_average": {"before": load_before, "after": measure.load_average()},
        "tooling": tooling,
        "sweep": rows,
    }


def save(report: dict[str, object], out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.fromisoformat(str(report["started"])).strftime("%Y%m%dT%H%M%SZ")
    prefix = "sweep" if report["kind"] == "sweep" else "results"
    path = out / f"{prefix}-{stamp}.json"
    text = json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n"
    path.write_text(text)
    (out / f"{'sweep-latest' if prefix == 'sweep' else 'latest'}.json").write_text(text)
    return path


# -------------------------------------------------------------------------------- tables


def _s(value: object) -> str:
    return f"{value:.2f} s" if isinstance(value, float) else str(value)


def _kib(size: dict[str, int]) -> str:
    return f"{size['raw'] / 1024:.1f} / {size['gzip'] / 1024:.1f} KiB"


def table(report: dict[str, object]) -> str:
    """The results as Markdown tables (pasted as is into the README)."""
    if report["kind"] == "sweep":
        return sweep_table(report)
    r = report["results"]
    met = {t["key"]: f"<= {t['limit']:g}{' ' if t['unit'] != 'x' else ''}{t['unit']}: {'met' if t['met'] else 'missed'}"
           for t in report["targets"]}  # fmt: skip
    rows = _main_rows(report, met) if "cold_build" in r else []
    if r.get("drift"):
        rows += [""] * bool(rows) + _drift_rows(report, met, machine=not rows)
    if r.get("real_manual"):
        rows += [""] * bool(rows) + _real_rows(report, met, machine=not rows)
    return "\n".join(rows)


def _real_rows(report: dict[str, object], met: dict[str, str], machine: bool) -> list[str]:
    d = report["results"]["real_manual"]
    jobs = d["jobs"]
    versions = sorted({str(j["version"]) for j in jobs}, reverse=True)
    rows = [
        f"The real manual (this repository at {d['commit'][:7]}: versions {', '.join(versions)} x"
        f" {', '.join(d['languages'])}, web pages only):",
        "",
        "| measure | wall | CPU | site / one version x language | target |",
        "|---|---|---|---|---|",
        f"| cold site, pages reused between versions | {_s(d['site_s'])} | {_s(d['site_cpu_s'])}"
        f" | {d['ratio']:.2f}x | {met['real_ratio']} |",
        f"| cold site, every page read in every version (`--no-reuse`) | {_s(d['site_no_reuse_s'])}"
        f" | {_s(d['site_no_reuse_cpu_s'])} | {d['site_no_reuse_s'] / min(d['one_s'].values()):.2f}x | |",
    ]
    for lang, value in d["one_s"].items():
        rows.append(f"| one version x language ({lang}), sphinx-build alone | {_s(value)} | | {d['ratios'][lang]:.2f}x | |")
    rows.append(
        "| pages reused per job | "
        + ", ".join(f"{j['language']}/{j['version']} {j['reused_pages']}" for j in jobs if j.get("format", "html") == "html")
        + " | | | |"
    )
    rows += ["", f"Medians of {report['runs']} run(s)." + (f" {_machine(report)}" if machine else "")]
    return rows


def _machine(report: dict[str, object]) -> str:
    m = report["machine"]
    return (
        f"Machine: {m['cpu_count']} x {m['cpu_model']}, {m['memory_gb']} GB,"
        f" Python {m['python']}, Sphinx {m['packages']['sphinx']}; load average before / after:"
        f" {report['load_average']['before'][0]} / {report['load_average']['after'][0]}."
    )


def _main_rows(report: dict[str, object], met: dict[str, str]) -> list[str]:
    r = report["results"]
    c = report["corpus"]
    cold_, sk = r["cold_build"], r["sk_en"]
    w = r["page_weight"]
    sw = w["site_weight"]
    noop_note = "" if not any(r["noop_rebuild"]["jobs_rebuilt"]) else " (jobs rebuilt!)"
    rows = [
        "| measure | ours | stock | ours / stock | target |",
        "|---|---|---|---|---|",
        f"| cold build, {c['jobs']} jobs ({len(c['versions'])} versions x {len(c['languages'])} languages)"
        f" | {_s(cold_['ours_s'])} | {_s(cold_['stock_s'])} | {cold_['ratio']:.2f}x"
        f" | {met['cold_ratio']} |",
        f"| cold build, CPU time of all processes | {_s(cold_['ours_cpu_s'])} | {_s(cold_['stock_cpu_s'])}"
        f" | {cold_['cpu_ratio']:.2f}x | |",
        f"| no-op rebuild of the site | {_s(r['noop_rebuild']['ours_s'])}{noop_note} | - | - | {met['noop_s']} |",
        f"| no-op, every job checked (`--check-content`) | {_s(r['noop_rebuild'].get('full_check_s'))} | - | - | |",
        f"| one page edited (dev version, en + sk) | {_s(r['page_edit']['ours_s'])} | - | - | {met['edit_s']} |",
        f"| EN full build, one version | {_s(sk['en_s'])} | {_s(sk['en_stock_s'])}"
        f" | {sk['en_s'] / sk['en_stock_s']:.2f}x | |",
        f"| SK full build, one version | {_s(sk['sk_s'])} | {_s(sk['sk_stock_s'])}"
        f" | {sk['sk_s'] / sk['sk_stock_s']:.2f}x | |",
        f"| SK / EN | {sk['ratio']:.2f}x | {sk['ratio_stock']:.2f}x | | {met['sk_en_ratio']} |",
        f"| peak RSS, process tree of the cold build | {cold_['ours_peak_rss_mb']:.0f} MB"
        f" | {cold_['stock_peak_rss_mb']:.0f} MB | | {met['peak_rss_mb']} |",
        f"| peak PSS (shared pages divided among processes), cold build | {_mb(cold_.get('ours_peak_pss_mb'))} MB"
        f" | {_mb(cold_.get('stock_peak_pss_mb'))} MB | | |",
        f"| weight our chrome adds to every page (raw / gzip) | {_kib(sw['every_page'])}"
        f" | furo page alone {_kib(w['stock_page'])} | | |",
        f"| search page only, loaded on demand (raw / gzip) | {_kib(sw['search_page'])} | | | |",
    ]
    rows += [
        "",
        f"Corpus: {c['pages']} pages (+{c['documents_per_version'] - c['pages']} index pages), about"
        f" {c['words_per_version']:,} words per version, versions {', '.join(c['versions'])}"
        f" ({c['development']} in development), languages {', '.join(c['languages'])}; medians of"
        f" {report['runs']} run(s). {_machine(report)}",
        f"Page weight of `{w['page']}` (benchmarks/weight.py): markup {sw['markup']['raw']:,} / {sw['markup']['gzip']:,} B,"
        f" assets {sw['assets']['raw']:,} / {sw['assets']['gzip']:,} B (raw / gzip). Cross-check against the page"
        f" built with stock furo: HTML +{w['html_delta']['raw']:,} / +{w['html_delta']['gzip']:,} B, "
        + ", ".join(f"{name} {v['raw']:,} / {v['gzip']:,} B" for name, v in w["assets"].items())
        + ".",
    ]
    if r.get("long_pages"):
        lc, lp = report["long_corpus"], r["long_pages"]
        lcold, lsk = lp["cold_build"], lp["sk_en"]
        rows += [
            "",
            f"Long pages: {lc['pages']} pages of about {lc['words_per_page']:,} words (eight sections, a table every"
            f" other section, notes, cross-references; {lc['words_per_version']:,} words per version), fully"
            f" translated, versions {', '.join(lc['versions'])}:",
            "",
            "| measure | ours | stock | ours / stock or target |",
            "|---|---|---|---|",
            f"| cold build, {lc['jobs']} jobs | {_s(lcold['ours_s'])} | {_s(lcold['stock_s'])} | {lcold['ratio']:.2f}x |",
            f"| cold build, CPU time | {_s(lcold['ours_cpu_s'])} | {_s(lcold['stock_cpu_s'])} | {lcold['cpu_ratio']:.2f}x |",
            f"| no-op rebuild | {_s(lp['noop_rebuild']['ours_s'])} | - | - |",
            f"| one page edited (dev version, en + sk) | {_s(lp['page_edit']['ours_s'])} | - | - |",
            f"| EN full build, one version | {_s(lsk['en_s'])} | {_s(lsk['en_stock_s'])} | {lsk['en_s'] / lsk['en_stock_s']:.2f}x |",
            f"| SK full build, one version | {_s(lsk['sk_s'])} | {_s(lsk['sk_stock_s'])} | {lsk['sk_s'] / lsk['sk_stock_s']:.2f}x |",
            f"| SK / EN | {lsk['ratio']:.2f}x | {lsk['ratio_stock']:.2f}x | {met['long_sk_en_ratio']} |",
            f"| peak RSS, cold build | {lcold['ours_peak_rss_mb']:.0f} MB | {lcold['stock_peak_rss_mb']:.0f} MB | |",
        ]
    if "formats" in r:
        f = r["formats"]
        rows += [
            "",
            f"Formats (every version x language; the whole run {_s(f['wall_s'])}, CPU {_s(f['cpu_s'])}):",
            "",
            "| format | jobs | time per edition (median) | all editions | size per edition (median) |",
            "|---|---|---|---|---|",
        ]
        for key, v in f["by_format"].items():
            size = f"{v['median_bytes'] / 1000:,.0f} kB" if v["median_bytes"] else "-"
            rows.append(f"| {key} | {v['jobs']} | {_s(v['median_s'])} | {_s(v['total_s'])} | {size} |")
    return rows


def _drift_rows(report: dict[str, object], met: dict[str, str], machine: bool) -> list[str]:
    d, c = report["results"]["drift"], report["drift_corpus"]
    versions, languages = d["versions"], d["languages"]
    jobs, changed = d["site_job_s"], d["changed_pages_per_version"]
    statuses = ", ".join(f"{count} {status}" for status, count in sorted(d["site_statuses"].items()))
    rows = [
        f"Drift corpus: {len(versions)} versions ({versions[0]}-{versions[-1]}, {d['development']} in development)"
        f" in one language ({', '.join(languages)}), {d['pages']} pages (+{c['documents_per_version'] - d['pages']}"
        f" index pages) of about {c['words_per_page']:,} words; each version changes {changed} page{'s' * (changed != 1)}"
        f" ({d['changed_share']:.0%}) of the one before, and its root page names it:",
        "",
        "| measure | wall | CPU | site / one version, wall (CPU) | target |",
        "|---|---|---|---|---|",
        f"| cold site, {len(versions)} versions x {len(languages)} language ({statuses})"
        f" | {_s(d['site_s'])} | {_s(d['site_cpu_s'])} | {d['ratio']:.2f}x ({d['cpu_ratio']:.2f}x)"
        f" | {met['drift_ratio']} |",
        f"| the same site, reading every page of every version (`--no-reuse`) | {_s(d['site_no_reuse_s'])}"
        f" | {_s(d['site_no_reuse_cpu_s'])} | {d['site_no_reuse_s'] / d['one_s']:.2f}x"
        f" ({d['site_no_reuse_cpu_s'] / d['one_cpu_s']:.2f}x) | |",
        f"| cold build of one version (the same repository, only {d['development']} in versions.toml)"
        f" | {_s(d['one_s'])} | {_s(d['one_cpu_s'])} | | |",
        f"| one version, sphinx-build alone (no pipeline) | {_s(d['sphinx_build_one_s'])}"
        f" | {_s(d['sphinx_build_one_cpu_s'])} | {d['site_s'] / d['sphinx_build_one_s']:.2f}x | |",
        f"| the site's jobs, one per version: median (min-max), sum | {_s(jobs['median'])}"
        f" ({jobs['min']:.2f}-{jobs['max']:.2f} s), {_s(jobs['sum'])} | | | |",
        f"| peak RSS, cold site / one version | {d['site_peak_rss_mb']:.0f} / {d['one_peak_rss_mb']:.0f} MB | | | |",
        "",
        f"Ours only (`build_site`, all cores, from an empty build directory); stock sphinx-multiversion is not run"
        f" on this corpus: it would build every version from scratch. Medians of {report['runs']} run(s)."
        + (f" {_machine(report)}" if machine else ""),
    ]
    return rows


def _mb(value: object) -> str:
    """Megabytes of a measure an older results file may not have ("-")."""
    return f"{value:.0f}" if isinstance(value, (int, float)) else "-"


def sweep_table(report: dict[str, object]) -> str:
    rows = [
        "| pages | words per version | jobs | ours cold | stock cold | ours / stock | CPU ours / stock"
        " | peak RSS ours / stock | peak PSS ours / stock | ours per page |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in report["sweep"]:
        more = row.get("stock_capped")
        rows.append(
            f"| {row['pages']} | {row['words_per_version']:,} | {row['jobs']} | {_s(row['ours_s'])}"
            f" | {'> ' if more else ''}{_s(row['stock_s'])} | {'< ' if more else ''}{row['ratio']:.2f}x"
            f" | {'< ' if more else ''}{row.get('cpu_ratio', float('nan')):.2f}x"
            f" | {row['ours_peak_rss_mb']:.0f} / {row['stock_peak_rss_mb']:.0f} MB"
            f" | {_mb(row.get('ours_peak_pss_mb'))} / {_mb(row.get('stock_peak_pss_mb'))} MB"
            f" | {row['ours_s'] / row['pages'] * 1000:.0f} ms |"
        )
    m = report["machine"]
    cap = report.get("stock_cap_s")
    rows += [
        "",
        f"One cold build per size{f'; stock stopped after {cap:.0f} s per size (> marks a lower bound)' if cap else ''}."
        f" Machine: {m['cpu_count']} x {m['cpu_model']}, {m['memory_gb']} GB, Python {m['python']},"
        f" Sphinx {m['packages']['sphinx']}; load average before / after:"
        f" {report['load_average']['before'][0]} / {report['load_average']['after'][0]}.",
    ]
    return "\n".join(rows)
