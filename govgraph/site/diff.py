"""Word-level diffs as HTML: ``<del>`` for removed words, ``<ins>`` for added ones.

The changes report carries an abbreviated plain-text diff (``[-old-]{+new+}``), which a
browser cannot style reliably (a clause may itself contain those brackets). The site
re-diffs the two wordings with the loader's own word-level edit script instead, escapes
every word, and marks changes for screen readers too (``<del>``/``<ins>`` are not announced
by most of them, so each carries a visually hidden "removed:"/"added:").
"""

from __future__ import annotations

from html import escape

from markupsafe import Markup

from govgraph.loaders.align import word_diff

CONTEXT = 12  # unchanged words kept on each side of a change


def diff_html(old: str, new: str, context: int = CONTEXT) -> Markup:
    """The edit from ``old`` to ``new`` with long unchanged runs shortened to ``…``."""
    ops = word_diff(old, new)
    parts: list[str] = []
    last = len(ops) - 1
    for k, (op, words) in enumerate(ops):
        if op == "delete":
            parts.append(f'<del><span class="vh">removed: </span>{escape(words)}</del>')
        elif op == "insert":
            parts.append(f'<ins><span class="vh">added: </span>{escape(words)}</ins>')
        else:
            tokens = words.split()
            lead = context if k > 0 else 0
            tail = context if k < last else 0
            if len(tokens) > lead + tail + 1:
                kept = [*tokens[:lead], "…", *tokens[len(tokens) - tail :]]
                words = " ".join(kept)
            parts.append(escape(words))
    return Markup(" ".join(parts))
