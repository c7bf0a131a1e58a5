"""Attempt limits for what attackers repeat: logins, sign-ups, reset mails, API keys.

Counts live in memory, in a moving window per key (the `limits` library). One process serves
the app, so memory is the right store; several processes would each count on their own.
"""

import functools
import math
import time

from fastapi import status
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from media_manager.core.errors import AppError


class TooManyAttempts(AppError):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS


@functools.cache
def parse_limit(value: str) -> RateLimitItem:
    """'10/minute', '5 per hour', ...; ValueError with the reason when it cannot be read."""
    try:
        return parse(value)
    except ValueError:
        raise ValueError(
            f"{value!r} is not a rate limit; write it like '10/minute' or '100 per hour'"
        ) from None


class AttemptLimiter:
    """Checks and counts attempts against limits, keyed by what is attempted and by whom."""

    def __init__(self) -> None:
        self._storage = MemoryStorage()
        self._limiter = MovingWindowRateLimiter(self._storage)

    def check(self, limit: RateLimitItem, what: str, key: str, message: str) -> None:
        """Refuse (429 with Retry-After) when `key` has used up `limit`; counts nothing."""
        if not self._limiter.test(limit, what, key):
            self._refuse(limit, what, key, message)

    def hit(self, limit: RateLimitItem, what: str, key: str, message: str) -> None:
        """Count one attempt; refuse it (429 with Retry-After) when the limit is used up."""
        if not self._limiter.hit(limit, what, key):
            self._refuse(limit, what, key, message)

    def count(self, limit: RateLimitItem, what: str, key: str) -> None:
        """Count one attempt that already happened (a failure), never refusing it."""
        self._limiter.hit(limit, what, key)

    def reset(self) -> None:
        self._storage.reset()

    def _refuse(self, limit: RateLimitItem, what: str, key: str, message: str) -> None:
        reset_at = self._limiter.get_window_stats(limit, what, key).reset_time
        retry_after = max(1, math.ceil(reset_at - time.time()))
        raise TooManyAttempts(
            f"{message}; try again in {retry_after} seconds",
            headers={"Retry-After": str(retry_after)},
        )
