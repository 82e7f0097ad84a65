// Which clauses entered or left documents in a time window?
//
// One row per interval that opened (since) or closed (until) in [$start, $bound): a clause
// that entered a document at version `from_version`, or left it at version `to_version`.
// Pairs of a left and an entered clause that are edits of each other are the
// supersessions (see supersessions.cypher); the rest are additions and removals.
//
// Parameters:
//   $start  inclusive start as "YYYY-MM-DDTHH:MM:SSZ" ("0000-01-01T00:00:00Z" for all)
//   $bound  exclusive end ("9999-12-31T23:59:59Z" for now)
MATCH (p:Platform)-[:PUBLISHES]->(d:Document)-[r:CONTAINS]->(c:Clause)
WHERE (r.since >= $start AND r.since < $bound)
   OR (r.until IS NOT NULL AND r.until >= $start AND r.until < $bound)
RETURN p.name AS platform, d.id AS document, d.terms_type AS terms_type,
       d.jurisdiction AS jurisdiction, c.id AS clause_id, c.section AS section,
       c.text AS text, r.since AS since, r.from_version AS from_version,
       r.until AS until, r.to_version AS to_version
ORDER BY document, since, clause_id
