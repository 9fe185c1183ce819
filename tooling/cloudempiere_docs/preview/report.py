"""The report of a change: what it does to each language of the manual.

Written under ``build/diff/`` (``python -m cloudempiere_docs diff``, ``make diff``, and the
pull-request preview in CI)::

    index.html            the report: per language, pages changed, added, removed and
                          moved, new warnings, new fuzzy or untranslated messages
    report.md             the same for a pull-request comment (text escaped, bounded)
    report.json           the same for tools
    compare.css
    <lang>/index.html     what changed in that language, with a comparison per page
    <lang>/pages/...      (the version comparison engine, cloudempiere_docs.compare)
    <lang>/head/, <lang>/base/   the two builds, so the comparisons link to real pages

The report is made from the change's own text (page titles, warnings, messages): the
Markdown escapes it and the HTML is autoescaped, so a change cannot put markup, links or
mentions into a comment through its content.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cloudempiere_docs import languages as language_table
from cloudempiere_docs.compare.pair import PairResult, Side, TextCache, compare_sides
from cloudempiere_docs.compare.render import render, stylesheet, translator
from cloudempiere_docs.compare.site import STYLESHEET
from cloudempiere_docs.i18n.catalogs import TEMPLATE_LANGUAGE
from cloudempiere_docs.preview.catalogs import MessageToDo, new_work
from cloudempiere_docs.preview.sides import SideBuild
from cloudempiere_docs.preview.warnings import BuildWarning, new_warnings, parse
from cloudempiere_docs.site.assemble import part_docnames

#: A marker the comment job looks for, to update its own comment instead of adding one.
MARKER = "<!-- cloudempiere-docs-preview -->"
#: GitHub refuses comments over 65,536 characters; lists are cut well before.
MAX_MARKDOWN = 60_000
MAX_LISTED = 40


@dataclass
class LanguageReport:
    language: str
    pair: PairResult
    warnings: list[BuildWarning] = field(default_factory=list)  # all of the change's build
    new_warnings: list[BuildWarning] = field(default_factory=list)
    messages: list[MessageToDo] = field(default_factory=list)  # new fuzzy / untranslated
    translated: bool = False  # a translation language (catalog checks apply)

    def counts(self) -> dict[str, int]:
        counts = self.pair.counts()
        return {
            "changed": counts["changed"],
            "added": counts["added"],
            "removed": counts["removed"],
            "renamed": counts["renamed"],
            "unchanged": counts["same"],
            "failed": counts["failed"],
            "new_warnings": len(self.new_warnings),
            "new_fuzzy": sum(1 for m in self.messages if m.state == "fuzzy"),
            "new_untranslated": sum(1 for m in self.messages if m.state == "untranslated"),
        }


@dataclass
class Report:
    base_ref: str
    base_commit: str
    head_failed: bool
    base_failed: bool
    languages: list[LanguageReport]
    out: Path

    @property
    def has_changes(self) -> bool:
        return any(lang.pair.has_changes for lang in self.languages)

    def table(self) -> str:
        """The summary for the terminal."""
        header = ["language", "changed", "new", "removed", "moved", "unchanged", "warnings", "fuzzy", "untranslated"]
        keys = ["changed", "added", "removed", "renamed", "unchanged", "new_warnings", "new_fuzzy", "new_untranslated"]
        rows = [header]
        for lang in self.languages:
            counts = lang.counts()
            rows.append(
                [lang.language]
                + ["-" if k in ("new_fuzzy", "new_untranslated") and not lang.translated else str(counts[k]) for k in keys]
            )
        widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
        return "\n".join(
            "  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))) for row in rows
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "base": {"ref": self.base_ref, "commit": self.base_commit, "build_failed": self.base_failed},
            "head": {"build_failed": self.head_failed},
            "languages": [
                {
                    **lang.pair.as_json(),
                    "counts": lang.counts(),
                    "new_warnings": [str(w) for w in lang.new_warnings],
                    "new_messages": [{"page": m.page, "message": m.message, "state": m.state} for m in lang.messages],
                }
                for lang in self.languages
            ],
        }


# ----------------------------------------------------------------------------- Markdown

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~])")


def md_text(value: str, limit: int = 120) -> str:
    """``value`` as literal Markdown text: specials escaped, mentions and references
    defused (a zero-width joiner after ``@`` and ``#``), one line, bounded."""
    text = " ".join(value.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return text.replace("@", "@\u2060")


def md_span(value: str, limit: int = 80) -> str:
    """``value`` as an inline code span (no escapes apply inside one): one line,
    bounded, delimited by more backticks than it holds."""
    text = " ".join(value.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    ticks = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def md_code(lines: list[str]) -> str:
    """A fenced block that no backtick run inside it can close."""
    body = "\n".join(line.replace("@", "@\u2060") for line in lines)
    fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", body)), default=0) + 1)
    return f"{fence}text\n{body}\n{fence}"


def markdown(report: Report) -> str:
    lines = [MARKER, "### Documentation preview", ""]
    status = []
    if report.head_failed:
        status.append("**The strict build of this change fails**: see the new warnings below.")
    if report.base_failed:
        status.append(f"The base ({md_text(report.base_ref)}) does not build strictly either.")
    lines += status + ([""] if status else [])
    lines.append(f"Compared with {md_span(report.base_ref)} at {md_span(report.base_commit[:12])} (the merge base), development version.")
    lines += [
        "",
        "| Language | Changed | New | Removed | Moved | New warnings | New fuzzy | New untranslated |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for lang in report.languages:
        c = lang.counts()
        fuzzy = str(c["new_fuzzy"]) if lang.translated else "–"
        untranslated = str(c["new_untranslated"]) if lang.translated else "–"
        name = md_text(language_table.name(lang.language))
        lines.append(
            f"| {name} | {c['changed']} | {c['added']} | {c['removed']} | {c['renamed']} | {c['new_warnings']} | {fuzzy} | {untranslated} |"
        )
    for lang in report.languages:
        name = md_text(language_table.name(lang.language))
        pages = [p for p in lang.pair.pages if p.kind != "same"]
        if pages:
            lines += ["", f"<details><summary>{name}: {len(pages)} page(s)</summary>", ""]
            for page in pages[:MAX_LISTED]:
                counts = f"+{page.added} −{page.removed} ~{page.changed}" if page.kind in ("changed", "renamed") else ""
                lines.append(f"- {page.kind}: {md_text(page.title)} ({md_span(page.match.name)}) {counts}".rstrip())
            if len(pages) > MAX_LISTED:
                lines.append(f"- and {len(pages) - MAX_LISTED} more (see the report)")
            lines += ["", "</details>"]
        if lang.new_warnings:
            lines += ["", f"**New warnings, {name}:**", "", md_code([str(w)[:300] for w in lang.new_warnings[:MAX_LISTED]])]
        if lang.messages:
            lines += ["", f"<details><summary>{name}: messages to translate ({len(lang.messages)})</summary>", ""]
            for message in lang.messages[:MAX_LISTED]:
                lines.append(f"- {message.state}: {md_span(message.page)}: {md_text(message.message, 100)}")
            if len(lang.messages) > MAX_LISTED:
                lines.append(f"- and {len(lang.messages) - MAX_LISTED} more")
            lines += ["", "</details>"]
    if not report.has_changes:
        lines += ["", "No page of the manual changes."]
    lines += ["", "The preview (both builds, the report and a comparison of every changed page) is in the run's `preview` artifact: open `index.html`."]
    text = "\n".join(lines) + "\n"
    if len(text) > MAX_MARKDOWN:
        text = text[: MAX_MARKDOWN - 200].rsplit("\n", 1)[0] + "\n\n(The report is cut here: see the `preview` artifact.)\n"
    return text


# ------------------------------------------------------------------------------ writing


def _copy_build(source: Path, dest: Path) -> None:
    """A build's pages into the report: copies, not links (the next build of the job
    rewrites its files in place, and the report must keep showing what it compared)."""
    shutil.rmtree(dest, ignore_errors=True)
    if not source.is_dir():
        dest.mkdir(parents=True)
        return
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns(".buildinfo", "_sources"))


def write_report(
    out: Path,
    base: SideBuild,
    head: SideBuild,
    base_ref: str,
    base_project: Path,
    head_project: Path,
    redirects: dict[str, str],
) -> Report:
    """Compare ``base`` and ``head`` in every language they were built in and write the
    report into ``out`` (emptied first)."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    (out / STYLESHEET).write_text(stylesheet(), encoding="utf-8")
    short = base.commit[:7] if base.commit else "?"
    reports = []
    for language in head.results:
        gettext = translator(language)
        pair_dir = out / language
        sides = []
        for build, name, label in (
            (base, "base", f"{base_ref} ({short})"),
            (head, "head", gettext("this change")),
        ):
            copy = pair_dir / name
            _copy_build(build.html(language), copy)
            sides.append(Side(name, label, copy, frozenset(part_docnames(copy)), f"{name}/"))
        pair = compare_sides(sides[0], sides[1], pair_dir, language, redirects, cache=TextCache(), stylesheet=f"../{STYLESHEET}")
        head_warnings = parse(head.results[language].log, [head_project])
        base_warnings = parse(base.results[language].log, [base_project])
        translated = language != TEMPLATE_LANGUAGE
        reports.append(
            LanguageReport(
                language,
                pair,
                warnings=head_warnings,
                new_warnings=new_warnings(base_warnings, head_warnings),
                messages=new_work(base_project, head_project, language) if translated else [],
                translated=translated,
            )
        )
    report = Report(base_ref, base.commit or "", head.failed, base.failed, reports, out)
    (out / "report.md").write_text(markdown(report), encoding="utf-8")
    (out / "report.json").write_text(json.dumps(report.as_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "index.html").write_text(
        render("diff-report.html", "en", report=report, names={lang: language_table.name(lang) for lang in head.results}),
        encoding="utf-8",
    )
    return report
