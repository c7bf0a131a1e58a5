"""The client registry across settings changes."""

from starlette.datastructures import State

from media_manager.core.jobs import JobContext, TaskRunner
from media_manager.downloads.dependencies import replace_download_clients
from media_manager.downloads.registry import DownloadClients
from tests.downloads.memory_client import InMemoryTestClient


async def test_a_settings_change_closes_the_previous_integrations_and_keeps_outages(settings):
    state = State()
    state.task_runner = TaskRunner(JobContext(state))
    state.download_clients = DownloadClients(settings.downloads, InMemoryTestClient)
    old = state.download_clients.get("qbit")
    state.download_clients.mark_down("qbit", "refused")

    replace_download_clients(state, settings)
    await state.task_runner.drain()

    assert isinstance(old, InMemoryTestClient) and old.closed
    assert state.download_clients.is_down("qbit")
    assert state.download_clients.settings_of("qbit") is not None
