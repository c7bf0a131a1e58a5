from datetime import datetime
from typing import Literal

from media_manager.core.schemas import Schema

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]


class LogRecordRead(Schema):
    time: datetime
    level: str
    logger: str
    # Secret-looking URL parameters are replaced by *** (core.logging.redact).
    message: str
