"""The metadata source's "test" action: one lookup per provider, described in plain words.

The settings API calls check_metadata_source() with the settings being edited, saved or not,
so the check builds its own connection from them (and closes it) instead of using the app's.
"""

from starlette.datastructures import State

from media_manager.core.checks import CheckResult
from media_manager.core.errors import AppError
from media_manager.metadata.config import MetadataSettings
from media_manager.metadata.exceptions import (
    MetadataKeyRejected,
    MetadataProviderNotConfigured,
)
from media_manager.metadata.relay import NO_SOURCE_MESSAGE, MetadataSource
from media_manager.metadata.schemas import MetadataProviderName
from media_manager.metadata.service import MetadataService

# Any word finds something on TMDB and TVDB; the answer's content does not matter.
CHECK_QUERY = "doctor"
PROVIDERS: tuple[MetadataProviderName, ...] = ("tmdb", "tvdb")


async def check_metadata_source(metadata: MetadataSettings, state: State) -> CheckResult:
    """One lookup against the configured source, described in plain words."""
    kind = metadata.source_kind
    if kind is None:
        return CheckResult.failed(NO_SOURCE_MESSAGE, source="none")
    details: dict[str, str | None] = {"source": kind}
    if kind == "relay":
        details["relay_url"] = metadata.relay_url
    working: list[str] = []
    without_key: list[str] = []
    problems: list[str] = []
    probe = MetadataSource()
    try:
        service = MetadataService(state.http_client, metadata, probe)
        for provider in PROVIDERS:
            try:
                await service.search_shows(provider, CHECK_QUERY)
            except MetadataProviderNotConfigured:
                details[provider] = "no API key"
                without_key.append(provider.upper())
            except MetadataKeyRejected as exc:
                details[provider] = "API key rejected"
                problems.append(exc.message)
            except AppError as exc:
                details[provider] = "failed"
                problems.append(exc.message)
            else:
                details[provider] = "ok"
                working.append(provider.upper())
    finally:
        await probe.aclose()
    where = "the built-in relay" if kind == "keys" else f"the relay at {metadata.relay_url}"
    if problems:
        # A relay that cannot be reached fails the same way for both providers: say it once.
        message = " ".join(dict.fromkeys(problems))
        if working:
            message = f"{' and '.join(working)} answered, but: {message}"
        return CheckResult.failed(message, **details)
    if not working:
        return CheckResult.failed(
            f"{where.capitalize()} has no TMDB or TVDB API key: set TMDB_API_KEY or "
            "TVDB_API_KEY on the relay, or put the keys in these settings instead",
            **details,
        )
    message = f"{' and '.join(working)} answered through {where}."
    if without_key:
        setting = (
            " and ".join(f"metadata.{name.lower()}_api_key" for name in without_key)
            if kind == "keys"
            else " and ".join(f"{name}_API_KEY on the relay" for name in without_key)
        )
        message += f" {' and '.join(without_key)} has no API key ({setting})."
    return CheckResult.passed(message, **details)
