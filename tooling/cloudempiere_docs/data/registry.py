"""Schemas of ``versions.toml`` (the version registry) and ``redirects.toml``.

Both are read by the same loader as the data files, so their errors read the same:
``versions.toml:27: version[1].status: Input should be 'latest', 'supported' or
'outdated' (got 'retired')``. Every value that the pipeline turns into a path or a URL
is restricted here, before anything is built, written or deleted: version names are
digits and dots, languages are language codes, redirects are docnames that stay inside
the version they belong to, and ``base_url`` is an http(s) URL.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BeforeValidator, Field

from cloudempiere_docs import languages
from cloudempiere_docs.data.common import Strict
from cloudempiere_docs.data.loader import DataProblem, Loaded
from cloudempiere_docs.data.versioning import Version, check_name, check_release, parse

STATUSES = ("latest", "supported", "outdated")

#: A version name as written in the registry: it is also the URL segment (``en/13/``).
VersionName = Annotated[str, BeforeValidator(check_name)]
#: The full release shown with a version ("13.2", "14.0.dev").
ReleaseName = Annotated[str, BeforeValidator(check_release)]
LanguageCode = Annotated[str, AfterValidator(languages.check_code)]
CommitId = Annotated[str, Field(pattern=r"^[0-9a-f]{7,40}$")]
#: A git tag named for people (never built from): a plain ref name.
TagName = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
#: A codename: shown in pages and feeds (escaped there), one line of plain text.
Title = Annotated[str, Field(max_length=80, pattern=r"^[^\x00-\x1f\x7f<>]*$")]

#: Characters a base URL's host and path may use: no quotes, brackets, spaces or
#: backslashes, so the URL is the same text in HTML, JavaScript, XML and robots.txt.
_URL_PATH = re.compile(r"[A-Za-z0-9._~%/:@!$&()*+,;=-]*")


def check_base_url(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"must be an http(s) URL such as 'https://docs.example.com/', got {value!r}")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"must be an absolute http(s) URL such as 'https://docs.example.com/', got {value!r}")
    if parts.username or parts.password or parts.query or parts.fragment or "?" in value or "#" in value:
        raise ValueError(f"must be a plain http(s) URL without user, query or fragment, got {value!r}")
    if not _URL_PATH.fullmatch(parts.netloc + parts.path) or "'" in value:
        raise ValueError(f"must not contain spaces, quotes, brackets or backslashes, got {value!r}")
    return value


BaseUrl = Annotated[str, BeforeValidator(check_base_url)]


#: The offline and machine-readable editions a site can publish (formats/names.py).
FormatKey = Literal["pdf", "epub", "htmlzip", "markdown"]
ALL_FORMATS: tuple[str, ...] = ("pdf", "epub", "htmlzip", "markdown")


class Site(Strict):
    languages: tuple[LanguageCode, ...] = Field(default=("en", "sk"), min_length=1)
    default_language: LanguageCode | None = None  # default: the first of languages
    base_url: BaseUrl = "https://docs.cloudempiere.com/"
    formats: tuple[FormatKey, ...] = ALL_FORMATS  # built for every version x language


class Development(Strict):
    name: VersionName
    release: ReleaseName
    title: Title = ""
    planned: dt.date | None = None


class Released(Strict):
    name: VersionName
    release: ReleaseName
    # Codename and date: from the release data when the project has it (one place, see
    # cloudempiere_docs.site.release_data); here only for a project without.
    title: Title = ""
    status: Literal["latest", "supported", "outdated"]
    date: dt.date | None = None
    commit: CommitId
    tag: TagName | None = None


class RegistryFile(Strict):
    site: Site = Site()
    development: Development
    version: tuple[Released, ...] = ()


def _belongs(name: str, release: str) -> bool:
    """Release "13.2" belongs to version "13" (and "14.0.dev" to "14")."""
    version, full = parse(name), Version(release)
    return list(full.release[: len(version.release)]) == list(version.release)


def check_registry(loaded: Loaded[RegistryFile]) -> list[DataProblem]:
    """Rules across entries: unique languages and versions, the default language among
    the published ones, one latest release, releases that belong to their version, and
    a development version newer than every release."""
    data = loaded.value
    problems: list[DataProblem] = []
    seen_languages: dict[str, int] = {}
    for index, code in enumerate(data.site.languages):
        if code in seen_languages:
            problems.append(loaded.problem(("site", "languages", index), f"duplicate language {code!r}"))
        seen_languages.setdefault(code, index)
    seen_formats: set[str] = set()
    for index, key in enumerate(data.site.formats):
        if key in seen_formats:
            problems.append(loaded.problem(("site", "formats", index), f"duplicate format {key!r}"))
        seen_formats.add(key)
    if "htmlzip" in data.site.formats and "markdown" not in data.site.formats:
        where = ("site", "formats", data.site.formats.index("htmlzip"))
        problems.append(loaded.problem(where, "'htmlzip' packs the Markdown pages too: add 'markdown'"))
    default = data.site.default_language
    if default is not None and default not in data.site.languages:
        problems.append(
            loaded.problem(
                ("site", "default_language"),
                f"must be one of the published languages ({', '.join(data.site.languages)}), got {default!r}",
            )
        )

    entries: list[tuple[tuple[str | int, ...], str, str]] = [(("development",), data.development.name, data.development.release)]
    entries += [(("version", index), v.name, v.release) for index, v in enumerate(data.version)]
    first: dict[Version, tuple[str | int, ...]] = {}
    for loc, name, release in entries:
        number = parse(name)
        if number in first:
            other = first[number]
            other_name = data.development.name if other == ("development",) else data.version[other[1]].name  # type: ignore[index]
            same = "" if other_name == name else f"; {other_name} and {name} are the same version"
            problems.append(
                loaded.problem((*loc, "name"), f"duplicate version {name!r} (also on line {loaded.line_of(other)}{same})")
            )
        first.setdefault(number, loc)
        if not _belongs(name, release):
            problems.append(loaded.problem((*loc, "release"), f"release {release!r} does not belong to version {name!r}"))

    if data.version:
        newest = max(range(len(data.version)), key=lambda i: parse(data.version[i].name))
        latest = [i for i, v in enumerate(data.version) if v.status == "latest"]
        if latest != [newest]:
            where = ("version", latest[1] if len(latest) > 1 else latest[0], "status") if latest else ("version", newest, "status")
            names = ", ".join(repr(data.version[i].name) for i in latest) or "none"
            problems.append(
                loaded.problem(
                    where,
                    f"the newest released version ({data.version[newest].name!r}) and only it must have"
                    f" status 'latest'; found latest: {names}",
                )
            )
        if parse(data.development.name) <= parse(data.version[newest].name):
            problems.append(
                loaded.problem(
                    ("development", "name"),
                    f"development version {data.development.name!r} must be newer than {data.version[newest].name!r}",
                )
            )
    return problems


# -- redirects.toml ------------------------------------------------------------------------

#: A docname: path segments of letters, digits, ``_``, ``-`` and ``.``, each starting with a
#: letter or digit, so no segment is ``..``, hidden or one of Sphinx's ``_static`` folders.
_DOCNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*(/[A-Za-z0-9][A-Za-z0-9_.-]*)*")


def check_docname(value: Any) -> str:
    if not isinstance(value, str) or not _DOCNAME.fullmatch(value) or len(value) > 200:
        raise ValueError(
            "must be a page name relative to the source directory such as 'support/telephone'"
            f" (letters, digits, - _ . and /; no leading /, no .., no backslash), got {value!r}"
        )
    if value.endswith(".html") or value.endswith(".md"):
        raise ValueError(f"give the page name without .html or .md, got {value!r}")
    return value


DocName = Annotated[str, BeforeValidator(check_docname)]


class RedirectsFile(Strict):
    pages: dict[DocName, DocName] = {}


def check_redirects(loaded: Loaded[RedirectsFile]) -> list[DataProblem]:
    problems: list[DataProblem] = []
    for old, new in loaded.value.pages.items():
        if old == new:
            problems.append(loaded.problem(("pages", old), f"{old!r} redirects to itself"))
        elif new in loaded.value.pages:
            problems.append(
                loaded.problem(("pages", old), f"{new!r} is itself redirected: point {old!r} at {loaded.value.pages[new]!r}")
            )
    return problems
