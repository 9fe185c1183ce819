"""An incremental build publishes exactly what a full build of the same sources does.

On a copy of the real manual, the development version is built once; then each edit (a
page title, a toctree with a new page, the removal of that page, reference data, a Slovak
catalog) is followed by an incremental build of that build directory and by a full build
in a fresh one, and the two outputs are compared byte for byte as they would be published
(``.buildinfo`` is not: it records the path of the job's metadata file). Before the ``incremental`` extension, a
changed title stayed old on about 90 pages, and the search index lost its index entries.
"""

from __future__ import annotations

import re
import shutil
from fnmatch import fnmatch
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po, write_po

from cloudempiere_docs.i18n import catalogs
from cloudempiere_docs.site.assemble import UNPUBLISHED
from cloudempiere_docs.site.build import Workspace, build_all
from cloudempiere_docs.site.plan import plan
from cloudempiere_docs.site.registry import load_registry

pytestmark = pytest.mark.site

REPO = Path(__file__).resolve().parents[2]
COPIED = ("source", "locale", "conf.py", "versions.toml", "redirects.toml", "requirements")


class Manual:
    """A copy of the real manual (history shared with the repository, working tree
    copied over it) and one build directory that only ever builds incrementally."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.root = base / "manual"
        subprocess.run(["git", "clone", "-q", "--shared", "--no-checkout", str(REPO), str(self.root)], check=True)
        for name in COPIED:
            src = REPO / name
            if src.is_dir():
                shutil.copytree(src, self.root / name, ignore=shutil.ignore_patterns("*.mo"))
            else:
                shutil.copy2(src, self.root / name)
        self.registry = load_registry(self.root / "versions.toml")
        self.incremental = base / "incremental"
        self.fresh = 0

    def build(self, build_dir: Path, language: str) -> Path:
        ws = Workspace(root=self.root, build=build_dir, registry=self.registry)
        # The web pages only: the offline formats are built from them (tests/test_formats_site.py).
        (result,) = build_all(ws, plan(self.registry, [self.registry.development.name], [language], ["html"]))
        return result.outdir

    def compare(self, language: str) -> None:
        """Incremental build, then a full one in a fresh directory: the same bytes."""
        incremental = self.build(self.incremental, language)
        self.fresh += 1
        full = self.build(self.base / f"full-{self.fresh}", language)
        assert_same_tree(incremental, full)

    def page(self, rel: str) -> Path:
        return self.root / "source" / rel


def assert_same_tree(incremental: Path, full: Path) -> None:
    def files(top: Path) -> dict[str, bytes]:
        return {
            p.relative_to(top).as_posix(): p.read_bytes()
            for p in top.rglob("*")
            if p.is_file() and not any(fnmatch(p.name, pattern) for pattern in UNPUBLISHED)
        }

    got, want = files(incremental), files(full)
    assert sorted(got) == sorted(want), (
        f"only in the incremental build: {sorted(set(got) - set(want))[:10]}; "
        f"only in the full build: {sorted(set(want) - set(got))[:10]}"
    )
    differ = sorted(rel for rel in want if got[rel] != want[rel])
    assert not differ, f"{len(differ)} files differ from a full build, e.g. {differ[:10]}"


@pytest.fixture(scope="module")
def manual(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Manual]:
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1765670400")  # "last updated" must not cross midnight
    made = Manual(tmp_path_factory.mktemp("incremental"))
    for language in ("en", "sk"):
        made.build(made.incremental, language)
    yield made
    mp.undo()


def _retitle(text: str, title: str) -> str:
    return re.sub(r"^# .*$", f"# {title}", text, count=1, flags=re.M)


def _toctree_add(text: str, entry: str) -> str:
    return re.sub(r"(```\{toctree\}\n(?::[^\n]*\n)*\n?)", rf"\g<1>{entry}\n", text, count=1)


EDITS: dict[str, tuple[str, Callable[[Manual], None]]] = {}


def edit(name: str, language: str) -> Callable[[Callable[[Manual], None]], Callable[[Manual], None]]:
    def register(func: Callable[[Manual], None]) -> Callable[[Manual], None]:
        EDITS[name] = (language, func)
        return func

    return register


@edit("page title", "en")
def _title(manual: Manual) -> None:
    page = manual.page("getting-started/login.md")
    page.write_text(_retitle(page.read_text(), "Signing in for the first time"))


@edit("toctree entry and new page", "en")
def _toctree(manual: Manual) -> None:
    manual.page("getting-started/shortcuts.md").write_text(
        "# Keyboard shortcuts\n\nPress Alt+N to create a new record.\n\n## In the grid\n\nPress Enter to open a record.\n"
    )
    index = manual.page("getting-started/index.md")
    index.write_text(_toctree_add(index.read_text(), "shortcuts"))


@edit("page removed", "en")
def _removed(manual: Manual) -> None:
    manual.page("getting-started/shortcuts.md").unlink()
    index = manual.page("getting-started/index.md")
    index.write_text(index.read_text().replace("shortcuts\n", "", 1))


@edit("reference data", "en")
def _data(manual: Manual) -> None:
    path = manual.page("_data/settings.yaml")
    data = yaml.safe_load(path.read_text())
    first = data["settings"][0]
    first["description"] = first["description"] + " Edited for the incremental build test."
    first["module"] = "Grid view"  # a new group: a new section on the settings page
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    # ... and runs `make i18n`, as every change to English text needs: the data catalogs
    # follow (the changed texts become fuzzy), else the Slovak build reports stale entries.
    catalogs.update(catalogs.Project(manual.root))


@edit("Slovak catalog", "sk")
def _catalog(manual: Manual) -> None:
    heading = re.search(r"^# (.*)$", manual.page("getting-started/index.md").read_text(), re.M)
    assert heading is not None
    title = heading.group(1)
    path = manual.root / "locale" / "sk" / "LC_MESSAGES" / "getting-started" / "index.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    message = catalog[title]
    assert message is not None and message.string
    message.string = "Prvé kroky v systéme"
    message.flags.discard("fuzzy")
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0)


@pytest.mark.parametrize("name", list(EDITS))
def test_incremental_build_equals_full_build(manual: Manual, name: str) -> None:
    """The edits run in order on the same build directory, as a writer's day would."""
    language, apply = EDITS[name]
    apply(manual)
    manual.compare(language)
