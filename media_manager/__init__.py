"""MediaManager: one self-hosted app for TV shows and movies."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("mediamanager")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
