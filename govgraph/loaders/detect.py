"""Decide what kind of Open Terms Archive source a path is, and open it.

A folder with ``.git`` (or a bare repository: ``HEAD``, ``objects/`` and ``refs/``) is
a versions repository; a zip file or a folder whose files sit at
``<Service>/<Terms type>/<timestamp>.md`` is a dataset. Anything else is refused with
one line naming the path.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from govgraph.errors import InputError
from govgraph.loaders.base import Loader
from govgraph.loaders.dataset import OtaDataset
from govgraph.loaders.ota import OtaRepository

__all__ = ["open_source"]

_TIMESTAMP_FILE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(?:\.\d+)?Z\.md")


def _is_repository(path: Path) -> bool:
    if (path / ".git").exists():
        return True
    return (path / "HEAD").is_file() and (path / "objects").is_dir() and (path / "refs").is_dir()


def _looks_like_dataset_folder(path: Path) -> bool:
    """A timestamp-named Markdown file two or three levels down (with a top folder)."""
    for pattern in ("*/*/*.md", "*/*/*/*.md"):
        for found in path.glob(pattern):
            if _TIMESTAMP_FILE.fullmatch(found.name):
                return True
    return False


def open_source(path: Path | str, jurisdiction: str | None = None) -> Loader:
    """The loader for a versions repository, a dataset zip or a dataset folder."""
    path = Path(path).expanduser()
    if not path.exists():
        raise InputError(f"{path} does not exist")
    if path.is_dir():
        if _is_repository(path):
            return OtaRepository(path, jurisdiction=jurisdiction)
        if _looks_like_dataset_folder(path):
            return OtaDataset(path, jurisdiction=jurisdiction)
    elif path.is_file() and zipfile.is_zipfile(path):
        return OtaDataset(path, jurisdiction=jurisdiction)
    raise InputError(
        f"{path} is neither an Open Terms Archive versions repository nor a dataset (zip or folder)"
    )
