"""The regulatory mapping: completeness of the bundled data and validation of files."""

from __future__ import annotations

from pathlib import Path

import pytest

from govgraph.categories import category_ids
from govgraph.errors import InputError
from govgraph.models import AddressedBy
from govgraph.reference import KINDS, bundled_mapping, load_mapping_file, reference_records
from govgraph.reference.jurisdictions import ancestors
from govgraph.reference.regulations import articles, regulations

REGIMES = ("EU", "GB", "US", "US-CA", "US-CO", "CN", "BR")


def _regime_of(link: AddressedBy) -> str:
    return regulations()[link.target.split("/")[0]].record.jurisdiction


@pytest.mark.parametrize("category", category_ids())
def test_every_category_has_an_eu_link_with_rationale(category: str) -> None:
    eu = [
        link
        for link in bundled_mapping().links
        if link.source == category and _regime_of(link) == "EU"
    ]
    assert eu, f"{category} has no EU link"
    assert all(len(link.rationale.split()) >= 5 for link in eu)


@pytest.mark.parametrize("code", REGIMES)
def test_every_category_is_linked_or_declared_absent_in_each_regime(code: str) -> None:
    chain = {code, *ancestors(code)}
    mapping = bundled_mapping()
    for category in category_ids():
        linked = any(
            link.source == category and _regime_of(link) in chain for link in mapping.links
        )
        absent = any(gap.category == category and gap.regime in chain for gap in mapping.gaps)
        assert linked or absent, f"{category} has neither a link nor a 'none' entry in {code}"
        if code in {"GB", "US", "CN", "BR"}:
            # a 'none' entry must not contradict a link of the same regime
            own_link = any(
                link.source == category and _regime_of(link) == code for link in mapping.links
            )
            own_gap = any(g.category == category and g.regime == code for g in mapping.gaps)
            assert not (own_link and own_gap), f"{category}: both link and none in {code}"


def test_every_mapped_article_exists_and_kinds_are_known() -> None:
    mapping = bundled_mapping()
    assert len(mapping.links) > 150
    for link in mapping.links:
        rid, _, number = link.target.partition("/")
        assert number in articles()[rid], link.target
        assert link.kind in KINDS
        assert link.origin == "bundled"
        assert regulations()[rid].in_regimes, f"{link.target}: cites an unverified act"


def test_expected_depth_examples() -> None:
    targets = {(link.source, link.target) for link in bundled_mapping().links}
    for pair in [
        ("provider-trains-on-user-content", "gdpr/6"),
        ("provider-trains-on-user-content", "gdpr/13"),
        ("provider-trains-on-user-content", "gdpr/21"),
        ("provider-trains-on-user-content", "eu-ai-act/53"),
        ("ai-content-training-ban", "cdsm/4"),
        ("ai-content-training-ban", "eu-ai-act/53"),
        ("ai-output-disclosure", "eu-ai-act/50"),
        ("arbitration", "faa/2"),
        ("class-action-waiver", "faa/2"),
        ("content-removal", "dsa/17"),
        ("unilateral-change", "p2b/3"),
        ("unilateral-termination", "p2b/4"),
        ("minimum-age", "gdpr/8"),
        ("minimum-age", "coppa/6502"),
        ("international-data-transfer", "gdpr/46"),
        ("data-subject-rights", "gdpr/17"),
    ]:
        assert pair in targets, pair


def test_reference_records_include_the_mapping_and_categories() -> None:
    records = list(reference_records())
    kinds = {type(r).__name__ for r in records}
    assert {"Jurisdiction", "Within", "Category", "Broader", "Regulation", "Article"} <= kinds
    assert {"PartOf", "InForceIn", "AddressedBy"} <= kinds
    groups = [r for r in records if type(r).__name__ == "Category" and r.is_group]
    assert len(groups) == 6
    keys = [r.key() for r in records if isinstance(r, AddressedBy)]
    assert len(keys) == len(set(keys))


GOOD = """\
categories:
  minimum-age:
    - regulation: gdpr
      article: "8"
      kind: restricts
      rationale: An analyst's own reading of Art. 8.
    - regulation: gdpr
      articles: ["12", 13]
      kind: requires-information
      rationale: Information to children must be clear.
    - regime: US
      kind: none
      rationale: Nothing here.
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_load_a_good_file(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD)
    links = load_mapping_file(path)
    assert [link.target for link in links] == ["gdpr/8", "gdpr/12", "gdpr/13"]
    assert all(link.origin == str(path) for link in links)
    bundled = {link.key(): link for link in bundled_mapping().links}
    assert links[0].key() in bundled  # same (category, article): replaces the bundled link
    assert links[0].rationale != bundled[links[0].key()].rationale


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (GOOD.replace("minimum-age:", "minimum-agee:"), 2, "unknown category 'minimum-agee'"),
        (GOOD.replace('article: "8"', 'article: "800"'), 4, "unknown article '800'"),
        (
            GOOD.replace("- regulation: gdpr\n      article", "- regulation: gdprr\n      article"),
            3,
            "unknown regulation 'gdprr'",
        ),
        (
            GOOD.replace("      rationale: An analyst's own reading of Art. 8.\n", ""),
            3,
            "no rationale",
        ),
        (
            GOOD.replace("rationale: An analyst's own reading of Art. 8.", 'rationale: ""'),
            3,
            "no rationale",
        ),
        (GOOD.replace("kind: restricts", "kind: restrict"), 5, "unknown kind 'restrict'"),
        (GOOD.replace('["12", 13]', '["12", 8]'), 8, "already linked to gdpr article 8 on line 4"),
        (GOOD.replace("minimum-age:", "privacy:"), 2, "is a category group"),
        (GOOD.replace("regime: US", "regime: XX"), 11, "unknown regime 'XX'"),
        (GOOD.replace("categories:", "categries:"), 1, "unknown top-level key"),
        (GOOD.replace('articles: ["12", 13]', "articles: ["), 10, "flow sequence on line 8"),
        (GOOD.replace('article: "8"', 'article: "8"\n      articles: ["9"]'), 3, "exactly one of"),
        (
            GOOD.replace(
                "rationale: Nothing here.", "rationale: Nothing here.\n      article: '8'"
            ),
            14,
            "unknown key 'article'",
        ),
        ("", 1, "empty"),
    ],
)
def test_bad_files_name_the_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        load_mapping_file(path)
    assert f"{path}:{line}:" in str(caught.value)
    assert message in str(caught.value)


def test_cdsm_articles_not_bundled_are_rejected(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        GOOD.replace(
            '- regulation: gdpr\n      article: "8"', '- regulation: cdsm\n      article: "7"'
        ),
    )
    with pytest.raises(InputError, match="unknown article '7' of regulation 'cdsm'"):
        load_mapping_file(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        load_mapping_file(tmp_path / "absent.yaml")
