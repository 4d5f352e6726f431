"""The same input gives the same bytes, whatever the hash seed."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def _tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_two_runs_under_different_hash_seeds_give_identical_bytes(
    tmp_path: Path,
) -> None:
    digests = []
    for seed in ("1", "4242"):
        out = tmp_path / f"seed{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [
                sys.executable,
                "-m",
                "generator",
                "generate",
                "-q",
                "--target",
                "atoma",
                "--out",
                str(out),
            ],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=600,
        )
        digests.append(_tree_digest(out))
    assert digests[0] == digests[1]
    assert len(digests[0]) >= 5
