"""Start and stop the project's Neo4j 5 LTS dev/test server (tools/neo4j-server).

Why a helper: the tests and ``govgraph neo4j start`` both need a real Neo4j community server
on a free loopback port, with authentication and a fresh data directory, and nothing on this
machine may run Docker. ``tools/neo4j-server/run.sh`` builds the server from Maven Central
on first use and prints ``READY bolt://... http://...``; this module picks the ports, passes
the password through the environment (never the command line), waits for that line, and
stops the JVM and removes its data afterwards.

Two modes: *attached* (tests): the JVM exits by itself when this process closes its standard
input, so a crashed test run cannot leave it behind; *detached* (the CLI): the JVM runs in
its own session until ``stop`` sends SIGTERM, and a small state file records its pid and ports.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_state_dir

from govgraph.errors import ServerError

SERVER_DIR_ENV = "GOVGRAPH_NEO4J_SERVER_DIR"
BUILD_TIMEOUT_S = 900.0
START_TIMEOUT_S = 180.0


def server_dir() -> Path:
    """The Maven project of the dev server: $GOVGRAPH_NEO4J_SERVER_DIR or the checkout's."""
    env = os.environ.get(SERVER_DIR_ENV)
    if env:
        return Path(env).expanduser()
    return Path(__file__).resolve().parents[1] / "tools" / "neo4j-server"


def missing_requirements() -> str | None:
    """Why the dev server cannot run here (no Java, no Maven, no sources), or None."""
    if not (server_dir() / "run.sh").is_file():
        return (
            f"the Neo4j dev server sources are not at {server_dir()} (a govgraph checkout has them)"
        )
    for tool, what in (("java", "Java 17+"), ("mvn", "Maven 3.8+")):
        if shutil.which(tool) is None:
            return f"{what} is not installed ({tool!r} not on PATH)"
    return None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_open(port: int, host: str = "127.0.0.1", timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def build(timeout: float = BUILD_TIMEOUT_S) -> None:
    """Build the server once (a no-op when it is up to date)."""
    reason = missing_requirements()
    if reason:
        raise ServerError(f"cannot build the Neo4j dev server: {reason}")
    try:
        done = subprocess.run(
            [str(server_dir() / "build.sh")],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ServerError(f"building the Neo4j dev server took more than {timeout:.0f} s") from None
    if done.returncode != 0:
        tail = " ".join(done.stderr.strip().splitlines()[-3:])
        raise ServerError(f"building the Neo4j dev server failed: {tail}")


@dataclass
class DevServer:
    """A running dev server: where to connect, and how to stop it."""

    bolt_port: int
    http_port: int
    work_dir: str
    pid: int
    user: str = "neo4j"
    database: str = "neo4j"
    password: str = field(default="", repr=False)
    remove_work_dir: bool = True
    _process: subprocess.Popen[str] | None = field(default=None, repr=False, compare=False)

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def http_url(self) -> str | None:
        return f"http://127.0.0.1:{self.http_port}" if self.http_port else None

    def alive(self) -> bool:
        if self._process is not None:
            return self._process.poll() is None
        try:
            os.kill(self.pid, 0)
        except OSError:
            return False
        return True

    def stop(self, timeout: float = 30.0, *, graceful: bool = True) -> None:
        """Stop the JVM (SIGTERM, then SIGKILL) and remove its data directory.

        ``graceful=False`` kills it at once: right for throw-away test data.
        """
        if not graceful:
            self.kill()
        if self._process is not None and self._process.stdin:
            with contextlib.suppress(OSError):
                self._process.stdin.close()
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGTERM)
            deadline = time.monotonic() + timeout
            while self.alive() and time.monotonic() < deadline:
                time.sleep(0.1)
            if self.alive():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.pid, signal.SIGKILL)
        if self._process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(timeout=5)
        if self.remove_work_dir:
            shutil.rmtree(self.work_dir, ignore_errors=True)

    def kill(self) -> None:
        """SIGKILL the JVM at once (fault tests), keeping the data directory."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        if self._process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(timeout=10)


def start(
    *,
    password: str | None = None,
    bolt_port: int | None = None,
    http_port: int | None = None,
    work_dir: Path | None = None,
    settings: dict[str, str] | None = None,
    detached: bool = False,
    timeout: float = START_TIMEOUT_S,
) -> DevServer:
    """Build if needed, start a server on free loopback ports, and wait until it is ready.

    ``http_port=0`` disables HTTP (and Neo4j Browser); None picks a free port. ``settings``
    are extra Neo4j settings by their neo4j.conf names.
    """
    password = password or secrets.token_urlsafe(12)
    if len(password) < 8:
        raise ServerError("the Neo4j password must have at least 8 characters")
    build()
    bolt_port = bolt_port or free_port()
    http_port = free_port() if http_port is None else http_port
    for port in (bolt_port, http_port):
        if port and port_open(port):
            raise ServerError(f"port {port} on 127.0.0.1 is already in use")
    remove = work_dir is None
    work = Path(work_dir) if work_dir else Path(tempfile.mkdtemp(prefix="govgraph-neo4j-"))
    work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, NEO4J_PASSWORD=password)
    if detached:
        env["GOVGRAPH_NEO4J_DETACHED"] = "1"
    args = [str(server_dir() / "run.sh"), str(bolt_port), str(http_port), str(work)]
    args += [f"{k}={v}" for k, v in (settings or {}).items()]
    log_path, out_path = work / "server.log", work / "server.out"
    with log_path.open("w", encoding="utf-8") as log, out_path.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(  # our own script, fixed arguments
            args,
            stdin=subprocess.DEVNULL if detached else subprocess.PIPE,
            stdout=out,
            stderr=log,
            text=True,
            env=env,
            start_new_session=detached,
        )
    server = DevServer(
        bolt_port=bolt_port,
        http_port=http_port,
        work_dir=str(work),
        pid=process.pid,
        password=password,
        remove_work_dir=remove,
        _process=process,
    )
    if not _wait_ready(process, out_path, timeout):
        server.stop()
        tail = ""
        with contextlib.suppress(OSError):
            tail = " ".join(log_path.read_text("utf-8", "replace").strip().splitlines()[-3:])
        raise ServerError(
            f"the Neo4j dev server did not start within {timeout:.0f} s"
            + (f": {tail}" if tail else "")
        )
    return server


def _wait_ready(process: subprocess.Popen[str], out_path: Path, timeout: float) -> bool:
    """Wait for the READY line the launcher prints once Bolt accepts connections."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        with contextlib.suppress(OSError):
            if "READY " in out_path.read_text("utf-8", "replace"):
                return True
        time.sleep(0.1)
    return False


# ------------------------------------------------------- detached server state (CLI)


def state_file() -> Path:
    return Path(user_state_dir("govgraph", appauthor=False)) / "neo4j-dev.json"


def save_state(server: DevServer) -> None:
    """Record a detached server (no password) so ``status`` and ``stop`` can find it."""
    path = state_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "bolt_port": server.bolt_port,
        "http_port": server.http_port,
        "work_dir": server.work_dir,
        "pid": server.pid,
        "user": server.user,
        "database": server.database,
        "remove_work_dir": server.remove_work_dir,
    }
    path.write_text(json.dumps(data, indent=2), "utf-8")


def load_state() -> DevServer | None:
    try:
        data = json.loads(state_file().read_text("utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    return DevServer(**data)


def clear_state() -> None:
    state_file().unlink(missing_ok=True)
