import argparse
import logging

import uvicorn
from pydantic import ValidationError

from metadata_relay.main import create_app


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `metadata-relay` console script."""
    parser = argparse.ArgumentParser(
        prog="metadata-relay",
        description="Serve TMDB and TVDB lookups for MediaManager with the relay's API keys "
        "(configured through TMDB_API_KEY, TVDB_API_KEY and friends).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8001, help="port to listen on")
    parser.add_argument(
        "--log-level",
        default="info",
        choices=["critical", "error", "warning", "info", "debug"],
    )
    args = parser.parse_args(argv)

    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        app = create_app()
    except ValidationError as exc:
        parser.exit(2, f"metadata-relay: invalid setting in the environment:\n{exc}\n")
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level)


if __name__ == "__main__":
    main()
