// How many of each kind of node and relationship does the store hold?
//
// No parameters. One row per node label and relationship type (kind "node" or
// "relationship"), in the order of the data model.
MATCH (n:Platform) RETURN 0 AS position, 'node' AS kind, 'Platform' AS item, count(n) AS count
UNION ALL
MATCH (n:Jurisdiction) RETURN 1 AS position, 'node' AS kind, 'Jurisdiction' AS item, count(n) AS count
UNION ALL
MATCH (n:Document) RETURN 2 AS position, 'node' AS kind, 'Document' AS item, count(n) AS count
UNION ALL
MATCH (n:Version) RETURN 3 AS position, 'node' AS kind, 'Version' AS item, count(n) AS count
UNION ALL
MATCH (n:Clause) RETURN 4 AS position, 'node' AS kind, 'Clause' AS item, count(n) AS count
UNION ALL
MATCH (n:Category) RETURN 5 AS position, 'node' AS kind, 'Category' AS item, count(n) AS count
UNION ALL
MATCH (n:Regulation) RETURN 6 AS position, 'node' AS kind, 'Regulation' AS item, count(n) AS count
UNION ALL
MATCH (n:Article) RETURN 7 AS position, 'node' AS kind, 'Article' AS item, count(n) AS count
UNION ALL
MATCH (n:Source) RETURN 8 AS position, 'node' AS kind, 'Source' AS item, count(n) AS count
UNION ALL
MATCH (:Platform)-[r:PUBLISHES]->(:Document) RETURN 9 AS position, 'relationship' AS kind, 'PUBLISHES' AS item, count(r) AS count
UNION ALL
MATCH (:Document)-[r:HAS_VERSION]->(:Version) RETURN 10 AS position, 'relationship' AS kind, 'HAS_VERSION' AS item, count(r) AS count
UNION ALL
MATCH (:Document)-[r:CONTAINS]->(:Clause) RETURN 11 AS position, 'relationship' AS kind, 'CONTAINS' AS item, count(r) AS count
UNION ALL
MATCH (:Clause)-[r:SUPERSEDES]->(:Clause) RETURN 12 AS position, 'relationship' AS kind, 'SUPERSEDES' AS item, count(r) AS count
UNION ALL
MATCH (:Clause)-[r:CLASSIFIED_AS]->(:Category) RETURN 13 AS position, 'relationship' AS kind, 'CLASSIFIED_AS' AS item, count(r) AS count
UNION ALL
MATCH (:Document)-[r:APPLIES_IN]->(:Jurisdiction) RETURN 14 AS position, 'relationship' AS kind, 'APPLIES_IN' AS item, count(r) AS count
UNION ALL
MATCH (:Jurisdiction)-[r:WITHIN]->(:Jurisdiction) RETURN 15 AS position, 'relationship' AS kind, 'WITHIN' AS item, count(r) AS count
UNION ALL
MATCH (:Regulation)-[r:IN_FORCE_IN]->(:Jurisdiction) RETURN 16 AS position, 'relationship' AS kind, 'IN_FORCE_IN' AS item, count(r) AS count
UNION ALL
MATCH (:Article)-[r:PART_OF]->(:Regulation) RETURN 17 AS position, 'relationship' AS kind, 'PART_OF' AS item, count(r) AS count
UNION ALL
MATCH (:Category)-[r:BROADER]->(:Category) RETURN 18 AS position, 'relationship' AS kind, 'BROADER' AS item, count(r) AS count
UNION ALL
MATCH (:Category)-[r:ADDRESSED_BY]->(:Article) RETURN 19 AS position, 'relationship' AS kind, 'ADDRESSED_BY' AS item, count(r) AS count
UNION ALL
MATCH (:Clause)-[r:NAMES_JURISDICTION]->(:Jurisdiction) RETURN 20 AS position, 'relationship' AS kind, 'NAMES_JURISDICTION' AS item, count(r) AS count
