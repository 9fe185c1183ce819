"""The project's one warning type.

Every problem our extensions report goes through :func:`warn` with a subtype, so writers
get ``file:line`` and can silence one kind with ``suppress_warnings = ["cedocs.<subtype>"]``.
"""

from __future__ import annotations

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
    }
)

logger = logging.getLogger("cloudempiere_docs")


def warn(message: str, subtype: str, location: Any = None) -> None:
    """Log a located warning of type ``cedocs.<subtype>``."""
    if subtype not in SUBTYPES:  # a programming error, not a content error
        raise ValueError(f"unknown warning subtype {subtype!r}")
    logger.warning(message, type=WARNING_TYPE, subtype=subtype, location=location)
