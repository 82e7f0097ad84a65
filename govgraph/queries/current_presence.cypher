// Which documents have clauses of given categories in force, as of a date, among the
// documents applying in given jurisdictions? (coverage: counts, not texts)
//
// One row per clause in force and category, as in current_clauses but without the text,
// the version or the classification: the platform, document, category, clause and the
// time the clause has been in force since.
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
RETURN p.name AS platform, d.id AS document, cat.id AS category, c.id AS clause_id,
       r.since AS since
ORDER BY platform, document, since, clause_id, category
