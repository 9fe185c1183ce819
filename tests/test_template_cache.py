"""Compiled templates shared by the jobs of a site (ext/template_cache.py): the second
build compiles no template file and writes the same pages as a build without the cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import pytest
from jinja2.sandbox import SandboxedEnvironment

from cloudempiere_docs.ext import template_cache

EXTENSIONS = ["myst_parser", "cloudempiere_docs.ext.navigation", "cloudempiere_docs.ext.template_cache"]


def html_files(outdir: Path) -> dict[str, bytes]:
    return {p.relative_to(outdir).as_posix(): p.read_bytes() for p in Path(outdir).rglob("*.html")}


def test_environments_set_up_differently_never_share_entries() -> None:
    plain = SandboxedEnvironment(extensions=["jinja2.ext.i18n"])
    assert template_cache.environment_key(plain) == template_cache.environment_key(
        SandboxedEnvironment(extensions=["jinja2.ext.i18n"])
    )
    others = [
        SandboxedEnvironment(),  # no gettext extension
        SandboxedEnvironment(extensions=["jinja2.ext.i18n"], trim_blocks=True),
        SandboxedEnvironment(extensions=["jinja2.ext.i18n"], block_start_string="<%", block_end_string="%>"),
        jinja2.Environment(extensions=["jinja2.ext.i18n"]),  # not sandboxed
    ]
    keys = {template_cache.environment_key(env) for env in others}
    assert template_cache.environment_key(plain) not in keys and len(keys) == len(others)
    newstyle = SandboxedEnvironment(extensions=["jinja2.ext.i18n"])
    newstyle.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    assert template_cache.environment_key(newstyle) != template_cache.environment_key(plain)


def test_options_that_cannot_be_named_keep_compiling(tmp_path: Path) -> None:
    assert template_cache.environment_key(SandboxedEnvironment(autoescape=lambda name: True)) is None
    assert template_cache.environment_key(SandboxedEnvironment(finalize=str)) is None
    env = SandboxedEnvironment(finalize=str)
    assert template_cache.install(env, tmp_path) is None and env.bytecode_cache is None
    chosen = jinja2.FileSystemBytecodeCache(str(tmp_path))
    env = SandboxedEnvironment(bytecode_cache=chosen)
    assert template_cache.install(env, tmp_path / "other") is None and env.bytecode_cache is chosen


def test_second_build_loads_every_template_and_writes_the_same_pages(
    make_app, rootdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled: list[str | None] = []
    stock_compile = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):  # type: ignore[no-untyped-def]
        compiled.append(filename)
        return stock_compile(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    cache = tmp_path / "cache"
    outputs, files = {}, {}
    for run in ("none", "first", "second"):
        srcdir = tmp_path / run
        shutil.copytree(rootdir / "test-navigation", srcdir)
        overrides = {"extensions": EXTENSIONS, "cedocs_cache_dir": "" if run == "none" else str(cache)}
        compiled.clear()
        app = make_app("html", srcdir=srcdir, confoverrides=overrides)
        app.build()
        outputs[run] = html_files(app.outdir)
        files[run] = [name for name in compiled if name]  # template files, not strings
    assert files["none"] and files["first"] == files["none"]
    assert files["second"] == []  # every template file came from the cache
    assert list((cache / template_cache.FOLDER).glob("*/__jinja2_*.cache"))
    assert outputs["none"].keys() == outputs["second"].keys() and len(outputs["none"]) > 10
    for name, body in outputs["none"].items():
        assert outputs["first"][name] == body and outputs["second"][name] == body, name


def test_a_cache_folder_that_cannot_be_made_means_compiling(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    env = SandboxedEnvironment(extensions=["jinja2.ext.i18n"])
    assert template_cache.install(env, blocker) is None and env.bytecode_cache is None
