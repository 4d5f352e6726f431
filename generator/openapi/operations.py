"""OpenAPI paths, servers, security schemes and retry settings to IR operations.

Inline schemas inside operations (parameters, request bodies, responses) are turned
into models by the same :class:`SchemaConverter` as the component schemas, named
after their operation (``ChatCompletionsCreateRequest``...), so this runs before the
converter's ``finish()``.  The operations it builds hold references by schema
location; :meth:`OperationReader.finish` renames them once the models have names.

Speakeasy extensions read here: ``x-speakeasy-group``, ``x-speakeasy-name-override``
(per operation, and the top-level list form), ``x-speakeasy-retries`` (top level,
first server, operation), ``x-speakeasy-sse-sentinel`` (on a media type) and
``x-speakeasy-pagination`` (read by :mod:`generator.openapi.pagination`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import msgspec

from generator import ir
from generator.diagnostics import Diagnostics
from generator.errors import SpecError
from generator.ir import identifiers, path_template
from generator.ir.media import essence, media_kind
from generator.load.documents import Documents, Location
from generator.openapi.pagination import PaginationError, read_pagination
from generator.openapi.paths import (
    HTTP_METHODS,
    is_extension,
    operations,
    path_items,
    request_path,
)
from generator.openapi.schemas import SchemaConverter

__all__ = ["OperationReader", "HTTP_METHODS"]

_BODY_PREFERENCE = (
    "application/json",
    "multipart/form-data",
    "application/x-www-form-urlencoded",
)
_PARAMETER_LOCATIONS = ("path", "query", "header", "cookie")


def _streamed(content_type: str) -> bool:
    """Whether a body of this type is streamed item by item: an event stream, or
    JSON lines (the item's schema: OpenAPI 3.2's ``itemSchema``, else ``schema``)."""
    return media_kind(content_type) in ("event_stream", "json_lines")


def _is_json(content_type: str) -> bool:
    return media_kind(content_type) == "json"


class OperationReader:
    """Reads every operation of one document into IR, using a shared schema converter."""

    def __init__(self, docs: Documents, converter: SchemaConverter) -> None:
        self.docs = docs
        self.converter = converter
        self.diagnostics = Diagnostics()
        self.groups: dict[str, str] = {}
        """Operation id -> ``x-speakeasy-group``, else its first tag."""
        self.methods: dict[str, str] = {}
        """Operation id -> ``x-speakeasy-name-override``."""
        self._pending: list[ir.Operation] = []
        self._webhooks: list[ir.Operation] = []
        self._ids: set[str] = set()
        self._explicit_ids: set[str] = set()
        self._api_servers: tuple[ir.Server, ...] | None = None
        self._scopes: dict[str, set[str]] = {}
        """Scheme key -> the scopes security requirements ask of it."""
        self._paginations: dict[str, tuple[Location, Any]] = {}
        """Operation id -> its ``x-speakeasy-pagination``, checked in ``finish``."""
        self._top = Location(docs.root_file, "#")

    # -- document-level facts ---------------------------------------------------

    def servers(self) -> tuple[ir.Server, ...]:
        """The API's servers, each a URL template with its variables."""
        if self._api_servers is None:
            self._api_servers = self._servers(
                self._top.child("servers"), self.docs.root.get("servers"), {}
            )
        return self._api_servers

    def _servers(
        self,
        where: Location,
        node: Any,
        inherited: Mapping[str, ir.ServerVariable],
    ) -> tuple[ir.Server, ...]:
        """Servers; a ``{name}`` a server does not declare takes the declaration of
        ``inherited`` (an operation's servers: the API's variables of that name)."""
        if not isinstance(node, list):
            return ()
        found = []
        for index, server in enumerate(node):
            location = where.child(index)
            if not isinstance(server, dict) or not isinstance(server.get("url"), str):
                raise self.docs.error(location, "a server needs a url string")
            variables = list(
                self._server_variables(
                    location.child("variables"), server.get("variables")
                )
            )
            declared = {v.name for v in variables}
            for name in dict.fromkeys(re.findall(r"\{([^{}]*)\}", server["url"])):
                if name in declared:
                    continue
                if name in inherited:
                    variables.append(inherited[name])
                    continue
                self.diagnostics.add(
                    self.docs.display(location.file),
                    f"the server URL has {{{name}}}, which is not among its"
                    " variables; it is sent as written",
                    pointer=location.child("url").pointer,
                )
            found.append(
                ir.Server(
                    url=server["url"],
                    description=_text(server.get("description")),
                    variables=tuple(variables),
                )
            )
        return tuple(found)

    def _server_variables(
        self, where: Location, node: Any
    ) -> tuple[ir.ServerVariable, ...]:
        if not isinstance(node, dict):
            return ()
        found = []
        for name, variable in node.items():
            if not isinstance(variable, dict):
                continue
            enum = variable.get("enum")
            values = tuple(str(v) for v in enum) if isinstance(enum, list) else ()
            default = variable.get("default")
            if default is None:
                # OpenAPI requires a default; the first allowed value stands in.
                self.diagnostics.add(
                    self.docs.display(where.file),
                    f"server variable {str(name)!r} has no default"
                    + (f"; {values[0]!r} is used" if values else ""),
                    pointer=where.child(str(name)).pointer,
                )
                default = values[0] if values else "{" + str(name) + "}"
            found.append(
                ir.ServerVariable(
                    name=str(name),
                    default=str(default),
                    enum=values,
                    description=_text(variable.get("description")),
                )
            )
        return tuple(found)

    def security_schemes(self) -> tuple[ir.SecurityScheme, ...]:
        where = self._top.child("components", "securitySchemes")
        schemes = _get_mapping(self.docs, where)
        found: dict[str, ir.SecurityScheme] = {}
        for key, node in schemes.items():
            location = where.child(str(key))
            if isinstance(node, dict) and "$ref" in node:
                location = self.docs.resolve(node["$ref"], location.child("$ref"))
                node = self.docs.node(location)
            if not isinstance(node, dict):
                raise self.docs.error(location, "a security scheme must be an object")
            scheme = self._scheme(str(key), location, node)
            if scheme is not None:
                found[str(key)] = scheme
        return tuple(found[k] for k in sorted(found))

    def _scheme(
        self, key: str, location: Location, node: dict[str, Any]
    ) -> ir.SecurityScheme | None:
        kind = node.get("type")
        description = _text(node.get("description"))
        file = self.docs.display(location.file)

        def written(**facts: Any) -> ir.SecurityScheme:
            return ir.SecurityScheme(
                name=key,
                description=description,
                file=file,
                source=location.pointer,
                **facts,
            )

        if kind == "http":
            return written(
                type="http",
                http_scheme=str(node.get("scheme", "")),
            )
        if kind == "apiKey":
            where = node.get("in")
            name = node.get("name")
            if where not in ("header", "query", "cookie") or not isinstance(name, str):
                raise self.docs.error(
                    location,
                    "an apiKey scheme needs 'in' (header, query or cookie) and a 'name'",
                )
            return written(
                type="apiKey",
                location=where,
                parameter_name=name,
            )
        if kind == "oauth2":
            flows = node.get("flows")
            flows = flows if isinstance(flows, dict) else {}
            flow = flows.get("clientCredentials")
            if isinstance(flow, dict) and isinstance(flow.get("tokenUrl"), str):
                return written(
                    type="oauth2",
                    flows=tuple(sorted(str(f) for f in flows)),
                    token_url=flow["tokenUrl"],
                    scopes=tuple(sorted(self._scopes.get(key, ()))),
                )
            return written(
                type="oauth2",
                flows=tuple(sorted(str(f) for f in flows)),
            )
        if kind == "openIdConnect":
            return written(type="openIdConnect")
        self.diagnostics.add(
            self.docs.display(location.file),
            f"security scheme type {kind!r} is not supported; skipped",
            pointer=location.pointer,
        )
        return None

    def retries(self) -> ir.RetryPolicy | None:
        """``x-speakeasy-retries`` at the top level, else on the first server."""
        root = self.docs.root
        if "x-speakeasy-retries" in root:
            return self._retry_policy(
                self._top.child("x-speakeasy-retries"), root["x-speakeasy-retries"]
            )
        servers = root.get("servers")
        if isinstance(servers, list):
            for index, server in enumerate(servers):
                if isinstance(server, dict) and "x-speakeasy-retries" in server:
                    return self._retry_policy(
                        self._top.child("servers", index, "x-speakeasy-retries"),
                        server["x-speakeasy-retries"],
                    )
        return None

    def _retry_policy(self, location: Location, node: Any) -> ir.RetryPolicy | None:
        if not isinstance(node, dict):
            raise self.docs.error(location, "x-speakeasy-retries must be a mapping")
        if node.get("strategy", "backoff") != "backoff":
            return ir.RetryPolicy(status_codes=(), retry_connection_errors=False)
        backoff = node.get("backoff") or {}
        if not isinstance(backoff, dict):
            raise self.docs.error(location.child("backoff"), "must be a mapping")
        values: dict[str, Any] = {}
        for key, attr in (
            ("initialInterval", "initial_interval_ms"),
            ("maxInterval", "max_interval_ms"),
            ("maxElapsedTime", "max_elapsed_ms"),
        ):
            if key in backoff:
                values[attr] = _number(
                    self.docs, location.child("backoff", key), backoff[key], int
                )
        for key in ("exponent", "multiplier"):
            if key in backoff:
                values["exponent"] = _number(
                    self.docs, location.child("backoff", key), backoff[key], float
                )
        codes = node.get("statusCodes")
        if codes is not None:
            if not isinstance(codes, list):
                raise self.docs.error(location.child("statusCodes"), "must be a list")
            values["status_codes"] = tuple(str(c).upper() for c in codes)
        if "retryConnectionErrors" in node:
            values["retry_connection_errors"] = node["retryConnectionErrors"] is True
        return ir.RetryPolicy(**values)

    # -- operations ------------------------------------------------------------------

    def read(self) -> None:
        """Read every operation under ``paths`` and ``webhooks``; inline schemas become models.

        A webhook (OpenAPI 3.1) is a request the API sends, so it has no client
        method; it is read like a path's operation, its name standing for the path,
        so that its payloads become models named after it and the IR lists it.
        """
        paths = self._path_items("paths")
        webhooks = self._path_items("webhooks")
        # An operation without an operationId is called ``get /path``, unless an
        # operationId already says that: ids stay unique.
        self._explicit_ids = {
            node["operationId"]
            for _, _, _, node, _, _ in paths + webhooks
            if isinstance(node, dict) and isinstance(node.get("operationId"), str)
        }
        root_security = self.docs.root.get("security")
        overrides = self._top_level_name_overrides()
        for found, into in ((paths, self._pending), (webhooks, self._webhooks)):
            for raw_path, method, location, node, path_location, item in found:
                into.append(
                    self._read_operation(
                        raw_path,
                        method,
                        location,
                        node,
                        path_location,
                        item,
                        root_security,
                        overrides,
                    )
                )

    def _path_items(
        self, key: str
    ) -> list[tuple[str, str, Location, Any, Location, dict[str, Any]]]:
        """(path, HTTP method, operation location, operation, path item location,
        path item) of every operation under ``key``."""
        where = self._top.child(key)
        found = []
        for raw_path, path_location, item in path_items(
            self.docs, where, _get_mapping(self.docs, where)
        ):
            if not isinstance(item, dict):
                raise self.docs.error(path_location, "a path item must be a mapping")
            for method, location, node, problem in operations(path_location, item):
                if problem is None:
                    found.append(
                        (raw_path, method, location, node, path_location, item)
                    )
                else:
                    self.diagnostics.add(
                        self.docs.display(location.file),
                        problem,
                        pointer=location.pointer,
                    )
        return found

    def _top_level_name_overrides(self) -> dict[str, str]:
        """The list form ``x-speakeasy-name-override: [{operationId, methodNameOverride}]``."""
        entries = self.docs.root.get("x-speakeasy-name-override")
        found: dict[str, str] = {}
        if isinstance(entries, list):
            for entry in entries:
                if (
                    isinstance(entry, dict)
                    and isinstance(entry.get("operationId"), str)
                    and isinstance(entry.get("methodNameOverride"), str)
                ):
                    found[entry["operationId"]] = entry["methodNameOverride"]
        return found

    def _read_operation(
        self,
        raw_path: str,
        method: str,
        location: Location,
        node: Any,
        item_location: Location,
        item: dict[str, Any],
        root_security: Any,
        overrides: Mapping[str, str],
    ) -> ir.Operation:
        if not isinstance(node, dict):
            raise self.docs.error(location, "an operation must be a mapping")
        path = request_path(raw_path)
        if "#" in raw_path and path != raw_path.partition("#")[0]:
            self.diagnostics.add(
                self.docs.display(location.file),
                "the path goes on after its '#' (a template variable follows it),"
                " so '#' is part of the path, sent as %23",
                pointer=location.pointer,
            )
        operation_id = node.get("operationId")
        if operation_id is not None and not isinstance(operation_id, str):
            raise self.docs.error(location.child("operationId"), "must be a string")
        op_id = operation_id or self._fallback_id(method.lower(), path, raw_path)
        if op_id in self._ids:  # a webhook's operationId that an operation has too
            number = 2
            while self._id_taken(f"{op_id} {number}"):
                number += 1
            op_id = f"{op_id} {number}"
        self._ids.add(op_id)
        base_name = identifiers.class_name(op_id)

        tags = node.get("tags")
        if isinstance(node.get("x-speakeasy-group"), str):
            self.groups[op_id] = node["x-speakeasy-group"]
        elif isinstance(tags, list) and tags and isinstance(tags[0], str):
            self.groups[op_id] = tags[0]
        override = node.get("x-speakeasy-name-override")
        if not isinstance(override, str):
            override = overrides.get(operation_id or "")
        if override:
            self.methods[op_id] = override

        parameters = self._parameters(
            location,
            node.get("parameters", []),
            item_location.child("parameters"),
            item.get("parameters", []),
            base_name,
        )
        body = self._request_body(location, node.get("requestBody"), base_name)
        responses = self._responses(location, node.get("responses", {}), base_name)
        security_node = node.get("security", root_security)
        security_where = (
            location.child("security")
            if "security" in node
            else self._top.child("security")
        )
        retries = (
            self._retry_policy(
                location.child("x-speakeasy-retries"), node["x-speakeasy-retries"]
            )
            if "x-speakeasy-retries" in node
            else None
        )
        inherited = {v.name: v for s in self.servers() for v in s.variables}
        if "servers" in node:
            where, servers_node = location.child("servers"), node["servers"]
        else:
            where, servers_node = item_location.child("servers"), item.get("servers")
        servers = self._servers(where, servers_node, inherited)
        if "x-speakeasy-pagination" in node:
            self._paginations[op_id] = (
                location.child("x-speakeasy-pagination"),
                node["x-speakeasy-pagination"],
            )
        operation = ir.Operation(
            id=op_id,
            http_method=method,
            path=path,
            path_parts=path_template.parse(path),
            streaming=any(r.streaming for r in responses if _is_success(r.status)),
            summary=_text(node.get("summary")),
            description=_text(node.get("description")),
            deprecated=node.get("deprecated") is True,
            parameters=parameters,
            request_body=body,
            responses=responses,
            security=self._security(security_where, security_node),
            retries=retries,
            source=location.pointer,
            tags=(
                tuple(t for t in tags if isinstance(t, str))
                if isinstance(tags, list)
                else ()
            ),
            servers=servers,
        )
        return operation

    def _fallback_id(self, method: str, path: str, raw_path: str) -> str:
        """``get /pets`` for an operation without an operationId; the spec's path
        with its ``#fragment`` if that is taken, so that ids stay unique."""
        for candidate in (f"{method} {path}", f"{method} {raw_path}"):
            if not self._id_taken(candidate):
                return candidate
        number = 2
        while self._id_taken(f"{method} {raw_path} {number}"):
            number += 1
        return f"{method} {raw_path} {number}"

    def _id_taken(self, op_id: str) -> bool:
        """Whether an operation has the id, or an operationId says it (asked of the
        two sets in turn: their union, made for each question, costs as much as all
        the ids there are)."""
        return op_id in self._ids or op_id in self._explicit_ids

    def _security(self, location: Location, node: Any) -> tuple[tuple[str, ...], ...]:
        if node is None:
            return ()
        if not isinstance(node, list):
            raise self.docs.error(location, "security must be a list")
        alternatives = []
        for index, requirement in enumerate(node):
            if not isinstance(requirement, dict):
                raise self.docs.error(
                    location.child(index), "a security requirement must be a mapping"
                )
            alternatives.append(tuple(sorted(str(k) for k in requirement)))
            for key, scopes in requirement.items():
                if isinstance(scopes, list):
                    self._scopes.setdefault(str(key), set()).update(
                        s for s in scopes if isinstance(s, str)
                    )
        return tuple(alternatives)

    def _resolved(self, location: Location, node: Any) -> tuple[Location, Any]:
        """Follow ``$ref`` (to components/parameters, requestBodies, responses)."""
        seen: set[str] = set()
        while isinstance(node, dict) and "$ref" in node:
            if location.pointer in seen:
                raise self.docs.error(location, "$ref cycle")
            seen.add(location.pointer)
            location = self.docs.resolve(node["$ref"], location.child("$ref"))
            node = self.docs.node(location)
        return location, node

    def _parameters(
        self,
        location: Location,
        own: Any,
        shared_location: Location,
        shared: Any,
        base_name: str,
    ) -> tuple[ir.Parameter, ...]:
        merged: dict[tuple[str, str], tuple[Location, dict[str, Any]]] = {}
        for where, items in (
            (shared_location, shared),
            (location.child("parameters"), own),
        ):
            if items is None:
                continue
            if not isinstance(items, list):
                raise self.docs.error(where, "parameters must be a list")
            for index, item in enumerate(items):
                item_location, node = self._resolved(where.child(index), item)
                if not isinstance(node, dict):
                    raise self.docs.error(
                        item_location, "a parameter must be a mapping"
                    )
                name, place = node.get("name"), node.get("in")
                if place == "querystring":
                    query = self._querystring(item_location, node)
                    if query is None:
                        continue
                    place, node = "query", query
                if not isinstance(name, str) or place not in _PARAMETER_LOCATIONS:
                    raise self.docs.error(
                        item_location,
                        "a parameter needs a 'name' and 'in' (path, query, header or cookie)",
                    )
                merged[(place, name)] = (item_location, node)
        drafts = []
        for (place, name), (where, node) in merged.items():
            if place == "header" and name.lower() in (
                "accept",
                "content-type",
                "authorization",
            ):
                continue  # Set by the client itself, as OpenAPI prescribes.
            schema_location, schema = where.child("schema"), node.get("schema")
            if schema is None and isinstance(node.get("content"), dict):
                for media, media_node in node["content"].items():
                    if isinstance(media_node, dict) and "schema" in media_node:
                        schema_location = where.child("content", str(media), "schema")
                        schema = media_node["schema"]
                        break
            if schema is None:
                type_ref: ir.TypeRef = ir.Primitive("string")
                nullable = False
            else:
                self.converter.add_root(
                    schema_location, base_name + identifiers.pascal_case(name)
                )
                type_ref, nullable = self.converter.type_of(schema_location, schema)
            explode = node.get("explode")
            style = node.get("style")
            default = schema.get("default") if isinstance(schema, dict) else None
            drafts.append(
                dict(
                    name=name,
                    location=place,
                    type=type_ref,
                    required=place == "path" or node.get("required") is True,
                    nullable=nullable,
                    description=_text(node.get("description")),
                    deprecated=node.get("deprecated") is True,
                    style=style if isinstance(style, str) else None,
                    explode=explode if isinstance(explode, bool) else None,
                    has_default=isinstance(schema, dict) and "default" in schema,
                    default=ir.freeze(default),
                )
            )
        return tuple(ir.Parameter(**d) for d in drafts)

    def _querystring(
        self, location: Location, node: dict[str, Any]
    ) -> dict[str, Any] | None:
        """OpenAPI 3.2's ``in: querystring``: the whole query string from one value.

        An object sent as a form (``application/x-www-form-urlencoded``) is what a
        query parameter exploded in form style sends, one pair a property, so it is
        read as that; any other is left out with a warning (``extra_query=`` can
        send it).
        """
        content = node.get("content")
        if isinstance(content, dict) and len(content) == 1:
            media_type, media = next(iter(content.items()))
            schema = media.get("schema") if isinstance(media, dict) else None
            if media_kind(str(media_type)) == "form":
                where = location.child("content", str(media_type), "schema")
                try:
                    _, found = self._resolved(where, schema)
                except SpecError:
                    found = None
                if isinstance(found, dict) and (
                    found.get("type") == "object" or "properties" in found
                ):
                    return {**node, "in": "query", "style": "form", "explode": True}
        self.diagnostics.add(
            self.docs.display(location.file),
            "a parameter 'in: querystring' (OpenAPI 3.2: the whole query string"
            " from one value) is supported for an object sent as"
            " application/x-www-form-urlencoded only; it is left out"
            " (pass it as extra_query=)",
            pointer=location.pointer,
        )
        return None

    def _request_body(
        self, location: Location, node: Any, base_name: str
    ) -> ir.RequestBody | None:
        if node is None:
            return None
        where, node = self._resolved(location.child("requestBody"), node)
        if not isinstance(node, dict):
            raise self.docs.error(where, "a request body must be a mapping")
        content = node.get("content")
        if not isinstance(content, dict) or not content:
            return None
        content_type = _preferred(content)
        media = content[content_type]
        media_where = where.child("content", content_type)
        type_ref: ir.TypeRef = ir.AnyType()
        if isinstance(media, dict) and "schema" in media:
            schema_where = media_where.child("schema")
            self.converter.add_root(schema_where, base_name + "Request")
            type_ref, nullable = self.converter.type_of(schema_where, media["schema"])
            if nullable and not isinstance(type_ref, ir.NullOr):
                type_ref = ir.NullOr(type_ref)
        elif not _is_json(content_type):
            type_ref = ir.Primitive("string", "binary")
        return ir.RequestBody(
            content_type=content_type,
            media=media_kind(content_type),
            type=type_ref,
            required=node.get("required") is True,
            description=_text(node.get("description")),
        )

    def _responses(
        self, location: Location, node: Any, base_name: str
    ) -> tuple[ir.Response, ...]:
        where = location.child("responses")
        if not isinstance(node, dict):
            raise self.docs.error(where, "responses must be a mapping")
        node = {k: v for k, v in node.items() if not is_extension(k)}
        statuses = [
            str(s).upper() if str(s).lower() != "default" else "default" for s in node
        ]
        successes = [s for s in statuses if _is_success(s)]
        found = []
        for raw_status, status in zip(node, statuses):
            response_where, response = self._resolved(
                where.child(str(raw_status)), node[raw_status]
            )
            if not isinstance(response, dict):
                raise self.docs.error(response_where, "a response must be a mapping")
            if _is_success(status):
                name = base_name + "Response" + ("" if len(successes) == 1 else status)
            else:
                name = base_name + (
                    "Error" if status == "default" else status + "Error"
                )
            content = response.get("content")
            content_type: str | None = None
            type_ref: ir.TypeRef | None = None
            streaming = False
            sentinel: str | None = None
            if isinstance(content, dict) and content:
                content_type = _preferred(content, stream_first=True)
                media = content[content_type]
                streaming = _streamed(content_type)
                if isinstance(media, dict):
                    if isinstance(media.get("x-speakeasy-sse-sentinel"), str):
                        sentinel = media["x-speakeasy-sse-sentinel"]
                    key = _schema_key(media, streaming)
                    if key is not None:
                        schema_where = response_where.child(
                            "content", content_type, key
                        )
                        if streaming and media_kind(content_type) != "json_lines":
                            self._event_data_as_content(schema_where, media[key])
                        self.converter.add_root(schema_where, name)
                        type_ref, nullable = self.converter.type_of(
                            schema_where, media[key]
                        )
                        if nullable and not isinstance(type_ref, ir.NullOr):
                            type_ref = ir.NullOr(type_ref)
            found.append(
                ir.Response(
                    status=status,
                    content_type=content_type,
                    media=None if content_type is None else media_kind(content_type),
                    type=type_ref,
                    description=_text(response.get("description")),
                    streaming=streaming,
                    sse_sentinel=sentinel,
                )
            )
        return tuple(found)

    def type_event_data(self) -> None:
        """Type each event's ``data`` by its ``contentSchema``, as OpenAPI 3.2 writes
        an event stream: ``data`` is a string whose content is JSON of that schema.
        The client decodes an event's data from JSON before its model reads it, so
        the model's ``data`` is read as that schema (a string without one stays a
        string, delivered as the text sent).

        Call before any schema is read: an event schema may be a component, whose
        model is built as soon as it is met (:meth:`read` types the others, which
        are built when their response is read).  Whatever is malformed on the way
        is left for :meth:`read` to report.
        """
        if b"contentSchema" not in self.docs.root_bytes:
            return  # nothing to type among the components: skip the walk
        try:
            found = self._path_items("paths")
        except SpecError:
            return
        for _, _, location, node, _, _ in found:
            responses = node.get("responses") if isinstance(node, dict) else None
            if not isinstance(responses, dict):
                continue
            for status, response in responses.items():
                where = None  # the response's place: only a stream's is needed
                if isinstance(response, dict) and "$ref" in response:
                    where = location.child("responses", str(status))
                    try:
                        where, response = self._resolved(where, response)
                    except SpecError:
                        continue
                content = (
                    response.get("content") if isinstance(response, dict) else None
                )
                if not isinstance(content, dict):
                    continue
                for media_type, media in content.items():
                    if media_kind(str(media_type)) != "event_stream":
                        continue
                    key = _schema_key(media, True) if isinstance(media, dict) else None
                    if key is not None:
                        if where is None:
                            where = location.child("responses", str(status))
                        schema_where = where.child("content", str(media_type), key)
                        self._event_data_as_content(schema_where, media[key])

    def _event_data_as_content(self, location: Location, node: Any) -> None:
        try:
            location, event = self._resolved(location, node)
        except SpecError:
            return
        properties = event.get("properties") if isinstance(event, dict) else None
        data = properties.get("data") if isinstance(properties, dict) else None
        if not isinstance(data, dict) or "contentSchema" not in data:
            return
        media = data.get("contentMediaType", "application/json")
        if isinstance(media, str) and _is_json(media):
            where = location.child("properties", "data")
            self.converter.read_as(
                where, where.child("contentSchema"), data["contentSchema"]
            )

    # -- names --------------------------------------------------------------------------

    def finish(
        self, models: Iterable[ir.Model]
    ) -> tuple[tuple[ir.Operation, ...], tuple[ir.Operation, ...]]:
        """Operations and webhooks in the document's order, with model references
        renamed.

        Call after the converter's ``finish()``; ``models`` are what it returned.
        """
        by_source = {model.source: model.name for model in models}
        key_to_name: dict[str, str] = {}
        for key, draft in self.converter.drafts.items():
            location = draft.location
            source = (
                location.pointer
                if location.file == self.docs.root_file
                else f"{self.docs.display(location.file)}{location.pointer}"
            )
            key_to_name[key] = by_source[source]

        def rename(ref: ir.TypeRef) -> ir.TypeRef:
            return ir.map_refs(ref, lambda key: key_to_name[key])

        operations = self._named(self._pending, rename)
        return self._paginated(operations, models), self._named(self._webhooks, rename)

    def _paginated(
        self, operations: tuple[ir.Operation, ...], models: Iterable[ir.Model]
    ) -> tuple[ir.Operation, ...]:
        """The operations with the pagination they declare, where it can be followed."""
        if not self._paginations:
            return operations
        by_name = {model.name: model for model in models}
        found = []
        for op in operations:
            declared = self._paginations.get(op.id)
            if declared is not None:
                location, node = declared
                try:
                    op = msgspec.structs.replace(
                        op, pagination=read_pagination(node, op, by_name)
                    )
                except PaginationError as error:
                    self.diagnostics.add(
                        self.docs.display(location.file),
                        f"{error}; the operation is generated without pagination",
                        pointer=location.pointer,
                    )
            found.append(op)
        return tuple(found)

    def _named(
        self,
        pending: list[ir.Operation],
        rename: Callable[[ir.TypeRef], ir.TypeRef],
    ) -> tuple[ir.Operation, ...]:
        operations = []
        for op in pending:
            operations.append(
                msgspec.structs.replace(
                    op,
                    parameters=tuple(
                        msgspec.structs.replace(p, type=rename(p.type))
                        for p in op.parameters
                    ),
                    request_body=(
                        None
                        if op.request_body is None
                        else msgspec.structs.replace(
                            op.request_body, type=rename(op.request_body.type)
                        )
                    ),
                    responses=tuple(
                        msgspec.structs.replace(
                            r, type=None if r.type is None else rename(r.type)
                        )
                        for r in op.responses
                    ),
                )
            )
        return tuple(operations)


def _schema_key(media: dict[str, Any], streaming: bool) -> str | None:
    """Which field of a response's media type holds its schema, if any.

    An event stream's ``schema`` describes one event (Speakeasy's convention, which
    the client follows); OpenAPI 3.2 names that ``itemSchema``, the schema of each
    item of a sequential media type, and keeps ``schema`` for the whole body: with
    both, ``itemSchema`` is the event's.
    """
    if streaming and "itemSchema" in media:
        return "itemSchema"
    return "schema" if "schema" in media else None


def _is_success(status: str) -> bool:
    return status.startswith("2")


def _preferred(content: Mapping[str, Any], stream_first: bool = False) -> str:
    keys = [str(k) for k in content]
    if stream_first:
        for key in keys:
            if media_kind(key) == "event_stream":
                return key
    for wanted in _BODY_PREFERENCE:
        for key in keys:
            if essence(key) == wanted:
                return key
    for key in keys:
        if _is_json(key):
            return key
    return keys[0]


def _get_mapping(docs: Documents, where: Location) -> dict[str, Any]:
    value: Any = docs.root
    for segment in where.segments():
        value = value.get(segment) if isinstance(value, dict) else None
        if value is None:
            return {}
    if not isinstance(value, dict):
        raise docs.error(where, "must be a mapping")
    return dict(value)


def _number(
    docs: Documents, where: Location, value: Any, kind: Callable[[Any], Any]
) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise docs.error(where, "must be a number")
    return kind(value)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None
