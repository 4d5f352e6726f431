"""Loading: bytes to documents (YAML or JSON), ``$ref`` resolution across files, source locations."""
