"""Webhook delivery against real local HTTP servers started by the tests."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govgraph.cli.app import get_app
from govgraph.errors import InputError
from govgraph.monitor.state import WatchState
from govgraph.monitor.watch import Outputs, WatchConfig, run_once
from govgraph.monitor.webhook import WebhookError, check_url, post_json, send
from tests.monitor.conftest import copy_store


class Server:
    """An HTTP server on 127.0.0.1 answering POSTs with a scripted list of statuses.

    ``statuses`` are used in order, the last one repeating; every request is recorded.
    """

    def __init__(self, statuses: list[int]) -> None:
        self.statuses = list(statuses)
        self.requests: list[tuple[dict[str, str], dict]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                server.requests.append((dict(self.headers), json.loads(body)))
                n = len(server.requests) - 1
                status = server.statuses[min(n, len(server.statuses) - 1)]
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server_factory() -> Iterator:
    servers: list[Server] = []

    def make(statuses: list[int]) -> Server:
        server = Server(statuses).__enter__()
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.__exit__()


def test_fails_twice_then_succeeds(server_factory):
    server = server_factory([500, 503, 200])
    waits: list[float] = []
    status = post_json(server.url, {"id": "x"}, key="x", backoff=0.01, sleep=waits.append)
    assert status == 200
    assert len(server.requests) == 3
    assert waits == [0.01, 0.02], "exponential backoff between attempts"
    headers, body = server.requests[-1]
    assert body == {"id": "x"}
    assert headers["Idempotency-Key"] == "x"
    assert headers["Content-Type"].startswith("application/json")


def test_always_failing_gives_a_clear_error(server_factory):
    server = server_factory([500])
    with pytest.raises(WebhookError) as caught:
        post_json(server.url, {"id": "x"}, key="x", attempts=3, backoff=0.0)
    message = str(caught.value)
    assert server.url in message and "3 times" in message and "HTTP 500" in message
    assert len(server.requests) == 3


def test_a_refusal_is_not_retried(server_factory):
    server = server_factory([400])
    with pytest.raises(WebhookError, match=r"HTTP 400.*not retried"):
        post_json(server.url, {}, key="k", attempts=4, backoff=0.0)
    assert len(server.requests) == 1


def test_unreachable_server_is_named():
    with Server([200]) as server:  # bound, then closed: nobody listens on the port
        url = server.url
    with pytest.raises(WebhookError, match=r"failed 2 times.*refused"):
        post_json(url, {}, key="k", attempts=2, backoff=0.0, timeout=2)


def test_bad_urls_are_input_errors():
    for url in ("ftp://example.org/x", "localhost:8000", "http://"):
        with pytest.raises(InputError, match="--webhook"):
            check_url(url)


def test_send_posts_each_summary(server_factory, full_summaries):
    server = server_factory([200])
    delivered: list[str] = []
    ids = send(server.url, full_summaries[:3], backoff=0.0, on_delivered=delivered.append)
    assert ids == delivered == [s.id for s in full_summaries[:3]]
    assert [body["id"] for _, body in server.requests] == ids
    assert server.requests[0][1]["headline"] == full_summaries[0].headline


def test_watch_delivers_each_summary_once_across_a_failing_run(
    server_factory, collection, full_store, full_summaries, tmp_path
):
    """A webhook that accepts two summaries then fails: the run reports the failure and
    keeps the alert watermark; the next run, to a healthy server, delivers the rest only."""
    store = copy_store(full_store, tmp_path / "store")
    flaky = server_factory([200, 200, 500])
    outputs = Outputs(json=tmp_path / "out.jsonl", webhook=flaky.url, webhook_backoff=0.0)
    config = WatchConfig([collection.upstream], store=store, outputs=outputs)
    first = run_once(config)
    assert len(first.problems) == 1 and flaky.url in first.problems[0]
    assert "failed 4 times" in first.problems[0]
    state = WatchState.load(store)
    assert not any(v.get("alerted_head") for v in state.heads.values()), "not advanced"
    delivered = [body["id"] for _, body in flaky.requests[:2]]
    healthy = server_factory([200])
    outputs.webhook = healthy.url
    second = run_once(config)
    assert not second.problems
    rest = [body["id"] for _, body in healthy.requests]
    # Another URL is another receiver: it gets everything. The flaky one's two are recorded.
    assert rest == [s.id for s in full_summaries]
    assert state.emitted(f"webhook:{flaky.url}") == set(delivered)
    outputs.webhook = flaky.url
    flaky.statuses = [200]
    third = run_once(config)
    assert not third.problems and third.written == {}, "nothing new since the second run"


def test_resuming_the_same_webhook_sends_only_what_was_not_delivered(
    server_factory, collection, full_store, full_summaries, tmp_path
):
    store = copy_store(full_store, tmp_path / "store")
    server = server_factory([200, 200, 500, 500, 500, 500])
    outputs = Outputs(webhook=server.url, webhook_backoff=0.0)
    config = WatchConfig([collection.upstream], store=store, outputs=outputs)
    assert run_once(config).problems
    server.statuses = [200]
    before = len(server.requests)
    assert not run_once(config).problems
    resent = [body["id"] for _, body in server.requests[before:]]
    assert resent == [s.id for s in full_summaries[2:]], "the two delivered are not re-sent"


def test_cli_webhook_failure_is_one_line_and_exit_1(
    server_factory, collection, full_store, tmp_path
):
    store = copy_store(full_store, tmp_path / "store")
    server = server_factory([503])
    result = CliRunner().invoke(
        get_app(),
        [
            *("watch", str(collection.upstream), "--store", str(store)),
            *("--webhook", server.url, "--webhook-attempts", "2", "--webhook-backoff", "0"),
        ],
    )
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and server.url in errors[0] and "HTTP 503" in errors[0]
    assert "failed 2 times" in errors[0] and len(server.requests) == 2
    assert "Traceback" not in result.output
    assert not Path(store / "watch-state.json").exists() or not any(
        v.get("alerted_head") for v in WatchState.load(store).heads.values()
    )
