"""A page is text: a NUL byte is a located error (markdown-it silently made it U+FFFD)."""

from __future__ import annotations

import pytest

from .sitecase import Project, assert_recovers, assert_refused, clean, project, published  # noqa: F401

pytestmark = pytest.mark.site


@pytest.mark.parametrize("page", ["guide.md", "index.md"])
def test_nul_byte_in_a_page(clean: Project, page: str) -> None:
    before = published(clean)
    path = clean.root / "source" / page
    text = path.read_text()
    line = text.count("\n") + 2
    path.write_bytes(text.encode() + b"\nBefore\x00after\n")
    result = clean.cli("site")
    located = rf"source/{page}:{line}: WARNING: the page contains a NUL byte .*\[cedocs\.source\]"
    assert_refused(clean, result, before, located, payloads=["Before\x00after", "Before\ufffdafter"])
    assert_recovers(clean)
