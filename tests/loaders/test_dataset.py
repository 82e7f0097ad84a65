"""OTA datasets: zips and folders built from a real clone, and hostile archives."""

from __future__ import annotations

import stat
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from govgraph.errors import InputError
from govgraph.loaders.dataset import OtaDataset
from tests.loaders.conftest import git

DOCS = ["ChatGPT/Terms of Service.md", "Claude.ai/Privacy Policy.md", "Le Chat/Terms of Service.md"]


def _history(clone: Path) -> list[tuple[str, str, str, str]]:
    """(member path without top folder, text, time, document) for DOCS' whole history."""
    rows = []
    for doc in DOCS:
        service, terms = doc[:-3].split("/")
        log = git(clone, "log", "--format=%H %aI", "--", doc).split("\n")
        for line in filter(None, log):
            commit, date = line.split()
            moment = datetime.fromisoformat(date).astimezone(UTC)
            name = moment.strftime("%Y-%m-%dT%H-%M-%SZ")
            text = git(clone, "show", f"{commit}:{doc}")
            rows.append(
                (f"{service}/{terms}/{name}.md", text, moment.strftime("%Y-%m-%dT%H:%M:%SZ"), doc)
            )
    return rows


@pytest.fixture(scope="module")
def history(genai_clone: Path) -> list[tuple[str, str, str, str]]:
    return _history(genai_clone)


@pytest.fixture
def dataset_zip(tmp_path: Path, history) -> Path:
    path = tmp_path / "genai-eu-dataset-2026-08-22.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        top = "genai-eu — 2026-08-22"
        archive.writestr(
            f"{top}/README.md", "# Open Terms Archive — genai-eu — August 22, 2026 dataset\n"
        )
        archive.writestr(f"{top}/LICENSE", "ODC-BY")
        for member, text, _t, _d in history:
            archive.writestr(f"{top}/{member}", text)
    return path


def test_zip_versions_match_git_history(dataset_zip: Path, history) -> None:
    data = OtaDataset(dataset_zip)
    versions = list(data.versions())
    assert len(versions) == len(history) > 20
    assert data.info.kind == "ota-dataset" and data.info.collection == "genai-eu"
    assert data.jurisdiction == "EU" and "genai-eu" in (data.jurisdiction_note or "")
    times = [v.recorded_at for v in versions]
    assert times == sorted(times)
    expected = {(f"genai-eu — 2026-08-22/{m}", t, at) for m, t, at, _d in history}
    assert {(v.source_id, v.text, v.recorded_at) for v in versions} == expected
    assert not any(v.technical for v in versions)
    assert {v.document.platform for v in versions} == {"ChatGPT", "Claude.ai", "Le Chat"}


def test_folder_equals_zip_and_since(dataset_zip: Path, tmp_path: Path) -> None:
    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(dataset_zip) as archive:
        archive.extractall(folder)
    from_zip = [(v.document, v.recorded_at, v.text) for v in OtaDataset(dataset_zip).versions()]
    from_folder = [
        (v.document, v.recorded_at, v.text)
        for v in OtaDataset(folder, jurisdiction="EU").versions()
    ]
    assert [x[1:] for x in from_zip] == [x[1:] for x in from_folder]
    cut = from_zip[len(from_zip) // 2][1]
    later = list(OtaDataset(dataset_zip).versions(since=cut))
    assert later and all(v.recorded_at > cut for v in later)
    assert len(later) == sum(1 for x in from_zip if x[1] > cut)
    with pytest.raises(InputError, match="not a time"):
        list(OtaDataset(dataset_zip).versions(since="yesterday"))


def _zip(
    path: Path, members: dict[str, bytes | str], compression: int = zipfile.ZIP_DEFLATED
) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


GOOD = "Acme/Terms/2024-01-01T00-00-00Z.md"


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({GOOD: "ok", "../evil.md": "x"}, "path traversal"),
        ({GOOD: "ok", "/etc/passwd": "x"}, "absolute or unsafe"),
        ({GOOD: "ok", "Acme\\Terms\\x.md": "x"}, "absolute or unsafe"),
        ({"Acme/Terms/yesterday.md": "x"}, "'yesterday' is not a timestamp"),
        ({"Acme/Terms/2024-13-01T00-00-00Z.md": "x"}, "not a valid time"),
        ({GOOD: "ok", "Acme/notes.txt": "x"}, "unexpected member 'Acme/notes.txt'"),
        ({GOOD: b"caf\xe9"}, "is not UTF-8"),
        ({"README.md": "# nothing"}, "holds no versions"),
    ],
)
def test_bad_archives_are_refused(tmp_path: Path, members, message: str) -> None:
    path = _zip(tmp_path / "data-us.zip", members)
    with pytest.raises(InputError, match=message):
        list(OtaDataset(path).versions())


def test_symlink_member_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "links-us.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(GOOD, "ok")
        link = zipfile.ZipInfo("Acme/Terms/2024-02-01T00-00-00Z.md")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    with pytest.raises(InputError, match="symbolic link"):
        OtaDataset(path)


def test_zip_bomb_and_size_limits(tmp_path: Path) -> None:
    bomb = _zip(tmp_path / "bomb-us.zip", {GOOD: b"a" * (8 * 1024 * 1024)})
    with pytest.raises(InputError, match=r"compresses \d+:1.*zip bomb"):
        OtaDataset(bomb)
    big = _zip(tmp_path / "big-us.zip", {GOOD: "x" * 5000}, zipfile.ZIP_STORED)
    with pytest.raises(InputError, match="over the 1000-byte limit"):
        OtaDataset(big, max_member_bytes=1000)
    many = _zip(
        tmp_path / "many-us.zip",
        {f"Acme/T/2024-01-0{d}T00-00-00Z.md": "y" * 600 for d in range(1, 4)},
    )
    with pytest.raises(InputError, match="passes 1000 bytes"):
        OtaDataset(many, max_total_bytes=1000)


def test_folder_symlink_and_not_a_zip(tmp_path: Path) -> None:
    folder = tmp_path / "set-eu"
    (folder / "Acme" / "Terms").mkdir(parents=True)
    (folder / "Acme" / "Terms" / "2024-01-01T00-00-00Z.md").write_text("ok")
    (folder / "Acme" / "Terms" / "2024-02-01T00-00-00Z.md").symlink_to("/etc/hostname")
    with pytest.raises(InputError, match="symbolic link"):
        OtaDataset(folder)
    broken = tmp_path / "broken-eu.zip"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match="not a readable zip"):
        OtaDataset(broken)
