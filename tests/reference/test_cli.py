"""CLI: govgraph regulations, govgraph mapping, govgraph load mapping."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govgraph.cli.app import get_app

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(get_app(), list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize(
    "command", [["regulations"], ["mapping"], ["load", "mapping"]], ids=" ".join
)
def test_help_has_an_example(command: list[str]) -> None:
    code, out = invoke(*command, "--help")
    assert code == 0
    assert "Example: govgraph" in out


def test_regulations_json_for_a_regime_and_date() -> None:
    code, out = invoke("regulations", "--regime", "EU", "--as-of", "2025-01-01", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    ids = [row["regulation"] for row in rows]
    assert "gdpr" in ids and "dsa" in ids
    assert "eu-ai-act" not in ids and "eu-data-act" not in ids  # not yet applying
    gdpr = rows[ids.index("gdpr")]
    assert gdpr["applies_from"] == "2018-05-25" and gdpr["verified"] is True
    assert gdpr["articles"] == 99 and gdpr["note"]


def test_regulations_table_lists_unverified_acts() -> None:
    code, out = invoke("regulations")
    assert code == 0
    line = next(x for x in out.splitlines() if x.startswith("colorado-admt-2026"))
    assert " no " in f" {line} "


def test_mapping_json_rows() -> None:
    code, out = invoke("mapping", "minimum-age", "--regime", "EU", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert rows
    for row in rows:
        assert {"regulation", "article", "kind", "rationale", "title", "url", "regime"} <= set(row)
        assert isinstance(row["article"], str)
        assert row["regime"] == "EU"
    assert {"regulation": "gdpr", "article": "8"}.items() <= next(
        r for r in rows if r["article"] == "8"
    ).items()


def test_mapping_regime_filters_and_shows_gaps() -> None:
    code, out = invoke("mapping", "arbitration", "--regime", "US", "--format", "json")
    rows = json.loads(out)
    assert code == 0
    assert {r["regulation"] for r in rows} == {"faa"}
    code, out = invoke("mapping", "ai-output-disclosure", "--regime", "GB", "--format", "json")
    rows = json.loads(out)
    assert [r["kind"] for r in rows] == ["none"] and rows[0]["regulation"] is None


def test_mapping_as_of_excludes_acts_not_yet_applying() -> None:
    code, out = invoke(
        "mapping", "ai-output-disclosure", "--regime", "EU", "--as-of", "2026-01-01", "-f", "json"
    )
    assert code == 0
    assert "eu-ai-act" not in {r["regulation"] for r in json.loads(out)}


def test_mapping_group_expands_and_table_has_disclaimer() -> None:
    code, out = invoke("mapping", "ai-training-restriction")
    assert code == 0
    assert "ai-output-training-ban" in out and "ai-content-training-ban" in out
    assert "not legal advice" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["mapping", "minimum-agee"], "unknown category 'minimum-agee' (did you mean: minimum-age"),
        (["mapping", "minimum-age", "--regime", "EUU"], "unknown regime 'EUU'"),
        (["regulations", "--as-of", "yesterday"], "not YYYY-MM-DD"),
    ],
)
def test_errors_are_one_line(args: list[str], message: str) -> None:
    code, out = invoke(*args)
    assert code == 1
    assert message in out
    assert "Traceback" not in out


MINE = """\
categories:
  minimum-age:
    - regulation: gdpr
      article: "8"
      kind: restricts
      rationale: An analyst's reading of Art. 8 for this study.
"""


def test_load_mapping_rejects_a_bad_file_and_leaves_no_store(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINE.replace('"8"', '"800"'), encoding="utf-8")
    store = tmp_path / "store"
    code, out = invoke("load", "mapping", str(bad), "--store", str(store))
    assert code == 1
    assert f"{bad}:4: unknown article '800'" in " ".join(out.split())
    assert not store.exists()


def test_load_mapping_replaces_the_bundled_link(tmp_path: Path) -> None:
    pytest.importorskip("govgraph.graph.embedded")
    mine = tmp_path / "mine.yaml"
    mine.write_text(MINE, encoding="utf-8")
    store = tmp_path / "store"
    code, out = invoke("load", "mapping", str(mine), "--store", str(store))
    assert code == 0, out
    assert "loaded 1 mapping links" in out
    code, out = invoke("mapping", "minimum-age", "--store", str(store), "-f", "json")
    assert code == 0, out
    rows = [r for r in json.loads(out) if r["regulation"] == "gdpr" and r["article"] == "8"]
    assert len(rows) == 1
    assert rows[0]["origin"] == str(mine)
    assert rows[0]["rationale"].startswith("An analyst's reading")
