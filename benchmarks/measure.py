"""Running a command while measuring its wall time and the memory of its process tree."""

from __future__ import annotations

import os
import platform
import resource
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import psutil

SAMPLE_SECONDS = 0.05


@dataclass
class Run:
    seconds: float
    peak_rss: int  # bytes: the largest sum of RSS over the command's process tree, sampled
    cpu_seconds: float  # user + system time of the whole tree (unlike wall time, barely moved by load)
    output: str
    returncode: int
    timed_out: bool = False  # stopped at its time cap: ``seconds`` is a lower bound
    #: bytes: the largest sum of PSS over the tree (each shared page divided among the
    #: processes mapping it, so the forked workers' pages shared with their server count
    #: once); 0 where /proc/<pid>/smaps_rollup cannot be read
    peak_pss: int = 0


class CommandFailed(Exception):
    """A measured command exited non-zero; the message holds the end of its output."""


def _pss(pid: int) -> int:
    """Proportional set size of a process in bytes (Linux), 0 if it cannot be read."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _tree_memory(root: psutil.Process) -> tuple[int, int]:
    """The sums of RSS and of PSS over ``root`` and its descendants, in bytes."""
    rss = pss = 0
    try:
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0, 0
    for proc in procs:
        try:
            rss += proc.memory_info().rss
        except psutil.Error:  # exited between listing and reading
            continue
        pss += _pss(proc.pid)
    return rss, pss


def _kill_tree(pid: int) -> None:
    try:
        root = psutil.Process(pid)
        procs = [*root.children(recursive=True), root]
    except psutil.Error:
        return
    for proc in procs:
        try:
            proc.kill()
        except psutil.Error:
            pass


def run(
    cmd: list[str], cwd: Path, check: bool = True, env: dict[str, str] | None = None, timeout: float | None = None
) -> Run:
    """Run ``cmd``; sample the RSS and PSS of it and all its descendants every 50 ms.

    In the sum of RSS, shared pages are counted once per process, so it is an upper bound
    of the real footprint (the targets are stated in it); the sum of PSS divides each
    shared page among its processes; processes shorter than the sampling interval may be missed. ``timeout``:
    stop the command's whole process tree after that many seconds and return a run with
    ``timed_out`` set (its time is then a lower bound; no error is raised).
    """
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **(env or {})}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    peak = peak_pss = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, peak_pss
        try:
            root = psutil.Process(proc.pid)
        except psutil.Error:
            return
        while not done.is_set():
            rss, pss = _tree_memory(root)
            peak, peak_pss = max(peak, rss), max(peak_pss, pss)
            done.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    timed_out = False
    try:
        output, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        _kill_tree(proc.pid)
        output, _ = proc.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # every descendant has been waited for
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if timed_out:
        return Run(seconds, peak, cpu, output, proc.returncode, timed_out=True, peak_pss=peak_pss)
    if check and proc.returncode != 0:
        tail = "\n".join(output.splitlines()[-40:])
        raise CommandFailed(f"{' '.join(cmd)} (in {cwd}) exited with {proc.returncode}:\n{tail}")
    return Run(seconds, peak, cpu, output, proc.returncode, peak_pss=peak_pss)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def load_average() -> list[float]:
    """1, 5 and 15 minute load averages: other work on the machine skews the timings."""
    return [round(value, 2) for value in os.getloadavg()]


def machine() -> dict[str, object]:
    """What the numbers were measured on."""
    return {
        "cpu_count": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "executable": sys.executable,
        "packages": {
            name: _version(name)
            for name in ("sphinx", "myst-parser", "docutils", "furo", "sphinx-multiversion", "psutil")
        },
    }
