"""Re-run every command shown in docs/reports.md and replace its output in place.

The document shows real output of the reports on the demo sample. Its figures go stale
whenever the classifier or a query changes, so instead of editing them by hand this
script loads the sample into a fresh store (``govgraph demo``), runs each ``$ govgraph``
line of a ``console`` block against it, and writes the new output under the command.
The prose around the blocks is left alone: read the diff, and fix any sentence that the
new output contradicts.

Usage::

    .venv/bin/python tools/regen_reports_doc.py            # rewrite docs/reports.md
    .venv/bin/python tools/regen_reports_doc.py --check    # exit 1 if it would change

Conventions of the document kept here: the ``govgraph demo`` block is abbreviated after
the first three report rows (the full report follows in its own section), and a command
run with ``-f md`` prints its Markdown table after the closing fence, up to the next
blank line before a heading.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "reports.md"
DEMO_ROWS_KEPT = 3
ABBREVIATION = "[... the training-restrictions report, as below ...]"


def run_govgraph(command: str, store: Path) -> str:
    """Run one documented ``govgraph ...`` command on the demo store; return its stdout."""
    argv = shlex.split(command)
    assert argv[0] == "govgraph", command
    env = dict(os.environ, GOVGRAPH_STORE=str(store), COLUMNS="120", NO_COLOR="1")
    executable = Path(sys.executable).with_name("govgraph")
    result = subprocess.run(
        [str(executable), *argv[1:]], capture_output=True, text=True, env=env, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"docs/reports.md: `{command}` failed: {result.stderr.strip()}")
    return result.stdout.rstrip("\n")


def abbreviate_demo(output: str) -> str:
    """Keep the demo's header and first rows, then point to the full report below."""
    lines = output.splitlines()
    kept: list[str] = []
    rows = 0
    for index, line in enumerate(lines):
        if line.startswith("[") and line[1:2].isdigit():
            rows += 1
            if rows > DEMO_ROWS_KEPT:
                tail = [entry for entry in lines[index:] if entry.startswith("Next:")]
                return "\n".join([*kept, ABBREVIATION, *tail])
        kept.append(line)
    return output


def regenerate(text: str, store: Path) -> str:
    """Return the document with every console block's output replaced by a fresh run."""
    lines = text.splitlines()
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        out.append(line)
        index += 1
        if line != "```console":
            continue
        command_line = lines[index]
        command = command_line.removeprefix("$ ")
        while index < len(lines) and lines[index] != "```":
            index += 1
        output = run_govgraph(command, store)
        markdown_table = " -f md" in command
        if command == "govgraph demo":
            output = abbreviate_demo(output)
        out.append(command_line)
        if not markdown_table:
            out.extend(output.splitlines())
        out.append("```")
        index += 1  # the closing fence
        if markdown_table:
            while index < len(lines) and not lines[index].startswith("|"):
                out.append(lines[index])
                index += 1
            while index < len(lines) and lines[index].startswith("|"):
                index += 1
            out.extend(output.splitlines())
    return "\n".join(out) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report whether it is stale")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="govgraph-docs-") as tmp:
        store = Path(tmp) / "store"
        run_govgraph("govgraph demo", store)  # first run loads the sample
        fresh = regenerate(DOC.read_text(encoding="utf-8"), store)
    if fresh == DOC.read_text(encoding="utf-8"):
        print("docs/reports.md is current")
        return 0
    if args.check:
        print("docs/reports.md is stale: run tools/regen_reports_doc.py")
        return 1
    DOC.write_text(fresh, encoding="utf-8")
    print("docs/reports.md rewritten: review `git diff docs/reports.md`")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
