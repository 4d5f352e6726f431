"""Writing a generated tree: only files whose bytes changed, each replaced atomically.

The package folder records what specgen wrote in a manifest, so that a later run
removes the files the spec no longer produces and never touches anything else.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import SpecError

MANIFEST = ".specgen-manifest.json"


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_current_umask()


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def write_tree(out: Path, package: str, files: dict[str, str]) -> WriteReport:
    """Bring ``out`` in line with ``files`` (paths relative to ``out``)."""
    report = WriteReport()
    package_dir = out / package
    manifest_path = package_dir / MANIFEST
    owned = _read_manifest(manifest_path)
    if (
        package_dir.exists()
        and not manifest_path.exists()
        and any(package_dir.iterdir())
    ):
        raise SpecError(
            str(package_dir),
            "",
            "folder exists and was not written by specgen; refusing to overwrite it",
        )
    for relative, text in sorted(files.items()):
        target = out / relative
        data = text.encode("utf-8")
        if target.is_file() and target.read_bytes() == data:
            report.unchanged.append(relative)
            continue
        _atomic_write(target, data)
        report.written.append(relative)
    for relative in sorted(owned - set(files)):
        stale = out / relative
        if stale.is_file():
            stale.unlink()
            report.removed.append(relative)
    manifest = (json.dumps(sorted(files), indent=1) + "\n").encode("utf-8")
    if not (manifest_path.is_file() and manifest_path.read_bytes() == manifest):
        _atomic_write(manifest_path, manifest)
    return report


def _read_manifest(path: Path) -> set[str]:
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return set()
    package = path.parent.name
    # Only paths inside this package are ever removed, whatever the manifest says.
    return {
        e
        for e in entries
        if isinstance(e, str)
        and e.startswith(package + "/")
        and ".." not in e.split("/")
    }


def _atomic_write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        os.fchmod(fd, _FILE_MODE)  # mkstemp makes files private; generated code is not
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
