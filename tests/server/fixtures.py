"""Fixtures of the client feature tests: the feature spec's package, generated and
imported once a session, and the feature server on 127.0.0.1.

Test modules import them by name (``from tests.server.fixtures import ...``).
"""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

import pytest

from tests.server import running_server
from tests.server.feature_spec import SPEC
from tests.server.features import app
from tests.server.packages import spec_package

PACKAGE = "feature_client_under_test"


@pytest.fixture(scope="session")
def feature_pkg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with spec_package(
        tmp_path_factory.mktemp("feature_client"), SPEC, PACKAGE
    ) as module:
        yield module


@pytest.fixture(scope="session")
def feature_url() -> Iterator[str]:
    """The feature server's root URL (``http://127.0.0.1:PORT``)."""
    with running_server(application=app) as url:
        yield url


@pytest.fixture(scope="session")
def port(feature_url: str) -> str:
    return feature_url.rsplit(":", 1)[1]
