"""IRIs: the vocabulary namespace and deterministic instance IRIs.

The base ``https://w3id.org/govgraph/`` is a permanent-identifier namespace (w3id.org
redirects are registered by pull request, independent of where the project is hosted).
Vocabulary terms live under ``.../ontology#``; instances under ``.../id/<kind>/<id>``,
built from the record ids, so the same record always gets the same IRI.
"""

from __future__ import annotations

from urllib.parse import quote

from rdflib import Namespace

BASE = "https://w3id.org/govgraph/"
GG = Namespace(BASE + "ontology#")
ID = BASE + "id/"
CATEGORY_SCHEME = BASE + "id/category-scheme"

ELI = Namespace("http://data.europa.eu/eli/ontology#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
ODRL = Namespace("http://www.w3.org/ns/odrl/2/")
DPV = Namespace("https://w3id.org/dpv#")
DPV_AI = Namespace("https://w3id.org/dpv/ai#")
DPV_LEGAL_EU = Namespace("https://w3id.org/dpv/legal/eu#")
SH = Namespace("http://www.w3.org/ns/shacl#")


def camel(name: str) -> str:
    """snake_case field name -> camelCase ontology property name."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def relation_term(rel_type: str) -> str:
    """PUBLISHES -> publishes, HAS_VERSION -> hasVersion."""
    return camel(rel_type.lower())


def instance_iri(kind: str, record_id: str) -> str:
    """IRI of a node (kind = label) or reified edge (kind = relationship type)."""
    return f"{ID}{kind.lower()}/{quote(record_id, safe='/@:-._~')}"
