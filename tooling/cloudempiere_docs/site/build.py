"""Run the version x language builds: in parallel, incremental, skipping unchanged jobs.

Each job is one ``sphinx-build`` run (in a warm worker process, see workers.py) with the
working tree's conf.py and sphinx-multiversion's metadata (version, release, date and the
pages of every version), so old versions carry their own title and release. A job keeps
its doctrees and output under ``build/cache/jobs/<language>/<version>``: the development
version is rebuilt incrementally, and a job whose inputs did not change is not run at all.

The cache is never trusted blindly. ``fingerprint.json`` (written atomically after a job
passed) records the job's inputs and a digest of every file of its output and doctrees; a
job whose files no longer match (a truncated page or pickle, a file added or removed) or
whose stamp is unreadable is rebuilt from scratch, as is every job with ``force``, which
also materializes the released versions from their commits again.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from cloudempiere_docs.paths import PACKAGE_DIR, atomic_write, derived, digest, inside, tree_digests, tree_stats
from cloudempiere_docs.site import formats, sources
from cloudempiere_docs.site.history import check_history
from cloudempiere_docs.site.plan import HTML, Job
from cloudempiere_docs.site.registry import Registry, Version
from cloudempiere_docs.site.workers import pool as worker_pool
from cloudempiere_docs.site.workers import run_sphinx

SMV_DATE = "%Y-%m-%d %H:%M:%S %z"
SPHINX_OPTS = ("-n", "-W", "--keep-going")


class BuildError(Exception):
    """One or more jobs failed; the message names each version, language and cause."""


@dataclass
class JobResult:
    job: Job
    outdir: Path
    status: str  # built | skipped | failed
    seconds: float = 0.0
    log: str = ""


@dataclass
class Workspace:
    """Where one project's builds live."""

    root: Path  # the project (working tree with conf.py)
    build: Path  # build/ of the project
    registry: Registry
    sphinx_opts: tuple[str, ...] = SPHINX_OPTS
    projects: dict[str, Path] = field(default_factory=dict)  # version -> materialized project
    _facts: dict[tuple[str, str], object] = field(default_factory=dict)  # per version, not per job

    @property
    def cache(self) -> Path:
        return self.build / "cache"

    def project_of(self, job: Job, fresh: bool = False) -> Path:
        """The project of ``job``'s version, materialized (``fresh``: from the commit
        again) and checked for links out of its sources, once per run."""
        name = job.version.name
        if name not in self.projects or fresh:
            project = sources.materialize(self.root, job.version, self.cache / "src", fresh=fresh)
            sources.check_tree(project, job.version)
            self.projects[name] = project
        return self.projects[name]

    def _fact(self, kind: str, version: Version, compute: Callable[[], object]) -> object:
        key = (kind, version.name)
        if key not in self._facts:
            self._facts[key] = compute()
        return self._facts[key]

    def pages(self, version: Version) -> list[str]:
        """The pages of a version (both languages share them), without the pages of
        other editions (front matter ``editions:``)."""
        srcdir = self.project_of(Job(version, "")) / "source"
        return self._fact("pages", version, lambda: sources.docnames(srcdir, version.name))  # type: ignore[return-value]

    def sources_id(self, version: Version) -> str:
        """What identifies a version's sources: its commit, or a hash of the working tree's."""
        project = self.project_of(Job(version, ""))
        if version.commit:
            return self._fact("sources", version, lambda: sources.resolve_commit(self.root, version))  # type: ignore[return-value]
        return self._fact("sources", version, lambda: _hash_tree([project / "source", project / "locale"]))  # type: ignore[return-value]

    def date_of(self, version: Version) -> str:
        """sphinx-multiversion's date of a version: its release date, or the last commit's."""
        if version.date:
            return f"{version.date.isoformat()} 00:00:00 +0000"
        return self._fact("date", version, lambda: _head_date(self.root))  # type: ignore[return-value]

    def jobdir(self, job: Job) -> Path:
        # Language and version come from versions.toml: never let them lead elsewhere.
        base = inside(
            self.cache / "jobs", job.language, job.version.name,
            what=f"version {job.version.name!r} / language {job.language!r}",
        )  # fmt: skip
        return base if job.format == HTML else inside(base, job.format, what=f"format {job.format!r}")


def _hash_tree(paths: list[Path]) -> str:
    """One digest of files and trees (symbolic links by their target, never followed)."""
    total = hashlib.sha256()
    for top in paths:
        if not (top.exists() or top.is_symlink()):
            continue
        if top.is_dir() and not top.is_symlink():
            files = {f"{top.name}/{rel}": value for rel, value in tree_digests(top, skip=derived).items()}
        else:
            files = {top.name: digest(top)}
        for rel, value in files.items():
            total.update(f"{rel}\0{value}\0".encode())
    return total.hexdigest()


#: Parts of the package that never shape a page: editing them keeps every job's build.
#: (i18n/ is not one of them: every translated build runs its catalog checks, and a new
#: or stricter check must be applied to versions whose sources did not change.)
NOT_OUTPUT = ("preview", "cli.py", "__main__.py")


def tooling_fingerprint(root: Path) -> str:
    """Everything besides the sources that shapes the output of every job."""
    parts = sorted(p for p in PACKAGE_DIR.iterdir() if p.name not in NOT_OUTPUT)
    return _hash_tree([*parts, root / "conf.py", root / "requirements" / "runtime.txt"])


def metadata(ws: Workspace, language: str) -> dict[str, dict[str, object]]:
    """sphinx-multiversion's metadata for one language: every version and its pages."""
    result: dict[str, dict[str, object]] = {}
    for version in ws.registry.versions:
        project = ws.project_of(Job(version, language))
        srcdir = project / "source"
        result[version.name] = {
            "name": version.name,
            "version": version.name,
            "release": version.release,
            "is_released": not version.is_development,
            "source": "heads" if version.is_development else "tags",
            "creatordate": ws.date_of(version),
            "basedir": str(project),
            "sourcedir": str(srcdir),
            # Only used to compute relative links between versions: the site's layout.
            "outputdir": f"/site/{language}/{version.name}",
            "confdir": str(ws.root),
            "docnames": ws.pages(version),
        }
    return result


def _head_date(root: Path) -> str:
    """A stable date for a version without one: the last commit's, not the clock's (a
    changing date would make Sphinx rewrite every page of the version on each build)."""
    try:
        return sources.git(root, "log", "-1", "--format=%ci")
    except Exception:  # not a git checkout: any fixed value will do
        return "1970-01-01 00:00:00 +0000"


def job_fingerprint(ws: Workspace, job: Job, tooling: str, meta: dict[str, dict[str, object]]) -> str:
    latest = meta[ws.registry.latest.name]
    parts = {
        "tooling": tooling,
        "sources": ws.sources_id(job.version),
        "version": job.version.as_json(),
        "language": job.language,
        "languages": list(ws.registry.languages),
        "versions": [v.as_json() for v in ws.registry.versions],
        "latest_pages": latest["docnames"],
        "opts": list(ws.sphinx_opts),
        "base_url": ws.registry.base_url,
        "formats": list(ws.registry.formats),  # the pages link the edition's downloads
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def any_job_fingerprint(ws: Workspace, job: Job, tooling: str, meta: dict[str, dict[str, object]]) -> str:
    """The fingerprint of any job: the web pages' own, or a format's (derived from the web
    pages' fingerprint of its version x language)."""
    html_fingerprint = job_fingerprint(ws, Job(job.version, job.language), tooling, meta)
    if job.format == HTML:
        return html_fingerprint
    markdown = None
    if job.format == "htmlzip":  # the zip packs the Markdown pages too
        markdown = formats.fingerprint(html_fingerprint, Job(job.version, job.language, "markdown"))
    return formats.fingerprint(html_fingerprint, job, markdown)


def _command(
    ws: Workspace, job: Job, meta_path: Path, outdir: Path, doctrees: Path, extra: tuple[str, ...] = ()
) -> list[str]:
    """The sphinx-build arguments of a job; every job of a version x language passes the
    same ``-D`` values, so format jobs can reuse the HTML job's environment."""
    project = ws.project_of(job)
    builder = HTML if job.format == HTML else formats.BUILDERS[job.format]
    return [
        "-b", builder, *ws.sphinx_opts, "-q",
        "-c", str(ws.root),
        "-d", str(doctrees),
        "-D", f"language={job.language}",
        "-D", f"smv_metadata_path={meta_path}",
        "-D", f"smv_current_version={job.version.name}",
        "-D", f"smv_latest_version={ws.registry.latest.name}",
        "-D", f"cedocs_version={job.version.name}",
        "-D", "cedocs_in_site=1",
        "-D", f"html_baseurl={ws.registry.base_url}",
        "-D", f"cedocs_formats={','.join(ws.registry.formats)}",
        "-D", f"cedocs_cache_dir={ws.cache / 'shared'}",
        *extra,
        str(project / "source"), str(outdir),
    ]  # fmt: skip


@dataclass
class _Pending:
    """A job that has to run: its command line and what to record when it succeeds."""

    job: Job
    outdir: Path
    argv: list[str]
    log: Path
    stamp: Path
    stamp_data: dict[str, object]
    doctrees: Path
    run: Callable[..., tuple[int, float]] = run_sphinx
    args: tuple[str, ...] = ()  # for ``run`` (default: argv, cwd, log)
    donor: Job | None = None  # another version's web pages, whose reading this job may reuse
    #: The web pages to search-index once the build passed (see :func:`_index_part`).
    index: Path | None = None

    def command(self, results: dict[str, JobResult], ws: Workspace) -> list[str]:
        """The command line, naming the donor's doctrees when the donor passed."""
        donor = results.get(self.donor.key) if self.donor is not None else None
        if donor is None or donor.status not in ("built", "skipped"):
            return self.argv
        named = ["-D", f"cedocs_reuse_from={ws.jobdir(donor.job) / 'doctrees'}"]
        return [*self.argv[:-2], *named, *self.argv[-2:]]

    def record(self) -> None:
        """The job passed: remember its inputs and the digest of every file it left."""
        data = {
            **self.stamp_data,
            "html": tree_digests(self.outdir), "html_stats": tree_stats(self.outdir),
            "doctrees": tree_digests(self.doctrees), "doctrees_stats": tree_stats(self.doctrees),
        }  # fmt: skip
        atomic_write(self.stamp, json.dumps(data))


def read_stamp(stamp: Path) -> dict[str, object]:
    """The recorded state of a job; empty when missing or damaged (then it is rebuilt)."""
    try:
        data = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def unchanged(top: Path, previous: dict[str, object], key: str) -> bool:
    """Whether the files under ``top`` are those the stamp ``previous`` recorded as ``key``.

    Every file's size and modification time are compared first: when they all match
    what was recorded, no file was written since, and reading every file again (the
    no-op's biggest cost) would only confirm it. When any differs, the digests decide (a
    file rewritten with the same bytes is still intact).
    """
    recorded = previous.get(key)
    if not isinstance(recorded, dict):
        return False
    stats = previous.get(f"{key}_stats")
    if isinstance(stats, dict) and stats.keys() == recorded.keys() and stats == tree_stats(top):
        return True
    return recorded == tree_digests(top)


def prepare_job(
    ws: Workspace, job: Job, tooling: str, meta: dict[str, dict[str, object]], force: bool = False
) -> JobResult | _Pending:
    """Skip ``job`` if its inputs did not change and its files are intact, else get its
    directories ready (from scratch unless the previous state is intact and reusable)."""
    if job.format != HTML:
        return prepare_format_job(ws, job, tooling, meta, force)
    jobdir = ws.jobdir(job)
    outdir, doctrees = jobdir / "html", jobdir / "doctrees"
    stamp = jobdir / "fingerprint.json"
    fingerprint = job_fingerprint(ws, job, tooling, meta)
    previous = {} if force else read_stamp(stamp)
    html_intact = bool(previous) and unchanged(outdir, previous, "html")
    if html_intact and previous.get("fingerprint") == fingerprint and (outdir / "index.html").exists():
        return JobResult(job, outdir, "skipped")
    reusable = (
        html_intact
        and previous.get("tooling") == tooling
        and previous.get("version") == job.version.as_json()
        and unchanged(doctrees, previous, "doctrees")
    )
    if not reusable:
        # Extensions or conf.py changed (Sphinx cannot tell), a previous run failed or
        # its files were damaged, or --force: start from a fresh environment.
        shutil.rmtree(doctrees, ignore_errors=True)
        shutil.rmtree(outdir, ignore_errors=True)
    jobdir.mkdir(parents=True, exist_ok=True)
    stamp.unlink(missing_ok=True)  # until this run passes, the job's state is unknown
    meta_path = jobdir / "smv-metadata.json"
    atomic_write(meta_path, json.dumps(meta, indent=1))
    data = {"fingerprint": fingerprint, "tooling": tooling, "version": job.version.as_json()}
    argv = _command(ws, job, meta_path, outdir, doctrees)
    log = jobdir / "build.log"
    return _Pending(job, outdir, argv, log, stamp, data, doctrees, args=(str(ws.root), str(log)), index=outdir)


def prepare_format_job(
    ws: Workspace, job: Job, tooling: str, meta: dict[str, dict[str, object]], force: bool = False
) -> JobResult | _Pending:
    """A format job (see formats.py): skipped when the HTML job's inputs and the format
    are unchanged and its output is intact, else run on a copy of the HTML job's doctrees."""
    html_job = Job(job.version, job.language)
    jobdir, html_dir = ws.jobdir(job), ws.jobdir(html_job)
    outdir, doctrees = formats.outdir(jobdir), jobdir / "doctrees"
    stamp = jobdir / "fingerprint.json"
    fingerprint = any_job_fingerprint(ws, job, tooling, meta)
    previous = {} if force else read_stamp(stamp)
    intact = bool(previous) and unchanged(outdir, previous, "html")
    if intact and previous.get("fingerprint") == fingerprint and formats.product(job, outdir):
        return JobResult(job, outdir, "skipped")
    shutil.rmtree(outdir, ignore_errors=True)
    jobdir.mkdir(parents=True, exist_ok=True)
    stamp.unlink(missing_ok=True)
    extra: tuple[str, ...] = ()
    if job.format == "htmlzip":
        packed = [html_dir / "html", formats.outdir(ws.jobdir(Job(job.version, job.language, "markdown")))]
        extra = ("-D", "cedocs_htmlzip_sources=" + ",".join(str(p) for p in packed))
    argv = _command(ws, job, html_dir / "smv-metadata.json", outdir, doctrees, extra)
    log = jobdir / "build.log"
    data = {"fingerprint": fingerprint, "tooling": tooling}
    args = (str(ws.root), str(log), str(html_dir / "doctrees"), str(doctrees))
    return _Pending(job, outdir, argv, log, stamp, data, doctrees, run=formats.run_format, args=args)


def _priority(ws: Workspace, job: Job) -> int:
    """Which ready job a free worker takes first: the longest, so no core idles at the end."""
    if job.format == "pdf":
        return 0
    if job.format == HTML:
        return 1 if job.language != ws.registry.default_language else 2
    return 3 if job.format != "htmlzip" else 4


def with_needs(jobs: list[Job]) -> list[Job]:
    """``jobs`` and the jobs they need (a PDF needs its version x language's HTML job)."""
    out: dict[str, Job] = {}

    def add(job: Job) -> None:
        for need in job.needs():
            add(need)
        out.setdefault(job.key, job)

    for job in jobs:
        add(job)
    return list(out.values())


def donors(ws: Workspace, jobs: list[Job], chains: int) -> dict[str, Job]:
    """Which finished job each web-pages job may reuse pages from (ext/reuse.py): per
    language, the version before it in the registry's order, so neighbouring versions,
    which share the most pages, follow each other. With ``chains`` > 1 the versions are
    cut into that many runs, each starting with a version read in full, so that as many
    jobs run side by side from the start instead of waiting for one first version."""
    out: dict[str, Job] = {}
    html = [job for job in jobs if job.format == HTML]
    order = {v.name: i for i, v in enumerate(ws.registry.versions)}
    for language in dict.fromkeys(job.language for job in html):
        mine = sorted((job for job in html if job.language == language), key=lambda job: order[job.version.name])
        runs = max(1, min(chains, len(mine)))
        size = -(-len(mine) // runs)  # ceiling division
        for i, job in enumerate(mine):
            if i % size:
                out[job.key] = mine[i - 1]
    return out


def build_all(
    ws: Workspace, jobs: list[Job], workers: int | None = None, force: bool = False, reuse: bool = True
) -> list[JobResult]:
    """Run ``jobs`` and the jobs they need, in parallel on the available cores, each as
    soon as what it needs passed; raise BuildError if any failed.

    ``force``: rebuild every job from scratch, from sources materialized again.
    ``reuse``: a version's web pages may reuse what another version's job read (a job
    then starts once that job has finished; the output is the same either way)."""
    try:
        check_history(ws.root, ws.registry)  # every missing version commit at once
    except sources.SourceError as err:
        raise BuildError(str(err)) from None
    jobs = with_needs(jobs)
    # Every version's pages go into the metadata: materialize them all, serially (git
    # archive is quick), so that source errors come first.
    for version in ws.registry.versions:
        try:
            ws.project_of(Job(version, ""), fresh=force)
        except sources.SourceError as err:
            raise BuildError(str(err)) from None
    tooling = tooling_fingerprint(ws.root)
    metas = {lang: metadata(ws, lang) for lang in {job.language for job in jobs}}
    results: dict[str, JobResult] = {}
    waiting: dict[str, _Pending] = {}
    languages = len({job.language for job in jobs}) or 1
    given = donors(ws, jobs, max(1, (workers or os.cpu_count() or 1) // languages)) if reuse else {}
    for job in jobs:
        prepared = prepare_job(ws, job, tooling, metas[job.language], force)
        if isinstance(prepared, JobResult):
            results[job.key] = prepared
        else:
            prepared.donor = given.get(job.key)
            waiting[job.key] = prepared
    _run(ws, waiting, results, workers)
    ordered = [results[job.key] for job in jobs]
    failed = [r for r in ordered if r.status == "failed"]
    if failed:
        raise BuildError("\n".join(f"{r.job.label} failed to build:\n{_indent(r.log)}" for r in failed))
    return ordered


def _index_part(item: _Pending, seconds: float) -> tuple[int, float]:
    """Search-index the web pages of a job that passed (Pagefind, see search.py), noted
    in its log; the job fails if the index does. This runs in the calling process once
    the build's worker has exited: the worker would keep its build's memory (a few
    hundred MB on a large site) for as long as the indexer runs, next to the other build."""
    from cloudempiere_docs.site.search import SearchIndexError, index_directory

    started = time.perf_counter()
    code = 0
    try:
        line = f"search index: {index_directory(item.index).pages} pages" if item.index else ""
    except (SearchIndexError, OSError) as err:
        line, code = f"error: {err}", 2
    with open(item.log, "a", encoding="utf-8") as log:
        log.write(f"{line}\n")
    return code, seconds + time.perf_counter() - started


#: From this many pages, a part's search index takes a worker's place while it is made:
#: Pagefind holds the whole part in memory (139 MB at 809 pages, about 0.17 MB a page),
#: which next to two builds of that size was the pipeline's peak (on the real manual's
#: 60-page parts it is a few MB, and indexing beside two builds costs nothing).
INDEX_TAKES_A_WORKER_FROM = 300


def index_takes_a_worker(directory: Path) -> bool:
    """Whether indexing the web pages in ``directory`` needs a worker's share of memory."""
    pages = 0
    for _ in directory.rglob("*.html"):
        pages += 1
        if pages >= INDEX_TAKES_A_WORKER_FROM:
            return True
    return False


def _run(ws: Workspace, waiting: dict[str, _Pending], results: dict[str, JobResult], workers: int | None) -> None:
    """Run the waiting jobs on a pool of warm workers, each once what it needs passed
    (a job whose input failed is "blocked": the input's failure is what gets reported).
    A web-pages job is search-indexed in a thread of this process after its build, while
    its worker's place goes to the next job (unless the part is large: then the index
    holds that place until it is made); it is done when its index is."""
    if not waiting:
        return
    count = min(workers or os.cpu_count() or 1, len(waiting))
    # (job, (code, seconds) or None, error, whether this is the end of its indexing)
    finished: queue.Queue[tuple[_Pending, tuple[int, float] | None, BaseException | None, bool]] = queue.Queue()

    def ready() -> list[_Pending]:
        out = []
        for key, item in list(waiting.items()):
            needs = [results.get(n.key) for n in item.job.needs()]
            if any(r is not None and r.status in ("failed", "blocked") for r in needs):
                del waiting[key]
                results[key] = settled[key] = JobResult(item.job, item.outdir, "blocked", 0.0, "")
            elif all(r is not None for r in needs) and (item.donor is None or item.donor.key in settled):
                # A donor that failed only means reading every page, not a failure.
                out.append(item)
        return sorted(out, key=lambda p: _priority(ws, p.job))

    def index(item: _Pending, seconds: float) -> None:
        try:
            finished.put((item, _index_part(item, seconds), None, True))
        except BaseException as err:  # report, never leave the loop waiting
            finished.put((item, None, err, True))

    # Jobs whose build is over (a web-pages job before its index is made): a donor serves
    # from then on (its doctrees are final; its index need not be).
    settled: dict[str, JobResult] = results.copy()
    large: set[str] = set()  # jobs whose index takes a worker's place
    # One index at a time: Pagefind uses every core itself. A large part's index takes a
    # worker's place while it runs (see INDEX_TAKES_A_WORKER_FROM).
    with worker_pool(count) as pool, ThreadPoolExecutor(max_workers=1) as indexer:
        running = indexing = heavy = 0
        while waiting or running or indexing:
            for item in ready()[: count - running - heavy]:
                del waiting[item.job.key]
                pool.apply_async(
                    item.run, (item.command(settled, ws), *item.args),
                    callback=lambda value, item=item: finished.put((item, value, None, False)),
                    error_callback=lambda error, item=item: finished.put((item, None, error, False)),
                )  # fmt: skip
                running += 1
            if not running and not indexing:
                break  # nothing can start: what is left waits for a job that failed
            item, value, error, indexed = finished.get()
            if indexed:
                indexing -= 1
                heavy -= item.job.key in large
            else:
                running -= 1
            code, seconds = value if value is not None else (2, 0.0)
            if code == 0 and not indexed and item.index is not None:
                settled[item.job.key] = JobResult(item.job, item.outdir, "built", seconds)
                if index_takes_a_worker(item.index):
                    large.add(item.job.key)
                    heavy += 1
                indexer.submit(index, item, seconds)
                indexing += 1
                continue
            log = item.log.read_text(encoding="utf-8").strip() if item.log.exists() else ""
            if error is not None:
                log = f"{log}\n{type(error).__name__}: {error}".strip()
            if code != 0:
                results[item.job.key] = settled[item.job.key] = JobResult(item.job, item.outdir, "failed", seconds, log)
                continue
            item.record()
            results[item.job.key] = settled[item.job.key] = JobResult(item.job, item.outdir, "built", seconds, log)
        for key, item in waiting.items():
            results[key] = JobResult(item.job, item.outdir, "blocked", 0.0, "")


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines()[-60:])
