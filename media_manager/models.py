"""Every domain's models, imported in one place so the metadata is complete for Alembic."""

from media_manager.auth import models as auth_models  # noqa: F401
from media_manager.automation import models as automation_models  # noqa: F401
from media_manager.core.database import Base
from media_manager.downloads import models as download_models  # noqa: F401
from media_manager.health import models as health_models  # noqa: F401
from media_manager.importer import models as import_models  # noqa: F401
from media_manager.indexer import models as indexer_models  # noqa: F401
from media_manager.movies import models as movie_models  # noqa: F401
from media_manager.notifications import models as notification_models  # noqa: F401
from media_manager.profiles import models as profile_models  # noqa: F401
from media_manager.search import models as search_models  # noqa: F401
from media_manager.settings import models as settings_models  # noqa: F401
from media_manager.system.jobs import models as job_models  # noqa: F401
from media_manager.tv import models as tv_models  # noqa: F401

__all__ = ["Base"]
