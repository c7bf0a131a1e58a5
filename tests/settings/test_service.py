"""The settings in effect: the file's, with what is stored merged over them."""

import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from media_manager.settings.models import SettingsEntry, SettingsValues
from media_manager.settings.service import load_effective_settings
from tests.conftest import make_settings


def entry(section: str, name: str, **data) -> SettingsEntry:
    now = datetime.now(UTC)
    return SettingsEntry(
        id=uuid.uuid4(),
        section=section,
        name=name,
        name_key=name.casefold(),
        data={"name": name, **data},
        created_at=now,
        updated_at=now,
    )


async def test_stored_settings_are_merged_at_start_up(
    session: AsyncSession, connection: AsyncConnection, tmp_path: Path, database_url: str
):
    file = make_settings(
        tmp_path,
        database_url,
        indexer={"torznab": [{"name": "filed", "url": "http://a"}]},
        auth={"open_registration": False},
    )
    session.add_all(
        [
            entry("indexers", "stored", url="http://b", api_key="k"),
            # The file now defines this name too: the file wins.
            entry("indexers", "FILED", url="http://c"),
            # No longer valid for its model: left out rather than stopping start-up.
            entry("indexers", "broken", url="http://d", priority=999),
            SettingsValues(
                section="general",
                data={"open_registration": True, "base_url": "https://mm.example"},
                updated_at=datetime.now(UTC),
            ),
        ]
    )
    await session.flush()
    sessions = async_sessionmaker(bind=connection, join_transaction_mode="create_savepoint")

    settings = await load_effective_settings(sessions, file)

    assert [(i.name, i.url) for i in settings.indexer.torznab] == [
        ("filed", "http://a"),
        ("stored", "http://b"),
    ]
    assert settings.indexer.torznab[1].api_key.get_secret_value() == "k"
    # open_registration is pinned by the file; base_url is not.
    assert settings.auth.open_registration is False
    assert settings.server.base_url == "https://mm.example"
    assert file.server.base_url == "http://localhost:8000"
