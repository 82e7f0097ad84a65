"""The classify/eval CLI contract, exercised through typer's CliRunner on the real app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govgraph.cli.app import get_app

runner = CliRunner()

GOV = "These Terms are governed by the laws of Ireland."
BAN = "Using Output to develop models that compete with OpenAI."
NONE = "Welcome to our help centre."


def invoke(args: list[str], stdin: str | None = None):
    return runner.invoke(get_app(), args, input=stdin)


def lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("command", ["classify", "eval"])
def test_help_has_an_example(command: str) -> None:
    result = invoke([command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example: govgraph " + command in result.output


def test_files_order_ids_and_fields(tmp_path: Path) -> None:
    records = [{"id": "z9", "text": GOV}, {"id": 7, "text": NONE}, {"id": "a1", "text": BAN}]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in records) + "\n", "utf-8")
    out = tmp_path / "out.jsonl"
    result = invoke(["classify", "--input", str(src), "--output", str(out)])
    assert result.exit_code == 0, result.output
    rows = lines(out.read_text("utf-8"))
    assert [r["id"] for r in rows] == ["z9", 7, "a1"]
    assert rows[0]["categories"] == ["governing-law"]
    assert rows[1] == {"id": 7, "categories": [], "evidence": {}, "confidence": {}}
    assert rows[2]["categories"] == ["ai-output-training-ban"]
    for row, record in zip(rows, records, strict=True):
        assert set(row) == {"id", "categories", "evidence", "confidence"}
        assert set(row["evidence"]) == set(row["confidence"]) == set(row["categories"])
        for evidence in row["evidence"].values():
            assert evidence in record["text"]


def test_stdin_to_stdout_skips_blank_lines() -> None:
    stdin = (
        json.dumps({"id": "a", "text": BAN}) + "\n\n   \n" + json.dumps({"id": "b", "text": GOV})
    )
    result = invoke(["classify"], stdin)
    assert result.exit_code == 0, result.output
    rows = lines(result.stdout)
    assert [r["id"] for r in rows] == ["a", "b"]
    explicit = invoke(["classify", "--input", "-", "--output", "-"], stdin)
    assert explicit.stdout == result.stdout


def test_text_mode_paragraph_ids() -> None:
    result = invoke(["classify", "--format", "text"], f"{GOV}\n\n\n{NONE}\n  \n{BAN}\n")
    assert result.exit_code == 0, result.output
    rows = lines(result.stdout)
    assert [r["id"] for r in rows] == ["p1", "p2", "p3"]
    assert [r["categories"] for r in rows] == [["governing-law"], [], ["ai-output-training-ban"]]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("{not json", "line 3: invalid JSON"),
        ('{"text": "x"}', 'line 3: missing "id"'),
        ('{"id": "x"}', 'line 3: missing "text"'),
        ('{"id": "x", "text": 5}', 'line 3: "text" must be a string'),
        ('["id", "text"]', "line 3: expected a JSON object"),
    ],
)
def test_malformed_line_named_and_no_partial_output(tmp_path: Path, bad: str, message: str) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": 1, "text": GOV}) + "\n\n" + bad + "\n", "utf-8")
    out = tmp_path / "out.jsonl"
    result = invoke(["classify", "-i", str(src), "-o", str(out)])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [src]  # no temporary file left behind


def test_missing_input_file_is_one_line_error(tmp_path: Path) -> None:
    result = invoke(["classify", "-i", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 1
    assert "cannot read input" in result.output


GOLD = [
    {"id": "1", "text": GOV, "categories": ["governing-law"]},  # TP governing-law
    {"id": "2", "text": BAN, "categories": ["ai-output-training-ban", "governing-law"]},
    {"id": "3", "text": NONE, "categories": ["ai-output-training-ban"]},  # FN
    {"id": "4", "text": "You must be at least 13 years old to use the Services.", "categories": []},
    {"id": "5", "text": "These Terms are governed by the laws of France.", "categories": []},
]


def write_gold(tmp_path: Path) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(g) for g in GOLD) + "\n", "utf-8")
    return path


def test_eval_numbers_computed_by_hand(tmp_path: Path) -> None:
    # governing-law: predicted on 1 and 5, gold on 1 and 2 -> P 1/2, R 1/2, F1 0.5
    # ai-output-training-ban: predicted on 2, gold on 2 and 3 -> P 1, R 1/2, F1 2/3
    # minimum-age (predicted on 4) has no gold positive: not scored by default.
    # micro: TP 2, FP 1, FN 2 -> P 2/3, R 1/2, F1 4/7; macro (0.5 + 2/3) / 2 = 0.5833
    result = invoke(["eval", str(write_gold(tmp_path)), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["category"]: r for r in json.loads(result.stdout)}
    assert set(rows) == {"ai-output-training-ban", "governing-law", "micro", "macro"}
    gl, ban = rows["governing-law"], rows["ai-output-training-ban"]
    assert (gl["precision"], gl["recall"], gl["f1"], gl["support"]) == (0.5, 0.5, 0.5, 2)
    assert (ban["precision"], ban["recall"], ban["f1"], ban["support"]) == (1.0, 0.5, 0.6667, 2)
    assert rows["micro"]["precision"] == 0.6667
    assert rows["micro"]["recall"] == 0.5
    assert rows["micro"]["f1"] == 0.5714
    assert rows["macro"]["f1"] == 0.5833


def test_eval_explicit_categories_include_absent_ones(tmp_path: Path) -> None:
    result = invoke(
        ["eval", str(write_gold(tmp_path)), "-c", "minimum-age,governing-law", "-f", "csv"]
    )
    assert result.exit_code == 0, result.output
    body = result.stdout.splitlines()
    assert body[0] == "category,precision,recall,f1,support,predicted"
    assert body[1].startswith("minimum-age,0,0,0,0,1")
    assert body[-1].startswith("macro,,,0.25")


def test_eval_group_macro_leaves_out_absent_categories_never_predicted(tmp_path: Path) -> None:
    """A group's absent, unpredicted categories are listed but not averaged as zeros."""
    result = invoke(
        ["eval", str(write_gold(tmp_path)), "-c", "ai-training-restriction", "-f", "csv"]
    )
    assert result.exit_code == 0, result.output
    rows = {line.split(",")[0]: line.split(",") for line in result.stdout.splitlines()[1:]}
    assert rows["ai-content-training-ban"][4:6] == ["0", "0"]  # listed: no gold, none predicted
    # the old rule averaged the absent category in as 0: (2/3 + 0) / 2
    assert float(rows["ai-output-training-ban"][3]) == pytest.approx(2 / 3, abs=1e-3)
    assert float(rows["macro"][3]) == pytest.approx(2 / 3, abs=1e-3)


@pytest.mark.parametrize("fmt", ["table", "md"])
def test_eval_other_formats(tmp_path: Path, fmt: str) -> None:
    result = invoke(["eval", str(write_gold(tmp_path)), "--format", fmt])
    assert result.exit_code == 0, result.output
    assert "governing-law" in result.stdout and "macro" in result.stdout


def test_eval_bad_gold(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": "1", "text": "x", "categories": ["nope"]}\n', "utf-8")
    result = invoke(["eval", str(path)])
    assert result.exit_code == 1
    assert "gold.jsonl:1: unknown category 'nope'" in result.output
    result = invoke(["eval", str(write_gold(tmp_path)), "-c", "nonsense"])
    assert result.exit_code == 1
    assert "unknown category 'nonsense'" in result.output
