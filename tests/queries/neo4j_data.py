"""Several test datasets sharing the one database of the Neo4j test server."""

from __future__ import annotations

from collections.abc import Callable


class Neo4jDatasets:
    """One Neo4j database shared by several datasets: reloads when the wanted one is absent.

    Other test modules empty the database too (tests/neo4j_harness.py), so before each
    use the node count and a marker are checked, and the dataset is rewritten if needed.
    """

    def __init__(self, store: object) -> None:
        self.store = store
        self.expected: dict[str, int] = {}

    def use(self, name: str, marker: str, make_records: Callable[[], list]) -> object:
        total = self.store.query("MATCH (n) RETURN count(n) AS n").rows[0][0]
        found = self.store.query(
            "MATCH (s:Source {id: $id}) RETURN count(s) AS n", {"id": marker}
        ).rows[0][0]
        if not found or total != self.expected.get(name):
            self.store.query("MATCH (n) DETACH DELETE n", write=True)
            self.store.write(make_records())
            self.expected[name] = self.store.query("MATCH (n) RETURN count(n) AS n").rows[0][0]
        return self.store
