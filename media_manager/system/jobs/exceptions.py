"""The errors of the job API come from the runner: core.scheduler.UnknownJob (404) and
JobAlreadyRunning (409); they are re-exported here so that routes and tests find them."""

from media_manager.core.scheduler import JobAlreadyRunning, UnknownJob

__all__ = ["JobAlreadyRunning", "UnknownJob"]
