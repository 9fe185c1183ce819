"""Field types shared by the data schemas."""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict

from cloudempiere_docs.data.versioning import ProductVersion, Version

_CONTROL = re.compile(r"[\x00-\x20\x7f\\]")


def check_url(value: str) -> str:
    """Allow only http(s) URLs with a host, or relative URLs; docutils would pass
    ``javascript:`` through to the href unchanged."""
    if _CONTROL.search(value.strip()) or not value.strip():
        raise ValueError(f"must be an http(s) or relative URL without spaces, got {value!r}")
    parts = urlsplit(value.strip())
    if parts.scheme:
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            raise ValueError(f"must be an http(s) or relative URL, got {value!r}")
    elif parts.netloc:  # protocol-relative //host/...: scheme chosen by the page
        raise ValueError(f"must be an http(s) or relative URL, got {value!r}")
    return value.strip()


#: A URL that is safe to put into an href.
SafeUrl = Annotated[str, AfterValidator(check_url)]


class Strict(BaseModel):
    """Base for data models: unknown fields are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Versioned(Strict):
    """An entry that came with a product version or went away with one. Without
    ``since`` it is as old as the manual; each edition lists what its version has, and
    reference entries show "New in / Removed in" marks computed from these fields."""

    since: ProductVersion | None = None
    removed_in: ProductVersion | None = None

    def available_in(self, version: Version | None) -> bool:
        if version is None:
            return True
        if self.since is not None and version < self.since:
            return False
        return not (self.removed_in is not None and version >= self.removed_in)
