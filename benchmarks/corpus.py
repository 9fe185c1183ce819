"""A synthetic Cloudempiere manual of configurable size, as a multi-version git repository.

The repository has the project's shape: a thin ``conf.py`` (our extensions except
``reference`` and ``releases``, which need ``source/_data`` files), ``versions.toml``,
``source/`` in MyST with headings, lists, tables, admonitions, definition lists and
cross-references, and ``locale/sk/LC_MESSAGES/`` with a Slovak catalog for every page in
which every message is translated. Each released version is one commit, also tagged
``v<name>`` and the development version is the ``main`` branch, so both our pipeline
(``versions.toml`` pins commits) and sphinx-multiversion's own CLI (strict tag and branch
whitelists) build the same versions from the same repository.

The "drift" layout is a repository of many versions that share most of their pages: its
pages name no version, the first version is the base, and each later one changes about
5 % of the pages of the version before (a new section, or one section rewritten), chosen
by a seeded generator. Only the root page names its version; the page set, and so the
toctree, stays the same.

The Slovak text is the English message with every word replaced by a Slovak word (chosen
by a hash of the English word) and the markup kept: roles, link targets and inline code
stay intact, so Sphinx finds the same references in the translation.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from sphinx_intl import catalog as intl

# ---------------------------------------------------------------------------- the spec


@dataclass(frozen=True)
class CorpusSpec:
    pages: int = 50  # content pages per version (plus the root and chapter index pages)
    words: int = 600  # approximate words per content page
    versions: int = 3  # the last one is the development version
    languages: tuple[str, ...] = ("en", "sk")
    #: "short": one page of Fields + filler sections (the first corpus); "long": eight
    #: sections per page, a table every other section, notes and cross-references in
    #: each (pages of about 1,400 words, as the manual's long task pages are); "drift":
    #: short pages that name no version, each version changing ``drift`` of the pages of
    #: the one before (see :func:`drift_plan`).
    layout: str = "short"
    #: The share of the content pages each version of the drift layout changes.
    drift: float = 0.05

    @property
    def version_names(self) -> list[str]:
        return [str(12 + index) for index in range(self.versions)]


@dataclass
class Corpus:
    root: Path
    spec: CorpusSpec
    commits: dict[str, str]  # released version -> commit
    docnames: list[str]  # pages of the development version
    edit_page: Path  # a content page of the development version (for the one-page edit)
    words: int = 0  # words of English text in the development version's sources
    tags: dict[str, str] = field(default_factory=dict)  # released version -> tag name
    #: The drift layout: version -> content pages (docnames) it changed from the version
    #: before (the root page, which names the version, aside); empty for the first.
    changed: dict[str, list[str]] = field(default_factory=dict)

    @property
    def development(self) -> str:
        return self.spec.version_names[-1]


# ----------------------------------------------------------------------------- content

CHAPTERS = {
    "sales": ("Sales", ["sales order", "customer invoice", "shipment", "quotation", "customer return"]),
    "purchasing": ("Purchasing", ["purchase order", "vendor invoice", "material receipt", "requisition"]),
    "inventory": ("Inventory", ["product", "warehouse", "physical inventory", "inventory move", "price list"]),
    "finance": ("Finance", ["payment", "bank statement", "GL journal", "tax rate", "payment term"]),
    "administration": ("Administration", ["user", "role", "organization", "system configurator key"]),
    "reporting": ("Reporting", ["financial report", "report view", "print format", "archive"]),
    "projects": ("Projects", ["project", "project phase", "request", "time expense report"]),
    "manufacturing": ("Manufacturing", ["bill of materials", "production", "resource", "work order"]),
}
ACTIONS = ["Entering", "Completing", "Reversing", "Copying", "Printing", "Importing", "Approving", "Closing"]
WINDOWS = [
    "Sales Order", "Invoice (Customer)", "Invoice (Vendor)", "Business Partner", "Product",
    "Bank Statement", "Request", "Tax Rate", "Tax Category", "System Configurator", "Payment",
    "Price List", "Warehouse & Locators", "GL Journal", "Material Receipt", "Shipment (Customer)",
]  # fmt: skip
FIELDS = [
    ("Document No", "Number of the document, taken from the document sequence.", "automatic"),
    ("Date Ordered", "Date the order was entered.", "today"),
    ("Business Partner", "The customer or vendor the document belongs to.", "none"),
    ("Price List", "Prices and currency used for the lines.", "the partner's price list"),
    ("Payment Term", "When and under which conditions the invoice is due.", "30 days net"),
    ("Tax", "Tax rate applied to the line; 23 % standard VAT from 2025.", "from the tax category"),
    ("Warehouse", "Warehouse the goods are shipped from or received into.", "the organization's warehouse"),
    ("Document Type", "Type of document, which controls numbering and posting.", "Standard Order"),
    ("Sales Representative", "Company agent responsible for the document.", "the logged-in user"),
    ("Description", "Optional short description of the record.", "empty"),
]
SUBJECTS = [
    "the sales order", "a customer invoice", "the business partner", "the price list", "the bank statement",
    "each payment", "the material receipt", "the shipment", "the GL journal", "the product", "the warehouse",
    "the accounting schema", "the tax category", "the payment term", "the document type", "the system",
]  # fmt: skip
VERBS = [
    "is completed together with", "is posted after", "copies its lines from", "is allocated against", "is validated before",
    "updates the open amount of", "references", "is reversed together with", "is printed with", "takes its currency from",
]  # fmt: skip
COMPLEMENTS = [
    "the accounting period is open", "the document is saved", "the tenant's default settings apply",
    "the user has the right role", "the VAT ID starts with SK followed by ten digits",
    "the standard VAT rate of 23 % applies", "the reduced rate of 5 % applies to books",
    "the cache is reset", "the organization has its own calendar", "the record is active",
]  # fmt: skip

WORD = re.compile(r"[A-Za-z]+")
# Markup kept as is in translations: roles with their content, inline code, link targets,
# autolinks. Role content "title <target>" keeps the target but translates the title.
_PROTECTED = re.compile(r"\{[a-z:]+\}`[^`]*`|`[^`]*`|\]\([^)]*\)|<[^>\s]+>")
_ROLE_TITLE = re.compile(r"^(\{[a-z:]+\}`)([^`<]+?)(\s*<[^>]+>`)$")

SK_SHORT = ["a", "v", "na", "pre", "sa", "je", "sú", "pri", "po", "do", "z", "k", "už", "aj", "či", "ak", "tu"]
SK_WORDS = """
faktúra objednávka zákazník dodávateľ účtovanie doklad sklad príjemka výdajka platba banka výpis
daň sadzba cenník produkt množstvo dátum splatnosť mena účet stredisko obdobie zaúčtovať dokončiť
schváliť vytvoriť zobraziť uložiť zmeniť vybrať pole okno záložka tlačidlo záznam nastavenie hodnota
predvolená povinné používateľ rola organizácia klient systém ktorý ktorá ktoré každý tento táto
všetky môžete musíte riadok hlavička stav tlač dobropis zľava prevod kurz hlavná kniha súvaha
výkaz zmluva projekt úloha požiadavka zdroj výroba kusovník položka zásoba inventúra presun
umiestnenie adresa krajina región dodanie prepravca dodávka vrátenie reklamácia záloha úhrada
predajca nákupca schválenie kontrola číslo séria popis poznámka názov kód skupina kategória
obchodný partner cenová ponuka predajná objednávka nákupná faktúra vydaná prijatá účtovná
osnova analytický súhrnný zostatok pohľadávka záväzok splátka upomienka pokladnica hotovosť
prehľad zostava formulár archív vyhľadávanie filter stĺpec hárok export import údaje zmena
""".split()


def _pick(words: list[str], key: str) -> str:
    return words[int(hashlib.blake2s(key.encode(), digest_size=4).hexdigest(), 16) % len(words)]


def _sk_word(match: re.Match[str]) -> str:
    word = match.group(0)
    slovak = _pick(SK_SHORT if len(word) <= 3 else SK_WORDS, word.lower())
    if word[0].isupper():
        slovak = slovak[0].upper() + slovak[1:]
    return slovak


def _sk_plain(text: str) -> str:
    return WORD.sub(_sk_word, text)


def slovak(msgid: str) -> str:
    """The synthetic Slovak translation of ``msgid``, with its markup kept."""
    out: list[str] = []
    last = 0
    for match in _PROTECTED.finditer(msgid):
        out.append(_sk_plain(msgid[last : match.start()]))
        token = match.group(0)
        titled = _ROLE_TITLE.match(token)
        out.append(titled.group(1) + _sk_plain(titled.group(2)) + titled.group(3) if titled else token)
        last = match.end()
    out.append(_sk_plain(msgid[last:]))
    return "".join(out)


@dataclass(frozen=True)
class Page:
    index: int
    chapter: str
    slug: str
    title: str

    @property
    def docname(self) -> str:
        return f"{self.chapter}/{self.slug}"

    @property
    def label(self) -> str:
        return f"p-{self.index:04d}"


def plan_pages(count: int) -> list[Page]:
    chapters = list(CHAPTERS)[: max(1, min(len(CHAPTERS), count // 8 or 1))]
    pages: list[Page] = []
    for index in range(count):
        chapter = chapters[index % len(chapters)]
        topics = CHAPTERS[chapter][1]
        nth = index // len(chapters)
        topic = topics[nth % len(topics)]
        action = ACTIONS[(nth // len(topics)) % len(ACTIONS)]
        rounds = nth // (len(topics) * len(ACTIONS))
        title = f"{action} a {topic}" + (f", part {rounds + 1}" if rounds else "")
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
        pages.append(Page(index, chapter, slug, title))
    return pages


def _sentence(rng: random.Random) -> str:
    text = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(SUBJECTS)}, when {rng.choice(COMPLEMENTS)}."
    return text[0].upper() + text[1:]


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


@dataclass(frozen=True)
class Revision:
    """A change of a page in a version of the drift layout."""

    version: str
    kind: str  # "new": a section added; "rewrite": a filler section's text replaced
    pick: int  # the filler section a rewrite replaces (modulo their number)


def page_text(
    page: Page, pages: list[Page], version: str, words: int, revisions: Sequence[Revision] | None = None
) -> str:
    """One content page of ``version``; most of it is the same in every version.

    ``revisions`` (the drift layout): the page names no version and has no change section
    of its own; it is the base page with these changes applied in order, so two versions
    have the same page unless one of them changed it.
    """
    rng = random.Random(page.index)
    others = [p for p in pages if p is not page] or [page]
    a, b, c = (rng.choice(others) for _ in range(3))
    window = rng.choice(WINDOWS)
    product = "Cloudempiere" if revisions is not None else f"Cloudempiere {version}"
    lines = [
        f"({page.label})=",
        f"# {page.title}",
        "",
        f"This page describes {page.title[0].lower() + page.title[1:]} in the **{window}** window of"
        f" {product}. {_paragraph(rng, 2)}",
        "",
        f"({page.label}-before)=",
        "## Before you start",
        "",
        _paragraph(rng, 2),
        "",
        f"- {_sentence(rng)}",
        f"- {_sentence(rng)}",
        f"- {_sentence(rng)}",
        "",
        "## Steps",
        "",
        f"1. Open the **{window}** window from the menu.",
        f"2. {_sentence(rng)}",
        f"3. Select *Complete* in the `Document Action` field. {_sentence(rng)}",
        "",
        ":::{note}",
        _sentence(rng),
        ":::",
        "",
        f"({page.label}-fields)=",
        "## Fields",
        "",
        "| Field | Description | Default |",
        "|---|---|---|",
        *(f"| {name} | {desc} | {default} |" for name, desc, default in rng.sample(FIELDS, 4)),
        "",
        "```{warning}",
        _sentence(rng),
        "```",
        "",
    ]
    if revisions is None and (page.index + int(version)) % 4 == 0:  # a change of this version
        changed = random.Random(f"{page.index}-{version}")
        lines += [f"## Changes in version {version}", "", _paragraph(changed, 3), ""]
    count = sum(len(WORD.findall(line)) for line in lines)
    section = 0
    filler: list[int] = []  # the line of each filler section's text
    while count < words - 60:
        section += 1
        heading = f"{'##' if section % 3 == 1 else '###'} {rng.choice(ACTIONS)} details {section}"
        text = _paragraph(rng, 4)
        filler.append(len(lines) + 2)
        lines += [heading, "", text, ""]
        count += len(WORD.findall(heading + text))
    added = 0
    for revision in revisions or ():
        new = random.Random(f"{page.index}-{revision.version}-{revision.kind}")
        if revision.kind == "rewrite" and filler:
            lines[filler[revision.pick % len(filler)]] = _paragraph(new, 4)
        else:  # a new section (also a rewrite of a page too short to have filler sections)
            added += 1
            lines += [
                f"## {new.choice(ACTIONS)} notes {added}",
                "",
                _paragraph(new, 3),
                "",
                f"- {_sentence(new)}",
                f"- {_sentence(new)}",
                "",
            ]
    lines += [
        "## Related topics",
        "",
        f"See {{ref}}`{a.label}`, the fields in {{ref}}`{b.label}-fields`, the page"
        f" {{doc}}`{c.title} </{c.docname}>` and [the steps of {b.title}](../{b.docname}.md).",
        "",
        "Open amount",
        ": The part of the document total that is not yet paid or allocated.",
        "",
        "```text",
        f"{window}  >  {page.title}",
        "```",
        "",
    ]
    return "\n".join(lines)


#: Sections of a long page (:func:`long_page_text`).
LONG_SECTIONS = 8


def long_page_text(page: Page, pages: list[Page], version: str, words: int) -> str:
    """One long content page: an introduction, eight sections (each with its label, a
    note, cross-references to sections of other pages, and a table every other section),
    related topics. Most of it is the same in every version."""
    rng = random.Random(page.index)
    others = [p for p in pages if p is not page] or [page]
    window = rng.choice(WINDOWS)
    lines = [
        f"({page.label})=",
        f"# {page.title}",
        "",
        f"This page describes {page.title[0].lower() + page.title[1:]} in the **{window}** window of"
        f" Cloudempiere {version}. {_paragraph(rng, 2)}",
        "",
    ]
    fixed = 110  # words of the introduction and related topics, roughly
    per_section = max(20, (words - fixed) // LONG_SECTIONS)
    for number in range(1, LONG_SECTIONS + 1):
        other = rng.choice(others)
        heading = f"## {rng.choice(ACTIONS)} {rng.choice(SUBJECTS)}, step {number}"
        link = (
            f"See {{ref}}`{other.label}-s{rng.randint(1, LONG_SECTIONS)}` and the page"
            f" {{doc}}`{other.title} </{other.docname}>` before you continue."
        )
        admonition = "note" if number % 3 else "warning"
        note = _sentence(rng)
        section = [f"({page.label}-s{number})=", heading, ""]
        if number % 2 == 0:  # a table every other section
            section += [
                "| Field | Description | Default |",
                "|---|---|---|",
                *(f"| {name} | {desc} | {default} |" for name, desc, default in rng.sample(FIELDS, 4)),
                "",
            ]
        section += [link, ""]
        tail = [f":::{{{admonition}}}", note, ":::", ""]
        count = len(WORD.findall("\n".join(section + tail)))
        while True:
            text = _paragraph(rng, 3 if number % 2 else 4)
            size = len(WORD.findall(text))
            if count + size // 2 > per_section:
                break
            section += [text, ""]
            count += size
        lines += section + tail
    if (page.index + int(version)) % 4 == 0:  # a change of this version
        changed = random.Random(f"{page.index}-{version}")
        lines += [f"## Changes in version {version}", "", _paragraph(changed, 3), ""]
    a, b = rng.choice(others), rng.choice(others)
    lines += [
        "## Related topics",
        "",
        f"See {{ref}}`{a.label}`, the first step in {{ref}}`{b.label}-s1` and"
        f" [the steps of {b.title}](../{b.docname}.md).",
        "",
        "Open amount",
        ": The part of the document total that is not yet paid or allocated.",
        "",
    ]
    return "\n".join(lines)


def index_text(pages: list[Page], version: str) -> str:
    chapters = sorted({p.chapter for p in pages}, key=list(CHAPTERS).index)
    return "\n".join(
        [
            f"# Cloudempiere {version} user manual",
            "",
            f"This manual describes Cloudempiere {version}, the cloud ERP service built on iDempiere.",
            "",
            "```{toctree}",
            ":caption: Contents",
            ":maxdepth: 2",
            "",
            *(f"{chapter}/index" for chapter in chapters),
            "```",
            "",
        ]
    )


def chapter_text(chapter: str, pages: list[Page]) -> str:
    title = CHAPTERS[chapter][0]
    own = [p for p in pages if p.chapter == chapter]
    return "\n".join(
        [
            f"# {title}",
            "",
            f"The {title.lower()} chapter explains the documents and settings of this area.",
            "",
            "```{toctree}",
            ":maxdepth: 1",
            "",
            *(p.slug for p in own),
            "```",
            "",
        ]
    )


# ---------------------------------------------------------------------------- project

CONF = '''\
"""Sphinx configuration of the benchmark manual: the project's conf.py shape.

The reference and releases extensions are left out: they need source/_data files.
"""

from pathlib import Path

from cloudempiere_docs.site.registry import load_registry

_registry = load_registry(Path(__file__).parent / "versions.toml")

project = "Cloudempiere"
author = "Cloudempiere"
copyright = "2022-2026, Cloudempiere"
version = _registry.development.name
release = _registry.development.release

extensions = [
    "myst_parser",
    "cloudempiere_docs.ext.multiversion",  # sphinx-multiversion, adapted to Sphinx 9
    "cloudempiere_docs.ext.security",
    "cloudempiere_docs.ext.i18n",
    "cloudempiere_docs.ext.site",
    "cloudempiere_docs.ext.navigation",
    "cloudempiere_docs.formats",  # PDF, EPUB, HTML zip, Markdown: measured on their own
    "cloudempiere_docs.ext.reuse",  # pages read once for the versions they are the same in
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_data", "_build"]
nitpicky = True

language = "en"
locale_dirs = ["../locale/"]
gettext_compact = False
gettext_uuid = False
gettext_location = False

myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "attrs_block"]
myst_disable_syntax = ["html_block", "html_inline"]
myst_heading_anchors = 3
myst_url_schemes = ["http", "https", "mailto"]

html_theme = "furo"
html_baseurl = "https://docs.example.test/"
html_copy_source = False
html_show_sourcelink = False

cedocs_registry = "versions.toml"

# sphinx-multiversion's own CLI (the stock path): strict refs, one language per run.
smv_tag_whitelist = r"^v\\d+$"
smv_branch_whitelist = r"^main$"
smv_remote_whitelist = None
smv_released_pattern = r"^refs/tags/.*$"
smv_outputdir_format = "{ref.name}/{config.language}"
smv_latest_version = "LATEST_TAG"
'''

DATES = ["2024-12-16", "2026-03-16", "2026-12-14", "2027-06-14", "2027-12-13"]


def version_date(index: int) -> str:
    """The release (or planned) date of the ``index``-th version: DATES, then a release
    every 26 weeks after the last of them (the drift corpus has 20 versions)."""
    if index < len(DATES):
        return DATES[index]
    last = dt.date.fromisoformat(DATES[-1])
    return (last + dt.timedelta(weeks=26 * (index - len(DATES) + 1))).isoformat()


#: The web pages are compared with stock sphinx-multiversion, which makes nothing else:
#: the corpus publishes no format; the formats scenario turns them on (FORMATS_LINE).
FORMATS_LINE = "formats = []"


def registry_text(spec: CorpusSpec, current: str, commits: dict[str, str]) -> str:
    """``versions.toml`` with ``current`` in development and ``commits`` released."""
    names = spec.version_names
    lines = [
        "[site]",
        f"languages = {json.dumps(list(spec.languages))}",
        'default_language = "en"',
        'base_url = "https://docs.example.test/"',
        FORMATS_LINE,
        "",
        "[development]",
        f'name = "{current}"',
        f'release = "{current}.0.dev"',
        'title = "in development"',
        # As in the project's registry: without a planned date the pipeline stamps the
        # development version with the build time, and every edit rewrites every page.
        f"planned = {version_date(names.index(current))}",
    ]
    released = sorted(commits, key=int, reverse=True)
    for name in released:
        status = "latest" if name == released[0] else "outdated"
        lines += [
            "",
            "[[version]]",
            f'name = "{name}"',
            f'release = "{name}.0"',
            f'status = "{status}"',
            f"date = {version_date(names.index(name))}",
            f'commit = "{commits[name]}"',
            f'tag = "v{name}"',
        ]
    return "\n".join(lines) + "\n"


def git(repo: Path, *args: str) -> str:
    env = {
        "GIT_AUTHOR_NAME": "Docs", "GIT_AUTHOR_EMAIL": "docs@example.test",
        "GIT_COMMITTER_NAME": "Docs", "GIT_COMMITTER_EMAIL": "docs@example.test",
        "PATH": "/usr/bin:/bin:/usr/local/bin", "HOME": str(repo), "GIT_CONFIG_NOSYSTEM": "1",
    }  # fmt: skip
    return subprocess.run(("git", *args), cwd=repo, check=True, capture_output=True, text=True, env=env).stdout.strip()


def _write_sources(
    root: Path,
    pages: list[Page],
    version: str,
    words: int,
    layout: str = "short",
    history: dict[int, list[Revision]] | None = None,
) -> int:
    """Write ``source/`` of ``version``; ``history``: the drift layout's changes of each
    page up to this version. Returns the words of the content pages."""
    source = root / "source"
    shutil.rmtree(source, ignore_errors=True)
    (source / "index.md").parent.mkdir(parents=True)
    (source / "index.md").write_text(index_text(pages, version), encoding="utf-8")
    total = 0
    for chapter in {p.chapter for p in pages}:
        (source / chapter).mkdir()
        (source / chapter / "index.md").write_text(chapter_text(chapter, pages), encoding="utf-8")
    for page in pages:
        if layout == "drift":
            text = page_text(page, pages, version, words, (history or {}).get(page.index, []))
        else:
            text = (long_page_text if layout == "long" else page_text)(page, pages, version, words)
        total += len(WORD.findall(text))
        (source / f"{page.docname}.md").write_text(text, encoding="utf-8")
    return total


#: A fixed date, so generated catalogs do not differ between runs.
REVISION_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


def write_catalogs(root: Path) -> int:
    """Extract the messages of ``root/source`` and write a fully translated Slovak catalog
    per page into ``root/locale/sk/LC_MESSAGES``; return the number of messages."""
    with tempfile.TemporaryDirectory(prefix="cedocs-bench-pot-") as tmp:
        cmd = [sys.executable, "-m", "sphinx", "-b", "gettext", "-q", "-c", str(root),
               "-d", f"{tmp}/doctrees", str(root / "source"), f"{tmp}/pot"]  # fmt: skip
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=root)
        if proc.returncode != 0:
            raise RuntimeError(f"gettext build of the benchmark corpus failed:\n{proc.stdout}{proc.stderr}")
        locale = root / "locale" / "sk" / "LC_MESSAGES"
        shutil.rmtree(root / "locale", ignore_errors=True)
        messages = 0
        for pot_path in sorted(Path(tmp, "pot").rglob("*.pot")):
            if pot_path.name == "sphinx.pot":  # interface strings: the package's catalog has them
                continue
            po = Catalog(
                locale="sk",
                project="Cloudempiere",
                version="bench",
                revision_date=REVISION_DATE,
                last_translator="Benchmark <bench@example.invalid>",
                language_team="Slovak",
                fuzzy=False,
                header_comment="# Generated by benchmarks/corpus.py",
            )
            for message in intl.load_po(str(pot_path)):
                if message.id:
                    added = po.add(message.id, slovak(message.id))
                    # babel guesses python-format from "%" in page text; msgfmt -c would
                    # then reject the translation (the project's catalogs drop it too).
                    added.flags.discard("python-format")
                    messages += 1
            target = locale / pot_path.relative_to(Path(tmp, "pot")).with_suffix(".po")
            intl.dump_po(str(target), po, width=76, omit_header=False)
    return messages


def drift_count(spec: CorpusSpec) -> int:
    """Content pages each version of the drift layout changes: ``spec.drift`` of them,
    rounded half up, at least one (3 of 50 pages, 2 of 30)."""
    return max(1, min(spec.pages, int(spec.pages * spec.drift + 0.5)))


def drift_plan(spec: CorpusSpec) -> dict[str, dict[int, Revision]]:
    """The drift layout's changes: version -> {page index: its change in that version}.

    The first version is the base (no change); each later one changes
    :func:`drift_count` pages of the one before, chosen by a generator with a fixed seed,
    half of the changes (on average) a new section, the others a section rewritten.
    """
    rng = random.Random("drift")
    names = spec.version_names
    plan: dict[str, dict[int, Revision]] = {names[0]: {}}
    for name in names[1:]:
        chosen = sorted(rng.sample(range(spec.pages), drift_count(spec)))
        plan[name] = {index: Revision(name, rng.choice(("new", "rewrite")), rng.randrange(1000)) for index in chosen}
    return plan


LAYOUTS = ("short", "long", "drift")


def generate(dest: Path, spec: CorpusSpec = CorpusSpec()) -> Corpus:
    """Create the repository in ``dest`` (replaced if it exists)."""
    if spec.versions < 1 or spec.pages < 1:
        raise ValueError("the corpus needs at least one version and one page")
    if spec.layout not in LAYOUTS:
        raise ValueError(f"unknown page layout {spec.layout!r} ({', '.join(LAYOUTS)})")
    if not 0 < spec.drift <= 1:
        raise ValueError(f"the share of pages a version changes must be in (0, 1], got {spec.drift}")
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    pages = plan_pages(spec.pages)
    names = spec.version_names
    latest = names[-2] if len(names) > 1 else names[-1]
    (dest / "conf.py").write_text(CONF.replace("LATEST_TAG", f"v{latest}"), encoding="utf-8")
    (dest / ".gitignore").write_text("/build/\n/out/\n*.mo\n__pycache__/\n")
    git(dest, "init", "-q", "-b", "main")
    commits: dict[str, str] = {}
    words = 0
    plan = drift_plan(spec) if spec.layout == "drift" else {}
    history: dict[int, list[Revision]] = {}  # the drift layout: each page's changes so far
    for name in names:  # each commit's registry records the versions released before it
        (dest / "versions.toml").write_text(registry_text(spec, name, commits), encoding="utf-8")
        for index, revision in plan.get(name, {}).items():
            history.setdefault(index, []).append(revision)
        words = _write_sources(dest, pages, name, spec.words, spec.layout, history)
        if "sk" in spec.languages:
            write_catalogs(dest)
        git(dest, "add", "-A")
        git(dest, "commit", "-q", "-m", f"Manual for {name}")
        if name != names[-1]:
            commits[name] = git(dest, "rev-parse", "HEAD")
            git(dest, "tag", f"v{name}")
    return Corpus(
        root=dest,
        spec=spec,
        commits=commits,
        docnames=["index", *sorted({f"{p.chapter}/index" for p in pages}), *(p.docname for p in pages)],
        edit_page=dest / "source" / f"{pages[0].docname}.md",
        words=words,
        tags={name: f"v{name}" for name in commits},
        changed={name: [pages[index].docname for index in sorted(revs)] for name, revs in plan.items()},
    )
