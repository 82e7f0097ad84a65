"""``govgraph neo4j browser``: where Neo4j Browser is, and what to paste into it.

Why a command: the style and the guide only help if a person can get them into Browser in
two pastes. The command checks the Neo4j server answers (Bolt, with the credentials) and
that Browser is served, builds the guide from that server's own data, and prints the URL
and the ``:style`` and ``:guide`` commands. With ``--serve`` it serves both files on
``localhost`` (in Browser's default remote-content allow-list) until Ctrl-C.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import typer

from govgraph import devserver
from govgraph.browser.guide import render_guide
from govgraph.browser.guide_data import GuideData, guide_data
from govgraph.browser.serve import GuideServer
from govgraph.browser.style import grass_text, inline_style_command
from govgraph.errors import ServerError

GUIDE_FILE = "guide.html"
STYLE_FILE = "govgraph.grass"


def browser_url(bolt_uri: str, given: str | None = None) -> str:
    """Browser's address: ``given``, the dev server's, or the Bolt host on port 7474."""
    if given:
        return given if given.endswith("/") else given + "/"
    parts = urlsplit(bolt_uri)
    state = devserver.load_state()
    if (
        state is not None
        and state.http_url
        and parts.hostname in ("127.0.0.1", "localhost")
        and parts.port == state.bolt_port
    ):
        return f"{state.http_url}/browser/"
    secure = parts.scheme.endswith("+s") or parts.scheme.endswith("+ssc")
    if secure:
        return f"https://{parts.hostname}/browser/"
    return f"http://{parts.hostname}:7474/browser/"


def check_browser(url: str, timeout: float = 5.0) -> None:
    """Fail with one line unless ``url`` answers with Neo4j Browser's page."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            page = answer.read(65536).decode("utf-8", "replace")
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        raise ServerError(
            f"Neo4j Browser is not served at {url} ({reason}): give its address with --browser-url"
        ) from None
    if "Neo4j Browser" not in page:
        raise ServerError(f"{url} answers, but not with Neo4j Browser: give --browser-url")


def summary_line(data: GuideData) -> str:
    return (
        f"Guide: {len(data.platforms)} platforms, regime {data.regime} "
        f"({', '.join(data.jurisdictions)}); examples use {data.platform}, "
        f"category {data.category}, clause {data.clause_id}"
    )


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run_browser(
    uri: str | None,
    user: str | None,
    password: str | None,
    database: str | None,
    regime: str | None,
    given_url: str | None,
    serve: bool,
    port: int,
    out: Path | None,
    check: bool = True,
) -> None:
    """The command's work (see ``govgraph.cli.neo4j.browser``)."""
    from govgraph.graph.neo4j_store import Neo4jStore
    from govgraph.queries.canned import StoreRunner

    store = Neo4jStore.connect(uri, user, password, database)
    try:
        data = guide_data(StoreRunner(store), regime)
    finally:
        store.close()
    url = browser_url(store.uri, given_url)
    if check:
        check_browser(url)
    typer.echo(f"Neo4j Browser: {url}")
    typer.echo(f"Connect to {store.uri} as {store.user} (the password of NEO4J_PASSWORD).")
    typer.echo(summary_line(data))
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / STYLE_FILE).write_text(grass_text(), "utf-8")
        (out / GUIDE_FILE).write_text(render_guide(data), "utf-8")
        typer.echo(
            f"Wrote {out / GUIDE_FILE} and {out / STYLE_FILE}: serve them from a host in "
            "browser.remote_content_hostname_whitelist, then :guide <url> and :style <url>"
        )
    if not serve:
        typer.echo("Paste into the Browser editor to style the graph:")
        typer.echo(f"  {inline_style_command()}")
        typer.echo("For the guide, run again with --serve (serves it on localhost).")
        return
    server = GuideServer(port=port).start()
    try:
        # Ctrl-C or SIGTERM at any moment from here on ends the serving cleanly.
        with contextlib.suppress(KeyboardInterrupt):
            if threading.current_thread() is threading.main_thread():
                signal.signal(signal.SIGTERM, _interrupt)
            server.publish(render_guide(data, server.style_url), grass_text())
            typer.echo("Paste into the Browser editor (one at a time):")
            typer.echo(f"  :style {server.style_url}")
            typer.echo(f"  :guide {server.guide_url}")
            typer.echo(f"Serving the guide and style on {server.base_url}; Ctrl-C to stop.")
            threading.Event().wait()
    finally:
        server.stop()
    typer.echo("stopped serving the guide")
