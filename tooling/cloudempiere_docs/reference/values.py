"""The value role: ``{val}`kind/key/field``` prints a value held in data.

Prose never types a value that data holds; it names it, and the build prints it for the
edition being built, in the language being built (:mod:`cloudempiere_docs.formatting`)::

    The default is {val}`setting/ZK_PAGING_SIZE/default`.
    The standard rate is {val}`tax/sk-standard-23/rate` from {val}`tax/sk-standard-23/from`.
    Strategic customers get a first response within {val}`priority/1/response/strategic`.

A path is ``kind/key/field`` (see :data:`FIELDS`, documented for writers in
``source/writers/writing.md``); ``priority`` fields that differ by subscription take
the tier as a fourth part, and a setting's ``default`` or ``level`` may name another
edition (``default@12``). An unknown kind, key, field, tier or version is a located
``cedocs.ref`` warning with the closest names; a value that does not exist in the edition
being built (a setting added later) is one too, so the sentence goes into an
``{edition}`` block. Printed values link to their reference entry where there is one.

Text from data (names, legal basis) goes through :func:`toolkit.text.data_text`. A value
is printed for the middle of a sentence, in the nominative: a name that is a common noun
(a support channel's) is written small there and gets its capital back where it starts
a sentence (:class:`ValueStartsSentence`); a proper name (a subscription tier) keeps its
capital. Where a language needs another case, a name takes a title of its own, like a
cross-reference: ``{val}`portáli podpory <channel/portal/name>``` (still checked, still
linked). Only a translation inflects: a title in the source language is an error, and a
translated title that does not look like a form of the name (:func:`looks_like_a_form_of`)
is a warning.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from babel.lists import format_list
from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util.nodes import split_explicit_title
from sphinx.util.docutils import SphinxRole

from cloudempiere_docs import formatting
from cloudempiere_docs.data.kinds import KINDS
from cloudempiere_docs.data.releases import Release, ReleasesFile
from cloudempiere_docs.data.settings import Setting, SettingsFile
from cloudempiere_docs.data.sla import SlaFile, Target, Unit
from cloudempiere_docs.data.taxes import Tax, TaxesFile
from cloudempiere_docs.data.texts import TITLED_FIELDS, is_common_noun
from cloudempiere_docs.data.versioning import Version, parse_or_none
from cloudempiere_docs.diagnostics import did_you_mean, warn
from cloudempiere_docs.toolkit.domain import DataDomain
from cloudempiere_docs.toolkit.text import data_text

#: kind -> (data file, fields). Fields marked with "/<tier>" take a subscription tier.
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "setting": ("settings", ("default", "level", "since", "removed")),
    "tax": ("taxes", ("rate", "from", "to", "validity", "basis", "name", "indicator")),
    "category": ("taxes", ("name",)),
    "priority": ("sla", ("name", "request", "response", "resolution")),
    "tier": ("sla", ("name", "contacts", "reviews", "p1-hours", "p1-channels")),
    "channel": ("sla", ("name", "hours", "days")),
    "support": ("sla", ("hours", "days", "timezone")),
    "release": ("releases", ("date", "version", "title", "idempiere")),
}
#: Fields that may name another edition: ``default@12``.
VERSIONED = {("setting", "default"), ("setting", "level")}


class ValueProblem(Exception):
    """Why a path prints nothing; ``subtype`` is the warning's."""

    def __init__(self, message: str, subtype: str = "ref") -> None:
        super().__init__(message)
        self.subtype = subtype


@dataclass
class Value:
    """What a path prints, and where it may link to (domain, object type, target)."""

    nodes: list[nodes.Node]
    link: tuple[str, str, str] | None = None
    facts: dict[str, Any] = field(default_factory=dict)  # for the fact check


@dataclass
class Path:
    kind: str
    key: str
    field: str
    extra: str | None  # a tier
    version: str | None  # the edition of a versioned field

    def __str__(self) -> str:
        text = f"{self.kind}/{self.key}/{self.field}"
        if self.version:
            text += f"@{self.version}"
        return text + (f"/{self.extra}" if self.extra else "")


def parse_path(text: str) -> Path:
    """``kind/key/field[@version][/tier]``; the ``support`` kind has no key."""
    parts = [p.strip() for p in text.strip().split("/")]
    if not parts or not parts[0]:
        raise ValueProblem(f"expected kind/key/field, such as setting/ZK_PAGING_SIZE/default, got {text!r}")
    kind = parts[0]
    if kind not in FIELDS:
        raise ValueProblem(f"unknown kind {kind!r}{did_you_mean(kind, FIELDS)} (known: {', '.join(FIELDS)})")
    if kind == "support":
        parts.insert(1, "")
    if len(parts) < 3 or not all(parts[1 if kind != "support" else 2 :]):
        example = "support/hours" if kind == "support" else f"{kind}/<key>/{FIELDS[kind][1][0]}"
        raise ValueProblem(f"expected {example}, got {text!r}")
    name, _, version = parts[2].partition("@")
    if len(parts) > 4:
        raise ValueProblem(f"too many parts in {text!r}")
    return Path(kind, parts[1], name, parts[3] if len(parts) == 4 else None, version or None)


# ------------------------------------------------------------------------ the resolvers


class Context:
    """What a resolver needs: the data, the edition, the language, a way to print data text."""

    def __init__(self, env: Any, location: Any) -> None:
        self.env = env
        self.location = location
        self.domain = DataDomain.of(env)
        self.language = env.config.language or "en"

    @property
    def edition(self) -> Version | None:
        return self.domain.version

    def data(self, kind: str) -> Any:
        if KINDS[kind].config not in self.env.config:
            extension = "cloudempiere_docs.releases" if kind == "releases" else "cloudempiere_docs.reference"
            raise ValueProblem(f"{kind} values need the extension {extension}", "config")
        self.domain.use(kind)
        file = self.domain.file(kind)
        if file is None:
            raise ValueProblem(f"data file {self.domain.path(kind)} not found", "data")
        if file.loaded is None:
            raise _Broken()
        return file.value

    def text(self, kind: str, field: str, text: str) -> nodes.Element:
        """A text of a data file (``field``: its field path), translated in the data
        file's catalog like everywhere else (:mod:`cloudempiere_docs.toolkit.text`).

        A value is printed for the middle of a sentence: a common noun (a channel's name,
        :data:`~cloudempiere_docs.data.texts.COMMON_NOUNS`) is written small there, and
        :class:`ValueStartsSentence` gives it its capital back where a sentence starts
        with it. Names keep their first letter."""
        node = data_text(self.env, kind, text, field=field, location=self.location)
        if is_common_noun(kind, field):
            small = formatting.small_first(node.astext(), self.language)
            node = nodes.inline(small, small, classes=node["classes"])
        return node

    def plain(self, text: str) -> nodes.Node:
        return nodes.Text(text)

    def label(self, message: str) -> nodes.Node:
        return nodes.Text(formatting.label(message, self.language))

    def edition_of(self, path: Path, probe: Callable[[Version | None], Any] | None = None) -> Version | None:
        """The edition a versioned field asks for (``default@12``), else this build's
        (``probe``: what the value depends on, see ``DataDomain.edition_for``)."""
        if path.version is None:
            return self.domain.edition_for(probe) if probe is not None else self.edition
        known = self.domain.editions
        version = parse_or_none(path.version)
        if version is None or (known and version not in known):
            names = ", ".join(str(v) for v in known) or "none"
            raise ValueProblem(f"unknown version {path.version!r} (versions.toml has {names})", "edition")
        return version


class _Broken(Exception):
    """The data file is broken: its own located errors fail the build already."""


def _unknown(what: str, key: str, known: list[str]) -> ValueProblem:
    hint = did_you_mean(key, known)
    if not hint and known:
        shown = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
        hint = f" (known: {shown})"
    return ValueProblem(f"unknown {what} {key!r}{hint}")


def _field(path: Path) -> None:
    fields = FIELDS[path.kind][1]
    if path.field not in fields:
        raise ValueProblem(
            f"unknown field {path.field!r} of {path.kind}{did_you_mean(path.field, fields)} (fields: {', '.join(fields)})"
        )
    if path.version and (path.kind, path.field) not in VERSIONED:
        raise ValueProblem(f"{path.kind}/{path.field} cannot name a version ({path.field}@{path.version})")


def _setting(ctx: Context, path: Path) -> Value:
    data: SettingsFile = ctx.data("settings")
    setting: Setting | None = next((s for s in data.settings if s.key == path.key), None)
    if setting is None:
        raise _unknown("setting", path.key, [s.key for s in data.settings])
    _field(path)
    edition = ctx.edition_of(path, setting.shown_in)
    if not setting.available_in(edition):
        when = f"removed in {setting.removed_in}" if setting.removed_in and edition and edition >= setting.removed_in else f"added in {setting.since}"
        raise ValueProblem(
            f"setting {setting.key!r} is not in edition {edition} ({when}): put the sentence in an {{edition}} block",
            "edition",
        )
    link = ("ce", "setting", setting.key)
    if path.field == "default":
        value = setting.default_in(edition)
        shown: nodes.Node = nodes.literal(value, value) if value else ctx.label("empty")
        return Value([shown], link, {"setting": setting.key, "default": value})
    if path.field == "level":
        return Value([ctx.label(setting.level.value)], link)
    if path.field == "since":
        return Value([ctx.plain(str(setting.since))], link)
    if setting.removed_in is None:
        raise ValueProblem(f"setting {setting.key!r} has no removed_in")
    return Value([ctx.plain(str(setting.removed_in))], link)


def _tax(ctx: Context, path: Path) -> Value:
    data: TaxesFile = ctx.data("taxes")
    tax: Tax | None = next((t for t in data.taxes if t.id == path.key), None)
    if tax is None:
        raise _unknown("tax", path.key, [t.id for t in data.taxes])
    _field(path)
    link = ("ce", "tax", tax.id)
    lang = ctx.language
    if path.field == "rate":
        return Value([ctx.plain(formatting.percent(tax.rate, lang))], link)
    if path.field == "from":
        return Value([ctx.plain(formatting.date(tax.valid_from, lang))], link)
    if path.field == "to":
        if tax.valid_to is None:
            raise ValueProblem(f"tax {tax.id!r} has no valid_to: it is in force (use {tax.id}/validity)")
        return Value([ctx.plain(formatting.date(tax.valid_to, lang))], link)
    if path.field == "validity":
        return Value([ctx.plain(formatting.period(tax.valid_from, tax.valid_to, lang))], link)
    if path.field == "basis":
        return Value([ctx.text("taxes", "taxes.legal_basis", tax.legal_basis)], link)
    if path.field == "name":
        return Value([ctx.text("taxes", "taxes.name", tax.name)], link)
    return Value([nodes.literal(tax.indicator, tax.indicator)], link)


def _category(ctx: Context, path: Path) -> Value:
    data: TaxesFile = ctx.data("taxes")
    category = next((c for c in data.categories if c.id == path.key), None)
    if category is None:
        raise _unknown("tax category", path.key, [c.id for c in data.categories])
    _field(path)
    return Value([ctx.text("taxes", "categories.name", category.name)])


def _tier_of(data: SlaFile, path: Path, tier_id: str | None) -> str | None:
    if tier_id is None:
        return None
    if not data.tiers:
        raise ValueProblem("the SLA data has no subscription tiers")
    if data.tier(tier_id) is None:
        raise _unknown("subscription tier", tier_id, [t.id for t in data.tiers])
    return tier_id


def target_text(target: Target, language: str) -> str:
    """A response or resolution target as the language writes it."""
    if target.unit is Unit.NEXT_RELEASE:
        return formatting.label("with the next release", language)
    assert target.amount is not None
    return formatting.duration(target.amount, target.unit.value, language)


def _priority(ctx: Context, path: Path) -> Value:
    data: SlaFile = ctx.data("sla")
    level = int(path.key) if path.key.isdigit() else None
    priority = data.priority(level) if level is not None else None
    if priority is None:
        raise _unknown("priority", path.key, [str(p.level) for p in data.priorities])
    _field(path)
    link = ("ce", "priority", str(priority.level))
    if path.field == "name":
        if path.extra:
            raise ValueProblem("priority/<n>/name takes no subscription tier")
        return Value([ctx.text("sla", "priorities.name", priority.name)], link)
    if path.field == "request":  # the value of the Priority field of a ticket: "3 High"
        if path.extra:
            raise ValueProblem("priority/<n>/request takes no subscription tier")
        request = data.request_priority(priority.request_priority)
        if request is None:  # reported by the data checks
            raise _Broken()
        name = ctx.text("sla", "request_priorities.name", request.name)
        return Value([ctx.plain(f"{request.value}{formatting.NBSP}"), name], link)
    tier = _tier_of(data, path, path.extra)
    if tier is None and data.tiers:
        shown = {getattr(priority.targets_for(t.id), path.field) for t in data.tiers}
        if len(shown) > 1:
            tiers = ", ".join(t.id for t in data.tiers)
            raise ValueProblem(
                f"the {path.field} target of priority {priority.level} differs by subscription: name the tier, "
                f"e.g. priority/{priority.level}/{path.field}/{data.tiers[-1].id} (tiers: {tiers})"
            )
        tier = data.tiers[0].id
    targets = priority.targets_for(tier)
    if targets is None:
        raise ValueProblem(f"priority {priority.level} has no targets for {tier}")
    target: Target = getattr(targets, path.field)
    facts = {"priority": priority.level, "tier": path.extra, path.field: target}
    return Value([ctx.plain(target_text(target, ctx.language))], link, facts)


_REVIEWS = {"none": "none", "quarterly": "quarterly", "monthly": "monthly"}


def _tier(ctx: Context, path: Path) -> Value:
    data: SlaFile = ctx.data("sla")
    tier = data.tier(path.key)
    if tier is None:
        raise _unknown("subscription tier", path.key, [t.id for t in data.tiers])
    _field(path)
    link = ("ce", "tier", tier.id)
    lang = ctx.language
    if path.field == "name":
        return Value([ctx.text("sla", "tiers.name", tier.name)], link)
    if path.field == "contacts":
        if tier.named_contacts == "unlimited":
            return Value([ctx.label("unlimited")], link)
        return Value([ctx.plain(formatting.number(tier.named_contacts, lang))], link)
    if path.field == "reviews":
        return Value([ctx.label(_REVIEWS[tier.reviews])], link)
    if path.field == "p1-hours":
        return Value([ctx.label("during business hours" if tier.p1_hours == "business hours" else "around the clock")], link)
    names = []
    for channel_id in tier.p1_channels:
        channel = data.channel(channel_id)
        if channel is not None:
            names.append(ctx.text("sla", "channels.name", channel.name).astext())
    return Value([ctx.plain(format_list(names, locale=lang))], link)


def _channel(ctx: Context, path: Path) -> Value:
    data: SlaFile = ctx.data("sla")
    channel = data.channel(path.key)
    if channel is None:
        raise _unknown("channel", path.key, [c.id for c in data.channels])
    _field(path)
    link = ("ce", "channel", channel.id)
    if path.field == "name":
        return Value([ctx.text("sla", "channels.name", channel.name)], link)
    hours = data.hours_of(channel)
    if path.field == "hours":
        if hours is None:
            return Value([ctx.label("around the clock")], link)
        if hours.start is None or hours.end is None:
            raise ValueProblem(f"channel {channel.id!r} has no start and end time")
        return Value([ctx.plain(formatting.time_range(hours.start, hours.end, ctx.language))], link)
    if hours is None:
        return Value([ctx.label("every day")], link)
    field = "channels.hours.days" if hours is channel.hours else "business_hours.days"
    return Value([ctx.text("sla", field, hours.days)], link)


def _support(ctx: Context, path: Path) -> Value:
    data: SlaFile = ctx.data("sla")
    _field(path)
    if path.field == "timezone":
        return Value([ctx.plain(data.timezone)])
    hours = data.business_hours
    if hours is None:
        raise ValueProblem("sla data has no business_hours")
    if path.field == "days":
        return Value([ctx.text("sla", "business_hours.days", hours.days)])
    assert hours.start is not None and hours.end is not None
    return Value([ctx.plain(formatting.time_range(hours.start, hours.end, ctx.language))])


def _release(ctx: Context, path: Path) -> Value:
    data: ReleasesFile = ctx.data("releases")
    edition = ctx.edition
    edition_major = Version(str(edition.major)) if edition is not None else None

    def visible(release: Release) -> bool:
        return edition_major is None or release.manual <= edition_major

    shown = sorted((r for r in data.releases if visible(r)), key=lambda r: r.version)
    if path.key == "latest":
        released = [r for r in shown if r.released]
        if not released:
            raise ValueProblem(f"edition {edition} has no released release", "edition")
        release = released[-1]
    elif path.key == "next":
        planned = [r for r in shown if not r.released]
        if not planned:
            raise ValueProblem(f"edition {edition} has no planned release: put the sentence in an {{edition}} block", "edition")
        release = planned[0]
    else:
        version = parse_or_none(path.key)
        release = data.by_version.get(version) if version is not None else None
        if release is None:
            known = [str(v) for v in data.by_version] + ["latest", "next"]
            raise _unknown("release", path.key, known)
        if not visible(release):
            raise ValueProblem(
                f"release {release.version} is not part of edition {edition}: put the sentence in an {{edition}} block",
                "edition",
            )
    _field(path)
    link = ("rel", "release", str(release.version))
    if path.field == "date":
        if release.when is None:
            raise ValueProblem(f"release {release.version} has no date")
        return Value([ctx.plain(formatting.date(release.when, ctx.language))], link)
    if path.field == "version":
        return Value([ctx.plain(str(release.version))], link)
    if path.field == "title":
        return Value([ctx.plain(release.title)], link)
    return Value([ctx.plain(release.idempiere)], link)


RESOLVERS: dict[str, Callable[[Context, Path], Value]] = {
    "setting": _setting,
    "tax": _tax,
    "category": _category,
    "priority": _priority,
    "tier": _tier,
    "channel": _channel,
    "support": _support,
    "release": _release,
}


def resolve(env: Any, text: str, location: Any = None) -> Value | None:
    """What ``text`` prints in this build; None when its data file is broken.
    Raises :class:`ValueProblem` for anything a writer must fix."""
    path = parse_path(text)
    ctx = Context(env, location)
    try:
        return RESOLVERS[path.kind](ctx, path)
    except _Broken:
        return None


# ----------------------------------------------------------------------------- the role

#: The class of every printed value: the fact check never reads them as typed values.
VALUE_CLASS = "cedocs-value"


class ValueRole(SphinxRole):
    """``{val}`kind/key/field```."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        written = " ".join(self.text.split())  # as one line, however the paragraph wraps it
        has_title, title, text = split_explicit_title(written)
        source, line = self.get_source_info()
        line = _line_of(self.env, source, line, f"`{self.text}`")
        location = f"{source}:{line}" if source and line else self.get_location()
        try:
            value = resolve(self.env, text, (source, line))
            if has_title and value is not None:
                translated = str(self.inliner.document.get("source", "")).endswith("<translated>")
                shown = "".join(n.astext() for n in value.nodes)  # the name, as the build's language prints it
                value = _titled(text, value, title, translated)
                if translated and not looks_like_a_form_of(title, shown):
                    _report(
                        self.env,
                        f"{{val}}`{written}`: the title {title!r} does not look like a form of"
                        f" the name it replaces, {shown!r} (each word of the title should start as the name's"
                        " word does: its first letters up to four); inflect the name, do not replace it",
                        "i18n",
                        location,
                    )
        except ValueProblem as problem:
            _report(self.env, f"{{val}}`{written}`: {problem}", problem.subtype, location)
            return [nodes.literal(text, text, classes=["cedocs-value-error"])], []
        if value is None:  # broken data file, reported where it is
            return [nodes.literal(text, text)], []
        node = nodes.inline(self.rawtext, "", *value.nodes, classes=[VALUE_CLASS])
        node["cedocs-value"] = text
        node.source, node.line = source, line
        # No link in the gettext build: resolving a reference deep-copies its content,
        # which loses the ids gettext needs to extract data text printed inside it.
        if value.link is None or DataDomain.of(self.env).data.get("all_editions"):
            return [node], []
        domain, objtype, target = value.link
        ref = addnodes.pending_xref(
            self.rawtext,
            node,
            refdomain=domain,
            reftype=objtype,
            reftarget=target,
            refexplicit=True,
            refwarn=False,
            refdoc=self.env.docname,
        )
        ref["cedocs_optional"] = True  # a value without a reference entry is still a value
        ref.source, ref.line = source, line
        return [ref], []


def _titled(text: str, value: Value, title: str, translated: bool) -> Value:
    """A name shown with the text the sentence needs: ``{val}`portáli podpory
    <channel/portal/name>``` in a Slovak sentence after *na*, as ``{doc}`` and ``{tax}``
    references take an inflected title. The path is still resolved (it must exist in
    the edition) and still links to its entry. Only names take a title: a value the
    build writes (a date, a rate, a target) is written for the language by
    :mod:`cloudempiere_docs.formatting` and a title would freeze it.

    Only a translation inflects: in the source language the data's text is the sentence's
    text, and a title there would replace a value of the data with typed text that no
    check follows when the data changes."""
    if parse_path(text).field not in TITLED_FIELDS:
        raise ValueProblem(
            f"only a name (kind/key/name) takes a title of its own; the build writes {text} for the"
            " language: print it as it is and word the sentence around it"
        )
    if not translated:
        raise ValueProblem(
            f"a title is for a translation that must inflect the name; in the source language print"
            f" the name as the data holds it: {{val}}`{text}`"
        )
    return Value([nodes.Text(title)], value.link, value.facts)


#: How many first letters of a name's word its inflected form keeps at least (Slovak
#: *portál* -> *portáli*, *linka* -> *linke*; a short word keeps all but its last two).
STEM = 4


def looks_like_a_form_of(title: str, name: str) -> bool:
    """Whether ``title`` may be an inflected form of ``name``: as many words, each starting
    with the first ``min(4, len - 2)`` letters (at least one) of the name's word, case
    aside. *portáli podpory* is a form of *portál podpory*, *pohotovostnej linke* of
    *pohotovostná linka*; *Premium* is not a form of *Strategic*. A heuristic for a
    warning: it catches a title that replaces the name, not bad grammar."""
    words, name_words = title.casefold().split(), name.casefold().split()
    if len(words) != len(name_words):
        return False
    return all(word.startswith(stem[: max(1, min(STEM, len(stem) - 2))]) for word, stem in zip(words, name_words))


def _line_of(env: Any, source: str | None, line: int | None, rawtext: str) -> int | None:
    """The line of the role itself: MyST gives an inline role the line where its
    paragraph starts. The role's text (``rawtext``: its backticked content) is looked up
    from there on in the source (a translated message is not in the source: its
    paragraph's line stays)."""
    if not source or not line:
        return line
    cache = env.temp_data.setdefault("cedocs_source_lines", {})
    if source not in cache:
        try:
            with open(source, encoding="utf-8") as handle:
                cache[source] = handle.read().splitlines()
        except OSError:
            cache[source] = []
    lines = cache[source]
    first = rawtext.splitlines()[0] if rawtext else ""
    for index in range(line - 1, min(len(lines), line + 200)):
        if first and first in lines[index]:
            return index + 1
        if index > line - 1 and not lines[index].strip():
            break  # the paragraph ended
    return line


def _report(env: Any, message: str, subtype: str, location: Any) -> None:
    """Report once per place: a translated build parses the English message and its
    translation, and both carry the same role."""
    seen = env.temp_data.setdefault("cedocs_value_reported", set())
    key = (str(location), message)
    if key in seen:
        return
    seen.add(key)
    warn(message, subtype, location=location)


# ------------------------------------------------------------ values that start a sentence

#: What ends a sentence before a value: a full stop, question or exclamation mark (with
#: closing quotes or brackets) and a space. After an abbreviation ("napr. ") a value
#: would be capitalised too; none of the manual's texts puts one there.
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201c\u201d\u00bb\u00ab)\]]*\s+$")


class ValueStartsSentence(SphinxTransform):
    """A value at the start of a sentence (of a paragraph, a table cell, a list item, or
    after a full stop) starts with a capital letter, as a table cell of the same data
    text does (:meth:`toolkit.nodes.NodeBuilder.starting`): the data text is translated
    once and written small for the middle of a sentence (``pondelok až piatok ...``), and
    a common noun is printed small (``support portal``, :meth:`Context.text`).
    Code (a default shown as a literal) is left as it is."""

    # After Locale (20): a translated paragraph holds the values of its translation.
    default_priority = 25

    def apply(self, **kwargs: Any) -> None:
        language = self.config.language or "en"
        for value in list(self.document.findall(nodes.inline)):
            if VALUE_CLASS not in value["classes"]:
                continue
            first = next(iter(value.findall(nodes.Text)), None)
            if first is None or _in_literal(first, value):
                continue
            block = _block_of(value)
            if block is None or not _starts_sentence(_text_before(block, first)):
                continue
            text = formatting.capital_first(str(first), language)
            if text != str(first):
                first.parent.replace(first, nodes.Text(text))


def _in_literal(node: nodes.Node, top: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None and parent is not top:
        if isinstance(parent, (nodes.literal, nodes.FixedTextElement)):
            return True
        parent = parent.parent
    return False


def _block_of(node: nodes.Node) -> nodes.Element | None:
    """The paragraph (title, term, ...) the value is a line of."""
    parent = node.parent
    while isinstance(parent, nodes.Inline):  # the value's reference, emphasis around it
        parent = parent.parent
    return parent if isinstance(parent, nodes.TextElement) else None


def _text_before(block: nodes.Element, first: nodes.Text) -> str:
    before = []
    for text in block.findall(nodes.Text):
        if text is first:
            break
        before.append(str(text))
    return "".join(before)


def _starts_sentence(before: str) -> bool:
    return not before.strip() or _SENTENCE_END.search(before) is not None


def values_in(node: nodes.Node) -> list[str]:
    """The paths of the values printed inside ``node``."""
    return [n["cedocs-value"] for n in node.findall(nodes.inline) if "cedocs-value" in n]


__all__ = ["FIELDS", "TITLED_FIELDS", "VALUE_CLASS", "Value", "ValueProblem", "ValueRole", "ValueStartsSentence", "parse_path", "resolve", "target_text", "values_in"]
