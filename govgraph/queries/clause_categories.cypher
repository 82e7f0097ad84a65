// Which categories are given clauses classified in?
//
// One row per clause and category (unclassified clauses give no row).
//
// Parameters:
//   $clauses  clause ids, e.g. ["c-1a2b3c4d5e6f7a8b"]
// (UNWIND then MATCH by id: a primary-key lookup per id, not a scan per clause.)
UNWIND $clauses AS wanted
WITH DISTINCT wanted
MATCH (c:Clause {id: wanted})-[:CLASSIFIED_AS]->(cat:Category)
RETURN c.id AS clause_id, cat.id AS category
ORDER BY clause_id, category
