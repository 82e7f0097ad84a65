"""What changed between two versions of a document, clause by clause.

Clauses are compared as multisets of texts: a text present in both versions (as many
times) is unchanged wherever it moved. The remaining old and new texts are paired as
*modified* when their word-level similarity is at least ``THRESHOLD``; every old and new
text is used at most once, pairs are taken greedily from the most similar down, and ties
are broken by document order (old index, then new index), so the result is deterministic.
Whatever stays unpaired is *removed* or *added*.

Similarity is ``difflib``'s ratio ``2*M/T`` over lower-cased word tokens (``\\w+``):
punctuation and case changes alone barely move it. Scoring every old/new pair would be
O(n*m) SequenceMatcher runs; instead candidates come from *prefix filtering*: tokens are
ordered rarest first, and two texts whose ratio reaches the threshold must share a token
among the rarest ``a - ceil(t*a/(2-t)) + 1`` of each (``a`` its token count, ``t`` the
threshold), because ratio >= t forces that much overlap. Candidates then pass a length
bound and a multiset-overlap bound before the exact ratio is computed, so no pair that
reaches the threshold is missed.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

__all__ = [
    "THRESHOLD",
    "ChangeSet",
    "Modification",
    "diff_versions",
    "render_word_diff",
    "similarity",
    "word_diff",
]

THRESHOLD = 0.5
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Modification:
    """An old clause text replaced by a new one; indices are positions in the inputs."""

    old: str
    new: str
    similarity: float
    old_index: int
    new_index: int


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """Texts added, removed and modified from one version to the next, in document order."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    modified: list[Modification] = field(default_factory=list)
    unchanged: int = 0
    added_indices: list[int] = field(default_factory=list)
    removed_indices: list[int] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """No clause was added, removed or modified."""
        return not (self.added or self.removed or self.modified)


def _tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def similarity(old: str, new: str) -> float:
    """Word-level similarity in [0, 1] (difflib ratio over lower-cased word tokens)."""
    a, b = _tokens(old), _tokens(new)
    if not a and not b:
        return 1.0 if old == new else 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _unmatched(old: Sequence[str], new: Sequence[str]) -> tuple[list[int], list[int], int]:
    """Indices of old and new texts left after cancelling equal texts as multisets."""
    remaining = Counter(new)
    removed: list[int] = []
    unchanged = 0
    for i, text in enumerate(old):
        if remaining[text] > 0:
            remaining[text] -= 1
            unchanged += 1
        else:
            removed.append(i)
    kept = Counter(old)
    added: list[int] = []
    for j, text in enumerate(new):
        if kept[text] > 0:
            kept[text] -= 1
        else:
            added.append(j)
    return removed, added, unchanged


@lru_cache(maxsize=1024)  # about 10 MB of token tuples and sets at most
def _prepared(text: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """Word tokens of a text, and its tokens made unique by occurrence number.

    The second occurrence of ``the`` is ``the``, NUL, ``1`` (a word never holds NUL), so
    multiset overlap is plain set intersection. Cached: a clause text opened in one
    version is usually the closed text of a later diff, and an edited text comes back.
    """
    tokens = tuple(_tokens(text))
    seen: dict[str, int] = {}
    tags = []
    for tok in tokens:
        n = seen.get(tok)
        if n is None:
            seen[tok] = 1
            tags.append(tok)
        else:
            seen[tok] = n + 1
            tags.append(f"{tok}\x00{n}")
    return tokens, frozenset(tags)


# Bounds are computed with a tolerance: 0.8 * 5 is 4.000000000000001 in floating point.
EPSILON = 1e-9


def _prefix_len(size: int, threshold: float) -> int:
    needed = math.ceil(threshold * size / (2 - threshold) - EPSILON)
    return max(1, size - needed + 1)


def _candidate_bounds(
    old_prep: list[tuple[tuple[str, ...], frozenset[str]]],
    new_prep: list[tuple[tuple[str, ...], frozenset[str]]],
    threshold: float,
) -> list[tuple[float, int, int]]:
    """(upper bound of the similarity, old position, new position) of candidate pairs.

    Every pair whose exact ratio reaches the threshold is among them. Any fixed total
    order of the tags makes prefix filtering complete; rarest first (ties by first
    appearance) only keeps the candidate lists short. The bound is ``2*overlap/(a+b)``
    (difflib's ``quick_ratio``, computed the way ``ratio`` is, so never below it).
    """
    freq: Counter[str] = Counter()
    for _, tags in old_prep:
        freq.update(tags)
    for _, tags in new_prep:
        freq.update(tags)
    rank = {tag: r for r, tag in enumerate(sorted(freq, key=freq.__getitem__))}
    by_rank = rank.__getitem__

    index: dict[str, list[int]] = defaultdict(list)
    for j, (_, tags) in enumerate(new_prep):
        if tags:
            for tag in sorted(tags, key=by_rank)[: _prefix_len(len(tags), threshold)]:
                index[tag].append(j)
    bounds: list[tuple[float, int, int]] = []
    for i, (old_tokens, old_set) in enumerate(old_prep):
        a = len(old_tokens)
        if not a:
            continue
        candidates: set[int] = set()
        for tag in sorted(old_set, key=by_rank)[: _prefix_len(a, threshold)]:
            found = index.get(tag)
            if found:
                candidates.update(found)
        for j in candidates:
            b = len(new_prep[j][0])
            if 2 * min(a, b) < threshold * (a + b) - EPSILON:
                continue  # length bound: ratio <= 2*min/(a+b)
            overlap = len(old_set & new_prep[j][1])
            if 2 * overlap < threshold * (a + b) - EPSILON:
                continue  # overlap bound: matches cannot exceed the common tokens
            bounds.append((2.0 * overlap / (a + b), i, j))
    return bounds


def _greedy_pairs(
    old_prep: list[tuple[tuple[str, ...], frozenset[str]]],
    new_prep: list[tuple[tuple[str, ...], frozenset[str]]],
    threshold: float,
) -> list[tuple[float, int, int]]:
    """The pairs taken greedily, most similar first, ties by (old, new) position.

    The same pairs as computing every candidate's exact ratio, sorting and taking
    greedily, but a candidate's exact ratio (the costly part) is computed only when its
    upper bound reaches the top of the queue and both its texts are still free: a pair
    popped with its exact ratio beats every bound left, hence every exact ratio left.
    """
    heap = [
        (-bound, i, j, False) for bound, i, j in _candidate_bounds(old_prep, new_prep, threshold)
    ]
    heapq.heapify(heap)
    matchers: dict[int, SequenceMatcher[str]] = {}
    used_old: set[int] = set()
    used_new: set[int] = set()
    taken: list[tuple[float, int, int]] = []
    while heap:
        value, i, j, exact = heapq.heappop(heap)
        if i in used_old or j in used_new:
            continue
        if exact:
            used_old.add(i)
            used_new.add(j)
            taken.append((-value, i, j))
            continue
        matcher = matchers.get(j)
        if matcher is None:  # one b2j index per new text, however many old texts
            matcher = matchers[j] = SequenceMatcher(None, autojunk=False)
            matcher.set_seq2(new_prep[j][0])
        matcher.set_seq1(old_prep[i][0])
        ratio = matcher.ratio()
        if ratio >= threshold:
            heapq.heappush(heap, (-ratio, i, j, True))
    return taken


def diff_versions(
    old: Sequence[str], new: Sequence[str], threshold: float = THRESHOLD
) -> ChangeSet:
    """Change set from the clause texts of one version (document order) to the next's."""
    if not 0 < threshold <= 1:
        raise ValueError(f"similarity threshold {threshold} is not in (0, 1]")
    removed_idx, added_idx, unchanged = _unmatched(old, new)
    taken: list[tuple[float, int, int]] = []
    if removed_idx and added_idx:
        old_prep = [_prepared(old[i]) for i in removed_idx]
        new_prep = [_prepared(new[j]) for j in added_idx]
        # Positions among the unmatched texts order like positions in the versions.
        taken = _greedy_pairs(old_prep, new_prep, threshold)
    used_old = {i for _, i, _ in taken}
    used_new = {j for _, _, j in taken}
    modified = [
        Modification(old[oi], new[nj], round(ratio, 4), oi, nj)
        for ratio, oi, nj in ((r, removed_idx[i], added_idx[j]) for r, i, j in taken)
    ]
    modified.sort(key=lambda m: (m.new_index, m.old_index))
    removed_left = [removed_idx[i] for i in range(len(removed_idx)) if i not in used_old]
    added_left = [added_idx[j] for j in range(len(added_idx)) if j not in used_new]
    return ChangeSet(
        added=[new[j] for j in added_left],
        removed=[old[i] for i in removed_left],
        modified=modified,
        unchanged=unchanged,
        added_indices=added_left,
        removed_indices=removed_left,
    )


# ------------------------------------------------------------------ word diff


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level edit script: ('equal' | 'delete' | 'insert', words joined by spaces).

    Tokens are whitespace-separated words with their punctuation, so joining every
    'equal' and 'delete' part gives the old text back, and 'equal' and 'insert' the new.
    A replaced run is a 'delete' followed by an 'insert'.
    """
    a, b = old.split(), new.split()
    ops: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append(("equal", " ".join(a[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            ops.append(("delete", " ".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            ops.append(("insert", " ".join(b[j1:j2])))
    return ops


def render_word_diff(old: str, new: str, context: int = 6) -> str:
    """Compact human form: ``... kept words [-old words-]{+new words+} kept ...``.

    Unchanged runs keep ``context`` words on each side of a change; longer runs are
    shortened with ``...``.
    """
    ops = word_diff(old, new)
    if all(op == "equal" for op, _ in ops):
        return new
    parts: list[str] = []
    last = len(ops) - 1
    for k, (op, words) in enumerate(ops):
        if op == "delete":
            parts.append(f"[-{words}-]")
        elif op == "insert":
            if k > 0 and ops[k - 1][0] == "delete":
                parts[-1] += f"{{+{words}+}}"  # a replacement reads as one unit
            else:
                parts.append(f"{{+{words}+}}")
        else:
            tokens = words.split()
            keep_lead = context if k > 0 else 0
            keep_tail = context if k < last else 0
            if len(tokens) <= keep_lead + keep_tail:
                parts.append(words)
                continue
            chunk = [*tokens[:keep_lead], "..."]
            if keep_tail:
                chunk += tokens[-keep_tail:]
            parts.append(" ".join(chunk))
    return " ".join(parts)
