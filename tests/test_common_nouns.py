"""A name printed from data in the middle of a sentence: a common noun (a support
channel's name) is written small there, a proper name (a subscription tier) keeps its
capital, in English and in Slovak (formatting.small_first, data.texts.COMMON_NOUNS,
the {val} role); a name may take the inflected title a Slovak sentence needs
(``{val}`portáli podpory <channel/portal/name>```), and the inflection check flags a
bare name right after a preposition.

The real inputs: the SLA data of the manual and its Slovak data catalog.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from cloudempiere_docs import formatting
from cloudempiere_docs.data.kinds import KINDS, load
from cloudempiere_docs.data.texts import COMMON_NOUNS, TEXT_FIELDS, is_common_noun
from cloudempiere_docs.i18n import inflection

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "source"
CATALOGS = REPO / "locale" / "sk" / "LC_MESSAGES"


# ------------------------------------------------------------------------ the function


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Support portal", "en", "support portal"),
        ("Portál podpory", "sk", "portál podpory"),
        ("On-call line", "en", "on-call line"),
        ("Telefonická podpora v pracovné dni", "sk", "telefonická podpora v pracovné dni"),  # the rest as it is
        ("„Portál“ podpory", "sk", "„portál“ podpory"),  # after an opening quote
        ("SLA portal", "en", "SLA portal"),  # an abbreviation is spelled so on purpose
        ("IBAN check", "en", "IBAN check"),
        ("iDempiere", "en", "iDempiere"),  # small already
        ("camt.053 import", "en", "camt.053 import"),
        ("Istanbul office", "tr", "\u0131stanbul office"),  # Turkish: dotless
        ("\u0130stanbul office", "tr", "istanbul office"),
        ("\u0130stanbul office", "en", "istanbul office"),  # not i + a combining dot
        ("IJsselmeer", "nl", "ijsselmeer"),
        ("\u01c5ungla", "hr", "\u01c6ungla"),  # the title-case digraph
        ("4 pracovné hodiny", "sk", "4 pracovné hodiny"),
        ("Telefonsupport", "de", "Telefonsupport"),  # German writes every noun with a capital
        ("Bereitschaftsdienst", "de_AT", "Bereitschaftsdienst"),
        ("", "sk", ""),
    ],
)
def test_small_first(text: str, language: str, expected: str) -> None:
    assert formatting.small_first(text, language) == expected


def test_small_first_undoes_capital_first() -> None:
    for text in ("portál podpory", "on-call line", "ǆungla"):
        assert formatting.small_first(formatting.capital_first(text, "sk"), "sk") == text


def test_common_nouns_are_text_fields_and_opt_in() -> None:
    for kind, fields in COMMON_NOUNS.items():
        assert fields <= set(TEXT_FIELDS[kind]), f"{kind}: {sorted(fields - set(TEXT_FIELDS[kind]))} are not text fields"
    assert is_common_noun("sla", "channels.name")
    assert not is_common_noun("sla", "services.name")  # no {val} kind prints it mid-sentence
    # Proper names are never written small: tiers, windows, taxes, releases.
    assert not is_common_noun("sla", "tiers.name")
    assert not is_common_noun("windows", "windows.name")
    assert not is_common_noun("taxes", "taxes.name")
    assert not is_common_noun("sla", "priorities.name")


# ------------------------------------------------------------------ the real SLA data

PAGE = """\
# Support

```{toctree}
:hidden:

hours
```

Report it in the {val}`channel/portal/name` at any time.

{val}`channel/portal/name` is open around the clock.

Critical incidents with the {val}`tier/strategic/name` subscription are handled {val}`tier/strategic/p1-hours`.

Through {val}`tier/strategic/p1-channels`.

{val}`tier/strategic/name` adds a line.
"""

PAGE_PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Support"
msgstr "Podpora"

msgid "Report it in the {val}`channel/portal/name` at any time."
msgstr "Nahláste to kedykoľvek na {val}`portáli podpory <channel/portal/name>`."

msgid "{val}`channel/portal/name` is open around the clock."
msgstr "{val}`channel/portal/name` je k dispozícii nepretržite."

msgid ""
"Critical incidents with the {val}`tier/strategic/name` subscription are "
"handled {val}`tier/strategic/p1-hours`."
msgstr ""
"Kritické incidenty sa v predplatnom {val}`tier/strategic/name` riešia "
"{val}`tier/strategic/p1-hours`."

msgid "Through {val}`tier/strategic/p1-channels`."
msgstr "Kanály: {val}`tier/strategic/p1-channels`."

msgid "{val}`tier/strategic/name` adds a line."
msgstr "{val}`tier/strategic/name` pridáva linku."
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "_data").mkdir(parents=True)
    shutil.copy(SOURCE / "_data" / "sla.yaml", root / "_data" / "sla.yaml")
    catalogs = root / "locale" / "sk" / "LC_MESSAGES"
    (catalogs / "_data").mkdir(parents=True)
    shutil.copy(CATALOGS / "_data" / "sla.po", catalogs / "_data" / "sla.po")
    (catalogs / "index.po").write_text(PAGE_PO, encoding="utf-8")
    (root / "conf.py").write_text(
        'extensions = ["myst_parser", "cloudempiere_docs.reference"]\n'
        'project = "Nouns"\nversion = "14"\nlanguage = "en"\n'
        'exclude_patterns = ["_build", "_data", "locale"]\n'
        'locale_dirs = ["locale/"]\ngettext_compact = False\nnitpicky = True\n',
        encoding="utf-8",
    )
    (root / "index.md").write_text(PAGE, encoding="utf-8")
    # The channels' entries, on a page of their own: a value links to its entry.
    (root / "hours.md").write_text("# Hours\n\n```{support-hours}\n```\n", encoding="utf-8")
    return root


def channel_names(language: str) -> list[str]:
    """The names of the real channels as the data catalog translates them."""
    data = load(KINDS["sla"], SOURCE / "_data" / "sla.yaml").value
    if language == "en":
        return [c.name for c in data.channels]
    from babel.messages.pofile import read_po

    with (CATALOGS / "_data" / "sla.po").open("rb") as handle:
        catalog = read_po(handle)
    return [catalog.get(c.name, context="channels.name").string for c in data.channels]


def text_of(app) -> str:
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    page = page[page.index("<h1>") : page.rindex("</section>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)).replace(" ,", ",").replace(" .", ".")


def test_english_channel_names_are_small_in_a_sentence_and_tier_names_keep_their_capital(make_app, project: Path) -> None:
    app = make_app("html", srcdir=project, freshenv=True)
    app.build()
    assert "WARNING" not in app.warning.getvalue(), app.warning.getvalue()
    text = text_of(app)
    assert "Report it in the support portal at any time." in text
    assert "Support portal is open around the clock." in text  # a sentence starts with it
    assert "Critical incidents with the Strategic subscription are handled around the clock." in text
    assert "Strategic adds a line." in text
    portal, telephone = channel_names("en")[:2]
    assert f"Through {portal.lower()}, {telephone.lower()}," in text
    # The table of channels: each name starts its cell.
    assert "<td><p>Support portal</p>" in (Path(app.outdir) / "hours.html").read_text(encoding="utf-8")
    # The name links to the channel's entry.
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="hours.html#support-channel-portal"[^>]*>(<span[^>]*>)+support portal</span></span></a> at any time', page)


def test_slovak_channel_names_are_small_in_a_sentence_and_take_an_inflected_title(make_app, project: Path) -> None:
    app = make_app("html", srcdir=project, confoverrides={"language": "sk"}, freshenv=True)
    app.build()
    assert "WARNING" not in app.warning.getvalue(), app.warning.getvalue()
    text = text_of(app)
    assert "Nahláste to kedykoľvek na portáli podpory." in text  # the translator's title
    assert "Portál podpory je k dispozícii nepretržite." in text
    assert "Kritické incidenty sa v predplatnom Strategic riešia nepretržite." in text
    assert "Strategic pridáva linku." in text
    portal, telephone = channel_names("sk")[:2]
    assert portal == "Portál podpory"
    assert f"Kanály: {formatting.small_first(portal, 'sk')}, {formatting.small_first(telephone, 'sk')}" in text
    assert "<td><p>Portál podpory</p>" in (Path(app.outdir) / "hours.html").read_text(encoding="utf-8")
    # The titled value still links to the channel's entry.
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="hours.html#support-channel-portal"[^>]*><span class="cedocs-value">portáli podpory</span></a>', page), page


def test_a_title_on_a_value_that_is_not_a_name_is_a_located_error(make_app, project: Path) -> None:
    page = project / "index.md"
    page.write_text(PAGE + "\nFrom {val}`8 hodín <support/hours>` on.\n", encoding="utf-8")
    app = make_app("html", srcdir=project, freshenv=True)
    app.build()
    warnings = app.warning.getvalue()
    assert re.search(r"index\.md:19: WARNING: \{val\}`8 hodín <support/hours>`: only a name \(kind/key/name\) takes a title of its own; the build writes support/hours", warnings), warnings
    assert "[cedocs.ref]" in warnings


# --------------------------------------------------------------- inflection of names


def catalog(*pairs: tuple[str, str]) -> Catalog:
    out = Catalog(locale="sk")
    for msgid, msgstr in pairs:
        out.add(msgid, msgstr, lineno=1)
    return out


def test_a_bare_name_after_a_preposition_is_flagged_with_what_it_shows_now() -> None:
    titles = inflection.Titles(None, CATALOGS, SOURCE, "sk")
    found = inflection.problems(
        catalog(
            ("Report it in the {val}`channel/portal/name`.", "Nahláste to na {val}`channel/portal/name`."),
            ("With {val}`tier/strategic/name`.", "V predplatnom {val}`tier/strategic/name`."),  # not after a preposition
            ("From {val}`tax/sk-standard-23/from`.", "Od {val}`tax/sk-standard-23/from`."),  # a date: right as it is
            ("In the {val}`channel/portal/name`.", "Na {val}`portáli podpory <channel/portal/name>`."),  # titled
        ),
        ["msgstr"] * 4,
        "locale/sk/LC_MESSAGES/support/x.po",
        "sk",
        titles,
    )
    assert len(found) == 1, [p.message for p in found]
    assert "{val}`channel/portal/name` right after the preposition 'na' shows its title in the nominative (now «portál podpory»)" in found[0].message
    assert "na {val}`<portál podpory, inflected> <channel/portal/name>`" in found[0].message


# ------------------------------------------------------------------ titles of names


def test_a_title_in_the_source_language_is_a_located_error(make_app, project: Path) -> None:
    """English prints the data's name: a title would replace a value with typed text."""
    page = project / "index.md"
    page.write_text(PAGE + "\nAsk in the {val}`Premium portal <channel/portal/name>` today.\n", encoding="utf-8")
    app = make_app("html", srcdir=project, freshenv=True)
    app.build()
    warnings = app.warning.getvalue()
    assert re.search(
        r"index\.md:19: WARNING: \{val\}`Premium portal <channel/portal/name>`: a title is for a translation that must"
        r" inflect the name; in the source language print the name as the data holds it: \{val\}`channel/portal/name`",
        warnings,
    ), warnings
    assert "[cedocs.ref]" in warnings
    assert "Premium portal" not in text_of(app)  # the typed text is not printed as if it were the value


@pytest.mark.parametrize(
    ("title", "path", "good"),
    [
        ("portáli podpory", "channel/portal/name", True),
        ("pohotovostnej linke", "channel/on-call/name", True),
        ("Portál podpory", "channel/portal/name", True),  # case aside
        ("Premium", "tier/strategic/name", False),  # another name
        ("portáli", "channel/portal/name", False),  # a word left out
        ("linke podpory", "channel/portal/name", False),
    ],
)
def test_a_translated_title_must_look_like_a_form_of_the_name(make_app, project: Path, title: str, path: str, good: bool) -> None:
    (project / "index.md").write_text(PAGE + f"\nTurn to the {{val}}`{path}`.\n", encoding="utf-8")
    po = project / "locale" / "sk" / "LC_MESSAGES" / "index.po"
    po.write_text(PAGE_PO + f'\nmsgid "Turn to the {{val}}`{path}`."\nmsgstr "Obráťte sa na {{val}}`{title} <{path}>`."\n', encoding="utf-8")
    app = make_app("html", srcdir=project, confoverrides={"language": "sk"}, freshenv=True)
    app.build()
    warnings = app.warning.getvalue()
    assert "Obráťte sa na" in text_of(app)
    if good:
        assert "WARNING" not in warnings, warnings
        return
    assert re.search(
        rf"index\.md:19[^\n]*WARNING: \{{val\}}`{title} <{path}>`: the title '{title}' does not look like a form of the name it replaces",
        warnings,
    ), warnings
    assert "[cedocs.i18n]" in warnings


def test_a_translated_title_is_escaped(make_app, project: Path) -> None:
    po = project / "locale" / "sk" / "LC_MESSAGES" / "index.po"
    po.write_text(PAGE_PO.replace("{val}`portáli podpory <channel/portal/name>`", '{val}`portáli >podpory&amp <channel/portal/name>`'), encoding="utf-8")
    app = make_app("html", srcdir=project, confoverrides={"language": "sk"}, freshenv=True)
    app.build()
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert "portáli &gt;podpory&amp;amp</span>" in page, page[page.index("Nahláste") : page.index("Nahláste") + 400]
    assert ">podpory&amp<" not in page
