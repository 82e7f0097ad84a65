"""``govgraph classify`` and ``govgraph eval``: label clauses, and measure the labels.

The classify contract is scripted against by other tools, so it is exact: one output
JSON line per input record, same order, ``id`` echoed, ``categories`` (possibly empty),
``evidence`` and ``confidence`` objects keyed by category. Blank input lines are
skipped (they carry no record, so they produce no output line). A malformed line fails
the whole run with its line number and leaves no partial output file: output goes to a
temporary file in the target directory that is renamed into place only on success.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TextIO

import typer

from govgraph.cli.classifier_options import (
    Convention,
    ConventionOption,
    Model,
    ModelOption,
    contextual_of,
    convention_of,
)
from govgraph.cli.errors import friendly_errors
from govgraph.cli.options import FormatOption
from govgraph.cli.output import OutputFormat, render
from govgraph.errors import InputError


class InputFormat(StrEnum):
    jsonl = "jsonl"
    text = "text"


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")


def _read_input(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text("utf-8")
    except OSError as error:
        raise InputError(f"cannot read input {path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise InputError(f"input {path} is not UTF-8 text") from None


def parse_jsonl(data: str, source: str) -> list[tuple[str, str]]:
    """(id, text) records; the first malformed line is an error naming its number."""
    records: list[tuple[str, str]] = []
    for number, line in enumerate(data.splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"{source}: line {number}: invalid JSON ({error.msg})") from None
        if not isinstance(raw, dict):
            raise InputError(f"{source}: line {number}: expected a JSON object")
        if "id" not in raw or "text" not in raw:
            missing = " and ".join(k for k in ("id", "text") if k not in raw)
            raise InputError(f'{source}: line {number}: missing "{missing}"')
        if not isinstance(raw["text"], str):
            raise InputError(f'{source}: line {number}: "text" must be a string')
        if not isinstance(raw["id"], str | int) or isinstance(raw["id"], bool):
            raise InputError(f'{source}: line {number}: "id" must be a string or integer')
        records.append((raw["id"], raw["text"]))
    return records


def parse_text(data: str) -> list[tuple[str, str]]:
    """Blank-line separated paragraphs, ids p1, p2, ... in order."""
    paragraphs = [p.strip() for p in _PARAGRAPH_BREAK.split(data.replace("\r\n", "\n"))]
    return [(f"p{i}", p) for i, p in enumerate((p for p in paragraphs if p), 1)]


_LINE_BREAKS = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def _records_out(
    records: list[tuple[str, str]], contextual: bool = False, convention: str = "definitions"
) -> Iterator[str]:
    from govgraph.classify import classify_many

    texts = [t for _, t in records]
    labelled = classify_many(texts, contextual=contextual, convention=convention)
    for (record_id, _), labels in zip(records, labelled, strict=True):
        line = json.dumps(
            {
                "id": record_id,
                "categories": [label.category for label in labels],
                "evidence": {label.category: label.evidence for label in labels},
                "confidence": {label.category: label.confidence for label in labels},
            },
            ensure_ascii=False,
        )
        # U+0085, U+2028 and U+2029 are line breaks to many readers (str.splitlines,
        # JavaScript): escape them so one record stays one line for every consumer.
        yield line.translate(_LINE_BREAKS)


def _write_atomically(path: Path, lines: Iterator[str]) -> None:
    directory = path.parent if str(path.parent) else Path(".")
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    except OSError as error:
        raise InputError(f"cannot write output {path}: {error.strerror}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            for line in lines:
                out.write(line + "\n")
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _write(target: str, lines: Iterator[str], stdout: TextIO) -> None:
    if target == "-":
        for line in lines:
            stdout.write(line + "\n")
        stdout.flush()
    else:
        _write_atomically(Path(target), lines)


@friendly_errors
def classify_command(
    input: Annotated[
        str, typer.Option("--input", "-i", help="JSONL (id, text) or text file; - is stdin.")
    ] = "-",
    output: Annotated[
        str, typer.Option("--output", "-o", help="JSONL output file; - is stdout.")
    ] = "-",
    input_format: Annotated[
        InputFormat,
        typer.Option(
            "--format",
            help="jsonl: one {id, text} object per line (blank lines skipped); text: plain "
            "text, each blank-line separated paragraph is a clause with id p1, p2, ...",
            case_sensitive=False,
        ),
    ] = InputFormat.jsonl,
    model: ModelOption = Model.default,
    convention: ConventionOption = Convention.definitions,
) -> None:
    """Label clauses with provision categories, with evidence and confidence.

    Writes one JSON line per input record, in order: {"id", "categories",
    "evidence", "confidence"}.

    Example: govgraph classify --input clauses.jsonl --output labels.jsonl

    Example: govgraph classify -i clauses.jsonl -o labels.jsonl --model contextual

    Example: govgraph classify -i sentences.jsonl -o labels.jsonl --convention claudette

    Example: echo "These Terms are governed by the laws of Ireland." | govgraph classify --format text
    """
    contextual, chosen = contextual_of(model), convention_of(convention)
    data = _read_input(input)
    source = "stdin" if input == "-" else input
    records = parse_jsonl(data, source) if input_format is InputFormat.jsonl else parse_text(data)
    _write(output, _records_out(records, contextual, chosen), sys.stdout)


@friendly_errors
def eval_command(
    gold: Annotated[
        Path, typer.Argument(help='Gold JSONL: one {"id", "text", "categories"} per line.')
    ],
    categories: Annotated[
        str | None,
        typer.Option(
            "--categories",
            "-c",
            help="Comma-separated category or group ids to score [default: those with a "
            "gold positive].",
        ),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    model: ModelOption = Model.default,
    convention: ConventionOption = Convention.definitions,
) -> None:
    """Per-category precision, recall, F1 and support, then micro and macro F1.

    Macro-F1 averages the categories with at least one gold positive (a category absent
    from gold has no recall to measure); with --categories, an absent one that was
    predicted anyway also counts, at F1 0.

    Example: govgraph eval eval/dev/heldout3.jsonl --format md
    Example: govgraph eval eval/dev/heldout12ai.jsonl -c ai-training-restriction,ai-governance

    Example: govgraph eval eval/dev/heldout13.jsonl --model contextual

    Example: govgraph eval claudette-sentences.jsonl --convention claudette
    """
    from govgraph.categories import scheme
    from govgraph.classify.evaluate import evaluate

    chosen = None
    if categories:
        chosen = []
        for name in (c.strip() for c in categories.split(",")):
            if name:
                chosen.extend(c for c in scheme().expand(name) if c not in chosen)
    report = evaluate(
        gold, chosen, contextual=contextual_of(model), convention=convention_of(convention)
    )
    columns = ["category", "precision", "recall", "f1", "support", "predicted"]
    rows: list[list[object]] = [
        [
            r.category,
            round(r.precision, 4),
            round(r.recall, 4),
            round(r.f1, 4),
            r.support,
            r.predicted,
        ]
        for r in report.rows
    ]
    rows.append(
        [
            "micro",
            round(report.micro_precision, 4),
            round(report.micro_recall, 4),
            round(report.micro_f1, 4),
            sum(r.support for r in report.rows),
            sum(r.predicted for r in report.rows),
        ]
    )
    rows.append(["macro", None, None, round(report.macro_f1, 4), None, None])
    typer.echo(render(columns, rows, fmt))


def register(app: typer.Typer) -> None:
    """Attach ``classify`` and ``eval`` to the root app."""
    app.command("classify")(classify_command)
    app.command("eval")(eval_command)
