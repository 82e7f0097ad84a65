"""Canned questions: parameters, Cypher and SPARQL, answered the same on every backend."""
