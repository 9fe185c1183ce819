"""Concurrent builds and damaged caches.

One build at a time per build directory (a second one stops with the holder's pid,
command and start time; a dead holder's lock is taken over); every cache file that can
be damaged (a job's ``fingerprint.json``, a cached page, a cached source tree, a doctree,
the pickled environment) is detected and rebuilt, never trusted and never fatal;
``--force`` rebuilds from the commits.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cloudempiere_docs.paths import atomic_write
from .sitecase import Project, assert_refused, clean, project, published  # noqa: F401

pytestmark = pytest.mark.site

HOLD = """
import sys, time
from pathlib import Path
from cloudempiere_docs.site.lock import build_lock
with build_lock(Path(sys.argv[1]), command="site (a build holding the lock)"):
    print("holding", flush=True)
    time.sleep(600)
"""


def _page(project: Project, rel: str) -> bytes:
    return (project.site / rel).read_bytes()


def _truncate(path: Path, keep: int = 100) -> None:
    data = path.read_bytes()
    assert len(data) > keep
    path.write_bytes(data[:keep])


def _cached_source(project: Project, version: str) -> Path:
    (found,) = [p for p in (project.build / "cache" / "src").iterdir() if p.name == project.commits[version][:16]]
    return found


def _statuses(result: subprocess.CompletedProcess[str]) -> dict[tuple[str, str], str]:
    """Status of each version x language's web pages (the table's format column: html)."""
    rows = [line.split() for line in result.stdout.splitlines()]
    return {
        (row[0], row[1]): row[3]
        for row in rows
        if len(row) == 5 and row[2] == "html" and row[3] in ("built", "skipped", "failed", "blocked")
    }


# ----------------------------------------------------------------------------- concurrency


def test_second_build_stops_and_names_the_holder_then_a_dead_holder_is_taken_over(clean: Project) -> None:
    before = published(clean)
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(clean.build)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        result = clean.cli("site")
        holder_named = (
            rf"is in use by another build: pid {holder.pid} on \S+ "
            rf"\(`site \(a build holding the lock\)`, started \d{{4}}-\d\d-\d\dT"
        )
        assert_refused(clean, result, before, holder_named)
    finally:
        holder.send_signal(signal.SIGKILL)  # dies without releasing anything itself
        holder.wait()
    again = clean.site_ok()
    assert "is in use" not in again.stderr
    assert json.loads((clean.build / ".lock").read_text() or "{}") == {}, "released after the build"


def test_lock_file_left_by_a_dead_process_is_no_obstacle(clean: Project) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = {"pid": int(dead.stdout), "host": "elsewhere", "command": "site", "started": "2020-01-01T00:00:00+00:00"}
    (clean.build / ".lock").write_text(json.dumps(stale))
    clean.site_ok()
    (clean.build / ".lock").write_text("\x00garbage{")
    clean.site_ok()


def test_two_builds_at_once_one_waits_its_turn(clean: Project) -> None:
    """Both forced, started together: one builds and publishes, the other stops at the
    lock naming it; the published site is whole."""
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "cloudempiere_docs", "site", "--force", "--root", str(clean.root)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=clean.root, env=clean.env(),
        )  # fmt: skip
        for _ in range(2)
    ]
    outcomes = [(run.pid, *run.communicate(timeout=600), run.returncode) for run in runs]
    codes = sorted(code for *_, code in outcomes)
    assert codes == [0, 1], outcomes
    (winner,) = [pid for pid, _out, _err, code in outcomes if code == 0]
    (loser_err,) = [err for _pid, _out, err, code in outcomes if code == 1]
    assert f"is in use by another build: pid {winner} " in loser_err and "Traceback" not in loser_err
    assert "nothing was published" in loser_err
    assert json.loads(_page(clean, "versions.json"))["latest"] == "13"
    for lang in ("en", "sk"):
        for version in ("12", "13", "14", "latest"):
            assert (clean.site / lang / version / "guide.html").exists()


# ------------------------------------------------------------------------- damaged caches


@pytest.mark.parametrize("force", [False, True], ids=["incremental", "force"])
def test_truncated_fingerprint_is_rebuilt_not_fatal(clean: Project, force: bool) -> None:
    clean.site_ok()
    good = _page(clean, "en/13/guide.html")
    stamp = clean.build / "cache" / "jobs" / "en" / "13" / "fingerprint.json"
    _truncate(stamp, 40)
    result = clean.cli("site", *(["--force"] if force else []))
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert _statuses(result)[("13", "en")] == "built"
    assert _page(clean, "en/13/guide.html") == good
    assert json.loads(stamp.read_text())["fingerprint"]
    assert set(_statuses(clean.site_ok("--check-content")).values()) == {"skipped"}


def test_truncated_cached_page_is_rebuilt_not_published(clean: Project) -> None:
    clean.site_ok()
    good = _page(clean, "en/13/guide.html")
    _truncate(clean.build / "cache" / "jobs" / "en" / "13" / "html" / "guide.html")
    result = clean.site_ok()
    assert _statuses(result)[("13", "en")] == "built"
    assert _page(clean, "en/13/guide.html") == good


@pytest.mark.parametrize("what", ["page", "catalog", "extra file", "removed file"])
def test_damaged_cached_source_is_materialized_again(clean: Project, what: str) -> None:
    """The cached source tree of version 13 is damaged, then its job must rebuild: the
    page comes from the commit, not from the damaged cache."""
    clean.site_ok()
    good = {rel: _page(clean, rel) for rel in ("en/13/guide.html", "sk/13/index.html")}
    src = _cached_source(clean, "13")
    if what == "page":
        _truncate(src / "source" / "guide.md", 10)
    elif what == "catalog":
        _truncate(src / "locale" / "sk" / "LC_MESSAGES" / "index.po", 30)
    elif what == "extra file":
        (src / "source" / "planted.md").write_text(f"# Planted\n\n{clean.marker}\n")
    else:
        (src / "source" / "guide.md").unlink()
    for lang in ("en", "sk"):
        (clean.build / "cache" / "jobs" / lang / "13" / "fingerprint.json").unlink()
    result = clean.site_ok()
    assert _statuses(result)[("13", "en")] == "built"
    assert {rel: _page(clean, rel) for rel in good} == good
    assert not (clean.site / "en" / "13" / "planted.html").exists()


def test_force_rebuilds_from_the_commit(clean: Project) -> None:
    """Even a cached tree that looks intact (its manifest edited to match) is replaced."""
    clean.site_ok()
    good = _page(clean, "en/13/guide.html")
    src = _cached_source(clean, "13")
    page = src / "source" / "guide.md"
    page.write_text(page.read_text() + f"\n{clean.marker}\n")
    manifest = json.loads((src / ".complete").read_text())
    import hashlib

    manifest["files"]["source/guide.md"] = hashlib.sha256(page.read_bytes()).hexdigest()
    (src / ".complete").write_text(json.dumps(manifest))
    result = clean.site_ok("--force")
    assert set(_statuses(result).values()) == {"built"}
    assert _page(clean, "en/13/guide.html") == good
    assert clean.marker not in page.read_text()


@pytest.mark.parametrize("damaged", ["guide.doctree", "environment.pickle", "cedocs-outputs.json"])
def test_damaged_doctrees_of_the_development_version(clean: Project, damaged: str) -> None:
    clean.site_ok()
    doctrees = clean.build / "cache" / "jobs" / "en" / "14" / "doctrees"
    _truncate(doctrees / damaged, 20)
    page = clean.root / "source" / "login.md"
    page.write_text(page.read_text() + "\nAsk your administrator for a new password.\n")
    result = clean.site_ok()
    assert "Traceback" not in result.stderr
    assert "new password" in _page(clean, "en/14/login.html").decode()
    assert (clean.site / "en" / "14" / "guide.html").exists()


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "fingerprint.json"
    path.write_text('{"fingerprint": "old"}')

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError):
        atomic_write(path, '{"fingerprint": "new"}')
    assert path.read_text() == '{"fingerprint": "old"}'
    assert [p.name for p in tmp_path.iterdir()] == ["fingerprint.json"]


def test_lock_is_reentrant_and_released(tmp_path: Path) -> None:
    from cloudempiere_docs.site.lock import BuildLockedError, build_lock

    with build_lock(tmp_path, "outer"), build_lock(tmp_path, "inner"):
        holder = json.loads((tmp_path / ".lock").read_text())
        assert holder["pid"] == os.getpid() and holder["command"] == "outer"
        probe = subprocess.run(
            [sys.executable, "-c", "import sys; from pathlib import Path\n"
             "from cloudempiere_docs.site.lock import build_lock\n"
             "with build_lock(Path(sys.argv[1])): pass", str(tmp_path)],
            capture_output=True, text=True,
        )  # fmt: skip
        assert probe.returncode != 0 and BuildLockedError.__name__ in probe.stderr
        assert f"pid {os.getpid()}" in probe.stderr and "`outer`" in probe.stderr
    started = time.time()
    with build_lock(tmp_path):
        assert time.time() - started < 5
