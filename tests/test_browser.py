"""Readers' experience in a real browser: switchers, banners, search, 404, themes, a11y.

Headless Debian chromium driven by Playwright's sync API (``make browser-deps`` installs
it; Playwright cannot download its own browser here). Two sites are built once per
session and served over http like production:

- the generated multi-version repository (tests/sitegen.py): versions 12, 13 (latest)
  and 14 in English and Slovak, with Slovak pages for the search tests;
- this repository's real manual, every version in both languages (the ``real_site``
  fixture shared with test_manual.py), for the feed link and the accessibility checks
  (axe-core) of real guide, reference, release notes and search pages.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cloudempiere_docs.site.pipeline import build_site
from cloudempiere_docs.site.registry import load_registry
from served import Served
from sitegen import make_repo

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect
axe_package = pytest.importorskip("axe_playwright_python")

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = Path(axe_package.__file__).resolve().parent / "axe.min.js"
BLOCKING = ("serious", "critical")
BAD_QUERIES = {
    "empty": "",
    "html": '<img src=x onerror="window.__cedocsInjected=1">',
    "long": "faktúry " * 1249 + "faktúry.",  # 10,000 characters
}

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing: run `make browser-deps`", allow_module_level=True)


# ----------------------------------------------------------------------------- fixtures


def build_sample(tmp: Path) -> Path:
    make_repo(tmp / "repo")
    return build_site(tmp / "repo").target.resolve()


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    served = Served(build_sample(tmp_path_factory.mktemp("browser-sample")))
    yield served
    served.close()


@pytest.fixture(scope="session")
def manual_site(real_site: Any) -> Iterator[Served]:
    """The real manual, every version x language, built strictly once per session
    (shared with test_manual.py)."""
    served = Served(real_site.target.resolve())
    yield served
    served.close()


@dataclasses.dataclass
class Problems:
    """What went wrong on a page besides the assertions: script errors, failed requests."""

    errors: list[str] = dataclasses.field(default_factory=list)
    dialogs: list[str] = dataclasses.field(default_factory=list)


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    problems = Problems()

    def on_console(message: Any) -> None:
        # Resource failures are checked through responses below (where the URL is known);
        # chromium's own favicon request is the only one expected to fail.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.errors.append(f"console: {message.text}")

    def on_response(response: Any) -> None:
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            problems.errors.append(f"{response.status} {response.url}")

    def on_dialog(dialog: Any) -> None:
        problems.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("pageerror", lambda error: problems.errors.append(f"pageerror: {error}"))
    page.on("console", on_console)
    page.on("response", on_response)
    page.on("dialog", on_dialog)
    page.problems = problems
    yield page
    context.close()


def open_page(page: Any, url: str) -> Any:
    """Open ``url`` and wait until the page map has been applied to switchers and banner."""
    response = page.goto(url)
    page.wait_for_selector(".cedocs-switchers[data-cedocs-ready]", state="attached")
    return response


# ------------------------------------------------------------------------ switchers


def switch(page: Any, kind: str, value: str) -> None:
    """Open the version or language switcher and follow the link to ``value``."""
    page.locator(f'[data-cedocs-switcher="{kind}"] summary').click()
    page.locator(f'[data-cedocs-switcher="{kind}"] a[data-cedocs-{kind}="{value}"]').click()


def test_version_switcher_keeps_the_page(page: Any, sample_site: Served) -> None:
    open_page(page, sample_site.url("en/13/guide.html"))
    switch(page, "version", "12")
    page.wait_for_url("**/en/12/guide.html")
    assert page.title() == "User guide - Cloudempiere 12"
    switch(page, "version", "13")  # the latest release opens under its lasting address
    page.wait_for_url("**/en/latest/guide.html")
    assert page.problems.errors == []


def test_version_switcher_falls_back_to_the_start_page(page: Any, sample_site: Served) -> None:
    open_page(page, sample_site.url("en/14/einvoicing.html"))  # the page is new in 14
    link = page.locator('a[data-cedocs-version="13"]')
    assert link.get_attribute("data-cedocs-start-page") == ""
    assert "start page" in link.text_content()
    switch(page, "version", "13")
    page.wait_for_url("**/en/latest/index.html")
    assert page.locator("article h1").first.inner_text().startswith("Example manual")


def test_version_switcher_follows_renamed_pages_both_ways(page: Any, sample_site: Served) -> None:
    """redirects.toml: support (12) became telephone-support (13)."""
    open_page(page, sample_site.url("en/14/telephone-support.html"))
    switch(page, "version", "12")
    page.wait_for_url("**/en/12/support.html")
    switch(page, "version", "14")
    page.wait_for_url("**/en/14/telephone-support.html")
    assert page.problems.errors == []


def test_language_switcher_keeps_the_page(page: Any, sample_site: Served) -> None:
    open_page(page, sample_site.url("en/13/login.html"))
    switch(page, "language", "sk")
    page.wait_for_url("**/sk/13/login.html")
    assert page.locator("article h1").first.inner_text().startswith("Prihlásenie")
    assert page.locator("html").get_attribute("lang") == "sk"


def test_language_switcher_keeps_latest_and_the_anchor(page: Any, sample_site: Served) -> None:
    open_page(page, sample_site.url("en/latest/login.html#when-logging-in-fails"))
    switch(page, "language", "sk")
    page.wait_for_url("**/sk/latest/login.html#when-logging-in-fails")
    switch(page, "version", "12")  # an older version keeps the anchor too
    page.wait_for_url("**/sk/12/login.html#when-logging-in-fails")
    assert page.problems.errors == []


def test_switchers_list_versions_from_the_page_map(page: Any, sample_site: Served) -> None:
    open_page(page, sample_site.url("sk/12/guide.html"))
    assert page.locator(".cedocs-switchers").get_attribute("data-cedocs-ready") == "map"
    links = page.locator('[data-cedocs-switcher="version"] a')
    assert links.evaluate_all("els => els.map(e => e.dataset.cedocsVersion)") == ["14", "13", "12"]
    assert page.locator('a[data-cedocs-version="12"]').get_attribute("aria-current") == "page"
    assert page.locator('[data-cedocs-switcher="version"] .cedocs-switcher-current').inner_text() == "12"


def test_switchers_work_without_javascript(browser: Any, sample_site: Served) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(sample_site.url("en/14/telephone-support.html"))
        assert page.locator(".cedocs-switchers").get_attribute("data-cedocs-ready") is None
        hrefs = page.locator(".cedocs-switchers a").evaluate_all("els => els.map(e => e.href)")
        assert hrefs == [
            sample_site.url("en/14/telephone-support.html"),
            sample_site.url("en/latest/telephone-support.html"),
            sample_site.url("en/12/support.html"),
            sample_site.url("en/14/telephone-support.html"),
            sample_site.url("sk/14/telephone-support.html"),
        ]
        switch(page, "language", "sk")
        page.wait_for_url("**/sk/14/telephone-support.html")
        switch(page, "version", "12")
        page.wait_for_url("**/sk/12/support.html")
    finally:
        context.close()


def test_switchers_work_from_the_file_system(page: Any, sample_site: Served) -> None:
    """The offline copy: no server, no fetch; the page map is a script of its tree."""
    start = (sample_site.directory / "en" / "latest" / "login.html").resolve().as_uri()
    page.goto(start + "#when-logging-in-fails")
    page.wait_for_selector(".cedocs-switchers[data-cedocs-ready=map]", state="attached")
    switch(page, "language", "sk")
    page.wait_for_url("**/sk/latest/login.html#when-logging-in-fails")
    assert page.url.startswith("file://")
    switch(page, "version", "14")
    page.wait_for_url("**/sk/14/login.html#when-logging-in-fails")
    assert page.problems.errors == [], page.problems.errors


def page_map(sample_site: Served) -> dict[str, Any]:
    text = (sample_site.directory / "en" / "13" / "_static" / "cedocs-pagemap.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("{") : text.rindex("}") + 1])


def serve_page_map(page: Any, body: str) -> None:
    page.route("**/cedocs-pagemap.js", lambda route: route.fulfill(body=body, content_type="text/javascript"))


def test_switchers_learn_new_versions_from_the_page_map(page: Any, sample_site: Served) -> None:
    """A page built while 13 was the latest lists 15 once the site has it."""
    data = page_map(sample_site)
    data["versions"].insert(0, {"name": "15", "status": "development", "release": "15.0.dev"})
    data["versions"][1]["status"] = "latest"
    data["versions"][2]["status"] = "outdated"
    data["latest"] = "14"
    data["pages"]["15"] = data["pages"]["14"]
    serve_page_map(page, "window.cedocsPageMap = " + json.dumps(data) + ";")
    open_page(page, sample_site.url("en/13/guide.html"))
    links = page.locator('[data-cedocs-switcher="version"] a')
    assert links.evaluate_all("els => els.map(e => e.dataset.cedocsVersion)") == ["15", "14", "13", "12"]
    assert page.locator('a[data-cedocs-version="15"]').text_content() == "15 (development)"
    assert page.locator('a[data-cedocs-version="14"]').get_attribute("href") == "../../en/latest/guide.html"
    assert page.problems.errors == []


@pytest.mark.parametrize(
    "body",
    [
        "window.cedocsPageMap = 42;",
        "window.cedocsPageMap = {versions: 'all', pages: null};",
        "window.cedocsPageMap = {versions: [{name: '../../evil'}, null, {name: 12}], pages: {}};",
        "window.cedocsPageMap = {latest: '13', versions: [{name: '13', status: 'latest'}, {name: '12', status: 'outdated'}],"
        " pages: {'13': ['guide', '../../../etc/passwd', 7], '12': 'guide'}, moved: 'nothing'};",
    ],
    ids=["not-a-map", "wrong-types", "bad-names", "bad-pages"],
)
def test_a_damaged_page_map_leaves_working_links(page: Any, sample_site: Served, body: str) -> None:
    serve_page_map(page, body)
    open_page(page, sample_site.url("en/13/guide.html"))
    hrefs = page.locator(".cedocs-switchers a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert all(re.fullmatch(r"\.\./\.\./(en|sk)/(latest|\d+)/(guide|index)\.html", h) for h in hrefs), hrefs
    assert "../../en/12/guide.html" in hrefs or "../../en/12/index.html" in hrefs
    assert page.problems.errors == [], page.problems.errors


def test_a_missing_page_map_keeps_the_build_time_links(page: Any, sample_site: Served) -> None:
    page.route("**/cedocs-pagemap.js", lambda route: route.fulfill(status=404, body="missing"))
    open_page(page, sample_site.url("en/latest/guide.html"))
    assert page.locator(".cedocs-switchers").get_attribute("data-cedocs-ready") == "build"
    switch(page, "version", "12")
    page.wait_for_url("**/en/12/guide.html")
    assert [e for e in page.problems.errors if "cedocs-pagemap.js" not in e] == []


# -------------------------------------------------------------------------- banners


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("en/12/guide.html", "which is no longer supported"),
        ("en/14/guide.html", "still in development"),
        ("en/13/guide.html", None),
        ("en/latest/guide.html", None),
    ],
)
def test_banner_follows_the_version_status(page: Any, sample_site: Served, path: str, expected: str | None) -> None:
    open_page(page, sample_site.url(path))
    banner = page.locator("[data-cedocs-banner]")
    if expected is None:
        assert banner.is_hidden()
    else:
        assert banner.is_visible()
        assert expected in banner.inner_text()
        assert banner.locator("a").get_attribute("href").endswith("en/latest/guide.html")


@pytest.mark.parametrize("width", [1400, 1100, 820])
def test_banner_stays_clear_of_the_top_right_controls(browser: Any, sample_site: Served, width: int) -> None:
    """furo floats its theme toggle and contents button at the top right of the article:
    the banner keeps beside them instead of running underneath."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        open_page(page, sample_site.url("en/12/guide.html"))
        banner = page.locator("[data-cedocs-banner]").bounding_box()
        for control in page.locator(".content-icon-container > *").all():
            box = control.bounding_box()
            if box is None or not control.is_visible():
                continue
            overlap_x = min(banner["x"] + banner["width"], box["x"] + box["width"]) - max(banner["x"], box["x"])
            overlap_y = min(banner["y"] + banner["height"], box["y"] + box["height"]) - max(banner["y"], box["y"])
            assert overlap_x <= 0 or overlap_y <= 0, (width, banner, box)
    finally:
        context.close()


def test_banner_learns_the_status_when_the_page_is_viewed(page: Any, sample_site: Served) -> None:
    """A page built while 13 was the latest shows the outdated banner once 14 is out."""
    data = page_map(sample_site)
    statuses = {"14": "latest", "13": "outdated", "12": "outdated"}
    for version in data["versions"]:
        version["status"] = statuses[version["name"]]
    data["latest"] = "14"
    serve_page_map(page, "window.cedocsPageMap = " + json.dumps(data) + ";")
    open_page(page, sample_site.url("en/13/guide.html"))
    banner = page.locator("[data-cedocs-banner]")
    assert banner.is_visible()
    assert "version 13, which is no longer supported" in banner.inner_text()
    assert "latest version, 14" in banner.inner_text()
    assert banner.locator("a").get_attribute("href").endswith("en/latest/guide.html")
    assert page.locator("a[data-cedocs-version='14']").text_content() == "14 (latest)"


# --------------------------------------------------------------------------- search


def search_from_sidebar(page: Any, query: str) -> list[dict[str, str]]:
    """Type ``query`` into furo's sidebar box, submit, and return the rendered results."""
    box = page.locator("input.sidebar-search").first
    box.fill(query)
    box.press("Enter")
    page.wait_for_url("**/search.html?*")
    return search_results(page)


def search_results(page: Any) -> list[dict[str, str]]:
    status = page.locator("#cedocs-search-status")
    texts = page.locator("#search-results")
    searching = texts.get_attribute("data-text-searching")
    page.wait_for_function(
        "([el, busy]) => el.textContent !== '' && el.textContent !== busy",
        arg=[status.element_handle(), searching],
    )
    return page.locator("#search-results > ul > li").evaluate_all(
        """els => els.map(li => ({
            href: li.querySelector('a').href,
            title: li.querySelector('a').textContent,
            excerpt: li.querySelector('p.context').textContent,
            marks: [...li.querySelectorAll('p.context mark')].map(m => m.textContent),
        }))"""
    )


@pytest.mark.parametrize(
    ("start", "query", "page_path", "title", "word"),
    [
        ("sk/13/index.html", "prihlasenie", "sk/13/login.html", "Prihlásenie", "prihlásenie"),
        ("sk/13/guide.html", "faktury", "sk/13/invoices.html", "Faktúry odberateľom", "faktúry"),
        ("sk/latest/guide.html", "faktury", "sk/latest/invoices.html", "Faktúry odberateľom", "faktúry"),
        ("sk/12/index.html", "prihlasenia", "sk/12/login.html", "Prihlásenie", "prihlásení"),
    ],
)  # fmt: skip
def test_slovak_search_without_diacritics(
    page: Any, sample_site: Served, start: str, query: str, page_path: str, title: str, word: str
) -> None:
    open_page(page, sample_site.url(start))
    results = search_from_sidebar(page, query)
    assert results, f"no result for {query!r}"
    assert results[0]["href"] == sample_site.url(page_path)
    assert results[0]["title"] == title
    assert word in " ".join(results[0]["marks"]).lower()
    assert all(r["href"].startswith(sample_site.url(page_path.rsplit("/", 1)[0] + "/")) for r in results)
    assert page.problems.errors == []


def test_search_is_scoped_to_version_and_language(page: Any, sample_site: Served) -> None:
    open_page(page, sample_site.url("en/14/search.html"))
    # Typing is followed once Pagefind is loaded (a busy machine may take a moment).
    page.wait_for_selector("#search-results[data-cedocs-engine=pagefind]", state="attached")
    page.locator("input.cedocs-search-input").fill("mandatory")  # results follow the typing
    expect(page.locator("#cedocs-search-status")).to_have_text("Pages found: 1")
    assert [r["href"] for r in search_results(page)] == [sample_site.url("en/14/einvoicing.html")]
    assert page.url.endswith("search.html?q=mandatory")
    open_page(page, sample_site.url("en/13/search.html?q=mandatory"))  # e-invoicing is new in 14
    assert search_results(page) == []
    assert page.locator("#cedocs-search-status").inner_text() == "No pages match your search."
    open_page(page, sample_site.url("en/13/search.html?q=prihlasenie"))  # Slovak words, English manual
    assert search_results(page) == []


def test_search_falls_back_to_sphinx_without_a_bundle(page: Any, sample_site: Served) -> None:
    page.route("**/pagefind/**", lambda route: route.fulfill(status=404, body="missing"))
    page.goto(sample_site.url("en/13/search.html?q=invoices"))
    page.wait_for_selector("#search-results ul.search li a")
    assert page.locator("#search-results").get_attribute("data-cedocs-engine") == "sphinx"
    assert page.locator("#search-results ul.search li a").first.get_attribute("href") == "invoices.html"


@pytest.mark.parametrize("kind", list(BAD_QUERIES))
def test_bad_search_input_is_harmless(page: Any, sample_site: Served, kind: str) -> None:
    query = BAD_QUERIES[kind]
    assert kind != "long" or len(query) == 10_000
    open_page(page, sample_site.url("en/13/search.html"))
    box = page.locator("input.cedocs-search-input")
    box.fill(query)
    with page.expect_navigation():
        box.press("Enter")
    page.wait_for_selector("#search-results[data-cedocs-engine=pagefind]", state="attached")
    status = page.locator("#cedocs-search-status")
    if query:
        search_results(page)
        assert re.fullmatch(r"No pages match your search\.|Pages found: \d+", status.inner_text())
    else:
        assert status.inner_text() == "" and page.locator("#search-results").inner_html() == ""
    # the query comes back as the value of the boxes (cut to 200 characters), never as markup
    assert box.input_value() == query[:200].strip()
    assert page.locator("input.sidebar-search").input_value() == query[:200].strip()
    assert page.locator("#search-results").evaluate(
        "el => el.querySelectorAll('*:not(ul):not(li):not(a):not(p):not(mark)').length"
    ) == 0
    assert page.locator("img").count() == 0
    assert page.evaluate("window.__cedocsInjected") is None
    assert page.problems.dialogs == []
    assert page.problems.errors == [], page.problems.errors


# ------------------------------------------------------------------------- 404, theme


def test_missing_page_shows_the_404_page(page: Any, sample_site: Served) -> None:
    response = page.goto(sample_site.url("sk/13/no-such-page.html"))
    assert response.status == 404
    assert page.locator("h1").first.inner_text() == "Page not found"
    assert page.locator("section[lang=sk] h1").inner_text() == "Stránka sa nenašla"
    page.locator("section[lang=sk] a").click()
    page.wait_for_url("**/sk/latest/index.html")


def background(page: Any) -> str:
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


def test_light_and_dark_mode(page: Any, sample_site: Served) -> None:
    open_page(page, sample_site.url("en/12/guide.html"))
    assert page.evaluate("document.body.dataset.theme") == "auto"
    light = background(page)
    toggle = page.locator(".theme-toggle-content .theme-toggle")
    themes = []
    for _ in range(3):  # furo cycles auto -> dark -> light (when the system is light)
        toggle.click()
        themes.append(page.evaluate("document.body.dataset.theme"))
        if themes[-1] == "dark":
            break
    assert themes[-1] == "dark", themes
    dark = background(page)
    assert light != dark
    # the banner follows the theme too (its tint is translucent, its text colour is not)
    banner = page.locator("[data-cedocs-banner]")
    dark_text = banner.evaluate("b => getComputedStyle(b).color")
    page.evaluate("document.body.dataset.theme = 'light'")
    assert banner.evaluate("b => getComputedStyle(b).color") != dark_text
    page.evaluate("localStorage.setItem('theme', 'dark')")
    page.reload()  # the choice is remembered
    assert page.evaluate("document.body.dataset.theme") == "dark"


# --------------------------------------------------------------------- real manual


def real_page(manual_site: Served, path: str) -> str:
    if not (manual_site.directory / path).exists():
        pytest.skip(f"{path} is not in the manual yet")
    return manual_site.url(path)


@pytest.mark.parametrize("language", ["en", "sk"])
def test_real_manual_advertises_the_release_feed(page: Any, manual_site: Served, language: str) -> None:
    version = load_registry(REPO / "versions.toml").development.name
    for doc in ("index", "release-notes/index", "getting-started/login"):
        open_page(page, real_page(manual_site, f"{language}/{version}/{doc}.html"))
        links = page.locator('head link[rel="alternate"][type="application/atom+xml"][href$="releases.atom"]')
        assert links.count() == 1, doc
        feed = page.evaluate("new URL(document.querySelector('link[href$=\"releases.atom\"]').href).pathname")
        assert feed == f"/{language}/{version}/releases.atom"
        assert page.request.get(links.first.evaluate("l => l.href")).ok
    # pages about a component advertise its feed too (the login page: Security)
    component = page.locator('head link[type="application/atom+xml"][href$="feeds/security.atom"]')
    assert component.count() == 1
    response = page.request.get(component.first.evaluate("l => l.href"))
    assert response.ok and b"<feed" in response.body()


#: Sample pages per kind, first existing one per language (pages are still being written).
A11Y_PAGES = {
    "guide": {"en": ["getting-started/login"], "sk": ["getting-started/login"]},
    "reference": {
        "en": ["configuration/settings", "windows/reference", "tax/vat-scheme", "support/sla"],
        "sk": ["tax/vat-scheme", "support/sla", "windows/reference", "configuration/settings"],
    },
    "release notes": {"en": ["release-notes/14.0", "release-notes/index"], "sk": ["release-notes/known-issues", "release-notes/14.0"]},
    "search": {"en": ["search"], "sk": ["search"]},
}  # fmt: skip
SEARCH_QUERIES = {"en": "invoice", "sk": "faktura"}
#: Violations of our dependencies, reported upstream; anything else fails. (Sphinx's
#: toctree captions without aria-level, sphinx-doc/sphinx#14030, get it from
#: cloudempiere_docs.ext.markup now.)
UPSTREAM: set[tuple[str, str]] = set()
#: Only colours change between light and dark mode: the dark run checks those rules.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def axe_violations(page: Any, rules: list[str] | None = None) -> list[str]:
    """Serious and critical axe-core violations on the page, minus known upstream ones."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_JS))
    options: dict[str, Any] = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    result = page.evaluate("options => axe.run(document, options)", options)
    found = []
    for violation in result["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        nodes = [
            node for node in violation["nodes"]
            if not any(
                rule == violation["id"] and page.locator(str(node["target"][0])).first.evaluate("(el, s) => el.matches(s)", selector)
                for rule, selector in UPSTREAM
            )
        ]  # fmt: skip
        if nodes:
            targets = "; ".join(str(node["target"][0]) for node in nodes[:5])
            found.append(f"{violation['impact']}: {violation['id']} ({violation['help']}): {targets}")
    return found


def sample_page(manual_site: Served, kind: str, language: str) -> str:
    version = load_registry(REPO / "versions.toml").development.name
    for doc in A11Y_PAGES[kind][language]:
        if (manual_site.directory / language / version / f"{doc}.html").exists():
            return manual_site.url(f"{language}/{version}/{doc}.html")
    pytest.skip(f"no {kind} page in the {language} manual yet ({', '.join(A11Y_PAGES[kind][language])})")


@pytest.mark.parametrize("language", ["en", "sk"])
@pytest.mark.parametrize("kind", list(A11Y_PAGES))
def test_accessibility_light_and_dark(page: Any, manual_site: Served, kind: str, language: str) -> None:
    url = sample_page(manual_site, kind, language)
    if kind == "search":
        url += "?q=" + SEARCH_QUERIES[language]
    open_page(page, url)
    if kind == "search":
        assert search_results(page), "the search page is checked with results on it"
    page.evaluate("document.body.dataset.theme = 'light'")
    light = axe_violations(page)
    page.evaluate("document.body.dataset.theme = 'dark'")
    dark = axe_violations(page, COLOUR_RULES)
    assert (light, dark) == ([], []), f"{url}\nlight: {light}\ndark: {dark}"


# ------------------------------------------------------------------- filter box


def visible_entries(page: Any) -> list[str]:
    return page.locator(".cedocs-entry").evaluate_all(
        "els => els.filter(e => e.offsetParent !== null).map(e => e.textContent)"
    )


@pytest.mark.parametrize("language", ["en", "sk"])
def test_filter_box_on_the_settings_reference(page: Any, manual_site: Served, language: str) -> None:
    version = load_registry(REPO / "versions.toml").development.name
    open_page(page, real_page(manual_site, f"{language}/{version}/configuration/settings.html"))
    form = page.locator(".cedocs-filter-form")
    expect(form).to_be_visible()
    total = len(visible_entries(page))
    assert total >= 30
    page.locator(".cedocs-filter-input").fill("zk_paging")  # case does not matter
    shown = visible_entries(page)
    assert 1 <= len(shown) < total and all("ZK_PAGING" in text or "ZK_MOBILE_PAGING" in text for text in shown)
    status = page.locator(".cedocs-filter-status").inner_text()  # "1 of 39 shown", "Zobrazené: 1 z 39"
    assert re.search(rf"\b{len(shown)}\b.*\b{total}\b", status), status
    # a module section without a visible entry is hidden with its heading
    assert page.locator("section.cedocs-filter-group:not([hidden])").count() == 1
    page.locator(".cedocs-filter-reset").click()
    assert len(visible_entries(page)) == total
    level = page.locator(".cedocs-filter-select").nth(1)  # module, level
    options = level.locator("option").evaluate_all("els => els.map(e => e.value)")
    assert len(options) == 4  # All, System, Tenant, Organization (in the page's language)
    level.select_option(options[1])
    assert all(options[1] in text for text in visible_entries(page))
    assert page.problems.errors == []


def test_filter_box_on_known_issues_by_component_and_version(page: Any, manual_site: Served) -> None:
    version = load_registry(REPO / "versions.toml").development.name
    open_page(page, real_page(manual_site, f"en/{version}/release-notes/known-issues.html"))
    selects = page.locator(".cedocs-filter-select")
    component = page.locator("label", has_text="Component").locator("select")
    choice = component.locator("option").nth(1).get_attribute("value")
    component.select_option(choice)
    shown = visible_entries(page)
    assert shown and all(f"Component: {choice}" in " ".join(text.split()) for text in shown)
    component.select_option("")
    affected = page.locator("label", has_text="Affected version").locator("select")
    versions = affected.locator("option").evaluate_all("els => els.map(e => e.value)")[1:]
    assert versions == sorted(versions, key=lambda v: [int(x) for x in v.split(".")])  # 12.1 before 12.10
    affected.select_option(versions[0])
    assert all(versions[0] in text for text in visible_entries(page))
    assert selects.count() == 3 and page.problems.errors == []


def test_without_javascript_every_entry_is_shown(browser: Any, manual_site: Served) -> None:
    version = load_registry(REPO / "versions.toml").development.name
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(real_page(manual_site, f"en/{version}/configuration/settings.html"))
        assert page.locator(".cedocs-filter-form").count() == 0
        assert page.locator("[data-cedocs-filter]").is_hidden()
        entries = page.locator(".cedocs-entry")
        assert entries.count() >= 30 and entries.evaluate_all("els => els.every(e => e.offsetParent !== null)")
    finally:
        context.close()


# ------------------------------------------------------------------ phone widths

#: Reference pages with the widest tables, and a page of everyday tasks.
PHONE_PAGES = [
    "configuration/settings", "configuration/changes", "windows/reference", "tax/vat-scheme", "tax/tax-rates",
    "support/sla", "release-notes/index", "release-notes/known-issues", "tasks/sales-order-to-invoice",
]  # fmt: skip


@pytest.mark.parametrize("language", ["en", "sk"])
def test_reference_pages_fit_a_phone(browser: Any, manual_site: Served, language: str) -> None:
    """No sideways scrolling at 360 px: tables become one card per row, each cell under its
    column's name (data-label from ext/markup.py)."""
    version = load_registry(REPO / "versions.toml").development.name
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    try:
        wide = {}
        for doc in PHONE_PAGES:
            page.goto(real_page(manual_site, f"{language}/{version}/{doc}.html"))
            found = page.evaluate(
                """() => ({page: document.documentElement.scrollWidth - innerWidth,
                    tables: [...document.querySelectorAll('article .table-wrapper')]
                        .filter(w => w.scrollWidth > w.clientWidth + 1).length,
                    labelled: document.querySelectorAll('article td[data-label]').length})"""
            )
            if found["page"] > 0 or found["tables"]:
                wide[doc] = found
        assert wide == {}
        # the cards carry their column names
        page.goto(real_page(manual_site, f"{language}/{version}/tax/vat-scheme.html"))
        label = page.locator("article td[data-label]").first.evaluate("td => getComputedStyle(td, '::before').content")
        assert label not in ("none", "normal", '""')
    finally:
        context.close()


# ----------------------------------------------------------------------- page weight


def test_page_weight_of_our_additions(sample_site: Served) -> None:
    from benchmarks.weight import measure

    weight = measure(sample_site.directory / "en" / "13", "guide")
    assert set(weight.parts) >= {
        "switchers", "banner", "search wrapper", "head tags", "cedocs.css", "cedocs-switchers.js", "cedocs-pagemap.js",
        "downloads", "page actions", "compare", "cedocs-formats.js",
    }  # fmt: skip
    assert all(size.raw > 0 for size in weight.parts.values()), weight.table()
    assert 0 < weight.total.gzip < weight.total.raw
    # What every page carries stays small. Measured after merging the reader chrome with
    # the formats and comparisons (gzip, this small site): the switchers, their script and
    # the page map 4.8 KiB (the map grows about 30 bytes per page of the site); downloads,
    # "View as Markdown", "Compare with version" and the formats' script and styles 2.5 KiB;
    # head tags (description, Open Graph, icons, breadcrumbs) 0.3 KiB; cedocs.css, with the
    # layouts of reference entries, the filter box and tables on phones, 2.2 KiB; 10.2 KiB
    # in all (11.0 KiB on the real manual's pages, whose downloads list five formats).
    assert weight.total.gzip < 11_000, weight.table()
    assert weight.search.raw > weight.total.raw  # Pagefind's runtime: on the search page only
    assert weight.as_json()["every_page"] == {"raw": weight.total.raw, "gzip": weight.total.gzip}


# ------------------------------------------------------- offline editions and Markdown


def test_markdown_link_and_copy_button(browser: Any, manual_site: Served) -> None:
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=manual_site.url("").rstrip("/"))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        open_page(page, manual_site.url("en/13/tax/vat-scheme.html"))
        link = page.locator(".cedocs-markdown-link")
        assert link.get_attribute("href") == "vat-scheme.md"
        button = page.get_by_role("button", name="Copy as Markdown")
        button.click()
        expect(page.locator(".cedocs-copy-status")).to_have_text("Copied")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.startswith("---\ntitle: ") and "| --- |" in copied
        # Sizes of the downloads come from the page map (the sizes versions.json lists).
        expect(page.locator(".cedocs-downloads [data-cedocs-size='en/13/pdf']")).to_have_text(re.compile(r"\(\d+(\.\d)?\u00a0MB\)"))
        assert errors == []
    finally:
        context.close()


def test_copy_button_without_a_clipboard_says_so(page: Any, manual_site: Served) -> None:
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined}); document.execCommand = () => false;")
    open_page(page, manual_site.url("sk/13/index.html"))
    page.get_by_role("button", name="Kopírovať ako Markdown").click()
    expect(page.locator(".cedocs-copy-status")).to_contain_text("Kopírovanie sa nepodarilo")
    assert page.problems.errors == []


def test_downloads_page_lists_every_version_and_language(page: Any, manual_site: Served) -> None:
    open_page(page, manual_site.url("sk/13/downloads.html"))
    sections = page.locator("section.cedocs-downloads-section")
    assert sections.count() == 2 and sections.first.get_attribute("lang") == "sk", "the reader's language first"
    registry = load_registry(REPO / "versions.toml")
    assert page.locator("section[lang='en'] tbody tr").count() == len(registry.versions)
    pdf = page.locator("section[lang='en'] a[data-cedocs-download='en/12/pdf']")
    assert pdf.get_attribute("href") == "../../en/12/downloads/cloudempiere-manual-12-en.pdf"
    expect(page.locator("[data-cedocs-size='en/12/epub']")).to_have_text(re.compile(r"\(\d+"))
    assert page.problems.errors == []


@pytest.fixture(scope="module")
def offline_copy(real_site: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The English HTML zip of the latest release, unpacked as a reader would."""
    import zipfile

    (archive,) = (real_site.target / "en" / "13" / "downloads").glob("*-html.zip")
    dest = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(dest)
    (folder,) = dest.iterdir()
    return folder


def test_offline_zip_works_from_the_file_system(page: Any, offline_copy: Path) -> None:
    base = offline_copy.as_uri() + "/"
    page.goto(base + "index.html")
    page.wait_for_selector(".cedocs-switchers[data-cedocs-ready]", state="attached")
    page.locator("a[href$='getting-started/index.html']").first.click()
    page.wait_for_url("**/getting-started/index.html")
    pdf = page.locator(".cedocs-downloads a[data-cedocs-download='en/13/pdf']")
    assert pdf.get_attribute("href") == "https://docs.cloudempiere.com/en/13/downloads/cloudempiere-manual-13-en.pdf"
    assert page.locator(".cedocs-copy-markdown").is_hidden(), "pages cannot read files: no copy button"
    assert page.locator(".cedocs-markdown-link").get_attribute("href") == "index.md"
    assert (offline_copy / "getting-started" / "index.md").exists()
    page.goto(base + "search.html?q=invoice")
    page.wait_for_selector("#search-results[data-cedocs-engine='sphinx']", state="attached")
    expect(page.locator("#search-results ul.search li").first).to_be_visible(timeout=15_000)
    assert page.problems.errors == [], page.problems.errors


def test_offline_switchers_go_to_the_online_site(page: Any, offline_copy: Path) -> None:
    """The archive holds one version in one language; its page map says so, and every
    link that leaves it (switchers, banner, comparisons, the writers' book) goes online."""
    site = "https://docs.cloudempiere.com/"
    page.route(site + "**", lambda route: route.fulfill(status=200, body="online", content_type="text/html"))
    page.goto((offline_copy / "tax" / "index.html").as_uri() + "#top")
    page.wait_for_selector(".cedocs-switchers[data-cedocs-ready=standalone]", state="attached")
    versions = page.locator("[data-cedocs-switcher=version] a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert "../tax/index.html" in versions, "this version's own link stays in the archive"
    assert site + "en/12/tax/index.html" in versions
    hrefs = page.locator("a[href]").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert not [h for h in hrefs if h.startswith("../../")], "no link leaves the archive's folder"
    compare = page.locator(".cedocs-compare a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert compare and all(h.startswith(site + "en/compare/") for h in compare), compare
    switch(page, "language", "sk")
    page.wait_for_url(site + "sk/13/tax/index.html#top")
    assert page.problems.errors == [], page.problems.errors


# ------------------------------------------------------------------ comparing versions


def test_compare_control_opens_the_comparison_without_script(page: Any, sample_site: Served) -> None:
    open_page(page, sample_site.url("en/13/telephone-support.html"))
    control = page.locator("details.cedocs-compare")
    control.locator("summary").click()
    control.get_by_role("link", name="12", exact=True).click()
    page.wait_for_url("**/en/compare/12-13/pages/telephone-support.html")
    expect(page.locator(".cmp-notice").first).to_contain_text("This page moved: in version 12 it is support.html.")
    page.get_by_role("link", name="What changed between 12 and 13 (latest)").first.click()
    page.wait_for_url("**/en/compare/12-13/index.html")
    expect(page.locator("h1")).to_have_text("What changed between 12 and 13 (latest)")
    assert page.evaluate("document.scripts.length") == 0
    assert page.problems.errors == []


def test_comparison_of_a_page_missing_in_one_version(page: Any, sample_site: Served) -> None:
    page.goto(sample_site.url("sk/compare/13-14/pages/einvoicing.html"))
    expect(page.locator(".cmp-notice").first).to_contain_text("vo verzii 13 (najnovšia) neexistuje")
    expect(page.locator("ins").first).to_be_visible()
    assert page.problems.errors == []


@pytest.mark.parametrize("language", ["en", "sk"])
def test_comparison_pages_accessibility_light_and_dark(page: Any, manual_site: Served, language: str) -> None:
    pairs = sorted(p.name for p in (manual_site.directory / language / "compare").iterdir() if p.is_dir())
    if not pairs:
        pytest.skip("no comparisons: the registry publishes one version")
    for path in (f"{language}/compare/{pairs[0]}/pages/configuration/settings.html", f"{language}/compare/{pairs[0]}/index.html"):
        page.emulate_media(color_scheme="light")
        page.goto(manual_site.url(path))
        light = axe_violations(page)
        page.emulate_media(color_scheme="dark")
        dark = axe_violations(page, COLOUR_RULES)
        assert (light, dark) == ([], []), f"{path}\nlight: {light}\ndark: {dark}"
    assert page.problems.errors == []
