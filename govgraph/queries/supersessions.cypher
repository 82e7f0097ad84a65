// Which clauses were edits of earlier clauses, in a time window?
//
// One row per SUPERSEDES link (the new wording replaced the old at `version`), with the
// word-overlap similarity the loader measured between the two wordings.
//
// Parameters:
//   $start  inclusive start as "YYYY-MM-DDTHH:MM:SSZ" ("0000-01-01T00:00:00Z" for all)
//   $bound  exclusive end ("9999-12-31T23:59:59Z" for now)
MATCH (n:Clause)-[s:SUPERSEDES]->(o:Clause)
WHERE s.at >= $start AND s.at < $bound
RETURN n.id AS new_clause, o.id AS old_clause, s.version AS version, s.at AS at,
       s.similarity AS similarity
ORDER BY at, new_clause, old_clause
