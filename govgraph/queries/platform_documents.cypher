// Which platforms and documents does the store hold, and where does each document apply?
//
// No parameters. One row per document, with its platform, terms type, jurisdiction, the
// URL of the document and the collection it was loaded from.
MATCH (p:Platform)-[:PUBLISHES]->(d:Document)
RETURN p.name AS platform, p.id AS platform_id, d.id AS document, d.terms_type AS terms_type,
       d.jurisdiction AS jurisdiction, d.source_url AS document_url, d.collection AS collection
ORDER BY platform, terms_type, jurisdiction
