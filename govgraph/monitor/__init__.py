"""Monitoring: follow new versions and alert on provision-level changes (``govgraph watch``).

``events`` computes structured change summaries from the graph; ``subscriptions`` filters
them; ``atom``, ``jsonl``, ``markdown`` and ``webhook`` write them out; ``state`` remembers
what was already emitted; ``watch`` ties loading, summarising and emitting together.
"""
