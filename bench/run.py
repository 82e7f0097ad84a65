"""Run the govgraph benchmark suite and record the figures (see bench/README.md).

    .venv/bin/python bench/run.py                 # everything, on the three shared collections
    .venv/bin/python bench/run.py --quick         # genai-eu only, first 300 commits
    .venv/bin/python bench/run.py --only reports  # one or more measurements (others kept)

Writes bench/results/RESULTS.md and results.json (``--quick``: bench/results/quick/).
Every measurement runs in a subprocess of its own (bench/tasks.py); the parent reads its
peak memory with ``os.wait4`` and the load average before and after it.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

import machine  # noqa: E402
import render  # noqa: E402
import synth  # noqa: E402

COLLECTIONS = ("genai-eu", "pga", "vlopses-us")
MEASUREMENTS = (
    "load",
    "new-commit",
    "reload",
    "classify",
    "reports",
    "neo4j",
    "naive",
    "rdflib",
    "scaling",
    "synth",
    "profile",
)
NEEDS_FULL_STORE = {"new-commit", "reload", "classify", "reports", "neo4j", "rdflib"}


class Suite:
    """The state of one run: where the clones and stores are, and what was measured."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.shared = Path(args.shared).resolve()
        self.collections = ("genai-eu",) if args.quick else COLLECTIONS
        self.limit = args.commits or (300 if args.quick else None)
        self.repeats = args.repeats or (3 if args.quick else 5)
        self.out = (
            Path(args.out) if args.out else BENCH / "results" / ("quick" if args.quick else "")
        )
        self.work = (
            Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="gg-bench-"))
        )
        self.work.mkdir(parents=True, exist_ok=True)
        self.results = self._previous()
        self.results["machine"] = machine.describe()
        self.results["config"] = {
            "mode": "quick" if args.quick else "full",
            "collections": list(self.collections),
            "commit_limit": self.limit,
            "repeats": self.repeats,
            "synth_copies": args.synth_copies,
        }
        self.failed: list[str] = []

    def _previous(self) -> dict[str, Any]:
        path = self.out / "results.json"
        if (self.args.only or self.args.skip) and path.exists():
            return json.loads(path.read_text("utf-8"))
        return {"measurements": {}}

    # ------------------------------------------------------------------ clones

    def bundle(self, name: str) -> Path:
        path = self.shared / "data" / "ota" / name / "versions.bundle"
        if not path.is_file():
            raise SystemExit(f"bench: {path} not found (give --shared DIR)")
        return path

    def clone(self, purpose: str, name: str, *, fraction: float = 1.0, back: int = 0) -> Path:
        """A clone of a shared collection at a point of its first-parent history, with the
        collection's metadata.yml and declarations/ beside it as in ../shared."""
        dest = self.work / "clones" / purpose / name / "versions"
        if dest.exists():
            shutil.rmtree(dest.parent)
        dest.parent.mkdir(parents=True)
        git("clone", "-q", str(self.bundle(name)), str(dest))
        commits = git_lines(dest, "rev-list", "--first-parent", "--reverse", "HEAD")
        tip = len(commits) if self.limit is None else min(self.limit, len(commits))
        index = max(1, round(tip * fraction)) - 1 - back
        git("-C", str(dest), "reset", "-q", "--hard", commits[index])
        (dest.parent / "tip").write_text(commits[index + back] + "\n", "utf-8")
        for extra in ("metadata.yml", "declarations"):
            source = self.shared / "data" / "ota" / name / extra
            if source.exists():
                (dest.parent / extra).symlink_to(source)
        return dest

    # ------------------------------------------------------------------ running

    def task(
        self,
        name: str,
        args: dict[str, Any],
        *,
        env: dict[str, str] | None = None,
        profile: Path | None = None,
    ) -> dict[str, Any]:
        """Run one task in a subprocess: its result, plus wall, CPU and peak RSS of the
        whole process (interpreter start-up included) and the load average around it."""
        tmp = self.work / "io"
        tmp.mkdir(exist_ok=True)
        token = secrets.token_hex(4)
        arg_file, out_file = tmp / f"{name}-{token}.json", tmp / f"{name}-{token}.out.json"
        log_file = tmp / f"{name}-{token}.log"
        arg_file.write_text(json.dumps(args), "utf-8")
        command = [sys.executable]
        if profile is not None:
            command += ["-m", "cProfile", "-o", str(profile)]
        command += [str(BENCH / "tasks.py"), name, str(arg_file), str(out_file)]
        before = machine.loadavg()
        started = time.perf_counter()
        with open(log_file, "wb") as log:
            proc = subprocess.Popen(
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=REPO,
                env={**os.environ, **(env or {})},
            )
            _pid, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        if proc.returncode != 0:
            tail = log_file.read_text("utf-8", "replace").strip().splitlines()[-15:]
            raise RuntimeError(f"task {name} failed ({proc.returncode}):\n" + "\n".join(tail))
        result = json.loads(out_file.read_text("utf-8"))
        result["process"] = {
            "wall": wall,
            "cpu": usage.ru_utime + usage.ru_stime,
            "peak_rss_mb": usage.ru_maxrss / 1024,
            "load_before": before,
            "load_after": machine.loadavg(),
        }
        say(
            f"  {name}: {wall:.1f} s wall, {result['process']['cpu']:.1f} s CPU, "
            f"peak {usage.ru_maxrss / 1024:.0f} MB, load {before[0]} -> {machine.loadavg()[0]}"
        )
        return result

    def record(self, name: str, data: dict[str, Any]) -> None:
        data["measured_at"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        data["commit"] = self.results["machine"]["commit"]
        self.results["measurements"][name] = data
        self.save()

    def save(self) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        (self.out / "results.json").write_text(
            json.dumps(self.results, indent=1, default=str) + "\n", "utf-8"
        )
        (self.out / "RESULTS.md").write_text(render.markdown(self.results), "utf-8")

    def repo_spec(self, purpose: str, name: str) -> dict[str, Any]:
        path = self.work / "clones" / purpose / name / "versions"
        return {"name": name, "path": str(path)}

    def store(self, name: str) -> Path:
        return self.work / "stores" / name

    def fresh_store(self, name: str) -> Path:
        path = self.store(name)
        if path.exists():
            shutil.rmtree(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    # ------------------------------------------------------------------ measurements

    def m_load(self) -> None:
        """Full history of every collection into a fresh store (each clone one commit short
        of its tip: that last commit is the new-commit measurement)."""
        say("load: full history into a fresh store (once: expensive)")
        for name in self.collections:
            self.clone("main", name, back=1)
        first = self.store("first")
        if first.exists():
            shutil.rmtree(first)
        result = self.task(
            "load",
            {
                "store": str(self.fresh_store("full")),
                "repos": [self.repo_spec("main", n) for n in self.collections],
                "snapshot_after_first": str(first),
                "sample_rss": True,
            },
        )
        self.record("load", result)
        self.results["measurements"].pop("new-commit", None)

    def m_new_commit(self) -> None:
        say("new-commit: fast-forward each clone by its last commit and load it")
        runs = []
        for name in self.collections:
            spec = self.repo_spec("main", name)
            tip = self.work / "clones" / "main" / name / "tip"
            runs.append(
                self.task(
                    "new-commit",
                    {"store": str(self.store("full")), "repo": spec, "to": tip.read_text().strip()},
                )
                | {"repo": name}
            )
        self.record("new-commit", {"runs": runs})

    def m_reload(self) -> None:
        say(f"reload: no-op re-load of every collection, {self.repeats} times")
        repos = [self.repo_spec("main", n) for n in self.collections]
        runs = [
            self.task("load", {"store": str(self.store("full")), "repos": repos})
            for _ in range(self.repeats)
        ]
        if not all(s["up_to_date"] for r in runs for s in r["stages"]):
            raise RuntimeError("reload: a repository was not up to date (the store is stale)")
        self.record("reload", {"runs": runs})

    def m_classify(self) -> None:
        say("classify: classify_many on the distinct clause texts of the latest versions")
        self.record(
            "classify", self.task("classify", {"store": str(self.store("full")), "repeats": 3})
        )

    def m_reports(self) -> None:
        say("reports: every canned report on the embedded store (Cypher)")
        self.record(
            "reports",
            self.task(
                "reports",
                {"store": str(self.store("full")), "backend": "embedded", "repeats": self.repeats},
            ),
        )

    def m_neo4j(self) -> None:
        from govgraph import devserver

        reason = devserver.missing_requirements()
        if reason or self.args.no_neo4j:
            say(f"neo4j: skipped ({reason or '--no-neo4j'})")
            self.record("neo4j", {"skipped": reason or "--no-neo4j"})
            return
        say("neo4j: start a dev server, push the full store, reports, per-row baseline")
        password = secrets.token_urlsafe(16)
        started = time.perf_counter()
        server = devserver.start(password=password)
        start_s = time.perf_counter() - started
        env = {"NEO4J_URI": server.uri, "NEO4J_USERNAME": server.user, "NEO4J_PASSWORD": password}
        found: dict[str, Any] = {"server_start_s": start_s}
        try:  # each part recorded as soon as it is measured
            found["push"] = self.task("push", {"store": str(self.store("full"))}, env=env)
            self.record("neo4j", found)
            found["reports"] = self.task(
                "reports", {"backend": "neo4j", "repeats": self.repeats}, env=env
            )
            self.record("neo4j", found)
            found["rows"] = self.task(
                "neo4j-rows",
                {"store": str(self.store("full")), "clauses": self.args.row_sample},
                env=env,
            )
            self.record("neo4j", found)
        finally:
            server.stop(graceful=False)

    def m_scaling(self) -> None:
        say("scaling: the same load at 1/4 and 1/2 of every history (all of it: 'load')")
        steps = {}
        for fraction in (0.25, 0.5):
            purpose = f"s{int(fraction * 100)}"
            for name in self.collections:
                self.clone(purpose, name, fraction=fraction)
            steps[str(fraction)] = self.task(
                "load",
                {
                    "store": str(self.fresh_store(purpose)),
                    "repos": [self.repo_spec(purpose, n) for n in self.collections],
                },
            )
            shutil.rmtree(self.store(purpose))
        self.record("scaling", {"steps": steps})

    def m_naive(self) -> None:
        first = self.collections[0]
        say(f"naive: re-process every version of {first} from scratch (once: expensive)")
        self.clone("naive", first, back=1)
        result = self.task(
            "naive",
            {"store": str(self.fresh_store("naive")), "repos": [self.repo_spec("naive", first)]},
        )
        shutil.rmtree(self.store("naive"))
        result["collection"] = first
        self.record("naive", result)

    def m_rdflib(self) -> None:
        say(f"rdflib: canned SPARQL on Oxigraph vs rdflib ({self.collections[0]} store)")
        self.record(
            "rdflib",
            self.task(
                "rdflib-vs-oxigraph",
                {"store": str(self.store("first")), "timeout_s": self.args.rdflib_timeout},
            ),
        )

    def m_synth(self) -> None:
        copies = self.args.synth_copies or (2 if self.args.quick else 10)
        names = self.args.synth_from or self.collections[:1]
        say(f"synth: {copies} renamed copies of {', '.join(names)} in one repository")
        sources = [self.clone("synth-src", n) for n in names]
        target = self.work / "clones" / "synth" / f"synth-x{copies}" / "versions"
        if target.parent.exists():
            shutil.rmtree(target.parent)
        built = synth.build(sources, target, copies)
        result = self.task(
            "load",
            {
                "store": str(self.fresh_store("synth")),
                "repos": [{"name": target.parent.name, "path": str(target), "jurisdiction": "EU"}],
                "sample_rss": True,
            },
        )
        shutil.rmtree(self.store("synth"))
        self.record("synth", result | {"built": built | {"from": names}})

    def m_profile(self) -> None:
        name = self.collections[0]
        say(f"profile: cProfile of one full {name} load into a fresh store")
        self.clone("profile", name)
        prof = self.work / "load.prof"
        result = self.task(
            "load",
            {"store": str(self.fresh_store("profile")), "repos": [self.repo_spec("profile", name)]},
            profile=prof,
        )
        shutil.rmtree(self.store("profile"))
        target = self.out / "PROFILE.md"
        previous = target.read_text("utf-8") if target.exists() else ""
        text = render.profile_markdown(
            prof, result, self.results["machine"], name, previous=previous
        )
        target.write_text(text, "utf-8")
        self.record(
            "profile",
            {
                "wall": result["wall"],
                "cpu": result["cpu"],
                "versions": result["versions"],
                "process": result["process"],
                "file": "PROFILE.md",
            },
        )

    # ------------------------------------------------------------------ driver

    def ensure_full_store(self) -> None:
        if not (self.store("full") / "CURRENT").exists():
            self.m_load()
        if "new-commit" not in self.results["measurements"]:
            self.m_new_commit()

    def run(self, names: list[str]) -> None:
        for name in names:
            if name in NEEDS_FULL_STORE and name != "new-commit":
                self.ensure_full_store()
            if name == "new-commit" and not (self.store("full") / "CURRENT").exists():
                self.m_load()
            try:
                getattr(self, "m_" + name.replace("-", "_"))()
            except (RuntimeError, OSError, subprocess.CalledProcessError) as error:
                # One broken measurement must not cost the others: record why, go on.
                say(f"{name}: FAILED: {error}")
                self.failed.append(name)
                self.results["measurements"].setdefault(name, {})["error"] = str(error)[-2000:]
                self.save()


def git(*args: str) -> None:
    subprocess.run(["git", *args], check=True)


def git_lines(repo: Path, *args: str) -> list[str]:
    out = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    )
    return out.stdout.split()


def say(text: str) -> None:
    print(text, flush=True)


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument(
        "--quick",
        action="store_true",
        help="genai-eu only, first 300 commits, 3 repeats (to build and debug)",
    )
    p.add_argument(
        "--only",
        nargs="+",
        choices=MEASUREMENTS,
        metavar="NAME",
        help=f"run only these ({', '.join(MEASUREMENTS)}); keeps the other results",
    )
    p.add_argument(
        "--skip",
        nargs="+",
        choices=MEASUREMENTS,
        metavar="NAME",
        default=[],
        help="run everything but these",
    )
    p.add_argument(
        "--shared",
        default=str(REPO.parent / "shared"),
        help="the shared data directory (default ../shared)",
    )
    p.add_argument("--out", help="results directory (default bench/results[/quick])")
    p.add_argument("--workdir", help="keep clones and stores here (default: a temp dir, removed)")
    p.add_argument("--commits", type=int, help="cut every history at this many commits")
    p.add_argument("--repeats", type=int, help="runs of the cheap measurements (median)")
    p.add_argument("--synth-copies", type=int, help="copies of every collection in 'synth'")
    p.add_argument(
        "--synth-from",
        nargs="+",
        choices=COLLECTIONS,
        metavar="NAME",
        help="collections the synthetic repository copies (default: genai-eu)",
    )
    p.add_argument(
        "--row-sample", type=int, default=2000, help="clauses in the per-row vs UNWIND Neo4j sample"
    )
    p.add_argument(
        "--rdflib-timeout",
        type=float,
        default=30.0,
        help="seconds before an rdflib query is given up",
    )
    p.add_argument("--no-neo4j", action="store_true", help="skip everything needing Neo4j")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    suite = Suite(args)
    names = [n for n in (args.only or MEASUREMENTS) if n not in args.skip]
    say(f"bench: {', '.join(names)} on {', '.join(suite.collections)}; work dir {suite.work}")
    suite.results["machine"]["load_start"] = machine.loadavg()
    try:
        suite.run(names)
    finally:
        suite.results["machine"]["load_end"] = machine.loadavg()
        suite.save()
        if not args.workdir:
            shutil.rmtree(suite.work, ignore_errors=True)
    say(f"bench: wrote {suite.out / 'RESULTS.md'} and results.json")
    if suite.failed:
        say(f"bench: FAILED: {', '.join(suite.failed)} (see results.json)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
