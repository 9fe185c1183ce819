"""The offline and machine-readable editions in the pipeline: format jobs and assembly.

A format job (PDF, EPUB, Markdown, HTML zip of one version x language) runs one Sphinx
builder of ``cloudempiere_docs.formats`` in a warm worker, like the web pages' job, but
reads no source: it starts from a copy of the doctrees and environment that the HTML job
of the same version x language left (Sphinx shares them between builders when the
configuration that shapes doctrees is the same, which the pipeline guarantees: same
conf.py, same ``-D`` values). A copy, not the HTML job's own directory, so format jobs
run in parallel with each other and never disturb the HTML job's incremental state.
Measured on the real manual: 0 pages re-read, about 1 s of set-up per job instead of a
full read (see README, "Performance").

A format job is skipped when its inputs did not change: its fingerprint is the HTML
job's (sources, tooling, registry, options) plus the format; the zip's also covers the
Markdown pages it packs.

Assembly puts each edition's files where readers find them (``<lang>/<version>/downloads/``,
the Markdown pages next to the HTML ones, ``llms.txt`` and ``llms-full.txt`` at the top of
the tree), lists them with sizes in ``versions.json`` and writes the site's root
``llms.txt`` (the latest version in each language first, then the others).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cloudempiere_docs import languages
from cloudempiere_docs.site.plan import FORMATS_DIR, HTML, Job
from cloudempiere_docs.site.registry import Registry

if TYPE_CHECKING:
    from cloudempiere_docs.site.assemble import Part

#: The Sphinx builder of each format (formats/names.py has the same table for readers).
BUILDERS = {"pdf": "pdf", "epub": "epub", "markdown": "markdown", "htmlzip": "htmlzip"}
#: Files of a download format's output directory that are published (one per format).
SUFFIXES = {"pdf": ".pdf", "epub": ".epub", "htmlzip": "-html.zip"}
MARKDOWN_FILES = ("llms.txt", "llms-full.txt")
DOWNLOADS = "downloads"
ROOT_INDEX = "llms.txt"


class FormatError(Exception):
    """A format's output is missing or not what the format promises."""


def fingerprint(html_fingerprint: str, job: Job, markdown_fingerprint: str | None = None) -> str:
    parts = {"html": html_fingerprint, "format": job.format, "markdown": markdown_fingerprint}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def outdir(jobdir: Path) -> Path:
    return jobdir / "out"


def product(job: Job, out: Path) -> list[Path]:
    """The files a finished format job publishes (empty: the job left nothing usable)."""
    if job.format == "markdown":
        return sorted(out.rglob("*.md")) + [out / n for n in MARKDOWN_FILES if (out / n).is_file()]
    suffix = SUFFIXES[job.format]
    return sorted(p for p in out.iterdir() if p.is_file() and p.name.endswith(suffix)) if out.is_dir() else []


def run_format(argv: list[str], cwd: str, log_path: str, html_doctrees: str, doctrees: str) -> tuple[int, float]:
    """In a worker: copy the HTML job's doctrees (fresh, every run), then run the
    format's builder on them."""
    from cloudempiere_docs.site.workers import run_sphinx

    started = time.perf_counter()
    shutil.rmtree(doctrees, ignore_errors=True)
    shutil.copytree(html_doctrees, doctrees)
    code, seconds = run_sphinx(argv, cwd, log_path)
    return code, seconds + (time.perf_counter() - started - seconds)


# ----------------------------------------------------------------------------- assembly


def format_dirs(parts_dir: Path, language: str, version: str, keys: tuple[str, ...]) -> dict[str, Path]:
    """Format outputs of a version x language laid out by ``build-part`` in a parts dir."""
    found = {}
    for key in keys:
        where = parts_dir / FORMATS_DIR / language / version / key
        if where.is_dir():
            found[key] = where
    return found


def check_parts(registry: Registry, parts: list[Part]) -> list[str]:
    """Every version x language has every format of the registry, with its files."""
    problems = []
    for part in parts:
        for key in registry.formats:
            where = part.formats.get(key)
            label = f"version {part.version} ({part.language}), {key}"
            if where is None:
                problems.append(f"{label}: missing (build it with build-part --format {key})")
            elif not product(Job(registry.get(part.version), part.language, key), where):
                problems.append(f"{label}: {where} holds no {key} output")
    return problems


def install(part: Part, tree: Path) -> None:
    """Put a version x language's format files into its tree of the site."""
    for key, where in sorted(part.formats.items()):
        if key == "markdown":
            for path in sorted(where.rglob("*.md")):
                target = tree / path.relative_to(where)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
            for name in MARKDOWN_FILES:
                if (where / name).is_file():
                    shutil.copyfile(where / name, tree / name)
            continue
        suffix = SUFFIXES[key]
        for path in sorted(where.iterdir()):
            if path.is_file() and path.name.endswith(suffix):
                (tree / DOWNLOADS).mkdir(exist_ok=True)
                shutil.copyfile(path, tree / DOWNLOADS / path.name)


def downloads_of(tree: Path, prefix: str) -> list[dict[str, Any]]:
    """The downloads of a tree as ``versions.json`` lists them (format, file, size, URL
    relative to the site's root)."""
    from cloudempiere_docs.formats.names import BY_KEY, key_of

    found = []
    files = sorted((tree / DOWNLOADS).iterdir()) if (tree / DOWNLOADS).is_dir() else []
    if (tree / "llms-full.txt").is_file():
        files.append(tree / "llms-full.txt")
    for path in files:
        key = key_of(path.name)
        if key is None or not path.is_file():
            continue
        rel = path.relative_to(tree).as_posix()
        found.append(
            {
                "format": key,
                "label": BY_KEY[key].label,
                "media_type": BY_KEY[key].media_type,
                "file": path.name,
                "size": path.stat().st_size,
                "url": f"{prefix}{rel}",
            }
        )
    order = {key: index for index, key in enumerate(BY_KEY)}
    return sorted(found, key=lambda d: order[d["format"]])


def add_downloads(data: dict[str, Any], site: Path, registry: Registry) -> None:
    """``versions.json``: each version's downloads, per language."""
    for entry in data["versions"]:
        entry["downloads"] = {
            lang: downloads_of(site / lang / entry["name"], f"{lang}/{entry['name']}/") for lang in registry.languages
        }


def download_sizes(data: dict[str, Any]) -> dict[str, int]:
    """The sizes ``versions.json`` lists, as ``{"<lang>/<version>/<format>": bytes}``: the
    page map carries them to every page (cedocs-formats.js shows them next to the links)."""
    sizes = {}
    for entry in data["versions"]:
        for lang, found in sorted(entry.get("downloads", {}).items()):
            for item in found:
                sizes[f"{lang}/{entry['name']}/{item['format']}"] = item["size"]
    return sizes


def _summary(tree: Path) -> tuple[str, str]:
    """Title (H1) and summary (blockquote) of an edition's ``llms.txt``."""
    title, summary = "", ""
    path = tree / "llms.txt"
    if not path.is_file():
        return title, summary
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# ") and not title:
            title = line[2:].strip()
        elif line.startswith("> ") and not summary:
            summary = line[2:].strip()
        if title and summary:
            break
    return title, summary


def root_index(registry: Registry, site: Path) -> str:
    """The site's ``llms.txt``: the latest version in each language, then the others.

    The llms.txt proposal has no notion of languages or versions: this index is a plain
    llms.txt whose links are the editions' own ``llms.txt`` files."""
    from cloudempiere_docs.formats.markdown import escape

    base = registry.base_url if registry.base_url.endswith("/") else registry.base_url + "/"
    latest = registry.latest
    title, summary = _summary(site / registry.default_language / latest.name)
    name = title.rsplit(" ", 1)[0] if title else "User manual"
    lines = [f"# {name}", ""]
    if summary:
        lines += [f"> {summary}", ""]
    lines += [
        "Each edition (a product version in one language) has its own llms.txt listing its pages as"
        " Markdown, and an llms-full.txt with the whole edition in one file.",
        "",
        "## Latest version",
        "",
    ]

    def entry(lang: str, version_name: str, segment: str) -> str:
        version = registry.get(version_name)
        label = f"{languages.name(lang)}: version {version.name}"
        label += f" ({version.title})" if version.title else ""
        label += f", release {version.release}"
        note = {"development": "in development", "outdated": "no longer supported"}.get(version.status, version.status)
        tree_title, tree_summary = _summary(site / lang / version.name)
        tail = f" – {note}" + (f"; {tree_title}" if tree_title else "")
        return f"- [{escape(label)}]({base}{lang}/{segment}/{ROOT_INDEX}): {escape(tail[3:])}"

    lines += [entry(lang, latest.name, "latest") for lang in registry.languages]
    others = [(lang, v.name) for v in registry.versions if v.name != latest.name for lang in registry.languages]
    if others:
        lines += ["", "## Other versions", ""]
        lines += [entry(lang, name_, name_) for lang, name_ in others]
    return "\n".join(lines) + "\n"


def write_site_files(registry: Registry, site: Path) -> None:
    """Root ``llms.txt`` of the site (when it publishes the Markdown edition)."""
    if "markdown" in registry.formats:
        (site / ROOT_INDEX).write_text(root_index(registry, site), encoding="utf-8")


__all__ = ["BUILDERS", "FormatError", "HTML", "add_downloads", "check_parts", "fingerprint", "install", "run_format"]
