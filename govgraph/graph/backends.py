"""Importing this module registers the built-in backends (see ``graph.base.backends``)."""

import govgraph.graph.embedded
import govgraph.graph.neo4j_store  # noqa: F401
