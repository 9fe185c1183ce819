"""The SLA page and the priorities page print the same facts from the SLA data, in
English and in Slovak, from the one translation in the SLA data catalog: the request
priorities (R_Request) each support priority maps to.

The real inputs: the manual's SLA data and its Slovak data catalog.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from cloudempiere_docs.data.kinds import KINDS, load

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "source"
CATALOGS = REPO / "locale" / "sk" / "LC_MESSAGES"

SLA_PAGE = """\
# Service levels

```{sla-targets}
:show: response
```
"""

PRIORITIES_PAGE = """\
# Priorities

```{request-priorities}
```
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "_data").mkdir(parents=True)
    shutil.copy(SOURCE / "_data" / "sla.yaml", root / "_data" / "sla.yaml")
    catalogs = root / "locale" / "sk" / "LC_MESSAGES" / "_data"
    catalogs.mkdir(parents=True)
    shutil.copy(CATALOGS / "_data" / "sla.po", catalogs / "sla.po")
    (root / "conf.py").write_text(
        'extensions = ["myst_parser", "cloudempiere_docs.reference"]\n'
        'project = "SLA"\nversion = "14"\nlanguage = "en"\n'
        'exclude_patterns = ["_build", "_data", "locale"]\n'
        'locale_dirs = ["locale/"]\ngettext_compact = False\nnitpicky = True\n',
        encoding="utf-8",
    )
    (root / "index.md").write_text("# SLA\n\n```{toctree}\n\nsla\npriorities\n```\n", encoding="utf-8")
    (root / "sla.md").write_text(SLA_PAGE, encoding="utf-8")
    (root / "priorities.md").write_text(PRIORITIES_PAGE, encoding="utf-8")
    return root


def tables(app, page: str) -> list[list[list[str]]]:
    """The tables of a built page: rows of cell texts, the head row first."""
    html = (Path(app.outdir) / f"{page}.html").read_text(encoding="utf-8")
    found = []
    for table in re.findall(r"<table.*?</table>", html, re.S):
        rows = []
        for row in re.findall(r"<tr.*?</tr>", table, re.S):
            cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
            rows.append([" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cells])
        found.append(rows)
    return found


def cells(app, page: str, head: str) -> list[str]:
    """The cells of the column headed ``head`` in the page's table that has one."""
    for rows in tables(app, page):
        if head in rows[0]:
            column = rows[0].index(head)
            return [row[column] for row in rows[1:]]
    raise AssertionError(f"no column {head!r} in {page}: {tables(app, page)}")


def request_names(language: str) -> list[tuple[int, str]]:
    """The request priorities of the data, in the order of the support priorities, with
    their names as the data catalog translates them."""
    data = load(KINDS["sla"], SOURCE / "_data" / "sla.yaml").value
    with (CATALOGS / "_data" / "sla.po").open("rb") as handle:
        catalog = read_po(handle)
    out = []
    for priority in sorted(data.priorities, key=lambda p: p.level):
        request = data.request_priority(priority.request_priority)
        name = request.name if language == "en" else catalog.get(request.name, context="request_priorities.name").string
        out.append((request.value, name))
    return out


@pytest.mark.parametrize(
    ("language", "column", "expected"),
    [
        ("en", "Request priority", ["Urgent", "High", "Medium", "Low", "Minor"]),
        ("sk", "Priorita požiadavky", ["Naliehavá", "Vysoká", "Stredná", "Nízka", "Vedľajšia"]),
    ],
)
def test_both_pages_show_the_request_priorities_of_the_data(make_app, project: Path, language, column, expected) -> None:
    if language == "sk":  # the column heads are page messages of each page
        messages = 'msgid "Request priority"\nmsgstr "Priorita požiadavky"\n\nmsgid "Value"\nmsgstr "Hodnota"\n'
        for page in ("sla", "priorities"):
            path = project / "locale" / "sk" / "LC_MESSAGES" / f"{page}.po"
            path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + messages, encoding="utf-8")
    app = make_app("html", srcdir=project, confoverrides={"language": language}, freshenv=True)
    app.build()
    assert "WARNING" not in app.warning.getvalue(), app.warning.getvalue()
    data = request_names(language)
    assert [name for _value, name in data] == expected  # what the catalog holds is what both pages show
    assert cells(app, "sla", column) == [f"{value} {name}" for value, name in data]
    assert cells(app, "priorities", column) == expected
    assert cells(app, "priorities", "Hodnota" if language == "sk" else "Value") == [str(value) for value, _name in data]


LEVELS_PAGE = """\
# Levels

```{sla-matrix}
:show: impact
```

```{sla-matrix}
:show: urgency, matrix
```
"""

LEVELS_PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Impact"
msgstr "Dopad"

msgid "Urgency"
msgstr "Naliehavosť"

msgid "Meaning"
msgstr "Význam"

msgid "Examples"
msgstr "Príklady"
"""


@pytest.mark.parametrize(
    ("language", "impact", "urgency", "examples", "impacts", "urgencies"),
    [
        ("en", "Impact", "Urgency", "Examples", ["High", "Medium", "Low"], ["High", "Medium", "Low"]),
        # "dopad" is masculine, "naliehavosť" feminine: each level has its own message.
        ("sk", "Dopad", "Naliehavosť", "Príklady", ["Vysoký", "Stredný", "Nízky"], ["Vysoká", "Stredná", "Nízka"]),
    ],
)
def test_impact_and_urgency_tables_come_from_the_data(make_app, project: Path, language, impact, urgency, examples, impacts, urgencies) -> None:
    (project / "levels.md").write_text(LEVELS_PAGE, encoding="utf-8")
    (project / "index.md").write_text("# SLA\n\n```{toctree}\n\nsla\npriorities\nlevels\n```\n", encoding="utf-8")
    (project / "locale" / "sk" / "LC_MESSAGES" / "levels.po").write_text(LEVELS_PO, encoding="utf-8")
    app = make_app("html", srcdir=project, confoverrides={"language": language}, freshenv=True)
    app.build()
    assert "WARNING" not in app.warning.getvalue(), app.warning.getvalue()
    assert cells(app, "levels", impact) == impacts
    assert cells(app, "levels", urgency) == urgencies
    data = load(KINDS["sla"], SOURCE / "_data" / "sla.yaml").value
    shown = [t for t in tables(app, "levels") if t[0][0] in (impact, urgency)]
    assert [len(t) - 1 for t in shown] == [len(data.impacts), len(data.urgencies)]
    # Every level shows its examples, one list item each, in the build's language.
    html = "".join(re.findall(r"<table.*?</table>", (Path(app.outdir) / "levels.html").read_text(encoding="utf-8"), re.S))
    items = [" ".join(re.sub(r"<[^>]+>", " ", i).split()) for i in re.findall(r"<li>(.*?)</li>", html, re.S)]
    assert len(items) == sum(len(level.examples) for level in [*data.impacts, *data.urgencies])
    first = "Nobody can sign in" if language == "en" else "Nikto sa nemôže prihlásiť"
    assert items[0] == first and examples in tables(app, "levels")[0][0]
    # The matrix follows the urgency table, as :show: lists them.
    assert [t[0][0] for t in tables(app, "levels")] == [impact, urgency, "Impact / urgency"]  # (no translation given here)


def test_a_workaround_lowers_the_urgency_not_the_impact() -> None:
    """One rule, stated on the priorities page: the impact levels do not depend on a
    workaround; the urgency levels say what a workaround does."""
    data = load(KINDS["sla"], SOURCE / "_data" / "sla.yaml").value
    for level in data.impacts:
        assert "workaround" not in " ".join([level.description, *level.examples]).lower(), level.id
    urgency = {level.id: level.description for level in data.urgencies}
    assert "no workaround" in urgency["high"] and "a workaround holds" in urgency["medium"]
    page = (SOURCE / "support" / "priorities.md").read_text(encoding="utf-8")
    assert " ".join(page.split()).count("A workaround lowers the urgency, not the impact") == 1
