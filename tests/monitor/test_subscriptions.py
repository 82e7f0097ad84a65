"""Subscriptions: parsing with named errors, and matching on real summaries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govgraph.categories import scheme
from govgraph.cli.app import get_app
from govgraph.errors import InputError, UnknownNameError
from govgraph.monitor import jsonl
from govgraph.monitor.subscriptions import load_subscriptions, parse_subscriptions
from tests.monitor.conftest import copy_store

TRAINING = set(scheme().groups["ai-training-restriction"].members)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "subs.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_top_level_subscription(tmp_path):
    subs = load_subscriptions(
        write(
            tmp_path,
            'platforms = ["ChatGPT"]\ncategories = ["ai-training-restriction", "arbitration"]\n'
            'regimes = ["DE"]\nmin_severity = "medium"\n',
        )
    )
    (sub,) = subs.items
    assert sub.platforms == ("ChatGPT",)
    assert set(sub.categories) == TRAINING | {"arbitration"}
    assert sub.regimes == ("DE",)
    assert {"DE", "EU"} <= sub.covered and "FR" not in sub.covered
    assert sub.min_severity == "medium"


def test_several_subscriptions(tmp_path):
    subs = load_subscriptions(
        write(
            tmp_path,
            '[[subscription]]\nname = "training"\ncategories = "ai-training-restriction"\n\n'
            '[[subscription]]\nplatforms = ["Vibe"]\n',
        )
    )
    assert [s.name for s in subs.items] == ["training", "subscription 2"]
    assert subs.platforms() == {"Vibe"}


@pytest.mark.parametrize(
    ("text", "error", "words"),
    [
        ('categories = ["ai-trainig-restriction"]', UnknownNameError, ["ai-trainig-restriction", "did you mean"]),
        ('regimes = ["XX"]', UnknownNameError, ["regime", "'XX'"]),
        ('platfroms = ["ChatGPT"]', UnknownNameError, ["platfroms", "platforms"]),
        ('min_severity = "urgent"', InputError, ["min_severity", "urgent"]),
        ("platforms = [1, 2]", InputError, ["platforms", "[1, 2]"]),
        ('platforms = ["x"]\n[[subscription]]\nname = "y"', InputError, ["platforms", "[[subscription]]"]),
        ("platforms = [", InputError, ["not valid TOML"]),
    ],
)  # fmt: skip
def test_mistakes_are_named(tmp_path, text, error, words):
    path = write(tmp_path, text)
    with pytest.raises(error) as caught:
        load_subscriptions(path)
    message = str(caught.value)
    assert str(path) in message
    for word in words:
        assert word in message
    assert "\n" not in message


def test_missing_file_is_named(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        load_subscriptions(tmp_path / "nope.toml")


def test_matching_on_real_summaries(full_summaries):
    # In this replayed history Grok's and Le Chat's changes touch AI-training categories.
    training = [s for s in full_summaries if TRAINING & set(s.categories)]
    assert {s.platform for s in training} == {"Grok", "Le Chat"}
    grok_training = [s for s in training if s.platform == "Grok"]
    both = parse_subscriptions({"platforms": ["grok"], "categories": ["ai-training-restriction"]})
    assert both.wanted(full_summaries) == grok_training
    both = parse_subscriptions(
        {"platforms": ["grok", "le chat"], "categories": ["ai-training-restriction"]}
    )
    assert both.wanted(full_summaries) == training
    # The category filter: ChatGPT changed, but not in these categories.
    assert any(s.platform == "ChatGPT" for s in full_summaries)
    chatgpt = parse_subscriptions(
        {"platforms": ["chatgpt"], "categories": ["ai-training-restriction"]}
    )
    assert chatgpt.wanted(full_summaries) == []
    # The platform filter alone.
    claude = parse_subscriptions({"platforms": ["Claude.ai"]}).wanted(full_summaries)
    assert claude and all(s.platform == "Claude.ai" for s in claude)
    assert len(claude) == sum(1 for s in full_summaries if s.platform == "Claude.ai")
    high = parse_subscriptions({"min_severity": "high"}).wanted(full_summaries)
    assert high and all(s.severity == "high" for s in high)
    assert parse_subscriptions({"regimes": ["US"]}).wanted(full_summaries) == []
    assert parse_subscriptions({"regimes": ["FR"]}).wanted(full_summaries) == full_summaries


def test_watch_with_a_subscription_emits_only_matching_alerts(
    collection, full_store, full_summaries, tmp_path
):
    """The CLI on a store that has the collection but no watch state: the history is the
    backlog, filtered by a subscription to one platform and one category."""
    store = copy_store(full_store, tmp_path / "store")
    subs = write(tmp_path, 'platforms = ["Grok"]\ncategories = ["ai-output-training-ban"]\n')
    out = tmp_path / "alerts.jsonl"
    args = ["watch", str(collection.upstream), "--store", str(store)]
    result = CliRunner().invoke(
        get_app(), [*args, "--subscriptions", str(subs), "--json", str(out)]
    )
    assert result.exit_code == 0, result.output
    alerts = jsonl.read(out)
    expected = [
        s.id
        for s in full_summaries
        if s.platform == "Grok" and "ai-output-training-ban" in s.categories
    ]
    assert expected, "Grok's acceptable use policy reworded its output-training ban"
    assert [a["id"] for a in alerts] == expected
    assert all(a["platform"] == "Grok" for a in alerts)
    assert f"{len(full_summaries)} change summaries; {len(expected)} matching" in result.output
    # The history is now seen: a second run emits nothing, even without the filter.
    again = CliRunner().invoke(get_app(), [*args, "--json", str(out)])
    assert again.exit_code == 0, again.output
    assert [a["id"] for a in jsonl.read(out)] == expected
    state = json.loads((store / "watch-state.json").read_text())
    (source,) = state["sources"].values()
    assert source["alerted_head"] == collection.commits[-1]
