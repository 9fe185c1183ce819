"""``python -m benchmarks.ci_jobs``: the CI workflow's jobs, measured, and what a large
site would cost on the matrix.

Runs the jobs of ``.github/workflows/site.yml`` on fresh clones of this repository, as
separate runners would: ``plan``; per version x language ``fingerprint`` and
``build-part`` with an empty cache (a miss), again with its cache (a hit), and after a
one-page edit of the development version (its restored cache: incremental); ``assemble``
of all parts. It prints a table and the projection for a site of ``--versions`` x
``--languages`` x ``--formats`` on 1..N runners, and writes ``build/bench/ci-jobs.json``.

Wall times move with the load of the machine; CPU times (user + system of the whole
process tree) barely do, so the projection uses CPU time for the build steps (a CI
runner runs one job). What cannot be measured here (a runner starting, the checkout over
the network, cache and artifact transfers) is an explicit, printed assumption.
"""

from __future__ import annotations

import argparse
import heapq
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.measure import Run, run

REPO = Path(__file__).resolve().parent.parent
#: Seconds a hosted runner needs before and after the measured steps (start, checkout of
#: the full history over the network, cache and artifact transfers): assumptions, printed.
RUNNER_OVERHEAD = {"start": 10.0, "checkout": 5.0, "cache and artifacts": 10.0}
EDITED_PAGE = "source/getting-started/login.md"


def cli(*args: str, root: Path) -> list[str]:
    return [sys.executable, "-m", "cloudempiere_docs", *args, "--root", str(root)]


def clone(dest: Path) -> Path:
    subprocess.run(["git", "clone", "-q", str(REPO), str(dest)], check=True)
    return dest


@dataclass
class Measured:
    wall: float
    cpu: float

    @classmethod
    def of(cls, result: Run) -> Measured:
        return cls(result.seconds, result.cpu_seconds)

    def as_json(self) -> dict[str, float]:
        return {"wall": round(self.wall, 2), "cpu": round(self.cpu, 2)}


def measure_venv(work: Path) -> dict[str, dict[str, float]]:
    """``make venv`` in a fresh clone (Python packages from the hashed locks, no pip
    cache), then again with that .venv restored (as the build jobs' venv cache does) under
    a fresh checkout's newer lock files."""
    target = clone(work / "venv-clone")
    env = {"PIP_NO_CACHE_DIR": "1", "PYTHON": sys.executable}
    fresh = Measured.of(run(["make", "venv"], cwd=target, env=env))
    for name in ("requirements/runtime.txt", "pyproject.toml"):
        os.utime(target / name)
    cached = Measured.of(run(["make", "venv"], cwd=target, env=env))
    return {"fresh": fresh.as_json(), "cached": cached.as_json()}


def projection(times: dict[str, object], versions: int, languages: int, formats: int, runners: list[int]) -> dict[str, object]:
    """Jobs and wall time of a site of versions x languages x formats on the matrix."""
    jobs: list[dict[str, object]] = times["jobs"]  # type: ignore[assignment]
    per_language = {
        lang: statistics.mean(j["cold"]["cpu"] for j in jobs if j["language"] == lang)  # type: ignore[index]
        for lang in {j["language"] for j in jobs}
    }
    source, translated = per_language.get("en", 0.0), max(per_language.values())
    fingerprint = statistics.mean(j["fingerprint"]["cpu"] for j in jobs)  # type: ignore[index]
    hit = statistics.mean(j["hit"]["cpu"] for j in jobs)  # type: ignore[index]
    incremental = statistics.mean(j["incremental"]["cpu"] for j in jobs if j.get("incremental"))  # type: ignore[index]
    overhead = sum(RUNNER_OVERHEAD.values())
    setup_cold = times["venv"]["fresh"]["wall"] + overhead  # type: ignore[index]
    setup = times["venv"]["cached"]["wall"] + overhead  # type: ignore[index]
    # One source language, the others translated (slower); every format assumed to cost
    # an HTML build of its language until the format builds are measured.
    count = versions * languages * formats
    dev_jobs = languages * formats  # a page of the development version edited
    builds = [source if lang == 0 else translated for lang in range(languages)] * (versions * formats)
    release_jobs = [setup_cold + fingerprint + b for b in builds]  # no cache at all
    tooling_jobs = [setup + fingerprint + b for b in builds]  # venv cached; every job builds
    edit_jobs = [setup + fingerprint + incremental] * dev_jobs + [setup + fingerprint + hit] * (count - dev_jobs)
    plan = setup_cold + times["plan"]["cpu"]  # type: ignore[index]
    compare_per_page = times["assemble"]["compare_seconds_per_page"]  # type: ignore[index]
    pages = times["pages_per_part"]
    from cloudempiere_docs.compare.site import version_pairs

    names = [str(n) for n in range(1, versions + 1)]
    pairs = len(version_pairs(names, names[-2], names[-1]))
    compare = pairs * languages * pages * compare_per_page  # type: ignore[operator]
    assemble_rest = times["assemble"]["cpu"] - times["assemble"]["compare_seconds"]  # type: ignore[index,operator]
    parts_factor = (versions * languages * formats) / times["parts"]  # type: ignore[operator]
    assemble = setup_cold + assemble_rest * parts_factor + compare / min(languages, 4)  # 4 cores: a language each
    scenarios = {"release": release_jobs, "tooling": tooling_jobs, "edit": edit_jobs}
    rows = [{"runners": n, **{k: round(plan + makespan(jobs, n) + assemble) for k, jobs in scenarios.items()}} for n in runners]
    return {
        "site": {"versions": versions, "languages": languages, "formats": formats},
        "jobs": count + 3,  # plan, builds, assemble, deploy
        "build_jobs": count,
        "runner_minutes": {k: round((plan + sum(jobs) + assemble) / 60) for k, jobs in scenarios.items()},
        "cache_hit_rate_after_edit": round((count - dev_jobs) / count, 3),
        "pairs_compared": pairs * languages,
        "job_seconds": {
            "release, source language": round(release_jobs[0]), "release, translated": round(max(release_jobs)),
            "cache hit": round(setup + fingerprint + hit), "page edited": round(setup + fingerprint + incremental),
            "plan": round(plan), "assemble": round(assemble),
        },
        "wall_seconds": rows,
        "assumptions": {
            "runner overhead per job (s)": RUNNER_OVERHEAD,
            "formats": "each costs an HTML build of its language (until format builds are measured)",
            "assemble runner": "4 cores: languages compared in parallel",
        },
    }


def makespan(durations: list[float], runners: int) -> float:
    """Wall time of ``durations`` on ``runners`` (longest first onto the first free runner,
    as a CI engine starts queued jobs)."""
    free = [0.0] * min(runners, len(durations) or 1)
    heapq.heapify(free)
    for duration in sorted(durations, reverse=True):
        heapq.heappush(free, heapq.heappop(free) + duration)
    return max(free)


def measure(work: Path) -> dict[str, object]:
    origin = clone(work / "origin")
    plan = run(cli("plan", root=origin), cwd=origin)
    matrix = json.loads(plan.output)["include"]
    jobs = []
    parts = work / "parts"
    for job in matrix:
        version, language = job["version"], job["language"]
        runner = clone(work / f"runner-{language}-{version}")  # an empty cache: a miss
        args = ["--version", version, "--language", language]
        fingerprint = run(cli("fingerprint", *args, root=runner), cwd=runner)
        cold = run(cli("build-part", *args, "--out", str(parts), root=runner), cwd=runner)
        hit = run(cli("build-part", *args, "--out", str(work / "scratch"), root=runner), cwd=runner)
        entry: dict[str, object] = {
            "version": version, "language": language,
            "fingerprint": Measured.of(fingerprint).as_json(), "cold": Measured.of(cold).as_json(),
            "hit": Measured.of(hit).as_json(),
        }  # fmt: skip
        page = runner / EDITED_PAGE
        page.write_text(page.read_text(encoding="utf-8") + "\nAsk your administrator if the login fails again.\n", encoding="utf-8")
        changed = run(cli("fingerprint", *args, root=runner), cwd=runner).output.strip() != fingerprint.output.strip()
        entry["changed_by_edit"] = changed
        if changed:
            entry["incremental"] = Measured.of(run(cli("build-part", *args, "--out", str(work / "scratch"), root=runner), cwd=runner)).as_json()
        jobs.append(entry)
        print(f"  {version} ({language}): cold {cold.seconds:.1f} s, hit {hit.seconds:.1f} s", file=sys.stderr)
    assemble = run(cli("assemble", "--parts", str(parts), "--out", str(work / "_site"), root=origin), cwd=origin)
    site = (work / "_site").resolve()
    compare_seconds, compared_pages = _compare_time(origin, site)
    pages = statistics.mean(len(list((parts / j["language"] / j["version"]).rglob("*.html"))) for j in matrix)
    return {
        "plan": Measured.of(plan).as_json(),
        "jobs": jobs,
        "parts": len(matrix),
        "pages_per_part": round(pages),
        "assemble": {
            **Measured.of(assemble).as_json(),
            "compare_seconds": round(compare_seconds, 2),
            "compare_seconds_per_page": compare_seconds / max(compared_pages, 1),
        },
    }


def _compare_time(root: Path, site: Path) -> tuple[float, int]:
    """The comparisons of the assembled site once more, alone, in this process: their part
    of the assembly (serial, no previous site)."""
    from cloudempiere_docs.compare import site as compare_site
    from cloudempiere_docs.site.assemble import Part, part_docnames
    from cloudempiere_docs.site.redirects import load_redirects
    from cloudempiere_docs.site.registry import load_registry

    registry = load_registry(root / "versions.toml")
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "site"
        parts = []
        for language in registry.languages:
            for version in registry.versions:
                shutil.copytree(site / language / version.name, copy / language / version.name)
                html = copy / language / version.name
                parts.append(Part(language, version.name, html, part_docnames(site / language / version.name)))
        saved, compare_site.PARALLEL_FROM = compare_site.PARALLEL_FROM, 10**9
        try:
            started = time.process_time()
            made = compare_site.write_site_comparisons(copy, registry, parts, dict(load_redirects(root / "redirects.toml")))
            seconds = time.process_time() - started
        finally:
            compare_site.PARALLEL_FROM = saved
    pages = sum(len(p.docnames) for p in parts) * len(made.pairs) // max(len(parts), 1)
    return seconds, pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ci_jobs", description=__doc__)
    parser.add_argument("--versions", type=int, default=20)
    parser.add_argument("--languages", type=int, default=5)
    parser.add_argument("--formats", type=int, default=4)
    parser.add_argument("--runners", default="1,4,10,20,50")
    parser.add_argument("--out", default=str(REPO / "build" / "bench"))
    parser.add_argument("--skip-venv", action="store_true", help="do not time `make venv` (downloads packages)")
    args = parser.parse_args(argv)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="ci-jobs-") as tmp:
        work = Path(tmp)
        times = measure(work)
        zero = {"wall": 0.0, "cpu": 0.0}
        times["venv"] = {"fresh": zero, "cached": zero} if args.skip_venv else measure_venv(work)
    times["load_average"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    times["projection"] = projection(times, args.versions, args.languages, args.formats, [int(n) for n in args.runners.split(",")])
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "ci-jobs.json").write_text(json.dumps(times, indent=1) + "\n")
    print(table(times))
    return 0


def table(times: dict[str, object]) -> str:
    lines = ["| job | wall | CPU |", "|---|---|---|"]
    for kind, label in (("fresh", "fresh clone, no pip cache"), ("cached", ".venv restored")):
        lines.append(f"| make venv ({label}) | {times['venv'][kind]['wall']:.1f} s | {times['venv'][kind]['cpu']:.1f} s |")  # type: ignore[index]
    lines.append(f"| plan | {times['plan']['wall']:.1f} s | {times['plan']['cpu']:.1f} s |")  # type: ignore[index]
    for job in times["jobs"]:  # type: ignore[attr-defined]
        name = f"{job['version']} ({job['language']})"
        lines.append(f"| fingerprint {name} | {job['fingerprint']['wall']:.1f} s | {job['fingerprint']['cpu']:.1f} s |")
        lines.append(f"| build-part {name}, cache miss | {job['cold']['wall']:.1f} s | {job['cold']['cpu']:.1f} s |")
        lines.append(f"| build-part {name}, cache hit | {job['hit']['wall']:.1f} s | {job['hit']['cpu']:.1f} s |")
        if job.get("incremental"):
            lines.append(f"| build-part {name}, one page edited | {job['incremental']['wall']:.1f} s | {job['incremental']['cpu']:.1f} s |")
    a = times["assemble"]
    lines.append(f"| assemble ({times['parts']} parts; comparisons {a['compare_seconds']:.1f} s CPU) | {a['wall']:.1f} s | {a['cpu']:.1f} s |")  # type: ignore[index]
    p = times["projection"]
    lines += ["", f"Projection: {p['site']} -> {p['jobs']} jobs, cache hits after a one-page edit {p['cache_hit_rate_after_edit']:.0%},"  # type: ignore[index]
              f" runner-minutes {p['runner_minutes']}, job seconds {p['job_seconds']}"]  # type: ignore[index]
    lines += ["", "| runners | release (no caches) | tooling edited (every job builds) | one page edited |", "|---|---|---|---|"]
    for row in p["wall_seconds"]:  # type: ignore[index]
        lines.append(f"| {row['runners']} | {row['release'] / 60:.1f} min | {row['tooling'] / 60:.1f} min | {row['edit'] / 60:.1f} min |")
    lines.append(f"\nLoad average before / after: {times['load_average'][0]} / {times['load_average'][1]}")  # type: ignore[index]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
