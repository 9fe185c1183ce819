"""One source for every fact: values from data in prose ({val}), edition-aware prose
({edition}, page editions), formatting per language, and the fact check.

The test root ``single-source`` has three editions (versions.toml: 12, 13 and 14 in
development); each test builds it as the edition it is about (``-D version=N``).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from docutils import nodes

from cloudempiere_docs import formatting
from cloudempiere_docs.data import editions
from cloudempiere_docs.data.versioning import Version
from cloudempiere_docs.i18n.checks import markup_of

NBSP = "\u00a0"


def text_of(app, docname: str) -> str:
    """The body text of a built page, spaces normalized (no-break spaces kept)."""
    html = (Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8")
    body = html[html.index('<div class="body"') : html.index('<div class="sphinxsidebar"')]
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", body))


def warnings_of(app) -> list[str]:
    return [w for w in app._warning.getvalue().splitlines() if "WARNING" in w]


# ------------------------------------------------------------------------- formatting


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["1 January 2025", "100,000", "0.5", "23 %", "5.5 %", "8:00–17:00", "30 minutes", "2 business hours", "1 business day"]),
        ("sk", ["1. 1. 2025", "100 000", "0,5", "23 %", "5,5 %", "8:00–17:00", "30 minút", "2 pracovné hodiny", "1 pracovný deň"]),
    ],
)
def test_formatting_per_language(language, expected):
    got = [
        formatting.date(dt.date(2025, 1, 1), language),
        formatting.number(100000, language),
        formatting.number("0.5", language),
        formatting.percent(23, language),
        formatting.percent(Decimal("5.5"), language),
        formatting.time_range("08:00", "17:00", language),
        formatting.duration(30, "minutes", language),
        formatting.duration(2, "business hours", language),
        formatting.duration(1, "business days", language),
    ]
    assert [g.replace(NBSP, " ") for g in got] == expected
    # Typography: the number and its sign or unit never break apart, nor a date.
    assert NBSP in got[0] and NBSP in got[3] and NBSP in got[6]
    assert formatting.duration(5, "business days", "sk") == f"5{NBSP}pracovných dní"


@pytest.mark.parametrize("language", ["en", "sk"])
def test_footer_date_is_the_manuals_date(language):
    """The footer's "Last updated" (Sphinx formats html_last_updated_fmt with babel) reads
    like every other date of the manual in its language."""
    from sphinx.util.i18n import format_date

    for day in (dt.date(2025, 1, 1), dt.date(2026, 11, 30)):
        shown = format_date(formatting.sphinx_date_format(language), date=dt.datetime.combine(day, dt.time()), language=language)
        assert shown == formatting.date(day, language).replace(NBSP, " ")


# -------------------------------------------------------------------------- conditions


def test_condition_language():
    known = [Version("12"), Version("13"), Version("14")]
    assert [editions.parse(t, known).applies(Version("12")) for t in ("12", "from 13", "until 12", "from 12 until 13")] == [
        True,
        False,
        True,
        True,
    ]
    assert editions.parse("from 13").applies(None)  # every edition: the gettext build
    with pytest.raises(editions.ConditionError, match=r"unknown version '15' \(versions.toml has 12, 13, 14\)"):
        editions.parse("from 15", known)
    with pytest.raises(editions.ConditionError, match="expected '13', 'from 13'"):
        editions.parse("since 13", known)
    with pytest.raises(editions.ConditionError, match="names no edition"):
        editions.parse("from 14 until 12", known)


# ---------------------------------------------------------------------------- values


@pytest.mark.sphinx("html", testroot="single-source", confoverrides={"version": "12"}, srcdir="ss-values-of-edition-12")
def test_values_of_edition_12(app):
    app.build()
    assert warnings_of(app) == []
    text = text_of(app, "values").replace(NBSP, " ")
    assert "The default paging size is 50 ; it was 50 in version 12." in text
    assert "Its level is Tenant , available since 11 ." in text
    assert "The standard rate is 23 % from 1 January 2025 ; before, 20 % was valid 1 January 2011 – 31 December 2024 ." in text
    assert "The reduced rate is 5.5 % under Act No. 222/2004 Coll., § 27, as amended by Act No. 278/2024 Coll." in text
    assert "first response within 30 minutes in the Strategic subscription and within 2 business hours in Foundation" in text
    assert "A change request is answered within 1 business day and done with the next release" in text
    assert "Telephone support is staffed 8:00–17:00 ( 8:00–17:00 )" in text
    assert "Strategic has unlimited named contacts" in text and "incidents through support portal, telephone support, and on-call line" in text  # common nouns, small mid-sentence
    assert "The latest release is 12.2 of 16 June 2025 ." in text
    assert "The next release" not in text  # an {edition} from 14 block
    html = (Path(app.outdir) / "values.html").read_text(encoding="utf-8")
    # A printed value links to its reference entry where there is one.
    assert re.search(r'<a class="reference internal" href="sla.html#setting-zk-paging-size" title="ZK_PAGING_SIZE"><span class="cedocs-value"><code', html)
    assert 'href="sla.html#sla-priority-1"' in html and 'href="sla.html#tier-strategic"' in html
    assert 'href="notes/12.html"' not in html  # 12.2 has no notes page here: just the value


@pytest.mark.sphinx("html", testroot="single-source", confoverrides={"version": "14"}, srcdir="ss-values-of-edition-14")
def test_values_of_edition_14(app):
    app.build()
    assert warnings_of(app) == []
    text = text_of(app, "values").replace(NBSP, " ")
    assert "The default paging size is 100 ; it was 50 in version 12." in text
    assert "The latest release is 13.0 of 16 March 2026 ." in text
    assert "The next release is 14.0 , planned for 14 December 2026 ." in text


@pytest.mark.sphinx("html", testroot="single-source", confoverrides={"version": "12", "language": "sk"}, srcdir="ss-values-in-slovak")
def test_values_in_slovak(app):
    app.build()
    assert warnings_of(app) == []
    text = text_of(app, "values")
    assert f"Predvolená veľkosť stránky je 50 ; vo verzii 12 to bolo 50 ." in text
    assert "Jej úroveň je Klient" in text  # the level from the interface catalog, as the application labels it
    assert f"Základná sadzba je 23{NBSP}% od 1.{NBSP}1.{NBSP}2025" in text
    assert f"1.{NBSP}1.{NBSP}2011 – 31.{NBSP}12.{NBSP}2024" in text
    assert f"5,5{NBSP}%" in text  # decimal comma
    assert "zákon č. 222/2004 Z. z., § 27, v znení zákona č. 278/2024 Z. z." in text  # data text, translated
    assert f"30{NBSP}minút" in text and f"2{NBSP}pracovné hodiny" in text and f"1{NBSP}pracovný deň" in text
    assert "v nasledujúcej verzii" in text
    assert "hlási cez: portál podpory, telefonická podpora a pohotovostná linka" in text  # a Slovak list of common nouns
    assert f"z 16.{NBSP}6.{NBSP}2025" in text


@pytest.mark.sphinx("html", testroot="single-source-bad", confoverrides={"version": "12"}, srcdir="ss-bad-values-and-conditions-are-located-er")
def test_bad_values_and_conditions_are_located_errors_reported_together(app):
    app.build()
    found = warnings_of(app)
    expected = [
        (r"later\.md:2", r"editions: unknown version '16' \(versions\.toml has 12, 13, 14\) \[cedocs\.edition\]"),
        (r"index\.md:8", r"unknown setting 'ZK_PAGING_SIZ'; did you mean 'ZK_PAGING_SIZE'\? \[cedocs\.ref\]"),
        (r"index\.md:9", r"unknown tax 'sk-standard-32'; did you mean 'sk-standard-23'"),
        (r"index\.md:9", r"unknown field 'rat' of tax; did you mean 'rate'\?"),
        (r"index\.md:10", r"unknown priority '7' \(known: 1, 3, 5\)"),
        (r"index\.md:10", r"unknown subscription tier 'strategegic'; did you mean 'strategic'\?"),
        (r"index\.md:11", r"unknown kind 'setings'; did you mean 'setting'\?"),
        (r"index\.md:11", r"unknown subscription tier 'platinum' \(known: foundation, strategic\)"),
        (r"index\.md:12", r"the response target of priority 1 differs by subscription: name the tier"),
        (r"index\.md:12", r"setting 'ZK_SESSION_FINGERPRINT_ENABLED' is not in edition 12 \(added in 13\): put the sentence in an \{edition\} block \[cedocs\.edition\]"),
        (r"index\.md:13", r"unknown version '15' \(versions\.toml has 12, 13, 14\) \[cedocs\.edition\]"),
        (r"index\.md:15", r"edition: unknown version '15' \(versions\.toml has 12, 13, 14\) \[cedocs\.edition\]"),
        (r"index\.md:19", r"edition: expected '13', 'from 13', 'until 12' or 'from 12 until 13', got 'since 13'"),
    ]
    for where, what in expected:
        assert any(re.search(rf"{where}: WARNING: .*{what}", w) for w in found), (where, what, found)
    assert len(found) == len(expected), found


@pytest.mark.sphinx("html", testroot="single-source-bad", confoverrides={"version": "12"}, srcdir="ss-bad-input-fails-the-strict-build")
def test_bad_input_fails_the_strict_build(app, make_app):
    """With -W (as every build of the manual runs) the first problems are errors."""
    strict = make_app("html", srcdir=app.srcdir, confoverrides={"version": "12"}, warningiserror=True, keep_going=True, freshenv=True)
    strict.build()
    assert strict.statuscode == 1


@pytest.mark.sphinx("html", testroot="single-source-bad", confoverrides={"version": "12", "language": "sk"}, srcdir="ss-dropped-role")
def test_a_translated_build_reports_a_dropped_value_role(app):
    """dropped.po translates "The default is {val}`...` rows." with the value typed in:
    the catalog check of the translated build names the catalog line and the role."""
    app.build()
    found = warnings_of(app)
    assert any(
        re.search(r"dropped\.po:13: WARNING: msgstr is missing reference \{val\}`setting/ZK_PAGING_SIZE/default` \[cedocs\.i18n\]", w)
        for w in found
    ), found


def test_a_translation_that_drops_a_value_role_is_reported():
    msgid = "The default is {val}`setting/ZK_PAGING_SIZE/default` for {val}`tier/strategic/name`."
    kept = "Predvolená hodnota pre {val}`tier/strategic/name` je {val}`setting/ZK_PAGING_SIZE/default`."
    dropped = "Predvolená hodnota je 100 pre {val}`tier/strategic/name`."
    assert markup_of(msgid) == markup_of(kept)
    missing = markup_of(msgid) - markup_of(dropped)
    assert list(missing) == ["{val}`setting/ZK_PAGING_SIZE/default`"]


# -------------------------------------------------------------------------- editions


def built_pages(app) -> set[str]:
    out = Path(app.outdir)
    return {p.relative_to(out).with_suffix("").as_posix() for p in out.rglob("*.html") if not p.name.startswith(("genindex", "search"))}


@pytest.mark.sphinx("html", testroot="single-source", confoverrides={"version": "12"}, srcdir="ss-edition-12-keeps-only-what-applies")
def test_edition_12_keeps_only_what_applies(app):
    app.build()
    assert warnings_of(app) == []
    text = text_of(app, "editions")
    assert "Only edition 12 has Y as the default of ALogin_ShowOneRole" in text
    assert "From 13 on" not in text and "Only in 13" not in text and "Planned for 14" not in text
    assert "In 12 and 13." in text and "Everywhere" in text
    html = (Path(app.outdir) / "editions.html").read_text(encoding="utf-8")
    assert html.count("<li>") - html.count("toctree") >= 0 and "<li><p></p></li>" not in html
    items = re.findall(r"<li><p>(.*?)</p></li>", html)
    assert items == ["Always listed.", "In 12 and 13."]  # no empty bullet where "Only in 13" was
    # Pages of later editions: not read, not written, not in the navigation or search.
    assert {"notes/13", "notes/14"}.isdisjoint(built_pages(app))
    assert "notes/13" not in app.env.found_docs and "notes/14" not in app.env.found_docs
    index = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert "notes/12.html" in index and "notes/13.html" not in index and "notes/14.html" not in index
    assert "notes/14" not in (Path(app.outdir) / "searchindex.js").read_text(encoding="utf-8")
    # Reference entries: the removed setting is listed with its removal, the new one is not.
    sla = text_of(app, "sla")
    assert "ALogin_ShowOneRole" in sla and "Removed in version 13" in sla
    assert "ZK_SESSION_FINGERPRINT_ENABLED" not in sla


@pytest.mark.sphinx("html", testroot="single-source", confoverrides={"version": "14"}, srcdir="ss-edition-14-has-its-sections-and-pages")
def test_edition_14_has_its_sections_and_pages(app):
    app.build()
    assert warnings_of(app) == []
    doctree = app.env.get_doctree("editions")
    titles = [s[0].astext() for s in doctree.findall(nodes.section)]
    assert titles == ["Editions", "Planned for 14", "More on 14", "Everywhere"]
    nested = next(s for s in doctree.findall(nodes.section) if s[0].astext() == "More on 14")
    assert nested.parent[0].astext() == "Planned for 14"  # a real subsection, not a rubric
    assert {"notes/13", "notes/14"} <= built_pages(app)
    text = text_of(app, "editions")
    assert "Only edition 12" not in text and "Only in 13" not in text and "In 12 and 13" not in text
    sla = text_of(app, "sla")
    assert "ALogin_ShowOneRole" not in sla and "New in version 13" in sla  # fingerprinting, reduced rate
    assert "Changed in version 13" in sla


@pytest.mark.sphinx("html", testroot="single-source", confoverrides={"version": "12"}, srcdir="ss-reference-to-a-page-of-other-editions-is")
def test_reference_to_a_page_of_other_editions_is_reported(app):
    (Path(app.srcdir) / "values.md").write_text("# Values\n\nSee {doc}`notes/14`.\n", encoding="utf-8")
    app.build()
    found = warnings_of(app)
    assert any(
        re.search(
            r"values\.md:3: WARNING: reference to page 'notes/14', which is only in editions 'from 14', not in edition 12: "
            r"put the reference in an \{edition\} block with that condition \[cedocs\.edition\]",
            w,
        )
        for w in found
    ), found


@pytest.mark.sphinx("gettext", testroot="single-source", confoverrides={"version": "12"}, srcdir="ss-gettext-extracts-every-edition")
def test_gettext_extracts_every_edition(app):
    app.build()
    out = Path(app.outdir)
    assert (out / "notes" / "13.pot").exists() and (out / "notes" / "14.pot").exists()
    editions_pot = (out / "editions.pot").read_text(encoding="utf-8")
    for message in ("Only edition 12 has", "From 13 on", "Only in 13.", "In 12 and 13.", "Planned for 14", "More on 14"):
        assert message in editions_pot, message
    values_pot = (out / "values.pot").read_text(encoding="utf-8")
    assert "{val}`release/next/version`" in values_pot  # only in 14, extracted anyway
    # Data text is extracted once, into the data file's template, whichever edition shows it.
    assert "Act No. 222/2004 Coll." not in values_pot
    taxes_pot = (out / "_data" / "taxes.pot").read_text(encoding="utf-8")
    assert 'msgctxt "taxes.legal_basis"\nmsgid "Act No. 222/2004 Coll., § 27, as amended by Act No. 278/2024 Coll."' in taxes_pot
    settings_pot = re.sub(r'"\n"', "", (out / "_data" / "settings.pot").read_text(encoding="utf-8"))
    assert "Skips the role selection at login" in settings_pot  # a setting removed in 13
    assert "Binds a web session to the browser" in settings_pot  # a setting added in 13


@pytest.mark.sphinx("html", testroot="single-source", confoverrides={"version": "12"}, srcdir="ss-an-edition-rebuilds-incrementally")
def test_an_edition_rebuilds_incrementally(app, make_app):
    app.build()
    again = make_app("html", srcdir=app.srcdir, confoverrides={"version": "12"})
    again.build()
    assert "0 added, 0 changed, 0 removed" in again._status.getvalue()


# ------------------------------------------------------------------------- fact check


def fact_warnings(app) -> list[tuple[str, int, str]]:
    found = []
    for line in warnings_of(app):
        match = re.search(r"(\w+)\.md:(\d+)(?::<translated>:\d+)?: WARNING: fact check \[(\w+)\]", line)
        if match:
            found.append((match[1], int(match[2]), match[3]))
    return sorted(found)


BAD_PROSE = [
    ("bad", 3, "default"),  # ZK_PAGING_SIZE is 50 in edition 12, the text says 100
    ("bad", 5, "default"),  # a Default column
    ("bad", 7, "level"),  # a Level column
    ("bad", 9, "rate"),  # 20 % next to the 23 % tax
    ("bad", 11, "validity"),  # a date that is none of the tax's validity dates
    ("bad", 13, "rate"),  # 5 % in a column "Until 31 December 2024": no such rate then
    ("bad", 17, "response"),  # priority 1, Strategic: 30 minutes, not 1 hour
    ("bad", 19, "resolution"),  # priority 1, Foundation: 2 business days
    ("bad", 21, "hours"),  # telephone support from 8:00
    ("bad", 23, "coverage"),  # priority 1 outside business hours for Foundation
    ("bad", 27, "release"),  # 12.0 was released on 16 December 2024
]


@pytest.mark.sphinx("html", testroot="factcheck", confoverrides={"version": "12"}, srcdir="ss-fact-check-finds-contradictions-in-engli")
def test_fact_check_finds_contradictions_in_english(app):
    app.build()
    assert fact_warnings(app) == BAD_PROSE  # and nothing in good.md
    assert all("[cedocs.fact]" in w for w in warnings_of(app) if "fact check" in w)
    assert [w for w in warnings_of(app) if "fact check" not in w] == []


@pytest.mark.sphinx("html", testroot="factcheck", confoverrides={"version": "12", "language": "sk"}, srcdir="ss-fact-check-finds-contradictions-in-slova")
def test_fact_check_finds_contradictions_in_slovak(app):
    app.build()
    assert fact_warnings(app) == BAD_PROSE
    said = "\n".join(warnings_of(app))
    assert "1. januára 2024" in said and "8 pracovných hodín" in said and "9:00 do 17:00" in said


@pytest.mark.sphinx("html", testroot="factcheck", confoverrides={"version": "13"}, srcdir="ss-fact-check-follows-the-edition")
def test_fact_check_follows_the_edition(app):
    """In edition 13 the default of ZK_PAGING_SIZE is 100: the bad page is right there
    and the good page (which says 50) is wrong."""
    app.build()
    found = fact_warnings(app)
    assert ("bad", 3, "default") not in found and ("good", 3, "default") in found


def test_the_pipeline_lists_the_pages_of_each_edition(rootdir):
    """The page map (switchers, redirects, the latest version's pages) leaves out the
    pages a version's build leaves out."""
    from cloudempiere_docs.site import sources

    src = rootdir / "test-single-source"
    assert "notes/14" in sources.docnames(src)
    assert [d for d in sources.docnames(src, "12") if d.startswith("notes/")] == ["notes/12"]
    assert [d for d in sources.docnames(src, "13") if d.startswith("notes/")] == ["notes/12", "notes/13"]
    assert [d for d in sources.docnames(src, "14") if d.startswith("notes/")] == ["notes/12", "notes/13", "notes/14"]
