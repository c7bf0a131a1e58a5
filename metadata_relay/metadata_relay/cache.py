import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

log = logging.getLogger(__name__)


class ResponseCache:
    """A bounded in-memory TTL cache for successful upstream answers.

    Least recently used entries are evicted first once `max_entries` is reached. Concurrent
    misses for the same key share one upstream call instead of each making their own.
    """

    def __init__(
        self,
        ttl_seconds: float,
        max_entries: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl_seconds = ttl_seconds
        self.max_entries = max_entries
        self._clock = clock
        self._entries: OrderedDict[str, tuple[float, Any]] = OrderedDict()
        self._in_flight: dict[str, asyncio.Task[Any]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: str) -> tuple[bool, Any]:
        """Return `(True, value)` for a fresh entry, `(False, None)` otherwise."""
        entry = self._entries.get(key)
        if entry is None:
            return False, None
        expires_at, value = entry
        if expires_at <= self._clock():
            del self._entries[key]
            return False, None
        self._entries.move_to_end(key)
        return True, value

    def put(self, key: str, value: Any) -> None:
        if self.ttl_seconds <= 0 or self.max_entries <= 0:
            return
        self._entries[key] = (self._clock() + self.ttl_seconds, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    async def get_or_fetch(
        self, key: str, fetch: Callable[[], Awaitable[Any]], *, fresh: bool = False
    ) -> tuple[Any, bool]:
        """Return `(value, hit)`, calling `fetch` only when no fresh entry or call exists.

        With `fresh`, always call `fetch` (the answer is still stored for the next caller).
        """
        if fresh:
            # A call already in flight may have started before the change the caller expects.
            return await self._fetch_and_store(key, fetch), False
        hit, value = self.get(key)
        if hit:
            return value, True
        task = self._in_flight.get(key)
        if task is None:
            task = asyncio.create_task(self._fetch_and_store(key, fetch))
            self._in_flight[key] = task
            task.add_done_callback(self._forget_in_flight(key))
        # Shielded so one client going away does not cancel the call others are waiting on.
        return await asyncio.shield(task), False

    async def _fetch_and_store(self, key: str, fetch: Callable[[], Awaitable[Any]]) -> Any:
        value = await fetch()
        self.put(key, value)
        return value

    def _forget_in_flight(self, key: str) -> Callable[[asyncio.Task[Any]], None]:
        def forget(task: asyncio.Task[Any]) -> None:
            if self._in_flight.get(key) is task:
                del self._in_flight[key]
            # Mark the error as seen even when every waiter was cancelled before it arrived.
            if not task.cancelled():
                task.exception()

        return forget
