// How many versions does each collection hold, and over which span of time?
//
// No parameters. One row per collection of the documents (null for documents loaded
// without one): the number of versions and the first and last recording times.
MATCH (p:Platform)-[:PUBLISHES]->(d:Document)-[:HAS_VERSION]->(v:Version)
RETURN d.collection AS collection, count(v) AS versions, min(v.recorded_at) AS first,
       max(v.recorded_at) AS last
ORDER BY collection
