"""What is on the calendar, as JSON and as an iCalendar (RFC 5545) feed."""

import heapq
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.calendar.exceptions import InvalidDateRange
from media_manager.calendar.schemas import (
    CalendarEpisode,
    CalendarItem,
    CalendarMovie,
    CalendarRead,
)
from media_manager.movies.repository import MovieRepository
from media_manager.tv.repository import EpisodeRepository

if TYPE_CHECKING:
    import icalendar

# A year (leap years included): enough for any calendar view, small enough to answer quickly.
MAX_RANGE_DAYS = 366
DEFAULT_RANGE = timedelta(days=30)
# Air and release dates worth asking about; far-off dates would overflow date arithmetic.
EARLIEST = date(1800, 1, 1)
LATEST = date(2999, 12, 31)
# The subscribed feed: recent history and the year ahead.
FEED_PAST = timedelta(days=30)
FEED_FUTURE = timedelta(days=365)
PRODID = "-//MediaManager//Calendar//EN"
UID_DOMAIN = "mediamanager"


def _item_date(item: CalendarItem) -> date:
    return item.air_date if isinstance(item, CalendarEpisode) else item.release_date


class CalendarService:
    def __init__(self, session: AsyncSession) -> None:
        self.episodes = EpisodeRepository(session)
        self.movies = MovieRepository(session)

    async def calendar(self, start: date | None, end: date | None) -> CalendarRead:
        """Monitored episodes airing and movies releasing from `start` to `end`, by date."""
        for name, day in (("start", start), ("end", end)):
            if day is not None and not EARLIEST <= day <= LATEST:
                raise InvalidDateRange(f"{name} ({day}) must be between {EARLIEST} and {LATEST}")
        start = start or datetime.now(UTC).date()
        end = end or start + DEFAULT_RANGE
        if end < start:
            raise InvalidDateRange(f"end ({end}) is before start ({start})")
        if (end - start).days > MAX_RANGE_DAYS:
            raise InvalidDateRange(
                f"start and end are {(end - start).days} days apart; at most {MAX_RANGE_DAYS} "
                "are allowed, ask for the rest separately"
            )
        return CalendarRead(start=start, end=end, items=await self._items(start, end))

    async def feed(self) -> bytes:
        """The calendar of the last 30 days and the next year as an iCalendar file."""
        today = datetime.now(UTC).date()
        items = await self._items(today - FEED_PAST, today + FEED_FUTURE)
        stamp = datetime.now(UTC)
        # Imported on first use: its 80 modules stay out of a server whose feed is never read.
        import icalendar

        calendar = icalendar.Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("x-wr-calname", "MediaManager")
        for item in items:
            calendar.add_component(_event(item, stamp))
        return calendar.to_ical()

    async def _items(self, start: date, end: date) -> list[CalendarItem]:
        # Each list comes sorted from the database; merging keeps that order.
        episodes: list[CalendarItem] = [
            CalendarEpisode.model_validate(row) for row in await self.episodes.airing(start, end)
        ]
        movies: list[CalendarItem] = [
            CalendarMovie(
                movie_id=movie.id,
                title=movie.title,
                year=movie.year,
                overview=movie.overview,
                release_date=movie.release_date,
                has_file=movie.has_file,
            )
            for movie in await self.movies.releasing(start, end)
            if movie.release_date is not None
        ]
        return list(heapq.merge(episodes, movies, key=_item_date))


def _event(item: CalendarItem, stamp: datetime) -> "icalendar.Event":
    import icalendar

    event = icalendar.Event()
    day = _item_date(item)
    if isinstance(item, CalendarEpisode):
        uid = f"episode-{item.episode_id}@{UID_DOMAIN}"
        summary = (
            f"{item.show_name} - S{item.season_number:02d}E{item.episode_number:02d} - {item.title}"
        )
    else:
        uid = f"movie-{item.movie_id}@{UID_DOMAIN}"
        summary = f"{item.title} ({item.year})" if item.year else item.title
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    # All-day events: DTSTART is the day, DTEND the (exclusive) day after.
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    if item.overview:
        event.add("description", item.overview)
    event.add("transp", "TRANSPARENT")
    return event
