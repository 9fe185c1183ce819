"""The definitions index of the search page (cloudempiere_docs.ext.definitions): every
reference entry and defect by its name, with its page, anchor and summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

EXTENSIONS = ["myst_parser", "cloudempiere_docs.reference", "cloudempiere_docs.ext.definitions"]


def definitions(app) -> dict:
    text = (Path(app.outdir) / "cedocs-definitions.js").read_text(encoding="utf-8")
    assert text.count("window.cedocsDefinitions = ") == 1
    assert "<" not in text.split("*/", 1)[1]  # safe inside any HTML context
    return json.loads(text[text.index("{") : text.rindex("}") + 1])


@pytest.mark.sphinx("html", testroot="reference", srcdir="definitions", confoverrides={"extensions": EXTENSIONS})
def test_entries_with_anchor_title_and_summary(app) -> None:
    app.build()
    data = definitions(app)
    by_url = {e["url"]: e for e in data["entries"]}
    setting = by_url["settings.html#setting-zk-paging-size"]
    assert setting["names"] == ["ZK_PAGING_SIZE"] and setting["type"] == "setting" and setting["kind"] == "Setting"
    assert setting["summary"]  # the first paragraph of its description
    window = next(e for e in data["entries"] if e["type"] == "window" and e["names"][0] == "Tax Rate")
    assert window["url"].startswith("windows.html#window-tax-rate") and window["title"] == "Tax Rate"
    taxes = [e for e in data["entries"] if e["type"] == "tax"]
    assert taxes and all(e["title"] and "%" not in e["names"][0] for e in taxes)  # id, then the shown name
    assert sorted(data["identifiers"]) == ["defect", "setting"]
    # every url is relative to the version root and points at an anchor that exists
    for entry in data["entries"]:
        page, anchor = entry["url"].split("#")
        assert f'id="{anchor}"' in (Path(app.outdir) / page).read_text(encoding="utf-8"), entry["url"]
