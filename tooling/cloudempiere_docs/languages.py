"""The languages the site can publish: one table, with names from babel (CLDR).

A language code is a Sphinx ``language`` value (``en``, ``sk``, ``pt_BR``); it is also a
path segment of the site (``sk/13/``), so only codes of that shape that CLDR knows are
accepted. Names are each language's own name ("Slovenčina"), as switchers and the root
page show them; Open Graph wants a locale with a territory (``sk_SK``), taken from CLDR's
likely subtags.
"""

from __future__ import annotations

import functools
import re

from babel import Locale, UnknownLocaleError
from babel.core import get_global

#: ``ll``, ``lll`` or ``ll_TT``: what Sphinx accepts and what is safe in a path.
CODE = re.compile(r"[a-z]{2,3}(_[A-Z]{2})?")


@functools.lru_cache(maxsize=None)
def _locale(code: str) -> Locale | None:
    if not CODE.fullmatch(code):
        return None
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return None


def check_code(code: object) -> str:
    """``code`` if it is a language we can publish, else ValueError saying why."""
    if not isinstance(code, str) or not CODE.fullmatch(code):
        raise ValueError(f"must be a language code such as 'en', 'sk' or 'pt_BR', got {code!r}")
    if _locale(code) is None:
        raise ValueError(f"{code!r} is not a language known to CLDR")
    return code


def name(code: str) -> str:
    """The language's name in itself, capitalized as in a menu: ``sk`` -> ``Slovenčina``."""
    locale = _locale(code)
    if locale is None:
        return code
    text = locale.get_display_name(locale) or code
    return text[:1].upper() + text[1:]


def og_locale(code: str) -> str:
    """The Open Graph locale: ``sk`` -> ``sk_SK``, ``en`` -> ``en_US``."""
    locale = _locale(code)
    if locale is None:
        return code
    if locale.territory:
        return f"{locale.language}_{locale.territory}"
    likely = get_global("likely_subtags").get(locale.language, "")
    territory = likely.split("_")[-1] if likely.count("_") >= 1 else ""
    return f"{locale.language}_{territory}" if territory.isupper() and len(territory) == 2 else code
