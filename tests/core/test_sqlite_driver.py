import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError

from media_manager.core import sqlite_driver
from media_manager.core.database import create_engine


@pytest.fixture
async def engine(tmp_path):
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'driver.db'}")
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER UNIQUE)"))
    yield engine
    await engine.dispose()


async def test_a_statement_and_its_rows_take_one_trip_to_the_connections_thread(
    engine, monkeypatch
):
    trips = []
    run = sqlite_driver.OneTripConnection.run

    async def counted(self, function):
        trips.append(function)
        return await run(self, function)

    monkeypatch.setattr(sqlite_driver.OneTripConnection, "run", counted)
    async with engine.connect() as connection:
        await connection.execute(text("SELECT 0"))  # after BEGIN, its own statement
        trips.clear()
        result = await connection.execute(text("SELECT 1 UNION SELECT 2"))
        assert result.all() == [(1,), (2,)]
    assert len(trips) == 1


async def test_writes_report_rowcount_and_lastrowid(engine):
    async with engine.begin() as connection:
        many = await connection.execute(
            text("INSERT INTO t (x) VALUES (:x)"), [{"x": n} for n in range(10)]
        )
        one = await connection.execute(text("INSERT INTO t (x) VALUES (100)"))
        updated = await connection.execute(text("UPDATE t SET x = x + 1000 WHERE x < 5"))
        returned = await connection.execute(text("DELETE FROM t WHERE x = 100 RETURNING x"))

    assert many.rowcount == 10
    assert one.lastrowid == 11
    assert updated.rowcount == 5
    assert returned.all() == [(100,)]


async def test_results_beyond_the_first_rows_are_fetched_whole_and_streamed(engine):
    rows = [{"x": n} for n in range(sqlite_driver.FIRST_ROWS * 2 + 7)]
    async with engine.begin() as connection:
        await connection.execute(text("INSERT INTO t (x) VALUES (:x)"), rows)
    async with engine.connect() as connection:
        everything = (await connection.execute(text("SELECT x FROM t ORDER BY x"))).all()
        streamed = [
            row.x async for row in await connection.stream(text("SELECT x FROM t ORDER BY x"))
        ]
        partial = await connection.stream(text("SELECT x FROM t ORDER BY x"))
        first = await partial.fetchmany(3)
        await partial.close()  # an open cursor closed before its rows are read

    assert [row.x for row in everything] == streamed == list(range(len(rows)))
    assert [row.x for row in first] == [0, 1, 2]


async def test_errors_come_back_as_sqlalchemys(engine):
    async with engine.connect() as connection:
        with pytest.raises(OperationalError, match="no such table"):
            await connection.execute(text("SELECT * FROM missing"))
    async with engine.begin() as connection:
        await connection.execute(text("INSERT INTO t (x) VALUES (1)"))
        with pytest.raises(IntegrityError):
            await connection.execute(text("INSERT INTO t (x) VALUES (1)"))
