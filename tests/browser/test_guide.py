"""The guide: examples picked from the loaded graph, one slide per report, valid for Browser."""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from govgraph.browser.guide import render_guide, slides
from govgraph.browser.guide_data import GuideData, guide_data
from govgraph.errors import InputError
from govgraph.graph.base import Capability
from govgraph.graph.embedded import EmbeddedStore
from govgraph.queries import reports
from govgraph.queries.canned import StoreRunner, cypher_parameters, query_text

REPORTS = ["training-restrictions", "compare", "similar", "platform", "changes", "timeline",
           "coverage", "regulations", "stats"]  # fmt: skip


class _Slides(HTMLParser):
    """Collects each <slide>'s text, runnable queries and data-exec commands."""

    def __init__(self) -> None:
        super().__init__()
        self.slides: list[dict[str, list[str]]] = []
        self._where: str | None = None
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        a = dict(attrs)
        if tag == "slide":
            self.slides.append({"text": [], "runnable": [], "exec": []})
        elif tag == "pre" and "runnable" in (a.get("class") or ""):
            self._where = "runnable"
            self.slides[-1]["runnable"].append("")
        if a.get("data-exec"):
            self.slides[-1]["exec"].append(a["data-exec"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self._where = None

    def handle_data(self, data: str) -> None:
        if not self.slides:
            return
        self.slides[-1]["text"].append(data)
        if self._where == "runnable":
            self.slides[-1]["runnable"][-1] += data


def _parse(html: str) -> _Slides:
    parser = _Slides()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def data(runner: StoreRunner) -> GuideData:
    return guide_data(runner)


def test_examples_exist_in_the_graph(runner: StoreRunner, data: GuideData) -> None:
    flagship = reports.training_restrictions(runner, "EU")
    assert data.restricting == sorted({r[0] for r in flagship.rows}, key=str.lower)
    assert data.platform == data.restricting[0]
    assert data.regime == "EU" and data.jurisdictions == ["EU"]
    assert {"gdpr", "eu-ai-act"} <= set(data.regulations)
    details = runner.run("clause_details", {"clauses": [data.clause_id]})
    assert details and details[0]["platform"] == data.platform
    assert details[0]["text"] == data.clause_text
    compare = reports.compare(runner, data.category, regime="EU")
    present = [r for r in compare.rows if r[3] != reports.NOT_FOUND]
    assert len({r[0] for r in present}) >= len(data.platforms) // 2  # the widest-spread one
    assert data.counts["Platform"] == len(data.platforms) == 12
    assert data.changes_start < max(
        v["recorded_at"] for v in runner.run("versions", {"start": "0", "bound": "9"})
    )


def test_one_slide_per_report_with_runnable_queries(data: GuideData) -> None:
    html = render_guide(data, "http://localhost:1234/govgraph.grass")
    parsed = _parse(html)
    assert "script" not in parsed.tags
    assert re.search(r"<title>govgraph: platform terms as a graph</title>", html)
    assert len(parsed.slides) == 1 + len(REPORTS)
    text = [" ".join(s["text"]) for s in parsed.slides]
    for name, slide_text in zip(REPORTS, text[1:], strict=True):
        assert f"govgraph report {name}" in slide_text
    assert parsed.slides[0]["exec"] == ["style http://localhost:1234/govgraph.grass"]
    assert data.platform in text[1] and "analysis, not legal advice" in text[0]
    for s in parsed.slides:
        assert s["runnable"], s["text"][:2]


def test_every_query_gets_the_parameters_it_uses(data: GuideData) -> None:
    for slide in slides(data):
        for runnable in slide.runnables:
            used = cypher_parameters(runnable.query())
            assert used == set(runnable.params), (slide.heading, used)
            if runnable.params:
                command = runnable.params_command()
                assert command.startswith("params {") and command.endswith("}")
                for key in runnable.params:
                    assert f"{key}: " in command


def test_flagship_table_is_the_canned_query(data: GuideData) -> None:
    canned = query_text("training_restrictions", Capability.CYPHER)
    body = "\n".join(line for line in canned.splitlines() if not line.startswith("//"))
    flagship = slides(data)[1]
    assert flagship.runnables[1].query() == body.strip()


def test_values_are_escaped(data: GuideData) -> None:
    hostile = dataclasses.replace(
        data, platform='<img src=x onerror="alert(1)">', clause_text="a </pre><b>", regime="EU"
    )
    html = render_guide(hostile)
    assert "<img" not in html and "</pre><b>" not in html
    assert "&lt;img src=x onerror=" in html


def test_a_regime_without_documents_is_named(runner: StoreRunner) -> None:
    with pytest.raises(InputError, match=r"no documents under the US regime.*apply in EU"):
        guide_data(runner, "US")
    with pytest.raises(InputError, match=r"unknown regime .XX."):
        guide_data(runner, "XX")


def test_a_graph_without_documents_says_what_to_do(tmp_path: Path) -> None:
    from govgraph.reference import category_records

    with EmbeddedStore.open_for_write(tmp_path / "store") as tx:
        tx.write(category_records())
    with (
        EmbeddedStore.open(tmp_path / "store") as store,
        pytest.raises(InputError, match=r"holds no documents.*govgraph push neo4j"),
    ):
        guide_data(StoreRunner(store))
