"""``python -m generator``: the same as the ``specgen`` command."""

from generator.cli import main

raise SystemExit(main())
