"""specgen: OpenAPI documents to typed Python bindings (dataclasses and TypedDicts)."""

__version__ = "0.1.0"
