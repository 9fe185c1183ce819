"""Conditions of the build machine end in one located message, never a traceback.

A full disk (a real one: a size-limited tmpfs, and a file size limit on the whole
process tree), a read-only target (a read-only bind mount), faults injected at the
publishing steps, a shallow clone (the message says which command fetches the history),
and Sphinx's ``.buildinfo.bak`` kept out of the published site. The tmpfs and read-only
cases need user namespaces (``unshare``); where the machine has none they are skipped,
and the injected faults still cover the same code paths.
"""

from __future__ import annotations

import errno
import os
import re
import resource
import shlex
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from cloudempiere_docs import cli
from cloudempiere_docs.site import assemble as assemble_module
from cloudempiere_docs.site.pipeline import SITE_STAMP
from .sitecase import Project, assert_recovers, assert_refused, clean, project, published  # noqa: F401

pytestmark = pytest.mark.site


def _unshare_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", "mount -t tmpfs tmpfs /tmp"], capture_output=True
    )
    return probe.returncode == 0


needs_namespaces = pytest.mark.skipif(not _unshare_works(), reason="no user and mount namespaces on this machine")


def _in_namespace(project: Project, setup: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The command line inside a private mount namespace prepared by ``setup`` (sh)."""
    argv = [sys.executable, "-m", "cloudempiere_docs", *args, "--root", str(project.root)]
    command = " ".join(shlex.quote(a) for a in argv)
    return subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", f"{setup} && exec {command}"],
        capture_output=True, text=True, cwd=project.root, env=project.env(), timeout=600,
    )  # fmt: skip


def _one_error(stderr: str) -> str:
    errors = [line for line in stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, stderr
    return errors[0]


@needs_namespaces
def test_disk_full_while_publishing(clean: Project, tmp_path: Path) -> None:
    target = tmp_path / "full"
    target.mkdir()
    mount = f"mount -t tmpfs -o size=256k tmpfs {shlex.quote(str(target))}"
    result = _in_namespace(clean, mount, "site", "--out", str(target / "site"))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    error = _one_error(result.stderr)
    assert re.search(r"error: .*/full/\.site-generations/\S+: No space left on device \(ENOSPC\)", error), error
    assert "nothing was published" in result.stderr


@needs_namespaces
def test_read_only_target(clean: Project) -> None:
    before = published(clean)
    build = shlex.quote(str(clean.build))
    gens = shlex.quote(str(clean.build / ".site-generations"))
    setup = " && ".join(
        f"mount --bind {path} {path} && mount -o remount,ro,bind {path}" for path in (build, gens)
    )
    result = _in_namespace(clean, setup, "site", "--out", str(clean.site))
    assert_refused(clean, result, before, r"error: \S+: Read-only file system \(EROFS\)")
    assert_recovers(clean)


def test_file_size_limit_of_the_whole_build(clean: Project) -> None:
    """RLIMIT_FSIZE (inherited by the workers): every large write fails with EFBIG."""
    before = published(clean)

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of being killed
        resource.setrlimit(resource.RLIMIT_FSIZE, (16 * 1024, 16 * 1024))

    result = clean.cli("site", "--force", preexec_fn=limit)
    assert_refused(clean, result, before, r"error: /\S+: File too large \(EFBIG\)")
    assert "Exception occurred" not in result.stderr and "Versions\n====" not in result.stderr
    assert_recovers(clean)


@pytest.mark.parametrize(
    ("where", "code"),
    [("copy", errno.ENOSPC), ("copy", errno.EROFS), ("switch", errno.EROFS), ("switch", errno.EACCES)],
)
def test_faults_while_assembling_and_switching(
    clean: Project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], where: str, code: int
) -> None:
    before = published(clean)
    real_copytree, real_replace = shutil.copytree, os.replace

    def copytree(src: object, dst: object, *args: object, **kwargs: object) -> object:
        if where == "copy" and ".site-generations" in str(dst) and str(dst).endswith("/sk/13"):
            raise OSError(code, os.strerror(code), str(dst))
        return real_copytree(src, dst, *args, **kwargs)  # type: ignore[arg-type]

    def replace(src: object, dst: object, *args: object, **kwargs: object) -> None:
        if where == "switch" and str(dst) == str(clean.site):
            raise OSError(code, os.strerror(code), str(src), str(dst))
        real_replace(src, dst, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(assemble_module.shutil, "copytree", copytree)
    monkeypatch.setattr(os, "replace", replace)
    # The site is published and nothing changed: without its stamp the run assembles and
    # switches again (every job is still skipped), where the faults are injected.
    (clean.build / "cache" / SITE_STAMP).unlink()
    assert cli.main(["site", "--root", str(clean.root)]) == 1
    err = capsys.readouterr().err
    assert re.search(rf"^error: /\S+: {os.strerror(code)} \({errno.errorcode[code]}\)$", err, re.M), err
    assert "nothing was published" in err and "Traceback" not in err
    assert published(clean) == before
    generations = [p for p in (clean.build / ".site-generations").iterdir() if p.is_dir()]
    assert sorted(generations)[-1].name == before.link.split("/")[-1], "the failed generation was discarded"
    assert not list(clean.build.glob(".site.link-*"))
    monkeypatch.undo()
    assert_recovers(clean)


def test_shallow_clone_says_which_command_fetches_the_history(clean: Project, tmp_path: Path) -> None:
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{clean.root}", str(shallow)], check=True)
    site = [sys.executable, "-m", "cloudempiere_docs", "site", "--root", str(shallow)]
    result = subprocess.run(site, capture_output=True, text=True, cwd=shallow)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    error = _one_error(result.stderr)
    assert re.search(r"version 1[23]: commit \w+ is unknown in this repository: this clone is shallow", error)
    (command,) = re.findall(r"`([^`]+)`", error)
    assert command == "git fetch --unshallow"
    subprocess.run(shlex.split(command), cwd=shallow, check=True, capture_output=True)
    again = subprocess.run(site, capture_output=True, text=True, cwd=shallow)
    assert again.returncode == 0, again.stderr


def test_buildinfo_backup_is_not_published(clean: Project) -> None:
    """Sphinx moves a mismatching .buildinfo to .buildinfo.bak (here: a page was added,
    which changes every page's metadata); neither belongs in the site."""
    (clean.root / "source" / "shortcuts.md").write_text("# Shortcuts\n\nPress Alt+N.\n")
    index = clean.root / "source" / "index.md"
    index.write_text(index.read_text().replace("einvoicing\n", "einvoicing\nshortcuts\n"))
    clean.site_ok()
    assert (clean.build / "cache" / "jobs" / "en" / "14" / "html" / ".buildinfo.bak").exists()
    assert not list(clean.site.glob("*/*/.buildinfo*"))
    assert_recovers(clean)
