"""``govgraph neo4j browser``: help, errors, and (with the Neo4j test server) its output."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govgraph.browser.command import browser_url, summary_line
from govgraph.browser.guide_data import guide_data
from govgraph.browser.style import grass_text
from govgraph.cli.app import get_app
from govgraph.queries.canned import StoreRunner
from tests.neo4j_harness import Neo4jInfo

RUN = [sys.executable, "-c", "from govgraph.cli.app import main; main()"]


def _invoke(*args: str) -> object:
    return CliRunner().invoke(get_app(), list(args))


def test_help_has_an_example() -> None:
    result = _invoke("neo4j", "browser", "--help")
    assert result.exit_code == 0
    assert "Example: govgraph neo4j start" in result.output
    assert "--serve" in result.output
    listing = _invoke("neo4j", "--help")
    assert "browser" in listing.output


def test_unreachable_server_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_PASSWORD", "whatever-password")
    result = _invoke("neo4j", "browser", "--uri", "bolt://127.0.0.1:9")
    assert result.exit_code == 1
    assert result.output.startswith("error: cannot reach Neo4j at bolt://127.0.0.1:9")
    assert "Traceback" not in result.output


def test_browser_url_defaults() -> None:
    assert browser_url("bolt://db.example.org:7687") == "http://db.example.org:7474/browser/"
    assert browser_url("neo4j+s://x.databases.neo4j.io") == "https://x.databases.neo4j.io/browser/"
    assert browser_url("bolt://h:1", "http://h:8/browser") == "http://h:8/browser/"


@pytest.mark.integration
def test_prints_url_and_commands(neo4j_env: Neo4jInfo, runner: StoreRunner, tmp_path: Path) -> None:
    expected = guide_data(runner)  # what the embedded sample says; the server holds the same
    url = f"{neo4j_env.http_url}/browser/"
    result = _invoke("neo4j", "browser", "--browser-url", url, "--out", str(tmp_path / "g"))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"Neo4j Browser: {url}"
    assert f"Connect to {neo4j_env.uri} as neo4j" in lines[1]
    assert lines[2] == summary_line(expected)
    assert f"Guide: {len(expected.platforms)} platforms, regime EU (EU)" in lines[2]
    style = next(line.strip() for line in lines if line.strip().startswith(":style "))
    assert style == ":style " + " ".join(grass_text().split())
    assert neo4j_env.password not in result.output
    assert (tmp_path / "g" / "govgraph.grass").read_text("utf-8") == grass_text()
    assert "<slide>" in (tmp_path / "g" / "guide.html").read_text("utf-8")


@pytest.mark.integration
def test_browser_not_served_is_one_line(neo4j_env: Neo4jInfo) -> None:
    result = _invoke("neo4j", "browser", "--browser-url", "http://127.0.0.1:9/browser/")
    assert result.exit_code == 1
    assert result.output.startswith(
        "error: Neo4j Browser is not served at http://127.0.0.1:9/browser/"
    )
    bolt_only = _invoke("neo4j", "browser", "--browser-url", neo4j_env.uri.replace("bolt", "http"))
    assert bolt_only.exit_code == 1 and "error: " in bolt_only.output


@pytest.mark.integration
def test_serve_until_interrupted(neo4j_env: Neo4jInfo) -> None:
    url = f"{neo4j_env.http_url}/browser/"
    env = dict(os.environ)
    process = subprocess.Popen(
        [*RUN, "neo4j", "browser", "--serve", "--browser-url", url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        lines: list[str] = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any("Ctrl-C to stop" in line for line in lines):
            line = process.stdout.readline() if process.stdout else ""
            if not line:
                break
            lines.append(line.strip())
        guide = next(line.split(" ", 1)[1] for line in lines if line.startswith(":guide "))
        style = next(line.split(" ", 1)[1] for line in lines if line.startswith(":style "))
        assert guide.startswith("http://localhost:") and guide.endswith("/guide.html")
        with urllib.request.urlopen(guide, timeout=5) as answer:
            html = answer.read().decode("utf-8")
        assert f'data-exec="style {style}"' in html and html.count("<slide>") == 10
        with urllib.request.urlopen(style, timeout=5) as answer:
            assert answer.read().decode("utf-8") == grass_text()
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
        assert process.returncode == 0, err
        assert out.strip().endswith("stopped serving the guide")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
