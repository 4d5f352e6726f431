"""The API's servers: URLs with ``{variables}``, and the choice of one."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence

__all__ = ["Server", "servers", "server_url"]


@dataclasses.dataclass(frozen=True, slots=True)
class Server:
    """A server URL with ``{variables}``: (name, default, allowed values) each."""

    url: str
    variables: tuple[tuple[str, str, tuple[str, ...]], ...] = ()

    def resolve(self, values: Mapping[str, str] | None) -> str:
        url = self.url
        for name, default, allowed in self.variables:
            value = default if values is None else values.get(name, default)
            if allowed and value not in allowed:
                raise ValueError(
                    f"server variable {name!r} must be one of"
                    f" {', '.join(map(repr, allowed))}; got {value!r}"
                )
            url = url.replace("{" + name + "}", value)
        return url


def servers(*servers: Server) -> tuple[Server, ...]:
    """The servers of an API, as ``client.py`` lists them."""
    return servers


def server_url(
    servers: Sequence[Server],
    index: int | None,
    variables: Mapping[str, str] | None,
    known: Iterable[str] = (),
) -> str:
    """The base URL of ``servers[index]`` (default 0) with ``variables`` filled in.

    ``known`` holds the variables of the operations' own servers, also taken from
    ``variables``; any other name is refused, as is an index out of range.
    """
    if not servers:
        raise ValueError("base_url is required: the spec names no server")
    position = 0 if index is None else index
    if not 0 <= position < len(servers):
        raise ValueError(
            f"server_index must be from 0 to {len(servers) - 1}; got {index}"
        )
    if variables:
        names = {name for s in servers for name, _, _ in s.variables} | set(known)
        unknown = sorted(set(variables) - names)
        if unknown:
            raise ValueError(
                f"unknown server variables {', '.join(map(repr, unknown))};"
                f" the servers have {', '.join(map(repr, sorted(names))) or 'none'}"
            )
    return servers[position].resolve(variables)
