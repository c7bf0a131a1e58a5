"""Settings of imports: how files are placed, how they are named, what is kept aside."""

from typing import Literal

from pydantic import Field, field_validator

from media_manager.core.config import Section
from media_manager.importer import naming
from media_manager.importer.naming import TemplateError, check_template

Placement = Literal["hardlink", "copy", "move", "symlink"]

# Defaults that Jellyfin, Plex and Emby all read: the id tag lets them match without guessing.
DEFAULT_SHOW_FOLDER = "{title} ({year}) [tmdbid-{tmdb_id}]"
DEFAULT_SEASON_FOLDER = "Season {season:02}"
DEFAULT_EPISODE_FILE = (
    "{title} - S{season:02}E{episode:02} - {episode_title} [{quality}] [{version}]"
)
DEFAULT_MOVIE_FOLDER = "{title} ({year}) [tmdbid-{tmdb_id}]"
DEFAULT_MOVIE_FILE = "{title} ({year}) - {edition} [{quality}] [{version}]"


class ImportSettings(Section):
    # hardlink keeps seeding without using more space; copy, move and symlink are the others.
    placement: Placement = "hardlink"
    # When a hardlink is impossible (another filesystem): copy instead of blocking the import.
    copy_when_hardlink_fails: bool = False
    # A movie in another edition than the file(s) already there (Director's Cut, Extended, ...)
    # goes beside them as a second version; off: an upgrade replaces whatever edition is there.
    keep_editions: bool = True
    show_folder: str = Field(DEFAULT_SHOW_FOLDER, min_length=1, max_length=500)
    season_folder: str = Field(DEFAULT_SEASON_FOLDER, min_length=1, max_length=500)
    episode_file: str = Field(DEFAULT_EPISODE_FILE, min_length=1, max_length=500)
    movie_folder: str = Field(DEFAULT_MOVIE_FOLDER, min_length=1, max_length=500)
    movie_file: str = Field(DEFAULT_MOVIE_FILE, min_length=1, max_length=500)
    # Replaced files go to this folder inside their library root, emptied after recycle_days.
    recycle_folder: str = Field(".recycle", min_length=1, max_length=100)
    recycle_days: int = Field(7, ge=0, le=3650)
    # A video this small is a sample when a video of the download is ten times larger.
    sample_max_mb: int = Field(150, ge=0)
    # Space left free on a disk after a copy or an extraction.
    min_free_mb: int = Field(100, ge=0)

    @field_validator("recycle_folder")
    @classmethod
    def _one_folder(cls, value: str) -> str:
        # Hidden by default so media servers do not list replaced files; one name, no path.
        if value in (".", "..") or naming.sanitise(value) != value.lstrip("."):
            raise ValueError('give one folder name (no / \\ : * ? " < > | or control characters)')
        return value

    @field_validator("show_folder", "season_folder", "episode_file", "movie_folder", "movie_file")
    @classmethod
    def _template(cls, value: str) -> str:
        try:
            return check_template(value)
        except TemplateError as exc:
            raise ValueError(str(exc)) from None
