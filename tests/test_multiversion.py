"""sphinx-multiversion 0.2.4 on Sphinx 9 through cloudempiere_docs.ext.multiversion: the
adapter checks what it adapts; the extension (sub-build path) and the CLI (main process,
as the benchmark's stock path runs it) work."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sphinx.config
from sphinx.util.tags import Tags
from sphinx_multiversion import main as smv_main_function  # noqa: F401  (the package's export)

from cloudempiere_docs.ext import multiversion

REPO = Path(__file__).resolve().parent.parent
SMV_MODULES = [sys.modules.get(name) or __import__(name, fromlist=["_"]) for name in multiversion.CALLERS]


@pytest.fixture
def confdir(tmp_path: Path) -> Path:
    (tmp_path / "conf.py").write_text('project = "From conf.py"\nversion = "1"\n', encoding="utf-8")
    return tmp_path


def test_sphinx_9_rejects_the_calls_sphinx_multiversion_makes(confdir: Path) -> None:
    """What the adapter is for (upstream sphinx-contrib/multiversion#201)."""
    with pytest.raises(TypeError):
        sphinx.config.Config.read(str(confdir), {})
    with pytest.raises(TypeError):
        sphinx.config.Config.read(str(confdir))


def test_adapter_gives_sphinx_multiversion_a_config_read_it_can_call(confdir: Path) -> None:
    assert multiversion.install() == "adapted"
    assert multiversion.install() == "adapted", "idempotent"
    for module in SMV_MODULES:
        view = module.sphinx_config
        assert view is not sphinx.config and view.ConfigError is sphinx.config.ConfigError
        config = view.Config.read(str(confdir), {"project": "Overridden"})  # the CLI's call
        assert config.project == "Overridden" and type(config) is sphinx.config.Config
        assert view.Config.read(str(confdir)).project == "From conf.py"  # the extension's call
    # Sphinx itself is unchanged.
    assert sphinx.config.Config.read(str(confdir), overrides={}, tags=Tags()).project == "From conf.py"


def test_adapter_leaves_another_release_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(multiversion, "installed_release", lambda: "0.2.5")
    for module in SMV_MODULES:
        monkeypatch.setattr(module, "sphinx_config", sphinx.config)
    assert multiversion.install() == "other release"
    assert all(module.sphinx_config is sphinx.config for module in SMV_MODULES)


def test_adapter_is_not_needed_on_sphinx_8(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(multiversion, "read_shape", lambda: "positional")
    for module in SMV_MODULES:
        monkeypatch.setattr(module, "sphinx_config", sphinx.config)
    assert multiversion.install() == "not needed"
    assert all(module.sphinx_config is sphinx.config for module in SMV_MODULES)


def test_adapter_refuses_shapes_it_does_not_know(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(multiversion, "read_shape", lambda: "Config.read(confdir, *, options)")
    with pytest.raises(multiversion.CompatError, match=r"Config.read\(confdir, \*, options\)"):
        multiversion.install()
    monkeypatch.undo()
    monkeypatch.setattr(SMV_MODULES[0], "sphinx_config", object())
    with pytest.raises(multiversion.CompatError, match="no longer imports sphinx.config"):
        multiversion.install()


def test_read_shape_of_the_installed_sphinx() -> None:
    assert multiversion.read_shape() == "keywords"


def _metadata(srcdir: Path, current: str) -> dict[str, dict[str, object]]:
    return {
        name: {
            "name": name, "version": name, "release": f"{name}.0", "is_released": name != "2",
            "source": "tags", "creatordate": "2026-01-01 00:00:00 +0000", "basedir": str(srcdir),
            "sourcedir": str(srcdir), "outputdir": f"/site/{name}", "confdir": str(srcdir), "docnames": ["index"],
        }
        for name in ("1", "2")
    }  # fmt: skip


def test_sub_build_restores_the_version_of_its_ref(make_app, rootdir: Path, tmp_path: Path) -> None:
    """sphinx-multiversion's extension re-reads conf.py in config-inited (Config.read()
    with the confdir only) and sets the ref's version and release."""
    import shutil

    srcdir = tmp_path / "mv"
    shutil.copytree(rootdir / "test-multiversion", srcdir)
    meta = tmp_path / "meta.json"
    meta.write_text(json.dumps(_metadata(srcdir, "1")))
    app = make_app("html", srcdir=srcdir, confoverrides={"smv_metadata_path": str(meta), "smv_current_version": "1"})
    app.build()
    assert "WARNING" not in app.warning.getvalue()
    assert app.config.version == "1" and app.config.release == "1.0"
    assert "Version 1, release 1.0." in (Path(app.outdir) / "index.html").read_text(encoding="utf-8")


def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}  # fmt: skip
    return subprocess.run(("git", *args), cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def test_cli_builds_every_ref(tmp_path: Path, rootdir: Path) -> None:
    """The CLI's main process (Config.read(confdir, overrides) in a child) and its
    sub-builds, as the benchmark's stock path runs them."""
    repo = tmp_path / "repo"
    (repo / "docs").mkdir(parents=True)
    conf = (rootdir / "test-multiversion" / "conf.py").read_text(encoding="utf-8")
    conf += 'smv_tag_whitelist = r"^v\\d+$"\nsmv_branch_whitelist = r"^main$"\nsmv_remote_whitelist = None\n'
    (repo / "docs" / "conf.py").write_text(conf, encoding="utf-8")
    (repo / "docs" / "index.rst").write_text("Home\n====\n\nRelease |release|.\n", encoding="utf-8")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "docs")
    _git(repo, "tag", "v1")
    proc = subprocess.run(
        [sys.executable, "-m", "cloudempiere_docs.ext.multiversion", "docs", "out", "-n", "-W", "--keep-going", "-q"],
        cwd=repo, capture_output=True, text=True,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (repo / "out" / "v1" / "index.html").is_file() and (repo / "out" / "main" / "index.html").is_file()
