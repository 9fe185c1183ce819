"""Catalog checks (``python -m cloudempiere_docs i18n check``, and in every build).

Each check returns located problems (``path:line: message``); all of them are reported
together so a translator fixes everything in one pass:

- syntax: ``msgfmt -c`` on every catalog (babel's strict parser where msgfmt is missing);
- sync: ``locale/en`` templates match what ``source/`` extracts to, and every catalog
  has every message of its template;
- orphans: a catalog whose page no longer exists;
- markup: each translation keeps the roles, link targets, inline code and format
  placeholders of its English message (Sphinx re-parses msgstr as MyST);
- languages: the registry and ``locale/`` only use real language codes, consistently;
- stale entries: a live message of a catalog that its template no longer has;
- consistency (:mod:`~cloudempiere_docs.i18n.consistency`): one English text, one
  translation per language, across every page and data catalog;
- inflection (:mod:`~cloudempiere_docs.i18n.inflection`): a reference that inserts a
  title right after a preposition must give the title in the case the preposition needs.

:func:`check_catalog` (syntax and markup of one catalog, and inflection) also runs inside
every translated build (``cloudempiere_docs.ext.i18n``), so a strict build refuses a
broken translation with a ``cedocs.i18n`` warning at the catalog's file and line.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po

from cloudempiere_docs.i18n import consistency, inflection
from cloudempiere_docs.i18n.catalogs import (
    SPHINX_DOMAIN,
    TEMPLATE_LANGUAGE,
    Project,
    catalogs,
    extract_to_temp,
    read_catalog,
)
from cloudempiere_docs.locale_strings import LOCALE_DIR as LABELS_DIR

MSGFMT = "/usr/bin/msgfmt"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


def translation_catalogs(project: Project) -> list[Path]:
    """Every ``.po`` of the project's languages and of the extensions' label catalog."""
    found = []
    if project.locale.is_dir():
        for folder in sorted(project.locale.iterdir()):
            if folder.is_dir() and folder.name != TEMPLATE_LANGUAGE:
                found.extend(catalogs(folder / "LC_MESSAGES", ".po").values())
    found.extend(sorted(LABELS_DIR.rglob("*.po")))
    return found


# ------------------------------------------------------------------------------ syntax

#: ``file.po:12: message`` or ``file.po:12:7: message`` (with a column)
_MSGFMT_LINE = re.compile(r"^.+?\.pot?:(?P<line>\d+)(?::\d+)?: (?P<message>.*)$")
_BABEL_LINE = re.compile(r"line (\d+)|on (\d+)|(\d+):")


def msgfmt() -> str | None:
    return MSGFMT if Path(MSGFMT).exists() else shutil.which("msgfmt")


def run_msgfmt(path: Path, cwd: Path) -> subprocess.CompletedProcess[str] | None:
    """``msgfmt -c`` of one catalog, or None when msgfmt is not installed."""
    tool = msgfmt()
    if not tool:
        return None
    return subprocess.run([tool, "-c", "-o", "/dev/null", str(path)], cwd=cwd, capture_output=True, text=True)


_NOT_RUN: Any = object()


def syntax_problems(
    path: Path, shown: str, cwd: Path, *, msgfmt_result: Any = _NOT_RUN
) -> tuple[list[Problem], Catalog | None]:
    """``msgfmt -c`` of one catalog (syntax, format strings, header, duplicates), and
    the catalog as babel reads it (None when it cannot be read strictly).
    ``msgfmt_result``: what :func:`run_msgfmt` returned for it, when already run."""
    problems: list[Problem] = []
    result = run_msgfmt(path, cwd) if msgfmt_result is _NOT_RUN else msgfmt_result
    tool = result is not None
    if result is not None:
        if result.returncode:
            errors = [line for line in result.stderr.splitlines() if ": warning: " not in line]
            located = [_MSGFMT_LINE.match(line) for line in errors]
            for match in filter(None, located):
                problems.append(Problem(shown, int(match["line"]), match["message"]))
            if not any(located):  # e.g. a header problem msgfmt does not locate
                problems.append(Problem(shown, None, "; ".join(errors) or "msgfmt -c failed"))
    try:
        catalog = read_catalog(path, strict=True)
    except (OSError, ValueError, PoFileError) as err:
        if not tool:  # otherwise msgfmt has reported it, better located
            match = _BABEL_LINE.search(str(err))
            line = next((int(g) for g in match.groups() if g), None) if match else None
            problems.append(Problem(shown, line, str(err)))
        return problems, None
    if problems:
        return problems, None  # msgfmt rejects what babel tolerates: check nothing else
    return problems, catalog


def check_syntax(project: Project, paths: list[Path]) -> tuple[list[Problem], set[Path]]:
    """:func:`syntax_problems` of every catalog; returns problems and the files that
    cannot be read, which the other checks then skip."""
    problems: list[Problem] = []
    broken: set[Path] = set()
    for path in paths:
        found, catalog = syntax_problems(path, project.rel(path), project.root)
        problems += found
        if catalog is None:
            broken.add(path)
    return problems, broken


# -------------------------------------------------------------------------------- sync


def _messages(text_or_path: str | Path) -> set[tuple[str | None, str]]:
    """Messages of a catalog file, or of a template's text (a fresh extraction)."""
    if isinstance(text_or_path, str) and "\n" in text_or_path:
        catalog = read_po(io.BytesIO(text_or_path.encode("utf-8")))  # babel, as read_catalog
    else:
        catalog = read_catalog(text_or_path)
    return {(m.context, _msgid(m)) for m in catalog if m.id}


def _msgid(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def check_sync(project: Project, broken: set[Path]) -> list[Problem]:
    """Compare messages (not headers or locations) with a fresh extraction."""
    problems = []
    fresh = extract_to_temp(project)
    committed = catalogs(project.templates, ".pot")
    hint = "run `make i18n` and commit locale/"
    for domain, text in sorted(fresh.items()):
        if domain == SPHINX_DOMAIN:
            continue
        page = project.source_of(domain)
        page_shown = project.rel(page) if page else f"source/{domain}"
        pot = project.templates / f"{domain}.pot"
        if domain not in committed:
            problems.append(Problem(project.rel(pot), None, f"missing template for {page_shown}: {hint}"))
            continue
        new, old = _messages(text), _messages(committed[domain])
        if new != old:
            problems.append(
                Problem(
                    project.rel(pot),
                    None,
                    f"out of sync with {page_shown} ({len(new - old)} new, {len(old - new)} removed"
                    f" message(s)): {hint}",
                )
            )
    interface = fresh.pop(SPHINX_DOMAIN, None)
    if interface is not None:
        problems += _check_interface_strings(project, interface)
    for domain, pot in committed.items():
        if domain not in fresh:
            problems.append(Problem(project.rel(pot), None, f"template of a page that no longer exists: {hint}"))
    for language in project.translation_languages():
        for domain, pot in committed.items():
            po = project.catalog_dir(language) / f"{domain}.po"
            if po in broken:
                continue
            if not po.exists():
                problems.append(Problem(project.rel(po), None, f"missing catalog for {project.rel(pot)}: {hint}"))
                continue
            lacking = _messages(pot) - _messages(po)
            if lacking:
                problems.append(
                    Problem(project.rel(po), None, f"lacks {len(lacking)} message(s) of {project.rel(pot)}: {hint}")
                )
            problems += _stale(project, po, _messages(pot))
    return problems


def _stale(project: Project, po: Path, wanted: set[tuple[str | None, str]]) -> list[Problem]:
    """Live messages of ``po`` that its template does not have (``make i18n`` turns them
    into obsolete entries, or fuzzy proposals for the new text)."""
    problems = []
    for message in read_catalog(po):
        if message.id and (message.context, _msgid(message)) not in wanted:
            where = f" (msgctxt {message.context!r})" if message.context else ""
            problems.append(
                Problem(project.rel(po), message.lineno, f"stale entry{where}: its template has no such message: run `make i18n`")
            )
    return problems


def _check_interface_strings(project: Project, template: str) -> list[Problem]:
    """Every string the templates translate (``_()`` in theme/templates) is in the
    package's interface catalog of each translation language, or in Sphinx's own catalog
    (which comes first for the strings it has)."""
    import gettext

    import sphinx

    from cloudempiere_docs import locale_strings

    wanted = {msgid for _ctx, msgid in _messages(template)}
    problems = []
    for language in project.translation_languages():
        path = locale_strings.catalog_path(language)
        have = {msgid for _ctx, msgid in _messages(path)} if path.exists() else set()
        bundled = gettext.translation("sphinx", str(Path(sphinx.__file__).parent / "locale"), [language], fallback=True)
        have |= {msgid for msgid in wanted if bundled.gettext(msgid) != msgid}
        for msgid in sorted(wanted - have):
            problems.append(
                Problem(project.rel(path), None, f"lacks the template string {msgid!r}: add it with its translation")
            )
    return problems


def check_code_strings(project: Project) -> list[Problem]:
    """Every interface string the package's code translates (``_("...")`` and the
    phrases of the reference directives, ``Phrase.of("...")``) is in the interface
    catalog of each translation language: otherwise a translated page shows it in English
    and nothing else would notice."""
    from babel.messages.extract import extract_from_file

    import cloudempiere_docs
    from cloudempiere_docs import locale_strings

    package = Path(cloudempiere_docs.__file__).resolve().parent
    wanted: dict[str, str] = {}
    for path in sorted(package.rglob("*.py")):
        for lineno, message, _comments, _context in extract_from_file("python", str(path), keywords={"_": None, "of": None}):
            if isinstance(message, str) and message:
                wanted.setdefault(message, f"{path.relative_to(package.parent).as_posix()}:{lineno}")
    problems = []
    for language in project.translation_languages():
        path = locale_strings.catalog_path(language)
        have = {msgid for _ctx, msgid in _messages(path)} if path.exists() else set()
        for message, where in sorted(wanted.items()):
            if message not in have:
                problems.append(
                    Problem(project.rel(path), None, f"lacks the interface string {message!r} ({where}): add it with its translation")
                )
    return problems


# ----------------------------------------------------------------------------- orphans


def check_orphans(project: Project, paths: list[Path]) -> list[Problem]:
    """Catalogs of pages or data files that no longer exist."""
    problems = []
    for path in paths:
        if not path.is_relative_to(project.locale):
            continue
        parts = path.relative_to(project.locale).with_suffix("").parts  # lang, LC_MESSAGES, ...
        domain = "/".join(parts[2:])
        if domain == SPHINX_DOMAIN or project.source_of(domain) is not None or project.data_file_of(domain) is not None:
            continue
        if project.is_data_domain(domain):
            what = f"a data file that does not exist (source/{domain}.yaml)"
        else:
            what = f"a page that no longer exists (source/{domain}.md)"
        problems.append(
            Problem(
                project.rel(path),
                None,
                f"catalog of {what}: delete it, or move it along with its source and run `make i18n`",
            )
        )
    return problems


# ------------------------------------------------------------------------------ markup

_ROLE_OR_CODE = re.compile(
    r"\{(?P<role>[A-Za-z][\w:+.-]*)\}(?P<tick>`+)(?P<content>.*?)(?P=tick)|(?P<fence>`+)(?P<code>.+?)(?P=fence)",
    re.DOTALL,
)
_EXPLICIT_TARGET = re.compile(r"<([^<>]+)>\s*$")
_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^)]*[\"'])?\s*\)")
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}(?!`)")
_NOQA = re.compile(r"(?<!\\)#\s*noqa\s*$")
#: Roles whose whole content is a value to keep (no ``title <target>`` form).
#: A setting's reference may be given a title in a sentence (``{setting}`nastavenie
#: stránkovania <ZK_PAGING_SIZE>```), like every other cross-reference.
_LITERAL_ROLES = frozenset({"code", "kbd", "guilabel", "menuselection", "samp", "file"})
#: Roles whose target is translated too: glossary terms are translated in the catalog of
#: the glossary, so ``{term}`nájomca``` is right in Slovak; only the role must stay.
_TRANSLATED_TARGETS = frozenset({"term"})


def markup_of(text: str) -> Counter[str]:
    """What a translation must keep: roles by name and target (``{doc}`settings``` and
    ``{doc}`Nastavenia <settings>``` are the same reference; a title may be translated),
    link targets, inline code and format placeholders."""
    found: Counter[str] = Counter()

    def token(match: re.Match[str]) -> str:
        # Leftmost wins, as in Markdown: a role written inside inline code is code.
        if match["code"] is not None:
            found[f"inline code {match.group(0)}"] += 1
            return " "
        name, content = match["role"], match["content"]
        explicit = _EXPLICIT_TARGET.search(content)
        if name in _TRANSLATED_TARGETS:
            found[f"{{{name}}} role"] += 1
        elif explicit and name not in _LITERAL_ROLES:
            found[f"{{{name}}}`{explicit.group(1).strip()}`"] += 1
        else:
            found[f"{{{name}}}`{content}`"] += 1
        return " "

    rest = _ROLE_OR_CODE.sub(token, text)
    for match in _LINK_TARGET.finditer(rest):
        found[f"link target ]({match.group(1)})"] += 1
    rest = _LINK_TARGET.sub(" ", rest)
    for match in _PLACEHOLDER.finditer(rest):
        found[f"placeholder {match.group(0)}"] += 1
    return found


def _without_code(found: Counter[str]) -> Counter[str]:
    return Counter({item: n for item, n in found.items() if not item.startswith("inline code ")})


def _msgstr_line(lines: list[str], lineno: int) -> int:
    """The line of the ``msgstr`` of the message whose ``msgid`` is on ``lineno``."""
    for index in range(max(lineno - 1, 0), len(lines)):
        if lines[index].startswith("msgstr"):
            return index + 1
    return lineno


def markup_problems(catalog: Catalog, lines: list[str], shown: str) -> list[Problem]:
    """Roles, link targets, inline code and placeholders each translation must keep."""
    problems = []
    for message in catalog:
        if not message.id or message.fuzzy or not isinstance(message.string, str) or not message.string:
            continue
        expected, actual = markup_of(_msgid(message)), markup_of(message.string)
        if _NOQA.search(message.string):
            # "#noqa" (which Sphinx strips from the translation) lets a translator localize
            # an example in inline code (a Slovak tax name, a Slovak menu search); roles,
            # link targets and placeholders are still held to the msgid.
            expected, actual = _without_code(expected), _without_code(actual)
        if expected == actual:
            continue
        line = _msgstr_line(lines, message.lineno or 0)
        for item in sorted((expected - actual).elements()):
            problems.append(Problem(shown, line, f"msgstr is missing {_describe(item)}"))
        for item in sorted((actual - expected).elements()):
            problems.append(Problem(shown, line, f"msgstr has {_describe(item)} that the msgid does not have"))
    return problems


def check_markup(project: Project, paths: list[Path], broken: set[Path]) -> list[Problem]:
    problems = []
    for path in paths:
        if path in broken:
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        problems += markup_problems(read_catalog(path), lines, project.rel(path))
    return problems


def check_catalog(
    path: Path, shown: str, cwd: Path, *, language: str | None = None, titles: Any = None, msgfmt_result: Any = _NOT_RUN
) -> list[Problem]:
    """Syntax and kept markup of one catalog: what every translated build checks; with
    ``language``, also the inflection of references after prepositions (``titles``, a
    :class:`~cloudempiere_docs.i18n.inflection.Titles`, makes the suggestions concrete).
    ``msgfmt_result``: see :func:`syntax_problems`."""
    problems, catalog = syntax_problems(path, shown, cwd, msgfmt_result=msgfmt_result)
    if catalog is not None:
        lines = path.read_text(encoding="utf-8").splitlines()
        problems += markup_problems(catalog, lines, shown)
        if language is not None:
            problems += inflection.problems(catalog, lines, shown, language, titles)
    return sorted(set(problems), key=lambda p: (p.line or 0, p.message))


def _describe(item: str) -> str:
    return item if item.startswith(("link", "inline", "placeholder")) else f"reference {item}"


# --------------------------------------------------------------------------- languages


def _known(code: str) -> bool:
    try:
        Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


def check_languages(project: Project) -> list[Problem]:
    problems = []
    languages, default, line = project.registry_languages()
    registry = "versions.toml" if (project.root / "versions.toml").is_file() else "locale/"
    for code in languages:
        if not _known(code):
            problems.append(Problem(registry, line, f"unknown language code {code!r} in [site] languages"))
    if default not in languages:
        problems.append(Problem(registry, line, f"default_language {default!r} is not one of the languages"))
    for code in languages:
        if code != default and _known(code) and not project.catalog_dir(code).is_dir():
            problems.append(Problem(f"locale/{code}/LC_MESSAGES", None, f"missing catalogs for {code!r}: run `make i18n`"))
    if project.locale.is_dir():
        for folder in sorted(project.locale.iterdir()):
            if not folder.is_dir() or folder.name.startswith(".") or folder.name == TEMPLATE_LANGUAGE:
                continue
            if not _known(folder.name):
                problems.append(Problem(project.rel(folder), None, f"unknown language code {folder.name!r}"))
            elif folder.name not in languages:
                problems.append(
                    Problem(project.rel(folder), None, f"language {folder.name!r} is not listed in {registry} [site] languages")
                )
    return problems


# --------------------------------------------------------------------------------- all


def check_inflection(project: Project, paths: list[Path], broken: set[Path]) -> list[Problem]:
    """References after prepositions, in every catalog of a language with a list of them."""
    problems = []
    for language in project.translation_languages():
        if not inflection.PREPOSITIONS.get(language):
            continue
        titles = inflection.Titles.of_project(project, language)
        for path in paths:
            if path in broken or not path.is_relative_to(project.catalog_dir(language)):
                continue
            lines = path.read_text(encoding="utf-8").splitlines()
            problems += inflection.problems(read_catalog(path), lines, project.rel(path), language, titles)
    return problems


def run_checks(project: Project, *, sync: bool = True) -> list[Problem]:
    paths = translation_catalogs(project)
    syntax, broken = check_syntax(project, paths)
    problems = [*syntax, *check_languages(project), *check_orphans(project, paths)]
    problems += check_markup(project, paths, broken)
    problems += check_inflection(project, paths, broken)
    problems += check_code_strings(project)
    problems += consistency.problems(project, [p for p in paths if p not in broken])
    if sync:
        problems += check_sync(project, broken)
    return sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.message))
