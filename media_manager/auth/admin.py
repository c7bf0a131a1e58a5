"""Creating an administrator from the command line, for headless installs."""

import logging

from fastapi_users import exceptions as fu_exceptions
from pydantic import EmailStr, TypeAdapter, ValidationError

from media_manager.auth.repository import UserDatabase, UserRepository
from media_manager.auth.schemas import UserCreate
from media_manager.auth.secrets import resolve_token_secret
from media_manager.auth.service import UserManager
from media_manager.config import Settings
from media_manager.core.database import create_engine, create_sessionmaker

log = logging.getLogger(__name__)


async def create_admin(settings: Settings, email: str, password: str | None) -> None:
    """Create an active admin, or promote and re-activate the existing account with that email.

    An existing account gets `password` as its new password when one is given and keeps its
    own otherwise; a new account needs one. What was done is logged. Raises ValueError with a
    message for the user when the input is not acceptable.
    """
    try:
        TypeAdapter(EmailStr).validate_python(email)
    except ValidationError as exc:
        raise ValueError(f"Invalid email address: {exc.errors()[0]['msg']}") from None
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
                user = await manager.get_by_email(email)
            except fu_exceptions.UserNotExists:
                user = None
            try:
                if user is None:
                    if not password:
                        raise ValueError(f"{email} is a new account: it needs a password")
                    body = UserCreate(email=email, password=password)
                    user = await manager.create(body, safe=True)
                    done = "created it"
                elif password:
                    await manager.validate_password(password, user)
                    user.hashed_password = await manager.hash_password(password)
                    done = "it existed already; set the new password"
                else:
                    done = "it existed already; its password is unchanged"
            except fu_exceptions.InvalidPasswordException as exc:
                raise ValueError(str(exc.reason)) from None
            was_admin = user.is_superuser and user.is_active
            await users.set_flags(user, is_active=True, is_superuser=True, is_verified=True)
    finally:
        await engine.dispose()
    if was_admin and done.startswith("it existed"):
        done = done.replace("it existed already", "it was an active administrator already")
    log.info("%s is an active administrator (%s)", email, done)
