"""Child process of test_sigkill.py: imports one download, to be killed half-way."""

import asyncio
import json
import sys
import uuid

from media_manager.config import Settings
from media_manager.core.database import create_engine, create_sessionmaker
from media_manager.importer.service import ImportService


async def main(settings_json: str, download_id: str) -> None:
    settings = Settings.model_validate_json(settings_json)
    engine = create_engine(settings.database_url)
    async with create_sessionmaker(engine)() as session:
        await ImportService(session, settings).import_download(uuid.UUID(download_id))
    await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
    print(json.dumps({"finished": True}))
