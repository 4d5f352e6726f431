"""``python -m generator``: the same as the ``specgen`` command."""

from generator.cli.main import run

run()
