"""Schemathesis over every operation: generated input, valid and invalid, never gets a 500, and
every answer has a status code and a body the OpenAPI schema documents.

Runs in-process on both databases. Hypothesis runs in a worker thread (it is synchronous) and
sends each request back to the test's event loop, where the app and the test's rolled-back
transaction live.
"""

import asyncio
import copy
import os
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from httpx import AsyncClient, InvalidURL
from hypothesis import HealthCheck, given, reject, seed
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from media_manager.config import Settings
from tests.conftest import described_app, make_settings
from tests.metadata.relay import relay  # noqa: F401  (the relay stand-in fixture)
from tests.support.torznab import Release, TorznabServer

# A few examples per operation keep the run near a minute per database on two cores;
# MM_SCHEMATHESIS_EXAMPLES=200 runs a deeper search locally.
EXAMPLES = int(os.environ.get("MM_SCHEMATHESIS_EXAMPLES", "6"))
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
BASE_URL = "http://test"

# Nothing is excluded: operations that call out (metadata search, adding shows and movies,
# refreshes) reach the relay stand-in, and the indexer ones the Torznab stand-in.
# A copy: the description is shared with test_permissions.py.
SCHEMA = schemathesis.openapi.from_dict(copy.deepcopy(described_app().openapi()))
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


@pytest.fixture
def settings(tmp_path: Path, database_url: str, torznab: TorznabServer) -> Settings:
    torznab.add("site", releases=[Release("Show.Name.S01E01.1080p.WEB-DL-GRP", tvdb_id=121361)])
    key = torznab.indexers["site"].api_key
    indexer = {"name": "site", "url": torznab.url("site"), "api_key": key}
    return make_settings(tmp_path / "data", database_url, indexer={"torznab": [indexer]})


def _strategy(operation) -> st.SearchStrategy:
    return st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )


def _request_kwargs(case, headers: dict[str, str]) -> dict[str, Any]:
    kwargs = case.as_transport_kwargs(base_url=BASE_URL, headers=headers)
    # as_transport_kwargs speaks requests; these are its httpx equivalents.
    if "data" in kwargs and not isinstance(kwargs["data"], dict):
        kwargs["content"] = kwargs.pop("data")
    cookies = kwargs.pop("cookies", None) or {}
    if cookies:
        kwargs["headers"]["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    return kwargs


@pytest.mark.usefixtures("relay")
@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.label for op in OPERATIONS])
async def test_generated_requests_get_documented_answers(
    app, client: AsyncClient, admin_headers: dict, operation
):
    loop = asyncio.get_running_loop()

    async def request(**kwargs: Any):
        response = await client.request(**kwargs)
        # A job the request started (POST /library/scan) runs on the test's one connection:
        # let it finish before the next request uses that connection.
        await app.state.job_runner.wait_idle()
        return response

    def send(case, headers: dict[str, str]) -> None:
        try:
            kwargs = _request_kwargs(case, headers)
            future = asyncio.run_coroutine_threadsafe(request(**kwargs), loop)
            response = future.result(timeout=60)
        except InvalidURL:
            # A query over 64 KiB: no HTTP client sends it (nor would a server read it).
            reject()
        case.validate_response(response, checks=CHECKS, headers=headers)

    anonymous_checked = False

    @seed(0)
    @hypothesis_settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        phases=["explicit", "generate"],
    )
    @given(case=_strategy(operation))
    def run(case) -> None:
        nonlocal anonymous_checked
        if not anonymous_checked:
            # Once per operation without credentials: public routes answer, others say 401.
            anonymous_checked = True
            send(case, {})
        send(case, dict(admin_headers))

    await asyncio.to_thread(run)
