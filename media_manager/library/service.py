"""The configured libraries, the default one first."""

from typing import Literal

from media_manager.config import Settings
from media_manager.library.config import DEFAULT_LIBRARY
from media_manager.library.exceptions import UnknownLibrary
from media_manager.library.schemas import Libraries, LibraryRead

LibraryKind = Literal["tv", "movies"]
_LABELS = {"tv": "TV", "movies": "movie"}


def libraries(settings: Settings, kind: LibraryKind) -> list[LibraryRead]:
    default = settings.paths.tv if kind == "tv" else settings.paths.movies
    assert default is not None  # filled in by Settings
    entries = settings.library.tv if kind == "tv" else settings.library.movies
    return [LibraryRead(name=DEFAULT_LIBRARY, path=default)] + [
        LibraryRead(name=entry.name, path=entry.path) for entry in entries
    ]


def all_libraries(settings: Settings) -> Libraries:
    """Every TV and movie library."""
    return Libraries(tv=libraries(settings, "tv"), movies=libraries(settings, "movies"))


def check_library(settings: Settings, kind: LibraryKind, name: str) -> str:
    """`name` if it is a configured library of this kind, else UnknownLibrary."""
    names = [library.name for library in libraries(settings, kind)]
    if name not in names:
        raise UnknownLibrary(
            f'There is no {_LABELS[kind]} library named "{name}"; '
            f"configured: {', '.join(names)} (see [[library.{kind}]] in the config)"
        )
    return name
