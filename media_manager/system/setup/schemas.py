from typing import Literal

from media_manager.core.schemas import Schema

SetupItemId = Literal["metadata", "tv_library", "movie_library", "indexer", "download_client"]


class SetupItem(Schema):
    id: SetupItemId
    done: bool
    # What is there, or what to set up, in one sentence.
    message: str
    # The web app's settings page for it, e.g. "/settings/indexers".
    link: str
    # The API that manages it, e.g. "/api/v1/settings/indexers".
    api: str


class SetupStatus(Schema):
    # Every item done: the install can search for, add and download shows and movies.
    complete: bool
    items: list[SetupItem]
