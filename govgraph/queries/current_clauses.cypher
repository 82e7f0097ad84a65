// Which clauses of given categories are in force, as of a date, in documents applying in
// given jurisdictions? (compare, coverage, platform profiles, regulations, similar)
//
// One row per clause in force and category, with the document, the time the clause has
// been in force since, the source URL of that version and the clause text. A clause is in
// force at $bound when its interval opened before $bound and had not closed by then.
//
// Parameters:
//   $categories     category ids, e.g. ["provider-trains-on-user-content"]
//   $jurisdictions  jurisdiction codes of the documents, e.g. ["EU", "DE", "FR"]
//   $bound          exclusive end of the as-of day as "YYYY-MM-DDTHH:MM:SSZ", e.g.
//                   "2026-02-01T00:00:00Z" for as of 2026-01-31, "9999-12-31T23:59:59Z" for now
// (In three steps, documents and their clauses in force first: in one pattern the embedded
// engine walks every interval of the store backwards from the classified clauses.)
MATCH (p:Platform)-[:PUBLISHES]->(d:Document)-[r:CONTAINS]->(c:Clause)
WHERE d.jurisdiction IN $jurisdictions
  AND r.since < $bound AND (r.until IS NULL OR r.until >= $bound)
WITH p, d, r, c
MATCH (c)-[k:CLASSIFIED_AS]->(cat:Category)
WHERE cat.id IN $categories
WITH p, d, r, c, k, cat
MATCH (d)-[:HAS_VERSION]->(v:Version)
WHERE v.id = r.from_version
RETURN p.name AS platform, d.id AS document, d.terms_type AS terms_type,
       d.jurisdiction AS jurisdiction, cat.id AS category, r.since AS since,
       v.id AS version, coalesce(v.source_url, d.source_url) AS source_url,
       c.id AS clause_id, c.section AS section, c.text AS text,
       k.confidence AS confidence, k.method AS method, k.evidence AS evidence
ORDER BY platform, document, since, clause_id, category
