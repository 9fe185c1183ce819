"""A data text that starts a table cell or a sentence starts with a capital letter, in
every language, from its one translation (formatting.capital_first, the table layer in
toolkit/nodes.py and the {val} role's ValueStartsSentence).

The real inputs: the SLA data and its Slovak catalog, whose business days are written
small (``pondelok až piatok ...``) because the glossary prints them after a colon, and
the defect titles that start with a format's name (``camt.053``).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from cloudempiere_docs import formatting
from cloudempiere_docs.data.kinds import KINDS, load
from cloudempiere_docs.data.texts import occurrences

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "source"
DATA_CATALOGS = REPO / "locale" / "sk" / "LC_MESSAGES" / "_data"
DAYS_SK = "pondelok až piatok okrem dní pracovného pokoja na Slovensku"


# ------------------------------------------------------------------------ the function


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (DAYS_SK, "sk", "Pondelok až piatok okrem dní pracovného pokoja na Slovensku"),  # the rest as it is
        ("camt.053 import skips batch-booked entries", "en", "camt.053 import skips batch-booked entries"),
        ("iDempiere 12 and later", "en", "iDempiere 12 and later"),
        ("eKasa receipts", "sk", "eKasa receipts"),
        ("„pondelok“ a utorok", "sk", "„Pondelok“ a utorok"),
        ("(nonstop)", "sk", "(Nonstop)"),
        ("istanbul office", "tr", "İstanbul office"),
        ("istanbul office", "en", "Istanbul office"),
        ("ijsselmeer", "nl", "IJsselmeer"),
        ("ǆungla", "hr", "ǅungla"),  # the title case of a digraph, not its capital Ǆ
        ("4 pracovné hodiny", "sk", "4 pracovné hodiny"),
        ("Už veľké", "sk", "Už veľké"),
        ("", "sk", ""),
        ("„", "sk", "„"),
    ],
)
def test_capital_first(text: str, language: str, expected: str) -> None:
    assert formatting.capital_first(text, language) == expected


def real_texts() -> dict[str, list[str]]:
    loaded: dict[str, object] = {}
    texts: dict[str, list[str]] = {}
    for name, kind in KINDS.items():
        data = load(kind, SOURCE / kind.default, loaded)  # type: ignore[arg-type]
        assert data.loaded is not None, data.problems
        loaded[name] = data.loaded
        texts[name] = [o.text for o in occurrences(name, data.loaded)]
    return texts


def test_every_english_data_text_reads_the_same_at_the_start_of_a_cell() -> None:
    """The English data starts its texts with a capital or a name written small on
    purpose (camt.053): English pages do not change."""
    texts = [t for group in real_texts().values() for t in group]
    assert len(texts) > 200
    assert "camt.053 import skips batch-booked entries" in texts
    assert [t for t in texts if formatting.capital_first(t, "en") != t] == []


def test_slovak_data_catalogs_change_only_the_first_letter() -> None:
    changed = {}
    for po in sorted(DATA_CATALOGS.glob("*.po")):
        with po.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if message.id and isinstance(message.string, str) and message.string:
                shown = formatting.capital_first(message.string, "sk")
                if shown != message.string:
                    assert shown[1:] == message.string[1:]
                    changed[(po.stem, message.context)] = shown
    assert changed[("sla", "business_hours.days")] == "Pondelok až piatok okrem dní pracovného pokoja na Slovensku"


# ------------------------------------------------------------------ the real SLA data

PAGE = """\
# Support

```{support-hours}
```

A business day: {val}`support/days`.

{val}`support/days`, {val}`support/hours`.

Telephone support closes on days of rest. {val}`channel/telephone/days` it is staffed.

The default is {val}`setting/LOWER_CASE_DEFAULT/default`.

{val}`setting/LOWER_CASE_DEFAULT/default` is the default.
"""

SETTINGS = """\
settings:
  - key: LOWER_CASE_DEFAULT
    module: Core
    level: System
    type: string
    default: "utf-8"
    since: "11"
    description: A setting whose default is written small.
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The real SLA data and Slovak SLA catalog, a page showing them in a table and in
    sentences, and a setting whose default (code) is written small."""
    root = tmp_path / "project"
    (root / "_data").mkdir(parents=True)
    shutil.copy(SOURCE / "_data" / "sla.yaml", root / "_data" / "sla.yaml")
    (root / "_data" / "settings.yaml").write_text(SETTINGS, encoding="utf-8")
    catalogs = root / "locale" / "sk" / "LC_MESSAGES" / "_data"
    catalogs.mkdir(parents=True)
    shutil.copy(DATA_CATALOGS / "sla.po", catalogs / "sla.po")
    (catalogs / "settings.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n', encoding="utf-8"
    )
    (root / "conf.py").write_text(
        'extensions = ["myst_parser", "cloudempiere_docs.reference"]\n'
        'project = "Capitals"\nversion = "14"\nlanguage = "en"\n'
        'exclude_patterns = ["_build", "_data", "locale"]\n'
        'locale_dirs = ["locale/"]\ngettext_compact = False\nnitpicky = True\n',
        encoding="utf-8",
    )
    (root / "index.md").write_text(PAGE, encoding="utf-8")
    return root


def text_of(app) -> str:
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    page = page[page.index('<h1>') : page.rindex("</section>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)).replace(" ,", ",").replace(" .", ".")


def test_slovak_business_days_start_the_cell_and_sentences_with_a_capital(make_app, project: Path) -> None:
    app = make_app("html", srcdir=project, confoverrides={"language": "sk"}, freshenv=True)
    app.build()
    assert "WARNING" not in app.warning.getvalue(), app.warning.getvalue()
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    # The support-hours table: the cell of the telephone line.
    assert f"<td><p>P{DAYS_SK[1:]}</p>" in page, page
    text = text_of(app)
    assert f"A business day: {DAYS_SK}." in text  # the middle of a sentence: as translated
    assert f"P{DAYS_SK[1:]}, 8:00" in text  # the start of a paragraph
    assert f"closes on days of rest. P{DAYS_SK[1:]} it is staffed." in text  # after a full stop
    # Code stays as written, at the start of a paragraph too.
    assert "The default is utf-8." in text and "utf-8 is the default." in text
    assert "Utf-8" not in text


def test_english_build_is_as_written(make_app, project: Path) -> None:
    app = make_app("html", srcdir=project, freshenv=True)
    app.build()
    assert "WARNING" not in app.warning.getvalue(), app.warning.getvalue()
    text = text_of(app)
    days = "Monday to Friday, except public holidays that are days of rest in Slovakia"
    assert f"A business day: {days}." in text and f"{days}, 8:00" in text
    assert "utf-8 is the default." in text
