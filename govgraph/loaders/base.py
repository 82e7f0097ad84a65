"""What every loader yields: the recorded texts of documents, in time order per document.

A loader parses a source (an OTA versions repository, a dataset zip or folder, a single
file) into ``RecordedVersion`` items. Turning them into graph records (segmenting,
classifying, diffing against the previous version) is ``govgraph.ingest``'s job, because
that needs the store's state; loaders stay pure and testable on files alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict

from govgraph.models import JurisdictionCode, Time


class DocumentRef(BaseModel):
    """Which document a text belongs to."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    platform: str
    terms_type: str
    jurisdiction: JurisdictionCode
    source_url: str | None = None
    jurisdiction_note: str | None = None


class RecordedVersion(BaseModel):
    """One recorded text of one document."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    document: DocumentRef
    recorded_at: Time
    source_id: str  # commit hash, or the file's name inside the dataset
    text: str  # Markdown (OTA) or text converted to Markdown
    technical: bool = (
        False  # re-record after an extraction change ("Refilter", "Apply technical ...")
    )
    source_url: str | None = None  # the URL the text was fetched from, when known
    message: str | None = None


class SourceInfo(BaseModel):
    """A source as a whole: what it is, its collection and where reading stopped."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    kind: Literal["ota-repository", "ota-dataset", "document"]
    location: str
    collection: str | None = None
    head: str | None = None  # last commit of a repository
    licence: str | None = None
    attribution: str | None = None


class Loader(Protocol):
    """A parsed source: its description and its versions."""

    info: SourceInfo

    def versions(self, since: str | None = None) -> Iterator[RecordedVersion]:
        """Versions in time order per document; with ``since`` (a repository commit),
        only those recorded by commits after it."""
        ...
