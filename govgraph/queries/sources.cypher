// Which sources were loaded, from where, when, and under which licence?
//
// No parameters. One row per source; `head` is where loading stopped (the last commit or
// dataset ingested), so the next load continues from there.
MATCH (s:Source)
RETURN s.id AS source, s.kind AS kind, s.location AS location, s.collection AS collection,
       s.head AS head, s.loaded_at AS loaded_at, s.licence AS licence,
       s.attribution AS attribution
ORDER BY collection, location
