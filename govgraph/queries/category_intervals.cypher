// When did each document contain clauses of given categories? (the whole history)
//
// One row per interval (a document containing a clause from `since` until `until`, null
// while current) of a clause classified in one of the categories. Timelines of when a
// platform gained or lost a provision are computed from these intervals.
//
// Parameters:
//   $categories  category ids, e.g. ["ai-output-training-ban"]
MATCH (p:Platform)-[:PUBLISHES]->(d:Document)-[r:CONTAINS]->(c:Clause)-[:CLASSIFIED_AS]->(cat:Category)
WHERE cat.id IN $categories
RETURN p.name AS platform, d.id AS document, d.terms_type AS terms_type,
       d.jurisdiction AS jurisdiction, cat.id AS category, c.id AS clause_id,
       r.since AS since, r.from_version AS from_version, r.until AS until,
       r.to_version AS to_version
ORDER BY platform, document, since, clause_id, category
