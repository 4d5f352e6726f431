"""The intermediate representation: plain, immutable data between front ends and emitters.

Front ends (OpenAPI, markdown) build an :class:`Api`; emitters read it.  Nothing here
knows where it came from beyond ``source`` (a JSON pointer or a page path, kept for
error messages and drift reports), and nothing here is Python: the IR holds wire
facts (wire names, types, required and nullable, operations as the API defines
them) and names models by a spec-derived key; every Python name is chosen from it
by :mod:`generator.python.name_plan`.  Types are small trees of the ``TypeRef``
nodes below; JSON values (defaults, examples, enum values) are stored frozen
(tuples and read-only mappings) so that an ``Api`` can be shared without copying.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, Generic, Literal, TypeAlias, TypeVar

import msgspec
from msgspec import field

from generator.diagnostics import Diagnostic

T = TypeVar("T")

JsonValue: TypeAlias = Any
"""A JSON value, frozen: ``None``, bool, int, float, str, tuple, or read-only mapping."""


def freeze(value: Any) -> JsonValue:
    """Deep-convert a loaded JSON value into the immutable form the IR stores."""
    if isinstance(value, dict):
        return MappingProxyType({str(k): freeze(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(freeze(v) for v in value)
    return value


def thaw(value: JsonValue) -> Any:
    """Inverse of :func:`freeze`: plain dicts and lists, e.g. for JSON output."""
    if isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [thaw(v) for v in value]
    return value


# ---------------------------------------------------------------------------
# Types
# ---------------------------------------------------------------------------


class Primitive(msgspec.Struct, frozen=True):
    """A scalar of a JSON type (``string``, ``integer``, ``number``, ``boolean``, ``null``).

    ``format`` is kept as the spec spells it (``date-time``, ``uuid``, ``int64``...);
    emitters decide what each format means in their language.
    """

    type: Literal["string", "integer", "number", "boolean", "null"]
    format: str | None = None


class ListOf(msgspec.Struct, frozen=True):
    item: TypeRef


class TupleOf(msgspec.Struct, frozen=True):
    """An array typed by position (``prefixItems``): ``items[i]`` is the type of the
    i-th item, ``rest`` that of any item after them (None: there are none)."""

    items: tuple[TypeRef, ...]
    rest: TypeRef | None = None
    min_items: int = 0
    """How many of the leading ``items`` every value has (``minItems``, at most
    ``len(items)``): a shorter array is valid JSON Schema unless it says otherwise."""


class MapOf(msgspec.Struct, frozen=True):
    """An object used as a dictionary with string keys."""

    value: TypeRef


class NullOr(msgspec.Struct, frozen=True):
    """A nested value that may be null (a field's own nullability is ``Field.nullable``)."""

    inner: TypeRef


class Ref(msgspec.Struct, frozen=True):
    """A reference to a model of the same ``Api``, by its name (``ModelBase.name``)."""

    name: str


class Const(msgspec.Struct, frozen=True):
    """Exactly one JSON value (``const``)."""

    value: JsonValue


class AnyType(msgspec.Struct, frozen=True):
    """Any JSON value: an untyped schema ``{}``."""


TypeRef: TypeAlias = (
    Primitive | ListOf | TupleOf | MapOf | NullOr | Ref | Const | AnyType
)


class TypeFold(ABC, Generic[T]):
    """One answer per type, built from the answers for the types inside it.

    This is the one walk over the kinds of type: every place that spells a type
    (annotations, decoders, encoders, JSON) or looks inside one is a fold, so a new
    kind of type is added here, in :data:`_FOLD_STEPS`, in :func:`children`, and in
    each fold, which mypy names (a fold that lacks the new method cannot be
    instantiated).  A fold is called like a function: ``Spell()(ref)``.
    """

    __slots__ = ()

    def __call__(self, ref: TypeRef) -> T:
        # One dictionary lookup instead of a ``match`` that tries the kinds in turn:
        # folds run for every field and parameter of a spec, several times each.
        answer: T = _FOLD_STEPS[type(ref)](self, ref)
        return answer

    @abstractmethod
    def primitive(self, ref: Primitive) -> T: ...

    @abstractmethod
    def list_of(self, ref: ListOf, item: T) -> T: ...

    @abstractmethod
    def tuple_of(self, ref: TupleOf, items: tuple[T, ...], rest: T | None) -> T: ...

    @abstractmethod
    def map_of(self, ref: MapOf, value: T) -> T: ...

    @abstractmethod
    def null_or(self, ref: NullOr, inner: T) -> T: ...

    @abstractmethod
    def ref(self, ref: Ref) -> T: ...

    @abstractmethod
    def const(self, ref: Const) -> T: ...

    @abstractmethod
    def any(self, ref: AnyType) -> T: ...


def _fold_list(fold: TypeFold[T], ref: ListOf) -> T:
    return fold.list_of(ref, fold(ref.item))


def _fold_tuple(fold: TypeFold[T], ref: TupleOf) -> T:
    rest = None if ref.rest is None else fold(ref.rest)
    return fold.tuple_of(ref, tuple(map(fold, ref.items)), rest)


def _fold_map(fold: TypeFold[T], ref: MapOf) -> T:
    return fold.map_of(ref, fold(ref.value))


def _fold_null_or(fold: TypeFold[T], ref: NullOr) -> T:
    return fold.null_or(ref, fold(ref.inner))


def _fold_primitive(fold: TypeFold[T], ref: Primitive) -> T:
    return fold.primitive(ref)


def _fold_ref(fold: TypeFold[T], ref: Ref) -> T:
    return fold.ref(ref)


def _fold_const(fold: TypeFold[T], ref: Const) -> T:
    return fold.const(ref)


def _fold_any(fold: TypeFold[T], ref: AnyType) -> T:
    return fold.any(ref)


_FOLD_STEPS: dict[type, Callable[[TypeFold[Any], Any], Any]] = {
    Primitive: _fold_primitive,
    ListOf: _fold_list,
    TupleOf: _fold_tuple,
    MapOf: _fold_map,
    NullOr: _fold_null_or,
    Ref: _fold_ref,
    Const: _fold_const,
    AnyType: _fold_any,
}
"""Each kind of type's step in :meth:`TypeFold.__call__`; a kind missing here is a
``KeyError`` the first time a fold meets it (and ``tests/ir/test_ir.py`` checks that
every member of ``TypeRef`` is here)."""


def children(ref: TypeRef) -> tuple[TypeRef, ...]:
    """The types directly inside ``ref`` (none for a leaf)."""
    match ref:
        case ListOf(item=item):
            return (item,)
        case TupleOf():
            return tuple_members(ref)
        case MapOf(value=value):
            return (value,)
        case NullOr(inner=inner):
            return (inner,)
    return ()


def walk(ref: TypeRef) -> Iterator[TypeRef]:
    """A type and every type nested in it, outermost first."""
    yield ref
    for child in children(ref):
        yield from walk(child)


def refs(ref: TypeRef) -> Iterator[str]:
    """The names of the models a type refers to, outermost first."""
    return (node.name for node in walk(ref) if isinstance(node, Ref))


class _MapLeaves(TypeFold[TypeRef]):
    """The same type, rebuilt, with every leaf replaced."""

    __slots__ = ("_leaf",)

    def __init__(self, leaf: Callable[[TypeRef], TypeRef]) -> None:
        self._leaf = leaf

    def primitive(self, ref: Primitive) -> TypeRef:
        return self._leaf(ref)

    def list_of(self, ref: ListOf, item: TypeRef) -> TypeRef:
        return ListOf(item)

    def tuple_of(
        self, ref: TupleOf, items: tuple[TypeRef, ...], rest: TypeRef | None
    ) -> TypeRef:
        return TupleOf(items, rest, ref.min_items)

    def map_of(self, ref: MapOf, value: TypeRef) -> TypeRef:
        return MapOf(value)

    def null_or(self, ref: NullOr, inner: TypeRef) -> TypeRef:
        return NullOr(inner)

    def ref(self, ref: Ref) -> TypeRef:
        return self._leaf(ref)

    def const(self, ref: Const) -> TypeRef:
        return self._leaf(ref)

    def any(self, ref: AnyType) -> TypeRef:
        return self._leaf(ref)


def tuple_members(ref: TupleOf) -> tuple[TypeRef, ...]:
    """The positional item types and then, if there is one, the rest's."""
    return ref.items if ref.rest is None else (*ref.items, ref.rest)


def map_leaves(ref: TypeRef, leaf: Callable[[TypeRef], TypeRef]) -> TypeRef:
    """The same type with every leaf (a type that holds no other) replaced by ``leaf``."""
    return _MapLeaves(leaf)(ref)


def map_refs(ref: TypeRef, rename: Callable[[str], str]) -> TypeRef:
    """The same type with every model reference renamed."""
    return map_leaves(ref, lambda t: Ref(rename(t.name)) if isinstance(t, Ref) else t)


# ---------------------------------------------------------------------------
# Models
# ---------------------------------------------------------------------------


class Constraints(msgspec.Struct, frozen=True):
    """Validation keywords, kept as data for documentation and for later validators."""

    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    exclusive_maximum: float | None = None
    multiple_of: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    min_items: int | None = None
    max_items: int | None = None
    unique_items: bool | None = None

    def is_empty(self) -> bool:
        return all(getattr(self, name) is None for name in self.__struct_fields__)


class Field(msgspec.Struct, frozen=True, kw_only=True):
    """One property of an object model.

    ``required`` (the key must be present) and ``nullable`` (the value may be null)
    are independent facts: absent and null are different things on the wire.
    """

    name: str
    """The wire name, exactly as the spec spells it."""
    type: TypeRef
    required: bool
    nullable: bool
    has_default: bool = False
    default: JsonValue = None
    description: str | None = None
    deprecated: bool = False
    read_only: bool = False
    write_only: bool = False
    constraints: Constraints = Constraints()
    examples: tuple[JsonValue, ...] = ()
    wire_name_inferred: bool = False
    """True when the wire name was guessed (docs-only input), not read from a spec."""
    notes: tuple[str, ...] = ()
    """What the front end could not read about this field (its diagnostics' text),
    kept for the field's documentation: an unreadable type is ``Any`` and says why."""
    subtype_types: tuple[TypeRef, ...] = ()
    """Other types the field has in models that extend this one (where they are not
    narrower than ``type``): a value of this model may be one of those models."""


class ModelBase(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    """The model's key in its ``Api``, what ``Ref`` points at: derived from the spec
    (a component's key, or an inline schema's place: ``OrderItemsItem``), PascalCase,
    unique.  Not a Python name: the plan may need another (``Client`` becomes
    ``ClientModel``)."""
    source: str
    """Where it came from: a JSON pointer (``#/components/schemas/Pet``) or a page path."""
    description: str | None = None
    deprecated: bool = False
    nullable: bool = False
    """The schema itself admits null, so every use of it does."""
    examples: tuple[JsonValue, ...] = ()
    notes: tuple[str, ...] = ()
    """What the front end could not read about this model, for its documentation."""


class Discriminator(msgspec.Struct, frozen=True):
    property: str
    mapping: tuple[tuple[str, str], ...]
    """(tag value, model name) pairs, explicit mapping first, then implicit names."""


class ObjectModel(ModelBase, frozen=True, kw_only=True):
    fields: tuple[Field, ...] = ()
    """Every property, those of ``allOf`` members (a parent's too) included."""
    extra_fields: TypeRef | None = AnyType()
    """Type of keys beyond ``fields`` (``additionalProperties``); None forbids them."""
    parent: str | None = None
    """The model this one extends: it names ``parent`` in ``allOf``, and ``parent``
    or one of its ancestors has a discriminator, so a payload of the parent may be
    one of this model.  Its fields are the parent's, or narrower."""
    discriminator: Discriminator | None = None
    """A discriminator this model declares: the property, and the model (itself or a
    descendant) each tag stands for."""
    kind: Literal["object"] = "object"


class EnumModel(ModelBase, frozen=True, kw_only=True):
    """A closed list of strings or integers; emitted as open (unknown values survive)."""

    value_type: Literal["string", "integer"]
    values: tuple[str | int, ...]
    """Every value once, in the spec's order."""
    kind: Literal["enum"] = "enum"


class UnionModel(ModelBase, frozen=True, kw_only=True):
    variants: tuple[TypeRef, ...]
    discriminator: Discriminator | None = None
    kind: Literal["union"] = "union"


class AliasModel(ModelBase, frozen=True, kw_only=True):
    """A named schema that is not an object, enum or union (``Ids = list[str]``)."""

    target: TypeRef
    kind: Literal["alias"] = "alias"


Model: TypeAlias = ObjectModel | EnumModel | UnionModel | AliasModel


def model_types(model: Model) -> Iterator[TypeRef]:
    """The types a model is made of: fields and extra keys, variants, or its target."""
    if isinstance(model, ObjectModel):
        yield from (f.type for f in model.fields)
        if model.extra_fields is not None:
            yield model.extra_fields
    elif isinstance(model, UnionModel):
        yield from model.variants
    elif isinstance(model, AliasModel):
        yield model.target


# ---------------------------------------------------------------------------
# Operations: what a client calls.  Filled by the OpenAPI front end from paths, and
# by the markdown front end from SDK operation pages.
# ---------------------------------------------------------------------------


class Parameter(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    """The wire name."""
    location: Literal["path", "query", "header", "cookie"]
    type: TypeRef
    required: bool
    nullable: bool = False
    description: str | None = None
    deprecated: bool = False
    style: str | None = None
    explode: bool | None = None
    has_default: bool = False
    default: JsonValue = None


MediaKind = Literal[
    "json", "json_lines", "event_stream", "form", "multipart", "text", "binary"
]
"""What a body is on the wire, read from its content type once by the front end
(:func:`generator.ir.media.media_kind`): JSON (``application/json``, ``+json``), JSON
lines, a server-sent event stream, a URL-encoded or ``multipart/form-data`` form,
other ``text/*``, or anything else (bytes)."""


class RequestBody(msgspec.Struct, frozen=True, kw_only=True):
    content_type: str
    """``application/json``, ``multipart/form-data``, ``application/x-www-form-urlencoded``..."""
    media: MediaKind
    """``content_type``'s kind."""
    type: TypeRef
    required: bool
    description: str | None = None


class Response(msgspec.Struct, frozen=True, kw_only=True):
    status: str
    """``200``, ``4XX`` or ``default``, as the spec writes it."""
    content_type: str | None
    media: MediaKind | None
    """``content_type``'s kind; None when the response has no body."""
    type: TypeRef | None
    description: str | None = None
    streaming: bool = False
    """A ``text/event-stream`` response, or a JSON-lines one (``application/x-ndjson``,
    ``application/jsonl``...); ``type`` is that of one event's payload (one line's)."""
    sse_sentinel: str | None = None
    """A ``data:`` value that ends the stream (``[DONE]``), when the spec names one."""


class RetryPolicy(msgspec.Struct, frozen=True, kw_only=True):
    """Retry with exponential backoff (``x-speakeasy-retries`` or the generator's default)."""

    initial_interval_ms: int = 500
    max_interval_ms: int = 60000
    exponent: float = 1.5
    max_elapsed_ms: int = 3600000
    status_codes: tuple[str, ...] = ("408", "429", "5XX")
    retry_connection_errors: bool = True


class SecurityScheme(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    """The key under ``components.securitySchemes``."""
    type: Literal["http", "apiKey", "oauth2", "openIdConnect"]
    """The scheme's ``type``, as the spec writes it.  What the client sends for it is
    decided on the Python side (:mod:`generator.python.auth`)."""
    http_scheme: str | None = None
    """An ``http`` scheme's ``scheme`` (``bearer``, ``basic``, ``digest``...), as written."""
    flows: tuple[str, ...] = ()
    """An ``oauth2`` scheme's flows (``authorizationCode``, ``clientCredentials``...), sorted."""
    location: Literal["header", "query", "cookie"] = "header"
    """Where an ``apiKey`` goes; ``header`` for the other types."""
    parameter_name: str = "Authorization"
    description: str | None = None
    token_url: str | None = None
    """The client credentials flow's ``tokenUrl``, as the spec writes it."""
    scopes: tuple[str, ...] = ()
    """The scopes the API's security requirements ask of this scheme, sorted."""
    file: str = ""
    """The document the scheme is written in, as shown to people."""
    source: str = ""
    """Its JSON pointer in that document."""


class ServerVariable(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    default: str
    enum: tuple[str, ...] = ()
    """The values allowed, when the spec lists them."""
    description: str | None = None


class Server(msgspec.Struct, frozen=True, kw_only=True):
    """A ``servers`` entry: a URL template whose ``{variables}`` have defaults."""

    url: str
    description: str | None = None
    variables: tuple[ServerVariable, ...] = ()

    @property
    def default_url(self) -> str:
        """The URL with every variable at its default."""
        url = self.url
        for variable in self.variables:
            url = url.replace("{" + variable.name + "}", variable.default)
        return url


PathSegment: TypeAlias = str | int
"""One step of a JSONPath into a response: a property's wire name, or an index
into an array (negative from the end)."""


class PageInput(msgspec.Struct, frozen=True, kw_only=True):
    """Where a pagination input goes in the request."""

    location: Literal["query", "header", "body"]
    """A query or header parameter, or a property of the JSON (or form) body."""
    name: str
    """Its wire name."""
    default: JsonValue = None
    """The value the server assumes when the request leaves it out (the spec's
    default), or None when the spec gives none."""


class Pagination(msgspec.Struct, frozen=True, kw_only=True):
    """How an operation pages through a list (Speakeasy's ``x-speakeasy-pagination``).

    ``offset``: the input is an item offset, advanced by the number of items a page
    had; ``page``: a page number, advanced by one; ``cursor``: the input takes the
    value at ``next`` in the last page; ``url``: the next page is fetched from the URL
    at ``next``.  Paths are JSONPath steps into the decoded page, by wire name.
    """

    kind: Literal["offset", "page", "cursor", "url"]
    input: PageInput | None = None
    """The offset, page or cursor input (None for ``url``)."""
    limit: PageInput | None = None
    """The page size input, when there is one: a page shorter than it is the last."""
    results: tuple[PathSegment, ...] | None = None
    """Where a page's items are: an empty page is the last."""
    next: tuple[PathSegment, ...] | None = None
    """The next cursor or URL (``cursor``, ``url``): none means no more pages."""
    pages: tuple[PathSegment, ...] | None = None
    """The number of pages (``page``)."""


class PathPart(msgspec.Struct, frozen=True, kw_only=True):
    """A piece of a path template: literal text, or a ``{variable}``'s name."""

    text: str
    variable: bool = False


class Operation(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    """The operationId as the spec writes it (else ``get /path``), unique in its ``Api``.
    Its group and method name hints are in ``Api.hints``."""
    http_method: str
    """As it is sent: ``GET``, ``POST``, ``QUERY``..., or a name OpenAPI 3.2's
    ``additionalOperations`` gives (``LINK``), as the spec writes it."""
    path: str
    """The path to call, without any ``#fragment`` the spec used to tell operations apart."""
    path_parts: tuple[PathPart, ...]
    """``path`` read once into its literal text and variables
    (:func:`generator.ir.path_template.parse`)."""
    streaming: bool = False
    summary: str | None = None
    description: str | None = None
    deprecated: bool = False
    parameters: tuple[Parameter, ...] = ()
    request_body: RequestBody | None = None
    responses: tuple[Response, ...] = ()
    security: tuple[tuple[str, ...], ...] = ()
    """Alternatives (any one suffices), each a set of scheme names used together."""
    retries: RetryPolicy | None = None
    source: str = ""
    tags: tuple[str, ...] = ()
    """The spec's tags, for ``--include-tags`` / ``--exclude-tags``."""
    servers: tuple[Server, ...] = ()
    """The operation's (or its path's) own servers, used instead of the API's."""
    pagination: Pagination | None = None


_NO_NAMES: Mapping[Any, str] = MappingProxyType({})


DEFAULT_GROUP = "default"
"""The group of an operation that has no group hint."""


class NameHints(msgspec.Struct, frozen=True, kw_only=True):
    """Names an SDK generator was asked to use, kept beside the wire facts.

    Speakeasy's ``x-speakeasy-group`` and ``x-speakeasy-name-override`` (and, for
    operations read from SDK docs, the group and method the page shows).  They are
    requests, not names: :mod:`generator.python.name_plan` decides the Python names, and the
    docs matching compares pages with them.
    """

    groups: Mapping[str, str] = field(default_factory=lambda: _NO_NAMES)
    """Operation id -> its group: ``x-speakeasy-group``, else its first tag (docs: the
    page's accessor, ``beta.conversations``).  Absent: :data:`DEFAULT_GROUP`."""
    methods: Mapping[str, str] = field(default_factory=lambda: _NO_NAMES)
    """Operation id -> its method name: ``x-speakeasy-name-override`` (docs: the
    section's method).  Absent: the operation id."""
    models: Mapping[str, str] = field(default_factory=lambda: _NO_NAMES)
    """Model name -> the SDK's name for it (a schema's ``x-speakeasy-name-override``)."""
    fields: Mapping[tuple[str, str], str] = field(default_factory=lambda: _NO_NAMES)
    """(model name, wire name) -> the SDK's name for the property."""


class Api(msgspec.Struct, frozen=True, kw_only=True):
    title: str
    version: str
    source_name: str
    """The input document's file name, as written into generated headers."""
    source_sha256: str
    models: tuple[Model, ...] = ()
    operations: tuple[Operation, ...] = ()
    webhooks: tuple[Operation, ...] = ()
    """Requests the API sends (OpenAPI 3.1 ``webhooks``), not calls a client makes:
    operations whose ``path`` is the webhook's name; their payloads are models."""
    servers: tuple[Server, ...] = ()
    security_schemes: tuple[SecurityScheme, ...] = ()
    retries: RetryPolicy | None = None
    hints: NameHints = NameHints()
    diagnostics: tuple[Diagnostic, ...] = ()
    """Problems the front ends met and read around (printed as warnings)."""
    input_files: tuple[str, ...] = ()
    """Every file the front end read (absolute paths, sorted): the root document
    and each file a ``$ref`` reached, so that a later run can tell whether any of
    them changed (the fingerprint) without the loader telling anyone else."""

    def model(self, name: str) -> Model:
        for model in self.models:
            if model.name == name:
                return model
        raise KeyError(name)
