"""The SKOS category scheme agrees with the spec: ids, labels, definitions, groups.

The scheme (``govgraph/ontology/categories.ttl``) is generated from the bundled YAML by
``tools/gen_categories_ttl.py``. These tests read the YAML files directly (not through
govgraph.categories) and compare them with the Turtle, so a hand edit of either side, a
stale generated file, or a spec change not carried into the package fails here.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest
import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from govgraph.graph.rdf_projection import node_iri, record_triples
from govgraph.ontology.namespaces import CATEGORY_SCHEME
from govgraph.ontology.shapes import to_rdflib
from tests.conftest import shared_path

from .conftest import ONTOLOGY_DIR, category_records

SCHEME = URIRef(CATEGORY_SCHEME)
BUNDLED_YAML = ONTOLOGY_DIR / "categories.yaml"
GENERATOR = ONTOLOGY_DIR.parents[1] / "tools" / "gen_categories_ttl.py"


def collapse(text: Any) -> str:
    return " ".join(str(text).split())


def spec_view(path: Path) -> dict[str, dict[str, Any]]:
    """id -> {label, definition, group, members} from a categories.yaml."""
    raw = yaml.safe_load(path.read_text("utf-8"))
    view: dict[str, dict[str, Any]] = {}
    for gid, group in raw["groups"].items():
        view[gid] = {
            "label": collapse(group["label"]),
            "definition": None,
            "group": None,
            "members": frozenset(group["members"]),
        }
        for member in group["members"]:
            view.setdefault(member, {})["group"] = gid
    for cid, cat in raw["categories"].items():
        entry = view.setdefault(cid, {"group": None})
        entry.update(
            label=collapse(cat["label"]), definition=collapse(cat["definition"]), members=None
        )
    return view


def scheme_view(graph: Graph) -> dict[str, dict[str, Any]]:
    """The same view read from the SKOS scheme."""
    view: dict[str, dict[str, Any]] = {}
    for concept in graph.subjects(SKOS.inScheme, SCHEME):
        notations = list(graph.objects(concept, SKOS.notation))
        assert len(notations) == 1, f"{concept} needs one skos:notation"
        cid = str(notations[0])
        labels = [x for x in graph.objects(concept, SKOS.prefLabel) if x.language == "en"]
        definitions = [x for x in graph.objects(concept, SKOS.definition) if x.language == "en"]
        broader = [str(graph.value(b, SKOS.notation)) for b in graph.objects(concept, SKOS.broader)]
        narrower = {
            str(graph.value(n, SKOS.notation)) for n in graph.objects(concept, SKOS.narrower)
        }
        assert len(labels) == 1 and len(definitions) <= 1 and len(broader) <= 1, concept
        view[cid] = {
            "label": str(labels[0]),
            "definition": str(definitions[0]) if definitions else None,
            "group": broader[0] if broader else None,
            "members": frozenset(narrower) if narrower else None,
        }
        assert concept == URIRef(node_iri("Category", cid).value), f"IRI of {cid} is {concept}"
    return view


def diff(spec: dict, ttl: dict) -> list[str]:
    lines = [f"only in spec: {i}" for i in sorted(spec.keys() - ttl.keys())]
    lines += [f"only in categories.ttl: {i}" for i in sorted(ttl.keys() - spec.keys())]
    for cid in sorted(spec.keys() & ttl.keys()):
        for key in ("label", "definition", "group", "members"):
            if spec[cid].get(key) != ttl[cid].get(key):
                lines.append(
                    f"{cid} {key}: spec {spec[cid].get(key)!r} != ttl {ttl[cid].get(key)!r}"
                )
    return lines


def test_scheme_agrees_with_bundled_yaml(categories_graph: Graph) -> None:
    problems = diff(spec_view(BUNDLED_YAML), scheme_view(categories_graph))
    assert not problems, "\n".join(problems)


def test_scheme_agrees_with_shared_spec(categories_graph: Graph) -> None:
    spec = shared_path("spec", "categories.yaml")
    problems = diff(spec_view(spec), scheme_view(categories_graph))
    assert not problems, "\n".join(problems)


def test_scheme_has_24_categories_in_6_groups(categories_graph: Graph) -> None:
    view = scheme_view(categories_graph)
    groups = {c for c, v in view.items() if v["members"]}
    leaves = {c for c, v in view.items() if v["group"]}
    assert (len(leaves), len(groups)) == (24, 6)
    tops = {
        str(categories_graph.value(t, SKOS.notation))
        for t in categories_graph.objects(SCHEME, SKOS.hasTopConcept)
    }
    assert tops == groups
    assert (SCHEME, RDF.type, SKOS.ConceptScheme) in categories_graph


def test_generated_file_is_current() -> None:
    spec = importlib.util.spec_from_file_location("gen_categories_ttl", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    expected = module.render(BUNDLED_YAML.read_text("utf-8"))
    actual = (ONTOLOGY_DIR / "categories.ttl").read_text("utf-8")
    assert actual == expected, "categories.ttl is stale: run tools/gen_categories_ttl.py"


def test_projected_category_records_are_part_of_the_scheme(categories_graph: Graph) -> None:
    """A store holding categories.ttl and projected Category records sees one description."""
    projected = to_rdflib(t for r in category_records() for t in record_triples(r))
    extra = [
        t
        for t in projected
        if t not in categories_graph and not (isinstance(t[2], Literal) and str(t[2]) == "")
    ]
    assert not extra, "\n".join(" ".join(str(x) for x in t) for t in sorted(extra)[:10])


def test_ai_training_concepts_relate_to_dpv_model_training(categories_graph: Graph) -> None:
    training = URIRef("https://w3id.org/dpv/ai#ModelTraining")
    related = {
        str(categories_graph.value(c, SKOS.notation))
        for c in categories_graph.subjects(SKOS.relatedMatch, training)
    }
    assert "provider-trains-on-user-content" in related
    assert {"ai-output-training-ban", "ai-content-training-ban"} <= related


@pytest.mark.parametrize("field", ["label", "definition", "group"])
def test_diff_reports_a_changed_spec(field: str, categories_graph: Graph) -> None:
    """The comparison itself can fail: change one value of the spec and it says so."""
    spec = spec_view(BUNDLED_YAML)
    spec["arbitration"][field] = "changed"
    problems = diff(spec, scheme_view(categories_graph))
    assert problems and problems[0].startswith(f"arbitration {field}:")
