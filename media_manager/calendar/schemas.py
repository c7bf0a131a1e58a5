import uuid
from datetime import date
from typing import Annotated, Literal

from pydantic import Field

from media_manager.core.schemas import Schema


class CalendarEpisode(Schema):
    kind: Literal["episode"] = "episode"
    episode_id: uuid.UUID
    show_id: uuid.UUID
    show_name: str
    season_number: int
    episode_number: int
    title: str
    overview: str
    air_date: date
    has_file: bool


class CalendarMovie(Schema):
    kind: Literal["movie"] = "movie"
    movie_id: uuid.UUID
    title: str
    year: int | None
    overview: str
    release_date: date
    has_file: bool


CalendarItem = Annotated[CalendarEpisode | CalendarMovie, Field(discriminator="kind")]


class CalendarRead(Schema):
    start: date
    end: date
    # By date; on one day episodes (by show, season, number) before movies (by title).
    items: list[CalendarItem]
