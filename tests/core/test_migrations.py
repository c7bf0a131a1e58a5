import asyncio

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from media_manager.core import migrations
from media_manager.core.database import create_engine
from media_manager.library.search_index import HIDDEN_TABLES, include_object
from media_manager.models import Base
from tests.conftest import create_postgres_database, drop_postgres_database, sqlite_url


@pytest.fixture(params=["sqlite", "postgresql"])
async def empty_database(request, tmp_path):
    """A database no migration has touched yet."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "empty.db")
        return
    url = await create_postgres_database()
    yield url
    await drop_postgres_database(url)


async def _tables(url: str) -> set[str]:
    """The tables the models describe: the title search index's own tables left out."""
    return await _all_tables(url) - HIDDEN_TABLES


async def _all_tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            names = await connection.run_sync(lambda c: inspect(c).get_table_names())
    finally:
        await engine.dispose()
    return set(names) - {"alembic_version"}


async def _differences(url: str) -> list:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(
                lambda c: compare_metadata(
                    MigrationContext.configure(
                        c, opts={"compare_type": True, "include_object": include_object}
                    ),
                    Base.metadata,
                )
            )
    finally:
        await engine.dispose()


async def test_migrations_create_exactly_the_models(empty_database: str):
    await asyncio.to_thread(migrations.upgrade, empty_database)

    assert await _differences(empty_database) == []
    assert await _tables(empty_database) == set(Base.metadata.tables)


async def test_migrations_go_down_and_up_again(empty_database: str):
    await asyncio.to_thread(migrations.upgrade, empty_database)

    await asyncio.to_thread(migrations.downgrade, empty_database, "base")
    after_down = await _all_tables(empty_database)
    await asyncio.to_thread(migrations.upgrade, empty_database)

    assert after_down == set()
    assert await _differences(empty_database) == []
