"""What every repository does the same way: add, flush and delete in the request's session."""

from typing import Generic, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.core.database import Base
from media_manager.core.errors import AppError

M = TypeVar("M", bound=Base)


class Repository(Generic[M]):
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, item: M, conflict: AppError) -> None:
        """Insert `item`; a unique constraint it violates becomes `conflict`."""
        self.session.add(item)
        await self.flush(conflict)

    async def flush(self, conflict: AppError | None = None) -> None:
        # Checks in services cannot see a concurrent request's uncommitted insert; the unique
        # constraint decides, and its violation becomes the domain's conflict error.
        try:
            await self.session.flush()
        except IntegrityError:
            if conflict is None:
                raise
            raise conflict from None

    async def delete(self, item: M) -> None:
        await self.session.delete(item)
        await self.session.flush()
