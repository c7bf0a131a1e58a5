"""The internet services of the browser tests, as local stand-ins (run by global-setup.ts).

A Torznab indexer with releases of the seeded show "Needle in a Haystack" (one of them for the
wrong season, so that a search shows a rejection reason) and TMDB with one show to add and one
whose folder the existing-library import finds (library-import.spec.ts). Also starts a real
qBittorrent (qbittorrent-nox on loopback, as the Python tests do) that show.spec.ts adds as a
download client and grabs a release into. Prints their addresses as one JSON line, then serves
until stdin closes (the test run ends).
"""

import json
import sys
import tempfile
from contextlib import ExitStack
from datetime import date, timedelta
from pathlib import Path

from tests.support.http_server import serve_in_thread
from tests.support.tmdb import TmdbStandIn
from tests.support.torrent_clients import PASSWORD, USERNAME, start_qbittorrent
from tests.support.torznab import TorznabServer, season_pack

TMDB_SHOW_ID = 424242
# The show in a library folder tagged [tmdbid-515151] (library-import.spec.ts).
TMDB_SHELF_SHOW_ID = 515151


def main() -> None:
    torznab = TorznabServer()
    torznab.add(
        "Local",
        # Only text searches: the seeded show's ids are made up. Answers every season, like
        # indexers that ignore the season parameter.
        tv_params="q,season,ep",
        numbering_match=False,
        releases=[
            season_pack("Needle in a Haystack", 1, "GRP", seeders=42),
            season_pack("Needle in a Haystack", 2, "GRP", seeders=7),
        ],
    )
    tmdb = TmdbStandIn()
    past = date(2015, 1, 5)
    tmdb.add_show(
        TMDB_SHOW_ID,
        "Stand-in Chronicles",
        {1: [past, past + timedelta(days=7)], 2: [past + timedelta(days=365)]},
        tvdb_id=777001,
    )
    tmdb.add_show(
        TMDB_SHELF_SHOW_ID, "Shelf Archive", {1: [past, past + timedelta(days=7)]}, 777002
    )
    with ExitStack() as stack:
        torznab.base_url = stack.enter_context(serve_in_thread(torznab.app()))
        tmdb.base_url = stack.enter_context(serve_in_thread(tmdb.app()))
        root = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="mm-e2e-qbt-")))
        qbittorrent = start_qbittorrent(root)
        stack.callback(qbittorrent.stop)
        urls = {
            "indexer_url": torznab.url("Local"),
            "tmdb_url": f"{tmdb.base_url}/3",
            "qbittorrent": {"url": qbittorrent.url, "username": USERNAME, "password": PASSWORD},
        }
        sys.stdout.write(json.dumps(urls) + "\n")
        sys.stdout.flush()
        sys.stdin.read()  # until the test run closes the pipe


if __name__ == "__main__":
    main()
