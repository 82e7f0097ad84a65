"""Version alignment: multiset semantics, similarity pairing, completeness, word diffs."""

from __future__ import annotations

import random
import time
from difflib import SequenceMatcher

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govgraph.loaders.align import (
    THRESHOLD,
    _tokens,
    diff_versions,
    render_word_diff,
    similarity,
    word_diff,
)


def test_modified_pair_found_and_unchanged_ignored() -> None:
    old = ["We collect your email address.", "You may cancel at any time.", "Old clause gone."]
    new = [
        "You may cancel at any time.",
        "We collect your email address and phone number.",
        "A completely new sentence about arbitration.",
    ]
    change = diff_versions(old, new)
    assert change.unchanged == 1
    assert [(m.old, m.new) for m in change.modified] == [
        ("We collect your email address.", "We collect your email address and phone number.")
    ]
    assert change.modified[0].similarity == pytest.approx(
        SequenceMatcher(None, _tokens(old[0]), _tokens(new[1])).ratio(), abs=1e-4
    )
    assert change.removed == ["Old clause gone."]
    assert change.added == ["A completely new sentence about arbitration."]
    assert (change.modified[0].old_index, change.modified[0].new_index) == (0, 1)


def test_identical_versions_and_moves_are_empty_change_sets() -> None:
    texts = ["a b c", "d e f", "g h i"]
    assert diff_versions(texts, texts).is_empty
    assert diff_versions(texts, list(reversed(texts))).is_empty


def test_duplicates_are_a_multiset() -> None:
    change = diff_versions(["Same text.", "Same text.", "Other."], ["Same text.", "Other."])
    assert change.removed == ["Same text."] and not change.added and not change.modified
    change = diff_versions(["Same text."], ["Same text.", "Same text."])
    assert change.added == ["Same text."] and change.unchanged == 1


def test_threshold_is_respected() -> None:
    old = ["alpha beta gamma delta epsilon zeta"]
    below = ["alpha beta omega psi chi phi"]  # 2 of 6 words shared: ratio 1/3
    above = ["alpha beta gamma delta psi chi"]  # 4 of 6: ratio 2/3
    assert not diff_versions(old, below).modified
    assert similarity(old[0], below[0]) < THRESHOLD
    assert diff_versions(old, above).modified[0].similarity == pytest.approx(2 / 3, abs=1e-4)


def test_each_text_used_once_greedy_by_best_then_document_order() -> None:
    old = ["one two three four five", "one two three four six"]
    new = ["one two three four five seven"]
    change = diff_versions(old, new)
    assert [(m.old, m.new) for m in change.modified] == [(old[0], new[0])]
    assert change.removed == [old[1]]
    # a tie goes to the earlier old text
    tie = diff_versions(["a b c x", "a b c y"], ["a b c z"])
    assert tie.modified[0].old_index == 0


def _brute_force(old: list[str], new: list[str], threshold: float) -> set[tuple[int, int]]:
    """Reference: score every pair, then the same greedy choice."""
    from collections import Counter

    remaining = Counter(new)
    removed = []
    for i, t in enumerate(old):
        if remaining[t] > 0:
            remaining[t] -= 1
        else:
            removed.append(i)
    kept = Counter(old)
    added = []
    for j, t in enumerate(new):
        if kept[t] > 0:
            kept[t] -= 1
        else:
            added.append(j)
    pairs = []
    for i in removed:
        for j in added:
            a, b = _tokens(old[i]), _tokens(new[j])
            if a and b:
                r = SequenceMatcher(None, a, b, autojunk=False).ratio()
                if r >= threshold:
                    pairs.append((-r, i, j))
    pairs.sort()
    used_i: set[int] = set()
    used_j: set[int] = set()
    out = set()
    for _r, i, j in pairs:
        if i not in used_i and j not in used_j:
            used_i.add(i)
            used_j.add(j)
            out.add((i, j))
    return out


words = st.sampled_from(["the", "we", "data", "you", "may", "share", "not", "a", "terms", "law"])
clause = st.lists(words, min_size=0, max_size=9).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(clause, max_size=12), st.lists(clause, max_size=12), st.sampled_from([0.3, 0.5, 0.8])
)
def test_prefix_filter_misses_no_pair(old: list[str], new: list[str], threshold: float) -> None:
    change = diff_versions(old, new, threshold=threshold)
    got = {(m.old_index, m.new_index) for m in change.modified}
    assert got == _brute_force(old, new, threshold)
    assert len(change.added) + len(change.modified) + change.unchanged == len(new)
    assert len(change.removed) + len(change.modified) + change.unchanged == len(old)


def test_large_document_with_many_changes_is_fast() -> None:
    rng = random.Random(7)
    vocab = [f"w{n}" for n in range(3_000)] + ["the", "of", "and", "to", "data"] * 200
    old = [" ".join(rng.choice(vocab) for _ in range(rng.randint(8, 60))) for _ in range(2_000)]
    new = list(old)
    for k in range(0, 2_000, 4):  # 500 edits: replace one word
        tokens = new[k].split()
        tokens[len(tokens) // 2] = "edited"
        new[k] = " ".join(tokens)
    for k in range(1, 2_000, 40):
        new[k] = "fresh clause " + str(k)
    started = time.perf_counter()
    change = diff_versions(old, new)
    elapsed = time.perf_counter() - started
    assert elapsed < 10
    assert len(change.modified) >= 490
    assert all(m.old_index == m.new_index for m in change.modified)


def test_word_diff_reconstructs_both_sides() -> None:
    old = "You may share your data with partners."
    new = "You may not share your personal data with partners."
    ops = word_diff(old, new)
    assert " ".join(w for op, w in ops if op != "insert") == old
    assert " ".join(w for op, w in ops if op != "delete") == new
    assert {op for op, _ in ops} <= {"equal", "insert", "delete"}
    assert (
        render_word_diff(old, new) == "You may {+not+} share your {+personal+} data with partners."
    )
    assert render_word_diff("a b c", "a x c") == "a [-b-]{+x+} c"


def test_render_shortens_long_unchanged_runs() -> None:
    base = [f"w{i}" for i in range(30)]
    changed = list(base)
    changed[15] = "NEW"
    rendered = render_word_diff(" ".join(base), " ".join(changed), context=3)
    assert rendered == "... w12 w13 w14 [-w15-]{+NEW+} w16 w17 w18 ..."
    assert render_word_diff("same words", "same words") == "same words"
