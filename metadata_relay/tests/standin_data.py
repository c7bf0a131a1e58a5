"""Payloads shaped like real TMDB v3 and TVDB v4 answers, trimmed to the fields that matter."""

from typing import Any

TMDB_SHOWS: dict[int, dict[str, Any]] = {
    1396: {
        "id": 1396,
        "name": "Breaking Bad",
        "original_name": "Breaking Bad",
        "original_language": "en",
        "overview": "A chemistry teacher diagnosed with cancer turns to crime.",
        "first_air_date": "2008-01-20",
        "last_air_date": "2013-09-29",
        "status": "Ended",
        "number_of_seasons": 2,
        "number_of_episodes": 9,
        "episode_run_time": [45, 47],
        "poster_path": "/ggFHVNu6YYI5L9pCfOacjizRGt.jpg",
        "backdrop_path": "/tsRy63Mu5cu8etL1X7ZLyf7UP1M.jpg",
        "genres": [{"id": 18, "name": "Drama"}, {"id": 80, "name": "Crime"}],
        "networks": [{"id": 174, "name": "AMC", "logo_path": "/pmvRmATOCaDykE6JrVoeYxlFHw3.png"}],
        "origin_country": ["US"],
        "popularity": 312.5,
        "vote_average": 8.9,
        "seasons": [
            {
                "id": 3572,
                "season_number": 0,
                "name": "Specials",
                "episode_count": 1,
                "air_date": "2009-02-17",
                "poster_path": None,
            },
            {
                "id": 3573,
                "season_number": 1,
                "name": "Season 1",
                "episode_count": 7,
                "air_date": "2008-01-20",
                "poster_path": "/1BP4xYv9ZG4ZVHkL7ocOziBbSYH.jpg",
            },
            {
                "id": 3574,
                "season_number": 2,
                "name": "Season 2",
                "episode_count": 2,
                "air_date": "2009-03-08",
                "poster_path": "/e3oGYpoTUhOFK0BJfloru5ZmGV.jpg",
            },
        ],
    },
    60059: {
        "id": 60059,
        "name": "Better Call Saul",
        "original_name": "Better Call Saul",
        "original_language": "en",
        "overview": "The trials and tribulations of a lawyer in Albuquerque.",
        "first_air_date": "2015-02-08",
        "status": "Ended",
        "number_of_seasons": 0,
        "episode_run_time": [],
        "poster_path": "/fC2HDm5t0kHl7mTm7jxMR31b7by.jpg",
        "genres": [{"id": 18, "name": "Drama"}],
        "networks": [{"id": 174, "name": "AMC", "logo_path": None}],
        "origin_country": ["US"],
        "popularity": 120.0,
        "vote_average": 8.7,
        "seasons": [],
    },
}

TMDB_SHOW_EXTERNAL_IDS = {
    1396: {
        "id": 1396,
        "imdb_id": "tt0903747",
        "tvdb_id": 81189,
        "tvrage_id": 18164,
        "wikidata_id": "Q1079",
        "facebook_id": None,
        "instagram_id": None,
        "twitter_id": None,
    },
    60059: {"id": 60059, "imdb_id": "tt3032476", "tvdb_id": 273181, "tvrage_id": None},
}

# TMDB lists alternative titles per country; "type" is free text and often empty.
TMDB_SHOW_ALTERNATIVE_TITLES = {
    1396: [
        {"iso_3166_1": "DE", "title": "Breaking Bad - Reine Chemie", "type": ""},
        {"iso_3166_1": "ES", "title": "Perdiendo el rumbo", "type": ""},
    ],
}

TMDB_EPISODE_TITLES = {
    1: ["Pilot", "Cat's in the Bag...", "...And the Bag's in the River", "Cancer Man",
        "Gray Matter", "Crazy Handful of Nothin'", "A No-Rough-Stuff-Type Deal"],
    2: ["Seven Thirty-Seven", "Grilled"],
}  # fmt: skip


def tmdb_season(tv_id: int, season_number: int) -> dict[str, Any] | None:
    titles = TMDB_EPISODE_TITLES.get(season_number) if tv_id == 1396 else None
    if titles is None:
        return None
    return {
        "_id": f"52542282760ee313280{season_number:05d}",
        "id": 3572 + season_number,
        "season_number": season_number,
        "name": f"Season {season_number}",
        "overview": "",
        "air_date": f"{2007 + season_number}-01-20",
        "poster_path": None,
        "episodes": [
            {
                "id": 62085 + number,
                "show_id": tv_id,
                "season_number": season_number,
                "episode_number": number,
                "episode_type": "standard",
                "name": title,
                "overview": f"Episode {number} of season {season_number}.",
                "air_date": f"{2007 + season_number}-{1 + number // 4:02d}-{1 + number * 3:02d}",
                "runtime": 47,
                "still_path": None,
                "vote_average": 8.0,
                "crew": [],
                "guest_stars": [],
            }
            for number, title in enumerate(titles, start=1)
        ],
    }


TMDB_MOVIES: dict[int, dict[str, Any]] = {
    550: {
        "id": 550,
        "imdb_id": "tt0137523",
        "title": "Fight Club",
        "original_title": "Fight Club",
        "original_language": "en",
        "overview": "An insomniac office worker and a soap salesman start an underground club.",
        "release_date": "1999-10-15",
        "runtime": 139,
        "status": "Released",
        "poster_path": "/pB8BM7pdSp6B6Ih7QZ4DrQ3PmJK.jpg",
        "genres": [{"id": 18, "name": "Drama"}],
        "popularity": 61.4,
        "vote_average": 8.4,
    },
    603: {
        "id": 603,
        "imdb_id": "tt0133093",
        "title": "The Matrix",
        "original_title": "The Matrix",
        "original_language": "en",
        "overview": "A hacker learns what the world really is.",
        "release_date": "1999-03-31",
        "runtime": 136,
        "status": "Released",
        "poster_path": "/f89U3ADr1oiB1s9GkdPOEpXUk5H.jpg",
        "genres": [{"id": 28, "name": "Action"}],
        "popularity": 80.2,
        "vote_average": 8.2,
    },
}

TMDB_MOVIE_EXTERNAL_IDS = {
    550: {"id": 550, "imdb_id": "tt0137523", "wikidata_id": "Q190050", "facebook_id": None},
    603: {"id": 603, "imdb_id": "tt0133093", "wikidata_id": "Q83495", "facebook_id": None},
}

TMDB_MOVIE_ALTERNATIVE_TITLES = {
    550: [
        {"iso_3166_1": "FR", "title": "Le Club de combat", "type": ""},
        {"iso_3166_1": "US", "title": "Fight Club (1999)", "type": "dated"},
    ],
}

TMDB_MOVIE_RELEASE_DATES = {
    550: {
        "results": [
            {
                "iso_3166_1": "US",
                "release_dates": [
                    {
                        "certification": "R",
                        "iso_639_1": "",
                        "note": "",
                        "release_date": "1999-10-15T00:00:00.000Z",
                        "type": 3,
                    }
                ],
            },
            {
                "iso_3166_1": "DE",
                "release_dates": [
                    {
                        "certification": "18",
                        "iso_639_1": "",
                        "note": "",
                        "release_date": "1999-11-11T00:00:00.000Z",
                        "type": 3,
                    }
                ],
            },
        ]
    },
    603: {"results": []},
}


def tmdb_show_summary(show: dict[str, Any]) -> dict[str, Any]:
    """A TV search or trending result, as TMDB lists it."""
    fields = ["id", "name", "original_name", "original_language", "overview", "first_air_date",
              "poster_path", "origin_country", "popularity", "vote_average"]  # fmt: skip
    return {"media_type": "tv", "genre_ids": [g["id"] for g in show["genres"]]} | {
        key: show.get(key) for key in fields
    }


def tmdb_movie_summary(movie: dict[str, Any]) -> dict[str, Any]:
    """A movie search or trending result, as TMDB lists it."""
    fields = ["id", "title", "original_title", "original_language", "overview", "release_date",
              "poster_path", "popularity", "vote_average"]  # fmt: skip
    return {"media_type": "movie", "genre_ids": [g["id"] for g in movie["genres"]]} | {
        key: movie.get(key) for key in fields
    }


TVDB_SERIES: dict[int, dict[str, Any]] = {
    81189: {
        "id": 81189,
        "name": "Breaking Bad",
        "slug": "breaking-bad",
        "image": "https://artworks.thetvdb.com/banners/posters/81189-10.jpg",
        "firstAired": "2008-01-20",
        "lastAired": "2013-09-29",
        "nextAired": "",
        "status": {"id": 2, "name": "Ended", "recordType": "series", "keepUpdated": False},
        "originalCountry": "usa",
        "originalLanguage": "eng",
        "averageRuntime": 47,
        "overview": "A chemistry teacher diagnosed with cancer turns to crime.",
        "year": "2008",
        "aliases": [
            {"language": "deu", "name": "Breaking Bad - Reine Chemie"},
            {"language": "spa", "name": "Perdiendo el rumbo"},
        ],
        "genres": [{"id": 11, "name": "Drama", "slug": "drama"}],
        "remoteIds": [
            {"id": "tt0903747", "type": 2, "sourceName": "IMDB"},
            {"id": "1396", "type": 12, "sourceName": "TheMovieDB.com"},
        ],
        "seasons": [
            {
                "id": 30272 + number,
                "seriesId": 81189,
                "type": {"id": 1, "name": "Aired Order", "type": "official"},
                "number": number,
            }
            for number in (0, 1, 2)
        ],
    }
}


def tvdb_episodes(series_id: int) -> list[dict[str, Any]]:
    if series_id != 81189:
        return []
    return [
        {
            "id": 349232 + season * 100 + number,
            "seriesId": series_id,
            "name": title,
            "aired": f"{2007 + season}-{1 + number // 4:02d}-{1 + number * 3:02d}",
            "runtime": 47,
            "overview": f"Episode {number} of season {season}.",
            "image": None,
            "isMovie": 0,
            "number": number,
            "seasonNumber": season,
            "absoluteNumber": (season - 1) * 7 + number,
        }
        for season, titles in TMDB_EPISODE_TITLES.items()
        for number, title in enumerate(titles, start=1)
    ]


TVDB_MOVIES: dict[int, dict[str, Any]] = {
    340: {
        "id": 340,
        "name": "Fight Club",
        "slug": "fight-club",
        "image": "https://artworks.thetvdb.com/banners/movies/340/posters/340.jpg",
        "runtime": 139,
        "year": "1999",
        "status": {"id": 5, "name": "Released", "recordType": "movie", "keepUpdated": True},
        "originalLanguage": "eng",
        "releases": [{"country": "usa", "date": "1999-10-15", "detail": None}],
        "first_release": {"country": "usa", "date": "1999-10-15", "detail": None},
        "remoteIds": [
            {"id": "tt0137523", "type": 2, "sourceName": "IMDB"},
            {"id": "550", "type": 12, "sourceName": "TheMovieDB.com"},
        ],
    }
}


def tvdb_search_results() -> list[dict[str, Any]]:
    series = TVDB_SERIES[81189]
    movie = TVDB_MOVIES[340]
    return [
        {
            "objectID": "series-81189",
            "id": "series-81189",
            "tvdb_id": "81189",
            "type": "series",
            "name": series["name"],
            "year": series["year"],
            "first_air_time": series["firstAired"],
            "overview": series["overview"],
            "image_url": series["image"],
            "primary_language": "eng",
            "status": "Ended",
            "remote_ids": [{"id": "tt0903747", "sourceName": "IMDB"}],
        },
        {
            "objectID": "movie-340",
            "id": "movie-340",
            "tvdb_id": "340",
            "type": "movie",
            "name": movie["name"],
            "year": movie["year"],
            "overview": "An insomniac office worker and a soap salesman start a club.",
            "image_url": movie["image"],
            "primary_language": "eng",
            "status": "Released",
            "remote_ids": [{"id": "tt0137523", "sourceName": "IMDB"}],
        },
    ]
