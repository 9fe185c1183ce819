"""Nothing from outside the source tree reaches the site.

Payloads: image, figure, download and link references that climb out of ``source/``
(from a page and from a Slovak msgstr), the build's own environment through
``/proc/self/environ``, file insertion directives, and symbolic links in ``source/``,
``locale/`` and in a committed version.
"""

from __future__ import annotations

import os

import pytest

from .sitecase import Project, assert_recovers, assert_refused, clean, project, published  # noqa: F401

pytestmark = pytest.mark.site

UP = "../" * 12  # more than enough to reach / from any build directory


def _append(project: Project, page: str, text: str) -> int:
    """Append ``text`` to ``source/<page>``; return the line it starts on."""
    path = project.root / "source" / page
    before = path.read_text()
    path.write_text(before + "\n" + text + "\n")
    return before.count("\n") + 2


PAGE_PAYLOADS = {
    "image of the build's environment": f"![x]({UP}proc/self/environ)",
    "image of a file beside the repository": "![x](../../outside/secret.png)",
    "figure directive": "```{figure} ../../outside/secret.png\nA figure\n```",
    "download role": "{download}`notes <../../outside/secret.txt>`",
    "Markdown link to a file": "[notes](../../outside/secret.txt)",
    "absolute path from the source root": f"![x](/{UP}proc/self/environ)",
}


@pytest.mark.parametrize("payload", PAGE_PAYLOADS.values(), ids=PAGE_PAYLOADS.keys())
def test_file_reference_out_of_the_source_tree_in_a_page(clean: Project, payload: str) -> None:
    before = published(clean)
    line = _append(clean, "guide.md", payload)
    result = clean.cli("site")
    located = rf"source/guide\.md:{line}: WARNING: .*leads outside the source directory.*\[cedocs\.file\]"
    assert_refused(clean, result, before, located)
    assert_recovers(clean)


INSERTION_PAYLOADS = {
    "include": "```{include} ../../outside/secret.md\n```",
    "literalinclude": "```{literalinclude} ../../outside/secret.txt\n```",
    "csv-table file": "```{csv-table} Data\n:file: ../../outside/secret.txt\n```",
    "csv-table url": f"```{{csv-table}} Data\n:url: file://{'/'}proc/self/environ\n```",
}


@pytest.mark.parametrize("payload", INSERTION_PAYLOADS.values(), ids=INSERTION_PAYLOADS.keys())
def test_file_insertion_stays_off(clean: Project, payload: str) -> None:
    before = published(clean)
    line = _append(clean, "guide.md", payload)
    result = clean.cli("site")
    assert_refused(clean, result, before, rf"source/guide\.md:{line}: (WARNING|ERROR)")
    assert_recovers(clean)


def test_image_from_a_translation(clean: Project) -> None:
    """msgstr is re-parsed as MyST: a translator can write an image reference too."""
    before = published(clean)
    po = clean.root / "locale" / "sk" / "LC_MESSAGES" / "login.po"
    po.write_text(po.read_text().replace(
        'msgstr "Keď prihlásenie zlyhá"', f'msgstr "Keď prihlásenie zlyhá ![x]({UP}proc/self/environ)"'
    ))  # fmt: skip
    result = clean.cli("site")
    located = r"source/login\.md:7:<translated>:1: WARNING: image .*leads outside the source directory"
    assert_refused(clean, result, before, located)
    assert "version 14 (sk) failed" in result.stderr and "version 14 (en) failed" not in result.stderr
    assert_recovers(clean)


@pytest.mark.parametrize(
    ("link", "target"),
    [
        ("source/secret.md", "outside/secret.md"),  # a page read from outside
        ("source/logo.png", "outside/secret.png"),  # an image inside, pointing out
        ("source/shared", "outside"),  # a directory
        ("locale/sk/LC_MESSAGES/guide.po", "outside/secret.po"),  # a catalog
        ("locale/sk/LC_MESSAGES/more", "outside"),  # compiled catalogs would be written there
    ],
)
def test_symlink_out_of_source_or_locale(clean: Project, link: str, target: str) -> None:
    before = published(clean)
    path = clean.root / link
    path.symlink_to(clean.outside.parent / target)
    if link.endswith(".png"):
        _append(clean, "guide.md", "![logo](logo.png)")
    result = clean.cli("site")
    assert_refused(clean, result, before, rf"{link}: symbolic link to '.*' leads outside (source|locale)/")
    assert not list(clean.outside.glob("*.mo")), "nothing is written through the link"
    assert_recovers(clean)


def test_symlink_in_a_committed_version(clean: Project) -> None:
    """A released version is materialized from its commit: a link committed there counts."""
    before = published(clean)
    registry = clean.root / "versions.toml"
    original = registry.read_text()
    try:
        clean.git("checkout", "-q", "-b", "evil", clean.commits["13"])
        os.symlink("../../outside/secret.md", clean.root / "source" / "secret.md")
        clean.git("add", "source/secret.md")
        clean.git("commit", "-qm", "link")
        evil = clean.git("rev-parse", "HEAD")
        clean.git("checkout", "-q", "main")
        registry.write_text(original.replace(clean.commits["13"], evil))
        result = clean.cli("site")
        located = (
            r"version 13 \(commit \w+\).*\n"
            r".*source/secret\.md: symbolic link to '\.\./\.\./outside/secret\.md' leads outside source/"
        )
        assert_refused(clean, result, before, located)
    finally:
        registry.write_text(original)
        clean.git("branch", "-qD", "evil")
    assert_recovers(clean)


def test_unreferenced_image_leaves_the_site(clean: Project) -> None:
    """Sphinx only ever adds to _images/: a file no page shows any more must go."""
    (clean.root / "source" / "diagram.png").write_bytes(b"\x89PNG\r\n\x1a\n" + clean.marker.encode())
    _append(clean, "guide.md", "![diagram](diagram.png)\n\n{download}`the diagram <diagram.png>`")
    clean.site_ok()
    assert (clean.site / "en" / "14" / "_images" / "diagram.png").exists()
    assert list((clean.site / "en" / "14" / "_downloads").rglob("diagram.png"))
    clean.restore()
    clean.site_ok()
    assert not (clean.site / "en" / "14" / "_images" / "diagram.png").exists()
    assert not list((clean.site / "en" / "14" / "_downloads").rglob("diagram.png"))
    assert (clean.site / "en" / "14" / "guide.html").exists()
