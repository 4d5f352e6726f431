"""Writing a generated package: all or nothing, and only what changed.

A run builds the new package folder beside the old one (``OUT/.PACKAGE.specgen-new``):
files whose bytes are unchanged, and files specgen does not own, are hard-linked
into it (same inode, same modification time), changed files are written fresh.
The two folders are then swapped with one ``renameat2(RENAME_EXCHANGE)``, so a run
killed at any moment, SIGKILL included, leaves either the old tree or the new one
at ``OUT/PACKAGE``.  The next run clears what a killed run left beside it.

The package records what specgen wrote in a manifest, so that a later run removes
the files the spec no longer produces and never touches any other file.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec
from msgspec import field

from generator.errors import SpecError

if TYPE_CHECKING:
    import ctypes

MANIFEST = ".specgen-manifest.json"
_NEW = ".{}.specgen-new"
_OLD = ".{}.specgen-old"


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_current_umask()


class WriteReport(msgspec.Struct):
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


class Plan(msgspec.Struct, frozen=True):
    """How the files on disk differ from the files a run produces."""

    changed: tuple[str, ...]
    unchanged: tuple[str, ...]
    stale: tuple[str, ...]
    """Files a previous run wrote that this run no longer produces."""
    foreign: tuple[str, ...]
    """Files this run would overwrite that specgen did not write."""
    manifest_current: bool

    @property
    def is_noop(self) -> bool:
        return not self.changed and not self.stale and self.manifest_current


# Names Windows reserves for devices, in any case and with any extension: a folder
# called ``con`` cannot be created there, and writing "into" it reaches the console.
_DEVICE = re.compile(r"(?i)(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?")


def check_confined(package: str, files: dict[str, str]) -> None:
    """Refuse a package name or a file path that could land outside ``OUT/PACKAGE``.

    The CLI validates the package name earlier; this is the writer's own guarantee,
    whoever calls it.
    """
    if not package.isidentifier() or not package.isascii() or package.startswith("_"):
        raise SpecError(
            "specgen", "--package", f"{package!r} is not a valid Python package name"
        )
    if _DEVICE.fullmatch(package):
        raise SpecError(
            "specgen",
            "--package",
            f"{package!r} is a device name on Windows; choose another package name",
        )
    for relative in files:
        parts = relative.split("/")
        if (
            parts[0] != package
            or len(parts) < 2
            or {"", ".", ".."} & set(parts)
            or "\\" in relative
            or "\0" in relative
        ):
            raise SpecError(
                "specgen", relative, f"is not a file inside the package {package!r}"
            )


def plan_tree(out: Path, package: str, files: dict[str, str]) -> Plan:
    check_confined(package, files)
    package_dir = out / package
    owned = _read_manifest(package_dir / MANIFEST, package)
    changed, unchanged, foreign = [], [], []
    for relative, text in sorted(files.items()):
        target = out / relative
        try:
            current = target.read_bytes()
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            current = None
        if current == text.encode("utf-8"):
            unchanged.append(relative)
            continue
        changed.append(relative)
        if current is not None and relative not in owned:
            foreign.append(relative)
    stale = sorted(r for r in owned - set(files) if (out / r).is_file())
    manifest_path = package_dir / MANIFEST
    manifest_current = (
        manifest_path.is_file() and manifest_path.read_bytes() == _manifest(files)
    )
    return Plan(
        tuple(changed), tuple(unchanged), tuple(stale), tuple(foreign), manifest_current
    )


def write_tree(
    out: Path, package: str, files: dict[str, str], *, force: bool = False
) -> WriteReport:
    """Bring ``OUT/PACKAGE`` in line with ``files`` (paths relative to ``out``), atomically."""
    check_confined(package, files)
    recover(out, package)
    plan = plan_tree(out, package, files)
    if plan.foreign and not force:
        raise SpecError(
            str(out / plan.foreign[0]),
            "",
            "exists and was not written by specgen; refusing to overwrite it (use --force)",
        )
    report = WriteReport(unchanged=list(plan.unchanged))
    if plan.is_noop:
        return report
    package_dir = out / package
    staging = out / _NEW.format(package)
    _clear(staging)
    out.mkdir(parents=True, exist_ok=True)
    replaced = {str(Path(r).relative_to(package)) for r in (*plan.changed, *plan.stale)}
    replaced.add(MANIFEST)
    if package_dir.is_dir():
        _link_tree(package_dir, staging, skip=replaced)
    else:
        staging.mkdir()
    for relative in plan.changed:
        _write_file(
            staging / Path(relative).relative_to(package),
            files[relative].encode("utf-8"),
        )
    _write_file(staging / MANIFEST, _manifest(files))
    _fsync_dir(staging)
    _swap(staging, package_dir, out / _OLD.format(package))
    _fsync_dir(out)
    report.written = list(plan.changed)
    report.removed = list(plan.stale)
    return report


def recover(out: Path, package: str) -> None:
    """Finish or undo what a killed run left beside the package folder."""
    check_confined(package, {})
    package_dir, staging, old = (
        out / package,
        out / _NEW.format(package),
        out / _OLD.format(package),
    )
    if old.exists():
        if not package_dir.exists() and staging.is_dir():
            # Killed between the two renames of the fallback swap: the new tree is complete.
            os.rename(staging, package_dir)
        elif not package_dir.exists():
            os.rename(old, package_dir)
        _clear(old)
    _clear(staging)


def diff_tree(out: Path, package: str, files: dict[str, str]) -> list[str]:
    """A unified diff from the files on disk to the files a run would write."""
    import difflib  # only `specgen check` diffs

    plan = plan_tree(out, package, files)
    lines: list[str] = []
    for relative in plan.changed:
        target = out / relative
        before = (
            target.read_text(encoding="utf-8", errors="replace")
            if target.is_file()
            else ""
        )
        lines.extend(
            difflib.unified_diff(
                before.splitlines(keepends=True),
                files[relative].splitlines(keepends=True),
                fromfile=f"a/{relative}" if target.is_file() else "/dev/null",
                tofile=f"b/{relative}",
            )
        )
    for relative in plan.stale:
        before = (out / relative).read_text(encoding="utf-8", errors="replace")
        lines.extend(
            difflib.unified_diff(
                before.splitlines(keepends=True),
                [],
                fromfile=f"a/{relative}",
                tofile="/dev/null",
            )
        )
    return [
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
        for line in lines
    ]


def _manifest(files: dict[str, str]) -> bytes:
    return (json.dumps(sorted(files), indent=1) + "\n").encode("utf-8")


def _read_manifest(path: Path, package: str) -> set[str]:
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    if not isinstance(entries, list):
        return set()
    # Only paths inside this package are ever removed, whatever the manifest says.
    return {
        e
        for e in entries
        if isinstance(e, str)
        and e.startswith(package + "/")
        and not {"..", ".", ""} & set(e.split("/")[1:])
    }


def _link_tree(source: Path, destination: Path, skip: set[str]) -> None:
    """Recreate ``source`` at ``destination`` with hard links, leaving out ``skip``."""
    destination.mkdir()
    shutil.copystat(source, destination)
    for entry in sorted(source.rglob("*")):
        relative = entry.relative_to(source)
        if relative.as_posix() in skip:
            continue
        target = destination / relative
        if entry.is_symlink():
            target.symlink_to(os.readlink(entry))
        elif entry.is_dir():
            target.mkdir(exist_ok=True)
        else:
            try:
                os.link(entry, target)
            except OSError:
                shutil.copy2(entry, target)


def _write_file(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _FILE_MODE)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _swap(staging: Path, package_dir: Path, old: Path) -> None:
    if not package_dir.exists():
        os.rename(staging, package_dir)
        return
    if _exchange(staging, package_dir):
        _clear(staging)  # now holds the old tree
        return
    os.rename(package_dir, old)
    os.rename(staging, package_dir)
    _clear(old)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one system call (Linux); False where that is not available."""
    import ctypes  # only a run that replaces a package swaps

    renameat2 = getattr(_libc(), "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(
        at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange
    )
    if result == 0:
        return True
    if ctypes.get_errno() in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EXDEV):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(b))


def _libc() -> ctypes.CDLL | None:
    import ctypes

    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:  # pragma: no cover - no C library to ask
        return None


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _clear(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
