"""The govgraph ontology (OWL, SKOS categories, SHACL shapes) and bundled reference data."""
