from httpx import AsyncClient

from media_manager import __version__


async def test_health_reports_version_and_database(client: AsyncClient):
    response = await client.get("/api/v1/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "version": __version__, "database": "ok"}


async def test_health_is_degraded_when_database_is_down(app, client: AsyncClient):
    from media_manager.core.database import create_engine

    app.state.engine = create_engine("postgresql+asyncpg://nobody@127.0.0.1:1/none")
    try:
        response = await client.get("/api/v1/health")
    finally:
        await app.state.engine.dispose()

    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


async def test_request_id_is_echoed_or_generated(client: AsyncClient):
    given = await client.get("/api/v1/health", headers={"X-Request-ID": "abc-123"})
    generated = await client.get("/api/v1/health")

    assert given.headers["x-request-id"] == "abc-123"
    assert len(generated.headers["x-request-id"]) == 16
