"""Property and fuzz tests: the segmenter, the loaders and ``classify`` on hostile input.

Library-level properties run many examples cheaply (a loader either yields versions or
raises ``InputError``, nothing else); the CLI-level tests check what a user sees (one
``error:`` line, exit 1) and that the store is unchanged.
"""

from __future__ import annotations

import io
import json
import random
import stat
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govgraph.errors import InputError
from govgraph.loaders.dataset import OtaDataset
from govgraph.loaders.detect import open_source
from govgraph.loaders.document import SingleDocument
from govgraph.loaders.segment import segment
from tests.loaders.conftest import commit_files, git
from tests.reliability.conftest import invoke, store_digest
from tests.reliability.test_bad_input import assert_refused, assert_store_ok, snapshot

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
GOOD = "# Terms\n\nYou must be 13 years old to use the service.\n\nNo scraping of the site.\n"
MEMBER = "Acme/Terms of Service/{}.md"

markdownish = st.lists(
    st.sampled_from(
        [
            *list("ab \n\t#>*-_+`[]()!|:.1\\<>&;"),
            "\r",
            "\u200b",
            "é",
            "😀",
            "\ufeff",
            "\x00",
            "(a)",
            "1.",
            "- ",
            "> ",
            "words ",
            "| x | y |\n",
            "|---|---|\n",
            "    ",
            "&amp;",
            "<br>",
            "[a](b)",
            "**",
        ]
    ),
    max_size=200,
).map("".join)


# ---------------------------------------------------------------- segmentation


def _check_segments(markdown: str) -> None:
    segments = segment(markdown)
    previous = -1
    for seg in segments:
        assert seg.text.strip(), seg
        assert 0 <= seg.start <= seg.end <= len(markdown), (seg, len(markdown))
        assert seg.start >= previous, "segments come in document order"
        previous = seg.start
    assert segment(markdown) == segments  # deterministic


@settings(max_examples=300, deadline=None)
@given(st.one_of(markdownish, st.text(max_size=300)))
def test_segment_never_raises_and_offsets_are_sane(markdown: str) -> None:
    _check_segments(markdown)


@pytest.mark.parametrize(
    "name, text",
    [
        ("deep quotes", "> " * 20_000 + "You must be 13 years old.\n"),
        ("deep lists", "".join("  " * i + "- item words\n" for i in range(3_000))),
        ("long line", "You agree to the terms " * 100_000 + "\n"),
        ("many lines", "You agree to clause number one.\n\n" * 50_000),
        ("brackets", "[" * 100_000 + "words" + "]" * 100_000),
        ("backticks", "`" * 100_000 + " words " + "`" * 99_999),
        ("table", "| a | b |\n|---|---|\n" + "| cell words | more words |\n" * 20_000),
        ("escapes", "\\" * 200_000 + "words"),
        ("emphasis", "*a " * 100_000),
    ],
)
def test_segment_stays_linear_on_huge_hostile_input(name: str, text: str) -> None:
    started = time.monotonic()
    _check_segments(text)
    assert time.monotonic() - started < 20, f"{name}: segmentation is not linear"


# ---------------------------------------------------------------- datasets (library)


def _zip(members: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def _read_all(path: Path) -> int:
    """Open a source and read every version: the number read, or InputError."""
    loader = open_source(path, jurisdiction="EU")
    return sum(1 for _ in loader.versions())


GOOD_ZIP = _zip(
    {
        "README.md": "# Open Terms Archive — Acme dataset\n",
        MEMBER.format("2024-01-01T00-00-00Z"): GOOD,
        MEMBER.format("2024-02-01T00-00-00Z"): GOOD + "\nAnother clause of words.\n",
    }
)


@FUZZ
@given(st.binary(max_size=2_000))
def test_random_bytes_as_a_dataset(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "random.zip"
    path.write_bytes(data)
    with pytest.raises(InputError):
        _read_all(path)


@FUZZ
@given(
    st.one_of(
        st.integers(0, len(GOOD_ZIP) - 1).map(lambda n: GOOD_ZIP[:n]),
        st.lists(st.tuples(st.integers(0, len(GOOD_ZIP) - 1), st.integers(0, 255)), min_size=1).map(
            lambda flips: _flip(GOOD_ZIP, flips)
        ),
    )
)
def test_truncated_or_corrupted_dataset_zip(tmp_path: Path, data: bytes) -> None:
    """A damaged zip reads completely or fails with InputError: never another exception."""
    path = tmp_path / "damaged.zip"
    path.write_bytes(data)
    try:
        assert _read_all(path) <= 2
    except InputError as error:
        assert "\n" not in str(error)


def _flip(data: bytes, flips: list[tuple[int, int]]) -> bytes:
    out = bytearray(data)
    for position, value in flips:
        out[position] = value
    return bytes(out)


@pytest.mark.filterwarnings("ignore:Duplicate name")
@FUZZ
@given(
    st.lists(
        st.lists(st.sampled_from([*"ab./\\:-TZ0129 _", "..", "\x00", "é", ".md"])).map("".join),
        min_size=1,
        max_size=4,
    )
)
def test_random_member_names(tmp_path: Path, names: list[str]) -> None:
    """Any member names: a clean refusal, or versions whose members are safe relative paths."""
    path = tmp_path / "names.zip"
    members = {name or "x": GOOD for name in names}
    try:
        path.write_bytes(_zip(members))
    except (ValueError, OSError, IndexError):
        return  # zipfile itself cannot write the name (e.g. empty after a NUL)
    try:
        loader = open_source(path, jurisdiction="EU")
        for version in loader.versions():
            parts = version.source_id.split("/")
            assert ".." not in parts and not version.source_id.startswith("/")
    except InputError:
        pass


def test_zip_bomb_refused_by_ratio(tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    path.write_bytes(_zip({MEMBER.format("2024-01-01T00-00-00Z"): b"a" * (20 * 1024 * 1024)}))
    assert path.stat().st_size < 100_000
    with pytest.raises(InputError, match="zip bomb"):
        OtaDataset(path, jurisdiction="EU")


def test_zip_total_and_member_limits(tmp_path: Path) -> None:
    noise = random.Random(7).randbytes(300_000)
    path = tmp_path / "big.zip"
    members = {MEMBER.format(f"2024-01-0{d}T00-00-00Z"): noise for d in range(1, 5)}
    path.write_bytes(_zip(members))
    with pytest.raises(InputError, match="over the 100000-byte limit"):
        OtaDataset(path, jurisdiction="EU", max_member_bytes=100_000)
    with pytest.raises(InputError, match="uncompressed size passes 1000000 bytes"):
        OtaDataset(path, jurisdiction="EU", max_total_bytes=1_000_000)


def test_zip_that_lies_about_its_sizes(tmp_path: Path) -> None:
    """Declared sizes are small, the data is not: reading stops at the limit."""
    data = random.Random(3).randbytes(400_000)
    raw = bytearray(_zip({MEMBER.format("2024-01-01T00-00-00Z"): data}))
    real = len(data).to_bytes(4, "little")
    fake = (1_000).to_bytes(4, "little")
    assert raw.count(real) == 2  # local header and central directory
    path = tmp_path / "liar.zip"
    path.write_bytes(bytes(raw).replace(real, fake))
    with pytest.raises(InputError):
        _read_all(path)


def test_dataset_folder_with_symlink_refused(tmp_path: Path, store: Path, cli) -> None:
    folder = tmp_path / "dataset"
    (folder / "Acme" / "Terms of Service").mkdir(parents=True)
    (folder / MEMBER.format("2024-01-01T00-00-00Z")).write_text(GOOD)
    (tmp_path / "secret.md").write_text("secret words of another file")
    (folder / MEMBER.format("2024-02-01T00-00-00Z")).symlink_to(tmp_path / "secret.md")
    before = snapshot(store)
    result = invoke(cli, "load", "ota", folder, "-j", "EU", "--store", store)
    assert_refused(result, store, before, "symbolic link")


def test_duplicate_versions_in_a_dataset_are_refused(tmp_path: Path, store: Path, cli) -> None:
    """Two files of one document at the same time (one with a fraction of .000): which text
    is the version? Silently keeping one loses the other."""
    folder = tmp_path / "dataset"
    (folder / "Acme" / "Terms of Service").mkdir(parents=True)
    (folder / MEMBER.format("2024-01-01T00-00-00Z")).write_text(GOOD)
    (folder / MEMBER.format("2024-01-01T00-00-00.000Z")).write_text(GOOD + "\nOther words.\n")
    before = snapshot(store)
    result = invoke(cli, "load", "ota", folder, "-j", "EU", "--store", store)
    assert_refused(result, store, before, "same time")


# ---------------------------------------------------------------- single documents


@FUZZ
@given(st.binary(max_size=3_000), st.sampled_from([".md", ".html", ".txt", ""]))
def test_random_bytes_as_a_document(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"doc{suffix}"
    path.write_bytes(data)
    try:
        loader = SingleDocument(path, "Acme", "Terms", "EU", "2026-01-01")
    except InputError as error:
        assert "\n" not in str(error)
        return
    (version,) = loader.versions()
    assert segment(version.text)


@pytest.mark.parametrize(
    "name, content",
    [
        ("deep.html", "<div>" * 50_000 + "<p>You must be 13 years old.</p>"),
        (
            "deep-lists.html",
            "<ul><li>" * 20_000 + "No scraping of the site." + "</li></ul>" * 20_000,
        ),
        ("deep-table.html", "<table><tr><td>" * 5_000 + "Words in a cell."),  # never closed
        ("deep.md", "> " * 20_000 + "You must be 13 years old.\n"),
        ("long-line.txt", "You agree to the terms " * 200_000),
        ("attributes.html", "<p " + "a='x' " * 100_000 + ">You agree to the terms.</p>"),
    ],
)
def test_hostile_documents_load(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content, "utf-8")
    started = time.monotonic()
    loader = SingleDocument(path, "Acme", "Terms", "EU", "2026-01-01")
    (version,) = loader.versions()
    assert segment(version.text)
    assert time.monotonic() - started < 30


def test_huge_document_refused_before_reading(tmp_path: Path, store: Path, cli) -> None:
    path = tmp_path / "huge.md"
    with open(path, "wb") as handle:
        handle.truncate(64 * 1024 * 1024 + 1)  # sparse: costs no disk
    before = snapshot(store)
    args = ["--platform", "Acme", "--type", "Terms", "-j", "EU", "--date", "2026-01-01"]
    result = invoke(cli, "load", "document", path, *args, "--store", store)
    assert_refused(result, store, before, "over the 67108864-byte limit")


@pytest.mark.parametrize(
    "date, match",
    [
        ("2026-02-30", "is not a date"),
        ("yesterday", "is not a date"),
        ("99999-01-01", "is not a date"),
    ],
)
def test_invalid_dates_refused(tmp_path: Path, store: Path, cli, date: str, match: str) -> None:
    path = tmp_path / "terms.md"
    path.write_text(GOOD)
    before = snapshot(store)
    args = ["--platform", "Acme", "--type", "Terms", "-j", "EU", "--date", date]
    result = invoke(cli, "load", "document", path, *args, "--store", store)
    assert_refused(result, store, before, match)


# ---------------------------------------------------------------- repositories


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    path = tmp_path / "versions"
    path.mkdir()
    git(path, "init", "-q", "-b", "main")
    return path


def test_repository_with_no_commits(repo: Path, store: Path, cli) -> None:
    before = snapshot(store)
    result = invoke(cli, "load", "ota", repo, "-j", "EU", "--store", store)
    assert_refused(result, store, before, "no commits")


def test_repository_with_non_utf8_file(repo: Path, store: Path, cli) -> None:
    commit_files(repo, {"Acme/Terms of Service.md": GOOD}, "First record", "2024-01-01T00:00:00Z")
    commit_files(
        repo, {"Acme/Terms of Service.md": b"caf\xe9 terms"}, "Record", "2024-02-01T00:00:00Z"
    )
    before = snapshot(store)
    result = invoke(cli, "load", "ota", repo, "-j", "EU", "--store", store)
    assert_refused(result, store, before, "UTF-8")


def test_repository_with_merge_commits_loads(repo: Path, store: Path, cli) -> None:
    commit_files(repo, {"Acme/Terms of Service.md": GOOD}, "First record", "2024-01-01T00:00:00Z")
    git(repo, "checkout", "-q", "-b", "side")
    commit_files(
        repo,
        {"Acme/Privacy Policy.md": "We keep your data for a year.\n"},
        "Record",
        "2024-02-01T00:00:00Z",
    )
    git(repo, "checkout", "-q", "main")
    commit_files(
        repo,
        {"Acme/Terms of Service.md": GOOD + "\nA new clause with words.\n"},
        "Record",
        "2024-03-01T00:00:00Z",
    )
    git(repo, "merge", "-q", "--no-ff", "-m", "Merge", "side", date="2024-04-01T00:00:00Z")
    result = invoke(cli, "load", "ota", repo, "-j", "EU", "--store", store)
    assert result.exit_code == 0, result.output
    assert_store_ok(store)
    again = invoke(cli, "load", "ota", repo, "-j", "EU", "--store", store)
    assert "already up to date" in again.output


def test_repository_that_is_a_file_or_corrupt(tmp_path: Path, repo: Path, store: Path, cli) -> None:
    commit_files(repo, {"Acme/Terms of Service.md": GOOD}, "First record", "2024-01-01T00:00:00Z")
    objects = sorted((repo / ".git" / "objects").glob("??/*"))
    for obj in objects:  # damage every loose object
        obj.chmod(stat.S_IWUSR | stat.S_IRUSR)
        obj.write_bytes(b"garbage")
    before = snapshot(store)
    result = invoke(cli, "load", "ota", repo, "-j", "EU", "--store", store)
    assert_refused(result, store, before, str(repo))


# ---------------------------------------------------------------- classify


@FUZZ
@given(st.binary(max_size=2_000))
def test_classify_random_bytes(tmp_path: Path, cli, data: bytes) -> None:
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_bytes(data)
    target.unlink(missing_ok=True)
    result = invoke(cli, "classify", "-i", source, "-o", target)
    assert result.exit_code in (0, 1), result.output
    if result.exit_code == 1:
        assert result.output.startswith("error: ") and result.output.count("\n") == 1
        assert not target.exists(), "no partial output on error"
    else:
        assert len(target.read_text().splitlines()) == sum(
            1 for line in data.decode().splitlines() if line.strip()
        )


jsonish_line = st.one_of(
    st.text(alphabet=st.sampled_from([*list('{}[]":, idtex0123\\'), "\u2028", "é"]), max_size=40),
    st.fixed_dictionaries(
        {"id": st.one_of(st.text(), st.integers(), st.booleans(), st.none())}
    ).map(json.dumps),
    st.builds(lambda i, t: json.dumps({"id": i, "text": t}), st.text(max_size=20), st.text()),
)


@FUZZ
@given(st.lists(jsonish_line, max_size=6))
def test_classify_malformed_jsonl(tmp_path: Path, cli, lines: list[str]) -> None:
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text("\n".join(lines), "utf-8")
    target.unlink(missing_ok=True)
    result = invoke(cli, "classify", "-i", source, "-o", target)
    if result.exit_code == 0:
        out = [json.loads(line) for line in target.read_text("utf-8").splitlines()]
        assert all(set(o) == {"id", "categories", "evidence", "confidence"} for o in out)
    else:
        assert result.exit_code == 1, result.output
        assert result.output.startswith("error: ") and "line " in result.output
        assert not target.exists()


@pytest.mark.parametrize(
    "name, match",
    [
        ("classify-malformed.jsonl", "line 3: invalid JSON"),
        ("classify-not-object.jsonl", "line 1: expected a JSON object"),
        ("classify-missing-text.jsonl", 'line 1: missing "text"'),
        ("classify-bad-types.jsonl", 'line 1: "id" must be a string or integer'),
        ("classify-latin1.jsonl", "not UTF-8"),
    ],
)
def test_classify_corpus(tmp_path: Path, cli, name: str, match: str) -> None:
    corpus = Path(__file__).parent / "corpus" / name
    target = tmp_path / "out.jsonl"
    result = invoke(cli, "classify", "-i", corpus, "-o", target)
    assert result.exit_code == 1
    assert match in result.output
    assert not target.exists()


def test_store_digest_sees_a_change(store: Path) -> None:
    """The digest the tests rely on does change when one triple changes."""
    from govgraph.graph.base import Capability
    from govgraph.graph.embedded import EmbeddedStore

    before = store_digest(store)
    with EmbeddedStore.open_for_write(store) as txn:
        txn.query("INSERT DATA { <urn:x> <urn:y> 'z' }", language=Capability.SPARQL, write=True)
    assert store_digest(store) != before
