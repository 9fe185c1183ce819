"""The project's one warning type.

Every problem our extensions report goes through :func:`warn` with a subtype, so writers
get ``file:line`` and can silence one kind with ``suppress_warnings = ["cedocs.<subtype>"]``.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from typing import Any

from sphinx.util import logging

WARNING_TYPE = "cedocs"

#: Known subtypes; keeping them in one place documents what can go wrong.
SUBTYPES = frozenset(
    {
        "data",  # a data file failed to load or validate
        "ref",  # a role names an unknown entry
        "url",  # a URL from data is not http(s) or relative
        "release",  # release notes / defect consistency
        "i18n",  # a translation breaks a reference or placeholder
        "config",  # a configuration value is inconsistent
        "site",  # page chrome: versions, languages, canonical URLs
        "file",  # a file reference or symbolic link leads outside the source tree
        "source",  # a page is not text (NUL byte)
        "edition",  # an edition condition names an unknown version, or text leaves its edition
        "fact",  # a value typed in prose contradicts the data it describes
        "format",  # a page that an offline or machine-readable format cannot render
    }
)

logger = logging.getLogger("cloudempiere_docs")


def warn(message: str, subtype: str, location: Any = None) -> None:
    """Log a located warning of type ``cedocs.<subtype>``."""
    if subtype not in SUBTYPES:  # a programming error, not a content error
        raise ValueError(f"unknown warning subtype {subtype!r}")
    logger.warning(message, type=WARNING_TYPE, subtype=subtype, location=location)


def report(problems: Iterable[Any], subtype: str = "data") -> None:
    """Log each located data problem (:class:`~cloudempiere_docs.data.loader.DataProblem`)
    at its file and line, as ``field: message``."""
    for problem in problems:
        message = f"{problem.field}: {problem.message}" if problem.field else problem.message
        warn(message, subtype, location=problem.location)


def close_matches(value: str, known: Iterable[str], normalize: Callable[[str], str] | None = None) -> list[str]:
    """Up to three entries of ``known`` that look like ``value`` (compared after
    ``normalize``, e.g. case folding), closest first, as written in ``known``."""
    fold = normalize or (lambda text: text)
    by_form: dict[str, str] = {}
    for item in known:
        by_form.setdefault(fold(item), item)
    return [by_form[m] for m in difflib.get_close_matches(fold(value), list(by_form), n=3, cutoff=0.6)]


def did_you_mean(value: str, known: Iterable[str], normalize: Callable[[str], str] | None = None) -> str:
    """``"; did you mean 'A', 'B'?"`` for a message about an unknown ``value``, or ``""``."""
    close = close_matches(value, known, normalize)
    return f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
