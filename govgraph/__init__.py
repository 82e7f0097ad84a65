"""govgraph: a regulatory-mapping knowledge graph of platform governance.

Platforms' terms (every recorded version) become a graph of clauses, classified into
provision categories and linked to the jurisdictions and regulation articles that bear on
them. It is analysis, not legal advice.
"""

__version__ = "0.1.0"
