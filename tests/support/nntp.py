"""A small NNTP server (RFC 3977 reader subset) that serves yEnc articles to real usenet clients.

Enough for SABnzbd and NZBGet: greeting, CAPABILITIES, MODE READER, AUTHINFO USER/PASS, GROUP,
ARTICLE/BODY/HEAD/STAT by message id, DATE, QUIT, with dot-stuffing. Articles that were never
published answer 430, so a test NZB can name missing articles and see the client fail the job.
"""

import socketserver
import threading
import time
from collections.abc import Iterable
from datetime import UTC, datetime

from tests.support.http_server import free_port
from tests.support.nzb import GROUP, PostedFile

# How long an article request waits while the server is held (see hold()).
HOLD_TIMEOUT_SECONDS = 60


def _dot_stuff(body: bytes) -> bytes:
    lines = body.split(b"\r\n")
    return b"\r\n".join(b"." + line if line.startswith(b".") else line for line in lines)


class _Handler(socketserver.StreamRequestHandler):
    server: "_TCPServer"

    def handle(self) -> None:
        news = self.server.news
        authed = news.username is None
        user: str | None = None
        self._send("200 MediaManager test news server ready (posting prohibited)")
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            line = raw.decode("utf-8", "replace").strip()
            if not line:
                continue
            verb, _, arg = line.partition(" ")
            verb = verb.upper()
            arg = arg.strip()
            news.commands.append(verb if verb != "AUTHINFO" else "AUTHINFO")
            if verb == "QUIT":
                self._send("205 bye")
                return
            if verb == "CAPABILITIES":
                caps = ["VERSION 2", "READER", "AUTHINFO USER" if not authed else "", "."]
                self._send("101 capability list follows", *[c for c in caps if c])
            elif verb == "MODE" and arg.upper() == "READER":
                self._send("201 reader mode, posting prohibited")
            elif verb == "AUTHINFO":
                kind, _, value = arg.partition(" ")
                if kind.upper() == "USER":
                    user = value
                    self._send("381 password required")
                elif kind.upper() == "PASS":
                    if user == news.username and value == news.password:
                        authed = True
                        self._send("281 authentication accepted")
                    else:
                        self._send("481 authentication failed")
                else:
                    self._send("501 unknown AUTHINFO kind")
            elif verb == "DATE":
                self._send("111 " + datetime.now(UTC).strftime("%Y%m%d%H%M%S"))
            elif not authed:
                self._send("480 authentication required")
            elif verb == "GROUP":
                count = len(news.articles)
                self._send(f"211 {count} 1 {max(count, 1)} {arg or GROUP}")
            elif verb in {"ARTICLE", "BODY", "HEAD", "STAT"}:
                self._article(verb, arg)
            else:
                self._send("500 unknown command")

    def _article(self, verb: str, arg: str) -> None:
        news = self.server.news
        if not (arg.startswith("<") and arg.endswith(">")):
            # Article numbers are not supported: the clients ask by message id.
            self._send("423 no article with that number")
            return
        message_id = arg[1:-1]
        if verb != "STAT":
            news.released.wait(HOLD_TIMEOUT_SECONDS)
            if news.delay_seconds:
                time.sleep(news.delay_seconds)
        body = news.articles.get(message_id)
        if body is None:
            self._send("430 no such article")
            return
        news.served.append(message_id)
        head = (
            f"Path: mediamanager.test\r\nFrom: tests@mediamanager.test\r\n"
            f"Newsgroups: {GROUP}\r\nSubject: test article\r\nMessage-ID: {arg}\r\n"
            f"Date: {datetime.now(UTC).strftime('%a, %d %b %Y %H:%M:%S +0000')}"
        ).encode()
        code = {"ARTICLE": 220, "HEAD": 221, "BODY": 222, "STAT": 223}[verb]
        status = f"{code} 0 {arg}".encode()
        if verb == "STAT":
            payload = status + b"\r\n"
        elif verb == "HEAD":
            payload = status + b"\r\n" + _dot_stuff(head) + b"\r\n.\r\n"
        elif verb == "BODY":
            payload = status + b"\r\n" + _dot_stuff(body) + b"\r\n.\r\n"
        else:
            payload = status + b"\r\n" + _dot_stuff(head + b"\r\n\r\n" + body) + b"\r\n.\r\n"
        self.wfile.write(payload)
        self.wfile.flush()

    def _send(self, *lines: str) -> None:
        self.wfile.write("".join(f"{line}\r\n" for line in lines).encode())
        self.wfile.flush()


class _TCPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    news: "NewsServer"


class NewsServer:
    """Serves published articles on 127.0.0.1:<port> from a background thread."""

    def __init__(self, username: str | None = None, password: str | None = None) -> None:
        self.username = username
        self.password = password
        self.port = free_port()
        self.articles: dict[str, bytes] = {}
        self.commands: list[str] = []
        self.served: list[str] = []
        self.released = threading.Event()
        self.released.set()
        # Seconds each article request takes (a slow server keeps a job downloading).
        self.delay_seconds = 0.0
        self._server = _TCPServer(("127.0.0.1", self.port), _Handler)
        self._server.news = self
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> "NewsServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self.released.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    def publish(self, files: Iterable[PostedFile], *, skip: Iterable[int] = ()) -> None:
        """Make the files' articles available, except segment numbers in skip (all files)."""
        skipped = set(skip)
        for posted in files:
            for segment in posted.segments:
                if segment.number not in skipped:
                    self.articles[segment.message_id] = segment.article

    def hold(self) -> None:
        """Make article requests wait (up to a minute) until release(): keeps a job queued."""
        self.released.clear()

    def release(self) -> None:
        self.released.set()
        self.delay_seconds = 0.0

    def wait_for_request(self, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        start = len(self.commands)
        while len(self.commands) == start and time.monotonic() < deadline:
            time.sleep(0.02)
