"""Pages read once for every version they are the same in (ext/reuse.py, site/build.py).

A build that names another version's finished build (its doctrees) takes the pages
whose reading would give the same doctree and reads the rest; the output must be the
one of a build that reads every page. The test root ``single-source`` has three editions
of one source tree: pages that print values of their edition, edition blocks, and (added
here) a page that names no edition.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from cloudempiere_docs.ext import reuse
from cloudempiere_docs.paths import tree_digests
from cloudempiere_docs.site.build import donors
from cloudempiere_docs.site.plan import Job
from cloudempiere_docs.site.registry import load_registry

ROOT = Path(__file__).parent / "roots" / "test-single-source"
PLAIN = "---\norphan: true\n---\n\n# Plain\n\nA page that names no value of its edition.\n\n## Steps\n\n1. Open the window.\n2. Save.\n"


def project(tmp_path: Path, name: str) -> Path:
    """A copy of the test root in a folder of its own (as the pipeline materializes each
    version), with a page that reads nothing of its edition."""
    src = tmp_path / name
    shutil.copytree(ROOT, src)
    with open(src / "conf.py", "a", encoding="utf-8") as conf:
        conf.write('\nextensions.append("cloudempiere_docs.ext.reuse")\n')
    (src / "plain.md").write_text(PLAIN, encoding="utf-8")
    return src


def build(src: Path, out: Path, version: str, language: str = "en", donor: Path | None = None) -> tuple[Path, str]:
    """Build ``src`` as ``version`` (strict); the HTML folder and the warnings."""
    overrides = {"version": version, "language": language}
    if donor is not None:
        overrides["cedocs_reuse_from"] = str(donor)
    warnings = io.StringIO()
    app = SphinxTestApp(
        "html", srcdir=src, builddir=out, confoverrides=overrides, status=io.StringIO(),
        warning=warnings, freshenv=True, warningiserror=True, keep_going=True,
    )  # fmt: skip
    try:
        app.build()
        assert app.statuscode == 0, warnings.getvalue()
    finally:
        app.cleanup()
    return out / "html", warnings.getvalue()


def report(out: Path) -> dict[str, object]:
    return json.loads((out / "doctrees" / reuse.REPORT).read_text(encoding="utf-8"))


def same_tree(a: Path, b: Path, ignore: tuple[str, ...] = ()) -> None:
    left = {k: v for k, v in tree_digests(a).items() if k not in ignore}
    right = {k: v for k, v in tree_digests(b).items() if k not in ignore}
    assert left.keys() == right.keys()
    assert [name for name in left if left[name] != right[name]] == []


@pytest.fixture(scope="module")
def donor(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Edition 14, built from a project of its own: the donor of the tests."""
    tmp = tmp_path_factory.mktemp("donor")
    build(project(tmp, "src14"), tmp / "out", "14")
    return tmp / "out" / "doctrees"


@pytest.fixture(scope="module")
def scratch13(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Edition 13 read page by page: what a build with a donor must publish."""
    tmp = tmp_path_factory.mktemp("scratch13")
    html, _ = build(project(tmp, "src13"), tmp / "out", "13")
    return html


def test_pages_the_same_in_both_editions_are_reused_and_the_output_is_unchanged(donor, scratch13, tmp_path):
    html, _ = build(project(tmp_path, "src13"), tmp_path / "out", "13", donor=donor)
    same_tree(html, scratch13)
    got = report(tmp_path / "out")
    assert "plain" in got["reused"]
    # The notes of release 13 show alike in editions 13 and 14 (the donor recorded that
    # class, not its edition): read once for both.
    assert "notes/13" in got["reused"]
    # Pages printing a value that differs between editions 13 and 14, or an edition block
    # whose condition differs, depend on that: they are read again. A value the same in
    # 13 and 14 only ties a page to the editions it is the same in.
    assert "version" in got["differing"]
    assert got["read"]["values"].startswith("reads ") and "<edition among" in got["read"]["values"]
    assert "<edition among" in got["read"]["editions"] or "version" in got["read"]["editions"]
    # The index lists the pages, and 14's notes are not part of 13.
    assert "<pages>" in got["read"]["index"]


def test_a_page_is_read_again_for_an_edition_outside_the_class_it_recorded(tmp_path):
    a, b = project(tmp_path, "a"), project(tmp_path, "b")
    build(a, tmp_path / "out-a", "14")
    build(b, tmp_path / "out-b", "12", donor=tmp_path / "out-a" / "doctrees")
    got = report(tmp_path / "out-b")
    # Release 12's notes show alike in every edition: reused even for 12.
    assert "notes/12" in got["reused"]
    # The donor (14) printed values that editions 13 and 14 show alike; 12 shows them
    # otherwise, so the page is read again.
    assert "<edition among 13 14>" in got["read"]["values"]


def test_a_changed_source_or_dependency_is_read_again(donor, scratch13, tmp_path):
    src = project(tmp_path, "src13")
    (src / "plain.md").write_text(PLAIN.replace("Save.", "Save the record."), encoding="utf-8")
    html, _ = build(src, tmp_path / "out", "13", donor=donor)
    got = report(tmp_path / "out")
    assert got["read"]["plain"] == "source differs"
    assert "Save the record." in (html / "plain.html").read_text(encoding="utf-8")


def test_the_reused_doctree_names_this_versions_file(donor, tmp_path):
    src = project(tmp_path, "src13")
    build(src, tmp_path / "out", "13", donor=donor)
    import pickle

    doctree = pickle.loads((tmp_path / "out" / "doctrees" / "plain.doctree").read_bytes())
    sources = {node.source for node in doctree.findall() if node.source} | {doctree.settings._source}
    assert sources and all(s.startswith(str(src)) for s in sources), sources


def test_a_reused_doctree_is_written_from_memory_not_read_back(donor, scratch13, tmp_path, monkeypatch):
    from sphinx.environment import BuildEnvironment

    loaded: list[str] = []
    stock = BuildEnvironment.get_doctree

    def get_doctree(self, docname):  # type: ignore[no-untyped-def]
        loaded.append(docname)
        return stock(self, docname)

    monkeypatch.setattr(BuildEnvironment, "get_doctree", get_doctree)
    html, _ = build(project(tmp_path, "src13"), tmp_path / "out", "13", donor=donor)
    assert "plain" in report(tmp_path / "out")["reused"]
    assert "plain" not in loaded  # kept from the donor's pickle, as Sphinx keeps a page it reads
    same_tree(html, scratch13)


def test_only_the_donors_own_folder_is_renamed():
    assert reuse._mapped("/b/src/13/source/x.md", "/b/src/13", "/b/src/12") == "/b/src/12/source/x.md"
    assert reuse._mapped("/b/src/130/source/x.md", "/b/src/13", "/b/src/12") == "/b/src/130/source/x.md"


def test_a_build_without_donor_leaves_no_report_of_an_earlier_one(donor, tmp_path):
    src = project(tmp_path, "src13")
    build(src, tmp_path / "out", "13", donor=donor)
    assert reuse.reused_pages(tmp_path / "out" / "doctrees")
    (src / "plain.md").write_text(PLAIN + "\nMore.\n", encoding="utf-8")
    app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "out", confoverrides={"version": "13"}, status=io.StringIO(), warning=io.StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    assert reuse.reused_pages(tmp_path / "out" / "doctrees") == []


def test_a_translated_page_whose_catalog_differs_is_read_again(tmp_path):
    a, b = project(tmp_path, "a"), project(tmp_path, "b")
    build(a, tmp_path / "out-a", "14", "sk")
    catalog = b / "locale" / "sk" / "LC_MESSAGES" / "editions.po"
    catalog.write_text(catalog.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    build(b, tmp_path / "out-b", "14", "sk", donor=tmp_path / "out-a" / "doctrees")
    got = report(tmp_path / "out-b")
    assert got["read"]["editions"] == "catalog editions.po differs"
    assert "plain" in got["reused"] and "values" in got["reused"]  # same edition: values reused


def test_a_damaged_donor_means_reading_every_page(scratch13, tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "environment.pickle").write_bytes(b"not a pickle")
    html, _ = build(project(tmp_path, "src13"), tmp_path / "out", "13", donor=bad)
    assert not (tmp_path / "out" / "doctrees" / reuse.REPORT).exists()
    same_tree(html, scratch13)


def test_outside_the_sphinx_it_was_written_for_nothing_is_reused(donor, scratch13, tmp_path, monkeypatch):
    monkeypatch.setattr(reuse, "SHAPE", reuse.Shape(package="sphinx", versions="<1", functions={}))
    html, _ = build(project(tmp_path, "src13"), tmp_path / "out", "13", donor=donor)
    assert not (tmp_path / "out" / "doctrees" / reuse.REPORT).exists()
    same_tree(html, scratch13)


def test_the_environment_is_pickled_with_sphinx_own_classes(donor):
    import pickle

    env = pickle.loads((donor / "environment.pickle").read_bytes())
    assert type(env).__module__.startswith("sphinx.") and type(env.config).__module__.startswith("sphinx.")
    reads = env.domaindata[reuse.ReuseDomain.name]["reads"]
    assert reads["plain"] == sorted(reads["plain"]) and "version" not in reads["plain"]


# -------------------------------------------------------------------------- the pipeline


def registry(tmp_path: Path, names: list[str], languages: list[str]):
    lines = ["[site]", f"languages = {json.dumps(languages)}", f'default_language = "{languages[0]}"', 'base_url = "https://example.com/"', ""]
    lines += ["[development]", f'name = "{names[0]}"', f'release = "{names[0]}.0.dev"', ""]
    for index, name in enumerate(names[1:]):
        status = "latest" if index == 0 else "outdated"
        lines += ["[[version]]", f'name = "{name}"', f'release = "{name}.0"', f'status = "{status}"', f'commit = "{"0" * 40}"', ""]
    path = tmp_path / "versions.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return load_registry(path)


class _Ws:
    def __init__(self, registry) -> None:
        self.registry = registry


def test_each_version_reuses_its_neighbour_in_the_same_language(tmp_path):
    reg = registry(tmp_path, ["14", "13", "12"], ["en", "sk"])
    jobs = [Job(v, lang) for v in reg.versions for lang in ("en", "sk")]
    given = {key: job.key for key, job in donors(_Ws(reg), jobs, chains=1).items()}  # type: ignore[arg-type]
    assert given == {"en/13": "en/14", "en/12": "en/13", "sk/13": "sk/14", "sk/12": "sk/13"}


def test_many_versions_are_cut_into_chains_that_run_side_by_side(tmp_path):
    names = [str(n) for n in range(31, 11, -1)]  # 20 versions
    reg = registry(tmp_path, names, ["en"])
    given = {key: job.key for key, job in donors(_Ws(reg), [Job(v, "en") for v in reg.versions], chains=2).items()}  # type: ignore[arg-type]
    assert len(given) == 18  # two chains, each starting with a version read in full
    assert "en/31" not in given and "en/21" not in given
    assert given["en/30"] == "en/31" and given["en/22"] == "en/23"
    assert given["en/20"] == "en/21" and given["en/12"] == "en/13"


# ------------------------------------------------------------------------ the real manual


@pytest.mark.site
def test_the_real_manual_publishes_the_same_web_pages_with_and_without_reuse(real_site, repo_root, tmp_path, report):
    """Every version x language of the real manual: the web pages of the session's site
    (built with reuse, the default) are those of a build reading every page."""
    from cloudempiere_docs.site.build import Workspace, build_all
    from cloudempiere_docs.site.plan import plan

    registry = load_registry(repo_root / "versions.toml")
    ws = Workspace(root=repo_root, build=tmp_path, registry=registry)
    results = build_all(ws, plan(registry, formats=["html"]), reuse=False)
    jobs = real_site.target.parent / "cache" / "jobs"
    reused = 0
    for result in results:
        ours = jobs / result.job.language / result.job.version.name
        # .buildinfo hashes the path of the job's metadata file, which lives in another
        # build directory here; it is not published.
        same_tree(ours / "html", result.outdir, ignore=(".buildinfo",))
        reused += len(reuse.reused_pages(ours / "doctrees"))
        assert not (result.outdir.parent / "doctrees" / reuse.REPORT).exists()
    assert reused > 0
    read = sum(len(list((r.outdir.parent / "doctrees").glob("**/*.doctree"))) for r in results)
    report("Reuse between versions", f"real manual: {reused} of {read} page readings reused (web pages of {len(results)} jobs), every file identical")


# ------------------------------------------------------------------------ what differs


def test_a_fact_no_family_can_tell_counts_as_differing():
    assert reuse._differs("<a fact nobody registered>", object(), object()) is True
    assert reuse._differs("version", object(), object()) is False  # compared up front


def test_a_value_only_the_donor_had_counts_as_differing():
    from sphinx.config import Config

    ours, theirs = Config(), Config()
    for config in (ours, theirs):
        config.add("shared", 1, "env", ())
    theirs.add("gone", 2, "env", ())
    ours.shared = 1
    assert reuse.differing_values(ours, theirs) == {"gone"}
    ours.shared = 3
    assert reuse.differing_values(ours, theirs) == {"gone", "shared"}
