"""Creating an administrator from the command line, for headless installs."""

import logging

from fastapi_users import exceptions as fu_exceptions
from pydantic import ValidationError

from media_manager.auth.repository import UserDatabase, UserRepository
from media_manager.auth.schemas import UserCreate
from media_manager.auth.secrets import resolve_token_secret
from media_manager.auth.service import UserManager
from media_manager.config import Settings
from media_manager.core.database import create_engine, create_sessionmaker

log = logging.getLogger(__name__)


async def create_admin(settings: Settings, email: str, password: str) -> None:
    """Create an active admin, or promote and re-activate the existing account with that email.

    Raises ValueError with a message for the user when the input is not acceptable.
    """
    try:
        body = UserCreate(email=email, password=password)
    except ValidationError as exc:
        raise ValueError(f"Invalid email address or password: {exc.errors()[0]['msg']}") from None
    engine = create_engine(settings.database_url)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            users = UserRepository(session)
            manager = UserManager(
                UserDatabase(session),
                users,
                settings,
                resolve_token_secret(settings),
            )
            try:
                user = await manager.create(body, safe=True)
            except fu_exceptions.UserAlreadyExists:
                user = await manager.get_by_email(email)
                log.info("%s exists already; making it an active administrator", email)
            except fu_exceptions.InvalidPasswordException as exc:
                raise ValueError(str(exc.reason)) from None
            await users.set_flags(user, is_active=True, is_superuser=True, is_verified=True)
    finally:
        await engine.dispose()
    log.info("%s is an active administrator", email)
