// Which of given clauses were edits of earlier clauses, in a time window?
//
// One row per SUPERSEDES link from one of the given (new) clauses, with the same columns
// as supersessions.cypher: the new wording replaced the old at `version`, with the
// word-overlap similarity the loader measured between the two wordings.
//
// Parameters:
//   $clauses  ids of the new clauses, e.g. ["c-1a2b3c4d5e6f7a8b"]
//   $start    inclusive start as "YYYY-MM-DDTHH:MM:SSZ" ("0000-01-01T00:00:00Z" for all)
//   $bound    exclusive end ("9999-12-31T23:59:59Z" for now)
// (UNWIND then MATCH by id: a primary-key lookup per id, not a scan per clause.)
UNWIND $clauses AS wanted
WITH DISTINCT wanted
MATCH (n:Clause {id: wanted})-[s:SUPERSEDES]->(o:Clause)
WHERE s.at >= $start AND s.at < $bound
RETURN n.id AS new_clause, o.id AS old_clause, s.version AS version, s.at AS at,
       s.similarity AS similarity
ORDER BY at, new_clause, old_clause
