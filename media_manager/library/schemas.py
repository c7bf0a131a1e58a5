from pathlib import Path

from media_manager.core.schemas import Schema


class LibraryRead(Schema):
    name: str
    path: Path


class Libraries(Schema):
    tv: list[LibraryRead]
    movies: list[LibraryRead]
