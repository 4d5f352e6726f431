"""Errors that reach the user as one line and exit status 2.

Every problem with the input is a :class:`SpecError` carrying the file and a place in
it (a ``line L, column C`` or a JSON pointer), so the CLI can print one precise line
instead of a traceback.
"""

from __future__ import annotations

from generator.text import one_line, printable


class SpecError(Exception):
    """Bad input: a document, an option or a configuration value."""

    def __init__(self, file: str, location: str, message: str) -> None:
        super().__init__(file, location, message)
        self.file = file
        self.location = location
        self.message = message

    def __str__(self) -> str:
        if self.file == "specgen" and self.location.startswith("--"):
            place = self.location  # an option: "specgen: error: --package: ..."
        else:
            place = f"{self.file}: {self.location}" if self.location else self.file
        # The one place a message meets the terminal: nothing from a spec reaches
        # it unescaped (see generator.text).
        return printable(f"{place}: {one_line(self.message)}")


class ConfigError(SpecError):
    """A bad command-line option or ``[tool.specgen]`` value."""
