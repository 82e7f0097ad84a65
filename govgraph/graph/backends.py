"""Importing this module registers the built-in backends (see ``graph.base.backends``)."""

import govgraph.graph.embedded  # noqa: F401
import govgraph.graph.neo4j_store  # noqa: F401
