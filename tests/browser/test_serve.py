"""The guide server: the two files, with the CORS header Browser's fetch needs."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from govgraph.browser.serve import GuideServer
from govgraph.errors import ServerError


def _get(url: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_serves_guide_and_style_with_cors() -> None:
    server = GuideServer().start()
    try:
        server.publish("<slide>é</slide>", "node { color: #000000; }")
        assert server.guide_url == f"http://localhost:{server.port}/guide.html"
        status, headers, body = _get(server.guide_url)
        assert status == 200 and body.decode("utf-8") == "<slide>é</slide>"
        assert headers["Access-Control-Allow-Origin"] == "*"
        assert headers["Content-Type"].startswith("text/html")
        status, _, body = _get(server.style_url + "?v=2")
        assert status == 200 and body == b"node { color: #000000; }"
        status, headers, _ = _get(server.base_url + "/guide.html", "OPTIONS")
        assert status == 204 and headers["Access-Control-Allow-Origin"] == "*"
        status, _, _ = _get(server.base_url + "/../etc/passwd")
        assert status == 404
    finally:
        server.stop()


def test_busy_port_is_one_line_error() -> None:
    first = GuideServer().start()
    try:
        with pytest.raises(ServerError, match=f"cannot serve the guide on 127.0.0.1:{first.port}"):
            GuideServer(port=first.port).start()
    finally:
        first.stop()
