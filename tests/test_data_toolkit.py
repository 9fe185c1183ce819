"""The data toolkit: data files kept in the ``cedata`` Domain, parallel and incremental safe."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from cloudempiere_docs.data import kinds as data_kinds
from cloudempiere_docs.toolkit.domain import DataDomain


def read_docs(app) -> list[str]:
    read: list[str] = []
    app.connect("env-before-read-docs", lambda _app, _env, docnames: read.extend(docnames))
    return read


def set_mtime(path: Path, offset: float) -> None:
    when = time.time() + offset
    os.utime(path, (when, when))


def counting_loads(monkeypatch) -> list[str]:
    """Record every data file that is parsed (not taken from the Domain)."""
    calls: list[str] = []
    real = data_kinds.load

    def load(kind, path, *args, **kwargs):
        calls.append(kind.name)
        return real(kind, path, *args, **kwargs)

    monkeypatch.setattr(data_kinds, "load", load)
    return calls


@pytest.mark.sphinx("html", testroot="reference", srcdir="toolkit-users")
def test_domain_knows_which_page_uses_which_file(app):
    app.build()
    data = DataDomain.of(app.env)
    assert data.pages_using("settings") == ["changes", "filters", "settings"]
    assert data.pages_using("taxes") == ["taxes"]
    assert data.get("settings").settings[0].key == "ZK_PAGING_SIZE"
    assert str(data.version) == "13"
    assert data.file("releases") is None  # the reference extension does not use it


@pytest.mark.sphinx("html", testroot="releases", srcdir="toolkit-release-users")
def test_release_roles_use_the_data_they_check(app):
    app.build()
    data = DataDomain.of(app.env)
    # usage.md only has roles: whether CLD-1001 exists is decided from defects.yaml
    assert "usage" in data.pages_using("defects") and "usage" in data.pages_using("releases")


def test_parallel_build_collects_the_same_users_as_serial(make_app, rootdir, tmp_path):
    apps = {}
    for name, parallel in (("serial", 1), ("parallel", 2)):
        src = tmp_path / name
        shutil.copytree(rootdir / "test-reference", src)
        app = make_app("html", srcdir=src, parallel=parallel)
        app.build()
        apps[name] = app
    assert apps["parallel"].parallel == 2
    serial, parallel = (DataDomain.of(apps[n].env) for n in ("serial", "parallel"))
    assert parallel.users == serial.users and parallel.users
    assert {k: v[1].digest for k, v in parallel.files.items()} == {k: v[1].digest for k, v in serial.files.items()}
    for page in ("settings", "taxes", "windows", "sla", "changes", "usage"):
        assert (apps["serial"].outdir / f"{page}.html").read_bytes() == (apps["parallel"].outdir / f"{page}.html").read_bytes(), page


def test_unchanged_data_is_not_parsed_again(make_app, rootdir, tmp_path, monkeypatch):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-reference", src)
    calls = counting_loads(monkeypatch)
    make_app("html", srcdir=src).build()
    assert sorted(calls) == ["settings", "sla", "taxes", "windows"]
    calls.clear()
    again = make_app("html", srcdir=src)
    read = read_docs(again)
    again.build()
    assert calls == [] and read == []  # taken from the pickled Domain; nothing re-read


def test_edited_file_rereads_only_its_pages_even_with_an_older_time_stamp(make_app, rootdir, tmp_path, monkeypatch):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-reference", src)
    make_app("html", srcdir=src).build()
    sla = src / "_data" / "sla.yaml"
    sla.write_text(sla.read_text().replace("Europe/Bratislava", "Europe/Vienna"))
    set_mtime(sla, -3600)  # e.g. restored from an archive: older than the pages
    calls = counting_loads(monkeypatch)
    again = make_app("html", srcdir=src)
    read = read_docs(again)
    again.build()
    assert calls == ["sla"]
    assert read == ["sla"]
    assert "Europe/Vienna" in (again.outdir / "sla.html").read_text(encoding="utf-8")


def test_deleted_page_vanishes_from_the_domain(make_app, rootdir, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-reference", src)
    first = make_app("html", srcdir=src)
    first.build()
    assert "taxes" in DataDomain.of(first.env).users
    (src / "taxes.md").unlink()
    index = src / "index.md"
    index.write_text(index.read_text().replace("taxes\n", ""))
    set_mtime(index, 10)
    again = make_app("html", srcdir=src)
    again.build()
    data = DataDomain.of(again.env)
    assert "taxes" not in data.users and data.pages_using("taxes") == []
    assert data.pages_using("settings") == ["changes", "filters", "settings"]


def test_file_over_the_size_limit_is_a_located_warning(make_app, rootdir, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-reference", src)
    app = make_app("html", srcdir=src, confoverrides={"cedocs_data_max_bytes": 1000})
    app.build()
    warnings = app.warning.getvalue()
    settings = src / "_data" / "settings.yaml"
    size = settings.stat().st_size
    assert f"{settings}:1: WARNING: file is {size:,} bytes, larger than the limit of 1,000 bytes" in warnings
    assert "[cedocs.data]" in warnings
    assert "ZK_PAGING_SIZE" not in (app.outdir / "settings.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("value", [0, -1])
def test_size_limit_must_be_a_positive_number(make_app, rootdir, tmp_path, value):
    from sphinx.errors import ConfigError

    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-reference", src)
    with pytest.raises(ConfigError, match="cedocs_data_max_bytes"):
        make_app("html", srcdir=src, confoverrides={"cedocs_data_max_bytes": value})
