from typing import Literal

from media_manager.core.schemas import Schema


class Health(Schema):
    status: Literal["ok", "degraded"]
    version: str
    database: Literal["ok", "unreachable"]
