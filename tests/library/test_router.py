import os
from pathlib import Path

import pytest
from httpx import AsyncClient

from media_manager.config import ConfigError, Settings, load_settings
from tests.conftest import make_settings


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    library = {
        "tv": [{"name": "anime", "path": str(tmp_path / "anime")}],
        "movies": [{"name": "kids", "path": str(tmp_path / "kids")}],
    }
    return make_settings(tmp_path / "data", database_url, library=library)


async def test_libraries_are_the_default_ones_and_the_configured_ones(
    client: AsyncClient, user_headers: dict, settings: Settings, tmp_path: Path
):
    response = await client.get("/api/v1/libraries", headers=user_headers)

    assert response.status_code == 200
    assert response.json() == {
        "tv": [
            {"name": "default", "path": str(settings.paths.tv)},
            {"name": "anime", "path": str(tmp_path / "anime")},
        ],
        "movies": [
            {"name": "default", "path": str(settings.paths.movies)},
            {"name": "kids", "path": str(tmp_path / "kids")},
        ],
    }


@pytest.mark.parametrize(
    ("entries", "problem"),
    [
        ('[[library.tv]]\nname = "default"\npath = "/x"\n', "taken by paths.tv"),
        (
            '[[library.movies]]\nname = "a"\npath = "/x"\n[[library.movies]]\nname = "a"\n'
            'path = "/y"\n',
            "names used twice: a",
        ),
    ],
)
def test_library_names_must_be_unique(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entries: str, problem: str
):
    for name in [name for name in os.environ if name.startswith("MEDIAMANAGER_")]:
        monkeypatch.delenv(name)
    config = tmp_path / "config.toml"
    config.write_text(entries)
    monkeypatch.setenv("MEDIAMANAGER_CONFIG_FILE", str(config))

    with pytest.raises(ConfigError, match=problem):
        load_settings()
