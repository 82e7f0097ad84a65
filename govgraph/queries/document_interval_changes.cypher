// Which clauses entered or left given documents in a time window?
//
// One row per interval of one of the documents that opened (since) or closed (until) in
// [$start, $bound), with the same columns as interval_changes.cypher (a change summary
// of one platform needs its documents' intervals, not the store's).
//
// Parameters:
//   $documents  document ids, e.g. ["chatgpt/terms-of-service/EU"]
//   $start      inclusive start as "YYYY-MM-DDTHH:MM:SSZ" ("0000-01-01T00:00:00Z" for all)
//   $bound      exclusive end ("9999-12-31T23:59:59Z" for now)
// (One pattern, every condition in its WHERE: the embedded engine then starts from the
// documents; split with WITH, it scans every interval of the store.)
MATCH (p:Platform)-[:PUBLISHES]->(d:Document)-[r:CONTAINS]->(c:Clause)
WHERE d.id IN $documents
  AND ((r.since >= $start AND r.since < $bound)
       OR (r.until IS NOT NULL AND r.until >= $start AND r.until < $bound))
RETURN p.name AS platform, d.id AS document, d.terms_type AS terms_type,
       d.jurisdiction AS jurisdiction, c.id AS clause_id, c.section AS section,
       c.text AS text, r.since AS since, r.from_version AS from_version,
       r.until AS until, r.to_version AS to_version
ORDER BY document, since, clause_id
