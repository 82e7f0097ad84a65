// Which platforms' terms, applying under a regime, restrict using the service or its
// outputs to develop or train AI models, and since when? (the flagship question)
//
// One row per clause in force and category of the ai-training-restriction group, with the
// document, the time the clause has been in force since, the source URL of that version
// and the clause text. A clause is in force at $bound when its interval opened before
// $bound and had not closed by then (until is null, or at or after $bound).
//
// Parameters:
//   $categories     the group's member categories:
//                   ["ai-output-training-ban", "ai-content-training-ban"]
//   $jurisdictions  jurisdiction codes whose documents the regime covers, e.g. ["EU", "DE", "FR"]
//   $bound          exclusive end of the as-of day as "YYYY-MM-DDTHH:MM:SSZ", e.g.
//                   "2026-02-01T00:00:00Z" for as of 2026-01-31, "9999-12-31T23:59:59Z" for now
MATCH (p:Platform)-[:PUBLISHES]->(d:Document)-[r:CONTAINS]->(c:Clause)-[k:CLASSIFIED_AS]->(cat:Category)
WHERE d.jurisdiction IN $jurisdictions
  AND cat.id IN $categories
  AND r.since < $bound AND (r.until IS NULL OR r.until >= $bound)
MATCH (d)-[:HAS_VERSION]->(v:Version)
WHERE v.id = r.from_version
RETURN p.name AS platform, d.id AS document, d.terms_type AS terms_type,
       d.jurisdiction AS jurisdiction, cat.id AS category, r.since AS since,
       v.id AS version, coalesce(v.source_url, d.source_url) AS source_url,
       c.id AS clause_id, c.section AS section, c.text AS text,
       k.confidence AS confidence, k.method AS method, k.evidence AS evidence
ORDER BY platform, document, since, clause_id, category
