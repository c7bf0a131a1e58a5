import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.core.jobs import JobContext
from media_manager.movies.models import Movie
from media_manager.movies.tasks import refresh_movies
from tests.images.host import IMAGE_HOSTS, FakeImageHost
from tests.metadata.relay import PAST, FakeRelay
from tests.movies.factories import create_movie


async def test_due_movies_are_refreshed_and_a_failing_one_is_logged(
    app,
    relay: FakeRelay,
    image_host: FakeImageHost,
    session: AsyncSession,
    caplog: pytest.LogCaptureFixture,
):
    app.state.settings.metadata.image_hosts = IMAGE_HOSTS  # the stand-in, no DNS
    ages = {"Heat": 8, "Alien": 9, "Ronin": 1}
    movies = {}
    for title, days in ages.items():
        movie = await create_movie(session, title=title)
        refreshed = datetime.now(UTC) - timedelta(days=days)
        await session.execute(
            update(Movie).where(Movie.id == movie.id).values(last_refreshed_at=refreshed)
        )
        relay.add_tmdb_movie(movie.external_id, f"{title} (new)", PAST)
        movies[title] = movie
    await session.commit()
    relay.fail(f"/tmdb/movie/{movies['Alien'].external_id}", "down")
    image_host.serve(f"/t/p/w500/movie{movies['Heat'].external_id}.jpg")

    with caplog.at_level(logging.WARNING, logger="media_manager.movies.tasks"):
        await refresh_movies(JobContext(app.state))

    # The relay must not answer a refresh from its cache.
    assert relay.requests and relay.cache_control() == {"no-cache"}

    titles = {}
    for title, movie in movies.items():
        await session.refresh(movie)
        titles[title] = (movie.title, movie.has_poster)
    assert titles == {
        "Heat": ("Heat (new)", True),
        "Alien": ("Alien", False),
        "Ronin": ("Ronin", False),
    }
    assert 'Refreshing the movie "Alien" failed' in caplog.text
