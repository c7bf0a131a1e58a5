"""Where metadata comes from: a relay URL, or TMDB/TVDB keys served by the relay's code in-process.

CONTRACT (being implemented; replaced before it lands): the settings API's "test" action for
the metadata section calls check_metadata_source().
"""

from starlette.datastructures import State

from media_manager.core.checks import CheckResult
from media_manager.metadata.config import MetadataSettings


async def check_metadata_source(metadata: MetadataSettings, state: State) -> CheckResult:
    """One lookup against the configured source, described in plain words."""
    raise NotImplementedError("the metadata source check is being implemented")
