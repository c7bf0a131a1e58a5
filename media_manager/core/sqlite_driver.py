"""aiosqlite connections that run a statement in one trip to the connection's thread.

aiosqlite runs every call on a thread of its own per connection, and SQLAlchemy's adapter makes
four calls per statement: open a cursor, execute, fetch the rows, close the cursor. Each is a
trip to that thread and back to the event loop, and each trip waits for the interpreter lock
while the event loop is busy with other requests. `OneTripCursor` does the four in one trip
(the first FIRST_ROWS rows come back with the statement; a larger result, such as a streamed
backup, is fetched on demand as before). SQLAlchemy's adapter is unchanged: it only sees the
part of aiosqlite's cursor that it uses.
"""

import sqlite3
from collections import deque
from typing import Any

import aiosqlite

# Rows fetched together with the statement; the rest stays in the open cursor until asked for.
FIRST_ROWS = 1000

_State = tuple[Any, int | None, int]


class OneTripCursor:
    """The part of aiosqlite's Cursor that SQLAlchemy's aiosqlite adapter uses."""

    def __init__(self, connection: "OneTripConnection") -> None:
        self._connection = connection
        # The sqlite3 cursor, open only while it has rows left to fetch.
        self._open: sqlite3.Cursor | None = None
        self._rows: deque[Any] = deque()
        self.description: Any = None
        self.lastrowid: int | None = None
        self.rowcount = -1
        self.arraysize = 1

    async def execute(self, sql: str, parameters: Any = None) -> "OneTripCursor":
        connection = self._connection.sqlite

        def run() -> tuple[list[Any], sqlite3.Cursor | None, _State]:
            cursor = connection.cursor()
            try:
                if parameters is None:
                    cursor.execute(sql)
                else:
                    cursor.execute(sql, parameters)
                rows = cursor.fetchmany(FIRST_ROWS) if cursor.description else []
                state = (cursor.description, cursor.lastrowid, cursor.rowcount)
            except BaseException:
                cursor.close()
                raise
            if len(rows) < FIRST_ROWS:
                cursor.close()
                return rows, None, state
            return rows, cursor, state

        await self.close()
        rows, self._open, state = await self._connection.run(run)
        self._rows.extend(rows)
        self.description, self.lastrowid, self.rowcount = state
        return self

    async def executemany(self, sql: str, parameters: Any) -> "OneTripCursor":
        connection = self._connection.sqlite

        def run() -> _State:
            cursor = connection.cursor()
            try:
                cursor.executemany(sql, parameters)
                return cursor.description, cursor.lastrowid, cursor.rowcount
            finally:
                cursor.close()

        await self.close()
        self.description, self.lastrowid, self.rowcount = await self._connection.run(run)
        return self

    async def fetchone(self) -> Any:
        if not self._rows:
            await self._fetch_more(FIRST_ROWS)
        return self._rows.popleft() if self._rows else None

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        size = size or self.arraysize
        while len(self._rows) < size and self._open is not None:
            await self._fetch_more(max(size, FIRST_ROWS))
        return [self._rows.popleft() for _ in range(min(size, len(self._rows)))]

    async def fetchall(self) -> list[Any]:
        rows = list(self._rows)
        self._rows.clear()
        cursor, self._open = self._open, None
        if cursor is not None:

            def rest() -> list[Any]:
                try:
                    return cursor.fetchall()
                finally:
                    cursor.close()

            rows.extend(await self._connection.run(rest))
        return rows

    async def close(self) -> None:
        self._rows.clear()
        cursor, self._open = self._open, None
        if cursor is not None:
            await self._connection.run(cursor.close)

    async def _fetch_more(self, size: int) -> None:
        cursor = self._open
        if cursor is None:
            return

        def more() -> list[Any]:
            rows = cursor.fetchmany(size)
            if len(rows) < size:
                cursor.close()
            return rows

        rows = await self._connection.run(more)
        if len(rows) < size:
            self._open = None
        self._rows.extend(rows)


class OneTripConnection(aiosqlite.Connection):
    """An aiosqlite connection whose cursors run a statement in one trip (see the module)."""

    @property
    def sqlite(self) -> sqlite3.Connection:
        return self._conn

    async def run(self, function: Any) -> Any:
        """`function()` on the connection's thread."""
        return await self._execute(function)

    async def cursor(self) -> OneTripCursor:  # type: ignore[override]
        return OneTripCursor(self)


def connect(database: str, **kwargs: Any) -> OneTripConnection:
    """As aiosqlite.connect, with OneTripConnection; its thread does not keep the process up."""
    connection = OneTripConnection(lambda: sqlite3.connect(database, **kwargs), 64)
    connection._thread.daemon = True
    return connection
