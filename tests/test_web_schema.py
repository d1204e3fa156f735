"""API schema tests: requests generated from the OpenAPI spec, valid and malformed, never get a 5xx.

Schemathesis draws requests for every operation of `/openapi.json` in two modes: positive
(valid by the schema) and negative (violating it). Every answer must be below 500; every
malformed request a 4xx with a JSON `{"error": ...}` that says what was wrong.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from tests.webtools import api_client, indexed_copy
from wiretrace.web import create_app

NOTHING_TO_VIOLATE = {"/api/sites", "/api/articles/{article_id}", "/api/stories/{story_id}"}
EXAMPLES = 25  # per operation and mode: enough to hit each kind of bad input, small enough for CI


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[schemathesis.BaseSchema]:
    app = create_app(indexed_copy(tmp_path_factory, tmp_path_factory.mktemp("schema") / "index"), max_articles=5)
    config = schemathesis.Config.from_dict({"generation": {"deterministic": True}})
    yield schemathesis.openapi.from_asgi("/openapi.json", app, config=config)
    app.state.service.close()


def _operations(schema: schemathesis.BaseSchema) -> list[Any]:
    return [result.ok() for result in schema.get_all_operations()]


# The schema is loaded from a fixture (it needs the app's index), so the operations are walked
# here rather than through schemathesis' pytest parametrization, which loads at import time.
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_request_gets_a_server_error(api_schema: schemathesis.BaseSchema, mode: GenerationMode) -> None:
    operations = _operations(api_schema)
    assert len(operations) == 8
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case: schemathesis.Case) -> None:
            response = case.call()
            where = f"{case.method} {case.formatted_path} -> {response.status_code} {response.content[:300]!r}"
            assert response.status_code < 500, where
            if response.status_code >= 400:
                error = response.json().get("error")
                assert isinstance(error, str) and error, where
            elif mode is GenerationMode.NEGATIVE:
                # a negative case may still be valid when the violation is in a part FastAPI ignores
                assert response.status_code < 300, where

        try:
            check()
        except Unsatisfiable:
            # nothing to violate: no parameters, or only a path id (any string is one; test_web_api probes them)
            assert mode is GenerationMode.NEGATIVE and operation.path in NOTHING_TO_VIOLATE, operation.path


def test_openapi_lists_the_issue_endpoints(tmp_path: Path) -> None:
    with api_client(tmp_path / "index") as client:
        paths = client.get("/openapi.json").json()["paths"]
        assert client.get("/docs").status_code == 200
    assert set(paths) == {
        "/api/compare", "/api/articles", "/api/articles/{article_id}", "/api/query",
        "/api/stories", "/api/stories/{story_id}", "/api/sites", "/api/export",
    }  # fmt: skip


def test_openapi_describes_the_errors_the_api_returns(tmp_path: Path) -> None:
    """Clients generated from the schema must expect `{"error": "..."}`, not FastAPI's default."""
    with api_client(tmp_path / "index") as client:
        spec = client.get("/openapi.json").json()
    error_ref = "#/components/schemas/ErrorOut"
    assert spec["components"]["schemas"]["ErrorOut"]["required"] == ["error"]
    for path, methods in spec["paths"].items():
        for operation in methods.values():
            for code, response in operation["responses"].items():
                if code.startswith("4"):
                    assert response["content"]["application/json"]["schema"]["$ref"] == error_ref, (path, code)
    assert "401" in spec["paths"]["/api/articles"]["post"]["responses"]
    assert "404" in spec["paths"]["/api/stories/{story_id}"]["get"]["responses"]
    # an API integrator's review: the export declared a JSON answer, the token no scheme, and only the
    # add route a 503, though any route may find the index failing
    export = spec["paths"]["/api/export"]["get"]["responses"]["200"]
    files = {"application/x-ndjson", "text/csv; charset=utf-8", "application/vnd.apache.parquet"}
    assert set(export["content"]) == files
    assert "x-rows" in export["headers"]
    (scheme,) = spec["paths"]["/api/articles"]["post"]["security"][0]
    assert spec["components"]["securitySchemes"][scheme]["scheme"] == "bearer"
    assert all("503" in op["responses"] for path, ops in spec["paths"].items() if path.startswith("/api")
               for op in ops.values())  # fmt: skip
