"""Run sphinx-build jobs in warm, isolated worker processes.

Every job needs a fresh interpreter: Sphinx, docutils and our extensions keep global
state. Starting one costs about 0.7 s of imports per job, a fifth of a small build. A
forkserver imports Sphinx, MyST, furo and our extensions once; each job then runs in a new
fork of it (one task per worker), so jobs start warm and stay isolated from each other and
from the calling process (a test session, for example). As with any multiprocessing
code, a script that runs the pipeline must guard its entry point with
``if __name__ == "__main__":`` (workers may import the main module).
"""

from __future__ import annotations

import contextlib
import inspect
import multiprocessing
from multiprocessing import forkserver
import os
import sys
import time
import traceback
from collections.abc import Iterator
from typing import Any
from multiprocessing.pool import Pool

from cloudempiere_docs.ext import EXTENSIONS
from cloudempiere_docs.ext.upstream import Shape
from cloudempiere_docs.paths import describe_oserror

PRELOAD = [
    "sphinx.cmd.build",
    "sphinx.builders.html",
    "sphinx.search.en",
    "myst_parser.parsers.sphinx_",
    "myst_parser.sphinx_ext.main",
    "furo",
    "sphinx_multiversion",
    *EXTENSIONS,
    "cloudempiere_docs.site.preload",  # Sphinx's built-in extensions, babel's English data
]


def run_sphinx(argv: list[str], cwd: str, log_path: str) -> tuple[int, float]:
    """``sphinx-build argv`` in this (forked) process, output into ``log_path``. (The
    pipeline search-indexes the web pages once this process has exited, see
    build._index_part.)"""
    started = time.perf_counter()
    os.chdir(cwd)
    sys.dont_write_bytecode = True
    with open(log_path, "w", encoding="utf-8") as log:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
        try:
            from sphinx.cmd.build import build_main

            _concise_errors()
            code = build_main(argv)
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        except BaseException:  # report, never hang the pool
            traceback.print_exc()
            code = 2
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
    return int(code or 0), time.perf_counter() - started


def concise_report(exception: BaseException) -> str | None:
    """One line for the build machine's conditions (OSError: disk full, read-only file
    system, permissions) and for user errors (a SphinxError such as a configuration or
    unsafe-source error); None for anything else, bugs included, which keep Sphinx's
    full report."""
    from sphinx.errors import ExtensionError, SphinxError

    cause = exception
    if isinstance(cause, ExtensionError) and isinstance(cause.orig_exc, BaseException):
        cause = cause.orig_exc
    if isinstance(cause, OSError):
        return f"error: {describe_oserror(cause)}"
    if isinstance(cause, SphinxError) and not isinstance(cause, ExtensionError):
        return f"error: {cause.category}: {cause}"
    return None


def _cli_errors() -> Any:
    from sphinx._cli.util import errors

    return errors


def _build_main() -> Any:
    from sphinx.cmd import build

    return build.build_main


#: Sphinx's crash reporter, which the workers replace for expected errors (private).
REPORT_SHAPE = Shape(
    package="sphinx",
    versions=">=8.2,<10",
    functions={"sphinx._cli.util.errors.handle_exception": lambda: _cli_errors().handle_exception},
    callers={"sphinx.cmd.build.build_main": (_build_main, "handle_exception")},
)


def _report_problem() -> str | None:
    """Why the crash reporter must stay as it is, or None. Beyond the shape, the
    replacement relies on the exception coming first and ``stderr`` by name (the whole
    signature cannot be compared: the default of ``stderr`` is the process's stream)."""
    problem = REPORT_SHAPE.problem()
    if problem is None:
        names = list(inspect.signature(_cli_errors().handle_exception).parameters)
        if names[:1] != ["exception"] or "stderr" not in names:
            problem = f"sphinx._cli.util.errors.handle_exception takes {names}"
    return problem


def _concise_errors() -> None:
    """Make this (forked, single-job) process report expected errors in one line.

    ``build_main`` hands every exception to the private
    ``sphinx._cli.util.errors.handle_exception``, which prints a crash report with a
    traceback. Where that function is not as expected (:func:`_report_problem`), the stock
    report stays: nothing breaks, the report is only longer.
    """
    if _report_problem() is not None:
        return
    cli_errors = _cli_errors()
    stock = cli_errors.handle_exception
    if getattr(stock, "_cedocs_concise", False):
        return

    def handle_exception(exception: BaseException, /, *args: object, **kwargs: object) -> None:
        line = concise_report(exception)
        if line is None:
            stock(exception, *args, **kwargs)
            return
        print(line, file=kwargs.get("stderr") or sys.stderr)  # type: ignore[arg-type]

    handle_exception._cedocs_concise = True  # type: ignore[attr-defined]
    cli_errors.handle_exception = handle_exception


@contextlib.contextmanager
def pool(workers: int) -> Iterator[Pool]:
    """A pool whose every task runs in a fresh fork of a preloaded server."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    try:
        with context.Pool(processes=workers, maxtasksperchild=1) as workers_pool:
            yield workers_pool
    finally:
        _stop_server()


def _stop_server() -> None:
    """Stop and reap the forkserver, so the builds' CPU time is accounted to this
    process's children (resource.RUSAGE_CHILDREN) and no server outlives the build."""
    server = getattr(forkserver, "_forkserver", None)
    stop = getattr(server, "_stop", None)  # private, present in CPython 3.9-3.13
    if stop is not None:
        stop()
