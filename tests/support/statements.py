"""Counting the SQL statements a request sends (the tests' connection is the app's)."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncConnection


@contextmanager
def counted_statements(connection: AsyncConnection) -> Iterator[list[str]]:
    """The statements sent on `connection` inside the block, in order."""
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(connection.sync_connection, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(connection.sync_connection, "before_cursor_execute", count)
