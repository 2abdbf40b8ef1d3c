"""The OpenAPI document: the checked-in docs/api/openapi.json is the one the app serves, and a bounded
schemathesis run against it (a real server on 127.0.0.1, an admin token) finds no server error and no
response that contradicts the document."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

pytest.importorskip("fastapi")

from engine.api import ItemBank  # noqa: E402
from engine.server.config import ServerConfig  # noqa: E402
from engine.server.openapi import render  # noqa: E402
from engine.server.runner import BackgroundServer  # noqa: E402
from engine.server.tokens import TokenStore  # noqa: E402

try:  # the fuzzing needs schemathesis (the dev extra); the document checks do not
    import schemathesis
    from hypothesis import HealthCheck, Phase, settings
    from schemathesis import GenerationMode
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (content_type_conformance,
                                                   response_schema_conformance,
                                                   status_code_conformance)
except ImportError:  # pragma: no cover - depends on the environment
    schemathesis = None

SPEC = Path(__file__).resolve().parents[1] / "docs" / "api" / "openapi.json"


def test_the_checked_in_openapi_document_is_current():
    assert SPEC.read_text(encoding="utf-8") == render(), (
        "docs/api/openapi.json is out of date: python -m engine.server.openapi docs/api/openapi.json")


def test_the_served_document_is_the_checked_in_one(fuzz_server):
    served = httpx.get(f"{fuzz_server['url']}/openapi.json", timeout=30).json()
    assert served == json.loads(SPEC.read_text(encoding="utf-8"))
    assert {"/api/v1/search", "/api/v1/items/{item_id}", "/api/v1/images/{sha256}/thumbnail",
            "/api/v1/import", "/api/v1/index", "/api/v1/index/status", "/api/v1/profiles",
            "/api/v1/health", "/api/v1/jobs/{job_id}"} <= set(served["paths"])


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz") / "bank"
    bank = ItemBank(folder, create=True)
    bank.load_sample()
    bank.close()
    token, _ = TokenStore.in_data_dir(folder).create("admin")
    with BackgroundServer(ServerConfig(data_dir=folder, port=0, rate_limit=0)) as running:
        yield {"url": running.url, "token": token, "server": running}


if schemathesis is not None:
    # An index build of the whole sample with the lite model takes most of a minute on a small CPU;
    # the concurrency tests cover that route. Everything else is fuzzed, with valid and invalid input:
    # invalid input must get a documented 4xx, never a 500.
    schema = schemathesis.openapi.from_path(SPEC).exclude(method="POST", path="/api/v1/index")
    schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])

    @schema.parametrize()
    @settings(max_examples=30, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    def test_fuzzing_the_api_finds_no_server_error(case, fuzz_server):
        case.call_and_validate(
            base_url=fuzz_server["url"], headers={"Authorization": f"Bearer {fuzz_server['token']}"},
            checks=[not_a_server_error, status_code_conformance, content_type_conformance,
                    response_schema_conformance])
else:
    def test_fuzzing_the_api_finds_no_server_error():
        pytest.skip("schemathesis is not installed (pip install -e '.[dev]')")
