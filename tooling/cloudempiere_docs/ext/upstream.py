"""What a speed-up that replaces a private upstream function relies on, checked at setup.

A replacement of a private function (furo's sidebar, MyST's and Sphinx's re-parse of
translations) is written for one shape of its package: the function exists, has this
signature, and the code that calls it looks it up by that name, in a range of versions
the replacement was tested with. :meth:`Shape.problem` says what is not so; the
extension then leaves the stock path in place and logs one line (information, not a
warning, so a strict build goes on, only slower).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from typing import Any

from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version


@dataclass(frozen=True)
class Shape:
    """The upstream shape one replacement relies on."""

    package: str  # distribution name
    versions: str  # PEP 440 range the replacement was written and tested for
    functions: dict[str, Callable[[], Any]]  # "where it lives" -> getter of the object
    signatures: dict[str, str] = field(default_factory=dict)  # "where" -> expected signature
    #: "where" -> (getter of the calling function, name it must look up at run time)
    callers: dict[str, tuple[Callable[[], Any], str]] = field(default_factory=dict)

    def problem(self) -> str | None:
        """Why the replacement must not be used, or None when the shape is there."""
        try:
            installed = Version(package_version(self.package))
        except (PackageNotFoundError, InvalidVersion) as err:
            return f"cannot tell the version of {self.package} ({err})"
        if installed not in SpecifierSet(self.versions):
            return f"{self.package} {installed} is outside the versions it was written for ({self.versions})"
        for where, get in self.functions.items():
            found = _get(get)
            if found is None:
                return f"{where} no longer exists"
            if not callable(found):
                return f"{where} is not callable any more"
            expected = self.signatures.get(where)
            if expected is None:
                continue
            try:
                actual = plain_signature(found)
            except (TypeError, ValueError):
                return f"the signature of {where} cannot be read"
            if actual != expected:
                return f"{where} changed its signature to {actual} (expected {expected})"
        for where, (get, name) in self.callers.items():
            caller = inspect.unwrap(_get(get) or (lambda: None))
            code = getattr(caller, "__code__", None)
            if code is None or name not in code.co_names:
                return f"{where} no longer calls {name} by that name"
        return None


def _get(getter: Callable[[], Any]) -> Any:
    try:
        return getter()
    except (AttributeError, KeyError, ImportError):
        return None


def plain_signature(function: Callable[..., Any]) -> str:
    """The signature without annotations (strings or objects depending on how the module
    was imported): parameter names, kinds and defaults are what a call depends on."""
    signature = inspect.signature(function)
    parameters = [p.replace(annotation=inspect.Parameter.empty) for p in signature.parameters.values()]
    return str(signature.replace(parameters=parameters, return_annotation=inspect.Signature.empty))
