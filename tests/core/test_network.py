from ipaddress import ip_network

import pytest
from starlette.requests import Request

from media_manager.core.network import client_address, request_is_https

PROXIES = [ip_network("10.0.0.0/8"), ip_network("fd00::/8")]


def request(peer: str | None, scheme: str = "http", **headers: str | list[str]) -> Request:
    raw = []
    for name, values in headers.items():
        for value in [values] if isinstance(values, str) else values:
            raw.append((name.replace("_", "-").encode(), value.encode()))
    scope = {
        "type": "http",
        "method": "GET",
        "scheme": scheme,
        "path": "/",
        "query_string": b"",
        "headers": raw,
        "server": ("mm.example", 80),
        "client": None if peer is None else (peer, 40000),
    }
    return Request(scope)


def test_untrusted_peer_is_the_client_whatever_it_claims():
    assert client_address(request("203.0.113.7", x_forwarded_for="1.1.1.1"), PROXIES) == (
        "203.0.113.7"
    )


def test_trusted_proxy_names_the_client():
    assert client_address(request("10.0.0.2", x_forwarded_for="203.0.113.7"), PROXIES) == (
        "203.0.113.7"
    )


def test_right_most_untrusted_hop_wins_over_what_the_client_wrote():
    # The client sent "X-Forwarded-For: 1.1.1.1"; the proxy appended the real address.
    forwarded = request("10.0.0.2", x_forwarded_for="1.1.1.1, 203.0.113.7")

    assert client_address(forwarded, PROXIES) == "203.0.113.7"


def test_chain_of_trusted_proxies_is_walked():
    chain = request("10.0.0.2", x_forwarded_for="198.51.100.4, 203.0.113.7, 10.1.1.1, 10.0.0.9")

    assert client_address(chain, PROXIES) == "203.0.113.7"


def test_several_forwarded_for_headers_are_one_list():
    split = request("10.0.0.2", x_forwarded_for=["1.1.1.1", "203.0.113.7, 10.0.0.3"])

    assert client_address(split, PROXIES) == "203.0.113.7"


def test_all_hops_trusted_gives_the_left_most():
    assert client_address(request("10.0.0.2", x_forwarded_for="10.9.9.9, 10.0.0.3"), PROXIES) == (
        "10.9.9.9"
    )


def test_trusted_proxy_without_header_is_the_client():
    assert client_address(request("10.0.0.2"), PROXIES) == "10.0.0.2"


def test_garbage_hop_stops_at_the_last_believable_one():
    spoof = request("10.0.0.2", x_forwarded_for="203.0.113.7, not-an-ip, 10.0.0.3")

    assert client_address(spoof, PROXIES) == "10.0.0.3"


@pytest.mark.parametrize(
    ("hop", "expected"),
    [
        ("203.0.113.7:5555", "203.0.113.7"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("2001:db8::1", "2001:db8::1"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
    ],
)
def test_hops_with_ports_and_mapped_addresses(hop: str, expected: str):
    assert client_address(request("10.0.0.2", x_forwarded_for=hop), PROXIES) == expected


def test_ipv6_proxy_is_trusted_by_network():
    assert client_address(request("fd00::5", x_forwarded_for="203.0.113.7"), PROXIES) == (
        "203.0.113.7"
    )


def test_no_trusted_proxies_means_headers_are_ignored():
    assert client_address(request("127.0.0.1", x_forwarded_for="203.0.113.7"), []) == "127.0.0.1"


def test_no_peer_gives_none():
    assert client_address(request(None), PROXIES) is None


def test_https_directly():
    assert request_is_https(request("203.0.113.7", scheme="https"), []) is True


def test_https_through_a_trusted_proxy():
    assert request_is_https(request("10.0.0.2", x_forwarded_proto="https"), PROXIES) is True
    assert request_is_https(request("10.0.0.2", x_forwarded_proto="HTTPS, http"), PROXIES) is True


def test_forwarded_proto_of_an_untrusted_peer_is_ignored():
    assert request_is_https(request("203.0.113.7", x_forwarded_proto="https"), PROXIES) is False


def test_plain_http_through_a_trusted_proxy():
    assert request_is_https(request("10.0.0.2", x_forwarded_proto="http"), PROXIES) is False
    assert request_is_https(request("10.0.0.2"), PROXIES) is False
