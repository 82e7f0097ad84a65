"""A tiny HTTP server for the guide and the style, so Neo4j Browser can fetch them.

Why: Browser loads ``:guide <url>`` and ``:style <url>`` over HTTP, only from hosts in the
server's ``browser.remote_content_hostname_whitelist`` (Neo4j 5.26's name for it; default
``guides.neo4j.com,localhost``). Serving on 127.0.0.1 and naming the host ``localhost`` in
the URLs therefore works with a default Neo4j configuration. Browser fetches from its own
page's origin (http://127.0.0.1:7474), so every answer allows any origin (CORS); the files
are public anyway. Only loopback is bound: nothing is exposed to the network.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from govgraph.errors import ServerError

GUIDE_PATH = "/guide.html"
STYLE_PATH = "/govgraph.grass"
HOST_NAME = "localhost"  # in Browser's default allow-list; the socket is 127.0.0.1


def _handler(files: dict[str, tuple[bytes, str]]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _send(self, body: bool) -> None:
            path = self.path.split("?", 1)[0].split("#", 1)[0]
            found = files.get(path)
            status, (data, kind) = (200, found) if found else (404, (b"not found\n", "text/plain"))
            self.send_response(status)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Headers", "*")
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            if body:
                self.wfile.write(data)

        def do_GET(self) -> None:
            self._send(body=True)

        def do_HEAD(self) -> None:
            self._send(body=False)

        def do_OPTIONS(self) -> None:
            self.send_response(204)
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Headers", "*")
            self.send_header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            return  # quiet: the CLI prints what matters

    return Handler


@dataclass
class GuideServer:
    """Serves ``/guide.html`` and ``/govgraph.grass`` on 127.0.0.1 in a daemon thread.

    Start it first (the port is then known), then ``publish`` the files: the guide names
    the style's URL, which holds the port.
    """

    port: int = 0
    _files: dict[str, tuple[bytes, str]] = field(default_factory=dict, repr=False)
    _server: ThreadingHTTPServer | None = field(default=None, repr=False)

    def publish(self, guide_html: str, grass: str) -> None:
        self._files[GUIDE_PATH] = (guide_html.encode("utf-8"), "text/html")
        self._files[STYLE_PATH] = (grass.encode("utf-8"), "text/plain")

    def start(self) -> GuideServer:
        try:
            self._server = ThreadingHTTPServer(("127.0.0.1", self.port), _handler(self._files))
        except OSError as error:
            raise ServerError(
                f"cannot serve the guide on 127.0.0.1:{self.port}: {error.strerror}"
            ) from None
        self.port = int(self._server.server_address[1])
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    @property
    def base_url(self) -> str:
        return f"http://{HOST_NAME}:{self.port}"

    @property
    def guide_url(self) -> str:
        return self.base_url + GUIDE_PATH

    @property
    def style_url(self) -> str:
        return self.base_url + STYLE_PATH

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
