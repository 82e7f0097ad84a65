// What do we know of given clauses: their text, document, platform and categories?
//
// One row per clause and category (category null for an unclassified clause).
//
// Parameters:
//   $clauses  clause ids, e.g. ["c-1a2b3c4d5e6f7a8b"]
// (UNWIND then MATCH by id: a primary-key lookup per id, not a scan per clause.)
UNWIND $clauses AS wanted
WITH DISTINCT wanted
MATCH (c:Clause {id: wanted})
MATCH (p:Platform)-[:PUBLISHES]->(d:Document)-[:CONTAINS]->(c)
OPTIONAL MATCH (c)-[k:CLASSIFIED_AS]->(cat:Category)
RETURN DISTINCT c.id AS clause_id, c.text AS text, c.section AS section, d.id AS document,
       p.name AS platform, d.terms_type AS terms_type, d.jurisdiction AS jurisdiction,
       cat.id AS category, k.confidence AS confidence, k.method AS method,
       k.evidence AS evidence
ORDER BY clause_id, category
