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
from pathlib import Path
from types import MappingProxyType

import msgspec
from markdown_it.token import Token
from msgspec import field

from generator import ir
from generator.errors import SpecError
from generator.ir import identifiers, path_template
from generator.ir.media import media_kind
from generator.markdown.models import DocsModels
from generator.markdown.pages import markdown
from generator.markdown.tree import PageFile, PageResolver, resolve_link, resolve_name
from generator.markdown.type_notation import CellType, parse_type

# Parameters rows that configure the SDK call rather than the HTTP request.
_SDK_ONLY = frozenset(
    {"retries", "server_url", "serverURL", "timeout_ms", "http_headers", "options"}
)
_REQUIRED = {":heavy_check_mark:": True, ":heavy_minus_sign:": False}
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class DocParameter(msgspec.Struct):
    name: str
    type: ir.TypeRef
    required: bool
    description: str | None
    line: int


class DocOperation(msgspec.Struct):
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
    """(status code, content type, error model) per status."""


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
) -> tuple[tuple[ir.Operation, ...], ir.NameHints]:
    """IR operations from the operation pages, and the group and method names the
    pages show for them; what they lack goes to the diagnostics."""
    operations = []
    groups: dict[str, str] = {}
    methods: dict[str, str] = {}

    def rename(ref: ir.TypeRef) -> ir.TypeRef:
        return ir.map_refs(ref, lambda key: docs.names.get(key, key))

    ids: set[str] = set()
    for op in read_doc_operations(docs):
        ir_op = _to_ir(op, rename, docs)
        if ir_op.id in ids:
            docs.diagnostics.add(
                op.file, f"operation {ir_op.id} repeats; it is left out", line=op.line
            )
            continue
        ids.add(ir_op.id)
        if not op.http_method or not op.path:
            # Only the UsageSnippet comment of newer pages says how to call it.
            docs.diagnostics.add(
                op.file,
                f"{op.group}.{op.method} is left out: the page names no HTTP method "
                "and path (no UsageSnippet comment)",
                line=op.line,
            )
            continue
        operations.append(ir_op)
        groups[ir_op.id] = op.group
        methods[ir_op.id] = op.method
    hints = ir.NameHints(
        groups=MappingProxyType(groups), methods=MappingProxyType(methods)
    )
    return tuple(operations), hints


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
        wire = identifiers.snake_case(row.name) or row.name
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
            media="json",
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
            media="event_stream" if op.streaming else "json",
            type=None if op.response is None else rename(op.response),
            streaming=op.streaming,
        )
    ]
    for code, content_type, error_type in op.errors:
        responses.append(
            ir.Response(
                status=code,
                content_type=content_type,
                media=None if content_type is None else media_kind(content_type),
                type=None if error_type is None else rename(error_type),
            )
        )
    group = identifiers.snake_case(op.group) or ir.DEFAULT_GROUP
    method = identifiers.snake_case(op.method) or "call"
    return ir.Operation(
        id=op.operation_id or f"{group}_{method}",
        http_method=op.http_method,
        path=op.path,
        path_parts=path_template.parse(op.path),
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
                identifiers.snake_case(f.row.name) in path_names
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
            docs.diagnostics.add(page.source, f"cannot read page: {exc}")
            self.text = ""
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
            elif (
                token.type == "inline"
                and section == "Response"
                and tokens[index - 1].type != "heading_open"
            ):
                section = "Response read"  # the first paragraph names the type
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
            required = _REQUIRED.get(row.get("Required", ""))
            if required is None:
                self.docs.diagnostics.add(
                    self.file,
                    f"unknown Required value {row.get('Required', '')!r} of parameter "
                    f"{name!r}; it is left out",
                    line=line,
                )
                continue
            cell = self._type(row.get("Type", ""), line)
            if cell is not None and cell.sdk_option:
                continue  # the SDK's own call options (AxiosRequestConfig...)
            description = row.get("Description", "").replace("<br/>", "\n").strip()
            op.parameters.append(
                DocParameter(
                    name,
                    ir.AnyType() if cell is None else _known(self.docs, cell.type),
                    required,
                    None if description in ("", "N/A") else description,
                    line,
                )
            )

    def _type(self, text: str, line: int) -> CellType | None:
        """Type notation on this page; None (and a diagnostic) when it is unreadable."""

        def missing(target: str, name: str) -> None:
            self.docs.diagnostics.add(
                self.file,
                f"links to {self.docs.tree.source_of(target)}, which is not among the "
                f"docs; {name} is typed as Any",
                line=line,
            )

        resolver = PageResolver(self.docs.tree, self.key, missing)
        try:
            cell = parse_type(text, resolver, (self.file, line))
        except SpecError as exc:
            self.docs.diagnostics.add(
                self.file, f"{exc.message}; read as Any", line=line
            )
            return None
        for warning in cell.warnings:
            self.docs.diagnostics.add(self.file, warning, line=line)
        return cell

    def _errors(self, op: DocOperation, start: int) -> None:
        for row, _line_number in self._rows(start):
            shown = row.get("Error Type") or row.get("Error Object") or ""
            namespace, _, name = shown.rpartition(".")
            key = resolve_name(self.docs.tree, self.key, namespace, name)
            error_type = ir.Ref(key) if key in self.docs.pages else None
            content_type = row.get("Content Type", "").replace("\\*", "*") or None
            for code in _status_codes(row.get("Status Code", "")):
                op.errors.append((code, content_type, error_type))

    def _response(self, op: DocOperation, inline: Token) -> None:
        cell = self._type(inline.content, _line(inline))
        if cell is None:
            op.response = ir.AnyType()
            return
        if cell.type == ir.Primitive("null"):
            return  # Promise<void>: nothing comes back
        op.streaming = cell.streaming
        op.response = _known(self.docs, cell.type)
        ref = op.response
        page = self.docs.pages.get(ref.name) if isinstance(ref, ir.Ref) else None
        bodies = None if page is None else page.envelope_bodies()
        if page is None or bodies is None:
            return
        # An envelope (status code, raw response, a row per body): the result is its
        # body, none when nothing comes back.  With several bodies (2023 pages list
        # error bodies beside the success one) the page does not say which is which.
        op.response = _known(self.docs, bodies[0].cell.type) if bodies else None
        if len(bodies) > 1:
            op.response = ir.AnyType()
            self.docs.diagnostics.add(
                self.file,
                f"the response {page.page.title} has several bodies "
                f"({', '.join(b.row.name for b in bodies)}) and does not say which "
                "status each is for; read as Any",
                line=_line(inline),
            )


def _status_codes(text: str) -> list[str]:
    """``4XX, 5XX``, ``400, 404`` or an older generator's range ``4xx-5xx``."""
    codes: list[str] = []
    for part in text.split(","):
        part = part.strip().upper()
        first, dash, last = part.partition("-")
        if dash and first[:1].isdigit() and last[:1].isdigit() and first.endswith("XX"):
            codes.extend(f"{n}XX" for n in range(int(first[0]), int(last[0]) + 1))
        elif part:
            codes.append(part)
    return codes


def _known(docs: DocsModels, ref: ir.TypeRef) -> ir.TypeRef:
    """Links to pages outside the model set (SDK utilities) say nothing about the API."""
    return ir.map_leaves(
        ref,
        lambda leaf: (
            ir.AnyType()
            if isinstance(leaf, ir.Ref) and leaf.name not in docs.pages
            else leaf
        ),
    )


def _unstrike(text: str) -> str:
    return text.strip().removeprefix("~~").removesuffix("~~")


def _line(token: Token) -> int:
    return (token.map[0] if token.map else 0) + 1
