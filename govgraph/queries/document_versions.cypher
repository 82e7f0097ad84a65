// Which versions of given documents were recorded in a time window?
//
// One row per version, with the same columns as versions.cypher, for the given documents
// only (a change summary of one platform needs its documents' versions, not the store's).
//
// Parameters:
//   $documents  document ids, e.g. ["chatgpt/terms-of-service/EU"]
//   $start      inclusive start as "YYYY-MM-DDTHH:MM:SSZ" ("0000-01-01T00:00:00Z" for all)
//   $bound      exclusive end ("9999-12-31T23:59:59Z" for now)
MATCH (p:Platform)-[:PUBLISHES]->(d:Document)-[:HAS_VERSION]->(v:Version)
WHERE d.id IN $documents
  AND v.recorded_at >= $start AND v.recorded_at < $bound
RETURN p.name AS platform, d.id AS document, d.terms_type AS terms_type,
       d.jurisdiction AS jurisdiction, v.id AS version, v.recorded_at AS recorded_at,
       v.technical AS technical, coalesce(v.source_url, d.source_url) AS source_url
ORDER BY document, recorded_at
