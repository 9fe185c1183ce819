"""A build that keeps fewer read doctrees in memory writes the same files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sphinx.builders import Builder

from cloudempiere_docs.ext import memory
from cloudempiere_docs.ext.upstream import Shape


def output_files(outdir: Path) -> dict[str, bytes]:
    return {p.relative_to(outdir).as_posix(): p.read_bytes() for p in sorted(Path(outdir).rglob("*")) if p.is_file()}


def build(make_app, rootdir: Path, dest: Path, limit: int) -> tuple[dict[str, bytes], dict[str, object]]:
    """The navigation test root with the extension, built with ``limit``; its output and
    what the environment held: doctrees waiting at the end of reading, pickles kept."""
    shutil.copytree(rootdir / "test-navigation", dest)
    with open(dest / "conf.py", "a", encoding="utf-8") as conf:
        conf.write('\nextensions.append("cloudempiere_docs.ext.memory")\n')
    app = make_app("html", srcdir=dest, confoverrides={"cedocs_doctrees_in_memory": limit})
    seen: dict[str, object] = {}
    app.connect("env-updated", lambda app, env: seen.update(waiting=len(env._write_doc_doctree_cache), docs=len(env.found_docs)))
    app.connect("build-finished", lambda app, exc: seen.update(pickles=set(app.env._pickled_doctree_cache)))
    app.build()
    assert app.statuscode == 0
    return output_files(app.outdir), seen


def test_bounded_cache_writes_the_same_files(make_app, rootdir: Path, tmp_path: Path) -> None:
    stock, seen = build(make_app, rootdir, tmp_path / "all", -1)
    assert seen["waiting"] == seen["docs"] == 11  # Sphinx keeps every page it read
    for limit in (0, 3):
        files, bounded = build(make_app, rootdir, tmp_path / f"limit-{limit}", limit)
        assert bounded["waiting"] == limit
        # Pages read back from their pickles for writing leave no bytes behind: only
        # the pages other code reads (the roots of toctrees) are kept, as in Sphinx's own.
        assert bounded["pickles"] == seen["pickles"] == {"index", "sales/index"}
        assert files.keys() == stock.keys()
        for name, body in files.items():
            assert body == stock[name], f"{name} differs with {limit} doctrees in memory"


@pytest.mark.parametrize(("value", "expected"), [(100, 100), (0, 0), (-1, None), (True, None), ("5", None)])
def test_limit_of(value: object, expected: int | None) -> None:
    config = type("Config", (), {"cedocs_doctrees_in_memory": value})()
    assert memory.limit_of(config) == expected
    assert memory.limit_of(object()) is None  # a project without the extension


def test_other_sphinx_keeps_the_stock_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory, "_STOCK", {})
    monkeypatch.setattr(memory, "SHAPE", Shape(package="sphinx", versions="<1", functions={}))
    before = Builder.write_doctree
    problem = memory.install()
    assert problem is not None and "outside the versions" in problem
    assert Builder.write_doctree is before


def test_shape_of_the_installed_sphinx() -> None:
    assert memory.SHAPE.problem() is None
