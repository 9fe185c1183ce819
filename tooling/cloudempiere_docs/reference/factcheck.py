"""The fact check: a value typed in prose that contradicts the data it describes.

Prose should print values with the ``{val}`` role; a value typed by hand can be wrong,
or right in one edition and wrong in another. After a page is read (and translated),
every paragraph, list item and table row of hand-written text is read for values next
to what they describe, in English and in Slovak, and compared with the data of the
edition being built. A contradiction is a located ``cedocs.fact`` warning naming the
kind of fact, what the text says and what the data says:

``default``
    a literal next to "default" (``predvolen…``) in a sentence about a setting (a
    ``{setting}`` role or the key in code; a setting named in an earlier sentence of
    the paragraph still counts), or in a "Default" column of the setting's row;
``level``
    a configuration level next to "level" about a setting, or in a "Level" column;
``rate``
    a percentage next to a tax (``{tax}`` role or tax id), or bound to a date
    ("5 % from 1 January 2025", a column headed "Until 31 December 2024"): some tax of
    that rate must be valid on that date;
``validity``
    a date in a sentence about a tax that is none of its validity dates;
``response`` / ``resolution``
    a duration next to a priority ("priority 1", "P1", "priorita 1"), optionally a
    subscription tier by name, that is not the data's target;
``hours``
    a time range in a sentence about telephone support that is not its hours;
``coverage``
    a claim that priority 1 is (or is not) handled outside business hours for a tier,
    in a table with the tiers as columns or in a sentence naming the tier;
``release``
    a date next to a ``{release}`` role that is not the release's date.

What the check does not read: values printed by roles (correct by construction),
reference tables rendered from data, code blocks. Pages whose facts it compares depend
on the data files, so a change of the data re-checks them.
"""

from __future__ import annotations

import functools

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from cloudempiere_docs.data.settings import Level, SettingsFile
from cloudempiere_docs.data.sla import SlaFile, Target, Unit
from cloudempiere_docs.data.taxes import TaxesFile
from cloudempiere_docs.data.versioning import Version, parse_or_none
from cloudempiere_docs.diagnostics import warn
from cloudempiere_docs.reference.values import VALUE_CLASS
from cloudempiere_docs.toolkit.domain import DataDomain

NBSP = "\u00a0"

# ------------------------------------------------------------------------- vocabulary

MONTHS = {
    **{m: i for i, m in enumerate(
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"], 1)},
    **{m: i for i, m in enumerate(
        ["januára", "februára", "marca", "apríla", "mája", "júna", "júla", "augusta", "septembra", "októbra", "novembra", "decembra"], 1)},
    **{m: i for i, m in enumerate(
        ["január", "február", "marec", "apríl", "máj", "jún", "júl", "august", "september", "október", "november", "december"], 1)},
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE = re.compile(
    rf"(?P<iso>(?P<y1>\d{{4}})-(?P<m1>\d{{2}})-(?P<d1>\d{{2}}))"
    rf"|(?P<dmy>(?P<d2>\d{{1,2}})\.?\s+(?P<mon2>{_MONTH})\s+(?P<y2>\d{{4}}))"
    rf"|(?P<mdy>(?P<mon3>{_MONTH})\s+(?P<d3>\d{{1,2}}),\s+(?P<y3>\d{{4}}))"
    rf"|(?P<num>(?P<d4>\d{{1,2}})\.\s?(?P<m4>\d{{1,2}})\.\s?(?P<y4>\d{{4}}))",
    re.IGNORECASE,
)
YEAR_PHRASE = re.compile(
    r"(?P<word>from|since|until|before|in|od|do|pred|v)\s+(?:the\s+end\s+of\s+|konca\s+(?:roka\s+)?|roku\s+|roka\s+)?(?P<year>(?:19|20)\d{2})\b",
    re.IGNORECASE,
)
PERCENT = re.compile(r"(?P<sign>[+\u2212-])?(?P<num>\d+(?:[.,]\d+)?)\s?%")
TIME_RANGE = re.compile(
    r"(?P<h1>\d{1,2})[:.](?P<m1>\d{2})\s*(?P<ap1>am|pm|a\.m\.|p\.m\.)?\s*(?:\u2013|\u2014|-|to|do|až|and)\s*"
    r"(?P<h2>\d{1,2})[:.](?P<m2>\d{2})\s*(?P<ap2>am|pm|a\.m\.|p\.m\.)?",
    re.IGNORECASE,
)
DURATION = re.compile(
    r"(?P<amount>\d+)\s*(?:-\s*)?(?P<unit>"
    r"business\s+hours?|business\s+days?|working\s+days?|working\s+hours?|minutes?|mins?|hours?|days?"
    r"|pracovn\w*\s+(?:hodín|hodiny|hodinu|hodina|dní|dni|deň|dňa|dňoch)|minút[ay]?|minútu|minúta|hodín|hodiny|hodinu|hodina|dní|dni|deň|dňa"
    r")\b",
    re.IGNORECASE,
)
NUMBER = re.compile(r"(?<![\w.,/-])-?\d{1,3}(?:[,\u00a0 ]\d{3})+(?![\w%])|(?<![\w.,/-])-?\d+(?![\w%:.,]\d|[\w%])")
DEFAULT_WORD = re.compile(r"\bdefaults?\b|\bpredvolen\w*|\bštandardn\w* hodnot\w*", re.IGNORECASE)
LEVEL_WORD = re.compile(r"\blevel\b|\búrov\w*", re.IGNORECASE)
LEVEL_NAMES = {
    "system": Level.SYSTEM, "s": Level.SYSTEM, "systém": Level.SYSTEM,
    "tenant": Level.TENANT, "client": Level.TENANT, "c": Level.TENANT, "nájomca": Level.TENANT, "klient": Level.TENANT,
    "organization": Level.ORGANIZATION, "o": Level.ORGANIZATION, "organizácia": Level.ORGANIZATION,
}
VERSION_MENTION = re.compile(r"\b(?:version|versions|verzi\w*)\s+(?P<v>\d+(?:\.\d+)?)", re.IGNORECASE)
TAX_WORDS = re.compile(r"\b(?:VAT|rate|rates|tax|taxed|DPH|sadzb\w*|daň\w*|zdan\w*)\b", re.IGNORECASE)
PRIORITY = re.compile(
    r"\bpriority[- ](?P<a>[1-5])\b|\bP(?P<b>[1-5])\b|\bpriorit\w*\s+(?P<c>[1-5])\b|\b(?P<d>[1-5])\.\s*priorit\w*"
    r"|\b(?P<e>[1-5])\s+(?:Critical|High|Moderate|Low|Planning|Kritick\w*|Vysok\w*|Stredn\w*|Nízk\w*|Plánovan\w*)\b",
    re.IGNORECASE,
)
CRITICAL = re.compile(r"\bcritical incidents?\b|\bkritick\w* incident\w*", re.IGNORECASE)
RESPONSE_WORD = re.compile(r"\brespon\w*|\bfirst reaction|\bodozv\w*|\breakci\w*|\bodpove\w*", re.IGNORECASE)
RESOLUTION_WORD = re.compile(r"\bresol\w*|\brestor\w*|\bvyrie\w*|\brieš\w*|\bobnov\w*", re.IGNORECASE)
OUTSIDE_HOURS = re.compile(
    r"outside\s+(?:of\s+)?business\s+hours|around\s+the\s+clock|24\s*/\s*7|24x7|nonstop|mimo\s+pracovn\w*|nepretržit\w*",
    re.IGNORECASE,
)
TELEPHONE = re.compile(r"\btelephone\b|\bphone\b|\btelefon\w*", re.IGNORECASE)
POSITIVE = re.compile(r"^\s*(?:included|yes|✓|✔|áno|zahrnut\w*|ano)\b", re.IGNORECASE)
NEGATIVE = re.compile(r"^\s*(?:[\u2014\u2013-]|no|nie|not included|nezahrnut\w*)?\s*$", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÁ-Ž\u0001*„\"(])")


def _date_of(match: re.Match[str]) -> dt.date | None:
    try:
        if match["iso"]:
            return dt.date(int(match["y1"]), int(match["m1"]), int(match["d1"]))
        if match["dmy"]:
            return dt.date(int(match["y2"]), MONTHS[match["mon2"].lower()], int(match["d2"]))
        if match["mdy"]:
            return dt.date(int(match["y3"]), MONTHS[match["mon3"].lower()], int(match["d3"]))
        return dt.date(int(match["y4"]), int(match["m4"]), int(match["d4"]))
    except (ValueError, KeyError):
        return None


def _normalize_unit(word: str) -> str:
    word = " ".join(word.lower().split())
    if word.startswith(("business hour", "working hour")) or (word.startswith("pracovn") and "hod" in word):
        return "business hours"
    if word.startswith(("business day", "working day")) or word.startswith("pracovn"):
        return "business days"
    if word.startswith(("min",)):
        return "minutes"
    if word.startswith(("hour", "hod")):
        return "hours"
    return "days"


def _percent_value(match: re.Match[str]) -> Decimal:
    value = Decimal(match["num"].replace(",", "."))
    return -value if match["sign"] in ("-", "\u2212") else value


# ----------------------------------------------------------------------- tokenization


@dataclass
class Subject:
    kind: str  # setting, tax, release
    key: str
    start: int


@dataclass
class Unit_:
    """A piece of hand-written text: its flattened text (literals as ``\\x01L<n>\\x02``),
    the subjects named in it, the literals, and what it inherits (earlier sentences,
    the entry it belongs to, the columns of its table)."""

    node: nodes.Element
    text: str = ""
    subjects: list[Subject] = field(default_factory=list)
    literals: list[str] = field(default_factory=list)

    def add_text(self, text: str) -> None:
        self.text += text.replace(NBSP, " ").replace("\n", " ")

    def add_literal(self, text: str) -> None:
        self.text += f"\x01L{len(self.literals)}\x02"
        self.literals.append(text)

    def add_subject(self, kind: str, key: str, shown: str) -> None:
        self.subjects.append(Subject(kind, key, len(self.text)))
        self.text += "\x01S" + "_" * max(len(shown) - 2, 1) + "\x02"


_LITERAL_TOKEN = re.compile(r"\x01L(\d+)\x02")


class Facts:
    """The data of the edition being built, for the checks (loaded on first use)."""

    def __init__(self, env: Any) -> None:
        self.env = env
        self.domain = DataDomain.of(env)
        self.used: set[str] = set()
        self._kinds = {name for name, entry in self.domain.files.items() if entry[1].loaded is not None}
        self._sla = self.domain.get("sla") if "sla" in self._kinds else None

    @functools.cached_property
    def edition(self) -> Version | None:
        """The edition being built, asked for only when a check needs it: a page whose
        prose names no edition-specific value reads the same in every version (and its
        reading can serve every version, see ext/reuse.py)."""
        return self.domain.version

    def edition_for(self, setting: Any) -> Version | None:
        """The edition to check ``setting`` in (asked for only when it matters)."""
        return self.domain.edition_for(setting.shown_in)

    def get(self, kind: str) -> Any:
        """The content of ``kind`` (None: missing or broken). Reading it does not make
        the page depend on it: :meth:`compared` does, once a value was compared."""
        return self.domain.get(kind) if kind in self._kinds else None

    def compared(self, kind: str) -> None:
        """A value of this page was compared with ``kind``: re-check it when it changes."""
        if kind not in self.used:
            self.used.add(kind)
            self.domain.use(kind)

    # -- lookups ---------------------------------------------------------------------

    def settings(self) -> dict[str, Any]:
        data: SettingsFile | None = self.get("settings")
        return {s.key: s for s in data.settings} if data else {}

    def taxes(self) -> dict[str, Any]:
        data: TaxesFile | None = self.get("taxes")
        return {t.id: t for t in data.taxes} if data else {}

    def sla(self) -> SlaFile | None:
        return self._sla

    def releases(self) -> dict[str, Any]:
        data = self.get("releases")
        return {str(r.version): r for r in data.releases} if data else {}


class Checker:
    """Walks one doctree and reports contradictions."""

    def __init__(self, env: Any, doctree: nodes.document) -> None:
        self.env = env
        self.doctree = doctree
        self.facts = Facts(env)
        self._settings = self.facts.settings()
        self._taxes = self.facts.taxes()
        self.problems: list[tuple[str, str, nodes.Node]] = []
        self._key_word = re.compile(r"\b(" + "|".join(map(re.escape, sorted(self._settings, key=len, reverse=True))) + r")\b") if self._settings else None

    # -- walking ---------------------------------------------------------------------

    def run(self) -> None:
        self._visit(self.doctree, in_table=False)

    def _visit(self, node: nodes.Element, in_table: bool) -> None:
        """Depth first, leaving out what the check does not read (one pass, no
        ancestor lookups: this runs on every page of every build)."""
        for child in node.children:
            if not isinstance(child, nodes.Element) or self._skip(child):
                continue
            if isinstance(child, nodes.table):
                self.check_table(child)
                continue  # its rows are read as rows
            if isinstance(child, (nodes.paragraph, nodes.title, nodes.term)) and not in_table:
                self.check_unit(self.tokenize(child), inherited=self.inherited(child))
            self._visit(child, in_table)

    @staticmethod
    def _skip(node: nodes.Element) -> bool:
        classes = node.get("classes", ())
        # Defects describe wrong behaviour: their values are what went wrong.
        if VALUE_CLASS in classes or "cedocs-table" in classes or "cedocs-i18n-coverage" in classes or "cedocs-defect" in classes:
            return True
        return isinstance(node, (nodes.literal_block, nodes.comment, nodes.raw, addnodes.toctree))

    @staticmethod
    def _ancestors(node: nodes.Node) -> Iterator[nodes.Element]:
        current: nodes.Node | None = node
        while current is not None:
            if isinstance(current, nodes.Element):
                yield current
            current = current.parent

    def inherited(self, node: nodes.Element) -> list[Subject]:
        """Subjects of the entry a paragraph describes (the term of its definition list
        item, as in a setting's entry)."""
        for ancestor in self._ancestors(node):
            if isinstance(ancestor, nodes.definition_list_item):
                terms = [c for c in ancestor.children if isinstance(c, nodes.term)]
                if terms and terms[0] is not node:
                    return self.tokenize(terms[0]).subjects
        return []

    def tokenize(self, node: nodes.Element, unit: Unit_ | None = None) -> Unit_:
        unit = unit or Unit_(node)
        self._walk(node, unit)
        return unit

    def _walk(self, node: nodes.Node, unit: Unit_) -> None:
        for child in node.children if isinstance(node, nodes.Element) else ():
            if isinstance(child, nodes.Element) and (VALUE_CLASS in child.get("classes", []) or child.get("cedocs_optional")):
                unit.add_text(" ")
                continue
            if isinstance(child, addnodes.pending_xref):
                domain, typ, target = child.get("refdomain"), child.get("reftype"), child.get("reftarget", "")
                if domain == "ce" and typ in ("setting", "tax"):
                    unit.add_subject(typ, target, child.astext())
                    continue
                if domain == "rel" and typ == "release":
                    unit.add_subject("release", target, child.astext())
                    continue
                self._walk(child, unit)
            elif isinstance(child, nodes.literal):
                text = child.astext()
                if text in self._settings:
                    unit.add_subject("setting", text, text)
                elif text in self._taxes:
                    unit.add_subject("tax", text, text)
                else:
                    unit.add_literal(text)
            elif isinstance(child, nodes.Text):
                self._text(str(child), unit)
            elif isinstance(child, (nodes.footnote_reference, nodes.substitution_reference, nodes.target, addnodes.index)):
                continue
            elif isinstance(child, (nodes.bullet_list, nodes.enumerated_list, nodes.table)):
                continue  # their own units
            else:
                self._walk(child, unit)

    def _text(self, text: str, unit: Unit_) -> None:
        if self._key_word is None:
            unit.add_text(text)
            return
        position = 0
        for match in self._key_word.finditer(text):
            unit.add_text(text[position : match.start()])
            unit.add_subject("setting", match.group(1), match.group(1))
            position = match.end()
        unit.add_text(text[position:])

    # -- sentences ---------------------------------------------------------------------

    @staticmethod
    def sentences(unit: Unit_) -> list[tuple[int, int]]:
        spans, start = [], 0
        for match in SENTENCE_END.finditer(unit.text):
            spans.append((start, match.start()))
            start = match.end()
        spans.append((start, len(unit.text)))
        return spans

    def check_unit(self, unit: Unit_, inherited: list[Subject] = (), columns: dict[str, Any] | None = None) -> None:
        if not (_DIGIT.search(unit.text) or unit.literals or LEVEL_WORD.search(unit.text) or OUTSIDE_HOURS.search(unit.text)):
            return  # no value a rule could compare (most sentences of the manual)
        carried: dict[str, Subject] = {s.kind: s for s in inherited}
        for start, end in self.sentences(unit):
            subjects = [s for s in unit.subjects if start <= s.start < end]
            sentence = unit.text[start:end]
            context = _Sentence(unit, start, sentence, subjects, dict(carried), columns or {})
            self.check_sentence(context)
            for subject in subjects:
                carried[subject.kind] = subject

    def check_sentence(self, s: _Sentence) -> None:
        self.check_default(s)
        self.check_level(s)
        self.check_tax(s)
        self.check_rate_on_date(s)
        self.check_sla(s)
        self.check_hours(s)
        self.check_coverage_sentence(s)
        self.check_release(s)

    # -- reporting ---------------------------------------------------------------------

    def report(self, node: nodes.Node, kind: str, message: str) -> None:
        edition = self.facts.edition
        where = f" (edition {edition})" if edition is not None else ""
        self.problems.append((kind, f"fact check [{kind}]: {message}{where}", node))

    # -- settings ------------------------------------------------------------------------

    def _setting_for(self, s: _Sentence, at: int) -> Any | None:
        mine = [x for x in s.subjects if x.kind == "setting"]
        if mine:
            nearest = min(mine, key=lambda x: abs(x.start - at))
            return self._settings.get(nearest.key)
        carried = s.carried.get("setting")
        return self._settings.get(carried.key) if carried else None

    def _versions_named(self, s: _Sentence) -> list[Version]:
        return [v for m in VERSION_MENTION.finditer(s.text) if (v := parse_or_none(m["v"])) is not None]

    def _default_ok(self, setting: Any, value: str, s: _Sentence) -> tuple[bool, str]:
        expected = setting.default_in(self.facts.edition_for(setting))
        if _same_value(value, expected):
            return True, expected
        named = self._versions_named(s)
        if named:
            history = {setting.default_in(v) for v in named} | {c.previous for c in setting.default_history} | {setting.default}
            if any(_same_value(value, h) for h in history):
                return True, expected
        return False, expected

    def check_default(self, s: _Sentence) -> None:
        if s.columns.get("default") is not None:
            return  # a table row: checked by column
        for word in DEFAULT_WORD.finditer(s.text):
            candidate = _value_near(s, word.start(), word.end())
            if candidate is None:
                continue
            value, at = candidate
            setting = self._setting_for(s, at)
            if setting is None or not setting.available_in(self.facts.edition_for(setting)):
                continue
            self.facts.compared("settings")
            ok, expected = self._default_ok(setting, value, s)
            if not ok:
                self.report(
                    s.unit.node, "default",
                    f"the text says the default of {setting.key} is {value!r}, the settings data says {expected!r}",
                )

    def check_level(self, s: _Sentence) -> None:
        if s.columns.get("level") is not None:
            return
        for word in LEVEL_WORD.finditer(s.text):
            window = s.text[word.end() : word.end() + 40]
            match = re.match(r"\s*(?:is\s+|of\s+|je\s+)?[*\x01L\d\x02]*\s*(?P<name>[A-Za-záéíóúýčďľňšťžÁ-Ž]+)", window)
            if not match:
                continue
            level = _level(match["name"], s.unit, window)
            if level is None:
                continue
            setting = self._setting_for(s, word.start())
            if setting is None or not setting.available_in(self.facts.edition_for(setting)):
                continue
            self.facts.compared("settings")
            if setting.level is not level:
                self.report(s.unit.node, "level", f"the text says {setting.key} has level {level.value}, the settings data says {setting.level.value}")

    # -- taxes ---------------------------------------------------------------------------

    def check_tax(self, s: _Sentence) -> None:
        taxes = [x for x in s.subjects if x.kind == "tax" and x.key in self._taxes]
        if not taxes:
            return
        for match in PERCENT.finditer(s.text):
            value = _percent_value(match)
            near = _adjacent(taxes, s, match.start(), match.end())
            if not near:
                continue  # not said of a tax the sentence names (a category, another rate)
            self.facts.compared("taxes")
            rates = {self._taxes[x.key].rate for x in near}
            if value in rates or -value in rates:
                continue
            tax = self._taxes[near[0].key]
            self.report(s.unit.node, "rate", f"the text says {match.group(0).strip()} next to tax {tax.id}, the tax data says {_pct(tax.rate)}")
        bounds: set[dt.date] = set()
        for x in taxes:
            tax = self._taxes[x.key]
            bounds |= {tax.valid_from, tax.valid_from - dt.timedelta(days=1)}
            if tax.valid_to:
                bounds |= {tax.valid_to, tax.valid_to + dt.timedelta(days=1)}
        for match in DATE.finditer(s.text):
            day = _date_of(match)
            self.facts.compared("taxes")
            if day is None or day in bounds:
                continue
            names = ", ".join(sorted({x.key for x in taxes}))
            periods = "; ".join(f"{t.id} {t.valid_from}..{t.valid_to or ''}" for t in (self._taxes[k] for k in sorted({x.key for x in taxes})))
            self.report(s.unit.node, "validity", f"the text says {match.group(0)} about tax {names}, the tax data says {periods}")

    def _rates_on(self, day: dt.date) -> set[Decimal]:
        return {abs(t.rate) for t in self._taxes.values() if t.valid_on(day)}

    def check_rate_on_date(self, s: _Sentence) -> None:
        if not self._taxes or not TAX_WORDS.search(s.text + " " + s.columns.get("header", "")):
            return
        if any(x.kind == "tax" for x in s.subjects):
            return  # the tax named in the sentence is checked instead
        dates = _dates(s.text)
        column_day = s.columns.get("day")
        for match in PERCENT.finditer(s.text):
            value = abs(_percent_value(match))
            day, how = column_day, "the column's date"
            bound = _bound_date(dates, match.start(), match.end(), s.text)
            if bound is not None:
                day, how = bound, "the date next to it"
            if day is None:
                continue
            self.facts.compared("taxes")
            if value not in self._rates_on(day):
                on = ", ".join(_pct(r) for r in sorted(self._rates_on(day))) or "none"
                self.report(
                    s.unit.node, "rate",
                    f"the text says {match.group(0).strip()} for {day.isoformat()} ({how}); no tax of that rate is valid "
                    f"then in the tax data (valid then: {on})",
                )

    # -- SLA -----------------------------------------------------------------------------

    def _priorities(self, text: str) -> list[tuple[int, int]]:
        found = [(int(next(g for g in m.groups() if g)), m.start()) for m in PRIORITY.finditer(text)]
        found += [(1, m.start()) for m in CRITICAL.finditer(text)]
        return found

    def _tiers(self, text: str, sla: SlaFile) -> list[tuple[str, int]]:
        found = []
        for tier in sla.tiers:
            for match in re.finditer(rf"\b{re.escape(tier.name)}\b", text, re.IGNORECASE):
                found.append((tier.id, match.start()))
        return found

    def check_sla(self, s: _Sentence) -> None:
        sla = self.facts.sla()
        if sla is None:
            return
        text = s.text
        priorities = self._priorities(text) or ([(s.columns["priority"], 0)] if s.columns.get("priority") else [])
        if not priorities:
            return
        tiers = self._tiers(text, sla)
        for match in DURATION.finditer(text):
            amount, unit = int(match["amount"]), _normalize_unit(match["unit"])
            level = min(priorities, key=lambda p: abs(p[1] - match.start()))[0]
            priority = sla.priority(level)
            if priority is None:
                continue
            kind = _nearest_kind(text, match.start())
            column_tier = s.columns.get("tiers", {}).get("current")
            tier_ids = [column_tier] if column_tier else ([min(tiers, key=lambda t: abs(t[1] - match.start()))[0]] if tiers else [])
            candidates: list[tuple[str, Target]] = []
            for tier in tier_ids or ([t.id for t in sla.tiers] or [None]):
                targets = priority.targets_for(tier)
                if targets is None:
                    continue
                for name in ([kind] if kind else ["response", "resolution"]):
                    candidates.append((f"{name}{' for ' + tier if tier else ''}", getattr(targets, name)))
            self.facts.compared("sla")
            if not candidates or any(_same_target(amount, unit, t) for _, t in candidates):
                continue
            said = match.group(0)
            expected = "; ".join(f"{name}: {t.text.lower()}" for name, t in candidates)
            self.report(
                s.unit.node, kind or "response",
                f"the text says {said!r} for priority {level}, the SLA data says {expected}",
            )

    def check_hours(self, s: _Sentence) -> None:
        sla = self.facts.sla()
        if sla is None or not TELEPHONE.search(s.text + " " + s.columns.get("header", "")):
            return
        channel = sla.channel("telephone")
        hours = sla.hours_of(channel) if channel else sla.business_hours
        if hours is None or hours.start is None or hours.end is None:
            return
        for match in TIME_RANGE.finditer(s.text):
            self.facts.compared("sla")
            start = _clock(match["h1"], match["m1"], match["ap1"])
            end = _clock(match["h2"], match["m2"], match["ap2"])
            if (start, end) != (dt.time.fromisoformat(hours.start), dt.time.fromisoformat(hours.end)):
                self.report(
                    s.unit.node, "hours",
                    f"the text says telephone support is staffed {match.group(0).strip()}, the SLA data says {hours.start}-{hours.end}",
                )

    def _p1_outside(self, sla: SlaFile, tier: str | None) -> bool | None:
        """Whether priority 1 is handled outside business hours for ``tier``."""
        if sla.tiers:
            found = sla.tier(tier) if tier else None
            return None if found is None else found.p1_hours == "around the clock"
        priority = sla.priority(1)
        if priority is None or priority.coverage is None:
            return None
        return bool(OUTSIDE_HOURS.search(priority.coverage))

    def check_coverage_sentence(self, s: _Sentence) -> None:
        sla = self.facts.sla()
        if sla is None or not OUTSIDE_HOURS.search(s.text):
            return
        if not (self._priorities(s.text) or CRITICAL.search(s.text)):
            return
        for tier_id, _at in self._tiers(s.text, sla):
            self.facts.compared("sla")
            expected = self._p1_outside(sla, tier_id)
            if expected is False:
                self.report(
                    s.unit.node, "coverage",
                    f"the text says priority 1 is handled outside business hours in {tier_id}, the SLA data says business hours only",
                )

    def check_coverage_row(self, label: str, cells: dict[str, str], node: nodes.Node) -> None:
        """A row such as "Priority 1 handling outside business hours | — | — | Included"
        with the tiers as columns."""
        sla = self.facts.sla()
        if sla is None or not OUTSIDE_HOURS.search(label) or not (self._priorities(label) or CRITICAL.search(label)):
            return
        for tier_name, cell in cells.items():
            claimed = True if POSITIVE.search(cell) else False if NEGATIVE.fullmatch(cell) else None
            if claimed is None:
                continue
            self.facts.compared("sla")
            if sla.tiers:
                tier = next((t for t in sla.tiers if t.name.lower() == tier_name.strip().lower()), None)
                if tier is None:
                    continue
                expected = tier.p1_hours == "around the clock"
            else:  # one set of targets for everybody: the coverage of priority 1 says it
                found = self._p1_outside(sla, None)
                if found is None:
                    continue
                expected = found
            if expected != claimed:
                data_says = "around the clock" if expected else "during business hours only"
                self.report(
                    node, "coverage",
                    f"the row says {cell.strip() or 'nothing'!r} for {tier_name.strip()} ({label.strip()}), "
                    f"the SLA data handles priority 1 {data_says}",
                )

    # -- releases ------------------------------------------------------------------------

    def check_release(self, s: _Sentence) -> None:
        releases = [x for x in s.subjects if x.kind == "release"]
        if not releases:
            return
        known = self.facts.releases()
        for match in DATE.finditer(s.text):
            day = _date_of(match)
            nearest = min(releases, key=lambda x: abs(x.start - (s.offset + match.start())))
            release = known.get(_release_key(nearest.key))
            self.facts.compared("releases")
            if day is None or release is None or release.when is None or release.when == day:
                continue
            self.report(s.unit.node, "release", f"the text says {match.group(0)} next to release {release.version}, the release data says {release.when}")

    # -- tables --------------------------------------------------------------------------

    def check_table(self, table: nodes.table) -> None:
        heads = [row for row in table.findall(nodes.row) if isinstance(row.parent, nodes.thead)]
        header_cells = [self._cell_text(e) for e in heads[0].children] if heads else []
        sla = self.facts.sla()
        tier_names = {t.name.lower() for t in sla.tiers} if sla and sla.tiers else {"foundation", "professional", "strategic"}
        for row in table.findall(nodes.row):
            if isinstance(row.parent, nodes.thead):
                continue
            entries = [e for e in row.children if isinstance(e, nodes.entry)]
            row_unit = Unit_(row)
            for index, entry in enumerate(entries):
                self.tokenize(entry, row_unit)
                row_unit.add_text(" | ")
            label = self._cell_text(entries[0]) if entries else ""
            # Columns named after tiers: a coverage claim per tier.
            tier_cells = {
                header_cells[i]: self._cell_text(e)
                for i, e in enumerate(entries)
                if i < len(header_cells) and header_cells[i].strip().lower() in tier_names
            }
            if tier_cells:
                self.check_coverage_row(label, tier_cells, row)
            for index, entry in enumerate(entries):
                head = header_cells[index] if index < len(header_cells) else ""
                cell = self.tokenize(entry)
                columns: dict[str, Any] = {"header": head}
                day = _header_day(head)
                if day is not None:
                    columns["day"] = day
                columns["default"] = True if DEFAULT_WORD.search(head) else None
                columns["level"] = True if LEVEL_WORD.search(head) else None
                if head.strip().lower() in tier_names and sla is not None:
                    columns["tiers"] = {"current": next((t.id for t in sla.tiers if t.name.lower() == head.strip().lower()), None)}
                row_priorities = self._priorities(label)
                if row_priorities:
                    columns["priority"] = row_priorities[0][0]
                row_subjects = [x for x in row_unit.subjects]
                self.check_unit(cell, inherited=row_subjects, columns=columns)
                if columns["default"]:
                    self.check_default_cell(cell, row_subjects, entry)
                if columns["level"]:
                    self.check_level_cell(cell, row_subjects, entry)

    def check_default_cell(self, cell: Unit_, row: list[Subject], node: nodes.Node) -> None:
        settings = [self._settings[x.key] for x in row if x.kind == "setting" and x.key in self._settings]
        if len(settings) != 1 or not cell.literals:
            return
        setting = settings[0]
        if not setting.available_in(self.facts.edition_for(setting)):
            return
        expected = setting.default_in(self.facts.edition_for(setting))
        value = cell.literals[0]
        self.facts.compared("settings")
        if not _same_value(value, expected):
            self.report(node, "default", f"the table says the default of {setting.key} is {value!r}, the settings data says {expected!r}")

    def check_level_cell(self, cell: Unit_, row: list[Subject], node: nodes.Node) -> None:
        settings = [self._settings[x.key] for x in row if x.kind == "setting" and x.key in self._settings]
        if len(settings) != 1:
            return
        text = _LITERAL_TOKEN.sub(lambda m: cell.literals[int(m.group(1))], cell.text).strip().strip("*_ ")
        level = LEVEL_NAMES.get(text.lower())
        setting = settings[0]
        if level is not None and setting.available_in(self.facts.edition_for(setting)):
            self.facts.compared("settings")
        if level is not None and setting.available_in(self.facts.edition_for(setting)) and setting.level is not level:
            self.report(node, "level", f"the table says {setting.key} has level {text}, the settings data says {setting.level.value}")

    @staticmethod
    def _cell_text(entry: nodes.Node) -> str:
        return " ".join(entry.astext().replace(NBSP, " ").split())


@dataclass
class _Sentence:
    unit: Unit_
    offset: int
    text: str
    subjects: list[Subject]
    carried: dict[str, Subject]
    columns: dict[str, Any]


# ------------------------------------------------------------------------------ helpers


def _pct(rate: Decimal) -> str:
    return f"{rate.normalize():f} %"


def _same_value(said: str, data: str) -> bool:
    said = said.strip().strip("'\"")
    if said == data:
        return True
    compact = re.sub(r"[,\u00a0 ]", "", said)
    return compact == data and compact.lstrip("-").isdigit()


def _same_target(amount: int, unit: str, target: Target) -> bool:
    if target.unit is Unit.NEXT_RELEASE or target.amount is None:
        return False
    if unit == target.unit.value and amount == target.amount:
        return True
    # "1 day" for one business day, "60 minutes" for an hour: the same target written otherwise.
    if target.unit is Unit.HOURS and unit == "minutes" and amount == target.amount * 60:
        return True
    return target.unit is Unit.BUSINESS_DAYS and unit == "days" and amount == target.amount


def _value_near(s: _Sentence, start: int, end: int) -> tuple[str, int] | None:
    """The value a default keyword speaks of: the literal or number right after it
    ("default is `100`", "default of 5120"), or right before it ("`Y` (the default)",
    "30 by default")."""
    after = s.text[end : end + 30]
    before = s.text[max(0, start - 22) : start]
    for text, offset, forward in ((after, end, True), (before, start - len(before), False)):
        tokens = list(_LITERAL_TOKEN.finditer(text)) + list(NUMBER.finditer(text))
        tokens = [t for t in tokens if not _is_version_number(text, t) and not _is_quantity(text, t)]
        if not tokens:
            continue
        token = min(tokens, key=lambda t: t.start()) if forward else max(tokens, key=lambda t: t.end())
        gap = text[: token.start()] if forward else text[token.end() :]
        if forward and not re.fullmatch(r"\s*(?:value\s+)?(?:is\s+|of\s+|was\s+|to\s+|je\s+|hodnota\s+(?:je\s+)?|:\s*|\(\s*)?(?:set\s+to\s+)?", gap, re.I):
            continue
        if not forward and not re.fullmatch(r"\s*(?:\(\s*(?:the\s+)?|\(\s*|by\s+|is\s+the\s+|je\s+)?", gap, re.I):
            continue
        literal = _LITERAL_TOKEN.fullmatch(token.group(0))
        value = s.unit.literals[int(literal.group(1))] if literal else token.group(0)
        return value, s.offset + offset + token.start()
    return None


_UNIT_AFTER = re.compile(
    r"\s*(?:minutes?|hours?|days?|seconds?|weeks?|months?|years?|MB|KB|GB|kilobytes?|megabytes?|records?|rows?|users?"
    r"|minút\w*|hodín\w*|hodiny|dní|dni|sekúnd\w*|záznam\w*|riadk\w*)\b",
    re.IGNORECASE,
)


def _is_quantity(text: str, token: re.Match[str]) -> bool:
    """``30 minutes``: a quantity in a unit, not a value as typed into a setting."""
    return not token.group(0).startswith("\x01") and bool(_UNIT_AFTER.match(text[token.end() :]))


def _is_version_number(text: str, token: re.Match[str]) -> bool:
    return bool(re.search(r"(?:version|verzi\w*)\s*$", text[: token.start()], re.I))


def _level(name: str, unit: Unit_, window: str) -> Level | None:
    literal = _LITERAL_TOKEN.search(window[:12])
    if literal:
        name = unit.literals[int(literal.group(1))]
    return LEVEL_NAMES.get(name.lower())


def _dates(text: str) -> list[tuple[dt.date, int, int, str]]:
    found = []
    for match in DATE.finditer(text):
        day = _date_of(match)
        if day is not None:
            before = text[max(0, match.start() - 12) : match.start()].lower()
            found.append((day, match.start(), match.end(), before))
    for match in YEAR_PHRASE.finditer(text):
        if any(start <= match.start("year") < end for _, start, end, _w in found):
            continue
        year, word = int(match["year"]), match["word"].lower()
        whole = text[match.start() : match.end()].lower()
        if word in ("until", "do", "before", "pred") or "end of" in whole or "konca" in whole:
            day = dt.date(year, 12, 31) if word not in ("before", "pred") else dt.date(year - 1, 12, 31)
        else:
            day = dt.date(year, 1, 1)
        found.append((day, match.start(), match.end(), word))
    return found


_CONJUNCTION = re.compile(r"\b(?:and|or|but|a|alebo|ale|no)\b", re.IGNORECASE)
_BINDING = re.compile(r"\b(?:valid|from|since|until|up to|to|before|od|do|platn\w*|pred)\b", re.IGNORECASE)


def _bound_date(dates: list[tuple[dt.date, int, int, str]], start: int, end: int, text: str) -> dt.date | None:
    """The date a percentage is said of: one right next to it, joined by a word of
    validity ("23 % valid from 1 January 2025", "until 2024: 10 %"), with no other
    percentage and no clause boundary between. ``from 20 % to 23 %`` and ``instead of
    19 %`` name the rate before the date."""
    best: tuple[int, dt.date] | None = None
    for day, d_start, d_end, word in dates:
        gap = text[end:d_start] if d_start >= end else text[d_end:start]
        joined = gap + " " + word
        if len(gap) > 16 or PERCENT.search(gap) or re.search(r"[;:.()\x01]", gap) or not _BINDING.search(joined):
            continue
        if _CONJUNCTION.search(gap):
            continue  # "10 % and from 2025 5 %": the date belongs to the next clause
        if best is None or len(gap) < best[0]:
            best = (len(gap), day)
    if best is None:
        return None
    day = best[1]
    prefix = text[max(0, start - 14) : start].lower()
    suffix = text[end : end + 8].lower()
    if re.search(r"\b(from|z|zo)\s*$", prefix) and re.match(r"\s*(to|na)\b", suffix):
        return day - dt.timedelta(days=1)
    if re.search(r"\b(instead of|namiesto)\s*$", prefix):
        return day - dt.timedelta(days=1)
    return day


def _adjacent(subjects: list[Subject], s: _Sentence, start: int, end: int) -> list[Subject]:
    """Subjects written right next to a value (``20 % ({tax}`sk-standard-20`)``), with
    no other percentage and no clause boundary between."""
    found = []
    for subject in subjects:
        at = subject.start - s.offset
        gap = s.text[end:at] if at >= end else s.text[at:start]
        if at < start:  # the subject's own placeholder is part of the gap: drop it
            gap = re.sub(r"^\x01S_*\x02", "", gap)
        if len(gap) <= 25 and not PERCENT.search(gap) and not re.search(r"[;.]", gap):
            found.append(subject)
    return found


def _header_day(head: str) -> dt.date | None:
    for day, _start, _end, word in _dates(head.replace(NBSP, " ")):
        if word.strip().endswith(("until", "do", "to")) or "until" in head.lower() or head.lower().startswith("do "):
            return day
        if "before" in head.lower() or "pred" in head.lower():
            return day - dt.timedelta(days=1)
        return day
    return None


def _nearest_kind(text: str, at: int) -> str | None:
    found = [(abs(m.start() - at), "response") for m in RESPONSE_WORD.finditer(text)]
    found += [(abs(m.start() - at), "resolution") for m in RESOLUTION_WORD.finditer(text)]
    return min(found)[1] if found else None


def _clock(hour: str, minute: str, ampm: str | None) -> dt.time:
    h = int(hour)
    if ampm and ampm.lower().startswith("p") and h < 12:
        h += 12
    return dt.time(h % 24, int(minute))


def _release_key(text: str) -> str:
    version = parse_or_none(text)
    if version is None:
        return text
    parts = list(version.release) + [0]
    return f"{parts[0]}.{parts[1]}"


# ------------------------------------------------------------------------------ Sphinx


def check_doctree(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: check the page as read (and translated) for this edition."""
    if app.builder.name == "gettext" or not app.config.cedocs_fact_check:
        return
    checker = Checker(app.env, doctree)
    checker.run()
    seen: set[tuple[str, str]] = set()
    for _kind, message, node in checker.problems:
        key = (message, f"{node.source}:{node.line}")
        if key not in seen:
            seen.add(key)
            warn(message, "fact", location=node)


def problems_in(env: Any, doctree: nodes.document) -> list[tuple[str, str, nodes.Node]]:
    """The contradictions of ``doctree`` (for tools and tests)."""
    checker = Checker(env, doctree)
    checker.run()
    return checker.problems


def setup(app: Sphinx) -> None:
    app.add_config_value("cedocs_fact_check", True, "env", types=frozenset({bool}))
    app.connect("doctree-read", check_doctree)


__all__ = ["Checker", "check_doctree", "problems_in", "setup"]
