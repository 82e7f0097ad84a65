// How many clauses of each given category does each platform have in force, as of a date,
// in its documents applying in given jurisdictions? (coverage: counts, not texts)
//
// One row per platform and category present: the number of distinct (document, clause)
// pairs in force, and the earliest time one of them has been in force since. The same
// clauses as current_clauses, counted in the query rather than sent one by one.
//
// Parameters:
//   $categories     category ids, e.g. ["provider-trains-on-user-content"]
//   $jurisdictions  jurisdiction codes of the documents, e.g. ["EU", "DE", "FR"]
//   $bound          exclusive end of the as-of day as "YYYY-MM-DDTHH:MM:SSZ", e.g.
//                   "2026-02-01T00:00:00Z" for as of 2026-01-31, "9999-12-31T23:59:59Z" for now
// (In two steps, documents and their clauses in force first: in one pattern the embedded
// engine walks every interval of the store backwards from the classified clauses.)
MATCH (p:Platform)-[:PUBLISHES]->(d:Document)-[r:CONTAINS]->(c:Clause)
WHERE d.jurisdiction IN $jurisdictions
  AND r.since < $bound AND (r.until IS NULL OR r.until >= $bound)
WITH p, d, r, c
MATCH (c)-[:CLASSIFIED_AS]->(cat:Category)
WHERE cat.id IN $categories
WITH p.name AS platform, cat.id AS category, d.id AS document, c.id AS clause_id,
     min(r.since) AS first
RETURN platform, category, count(*) AS clauses, min(first) AS since
ORDER BY platform, category
