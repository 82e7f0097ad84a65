"""The demo, run once per test process: its store is the real-data fixture of several tests.

Why run the real command: the demo is what a fresh clone runs first, so the store the
correctness tests read is exactly the one a user gets (the packaged genai-eu sample,
loaded by the real loaders, segmenter, classifier and ingest).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from typer.testing import CliRunner

from govgraph.cli.app import get_app


@dataclass(frozen=True)
class DemoRun:
    store: Path
    output: str
    exit_code: int


@cache
def demo_run() -> DemoRun:
    directory = Path(tempfile.mkdtemp(prefix="govgraph-demo-test-"))
    atexit.register(shutil.rmtree, directory, True)
    store = directory / "store"
    result = CliRunner().invoke(get_app(), ["demo", "--store", str(store)])
    return DemoRun(store, result.output, result.exit_code)
