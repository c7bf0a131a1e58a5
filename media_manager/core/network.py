"""Who is really calling, and over what, when reverse proxies stand in between.

A proxy tells us the client address in X-Forwarded-For and the original scheme in
X-Forwarded-Proto. Anybody can send those headers, so they are believed only when the
direct peer is one of the configured trusted proxies (`server.trusted_proxies`), and in
X-Forwarded-For only the hops appended by trusted proxies are believed.
"""

import ipaddress
from collections.abc import Sequence

from starlette.requests import Request

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

FORWARDED_FOR = "x-forwarded-for"
FORWARDED_PROTO = "x-forwarded-proto"


def parse_address(value: str) -> IPAddress | None:
    """An IP address from a header hop ("1.2.3.4", "1.2.3.4:5678", "[::1]:80"), else None."""
    value = value.strip()
    if value.startswith("["):
        value = value[1 : value.find("]")] if "]" in value else ""
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    # An IPv4 client seen through an IPv6 socket is still that IPv4 client.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def is_public_address(address: IPAddress) -> bool:
    """Whether `address` is on the public internet: not private, loopback, link-local (cloud
    metadata services), multicast, reserved or otherwise special-purpose."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def is_trusted(address: IPAddress | None, trusted: Sequence[IPNetwork]) -> bool:
    return address is not None and any(
        address.version == network.version and address in network for network in trusted
    )


def client_address(request: Request, trusted: Sequence[IPNetwork]) -> str | None:
    """The address of the client that made the request, seen through trusted proxies.

    X-Forwarded-For lists every hop, each proxy appending the address it received the request
    from. Reading from the right, the first hop that is not a trusted proxy is the client: hops
    further left were written by someone we do not trust, the client included, and may be lies.
    None when the server has no peer address (some test transports).
    """
    if request.client is None:
        return None
    peer = request.client.host
    if not is_trusted(parse_address(peer), trusted):
        return peer
    hops = [
        hop
        for header in request.headers.getlist(FORWARDED_FOR)
        for hop in header.split(",")
        if hop.strip()
    ]
    closest = peer
    for hop in reversed(hops):
        address = parse_address(hop)
        if address is None:
            # Garbage where an address should be: the last hop we could believe is the answer.
            return closest
        closest = str(address)
        if not is_trusted(address, trusted):
            return closest
    # Every hop is a trusted proxy: the left-most is as far as the chain goes.
    return closest


def request_is_https(request: Request, trusted: Sequence[IPNetwork]) -> bool:
    """Whether the client reached us over HTTPS, directly or through a trusted TLS proxy."""
    if request.url.scheme == "https":
        return True
    if request.client is None or not is_trusted(parse_address(request.client.host), trusted):
        return False
    proto = request.headers.get(FORWARDED_PROTO, "")
    # With several proxies, the left-most value is what the outermost one, facing the client,
    # received. A spoofed "https" only makes cookies stricter, never weaker.
    return proto.split(",", 1)[0].strip().lower() == "https"
