"""The spec behind the client feature tests (``tests/test_client_*.py``): servers with
variables and an operation with its own, OAuth2 client credentials, every kind of
``x-speakeasy-pagination``, a binary download, an optional JSON body, echoes.

The API's first server is ``http://127.0.0.1:{port}/{area}``: tests fill ``port``
with the test server's (:mod:`tests.server.features`).
"""

from __future__ import annotations

from typing import Any

ITEM = {
    "type": "object",
    "required": ["id", "name"],
    "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
}
ECHO = {
    "type": "object",
    "required": ["method", "url", "query", "headers", "body"],
    "properties": {
        "method": {"type": "string"},
        "url": {"type": "string"},
        "query": {"type": "string"},
        "headers": {"type": "object", "additionalProperties": {"type": "string"}},
        "body": {"type": "string"},
    },
}


def _json(schema: dict[str, Any], status: str = "200") -> dict[str, Any]:
    return {
        status: {
            "description": "ok",
            "content": {"application/json": {"schema": schema}},
        }
    }


def _echo() -> dict[str, Any]:
    return {
        **_json({"$ref": "#/components/schemas/Echo"}),
        "404": {
            "description": "missing",
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Missing"}}
            },
        },
    }


def _items(extra: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["items"],
        "properties": {
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}},
            **extra,
        },
    }


def _query(name: str, default: int | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "integer"}
    if default is not None:
        schema["default"] = default
    return {"name": name, "in": "query", "schema": schema}


PATHS: dict[str, Any] = {
    "/servers": {
        "get": {"tags": ["echo"], "operationId": "whereAmI", "responses": _echo()}
    },
    "/op-level": {
        "get": {
            "tags": ["echo"],
            "operationId": "elsewhere",
            "servers": [{"url": "http://127.0.0.1:{port}/other"}],
            "responses": _echo(),
        }
    },
    "/send": {
        "post": {
            "tags": ["echo"],
            "operationId": "send",
            "parameters": [
                {"name": "q", "in": "query", "schema": {"type": "string"}},
                {"name": "X-Trace", "in": "header", "schema": {"type": "string"}},
            ],
            "requestBody": {
                "required": False,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "note": {"type": "string"},
                                "count": {"type": "integer"},
                            },
                        }
                    }
                },
            },
            "responses": _echo(),
        }
    },
    "/missing": {
        "get": {"tags": ["echo"], "operationId": "missing", "responses": _echo()}
    },
    "/events": {
        "get": {
            "tags": ["echo"],
            "operationId": "events",
            "responses": {
                "200": {
                    "description": "three items",
                    "content": {
                        "text/event-stream": {
                            "schema": {"$ref": "#/components/schemas/Item"},
                            "x-speakeasy-sse-sentinel": "[DONE]",
                        }
                    },
                }
            },
        }
    },
    "/pages/offset": {
        "get": {
            "tags": ["pages"],
            "operationId": "byOffset",
            "parameters": [_query("offset"), _query("limit", 3)],
            "responses": _json(
                {
                    "type": "object",
                    "required": ["data"],
                    "properties": {"data": _items({})},
                }
            ),
            "x-speakeasy-pagination": {
                "type": "offsetLimit",
                "inputs": [
                    {"name": "offset", "in": "parameters", "type": "offset"},
                    {"name": "limit", "in": "parameters", "type": "limit"},
                ],
                "outputs": {"results": "$.data.items"},
            },
        }
    },
    "/pages/numbered": {
        "get": {
            "tags": ["pages"],
            "operationId": "byPage",
            "parameters": [
                _query("page"),
                {"name": "x-page-size", "in": "header", "schema": {"type": "integer"}},
            ],
            "responses": _json(_items({"pages": {"type": "integer"}})),
            "x-speakeasy-pagination": {
                "type": "offsetLimit",
                "inputs": [{"name": "page", "in": "parameters", "type": "page"}],
                "outputs": {"numPages": "$.pages", "results": "$.items"},
            },
        }
    },
    "/pages/cursor": {
        "post": {
            "tags": ["pages"],
            "operationId": "byCursor",
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "after": {"type": ["integer", "null"]},
                                "limit": {"type": "integer"},
                            },
                        }
                    }
                },
            },
            "responses": _json(
                _items({"next": {"type": ["integer", "null"]}, "seen": {}})
            ),
            "x-speakeasy-pagination": {
                "type": "cursor",
                "inputs": [
                    {"name": "after", "in": "requestBody", "type": "cursor"},
                    {"name": "limit", "in": "requestBody", "type": "limit"},
                ],
                "outputs": {"nextCursor": "$.next", "results": "$['items']"},
            },
        }
    },
    "/pages/links": {
        "get": {
            "tags": ["pages"],
            "operationId": "byLink",
            "responses": _json(
                _items(
                    {
                        "links": {
                            "type": "object",
                            "properties": {"next": {"type": ["string", "null"]}},
                        }
                    }
                )
            ),
            "x-speakeasy-pagination": {
                "type": "url",
                "outputs": {"nextUrl": "$.links.next", "results": "$.items"},
            },
        }
    },
    "/pages/unsupported": {
        "get": {
            "tags": ["pages"],
            "operationId": "unsupported",
            "parameters": [_query("offset")],
            "responses": _json(_items({})),
            "x-speakeasy-pagination": {
                "type": "offsetLimit",
                "inputs": [{"name": "offset", "in": "parameters", "type": "offset"}],
                "outputs": {"results": "$.items[*].id"},
            },
        }
    },
    "/oauth/guarded": {
        "get": {
            "tags": ["oauth"],
            "operationId": "guarded",
            "security": [{"oauth": ["read", "write"]}],
            "responses": _json(
                {
                    "type": "object",
                    "properties": {
                        "client": {"type": "string"},
                        "token": {"type": "string"},
                    },
                }
            ),
        }
    },
    "/files/download": {
        "get": {
            "tags": ["files"],
            "operationId": "download",
            "parameters": [
                _query("size"),
                {"name": "key", "in": "query", "schema": {"type": "string"}},
                {"name": "delay", "in": "query", "schema": {"type": "number"}},
            ],
            "responses": {
                "200": {
                    "description": "the file",
                    "content": {
                        "application/octet-stream": {
                            "schema": {"type": "string", "format": "binary"}
                        }
                    },
                }
            },
        }
    },
}

SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Features", "version": "3.0"},
    "servers": [
        {
            "url": "http://127.0.0.1:{port}/{area}",
            "description": "the test server",
            "variables": {
                "port": {"default": "9"},
                "area": {"default": "api", "enum": ["api", "other"]},
            },
        },
        {
            "url": "http://localhost:{port}/api",
            "variables": {"port": {"default": "9"}},
        },
    ],
    "paths": PATHS,
    "components": {
        "schemas": {
            "Item": ITEM,
            "Echo": ECHO,
            "Missing": {"type": "object", "properties": {"detail": {}}},
        },
        "securitySchemes": {
            "oauth": {
                "type": "oauth2",
                "flows": {
                    "clientCredentials": {
                        "tokenUrl": "/oauth/token",
                        "scopes": {"read": "read things", "write": "write things"},
                    }
                },
            },
            "apiKey": {"type": "apiKey", "in": "header", "name": "X-Api-Key"},
        },
    },
    "security": [{"apiKey": []}],
}
