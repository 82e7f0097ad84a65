"""Importing this module registers the built-in backends (see ``graph.base.backends``)."""

import govgraph.graph.embedded  # noqa: F401
