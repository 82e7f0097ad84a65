"""The Neo4j Browser guide: a few slides from "what is in this graph" to the reports.

Why this format: Neo4j Browser 5.x (5.24 is the latest on Maven Central) opens remote
guides with ``:guide <url>`` in its sidebar; an HTML guide is split into slides at its
``<slide>`` elements, and a click on a ``<pre class="runnable">`` puts its text into the
editor (``:play <url>`` still shows the same file in a frame). Browser strips scripts and
event attributes, so the guide is plain HTML.

Each query comes with a ``:params {...}`` block holding the values picked from the loaded
graph (``guide_data``): a click on it runs it at once (Browser's ``data-exec``), a click on
the query below fills the editor. (One block of ``:param`` lines and the query would run
too, but Browser then shows a list of statements instead of the result.) The flagship's table query is the canned
``training_restrictions.cypher`` itself; the other reports are post-processed in Python by
``govgraph report``, so their slides ask the same question in Cypher alone and name the
command that gives the full report.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape
from typing import Any

from govgraph.browser.guide_data import GuideData
from govgraph.graph.base import Capability
from govgraph.queries.canned import query_text

TITLE = "govgraph: platform terms as a graph"


@dataclass(frozen=True)
class Runnable:
    """One clickable block: parameters, then a query."""

    cypher: str
    params: dict[str, Any]
    note: str = ""

    def params_command(self) -> str:
        """``params {...}``: Browser's command (without its colon) setting the parameters."""
        pairs = ", ".join(f"{k}: {cypher_literal(v)}" for k, v in self.params.items())
        return f"params {{{pairs}}}"

    def query(self) -> str:
        return self.cypher.strip()


@dataclass(frozen=True)
class Slide:
    heading: str
    intro: str  # trusted HTML written here, values escaped by the caller
    runnables: tuple[Runnable, ...]
    command: str = ""  # the govgraph command for the full report


def cypher_literal(value: Any) -> str:
    """A Cypher literal for a parameter value (JSON strings and lists are valid Cypher)."""
    return json.dumps(value, ensure_ascii=False)


def _strip_comments(cypher: str) -> str:
    return "\n".join(line for line in cypher.splitlines() if not line.startswith("//"))


FLAGSHIP_GRAPH = """
MATCH path = (p:Platform)-[:PUBLISHES]->(d:Document)-[r:CONTAINS]->(c:Clause)
             -[:CLASSIFIED_AS]->(cat:Category)
WHERE d.jurisdiction IN $jurisdictions AND cat.id IN $categories AND r.until IS NULL
OPTIONAL MATCH law = (cat)-[:ADDRESSED_BY]->(:Article)-[:PART_OF]->(reg:Regulation)
WHERE reg.id IN $regulations
RETURN path, law
"""

COMPARE = """
MATCH (p:Platform)-[:PUBLISHES]->(d:Document)
WHERE d.jurisdiction IN $jurisdictions
OPTIONAL MATCH (d)-[r:CONTAINS]->(c:Clause)-[:CLASSIFIED_AS]->(:Category {id: $category})
WHERE r.until IS NULL
WITH p, d, c, r ORDER BY r.since
RETURN p.name AS platform, count(DISTINCT c) AS clauses, min(r.since) AS since,
       collect(DISTINCT d.terms_type + ': ' + left(c.text, 140))[..3] AS examples
ORDER BY clauses DESC, platform
"""

SIMILAR = """
MATCH (own:Platform)-[:PUBLISHES]->(:Document)-[:CONTAINS]->(c:Clause {id: $clause})
MATCH (c)-[:CLASSIFIED_AS]->(cat:Category)<-[:CLASSIFIED_AS]-(o:Clause)
      <-[r:CONTAINS]-(d:Document)<-[:PUBLISHES]-(p:Platform)
WHERE r.until IS NULL AND p <> own
WITH c, o, p, d, collect(DISTINCT cat.id) AS categories
WITH o, p, d, categories,
     [w IN split(toLower(c.text), ' ') WHERE size(w) > 3] AS mine,
     [w IN split(toLower(o.text), ' ') WHERE size(w) > 3] AS theirs
WHERE size(mine) > 0 AND size(theirs) > 0
WITH o, p, d, categories,
     toFloat(size([w IN mine WHERE w IN theirs]) + size([w IN theirs WHERE w IN mine]))
       / (size(mine) + size(theirs)) AS overlap
RETURN round(overlap, 3) AS overlap, p.name AS platform, d.terms_type AS terms_type,
       categories, o.text AS text, o.id AS clause_id
ORDER BY overlap DESC, platform LIMIT 10
"""

PLATFORM = """
MATCH (cat:Category) WHERE NOT cat.is_group
OPTIONAL MATCH (:Platform {name: $platform})-[:PUBLISHES]->(d:Document)-[r:CONTAINS]->
               (c:Clause)-[:CLASSIFIED_AS]->(cat)
WHERE r.until IS NULL
RETURN cat.id AS category, cat.label AS label, count(DISTINCT c) > 0 AS present,
       count(DISTINCT c) AS clauses, min(r.since) AS since,
       collect(DISTINCT d.terms_type) AS documents
ORDER BY present DESC, category
"""

PLATFORM_GRAPH = """
MATCH path = (:Platform {name: $platform})-[:PUBLISHES]->(:Document)-[r:CONTAINS]->
             (:Clause)-[:CLASSIFIED_AS]->(:Category)
WHERE r.until IS NULL
RETURN path LIMIT 150
"""

CHANGES = """
MATCH (p:Platform)-[:PUBLISHES]->(d:Document)-[:HAS_VERSION]->(v:Version)
WHERE v.recorded_at >= $start AND NOT coalesce(v.technical, false)
  AND EXISTS { MATCH (d)-[:HAS_VERSION]->(e:Version) WHERE e.recorded_at < v.recorded_at }
CALL {
  WITH d, v
  OPTIONAL MATCH (d)-[a:CONTAINS]->(n:Clause) WHERE a.from_version = v.id
  OPTIONAL MATCH (n)-[s:SUPERSEDES]->(:Clause) WHERE s.version = v.id
  RETURN count(DISTINCT n) AS entered, count(DISTINCT s) AS modified
}
CALL {
  WITH d, v
  OPTIONAL MATCH (d)-[x:CONTAINS]->(:Clause) WHERE x.to_version = v.id
  RETURN count(x) AS left
}
RETURN v.recorded_at AS recorded_at, p.name AS platform, d.terms_type AS terms_type,
       d.jurisdiction AS jurisdiction, modified, entered - modified AS added,
       left - modified AS removed
ORDER BY recorded_at DESC, platform
"""

TIMELINE = """
MATCH (p:Platform)-[:PUBLISHES]->(d:Document)-[r:CONTAINS]->(:Clause)
      -[:CLASSIFIED_AS]->(:Category {id: $category})
WITH p, d, min(r.since) AS first_seen, max(r.until) AS last_until,
     sum(CASE WHEN r.until IS NULL THEN 1 ELSE 0 END) AS in_force
CALL {
  WITH d
  MATCH (d)-[:HAS_VERSION]->(v:Version)
  RETURN min(v.recorded_at) AS first_version
}
RETURN first_seen AS since, p.name AS platform, d.terms_type AS terms_type,
       d.jurisdiction AS jurisdiction,
       CASE WHEN first_seen = first_version THEN 'in first version' ELSE 'gained' END AS event,
       CASE WHEN in_force > 0 THEN 'in force' ELSE 'lost ' + last_until END AS now
ORDER BY since, platform
"""

COVERAGE = """
MATCH (p:Platform)-[:PUBLISHES]->(d:Document)-[r:CONTAINS]->(c:Clause)
      -[:CLASSIFIED_AS]->(cat:Category)
WHERE d.jurisdiction IN $jurisdictions AND r.until IS NULL
WITH cat, p, count(DISTINCT c) AS clauses ORDER BY p.name
RETURN cat.id AS category, count(p) AS platforms,
       collect(p.name + ' (' + toString(clauses) + ')') AS clauses_per_platform
ORDER BY platforms DESC, category
"""

REGULATIONS = """
MATCH (cat:Category {id: $category})-[a:ADDRESSED_BY]->(art:Article)-[:PART_OF]->(reg:Regulation)
WHERE reg.id IN $regulations
OPTIONAL MATCH (p:Platform)-[:PUBLISHES]->(d:Document)-[r:CONTAINS]->(:Clause)
               -[:CLASSIFIED_AS]->(cat)
WHERE d.jurisdiction IN $jurisdictions AND r.until IS NULL
RETURN reg.short_name AS regulation, art.number AS article, art.title AS title,
       a.kind AS kind, a.rationale AS rationale, collect(DISTINCT p.name) AS platforms
ORDER BY regulation, article
"""

REGULATIONS_GRAPH = """
MATCH path = (:Category {id: $category})-[:ADDRESSED_BY]->(:Article)-[:PART_OF]->(reg:Regulation)
WHERE reg.id IN $regulations
RETURN path
"""

SCHEMA = "CALL db.schema.visualization()"


def slides(data: GuideData, style_url: str | None = None) -> list[Slide]:
    """The guide's slides, with values from ``data`` (see ``guide_data``)."""
    e = escape
    regime = {"jurisdictions": data.jurisdictions}
    counts = data.counts
    style = f":style {style_url}" if style_url else ""
    intro = (
        f"<p>This graph holds <b>{counts.get('Platform', 0)}</b> platforms, "
        f"<b>{counts.get('Document', 0)}</b> terms documents, "
        f"<b>{counts.get('Version', 0)}</b> recorded versions and "
        f"<b>{counts.get('Clause', 0)}</b> clauses, classified into provision "
        "categories and linked to the regulations and articles that bear on them.</p>"
        "<p>A <b>Platform</b> PUBLISHES <b>Documents</b> (one per terms type and "
        "jurisdiction); a Document HAS_VERSION <b>Versions</b> and CONTAINS <b>Clauses</b> "
        "over an interval (<code>since</code> .. <code>until</code>, null while in force); a "
        "Clause is CLASSIFIED_AS <b>Categories</b>, which are ADDRESSED_BY <b>Articles</b> "
        "PART_OF <b>Regulations</b> IN_FORCE_IN <b>Jurisdictions</b>.</p>"
        + (
            "<p>First apply the govgraph colours and captions (a click runs it):</p>"
            f'<pre class="style" data-exec="{e(style[1:])}">{e(style)}</pre>'
            if style
            else ""
        )
        + "<p>On each slide, click the <code>:params</code> block to set the parameters "
        "(picked from this graph), then click the query to put it in the editor and run it "
        "with Ctrl+Enter.</p>"
        "<p><i>govgraph is analysis, not legal advice.</i></p>"
    )
    flagship_table = _strip_comments(query_text("training_restrictions", Capability.CYPHER))
    restricting = ", ".join(data.restricting) or "none found"
    short = data.clause_text if len(data.clause_text) <= 160 else data.clause_text[:157] + "..."
    return [
        Slide("What is in this graph", intro, (Runnable(SCHEMA, {}),), "govgraph report stats"),
        Slide(
            f"Which platforms restrict AI training under the {e(data.regime)} regime?",
            "<p>The flagship question: clauses in force in documents applying under the "
            f"regime ({e(', '.join(data.jurisdictions))}) that forbid using the service or "
            "its outputs to train AI models, with the articles mapped to those categories. "
            f"In this graph: {e(restricting)}.</p><p>As a graph:</p>",
            (
                Runnable(
                    FLAGSHIP_GRAPH,
                    {
                        **regime,
                        "categories": data.training_categories,
                        "regulations": data.regulations,
                    },
                ),
                Runnable(
                    flagship_table,
                    {**regime, "categories": data.training_categories, "bound": data.bound},
                    "As a table (the canned query, with the source URL of each version):",
                ),
            ),
            f"govgraph report training-restrictions --regime {data.regime}",
        ),
        Slide(
            f"Compare: {e(data.category)}",
            "<p>How each platform's current terms handle one category (0 clauses: none found).</p>",
            (Runnable(COMPARE, {**regime, "category": data.category}),),
            f"govgraph report compare --category {data.category} --regime {data.regime}",
        ),
        Slide(
            "Similar clauses",
            f"<p>Clauses of other platforms in the same categories as {e(data.platform)}'s "
            f"<q>{e(short)}</q>, ranked by word overlap. (The report ranks by TF-IDF cosine, "
            "which Cypher alone does not compute.)</p>",
            (Runnable(SIMILAR, {"clause": data.clause_id}),),
            f"govgraph report similar --clause {data.clause_id}",
        ),
        Slide(
            f"Platform profile: {e(data.platform)}",
            "<p>Which provision categories its current terms contain, since when.</p>",
            (
                Runnable(PLATFORM, {"platform": data.platform}),
                Runnable(PLATFORM_GRAPH, {"platform": data.platform}, "As a graph:"),
            ),
            f'govgraph report platform "{data.platform}"',
        ),
        Slide(
            "Changes",
            f"<p>Clauses added, removed and modified per version since "
            f"{e(data.changes_start[:10])} (technical re-records and each document's first "
            "version left out).</p>",
            (Runnable(CHANGES, {"start": data.changes_start}),),
            f"govgraph report changes --since {data.changes_start[:10]}",
        ),
        Slide(
            f"Timeline: {e(data.category)}",
            "<p>When each document first had a clause of the category, and whether it "
            "still has one.</p>",
            (Runnable(TIMELINE, {"category": data.category}),),
            f"govgraph report timeline --category {data.category}",
        ),
        Slide(
            f"Coverage under the {e(data.regime)} regime",
            "<p>For each category, the platforms whose current terms have it.</p>",
            (Runnable(COVERAGE, regime),),
            f"govgraph report coverage --regime {data.regime}",
        ),
        Slide(
            f"Regulations: {e(data.category)}",
            f"<p>The articles in force in the {e(data.regime)} regime mapped to the category, "
            "how, and the platforms whose terms have it. The mapping is analysis, not legal "
            "advice.</p>",
            (
                Runnable(
                    REGULATIONS,
                    {**regime, "category": data.category, "regulations": data.regulations},
                ),
                Runnable(
                    REGULATIONS_GRAPH,
                    {"category": data.category, "regulations": data.regulations},
                    "As a graph:",
                ),
            ),
            f"govgraph report regulations --category {data.category} --regime {data.regime}",
        ),
        Slide(
            "Stats",
            "<p>How many nodes and relationships of each kind the graph holds.</p>",
            (Runnable(_strip_comments(query_text("stats_counts", Capability.CYPHER)), {}),),
            "govgraph report stats",
        ),
    ]


def render_guide(data: GuideData, style_url: str | None = None) -> str:
    """The guide as one HTML document of ``<slide>`` elements."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(TITLE)}</title></head><body>",
    ]
    for slide in slides(data, style_url):
        parts.append(f"<slide><h3>{slide.heading}</h3>{slide.intro}")
        for runnable in slide.runnables:
            if runnable.note:
                parts.append(f"<p>{escape(runnable.note)}</p>")
            if runnable.params:
                command = runnable.params_command()
                parts.append(
                    f'<pre class="params" data-exec="{escape(command)}">:{escape(command)}</pre>'
                )
            parts.append(f'<pre class="runnable">{escape(runnable.query())}</pre>')
        if slide.command:
            parts.append(f"<p>The full report: <code>{escape(slide.command)}</code></p>")
        parts.append("</slide>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
