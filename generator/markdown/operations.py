"""SDK operation pages (``docs/sdks/<group>/README.md``) to IR operations.

A page is ``# Group``, an accessor line ``(*chat*)``, ``### Available Operations``
(a list of ``[method](#anchor) - summary`` links) and one ``## method`` section per
operation.  Operation descriptions are raw markdown and may hold their own ``##``
headings (Atoma's ``## Returns``), so sections start only at the headings the list
names.  Each section has ``### Parameters`` (a table in the model-page notation),
``### Response`` (``**[models.X](…)**`` or ``**Promise\\<…\\>**``) and ``### Errors``.
Newer pages carry a ``<!-- UsageSnippet operationID=… method=… path=… -->`` comment:
the only place the docs name the HTTP method, the path and the operationId.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from markdown_it.token import Token

from generator import ir, naming
from generator.errors import SpecError
from generator.markdown.models import DocsModels
from generator.markdown.pages import markdown
from generator.markdown.tree import PageFile, resolve_link, resolve_name
from generator.markdown.types import parse_cell

# Parameters rows that configure the SDK call rather than the HTTP request.
_SDK_ONLY = frozenset(
    {"retries", "server_url", "serverURL", "timeout_ms", "http_headers", "options"}
)
_REQUIRED = {":heavy_check_mark:": True, ":heavy_minus_sign:": False}
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


@dataclass(slots=True)
class DocParameter:
    name: str
    type: ir.TypeRef
    required: bool
    description: str | None
    line: int


@dataclass(slots=True)
class DocOperation:
    """One ``## method`` section, as the page shows it."""

    file: str
    line: int
    group: str
    method: str
    summary: str | None
    description: str | None = None
    deprecated: bool = False
    operation_id: str | None = None
    http_method: str = ""
    path: str = ""
    parameters: list[DocParameter] = field(default_factory=list)
    response: ir.TypeRef | None = None
    streaming: bool = False
    errors: list[tuple[str, str | None, ir.TypeRef | None]] = field(
        default_factory=list
    )


def linked_pages(docs: DocsModels) -> set[str]:
    """Keys of the model pages some operation page or model page refers to.

    A page nothing refers to is stale: Speakeasy leaves the pages of schemas that a
    spec revision dropped (Atoma python's ``confidentialchatcompletionrequest.md``).
    """
    found: set[str] = set()
    for model in docs.pages.values():
        cells = [f.cell for f in model.fields] + list(model.variants)
        if model.extra is not None:
            cells.append(model.extra)
        for cell in cells:
            found.update(ir.refs(cell.type))
    for key, page in docs.tree.operations.items():
        for token in markdown().parse(_Reader(docs, key, page).text):
            for child in token.children or ():
                href = child.attrs.get("href") if child.type == "link_open" else None
                if isinstance(href, str) and href.endswith(".md"):
                    found.add(resolve_link(docs.tree, key, href))
    for operation in read_doc_operations(docs):
        for parameter in operation.parameters:
            found.update(ir.refs(parameter.type))
        if operation.response is not None:
            found.update(ir.refs(operation.response))
    return found


def read_doc_operations(docs: DocsModels) -> list[DocOperation]:
    """Every operation of every ``sdks/*/README.md``, with types still keyed on pages."""
    found = []
    for key, page in sorted(docs.tree.operations.items()):
        found.extend(_Reader(docs, key, page).read())
    return found


def read_operations(
    docs: DocsModels,
) -> tuple[tuple[ir.Operation, ...], ir.NameHints, tuple[str, ...]]:
    """IR operations from the operation pages, the group and method names the pages
    show for them, and warnings about what they lack."""
    operations = []
    groups: dict[str, str] = {}
    methods: dict[str, str] = {}
    warnings: list[str] = []

    def rename(ref: ir.TypeRef) -> ir.TypeRef:
        return ir.map_refs(ref, lambda key: docs.names.get(key, key))

    ids: set[str] = set()
    for op in read_doc_operations(docs):
        ir_op = _to_ir(op, rename, docs)
        if ir_op.id in ids:
            warnings.append(f"{op.file}: line {op.line}: operation {ir_op.id} repeats")
            continue
        ids.add(ir_op.id)
        if not op.http_method or not op.path:
            # Only the UsageSnippet comment of newer pages says how to call it.
            warnings.append(
                f"{op.file}: line {op.line}: {op.group}.{op.method} is left out: the "
                "page names no HTTP method and path (no UsageSnippet comment)"
            )
            continue
        operations.append(ir_op)
        groups[ir_op.id] = op.group
        methods[ir_op.id] = op.method
    hints = ir.NameHints(
        groups=MappingProxyType(groups), methods=MappingProxyType(methods)
    )
    return tuple(operations), hints, tuple(warnings)


_BODY_NAMES = frozenset({"request", "requestbody", "body"})


def _to_ir(
    op: DocOperation, rename: Callable[[ir.TypeRef], ir.TypeRef], docs: DocsModels
) -> ir.Operation:
    path_names = _path_names(op.path)
    parameters = []
    body_rows = []
    rows = _expanded(op, docs, path_names)
    # A row named like the body (``requestBody``) is the body, and then the other
    # rows are query parameters; otherwise a POST/PUT/PATCH flattens its body.
    named_body = any(_fold(r.name) in _BODY_NAMES for r in rows)
    for row in rows:
        wire = naming.snake_case(row.name) or row.name
        if wire in path_names or row.name in path_names:
            location = "path"
        elif (
            _fold(row.name) in _BODY_NAMES
            if named_body
            else op.http_method in _BODY_METHODS
        ):
            body_rows.append(row)
            continue
        else:
            location = "query"
        parameters.append(
            ir.Parameter(
                name=row.name if row.name in path_names else wire,
                location=location,  # type: ignore[arg-type]
                type=rename(row.type),
                required=row.required or location == "path",
                description=row.description,
            )
        )
    body = None
    if body_rows:
        body_type = _body_type(body_rows, docs, op.streaming)
        body = ir.RequestBody(
            content_type="application/json",
            type=ir.AnyType() if body_type is None else rename(body_type),
            required=any(r.required for r in body_rows),
            description=(
                "Fields: " + ", ".join(r.name for r in body_rows)
                if body_type is None
                else None
            ),
        )
    responses = [
        ir.Response(
            status="200",
            content_type="text/event-stream" if op.streaming else "application/json",
            type=None if op.response is None else rename(op.response),
            streaming=op.streaming,
        )
    ]
    for codes, content_type, error_type in op.errors:
        for code in codes.split(","):
            responses.append(
                ir.Response(
                    status=code.strip(),
                    content_type=content_type,
                    type=None if error_type is None else rename(error_type),
                )
            )
    group = naming.snake_case(op.group) or "default"
    method = naming.snake_case(op.method) or "call"
    return ir.Operation(
        id=op.operation_id or f"{group}_{method}",
        http_method=op.http_method,
        path=op.path,
        streaming=op.streaming,
        summary=op.summary,
        description=op.description,
        deprecated=op.deprecated,
        parameters=tuple(parameters),
        request_body=body,
        responses=tuple(responses),
        source=f"{op.file}:{op.line}",
    )


def _fold(name: str) -> str:
    return name.lower().replace("_", "")


def _expanded(
    op: DocOperation, docs: DocsModels, path_names: set[str]
) -> list[DocParameter]:
    """A TypeScript ``request`` row that points at an operation's request wrapper
    page (path and query parameters plus ``requestBody``) stands for its fields."""
    rows = []
    for row in op.parameters:
        page = docs.pages.get(row.type.name) if isinstance(row.type, ir.Ref) else None
        wrapper = (
            page is not None
            and _fold(row.name) == "request"
            and page.page.kind == "fields"
            and any(
                naming.snake_case(f.row.name) in path_names
                or _fold(f.row.name) in _BODY_NAMES
                or op.http_method not in _BODY_METHODS
                for f in page.fields
            )
        )
        if page is None or not wrapper:
            rows.append(row)
            continue
        rows.extend(
            DocParameter(
                f.row.name,
                _known(docs, f.cell.type),
                f.row.required,
                f.row.description,
                f.row.line,
            )
            for f in page.fields
        )
    return rows


def _body_type(
    rows: list[DocParameter], docs: DocsModels, streaming: bool
) -> ir.TypeRef | None:
    """The body's model: named by a single row, or the one page whose fields are
    exactly the rows (Python pages flatten the body into parameters).  Streaming
    and plain variants often share every field (``AgentsCompletionStreamRequest``);
    the page whose name says ``stream`` goes with the streaming operation."""
    if len(rows) == 1 and isinstance(rows[0].type, ir.Ref):
        return rows[0].type
    names = {_fold(r.name) for r in rows}
    matches = [
        key
        for key, model in sorted(docs.pages.items())
        if model.page.kind == "fields"
        and {_fold(f.row.name) for f in model.fields} == names
    ]
    if len(matches) > 1:
        matches = [k for k in matches if ("stream" in Path(k).stem) == streaming]
    return ir.Ref(matches[0]) if len(matches) == 1 else None


def _path_names(path: str) -> set[str]:
    names = set()
    for part in path.split("{")[1:]:
        names.add(part.split("}", 1)[0])
    return names


class _Reader:
    def __init__(self, docs: DocsModels, key: str, page: PageFile) -> None:
        self.docs = docs
        self.key = key
        self.file = page.source
        try:
            self.text = page.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise SpecError(page.source, "", f"cannot read page: {exc}") from None
        self.tokens = markdown().parse(self.text)
        self.lines = self.text.splitlines()

    def read(self) -> list[DocOperation]:
        group = self._group()
        listed = self._listed()
        operations: list[DocOperation] = []
        current: DocOperation | None = None
        section = ""
        description_start = 0
        tokens = self.tokens
        for index, token in enumerate(tokens):
            if token.type == "heading_open":
                text = tokens[index + 1].content.strip()
                line = _line(token)
                if token.tag == "h2" and _unstrike(text) in listed:
                    if current is not None:
                        operations.append(current)
                    name = _unstrike(text)
                    current = DocOperation(
                        self.file,
                        line,
                        group,
                        name,
                        listed[name],
                        deprecated=text.startswith("~~"),
                    )
                    section, description_start = "", line
                elif token.tag == "h3" and current is not None:
                    if not section:
                        current.description = self._between(description_start, line)
                    section = text
            elif current is None:
                continue
            elif token.type == "html_block" and "UsageSnippet" in token.content:
                self._snippet(current, token.content)
            elif token.type == "table_open" and section == "Parameters":
                self._parameters(current, index)
            elif token.type == "table_open" and section == "Errors":
                self._errors(current, index)
            elif token.type == "inline" and section == "Response":
                self._response(current, token)
            elif token.type == "blockquote_open" and not section:
                current.deprecated = current.deprecated or "DEPRECATED" in (
                    tokens[index + 2].content if index + 2 < len(tokens) else ""
                )
        if current is not None:
            operations.append(current)
        return operations

    def _group(self) -> str:
        """The accessor path ``(*beta.conversations*)``, else the title."""
        title = ""
        for index, token in enumerate(self.tokens):
            if token.type == "heading_open" and token.tag == "h1":
                title = self.tokens[index + 1].content
            elif token.type == "inline" and token.content.startswith("(*"):
                return token.content.strip("()*").strip()
            elif token.type == "heading_open" and token.tag == "h2":
                break
        return title

    def _listed(self) -> dict[str, str | None]:
        """Method names (and summaries) of the Available Operations list."""
        found: dict[str, str | None] = {}
        inside = False
        for index, token in enumerate(self.tokens):
            if token.type == "heading_open":
                inside = (
                    self.tokens[index + 1].content.strip() == "Available Operations"
                )
            elif inside and token.type == "inline":
                children = token.children or []
                names = [
                    children[i + 1].content
                    for i, c in enumerate(children[:-1])
                    if c.type == "link_open" and children[i + 1].type == "text"
                ]
                if not names:
                    names = [
                        children[i + 2].content
                        for i, c in enumerate(children[:-2])
                        if c.type == "link_open" and children[i + 1].type == "s_open"
                    ]
                if names:
                    _, _, summary = token.content.partition(") - ")
                    summary = summary.replace(":warning: **Deprecated**", "").strip()
                    found[names[0]] = summary or None
        return found

    def _between(self, start: int, end: int) -> str | None:
        text = "\n".join(self.lines[start : end - 1]).strip()
        return text or None

    def _snippet(self, op: DocOperation, comment: str) -> None:
        body = comment.strip().removeprefix("<!--").removesuffix("-->")
        try:
            words = shlex.split(body)
        except ValueError:
            return
        attributes = dict(w.split("=", 1) for w in words if "=" in w)
        op.operation_id = attributes.get("operationID") or op.operation_id
        op.http_method = attributes.get("method", "").upper() or op.http_method
        op.path = attributes.get("path", op.path).split("#", 1)[0]

    def _rows(self, start: int) -> list[tuple[dict[str, str], int]]:
        header: list[str] = []
        rows = []
        index = start
        while self.tokens[index].type != "table_close":
            token = self.tokens[index]
            if token.type == "tr_open":
                cells = []
                index += 1
                while self.tokens[index].type != "tr_close":
                    if self.tokens[index].type == "inline":
                        cells.append(self.tokens[index].content.strip())
                    index += 1
                if not header:
                    header = cells
                else:
                    rows.append((dict(zip(header, cells)), _line(token)))
            index += 1
        return rows

    def _parameters(self, op: DocOperation, start: int) -> None:
        for row, line in self._rows(start):
            name = row.get("Parameter", "").strip("`~")
            if not name or name in _SDK_ONLY or name.startswith("options."):
                continue
            resolver = _Resolver(self.docs, self.key)
            cell = parse_cell(row.get("Type", ""), resolver, (self.file, line))
            parameter_type = _known(self.docs, cell.type)
            required = _REQUIRED.get(row.get("Required", ""))
            if required is None:
                raise SpecError(
                    self.file, f"line {line}", f"unknown Required value {row!r}"
                )
            description = row.get("Description", "").replace("<br/>", "\n").strip()
            op.parameters.append(
                DocParameter(
                    name,
                    parameter_type,
                    required,
                    None if description in ("", "N/A") else description,
                    line,
                )
            )

    def _errors(self, op: DocOperation, start: int) -> None:
        for row, _line_number in self._rows(start):
            namespace, _, name = row.get("Error Type", "").partition(".")
            key = resolve_name(self.docs.tree, self.key, namespace, name)
            error_type = ir.Ref(key) if key in self.docs.pages else None
            content_type = row.get("Content Type", "").replace("\\*", "*") or None
            op.errors.append((row.get("Status Code", ""), content_type, error_type))

    def _response(self, op: DocOperation, inline: Token) -> None:
        label = ""
        inside = False
        for child in inline.children or []:
            if child.type == "link_open":
                inside = True
            elif child.type == "link_close":
                break
            elif inside:
                label += child.content
        if not label:
            return  # Promise<void>: nothing comes back
        op.streaming = "EventStream" in label
        op.response = _response_type(self.docs, self.key, label, self.file, inline)


def _response_type(
    docs: DocsModels, key: str, label: str, file: str, inline: Token
) -> ir.TypeRef:
    if label.startswith("Union[eventstreaming.EventStream["):
        label = label[len("Union[eventstreaming.EventStream[") :].split("]", 1)[0]
    for prefix, suffix in (("EventStream<", ">"), ("List[", "]")):
        if label.startswith(prefix) and label.endswith(suffix):
            inner = _response_type(
                docs, key, label[len(prefix) : -len(suffix)], file, inline
            )
            return inner if prefix == "EventStream<" else ir.ListOf(inner)
    if label.endswith("[]"):
        return ir.ListOf(_response_type(docs, key, label[:-2], file, inline))
    scalars: dict[str, ir.TypeRef] = {
        "string": ir.Primitive("string"),
        "str": ir.Primitive("string"),
        "number": ir.Primitive("number"),
        "any": ir.AnyType(),
        "Any": ir.AnyType(),
        "httpx.Response": ir.AnyType(),
        "ReadableStream<Uint8Array>": ir.Primitive("string", "binary"),
    }
    if label in scalars:
        return scalars[label]
    namespace, dot, name = label.partition(".")
    if not dot or not name.isidentifier():
        raise SpecError(
            file, f"line {_line(inline)}", f"unknown response type {label!r}"
        )
    page = resolve_name(docs.tree, key, namespace, name)
    return ir.Ref(page) if page in docs.pages else ir.AnyType()


class _Resolver:
    def __init__(self, docs: DocsModels, key: str) -> None:
        self.docs = docs
        self.key = key

    def link(self, target: str, namespace: str, name: str) -> str:
        return resolve_link(self.docs.tree, self.key, target)

    def unlinked(self, namespace: str, name: str) -> str:
        return resolve_name(self.docs.tree, self.key, namespace, name)


def _known(docs: DocsModels, ref: ir.TypeRef) -> ir.TypeRef:
    """Links to pages outside the model set (SDK utilities) say nothing about the API."""

    def known(leaf: ir.TypeRef) -> ir.TypeRef:
        if isinstance(leaf, ir.Ref) and leaf.name not in docs.pages:
            return ir.AnyType()
        return leaf

    return ir.map_leaves(ref, known)


def _unstrike(text: str) -> str:
    return text.strip().removeprefix("~~").removesuffix("~~")


def _line(token: Token) -> int:
    return (token.map[0] if token.map else 0) + 1
