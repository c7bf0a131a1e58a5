"""Settings of the libraries beyond the default ones (paths.tv and paths.movies)."""

from pathlib import Path

from pydantic import Field, field_validator, model_validator

from media_manager.core.config import Section

DEFAULT_LIBRARY = "default"


class LibraryEntry(Section):
    name: str = Field(min_length=1, max_length=100)
    path: Path
    # The download client that grabs for this library (by name); None: any client, by priority.
    download_client: str | None = Field(None, min_length=1, max_length=100)

    @field_validator("path")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.expanduser().absolute()


class LibrarySettings(Section):
    # Extra libraries, each `{ name = "...", path = "..." }`. The library named "default" is
    # always there and is paths.tv (or paths.movies).
    tv: list[LibraryEntry] = []
    movies: list[LibraryEntry] = []

    @model_validator(mode="after")
    def _unique_names(self) -> "LibrarySettings":
        for kind, entries in (("tv", self.tv), ("movies", self.movies)):
            names = [entry.name for entry in entries]
            if DEFAULT_LIBRARY in names:
                raise ValueError(
                    f'library.{kind}: the name "{DEFAULT_LIBRARY}" is taken by paths.{kind}; '
                    "choose another name"
                )
            duplicates = sorted({name for name in names if names.count(name) > 1})
            if duplicates:
                raise ValueError(f"library.{kind}: names used twice: {', '.join(duplicates)}")
        return self
