// Which articles of given regulations bear on given provision categories, and how?
// (the regulatory mapping: Category -[:ADDRESSED_BY]-> Article -[:PART_OF]-> Regulation)
//
// Parameters:
//   $categories   category ids, e.g. ["ai-output-training-ban", "ai-content-training-ban"]
//   $regulations  ids of the regulations in force in the regime, e.g. ["gdpr", "eu-ai-act"]
MATCH (cat:Category)-[a:ADDRESSED_BY]->(art:Article)-[:PART_OF]->(reg:Regulation)
WHERE cat.id IN $categories AND reg.id IN $regulations
RETURN cat.id AS category, reg.id AS regulation, reg.short_name AS regulation_name,
       art.id AS article_id, art.number AS article, art.title AS article_title,
       art.url AS article_url, a.kind AS kind, a.rationale AS rationale, a.origin AS origin
ORDER BY category, regulation, article
