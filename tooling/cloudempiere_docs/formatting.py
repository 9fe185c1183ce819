"""How values from data are written in each language: the one formatting module.

Every date, number, percentage, time and duration the manual prints from data goes
through here, whether a value role prints it in prose, a reference directive in a table
or the release feed in a summary, so a value reads the same everywhere in a language.
Numbers, dates, month names and plural rules come from babel (CLDR); the few choices
CLDR leaves open are made here, once, with the reason:

- **Dates**: Slovak uses CLDR's medium date, ``1. 1. 2025``. English uses ``1 January
  2025``: the manual's style guide (day month year, never an ambiguous ``1/1/25``), with
  CLDR's month names.
- **Percentages** are written with a no-break space before the sign in both languages
  (``23 %``): CLDR's Slovak pattern does so already; English follows ISO 80000-1 and
  the style the manual has always used. Fractions are kept (``5,5 %``), never rounded.
- **Times** use the 24-hour clock (``8:00``): support hours are Central European times.
- **Durations** bind the number to its unit with a no-break space. Minutes, hours and
  days are CLDR units; business hours and business days are not, so their words come
  from the ``cedocs`` interface catalog (with its plural forms).
- **Dates and ranges** never break across lines: their spaces are no-break spaces.

The functions take the language explicitly: they run in a Sphinx build, in the feed
writer and in tests alike.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import unicodedata
from decimal import Decimal

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.dates import format_time as _babel_time
from babel.numbers import format_decimal as _babel_decimal
from babel.numbers import format_percent as _babel_percent
from babel.units import format_unit

from cloudempiere_docs.locale_strings import translations

NBSP = "\u00a0"
#: Between the two ends of a range ("8:00–17:00", "1. 1. 2011 – 31. 12. 2024").
EN_DASH = "\u2013"

#: Date patterns that CLDR does not give us as we want them (see the module docstring).
_DATE_PATTERNS = {"en": "d MMMM y"}
_PERCENT_PATTERNS = {"en": "#,##0.###\u00a0%"}


@functools.lru_cache(maxsize=None)
def _locale(language: str) -> Locale:
    return Locale.parse(language or "en")


def _gettext(language: str) -> gettext.NullTranslations:
    return translations(language or "en")


def _tr(language: str, message: str) -> str:
    return _gettext(language).gettext(message)


def _ntr(language: str, singular: str, plural: str, count: int) -> str:
    return _gettext(language).ngettext(singular, plural, count)


def _nobreak(text: str) -> str:
    return text.replace(" ", NBSP)


# ------------------------------------------------------------------------------ values


#: The same dates in Sphinx's strftime-style codes, which Sphinx formats with babel:
#: ``html_last_updated_fmt`` of the footer ("Last updated on 30 November 2026" /
#: "30. 11. 2026"). A test keeps them equal to :func:`date`.
_SPHINX_DATE_FORMATS = {"en": "%-d %B %Y", "sk": "%-d. %-m. %Y"}


def sphinx_date_format(language: str) -> str:
    """``html_last_updated_fmt`` for ``language``: the manual's date (ISO for others)."""
    return _SPHINX_DATE_FORMATS.get(language, "%Y-%m-%d")


def date(day: dt.date, language: str) -> str:
    """``1 January 2025`` / ``1. 1. 2025``."""
    pattern = _DATE_PATTERNS.get(language, "medium")
    return _nobreak(_babel_date(day, pattern, locale=_locale(language)))


def number(value: int | float | Decimal | str, language: str) -> str:
    """A number as the language writes it: ``100,000`` / ``100 000``; ``0.5`` / ``0,5``."""
    return _babel_decimal(Decimal(str(value)), locale=_locale(language), decimal_quantization=False)


def percent(points: int | float | Decimal | str, language: str) -> str:
    """A rate given in percentage points (``23``): ``23 %`` (no-break space), ``5,5 %``."""
    ratio = Decimal(str(points)) / 100
    pattern = _PERCENT_PATTERNS.get(language)
    return _babel_percent(ratio, pattern, locale=_locale(language), decimal_quantization=False)


def time(value: dt.time | str, language: str) -> str:
    """``8:00`` (24-hour clock); ``value`` may be the data's ``"08:00"``."""
    if isinstance(value, str):
        value = dt.time.fromisoformat(value)
    return _babel_time(value, "H:mm", locale=_locale(language))


def time_range(start: dt.time | str, end: dt.time | str, language: str) -> str:
    """``8:00–17:00``."""
    return f"{time(start, language)}{EN_DASH}{time(end, language)}"


_CLDR_UNITS = {"minutes": "duration-minute", "hours": "duration-hour", "days": "duration-day"}


def duration(amount: int, unit: str, language: str) -> str:
    """``30 minutes`` / ``30 minút``, ``2 business days`` / ``2 pracovné dni``.

    ``unit`` is a unit of the SLA data: minutes, hours, days, business hours, business days.
    """
    if unit in _CLDR_UNITS:
        text = format_unit(amount, _CLDR_UNITS[unit], length="long", locale=_locale(language))
        digits = number(amount, language)
        return text.replace(f"{digits} ", f"{digits}{NBSP}", 1)
    if unit == "business hours":
        words = _ntr(language, "{n} business hour", "{n} business hours", amount)
    elif unit == "business days":
        words = _ntr(language, "{n} business day", "{n} business days", amount)
    else:
        raise ValueError(f"unknown unit {unit!r}")
    return words.format(n=number(amount, language)).replace(" ", NBSP, 1)


# ------------------------------------------------------------------------------ periods


def period(start: dt.date | None, end: dt.date | None, language: str) -> str:
    """When something is valid: ``from 1 January 2025``, ``until 31 December 2024`` or
    ``1 January 2011 – 31 December 2024`` (inclusive ends); "" when both are open."""
    if start and end:
        return f"{date(start, language)} {EN_DASH} {date(end, language)}"
    if start:
        return _tr(language, "from {date}").format(date=date(start, language))
    if end:
        return _tr(language, "until {date}").format(date=date(end, language))
    return ""


def label(message: str, language: str) -> str:
    """An interface label of a value (``unlimited``, ``Quarterly``) in ``language``."""
    return _tr(language, message)


# ------------------------------------------------------------------- a text's first letter

#: Languages whose dotted small ``i`` has a dotted capital (Turkish, Azerbaijani, ...):
#: CLDR's casing rules; Python's ``str.upper`` is the same in every language.
_DOTTED_I = frozenset({"tr", "az", "crh", "kk", "tt", "ba"})


def capital_first(text: str, language: str) -> str:
    """``text`` with its first letter made a capital, for a text that starts a sentence,
    a table cell or a list item; the rest is left exactly as it is (``str.capitalize``
    would write the rest small: ``Slovensku`` -> ``slovensku``).

    The first letter's title case is used (``ǆ`` -> ``ǅ``), after any opening punctuation
    (``„pondelok“`` -> ``„Pondelok“``), with the rules CLDR gives some languages: Turkish
    ``i`` -> ``İ``, Dutch ``ij`` -> ``IJ``. A text whose first word is written as a name
    or identifier is left alone: a capital, digit or ``._/@:`` inside it
    (``iDempiere``, ``eKasa``, ``camt.053``) says its writer spelled it so on purpose.
    """
    index = _first_letter(text)
    if index >= len(text) or unicodedata.category(text[index]) != "Ll":
        return text
    if _written_as_a_name(text[index:].split(maxsplit=1)[0]):
        return text
    base = (language or "").replace("-", "_").split("_")[0].lower()
    first = text[index]
    if base in _DOTTED_I and first == "i":
        capital = "\u0130"
    elif base == "nl" and text[index : index + 2] == "ij":
        return text[:index] + "IJ" + text[index + 2 :]
    else:
        capital = first.title()
    return text[:index] + capital + text[index + 1 :]


def _first_letter(text: str) -> int:
    """Where the first letter of ``text`` is, after opening punctuation and quotes."""
    index = 0
    while index < len(text) and (unicodedata.category(text[index]) in ("Ps", "Pi", "Pf") or text[index] in "\"'¡¿"):
        index += 1
    return index


def _written_as_a_name(word: str) -> bool:
    """A capital, digit or ``._/@:`` after the first letter: a name or identifier spelled
    so on purpose (``iDempiere``, ``SLA``, ``camt.053``)."""
    return any(ch.isupper() or ch.isdigit() or ch in "._/@:" for ch in word[1:])


#: Languages that write every noun with a capital (German and Luxembourgish): a common
#: noun is not written small in the middle of a sentence there.
_CAPITALISED_NOUNS = frozenset({"de", "lb"})


def small_first(text: str, language: str) -> str:
    """``text`` with its first letter written small: the inverse of :func:`capital_first`,
    for a common noun that a data file writes with a capital because a table cell starts
    with it (the channel *Support portal*) and that a sentence prints in its middle
    ("report it in the support portal"). The rest is left exactly as it is.

    Callers decide that the text is a common noun (``data.texts.COMMON_NOUNS``): a proper
    name (the subscription *Strategic*) must never come here. As a second guard, a first
    word spelled as a name or identifier is left alone (``SLA portal``, ``SEPA``,
    ``IBAN``, ``camt.053``), as :func:`capital_first` leaves it; in German every noun
    keeps its capital (``Telefonsupport``). CLDR's rules: Turkish
    ``İ`` -> ``i`` and ``I`` -> ``ı``, Dutch ``IJ`` -> ``ij``, a title-case digraph
    ``ǅ`` -> ``ǆ``.
    """
    index = _first_letter(text)
    if index >= len(text) or unicodedata.category(text[index]) not in ("Lu", "Lt"):
        return text
    base = (language or "").replace("-", "_").split("_")[0].lower()
    if base in _CAPITALISED_NOUNS:
        return text  # every noun keeps its capital in the middle of a sentence too
    word = text[index:].split(maxsplit=1)[0]
    if base == "nl" and word.startswith("IJ") and not _written_as_a_name(word[1:]):
        return text[:index] + "ij" + text[index + 2 :]
    if _written_as_a_name(word):
        return text
    first = text[index]
    if base in _DOTTED_I and first in "I\u0130":
        small = "\u0131" if first == "I" else "i"
    elif first == "\u0130":  # Python writes i + a combining dot; other languages have no dotted İ of their own
        small = "i"
    else:
        small = first.lower()
    return text[:index] + small + text[index + 1 :]


__all__ = ["NBSP", "capital_first", "date", "duration", "label", "number", "percent", "period", "small_first", "time", "time_range"]
