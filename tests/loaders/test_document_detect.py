"""Single documents (Markdown, HTML, plain text) and source detection."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from govgraph.errors import InputError
from govgraph.loaders.dataset import OtaDataset
from govgraph.loaders.detect import open_source
from govgraph.loaders.document import SingleDocument
from govgraph.loaders.html import html_to_markdown
from govgraph.loaders.ota import OtaRepository
from govgraph.loaders.segment import segment
from tests.loaders.conftest import commit_files

HTML = """<!doctype html><html><head><title>T</title><style>p{}</style></head><body>
<header>Site header</header><nav><a href="/">Home</a></nav>
<h1>Terms of Service</h1>
<p>By using <b>Acme</b> you agree to these   terms. Prices in *stars*.</p>
<h2>Your data</h2>
<ul><li>We collect <a href="/x">your email</a>.<ul><li>Nested detail.</li></ul></li>
<li>We keep it for 2 years.</li></ul>
<ol><li>1. Literal number stays.</li></ol>
<table><tr><th>Data</th><th>Purpose</th></tr><tr><td>Email</td><td>Login<br>Support</td></tr></table>
<script>document.write("no")</script><footer>Copyright Acme</footer></body></html>"""


def _one(path: Path, **kw) -> SingleDocument:
    args = {
        "platform": "Acme",
        "terms_type": "Terms of Service",
        "jurisdiction": "DE",
        "date": "2024-05-01",
    }
    args.update(kw)
    return SingleDocument(path, **args)


def test_html_document(tmp_path: Path) -> None:
    path = tmp_path / "terms.html"
    path.write_text(HTML, encoding="utf-8")
    doc = _one(path, source_url="https://acme.example/terms")
    (version,) = list(doc.versions())
    segs = segment(version.text)
    assert [(s.section, s.text) for s in segs] == [
        ("Terms of Service", "By using Acme you agree to these terms. Prices in *stars*."),
        ("Terms of Service > Your data", "We collect your email."),
        ("Terms of Service > Your data", "Nested detail."),
        ("Terms of Service > Your data", "We keep it for 2 years."),
        ("Terms of Service > Your data", "1. Literal number stays."),
        ("Terms of Service > Your data", "Email | Login Support"),
    ]
    assert segs[-1].header == "Data | Purpose"
    assert version.recorded_at == "2024-05-01T00:00:00Z"
    assert (
        version.document.jurisdiction == "DE" and version.source_url == "https://acme.example/terms"
    )
    assert version.source_id == "terms.html" and doc.info.kind == "document"
    assert "Site header" not in version.text and "document.write" not in version.text


def test_markdown_and_plain_text(tmp_path: Path) -> None:
    md = tmp_path / "terms.md"
    md.write_text("# Terms\n\nFirst **clause**.\n", encoding="utf-8")
    assert [s.text for s in segment(next(_one(md).versions()).text)] == ["First clause."]
    txt = tmp_path / "terms.txt"
    txt.write_text(
        "TERMS OF USE\n\n1. You must be 18.\nAll *rights* reserved\n\n# not a heading\n",
        encoding="utf-8",
    )
    texts = [s.text for s in segment(next(_one(txt).versions()).text)]
    assert texts == ["TERMS OF USE", "1. You must be 18. All *rights* reserved", "# not a heading"]


def test_encodings(tmp_path: Path) -> None:
    bom = tmp_path / "bom.md"
    bom.write_bytes(b"\xef\xbb\xbfCaf\xc3\xa9 terms.")
    assert next(_one(bom).versions()).text == "Café terms."
    utf16 = tmp_path / "u16.txt"
    utf16.write_bytes("Terms in UTF-16.".encode("utf-16"))
    assert "Terms in UTF-16." in next(_one(utf16).versions()).text
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Café".encode("latin-1"))
    with pytest.raises(
        InputError, match=r"latin.txt is not UTF-8 text \(invalid byte at offset 3\)"
    ):
        _one(latin)


@pytest.mark.parametrize(
    ("content", "kw", "message"),
    [
        ("   \n\n", {}, "has no text"),
        ("* * *\n\n[Home](/)\n", {}, "has no text"),
        ("Fine.", {"date": "31/12/2024"}, "date '31/12/2024' is not"),
        ("Fine.", {"jurisdiction": "Germany"}, "jurisdiction code 'Germany'"),
        ("Fine.", {"platform": " "}, "platform name is empty"),
    ],
)
def test_bad_documents(tmp_path: Path, content: str, kw: dict, message: str) -> None:
    path = tmp_path / "doc.md"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        _one(path, **kw)


def test_missing_document_and_since(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        _one(tmp_path / "nope.md")
    path = tmp_path / "doc.md"
    path.write_text("Words.", encoding="utf-8")
    assert list(_one(path).versions(since="2024-06-01")) == []
    assert len(list(_one(path).versions(since="2024-04-30T00:00:00Z"))) == 1


def test_html_converter_escapes_wording() -> None:
    md = html_to_markdown("<p>2019. A year</p><p>- dash</p><p>a_b *c* [d]</p><div>===</div>")
    assert [s.text for s in segment(md)] == ["2019. A year", "- dash", "a_b *c* [d]"]


# ------------------------------------------------------------------ detection


def test_open_source_detects_each_kind(make_repo: Callable[..., Path], tmp_path: Path) -> None:
    repo = make_repo("acme-eu")
    commit_files(repo, {"Acme/Terms.md": "Text."}, "First record", "2024-01-01T00:00:00Z")
    assert isinstance(open_source(repo), OtaRepository)
    zipped = tmp_path / "acme-eu.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("Acme/Terms/2024-01-01T00-00-00Z.md", "Text.")
    assert isinstance(open_source(zipped), OtaDataset)
    folder = tmp_path / "set" / "acme-us"
    (folder / "Acme" / "Terms").mkdir(parents=True)
    (folder / "Acme" / "Terms" / "2024-01-01T00-00-00Z.md").write_text("Text.")
    loader = open_source(folder.parent, jurisdiction="US")
    assert isinstance(loader, OtaDataset) and loader.jurisdiction == "US"


@pytest.mark.parametrize("kind", ["empty-dir", "text-file", "missing"])
def test_open_source_refuses_other_paths(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "thing"
    if kind == "empty-dir":
        path.mkdir()
        (path / "notes.md").write_text("x")
    elif kind == "text-file":
        path.write_text("not a zip")
    if kind == "missing":
        with pytest.raises(InputError, match="does not exist"):
            open_source(path)
        return
    with pytest.raises(
        InputError,
        match="is neither an Open Terms Archive versions repository nor a dataset",
    ):
        open_source(path)
