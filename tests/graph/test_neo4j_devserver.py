"""The dev-server helper's own checks (fast: no server is started)."""

from __future__ import annotations

import socket
import subprocess

import pytest

from govgraph import devserver
from govgraph.errors import ServerError


def test_missing_java_or_maven_is_named(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty directory: no java, no mvn
    assert devserver.missing_requirements() == "Java 17+ is not installed ('java' not on PATH)"


def test_missing_sources_are_named(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv(devserver.SERVER_DIR_ENV, str(tmp_path))
    reason = devserver.missing_requirements()
    assert reason is not None
    assert reason.startswith(f"the Neo4j dev server sources are not at {tmp_path}")
    with pytest.raises(ServerError, match="cannot build the Neo4j dev server"):
        devserver.build()


def test_short_password_is_refused_before_anything_starts() -> None:
    with pytest.raises(ServerError, match="at least 8 characters"):
        devserver.start(password="short")


def test_run_script_refuses_a_short_password() -> None:
    done = subprocess.run(
        [str(devserver.server_dir() / "run.sh"), "7687", "0", "/tmp/unused", "short"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.returncode == 2
    assert "at least 8 characters" in done.stderr


def test_port_in_use_is_a_clear_error() -> None:
    if devserver.missing_requirements():
        pytest.skip(devserver.missing_requirements())
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        with pytest.raises(ServerError, match=f"port {port} on 127.0.0.1 is already in use"):
            devserver.start(password="long-enough-pw", bolt_port=port)


def test_state_file_never_holds_the_password(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    server = devserver.DevServer(
        bolt_port=1, http_port=0, work_dir=str(tmp_path), pid=1, password="do-not-save-me"
    )
    devserver.save_state(server)
    assert "do-not-save-me" not in devserver.state_file().read_text("utf-8")
    assert "do-not-save-me" not in repr(server)
    loaded = devserver.load_state()
    assert loaded is not None and loaded.bolt_port == 1 and loaded.password == ""
    devserver.clear_state()
    assert devserver.load_state() is None
