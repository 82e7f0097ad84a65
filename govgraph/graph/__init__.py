"""Graph stores: the protocol, the embedded default (Cypher + SPARQL), RDF, Neo4j."""
