"""Path templates as wire facts: ``/users/{id}/posts`` read once into its parts.

The front ends record :attr:`generator.ir.Operation.path_parts` with :func:`parse`,
and check a document's templates with :func:`variables`; the client's views spell
the URL from the recorded parts instead of reading the template again.
"""

from __future__ import annotations

import re

from generator import ir

_VARIABLE = re.compile(r"\{([^{}]+)\}")


def parse(path: str) -> tuple[ir.PathPart, ...]:
    """The literal text and ``{variables}`` of *path*, in order (no empty text)."""
    parts: list[ir.PathPart] = []
    position = 0
    for match in _VARIABLE.finditer(path):
        if match.start() > position:
            parts.append(ir.PathPart(text=path[position : match.start()]))
        parts.append(ir.PathPart(text=match.group(1), variable=True))
        position = match.end()
    if position < len(path):
        parts.append(ir.PathPart(text=path[position:]))
    return tuple(parts)


def variables(path: str) -> set[str]:
    """The names of the ``{variables}`` of a path template."""
    return {part.text for part in parse(path) if part.variable}


def has_variable(text: str) -> bool:
    """Whether *text* holds a ``{variable}``."""
    return _VARIABLE.search(text) is not None
