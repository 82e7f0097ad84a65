"""OTA versions repositories: the real genai-eu history and small hand-made repositories."""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from govgraph.errors import InputError
from govgraph.loaders.ota import OtaRepository
from tests.loaders.conftest import clone_bundle, commit_files, git

TECHNICAL = ("Refilter ", "Apply technical or declaration upgrade on ")


def _expected_from_git(repo: Path) -> list[tuple[str, str, str, str]]:
    """(commit, author date, subject, path) of every added/modified document, oldest first,
    computed independently with ``git log --name-status``."""
    out = subprocess.run(
        ["git", "-C", str(repo), "log", "--reverse", "--first-parent", "--no-renames",
         "--format=@@%H|%aI|%s", "--name-status"],
        capture_output=True, check=True, text=True,
    ).stdout  # fmt: skip
    rows = []
    commit = None
    for line in out.splitlines():
        if line.startswith("@@"):
            commit = line[2:].split("|", 2)
        elif line.strip():
            status, path = line.split("\t", 1)
            if path.count("/") == 1 and path.endswith(".md") and not path.startswith("."):
                assert commit is not None
                rows.append((commit[0], commit[1], commit[2], status, path))
    deleted_by_template = {
        r[4] for r in rows if r[2] == "Adapt template automatically" and r[3] == "D"
    }
    return [(c, d, s, p) for c, d, s, st, p in rows if st != "D" and p not in deleted_by_template]


@pytest.fixture(scope="module")
def genai_versions(genai_clone: Path, genai_shared: Path):
    repo = OtaRepository(
        genai_clone,
        metadata=genai_shared / "metadata.yml",
        declarations=genai_shared / "declarations",
    )
    return repo, list(repo.versions())


def test_genai_eu_whole_history_matches_git(genai_clone: Path, genai_versions) -> None:
    repo, versions = genai_versions
    count = git(genai_clone, "rev-list", "--count", "HEAD").strip()
    assert count == "1020"
    assert repo.commits_read == 1020
    expected = _expected_from_git(genai_clone)
    assert [
        (v.source_id, f"{v.document.platform}/{v.document.terms_type}.md") for v in versions
    ] == [(c, p) for c, _d, _s, p in expected]
    for v, (_c, date, subject, _p) in zip(versions, expected, strict=True):
        assert v.recorded_at == datetime.fromisoformat(date).astimezone(UTC).strftime(
            "%Y-%m-%dT%H:%M:%SZ"
        )
        assert v.message == subject
        assert v.technical == subject.startswith(TECHNICAL)
    assert sum(v.technical for v in versions) == sum(
        1 for _c, _d, s, _p in expected if s.startswith(TECHNICAL)
    )
    assert sum(v.technical for v in versions) > 20
    assert {v.document.jurisdiction for v in versions} == {"EU"}
    assert {v.document.jurisdiction_note for v in versions} == {None}
    docs = {(v.document.platform, v.document.terms_type) for v in versions}
    assert ("GitHub", "Terms of Service") not in docs  # template placeholder
    assert len(docs) == len({p for *_rest, p in expected})
    assert repo.template_skipped > 0


def test_texts_are_the_committed_blobs(genai_clone: Path, genai_versions) -> None:
    _repo, versions = genai_versions
    for v in versions[::97]:
        path = f"{v.document.platform}/{v.document.terms_type}.md"
        assert v.text == git(genai_clone, "show", f"{v.source_id}:{path}")


def test_source_urls_from_declarations(genai_versions) -> None:
    _repo, versions = genai_versions
    by_doc = {(v.document.platform, v.document.terms_type): v for v in versions}
    chatgpt = by_doc[("ChatGPT", "Terms of Service")]
    assert chatgpt.document.source_url == (
        "https://openai.com/policies/eu-terms-of-use/ https://openai.com/policies/service-terms/"
    )
    # Le Chat is no longer declared: its versions use the history valid at their date
    le_chat = [v for v in versions if v.document.platform == "Le Chat"]
    privacy = [v for v in le_chat if v.document.terms_type == "Privacy Policy"]
    assert privacy and all(
        v.source_url == "https://legal.mistral.ai/terms/privacy-policy" for v in privacy
    )
    tos = [v for v in le_chat if v.document.terms_type == "Terms of Service"]
    assert tos[0].source_url.split() == [
        "https://legal.mistral.ai/terms/eu-consumers-terms-of-service",
        "https://mistral.ai/legal/",
    ]


def test_info_and_attribution(genai_clone: Path, genai_versions) -> None:
    repo, _versions = genai_versions
    assert repo.info.kind == "ota-repository"
    assert repo.info.collection == "genai-eu"
    assert repo.info.head == git(genai_clone, "rev-parse", "HEAD").strip()
    assert repo.info.location == str(genai_clone.resolve())
    assert repo.info.licence == "ODC-BY-1.0"
    assert "Open Terms Archive contributors" in (repo.info.attribution or "")
    assert "Centre for Media, Communication and Information Research" in repo.info.attribution


def test_since_yields_only_later_commits(genai_clone: Path, genai_versions) -> None:
    _repo, versions = genai_versions
    commits = git(genai_clone, "rev-list", "--reverse", "HEAD").split()
    since = commits[1000]
    later = list(OtaRepository(genai_clone, jurisdiction="EU").versions(since=since))
    assert later and {v.source_id for v in later} <= set(commits[1001:])
    assert [v.source_id for v in later] == [
        v.source_id for v in versions if v.source_id in set(commits[1001:])
    ]
    assert list(OtaRepository(genai_clone, jurisdiction="EU").versions(since=commits[-1])) == []
    with pytest.raises(InputError, match="not in the repository"):
        next(OtaRepository(genai_clone, jurisdiction="EU").versions(since="deadbeef" * 5))


def test_metadata_found_beside_and_jurisdiction_rules(
    genai_clone: Path, genai_shared: Path, tmp_path: Path
) -> None:
    # no metadata anywhere, collection id "genai-eu" from the README: inferred, with a note
    inferred = OtaRepository(genai_clone)
    assert inferred.jurisdiction == "EU"
    assert "inferred from the collection name 'genai-eu'" in (inferred.jurisdiction_note or "")
    # explicit wins
    assert OtaRepository(genai_clone, jurisdiction="DE").jurisdiction == "DE"
    with pytest.raises(InputError, match="jurisdiction code 'Europe'"):
        OtaRepository(genai_clone, jurisdiction="Europe")
    # metadata.yml and declarations/ beside the clone are found
    layout = tmp_path / "genai-eu"
    shutil.copytree(genai_clone, layout / "versions")
    shutil.copy(genai_shared / "metadata.yml", layout / "metadata.yml")
    shutil.copytree(genai_shared / "declarations", layout / "declarations")
    beside = OtaRepository(layout / "versions")
    assert beside.jurisdiction == "EU" and beside.jurisdiction_note is None
    assert beside.meta.name == "GenAI Governance Archive"
    assert beside.document("ChatGPT", "Terms of Service").source_url


def test_vlopses_us_inferred_from_name(tmp_path: Path) -> None:
    repo = OtaRepository(clone_bundle("vlopses-us", tmp_path / "vlopses-us" / "versions"))
    assert repo.jurisdiction == "US"
    assert "vlopses-us" in (repo.jurisdiction_note or "")
    assert "Open Terms Archive Core Team" in (repo.info.attribution or "")


# ------------------------------------------------------------------ hand-made repositories


def test_unknown_jurisdiction_is_an_error(make_repo: Callable[..., Path]) -> None:
    repo = make_repo("terms")
    commit_files(
        repo, {"Acme/Terms of Service.md": "Hello terms."}, "First record", "2024-01-01T00:00:00Z"
    )
    with pytest.raises(
        InputError, match=r"cannot tell the jurisdiction of .*terms: give --jurisdiction"
    ):
        OtaRepository(repo)
    assert OtaRepository(repo, jurisdiction="FR").jurisdiction == "FR"


def test_path_errors(make_repo: Callable[..., Path], tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        OtaRepository(tmp_path / "missing", jurisdiction="EU")
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(InputError, match="is not a git repository"):
        OtaRepository(plain, jurisdiction="EU")
    empty = make_repo("empty")
    with pytest.raises(InputError, match="no commits"):
        OtaRepository(empty, jurisdiction="EU")
    repo = make_repo("full")
    commit_files(repo, {"Acme/Terms.md": "Words here."}, "First record", "2024-01-01T00:00:00Z")
    with pytest.raises(InputError, match="inside the git repository"):
        OtaRepository(repo / "Acme", jurisdiction="EU")


def test_non_utf8_file_names_commit_and_path(make_repo: Callable[..., Path]) -> None:
    repo = make_repo()
    commit_files(
        repo, {"Acme/Terms.md": "Fine text."}, "First record of Acme Terms", "2024-01-01T00:00:00Z"
    )
    bad = commit_files(
        repo,
        {"Acme/Terms.md": "Caf\xe9 latin-1".encode("latin-1")},
        "Record new changes",
        "2024-02-01T00:00:00Z",
    )
    versions = OtaRepository(repo, jurisdiction="EU").versions()
    assert next(versions).text == "Fine text."
    with pytest.raises(InputError, match=rf"Acme/Terms.md at commit {bad[:12]} .* is not UTF-8"):
        next(versions)


def test_merges_deletions_and_non_documents(make_repo: Callable[..., Path]) -> None:
    repo = make_repo()
    commit_files(
        repo,
        {"README.md": "# Versions", "LICENSE": "x", "Acme/Terms.md": "v1", ".github/x.md": "y"},
        "First record of Acme Terms",
        "2024-01-01T10:00:00+02:00",
    )
    git(repo, "checkout", "-q", "-b", "side")
    commit_files(
        repo,
        {"Acme/Terms.md": "v2 from side"},
        "Record new changes of Acme Terms",
        "2024-02-01T00:00:00Z",
    )
    commit_files(
        repo,
        {"Acme/Terms.md": "v3 from side"},
        "Record new changes of Acme Terms",
        "2024-02-02T00:00:00Z",
    )
    git(repo, "checkout", "-q", "main")
    commit_files(
        repo,
        {"Acme/Privacy Policy.md": "privacy"},
        "First record of Acme Privacy Policy",
        "2024-03-01T00:00:00Z",
    )
    git(repo, "merge", "-q", "--no-ff", "-m", "Merge side", "side", date="2024-04-01T00:00:00Z")
    merge = git(repo, "rev-parse", "HEAD").strip()
    commit_files(repo, {"Acme/Privacy Policy.md": None}, "Stop tracking", "2024-05-01T00:00:00Z")
    loader = OtaRepository(repo, jurisdiction="EU")
    versions = list(loader.versions())
    assert [(v.document.terms_type, v.text, v.recorded_at) for v in versions] == [
        ("Terms", "v1", "2024-01-01T08:00:00Z"),
        ("Privacy Policy", "privacy", "2024-03-01T00:00:00Z"),
        ("Terms", "v3 from side", "2024-04-01T00:00:00Z"),  # the merge, against its first parent
    ]
    assert versions[-1].source_id == merge
    assert [(d.document.terms_type, d.recorded_at) for d in loader.deletions] == [
        ("Privacy Policy", "2024-05-01T00:00:00Z")
    ]
    assert Counter(v.document.platform for v in versions) == {"Acme": 3}
