"""Release notes, defect role and Atom feed (the cloudempiere_docs.releases extension)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import feedparser
import pytest
from sphinx.errors import ConfigError

ROOT = Path(__file__).parent / "roots" / "test-releases"
TAG = "tag:docs.cloudempiere.com,2024:"


def html(app, docname: str) -> str:
    return (Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8")


def feed_of(app) -> feedparser.FeedParserDict:
    return feedparser.parse((Path(app.outdir) / "releases.atom").read_bytes())


def fresh_app(make_app, tmp_path: Path, name: str, **kwargs):
    """A build of a private copy of the root (translations compile .mo files into it)."""
    srcdir = tmp_path / name
    shutil.copytree(ROOT, srcdir)
    return make_app("html", srcdir=srcdir, **kwargs)


@pytest.mark.sphinx("html", testroot="releases", srcdir="releases-render")
def test_release_notes_render(app) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    page = html(app, "notes/12.1")
    # Highlights, features with setting keys, fixed defects grouped by component.
    assert "Bank statements in the camt.053 format can be imported." in page
    assert '<code class="docutils literal notranslate"><span class="pre">IBAN_VALIDATION</span></code>' in page
    fixed = page[page.index('id="fixed-defects"') : page.index('id="known-issues"')]
    assert re.search(r'<section class="cedocs-component" id="tax">\s*<h3>Tax', fixed)
    # Stable anchor, portal ticket and upstream ticket links.
    assert 'id="defect-cld-1001"' in fixed
    assert 'href="https://support.cloudempiere.com/browse/CLD-1001"' in fixed
    assert 'href="https://idempiere.atlassian.net/browse/IDEMPIERE-6200"' in fixed
    # Known issues at 12.1: CLD-1002 (fixed later, links to 13.0) and CLD-1005 (estimate 14.0,
    # a release of a later manual: plain text, no link).
    known = page[page.index('id="known-issues"') :]
    assert 'id="defect-cld-1002"' in known and 'href="13.0.html"' in known
    assert 'id="defect-cld-1005"' in known and "14.0" in known and "14.0.html" not in known
    # A planned release shows its planned fixes and no known issues.
    planned = html(app, "notes/13.1")
    assert "Planned fixes" in planned and 'id="defect-cld-1003"' in planned
    assert "Planned" in planned and 'id="known-issues"' not in planned


@pytest.mark.sphinx("html", testroot="releases", srcdir="releases-roles")
def test_defect_role_backlinks_and_lists(app) -> None:
    app.build()
    usage = html(app, "usage")
    # The role goes to the entry in the notes of the fixing release ...
    assert 'href="notes/12.1.html#defect-cld-1001"' in usage
    assert 'href="notes/13.0.html#defect-cld-1002"' in usage
    assert 'href="notes/12.1.html"' in usage  # {release}`12.1`
    # ... and a defect only shown in the defect list goes to its row.
    assert 'href="known-issues.html#defect-cld-1004"' in usage
    # Known issues: confirmed, not fixed, with estimated fix and workaround; each entry links
    # back to the release notes of its estimated / fixing release.
    known = html(app, "known-issues")
    entries = known[: known.index('id="all-defects"')]
    assert 'id="defect-cld-1003"' in entries and "Keep ZK_AUTO_SAVE_CHANGES at N." in entries
    assert 'href="notes/13.1.html"' in entries
    assert "defect-cld-1001" not in entries and "defect-cld-1004" not in entries
    # Fixed entries link back to the notes page that fixed them.
    notes = html(app, "notes/13.0")
    entry = notes[notes.index('id="defect-cld-1002"') :]
    assert re.search(r'Fixed in<span class="colon">:</span></dt>\s*<dd[^>]*><p><a class="reference internal" href="#">', entry)
    # Release index: manual 13 and earlier, newest first; 14.0 (manual 14) is not shown.
    index = html(app, "index")
    versions = re.findall(r'<span class="cedocs-release-ref">([0-9.]+)</span>', index)
    assert versions == ["13.1", "13.0", "12.1", "12.0"]
    assert "Planned" in index and "15\u00a0June\u00a02026" in index  # written for the language


@pytest.mark.sphinx("html", testroot="releases", srcdir="releases-components")
def test_component_feeds(app) -> None:
    """One Atom feed per component of the data, listed on the feed-list page; a component
    without defects gets a valid feed without entries."""
    app.build()
    assert app.warning.getvalue() == ""
    from cloudempiere_docs.data.releases import COMPONENTS

    outdir = Path(app.outdir)
    assert sorted(p.name for p in (outdir / "feeds").iterdir()) == sorted(
        re.sub(r"[^a-z0-9]+", "-", c.lower()) + ".atom" for c in COMPONENTS
    )
    tax = feedparser.parse((outdir / "feeds" / "tax.atom").read_bytes())
    assert tax.bozo == 0, tax.get("bozo_exception")
    assert tax.feed.id == TAG + "defects/tax/en/13"
    assert tax.feed.title == "Cloudempiere 13 – Tax: known and fixed defects"
    links = {link.rel: link.href for link in tax.feed.links}
    assert links["self"] == "https://docs.cloudempiere.com/en/13/feeds/tax.atom"
    assert links["alternate"] == "https://docs.cloudempiere.com/en/13/subscribe.html#feed-tax"
    # The same entries, with the same ids, as in the releases feed: Tax's only.
    everything = {e.id: e for e in feed_of(app).entries}
    assert {e.id for e in tax.entries} == {TAG + "defect/CLD-1001/confirmed", TAG + "defect/CLD-1001/fixed"}
    assert all(e.title == everything[e.id].title and e.category == "Tax" for e in tax.entries)
    # No defects: a valid feed, no entries, dated by the latest release it covers.
    empty_xml = (outdir / "feeds" / "purchasing.atom").read_text(encoding="utf-8")
    empty = feedparser.parse(empty_xml.encode())
    assert empty.bozo == 0 and empty.entries == []
    assert empty.feed.id == TAG + "defects/purchasing/en/13" and empty.feed.author == "Cloudempiere"
    assert empty.feed.updated == "2026-03-16T00:00:00+00:00"  # 13.0, the newest released release
    assert "<entry>" not in empty_xml
    # The feed list: one row per component, with counts, the feed link and an anchor.
    page = html(app, "subscribe")
    row = page[page.index('id="feed-purchasing"') :]
    row = row[: row.index("</tr>")]
    assert "None so far" in row and 'href="feeds/purchasing.atom"' in row
    assert 'id="feed-web-ui"' in page and 'href="feeds/web-ui.atom"' in page
    # Advertised where they matter: the feed list (all), pages showing a component's
    # defects, pages cedocs_feed_pages names; not elsewhere.
    def feeds(docname: str) -> list[str]:
        return re.findall(r'<link rel="alternate" type="application/atom\+xml" title="[^"]*" href="(?:\.\./)?feeds/([a-z-]+)\.atom" />', html(app, docname))

    assert len(feeds("subscribe")) == len(COMPONENTS)
    assert feeds("notes/12.1") == ["invoicing", "tax", "inventory"]  # fixed (Tax), known at 12.1
    assert feeds("usage") == ["banking"]
    assert feeds("index") == []
    first = {p.name: p.read_bytes() for p in (outdir / "feeds").iterdir()}
    app.build(force_all=True)
    assert {p.name: p.read_bytes() for p in (outdir / "feeds").iterdir()} == first


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"tax/*": ["Taxes"]}, r"unknown component 'Taxes'.*did you mean 'Tax'"),
        ({"tax/*": "Tax"}, r"must be a list of components"),
    ],
)
def test_feed_pages_config_is_checked(make_app, tmp_path: Path, value: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        fresh_app(make_app, tmp_path, "feed-pages", confoverrides={"cedocs_feed_pages": value})


@pytest.mark.sphinx("html", testroot="releases", srcdir="releases-feed")
def test_feed(app) -> None:
    app.build()
    feed = feed_of(app)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.feed.id == TAG + "releases/en/13"
    assert feed.feed.title == "Cloudempiere 13 – Release notes"
    assert feed.feed.author == "Cloudempiere"
    links = {link.rel: link.href for link in feed.feed.links}
    assert links["self"] == "https://docs.cloudempiere.com/en/13/releases.atom"
    assert links["alternate"] == "https://docs.cloudempiere.com/en/13/index.html"
    entries = {e.id: e for e in feed.entries}
    # Released releases only (13.1 is planned), one entry per confirmation and per fix.
    assert set(entries) == {
        TAG + "release/12.0",
        TAG + "release/12.1",
        TAG + "release/13.0",
        TAG + "defect/CLD-1001/confirmed",
        TAG + "defect/CLD-1001/fixed",
        TAG + "defect/CLD-1002/confirmed",
        TAG + "defect/CLD-1002/fixed",
        TAG + "defect/CLD-1003/confirmed",
        TAG + "defect/CLD-1005/confirmed",
    }
    release = entries[TAG + "release/12.1"]
    assert release.link == "https://docs.cloudempiere.com/en/13/notes/12.1.html"
    assert release.updated == "2025-03-17T00:00:00+00:00"
    # The release date as the page writes it (formatting.py), then the highlights.
    assert release.summary == "Release date: 17\u00a0March\u00a02025. Bank statements in the camt.053 format can be imported."
    fixed = entries[TAG + "defect/CLD-1002/fixed"]
    assert fixed.link == "https://docs.cloudempiere.com/en/13/notes/13.0.html#defect-cld-1002"
    assert fixed.updated == "2026-03-16T00:00:00+00:00"  # the release date, not the build time
    assert fixed.title == "CLD-1002: Reversed invoice keeps the original document number (Fixed in: 13.0)"
    confirmed = entries[TAG + "defect/CLD-1003/confirmed"]
    assert "Estimated fix version: 13.1." in confirmed.summary
    assert confirmed.link.endswith("/known-issues.html#defect-cld-1003")
    # Feed updated = newest entry; entries newest first.
    assert feed.feed.updated == "2026-03-24T00:00:00+00:00"
    assert feed.entries[0].id == TAG + "defect/CLD-1003/confirmed"
    # Every page advertises the feed.
    for docname in ("index", "usage", "notes/12.0"):
        assert re.search(
            r'<link rel="alternate" type="application/atom\+xml" title="Cloudempiere 13 – Release notes" '
            r'href="(\.\./)?releases\.atom" />',
            html(app, docname),
        )
    # Rebuilding from scratch gives the same feed: ids and dates come from the data.
    first = (Path(app.outdir) / "releases.atom").read_bytes()
    app.build(force_all=True)
    assert (Path(app.outdir) / "releases.atom").read_bytes() == first


def test_parallel_build_matches_serial(make_app, tmp_path: Path) -> None:
    serial = fresh_app(make_app, tmp_path, "serial")
    serial.build()
    parallel = fresh_app(make_app, tmp_path, "parallel", parallel=2)
    parallel.build()
    assert parallel.parallel == 2
    # A second app in one process re-registers Sphinx's own nodes; nothing else may warn.
    problems = [w for w in parallel.warning.getvalue().splitlines() if "already registered" not in w]
    assert problems == []
    same = lambda app, name: (Path(app.outdir) / name).read_bytes()  # noqa: E731
    assert same(serial, "releases.atom") == same(parallel, "releases.atom")
    for page in ("usage.html", "known-issues.html", "notes/12.1.html", "notes/13.0.html", "index.html"):
        assert same(serial, page) == same(parallel, page), page


def test_deleted_notes_page_vanishes(make_app, tmp_path: Path) -> None:
    app = fresh_app(make_app, tmp_path, "incremental")
    app.build()
    assert "notes/13.0.html#defect-cld-1002" in html(app, "usage")
    (Path(app.srcdir) / "notes" / "13.0.md").unlink()
    index = Path(app.srcdir) / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("notes/13.0\n", ""), encoding="utf-8")
    app2 = make_app("html", srcdir=app.srcdir)
    app2.build()
    domain = app2.env.get_domain("rel")
    assert "13.0" not in domain.releases
    assert all(docname != "notes/13.0" for entries in domain.defects.values() for _, docname, _ in entries)
    warnings = app2.warning.getvalue()
    assert "defects.yaml:" in warnings and "CLD-1002 fixed in 13.0, but no page has a release-notes directive" in warnings
    ids = {e.id for e in feed_of(app2).entries}
    assert TAG + "release/13.0" not in ids and TAG + "release/12.1" in ids


def test_slovak_build(make_app, tmp_path: Path) -> None:
    app = fresh_app(make_app, tmp_path, "sk", confoverrides={"language": "sk"})
    app.build()
    assert app.warning.getvalue() == ""
    page = html(app, "notes/12.1")
    assert "Opravené chyby" in page and "Hlavné zmeny" in page
    assert "DPH 5 % sa zaokrúhľuje na každom riadku faktúry" in page
    assert "Opravené vo verzii" in page
    feed = feed_of(app)
    assert feed.bozo == 0
    assert feed.feed.title == "Cloudempiere 13 – Poznámky k vydaniu"
    assert feed.feed.language == "sk"
    links = {link.rel: link.href for link in feed.feed.links}
    assert links["self"] == "https://docs.cloudempiere.com/sk/13/releases.atom"
    entries = {e.id: e for e in feed.entries}
    # Slovak date format in the Slovak feed (the test catalog leaves the label in English).
    assert entries[TAG + "release/12.1"].summary == "Release date: 17.\u00a03.\u00a02025. Bankové výpisy vo formáte camt.053 je možné importovať."
    fixed = entries[TAG + "defect/CLD-1001/fixed"]
    assert fixed.title == "CLD-1001: DPH 5 % sa zaokrúhľuje na každom riadku faktúry (Opravené vo verzii: 12.1)"
    assert fixed.tags[0].term == "Dane"
    assert 'title="Cloudempiere 13 – Poznámky k vydaniu"' in html(app, "usage")


def test_gettext_extracts_generated_text(make_app, tmp_path: Path) -> None:
    srcdir = tmp_path / "gettext"
    shutil.copytree(ROOT, srcdir)
    gettext = make_app("gettext", srcdir=srcdir)
    gettext.build()
    pot = (Path(gettext.outdir) / "notes" / "12.1.pot").read_text(encoding="utf-8")
    for msgid in ("Fixed defects", "Known issues", "Fixed in", "Estimated fix version"):
        assert f'msgid "{msgid}"' in pot, msgid
    # A defect's title is a text of defects.yaml: in that file's template, not the page's.
    assert "VAT at 5 % is rounded" not in pot
    data = (Path(gettext.outdir) / "_data" / "defects.pot").read_text(encoding="utf-8")
    assert 'msgctxt "defects.title"\nmsgid "VAT at 5 % is rounded per invoice line' in data


@pytest.mark.sphinx("html", testroot="releases-bad-defects")
def test_bad_defects_are_located(app) -> None:
    app.build()
    warnings = app.warning.getvalue()
    data = "_data/defects.yaml"
    expected = [
        rf"{data}:12: WARNING: defects\[0\]\.estimated_fix: CLD-2001: status 'fixed' must not have 'estimated_fix'",
        rf"{data}:22: WARNING: defects\[1\]\.fixed_in: CLD-2002: unknown release 12\.9",
        rf"{data}:23: WARNING: defects\[2\]\.estimated_fix: CLD-2003: status 'confirmed' requires 'estimated_fix'",
        rf"{data}:41: WARNING: defects\[3\]\.fixed_in: CLD-2004: 12\.1 was released on 2025-03-17, before the defect was reported \(2025-06-01\)",
        rf"{data}:51: WARNING: defects\[4\]\.estimated_fix: CLD-2005: unknown release 15\.0",
        rf"{data}:52: WARNING: defects\[5\]\.id: CLD-2001: duplicate defect id \(first defined on line 2\)",
        rf"{data}:69: WARNING: defects\[6\]\.fixed_in: CLD-2006: 13\.1 is not released yet",
        rf"{data}:70: WARNING: defects\[7\]\.reason: CLD-2007: status 'wont_fix' requires 'reason'",
        rf"{data}:87: WARNING: CLD-2008 fixed in 13\.0, but no page has a release-notes directive for 13\.0",
        r"index\.md:3: WARNING: unknown defect 'CLD-9999'",
        r"index\.md:3: WARNING: unknown release '11\.0'",
        r"index\.md:8: WARNING: unknown release '9\.9'",
    ]
    for pattern in expected:
        assert re.search(pattern, warnings), pattern
    assert "[cedocs.data]" in warnings and "[cedocs.ref]" in warnings and "[cedocs.release]" in warnings


@pytest.mark.sphinx("html", testroot="releases-bad-dates")
def test_malformed_dates_are_located(app) -> None:
    app.build()
    warnings = app.warning.getvalue()
    assert re.search(r"_data/releases\.yaml:4: WARNING: releases\[0\]\.date: invalid value '2024-13-45'", warnings)
    assert re.search(r"_data/defects\.yaml:9: WARNING: defects\[0\]\.reported: Input should be a valid date", warnings)
    assert not (Path(app.outdir) / "releases.atom").exists()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("cedocs_ticket_url", "javascript:alert(1)//{id}"),
        ("cedocs_ticket_url", "https://support.cloudempiere.com/browse/"),
        ("cedocs_idempiere_ticket_url", "/browse/{id}"),
    ],
)
def test_ticket_url_must_be_http_with_id(make_app, tmp_path: Path, name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        fresh_app(make_app, tmp_path, "config", confoverrides={name: value})


@pytest.mark.sphinx("html", testroot="releases", srcdir="releases-known-12", confoverrides={"version": "12", "release": "12.1"})
def test_older_manual_lists_defects_fixed_only_in_a_later_version(app) -> None:
    """CLD-1002 affects 12.0 and 12.1 and is fixed in 13.0: for readers of the version 12
    manual it is a known issue, marked as fixed in the later version; CLD-1001 (fixed in
    12.1) is not. The version 13 manual does not list CLD-1002 as known (see above)."""
    app.build()
    known = html(app, "known-issues")
    entries = known[: known.index('id="all-defects"')]
    assert 'id="defect-cld-1002"' in entries and "defect-cld-1001" not in entries
    entry = entries[entries.index('id="defect-cld-1002"') :]
    assert "a later version than this manual describes: upgrade to it, or use the workaround." in entry
    assert 'id="defect-cld-1005"' in entries  # confirmed, affects 12.1: listed as before
