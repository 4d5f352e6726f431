"""A generated package imports its modules on first use, not on `import PACKAGE`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import GenerateFn, minimal_spec


def test_import_package_imports_no_model_until_one_is_used(
    generate: GenerateFn,
) -> None:
    package = generate(
        minimal_spec(
            {"Pet": {"type": "object", "properties": {"name": {"type": "string"}}}}
        )
    )
    folder = Path(package.__file__).parent.parent
    script = (
        "import sys, {p}\n"
        "assert not any(m.startswith('{p}.') for m in sys.modules), sorted(sys.modules)\n"
        "pet = {p}.Pet(name='x')\n"
        "assert '{p}.models' in sys.modules and '{p}.typeddicts' not in sys.modules\n"
        "assert {p}.Pet is {p}.models.Pet and 'Pet' in dir({p})\n"
        "from {p} import *\n"
        "assert UNSET is {p}.UNSET\n"
        "try:\n    {p}.Nope\nexcept AttributeError as exc:\n    assert 'has no attribute' in str(exc)\n"
        "else:\n    raise SystemExit('no AttributeError')\n"
    ).format(p=package.__name__)
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
