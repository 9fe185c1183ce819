"""Data text translated once: one catalog per data file, used by every page, role and feed.

The root ``test-data-catalogs`` shows the texts of windows.yaml, settings.yaml,
releases.yaml and defects.yaml on several pages (a defect on two release pages and the
known-issues page, a window in the reference, in a role and in a release's features) and
translates them in ``locale/sk/LC_MESSAGES/_data/*.po`` only.
"""

from __future__ import annotations

import os
import re
import shutil
import time
import typing
from pathlib import Path

import feedparser
import pytest
from babel.messages.pofile import read_po

from cloudempiere_docs.data.kinds import KINDS, load
from cloudempiere_docs.data.texts import TEXT_FIELDS, DataText, occurrences

ROOT = Path(__file__).resolve().parent / "roots" / "test-data-catalogs"
SK = {"language": "sk"}
DATA = ROOT / "locale" / "sk" / "LC_MESSAGES" / "_data"


def warnings(app) -> list[str]:
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    return [line for line in text.splitlines() if "WARNING" in line and "already registered" not in line]


def html(app, docname: str) -> str:
    return (Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8")


def copy(tmp_path: Path, name: str = "root") -> Path:
    target = tmp_path / name
    shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns("_build", "*.mo"))
    return target


def touch_later(path: Path) -> None:
    later = time.time() + 10
    os.utime(path, (later, later))


def settle(path: Path) -> None:
    """Move ``path`` back before the last build, so it no longer counts as changed."""
    earlier = time.time() - 3600
    os.utime(path, (earlier, earlier))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    touch_later(path)


def english_texts() -> set[str]:
    """Every text of the root's data files (what must not reach a page's template)."""
    texts = set()
    for name in ("windows", "settings", "releases", "defects"):
        kind = KINDS[name]
        deps = {r: load(KINDS[r], ROOT / KINDS[r].default).loaded for r in kind.requires}
        texts |= {o.text for o in occurrences(name, load(kind, ROOT / kind.default, deps).loaded)}
    return texts


# ------------------------------------------------------------------ one text everywhere


def test_slovak_text_is_the_same_in_tables_roles_and_the_feed(make_app, tmp_path: Path) -> None:
    app = make_app("html", srcdir=copy(tmp_path), confoverrides=SK, freshenv=True)
    app.build()
    assert warnings(app) == []

    # A defect reads the same on both release pages, on the known-issues page and in the feed.
    title = "Automatické ukladanie uloží neúplný záznam"
    for page in ("notes/13.0", "notes/13.1", "known-issues"):
        assert title in html(app, page), page
        assert "Automatic saving saves" not in html(app, page)
    feed = feedparser.parse((Path(app.outdir) / "releases.atom").read_text(encoding="utf-8"))
    entries = {e.id: e for e in feed.entries}
    confirmed = next(e for key, e in entries.items() if key.endswith("defect/CLD-1003/confirmed"))
    assert confirmed.title.startswith(f"CLD-1003: {title}")
    assert "Ponechajte ZK_AUTO_SAVE_CHANGES na hodnote N." in confirmed.summary
    # A defect only listed in a table: the feed quotes no entry, its texts still come from the catalog.
    listed = next(e for key, e in entries.items() if key.endswith("defect/CLD-1004/confirmed"))
    assert listed.title.startswith("CLD-1004: Prázdna prihlasovacia stránka v prehliadači Internet Explorer 11")
    assert listed.summary.startswith("Internet Explorer 11 namiesto prihlasovacieho formulára zobrazí prázdnu stránku.")
    assert listed.tags[0].term == "Webové rozhranie"
    highlights = next(e for key, e in entries.items() if key.endswith("release/13.1"))
    assert highlights.summary.endswith("Opravy automatického ukladania.")  # after the release date

    # A window's name: the reference's section, the phrases around it, a role, the release's features.
    reference = html(app, "reference")
    assert '<h2>Konfigurátor systému' in reference
    assert "Záložka Konfigurátor systému" in reference and "Polia záložky Konfigurátor systému" in reference
    assert "<td><p>Názov</p></td>" in reference
    usage = html(app, "usage")
    assert re.search(r'href="reference\.html#window-system-configurator"[^>]*><span class="xref ce ce-window">Konfigurátor systému</span>', usage)
    # The translator's inflected title after a preposition, same target.
    assert re.search(r'href="reference\.html#window-system-configurator"[^>]*><span class="xref ce ce-window">Konfigurátore systému</span>', usage)
    # A setting with a title of its own shows text, not code.
    assert re.search(r'href="settings\.html#setting-zk-paging-size"[^>]*><span class="xref ce ce-setting">kľúč stránkovania</span>', usage)
    assert "Konfigurátor systému" in html(app, "notes/13.1")  # the feature's windows
    # A setting's level in its summary row, as the application labels it (interface catalog).
    assert re.search(r'cedocs-facet-level"><p>(Systém|Klient|Organizácia)</p>', html(app, "settings"))
    assert "Konfigurátor systému (okno)" in html(app, "genindex")


def test_english_build_shows_the_data_as_written(make_app, tmp_path: Path) -> None:
    app = make_app("html", srcdir=copy(tmp_path), freshenv=True)
    app.build()
    assert warnings(app) == []
    assert "Automatic saving saves an incomplete record" in html(app, "known-issues")
    assert "Fields of the System Configurator tab" in html(app, "reference")
    assert "<td><p>Name</p></td>" in html(app, "reference")


# --------------------------------------------------------------------------- templates


@pytest.mark.sphinx("gettext", testroot="data-catalogs", freshenv=True)
def test_data_text_is_in_the_data_templates_only(app) -> None:
    app.build()
    out = Path(app.outdir)
    texts = english_texts()
    for pot in out.rglob("*.pot"):
        if pot.parent.name == "_data":
            continue
        ids = {m.id for m in read_po(pot.open("rb")) if m.id}
        assert not ids & texts, f"{pot.name} extracts data text: {ids & texts}"
    defects = {(m.context, m.id): m for m in read_po((out / "_data" / "defects.pot").open("rb")) if m.id}
    message = defects[("defects.title", "Automatic saving saves an incomplete record")]
    assert [line for _path, line in message.locations] == [13]
    assert message.locations[0][0].endswith("_data/defects.yaml")
    assert "python-format" not in (out / "_data" / "defects.pot").read_text(encoding="utf-8")  # "5 %" is no format
    windows = {(m.context, m.id) for m in read_po((out / "_data" / "windows.pot").open("rb")) if m.id}
    # One English word, two things: the window and its tab are two messages.
    assert {("windows.name", "System Configurator"), ("windows.tabs.name", "System Configurator")} <= windows


def _leaf(annotation: object) -> object:
    """The type inside Optional[...], list[...], tuple[..., ...], Annotated[...]."""
    if typing.get_origin(annotation) is typing.Literal:
        return str if all(isinstance(a, str) for a in typing.get_args(annotation)) else annotation
    args = [a for a in getattr(annotation, "__args__", ()) if a is not type(None) and a is not Ellipsis]
    if hasattr(annotation, "__metadata__"):  # Annotated[str, ...]
        return _leaf(annotation.__origin__)
    return _leaf(args[0]) if args and not hasattr(annotation, "model_fields") else annotation


def test_every_text_field_names_a_text_of_the_schema() -> None:
    """TEXT_FIELDS is what the gettext build extracts and what directives look up."""
    for kind, fields in TEXT_FIELDS.items():
        for field in fields:
            current = KINDS[kind].model
            for part in field.split("."):
                assert part in current.model_fields, f"{kind}: {field}"
                current = _leaf(current.model_fields[part].annotation)
            assert current is str, f"{kind}: {field} is {current}"
    with pytest.raises(ValueError, match="not a text field"):
        DataText("windows", "windows.id", "42")


# ------------------------------------------------------------------ incremental, parallel


def test_editing_a_data_catalog_rereads_exactly_the_pages_showing_it(make_app, tmp_path: Path) -> None:
    srcdir = copy(tmp_path)
    make_app("html", srcdir=srcdir, confoverrides=SK, freshenv=True).build()
    catalog = srcdir / "locale" / "sk" / "LC_MESSAGES" / "_data" / "defects.po"
    edit(catalog, 'msgstr "Automatické ukladanie uloží neúplný záznam"', 'msgstr "Automatické ukladanie uloží nedokončený záznam"')
    again = make_app("html", srcdir=srcdir, confoverrides=SK)
    read: list[str] = []
    again.connect("env-before-read-docs", lambda _app, _env, docnames: read.extend(docnames))
    again.build()
    assert sorted(read) == ["known-issues", "notes/13.0", "notes/13.1"]
    for page in read:
        assert "uloží nedokončený záznam" in html(again, page)
    feed = (Path(again.outdir) / "releases.atom").read_text(encoding="utf-8")
    assert "CLD-1003: Automatické ukladanie uloží nedokončený záznam" in feed
    assert warnings(again) == []
    settle(catalog)

    # A window's name: the reference and the release showing it are read again; the page
    # with a role is written again with the new name (roles resolve when pages are written).
    windows = srcdir / "locale" / "sk" / "LC_MESSAGES" / "_data" / "windows.po"
    edit(windows, 'msgctxt "windows.name"\nmsgid "System Configurator"\nmsgstr "Konfigurátor systému"',
         'msgctxt "windows.name"\nmsgid "System Configurator"\nmsgstr "Systémový konfigurátor"')  # fmt: skip
    third = make_app("html", srcdir=srcdir, confoverrides=SK)
    read.clear()
    third.connect("env-before-read-docs", lambda _app, _env, docnames: read.extend(docnames))
    third.build()
    assert sorted(read) == ["notes/13.1", "reference"]
    assert ">Systémový konfigurátor</span>" in html(third, "usage")
    assert "Záložka Konfigurátor systému" in html(third, "reference")  # the tab's own name did not change


def test_a_catalog_with_an_older_time_stamp_still_counts(make_app, tmp_path: Path) -> None:
    """A checkout or an archived version can give a changed catalog an old time stamp."""
    srcdir = copy(tmp_path)
    make_app("html", srcdir=srcdir, confoverrides=SK, freshenv=True).build()
    catalog = srcdir / "locale" / "sk" / "LC_MESSAGES" / "_data" / "releases.po"
    edit(catalog, 'msgstr "Opravy automatického ukladania."', 'msgstr "Opravy ukladania."')
    earlier = time.time() - 3600
    os.utime(catalog, (earlier, earlier))
    again = make_app("html", srcdir=srcdir, confoverrides=SK)
    again.build()
    assert "Opravy ukladania." in html(again, "notes/13.1")


def test_parallel_build_equals_serial_build(make_app, tmp_path: Path) -> None:
    outputs = {}
    for jobs in (1, 2):
        app = make_app("html", srcdir=copy(tmp_path, f"j{jobs}"), confoverrides=SK, parallel=jobs, freshenv=True)
        app.build()
        assert warnings(app) == []
        out = Path(app.outdir)
        outputs[jobs] = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.suffix in (".html", ".atom")}
    assert outputs[1].keys() == outputs[2].keys()
    for name, body in outputs[1].items():
        assert body == outputs[2][name], f"{name} differs between -j 1 and -j 2"
    assert "Automatické ukladanie uloží neúplný záznam" in outputs[2]["known-issues.html"].decode()


# ---------------------------------------------------------------------------- coverage


def test_untranslated_data_text_puts_the_banner_on_the_page(make_app, tmp_path: Path) -> None:
    srcdir = copy(tmp_path)
    app = make_app("html", srcdir=srcdir, confoverrides=SK, freshenv=True)
    app.build()
    assert "cedocs-i18n-coverage" not in html(app, "reference")  # page and data text all translated
    edit(srcdir / "locale" / "sk" / "LC_MESSAGES" / "_data" / "windows.po", 'msgstr "Kľúč."', 'msgstr ""')
    again = make_app("html", srcdir=srcdir, confoverrides=SK)
    again.build()
    page = html(again, "reference")
    assert "cedocs-i18n-coverage" in page and "The key." in page
    translated, total = again.env.get_domain("cedocs-i18n").progress["reference"]
    assert total - translated == 1


def test_a_language_without_data_catalogs_keeps_page_catalog_translations(make_app, tmp_path: Path) -> None:
    """Catalogs of a released version predate data catalogs: data text is a page message there."""
    srcdir = copy(tmp_path)
    shutil.rmtree(srcdir / "locale" / "sk" / "LC_MESSAGES" / "_data")
    (srcdir / "locale" / "sk" / "LC_MESSAGES" / "usage.po").write_text(
        (ROOT / "locale" / "sk" / "LC_MESSAGES" / "usage.po").read_text(encoding="utf-8"), encoding="utf-8"
    )
    app = make_app("html", srcdir=srcdir, confoverrides=SK, freshenv=True)
    app.build()
    assert app.env.get_domain("cedata").mode == "pages"
    assert warnings(app) == []
    assert ">System Configurator</span>" in html(app, "usage")  # English, as those versions showed it


def test_data_text_for_value_roles_finds_its_field(make_app, tmp_path: Path) -> None:
    """The one function prose (value roles) uses: given the field, or found from the data."""
    from cloudempiere_docs.toolkit.text import data_para, data_text

    app = make_app("html", srcdir=copy(tmp_path), confoverrides=SK, freshenv=True)
    app.build()
    env = app.env
    assert data_text(env, "windows", "System Configurator", field="windows.name").astext() == "Konfigurátor systému"
    assert data_text(env, "windows", "System Configurator").astext() == "Konfigurátor systému"
    assert data_text(env, "defects", "Tax").astext() == "Dane"
    assert data_text(env, "defects", "not a text of the data").astext() == "not a text of the data"
    para = data_para(env, "releases", "More fixes.", field="releases.highlights")
    assert para.astext() == "Ďalšie opravy." and para["translatable"] is False
