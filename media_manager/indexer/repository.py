"""Every query of the stored indexer failures."""

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from media_manager.core.repository import Repository
from media_manager.indexer.models import IndexerFailure

# (failures, last error, failed at) of an indexer; None: it answers again.
FailureRecord = tuple[int, str | None, datetime | None]


class IndexerFailureRepository(Repository[IndexerFailure]):
    async def all(self) -> list[IndexerFailure]:
        return list((await self.session.execute(select(IndexerFailure))).scalars())

    async def save(self, records: Mapping[str, FailureRecord | None]) -> None:
        """Store each indexer's record, or forget it when None.

        An upsert, so two jobs saving the same indexer at once both succeed.
        """
        gone = [name for name, record in records.items() if record is None]
        if gone:
            await self.session.execute(delete(IndexerFailure).where(IndexerFailure.name.in_(gone)))
        rows = [
            {"name": name, "failures": r[0], "last_error": r[1], "failed_at": r[2]}
            for name, r in records.items()
            if r is not None
        ]
        if not rows:
            return
        dialect = self.session.get_bind().dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        statement = insert(IndexerFailure).values(rows)
        statement = statement.on_conflict_do_update(
            index_elements=[IndexerFailure.name],
            set_={
                column: statement.excluded[column]
                for column in ("failures", "last_error", "failed_at")
            },
        )
        await self.session.execute(statement)
