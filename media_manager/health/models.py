"""The problems the last health check found; each stays until a check no longer finds it."""

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from media_manager.core.database import Base, UtcDateTime


class HealthProblem(Base):
    __tablename__ = "health_problems"

    # Stable per problem and thing: "indexer:<name>", "library-free-space:<path>".
    id: Mapped[str] = mapped_column(String(300), primary_key=True)
    # "warning" or "error"
    severity: Mapped[str] = mapped_column(String(16))
    message: Mapped[str] = mapped_column(Text)
    since: Mapped[datetime] = mapped_column(UtcDateTime)
    checked_at: Mapped[datetime] = mapped_column(UtcDateTime)
