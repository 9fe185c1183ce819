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
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cloudempiere_docs.site.pipeline import build_site
from cloudempiere_docs.site.registry import load_registry
from cloudempiere_docs.site.serve import make_server
from sitegen import make_repo

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect
axe_package = pytest.importorskip("axe_playwright_python")

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
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


class Served:
    """A directory served over http on 127.0.0.1 (missing pages answer with 404.html)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.server = make_server(directory, port=0)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


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


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


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
    """Open ``url`` and wait until versions.json has been applied to switchers and banner."""
    response = page.goto(url)
    page.wait_for_selector(".cedocs-switchers[data-cedocs-ready]", state="attached")
    return response


# ------------------------------------------------------------------------ switchers


def test_version_switcher_keeps_the_page(page: Any, sample_site: Served) -> None:
    open_page(page, sample_site.url("en/13/guide.html"))
    page.select_option(".cedocs-version-select", "12")
    page.wait_for_url("**/en/12/guide.html")
    assert page.title() == "User guide - Cloudempiere 12"


def test_version_switcher_falls_back_to_the_start_page(page: Any, sample_site: Served) -> None:
    open_page(page, sample_site.url("en/14/einvoicing.html"))  # the page is new in 14
    page.select_option(".cedocs-version-select", "13")
    page.wait_for_url("**/en/13/index.html")
    assert page.locator("article h1").first.inner_text().startswith("Example manual")


def test_language_switcher_keeps_the_page(page: Any, sample_site: Served) -> None:
    open_page(page, sample_site.url("en/13/login.html"))
    page.select_option(".cedocs-language-select", "sk")
    page.wait_for_url("**/sk/13/login.html")
    assert page.locator("article h1").first.inner_text().startswith("Prihlásenie")
    assert page.locator("html").get_attribute("lang") == "sk"


def test_switchers_list_versions_from_versions_json(page: Any, sample_site: Served) -> None:
    open_page(page, sample_site.url("sk/12/guide.html"))
    options = page.locator(".cedocs-version-select option")
    assert options.evaluate_all("els => els.map(e => e.value)") == ["14", "13", "12"]
    assert page.locator(".cedocs-version-select").input_value() == "12"


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
        assert banner.locator("a").get_attribute("href").endswith("en/13/guide.html")


def test_banner_learns_the_status_when_the_page_is_viewed(page: Any, sample_site: Served) -> None:
    """A page built while 13 was the latest shows the outdated banner once 14 is out."""
    data = json.loads((sample_site.directory / "versions.json").read_text(encoding="utf-8"))
    statuses = {"14": "latest", "13": "outdated", "12": "outdated"}
    for version in data["versions"]:
        version["status"] = statuses[version["name"]]
    data["latest"] = "14"
    page.route("**/versions.json", lambda route: route.fulfill(json=data))
    open_page(page, sample_site.url("en/13/guide.html"))
    banner = page.locator("[data-cedocs-banner]")
    assert banner.is_visible()
    assert "version 13, which is no longer supported" in banner.inner_text()
    assert "latest version, 14" in banner.inner_text()
    assert banner.locator("a").get_attribute("href").endswith("en/14/guide.html")
    assert page.locator(".cedocs-version-select option[value='14']").inner_text() == "14 (latest)"


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
    return page.locator("#search-results li").evaluate_all(
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
        links = page.locator('head link[rel="alternate"][type="application/atom+xml"]')
        assert links.count() == 1, doc
        feed = page.evaluate("new URL(document.querySelector('link[type=\"application/atom+xml\"]').href).pathname")
        assert feed == f"/{language}/{version}/releases.atom"
        assert page.request.get(links.first.evaluate("l => l.href")).ok


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
#: Violations of our dependencies, reported upstream; anything else fails.
#: Sphinx writes toctree captions as <p role="heading"> without aria-level (ARIA 1.2
#: requires it): sphinx-doc/sphinx#14030, fix proposed in sphinx-doc/sphinx#14437.
UPSTREAM = {("aria-required-attr", 'p.caption[role="heading"]:not([aria-level])')}
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


# ----------------------------------------------------------------------- page weight


def test_page_weight_of_our_additions(sample_site: Served) -> None:
    from benchmarks.weight import measure

    weight = measure(sample_site.directory / "en" / "13", "guide")
    assert set(weight.parts) >= {"switchers", "banner", "search wrapper", "cedocs.css", "cedocs-switchers.js", "downloads", "page actions", "cedocs-formats.js"}
    assert all(size.raw > 0 for size in weight.parts.values()), weight.table()
    assert 0 < weight.total.gzip < weight.total.raw
    # What every page carries stays small: switchers, banner, downloads, "View as Markdown".
    assert weight.total.gzip < 6_000, weight.table()
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
        # Sizes of the downloads come from versions.json.
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
    page.route("https://docs.cloudempiere.com/**", lambda route: route.fulfill(status=200, body="online", content_type="text/html"))
    page.goto((offline_copy / "tax" / "index.html").as_uri())
    page.wait_for_selector(".cedocs-switchers[data-cedocs-ready]", state="attached")
    page.select_option(".cedocs-language-select", "sk")
    page.wait_for_url("https://docs.cloudempiere.com/sk/13/tax/index.html")
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
