// Which methods labelled the store's clauses, and how many labels each made?
//
// No parameters. One row per method string (e.g. 'rule:minimum-age.at-least-age',
// 'model:linear-v4', 'embedding:embed-v3', 'contextual:contextual-v1'); the site and the
// stats name the classifier models behind a store's labels from them.
MATCH (:Clause)-[r:CLASSIFIED_AS]->(:Category)
RETURN r.method AS method, count(r) AS labels
ORDER BY method
