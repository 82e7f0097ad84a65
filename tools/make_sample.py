"""Build the demo sample shipped in the package from an OTA versions repository.

The sample is an Open Terms Archive *dataset* (zip of
``<Service>/<Terms type>/<YYYY-MM-DDTHH-MM-SSZ>.md``) holding, for the chosen terms types,
the version in force at ``--start`` and every version recorded after it, so the demo has
real history to diff. Reproducible from the shared genai-eu collection::

    git clone ../shared/data/ota/genai-eu/versions.bundle /tmp/genai-eu
    python tools/make_sample.py /tmp/genai-eu govgraph/data/sample/genai-eu-sample.zip \\
        --start 2026-06-01

The data is ODC-BY 1.0: the zip's README credits Open Terms Archive contributors and the
collection's curators.
"""

from __future__ import annotations

import argparse
import subprocess
import zipfile
from datetime import UTC, datetime
from pathlib import Path

TYPES = ("Terms of Service", "Privacy Policy", "Acceptable Use Policy")

README = """# GenAI Governance Archive: govgraph demo sample

A subset of the Open Terms Archive collection **GenAI Governance Archive** (genai-eu),
in the Open Terms Archive dataset layout: `<Service>/<Terms type>/<recorded time>.md`.
It holds the {types} of each service: the version in force on {start} and every version
recorded after it, up to {end}.

Source: https://github.com/OpenTermsArchive/genai-eu-versions (commit {head}).

Licence: Open Data Commons Attribution License (ODC-BY 1.0),
https://opendatacommons.org/licenses/by/1-0/

Attribution: Open Terms Archive contributors; collection curated by the Lab Platform
Governance, Media and Technology (PGMT), Centre for Media, Communication and Information
Research (ZeMKI), University of Bremen.

Jurisdiction: EU (from the collection's metadata).
"""


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--start", default="2026-06-01")
    args = parser.parse_args()
    start = datetime.fromisoformat(args.start).replace(tzinfo=UTC)
    head = git(args.repo, "rev-parse", "HEAD").strip()
    members: dict[str, bytes] = {}
    last_time = start
    for path in git(args.repo, "ls-tree", "-r", "--name-only", "HEAD").splitlines():
        service, _, name = path.partition("/")
        terms_type = name.removesuffix(".md")
        if not name.endswith(".md") or terms_type not in TYPES:
            continue
        log = git(args.repo, "log", "--format=%H %aI", "--", path).splitlines()
        kept_before = False
        for line in log:  # newest first
            commit, when = line.split(" ", 1)
            moment = datetime.fromisoformat(when).astimezone(UTC)
            if moment < start:
                if kept_before:
                    break
                kept_before = True
            last_time = max(last_time, moment)
            text = git(args.repo, "show", f"{commit}:{path}")
            stamp = moment.strftime("%Y-%m-%dT%H-%M-%SZ")
            members[f"{service}/{terms_type}/{stamp}.md"] = text.encode("utf-8")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    readme = README.format(
        types=", ".join(TYPES), start=args.start, end=last_time.date().isoformat(), head=head
    )
    with zipfile.ZipFile(args.output, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        members["README.md"] = readme.encode("utf-8")
        for name in sorted(members):  # fixed member times: the same input gives the same zip
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, members[name])
    print(f"{args.output}: {len(members) - 1} versions, {args.output.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
