"""``govgraph site`` through the CLI: help, a build, and one-line errors."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from govgraph.cli.app import get_app


def invoke(*args: str):
    return CliRunner().invoke(get_app(), list(args))


def test_help_has_an_example() -> None:
    result = invoke("site", "--help")
    assert result.exit_code == 0
    assert "Example: govgraph site ./site --regime EU" in result.output
    for option in ("--regime", "--platforms", "--as-of", "--store", "--changes-since"):
        assert option in result.output
    assert "one year before the as-of day" in " ".join(result.output.replace("│", " ").split())


def test_site_listed_in_root_help() -> None:
    assert "site" in invoke("--help").output


def test_builds_a_site(sample_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = invoke(
        "site",
        str(out),
        "--store",
        str(sample_store),
        "--platforms",
        "claude.ai,Perplexity",
        "--as-of",
        "2026-08-01",
        "--changes-since",
        "2026-06-01",
    )
    assert result.exit_code == 0, result.output
    assert "Wrote 28 pages" in result.output and "2 platforms under the EU regime" in result.output
    assert str(out / "index.html") in result.output
    assert sorted(p.name for p in (out / "platforms").iterdir()) == [
        "claude-ai.html",
        "perplexity.html",
    ]
    page = (out / "platforms" / "claude-ai.html").read_text("utf-8")
    assert "as of 2026-08-01" in page and "since 2026-06-01" in page


def test_errors_are_one_line(sample_store: Path, tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "x.txt").write_text("x", encoding="utf-8")
    cases = [
        (["--platforms", "Nobody"], "unknown platform 'Nobody'"),
        (["--regime", "XX"], "XX"),
        (["--regime", "US"], "no documents under the US regime"),
        (["--as-of", "yesterday"], "--as-of 'yesterday' is not a date"),
    ]
    for extra, message in cases:
        result = invoke("site", str(tmp_path / "out"), "--store", str(sample_store), *extra)
        assert result.exit_code == 1, extra
        assert message in result.output and "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1
    result = invoke("site", str(tmp_path / "taken"), "--store", str(sample_store))
    assert result.exit_code == 1 and "not written by govgraph site" in result.output
    assert not (tmp_path / "out").exists()
