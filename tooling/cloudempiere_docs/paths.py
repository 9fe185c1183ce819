"""File-system safety shared by the extensions and the pipeline.

Pages, translations, data, ``versions.toml`` and ``redirects.toml`` come from writers,
translators and pull requests: the build treats them as untrusted. Three rules follow.

- Nothing is written or deleted outside the directory it belongs to: every path made from
  input (a language code, a version name, a redirect key) is joined with :func:`inside`,
  which refuses absolute paths, ``..`` and symbolic links that lead elsewhere. The
  registry schema refuses bad names first; this is the second line, at the write itself.
- Nothing is read from outside the source tree: :func:`is_inside` decides whether a file
  reference stays in ``source/`` after symbolic links are resolved, and
  :func:`escaping_symlinks` finds links in ``source/`` or ``locale/`` that point out.
- Cache files are replaced atomically (:func:`atomic_write`), so a crash or a full disk
  leaves the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath


class UnsafePathError(Exception):
    """A path made from input would lead outside its base directory."""


def _real(path: str | os.PathLike[str]) -> str:
    return os.path.realpath(os.fspath(path))


def is_inside(path: str | os.PathLike[str], root: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is ``root`` or lies under it, after resolving symbolic links."""
    real, top = _real(path), _real(root)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def inside(base: str | os.PathLike[str], *parts: str, what: str = "path") -> Path:
    """``base / parts``, refusing any part that is empty, absolute, holds ``..``, a
    backslash or a NUL byte, and any result that a symbolic link takes out of ``base``.

    ``what`` names where the parts came from, for the message
    (e.g. ``"language '../../victim' in versions.toml"``).
    """
    base = Path(base)
    for part in parts:
        if not isinstance(part, str) or not part.strip() or "\x00" in part or "\\" in part:
            raise UnsafePathError(f"{what}: {part!r} is not a usable file name")
        pure = PurePosixPath(part)
        if pure.is_absolute() or ".." in pure.parts:
            raise UnsafePathError(f"{what}: {part!r} leads outside {base}")
    path = base.joinpath(*parts)
    if not is_inside(path, base):
        raise UnsafePathError(f"{what}: {path} is a symbolic link out of {base}")
    return path


def symlinks(root: str | os.PathLike[str]) -> Iterator[Path]:
    """Every symbolic link under ``root`` (files and directories; links are not followed)."""
    for dirpath, dirnames, filenames in os.walk(root):
        for name in sorted(dirnames + filenames):
            path = Path(dirpath, name)
            if path.is_symlink():
                yield path


def escaping_symlinks(root: str | os.PathLike[str]) -> list[tuple[Path, str]]:
    """Symbolic links under ``root`` that resolve outside it: ``(link, what it points to)``."""
    return [(link, os.readlink(link)) for link in symlinks(root) if not is_inside(link, root)]


def digest(path: Path) -> str:
    """sha256 of a file's bytes; for a symbolic link, what it points to (never followed)."""
    if path.is_symlink():
        return "link:" + os.readlink(path)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree_digests(top: str | os.PathLike[str], skip: Callable[[str], bool] = lambda rel: False) -> dict[str, str]:
    """``{path relative to top: digest}`` of every file and link under ``top``, links not
    followed, leaving out the relative paths ``skip`` says."""
    files: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(top):
        for name in filenames + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
            path = Path(dirpath, name)
            rel = path.relative_to(top).as_posix()
            if not skip(rel):
                files[rel] = digest(path)
    return dict(sorted(files.items()))


def tree_stats(top: str | os.PathLike[str]) -> dict[str, list[int]]:
    """``{path relative to top: [size, modification time in ns]}`` of every file and link
    under ``top`` (links not followed): what a file system changes whenever a file is
    written, at the cost of one ``lstat`` per file instead of reading it. (Plain strings
    and ``os.scandir``: a no-op build checks some 7,000 files this way.)"""
    files: dict[str, list[int]] = {}

    def visit(directory: str, prefix: str) -> None:
        try:
            entries = list(os.scandir(directory))
        except OSError:
            return  # as os.walk: a folder that cannot be listed is left out
        for entry in entries:
            rel = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                visit(entry.path, rel + "/")
            else:  # a file, or a link (to a file or a folder: not followed)
                info = entry.stat(follow_symlinks=False)
                files[rel] = [info.st_size, info.st_mtime_ns]

    if os.path.isdir(top):
        visit(os.fspath(top), "")
    return dict(sorted(files.items()))


#: The installed package: its files shape every build.
PACKAGE_DIR = Path(__file__).resolve().parent


def derived(rel: str) -> bool:
    """Whether the relative path ``rel`` is written by the builds themselves inside their
    inputs (compiled catalogs, byte code): left out of what identifies the inputs."""
    return rel.endswith((".mo", ".pyc")) or "__pycache__" in rel.split("/")


def atomic_write(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Replace ``path`` with ``data`` in one rename: readers see the old or the new file
    (with the old file's permissions, or the usual ones for a new file)."""
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        mode = 0o666 & ~mask
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _open_file_of(err: BaseException) -> str | None:
    """The file a failed ``write()`` was writing to: such an OSError carries no file name,
    but the frame that wrote holds the open file (innermost frame first)."""
    frames = []
    tb = err.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    for frame in reversed(frames):
        for value in frame.f_locals.values():
            if isinstance(value, io.IOBase) and isinstance(getattr(value, "name", None), str):
                return value.name
    return None


def describe_oserror(err: OSError) -> str:
    """``path: reason (ECODE)`` for a failed file operation: disk full, a read-only file
    system or missing permissions are conditions of the machine, reported without a
    traceback."""
    if isinstance(err, shutil.Error) and err.args and isinstance(err.args[0], list) and err.args[0]:
        # copytree collects (source, destination, "[Errno N] reason: 'path'") per file
        _src, dst, why = err.args[0][0]
        found = re.match(r"\[Errno (\d+)\] ([^:]+)", str(why))
        reason = f"{found.group(2)} ({errno.errorcode.get(int(found.group(1)), found.group(1))})" if found else str(why)
        more = len(err.args[0]) - 1
        return f"{dst}: {reason}" + (f"; {more} more file(s) not copied" if more else "")
    where = err.filename if err.filename is not None else _open_file_of(err) or "(unknown file)"
    if err.filename2 is not None:
        where = f"{where} -> {err.filename2}"
    reason = err.strerror or str(err)
    code = errno.errorcode.get(err.errno or 0)
    return f"{where}: {reason}" + (f" ({code})" if code else "")
