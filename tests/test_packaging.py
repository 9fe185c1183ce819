"""Dependencies: pyproject.toml names every distribution the package imports, and the
hashed locks in requirements/ pin them (and what the tests and benchmarks import)."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "tooling" / "cloudempiere_docs"
LOCKS = REPO / "requirements"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", re.MULTILINE)


def imported_distributions(folder: Path, own: set[str]) -> dict[str, set[str]]:
    """``{distribution: {files importing it}}`` for the third-party imports below ``folder``."""
    owners = packages_distributions()
    found: dict[str, set[str]] = {}
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top in own:
                    continue
                assert top in owners, f"{path}: imports {top}, which no installed distribution provides"
                for dist in owners[top]:
                    found.setdefault(canonicalize_name(dist), set()).add(str(path.relative_to(REPO)))
    return found


def declared() -> dict[str, Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {canonicalize_name(r.name): r for r in map(Requirement, project["dependencies"])}


def locked(*layers: str) -> dict[str, str]:
    pins: dict[str, str] = {}
    for layer in layers:
        pins |= {canonicalize_name(n): v for n, v in _PIN.findall((LOCKS / f"{layer}.txt").read_text())}
    return pins


def test_pyproject_lists_every_distribution_the_package_imports() -> None:
    imports = imported_distributions(PACKAGE, {"cloudempiere_docs"})
    missing = {dist: sorted(files)[:3] for dist, files in imports.items() if dist not in declared()}
    assert not missing, f"add to pyproject.toml [project] dependencies: {missing}"


def test_every_declared_dependency_is_imported_or_installs_a_tool() -> None:
    imports = imported_distributions(PACKAGE, {"cloudempiere_docs"})
    unused = set(declared()) - set(imports)
    assert not unused, f"pyproject.toml declares dependencies the package does not import: {sorted(unused)}"


def test_the_runtime_lock_satisfies_pyproject() -> None:
    pins = locked("runtime")
    for name, requirement in declared().items():
        assert name in pins, f"{name} is not in requirements/runtime.txt: run `make lock`"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"requirements/runtime.txt pins {name}=={pins[name]}, outside pyproject.toml's {requirement}"
        )


def test_tests_and_benchmarks_import_only_locked_distributions() -> None:
    pins = locked("runtime", "test")
    own = {"cloudempiere_docs", "benchmarks", "conftest", "sitegen", "served"}
    for folder in (REPO / "tests", REPO / "benchmarks"):
        for dist, files in imported_distributions(folder, own).items():
            assert dist in pins, f"{sorted(files)[:3]} import {dist}, which requirements/{{runtime,test}}.txt do not lock"


def test_every_locked_package_has_hashes() -> None:
    for layer in ("runtime", "test", "dev"):
        text = (LOCKS / f"{layer}.txt").read_text()
        entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n\n", 1)[-1] if text.startswith("#") else text)
        for entry in entries:
            match = _PIN.match(entry.strip())
            if match:
                assert "--hash=sha256:" in entry, f"requirements/{layer}.txt: {match[1]} has no hash"
