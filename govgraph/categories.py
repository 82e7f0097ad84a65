"""The fixed provision categories (``ontology/categories.yaml``, a copy of the spec).

Their ids are used verbatim by the ontology, the CLI and the JSON output.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    definition: str
    group: str  # id of the group (the SKOS broader concept)


@dataclass(frozen=True)
class CategoryGroup:
    id: str
    label: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class CategoryScheme:
    version: int
    categories: dict[str, Category]
    groups: dict[str, CategoryGroup]

    def expand(self, name: str) -> tuple[str, ...]:
        """A category id, or a group id expanded to its member category ids."""
        if name in self.categories:
            return (name,)
        if name in self.groups:
            return self.groups[name].members
        from govgraph.errors import UnknownNameError

        raise UnknownNameError("category", name, [*self.categories, *self.groups])


def _parse(text: str) -> CategoryScheme:
    raw = yaml.safe_load(text)
    group_of: dict[str, str] = {}
    groups: dict[str, CategoryGroup] = {}
    for gid, g in raw["groups"].items():
        groups[gid] = CategoryGroup(gid, g["label"], tuple(g["members"]))
        for member in g["members"]:
            group_of[member] = gid
    categories = {
        cid: Category(cid, c["label"], " ".join(c["definition"].split()), group_of[cid])
        for cid, c in raw["categories"].items()
    }
    return CategoryScheme(int(raw["version"]), categories, groups)


@cache
def scheme() -> CategoryScheme:
    """The bundled category scheme, parsed once."""
    text = resources.files("govgraph.ontology").joinpath("categories.yaml").read_text("utf-8")
    return _parse(text)


def category_ids() -> tuple[str, ...]:
    return tuple(scheme().categories)
