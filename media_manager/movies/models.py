import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from media_manager.core.database import Base, UtcDateTime
from media_manager.metadata.schemas import MetadataProviderName


class Movie(Base):
    __tablename__ = "movies"
    __table_args__ = (UniqueConstraint("metadata_provider", "external_id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    metadata_provider: Mapped[MetadataProviderName] = mapped_column(String(16))
    # Providers' ids: 64-bit, as nothing promises they stay below 2**31.
    external_id: Mapped[int] = mapped_column(BigInteger)
    tmdb_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    tvdb_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    imdb_id: Mapped[str | None] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(512), index=True)
    overview: Mapped[str] = mapped_column(Text, default="")
    year: Mapped[int | None] = mapped_column(Integer)
    release_date: Mapped[date | None] = mapped_column(Date)
    runtime: Mapped[int | None] = mapped_column(Integer)
    # The provider's own word, lower-cased: "released", "in production", "planned", ...
    status: Mapped[str | None] = mapped_column(String(32))
    genres: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # Other names from the provider; release names often use one of them instead.
    alternate_titles: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    original_language: Mapped[str | None] = mapped_column(String(16))
    poster_url: Mapped[str | None] = mapped_column(String(1024))
    # The poster_url the stored poster images were made from; None until one is downloaded.
    poster_source_url: Mapped[str | None] = mapped_column(String(1024))
    library: Mapped[str] = mapped_column(String(100))
    quality_profile: Mapped[str] = mapped_column(String(100))
    monitored: Mapped[bool] = mapped_column(Boolean)
    # Set by imports (a later slice) once the movie's file is in the library.
    has_file: Mapped[bool] = mapped_column(Boolean, default=False)
    added_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_refreshed_at: Mapped[datetime] = mapped_column(UtcDateTime)

    @property
    def has_poster(self) -> bool:
        return self.poster_source_url is not None

    @property
    def needs_poster(self) -> bool:
        """The provider has a poster that is not stored yet (new, changed or failed before)."""
        return self.poster_url is not None and self.poster_url != self.poster_source_url


# The list's sort orders, with the id that ends its ORDER BY, and the calendar's date. The title
# search index is not a model: see media_manager/library/search_index.py.
Index("ix_movies_sort_title", func.lower(Movie.title), Movie.id)
Index("ix_movies_sort_added", Movie.added_at, Movie.id)
# NULL years last in both orders (see _ordering in the repository).
Index("ix_movies_sort_year", Movie.year.is_(None), Movie.year, Movie.id)
Index("ix_movies_sort_year_desc", Movie.year.is_(None), -Movie.year, Movie.id)
# The "with file" filter: its count reads this index alone, its pages follow it by title.
Index("ix_movies_has_file_title", Movie.has_file, func.lower(Movie.title), Movie.id)
Index("ix_movies_release_date", Movie.release_date)
