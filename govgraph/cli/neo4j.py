"""``govgraph neo4j start|stop|status`` (a dev server) and ``govgraph push neo4j``.

The dev server is the project's Neo4j 5 LTS community server built from Maven Central
(tools/neo4j-server; needs Java 17 and Maven); users with Neo4j Desktop, Docker or Aura
skip it and point NEO4J_URI at their server. ``push neo4j`` copies the embedded store to a
server, sending only what changed since the last push to that server.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from govgraph import devserver
from govgraph.cli.errors import friendly_errors
from govgraph.cli.options import StoreOption
from govgraph.errors import ServerError

neo4j_app = typer.Typer(
    name="neo4j",
    help=(
        "Run a local Neo4j 5 dev server (built from Maven Central; needs Java 17 and Maven).\n\n"
        "Example: govgraph neo4j start"
    ),
    no_args_is_help=True,
)

UriOption = Annotated[
    str | None,
    typer.Option(
        "--uri",
        help="Bolt URI (default: $NEO4J_URI, else bolt://127.0.0.1:7687).",
        show_default=False,
    ),
]
UserOption = Annotated[
    str | None,
    typer.Option(
        "--user", help="User name (default: $NEO4J_USERNAME, else neo4j).", show_default=False
    ),
]
PasswordOption = Annotated[
    str | None,
    typer.Option(
        "--password",
        help="Password (default: $NEO4J_PASSWORD; prefer the variable, options show in ps).",
        show_default=False,
    ),
]
DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database",
        help="Database (default: $NEO4J_DATABASE, else the server's default).",
        show_default=False,
    ),
]


@friendly_errors
def push_neo4j(
    uri: UriOption = None,
    user: UserOption = None,
    password: PasswordOption = None,
    database: DatabaseOption = None,
    store: StoreOption = None,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Rows per UNWIND batch (one transaction).")
    ] = 5000,
    full: Annotated[
        bool, typer.Option("--full", help="Send every record, not only what changed.")
    ] = False,
) -> None:
    """Copy the embedded store to Neo4j: constraints first, then nodes and relationships.

    Idempotent (MERGE on ids) and incremental: a state per server in the store directory remembers what was sent, so a push after a new load sends only the change. The password is never printed.

    Example: NEO4J_URI=bolt://127.0.0.1:7687 NEO4J_PASSWORD=... govgraph push neo4j
    """
    from govgraph.graph.embedded import EmbeddedStore
    from govgraph.graph.neo4j_push import push
    from govgraph.graph.neo4j_store import Neo4jStore

    with EmbeddedStore.open(store) as source:
        target = Neo4jStore.connect(uri, user, password, database)
        try:
            summary = push(
                source.iter_records(), target, source.path, batch_size=batch_size, full=full
            )
        finally:
            target.close()
    where = target.uri + (f" (database {target.database})" if target.database else "")
    typer.echo(f"{summary.line()} to {where}")


@friendly_errors
def start(
    bolt_port: Annotated[int, typer.Option("--bolt-port", help="Bolt port on 127.0.0.1.")] = 7687,
    http_port: Annotated[
        int, typer.Option("--http-port", help="HTTP port for Neo4j Browser (0: no HTTP).")
    ] = 7474,
    password: Annotated[
        str | None,
        typer.Option(
            "--password",
            help="Password of user neo4j (8+ characters) (default: $NEO4J_PASSWORD, else a "
            "random one, printed once).",
            show_default=False,
        ),
    ] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds to wait for it.")] = 180.0,
) -> None:
    """Start a Neo4j 5 community server on 127.0.0.1 in the background (fresh, empty data).

    The first start builds it (downloads ~160 MB of jars from Maven Central into ~/.m2). Its data lives in a temporary directory removed by `govgraph neo4j stop`.

    Example: govgraph neo4j start && govgraph push neo4j
    """
    running = devserver.load_state()
    if running is not None and running.alive():
        raise ServerError(
            f"a dev server is already running at {running.uri} (pid {running.pid}): "
            "govgraph neo4j stop first"
        )
    given = password or os.environ.get("NEO4J_PASSWORD")
    server = devserver.start(
        password=given, bolt_port=bolt_port, http_port=http_port, detached=True, timeout=timeout
    )
    try:
        devserver.save_state(server)
    except BaseException:
        server.stop()  # never leave a server nobody can find
        raise
    typer.echo(f"Neo4j dev server ready at {server.uri} (pid {server.pid})")
    if server.http_url:
        typer.echo(f"Neo4j Browser: {server.http_url}/browser/")
    typer.echo(f"export NEO4J_URI={server.uri} NEO4J_USERNAME={server.user}")
    if given:
        typer.echo("export NEO4J_PASSWORD=...   # the password you gave")
    else:
        typer.echo(f"export NEO4J_PASSWORD={server.password}   # generated for this server")


@friendly_errors
def stop() -> None:
    """Stop the dev server started by `govgraph neo4j start` and delete its data.

    Example: govgraph neo4j stop
    """
    server = devserver.load_state()
    if server is None or not server.alive():
        devserver.clear_state()
        typer.echo("no Neo4j dev server is running")
        return
    server.stop(graceful=False)  # its data is a temporary directory, deleted anyway
    devserver.clear_state()
    typer.echo(f"stopped the Neo4j dev server at {server.uri} (pid {server.pid})")


@friendly_errors
def status() -> None:
    """Say whether the dev server runs and where; exit code 1 when it does not.

    Example: govgraph neo4j status
    """
    server = devserver.load_state()
    if server is None or not server.alive():
        typer.echo("no Neo4j dev server is running")
        raise typer.Exit(1)
    bolt = "accepting connections" if devserver.port_open(server.bolt_port) else "not answering"
    typer.echo(f"Neo4j dev server at {server.uri} (pid {server.pid}): Bolt {bolt}")
    if server.http_url:
        typer.echo(f"Neo4j Browser: {server.http_url}/browser/")
    typer.echo(f"data: {Path(server.work_dir)}")


@friendly_errors
def browser(
    uri: UriOption = None,
    user: UserOption = None,
    password: PasswordOption = None,
    database: DatabaseOption = None,
    regime: Annotated[
        str | None,
        typer.Option(
            "--regime",
            help="Regime of the guide's examples (default: EU if present).",
            show_default=False,
        ),
    ] = None,
    browser_url: Annotated[
        str | None,
        typer.Option(
            "--browser-url",
            help="Neo4j Browser's address (default: the dev server's, else http://HOST:7474/browser/).",
            show_default=False,
        ),
    ] = None,
    serve: Annotated[
        bool, typer.Option("--serve", help="Serve the guide and style on localhost until Ctrl-C.")
    ] = False,
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="Port for --serve (0: a free one).")
    ] = 0,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Also write guide.html and govgraph.grass to this directory.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Print Neo4j Browser's URL and the :style and :guide commands to paste, after checking the server answers.

    The guide (a slide per report, parameters picked from the server's data) and the style (colours and captions per kind) ship with govgraph; --serve serves them on localhost, which Browser's default remote-content allow-list accepts.

    Example: govgraph neo4j start && govgraph push neo4j && govgraph neo4j browser --serve
    """
    from govgraph.browser.command import run_browser

    run_browser(uri, user, password, database, regime, browser_url, serve, port, out)


def push_group(app: typer.Typer) -> typer.Typer:
    """The shared ``push`` sub-app (``push neo4j``, ``push sparql``), created once."""
    for group in app.registered_groups:
        if group.name == "push" and group.typer_instance is not None:
            return group.typer_instance
    push_app = typer.Typer(
        name="push",
        help="Copy the embedded store to a server.\n\nExample: govgraph push neo4j",
        no_args_is_help=True,
    )
    app.add_typer(push_app, name="push")
    return push_app


def register(app: typer.Typer) -> None:
    neo4j_app.command("start")(start)
    neo4j_app.command("stop")(stop)
    neo4j_app.command("status")(status)
    neo4j_app.command("browser")(browser)
    app.add_typer(neo4j_app, name="neo4j")
    push_group(app).command("neo4j")(push_neo4j)
