"""Generate a small multi-version git repository from tests/site_project for pipeline tests.

History: v12 (has support/telephone... as `support.md`), v13 (renames `support` to
`telephone-support`, adds a page), then the development working tree (another page).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

PROJECT = Path(__file__).resolve().parent / "site_project"


def git(repo: Path, *args: str) -> str:
    env = {
        "GIT_AUTHOR_NAME": "Docs", "GIT_AUTHOR_EMAIL": "docs@example.test",
        "GIT_COMMITTER_NAME": "Docs", "GIT_COMMITTER_EMAIL": "docs@example.test",
        "PATH": "/usr/bin:/bin:/usr/local/bin", "HOME": str(repo),
    }  # fmt: skip
    return subprocess.run(("git", *args), cwd=repo, check=True, capture_output=True, text=True, env=env).stdout.strip()


#: The generated site publishes the Markdown edition only: cheap, and enough to run
#: format jobs through the pipeline; tests/test_formats_site.py builds every format.
FORMATS = ("markdown",)


def registry_text(
    v12: str, v13: str, *, dev: str = "14", extra: str = "", formats: tuple[str, ...] | None = None
) -> str:
    line = f"formats = [{', '.join(repr(f).replace(chr(39), chr(34)) for f in formats)}]\n" if formats is not None else ""
    return f"""[site]
languages = ["en", "sk"]
default_language = "en"
base_url = "https://docs.example.test/"
{line}
[development]
name = "{dev}"
release = "{dev}.0.dev"
title = "in development"

[[version]]
name = "13"
release = "13.0"
title = "Orion"
status = "latest"
date = 2026-03-16
commit = "{v13}"

[[version]]
name = "12"
release = "12.0"
title = "Kudos"
status = "outdated"
date = 2024-12-16
commit = "{v12}"
{extra}"""


def make_repo(dest: Path, formats: tuple[str, ...] = FORMATS) -> dict[str, str]:
    """Create the repository in ``dest``; return the commits of versions 12 and 13."""
    shutil.copytree(PROJECT, dest)
    (dest / "versions.toml").write_text(registry_text("0" * 7, "0" * 7, formats=formats).split("[[version]]")[0])
    git(dest, "init", "-q", "-b", "main")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "Manual for 12")
    v12 = git(dest, "rev-parse", "HEAD")
    src = dest / "source"
    (src / "support.md").rename(src / "telephone-support.md")
    (src / "index.md").write_text(
        (src / "index.md").read_text().replace("support\n", "telephone-support\nwhats-new\n")
    )
    (src / "whats-new.md").write_text("# What is new in 13\n\nSearch returns at most 100000 records.\n")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "Manual for 13: rename support page, add what's new")
    v13 = git(dest, "rev-parse", "HEAD")
    (dest / "versions.toml").write_text(registry_text(v12, v13, formats=formats))
    (dest / "redirects.toml").write_text('[pages]\n"support" = "telephone-support"\n')
    (src / "einvoicing.md").write_text("# E-invoicing\n\nMandatory from 1 January 2027.\n")
    (src / "index.md").write_text((src / "index.md").read_text().replace("whats-new\n", "whats-new\neinvoicing\n"))
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "Register versions 12 and 13; start 14")
    return {"12": v12, "13": v13}


# ------------------------------------------------------------- with release data


def release_data(*releases: str) -> str:
    """``releases.yaml`` with the given entries (``"12.0 released 2024-12-16 Kudos"``)."""
    out = ["releases:"]
    for entry in releases:
        version, status, day, title = entry.split()
        when = "date" if status == "released" else "planned_date"
        out += [
            f'  - version: "{version}"', f"    status: {status}", f"    {when}: {day}", f"    title: {title}",
            f'    idempiere: "{version.split(".")[0]}"', "    highlights:", f"      - Highlights of {version}.",
        ]  # fmt: skip
    return "\n".join(out) + "\n"


KNOWN_ISSUE = """defects:
  - id: CLD-1701
    title: Peppol export rejects credit memos
    description: Credit memos are refused by the access point.
    component: Invoicing
    severity: major
    affects: ["13.0"]
    status: confirmed
    reported: 2026-04-01
    confirmed: 2026-04-02
    estimated_fix: "14.0"
"""


def release_registry_text(v12: str, v13: str) -> str:
    """A registry without codenames and dates: the release data holds them."""
    return f"""[site]
languages = ["en", "sk"]
default_language = "en"
base_url = "https://docs.example.test/"

[development]
name = "14"
release = "14.0.dev"

[[version]]
name = "13"
release = "13.0"
status = "latest"
commit = "{v13}"

[[version]]
name = "12"
release = "12.0"
status = "outdated"
commit = "{v12}"
"""


def make_release_repo(dest: Path) -> dict[str, str]:
    """Like :func:`make_repo`, with the releases extension, release data (12.0 and 13.0
    released, 14.0 and 14.1 planned), release notes pages and a known issue estimated to
    be fixed in 14.0. Returns the commits of versions 12 and 13."""
    shutil.copytree(PROJECT, dest)
    conf = dest / "conf.py"
    conf.write_text(conf.read_text().replace('"cloudempiere_docs.ext.site"]', '"cloudempiere_docs.ext.site", "cloudempiere_docs.releases"]'))
    src, data, notes = dest / "source", dest / "source" / "_data", dest / "source" / "release-notes"
    data.mkdir()
    notes.mkdir()

    def page(release: str) -> None:
        (notes / f"{release}.md").write_text(f"# Cloudempiere {release}\n\n```{{release-notes}} {release}\n```\n")

    def notes_index(*releases: str) -> None:
        entries = "\n".join(releases)
        (notes / "index.md").write_text(f"# Release notes\n\n```{{release-index}}\n```\n\n```{{toctree}}\n{entries}\n```\n")

    (data / "defects.yaml").write_text("defects: []\n")
    (data / "releases.yaml").write_text(release_data("12.0 released 2024-12-16 Kudos", "13.0 planned 2026-03-16 Orion"))
    page("12.0")
    notes_index("12.0")
    (src / "index.md").write_text((src / "index.md").read_text().replace("support\n", "support\nrelease-notes/index\n"))
    (dest / "versions.toml").write_text(release_registry_text("0" * 7, "0" * 7).split("[[version]]")[0])
    git(dest, "init", "-q", "-b", "main")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "Manual for 12")
    v12 = git(dest, "rev-parse", "HEAD")
    (data / "releases.yaml").write_text(
        release_data("12.0 released 2024-12-16 Kudos", "13.0 released 2026-03-16 Orion", "14.0 planned 2026-12-14 Orion")
    )
    page("13.0")
    notes_index("13.0", "12.0")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "Manual for 13")
    v13 = git(dest, "rev-parse", "HEAD")
    (data / "releases.yaml").write_text(
        release_data(
            "12.0 released 2024-12-16 Kudos", "13.0 released 2026-03-16 Orion",
            "14.0 planned 2026-12-14 Orion", "14.1 planned 2027-03-15 Orion",
        )  # fmt: skip
    )
    (data / "defects.yaml").write_text(KNOWN_ISSUE)
    page("14.0")
    page("14.1")
    notes_index("14.1", "14.0", "13.0", "12.0")
    (dest / "versions.toml").write_text(release_registry_text(v12, v13))
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "Register versions 12 and 13; start 14")
    return {"12": v12, "13": v13}
