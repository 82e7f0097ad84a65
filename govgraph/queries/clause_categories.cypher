// Which categories are given clauses classified in?
//
// One row per clause and category (unclassified clauses give no row).
//
// Parameters:
//   $clauses  clause ids, e.g. ["c-1a2b3c4d5e6f7a8b"]
MATCH (c:Clause)-[:CLASSIFIED_AS]->(cat:Category)
WHERE c.id IN $clauses
RETURN c.id AS clause_id, cat.id AS category
ORDER BY clause_id, category
