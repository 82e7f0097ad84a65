"""What the figures were measured on: CPU, cores, memory, load, software and commit.

Why record it with every run: this is a 2-core machine shared with other people's test
runs, so a figure without the load average beside it cannot be compared with anything.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("govgraph", "ladybug", "pyoxigraph", "rdflib", "neo4j", "pydantic", "typer")


def loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _mem_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _run(*cmd: str) -> str:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=REPO)
    except OSError:
        return ""
    return (done.stdout or done.stderr).strip()


def git_commit() -> dict[str, object]:
    """The commit measured, and whether the tree had uncommitted changes (others' work)."""
    dirty = _run("git", "status", "--porcelain", "--untracked-files=no")
    return {
        "commit": _run("git", "rev-parse", "HEAD"),
        "subject": _run("git", "log", "-1", "--format=%s"),
        "dirty_files": len(dirty.splitlines()) if dirty else 0,
    }


def describe() -> dict[str, object]:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gb": _mem_gb(),
        "os": f"{platform.system()} {platform.release()}",
        "python": sys.version.split()[0],
        "git": _run("git", "--version").removeprefix("git version "),
        "java": (_run("java", "-version").splitlines() or [""])[0],
        "packages": versions,
        **git_commit(),
    }
