"""The file outputs on their own: merging, deduplication, cut-short files, entry limits."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET

import pytest

from govgraph.errors import InputError
from govgraph.monitor import atom, jsonl, markdown
from govgraph.monitor.atom import ATOM, entry_id

A = f"{{{ATOM}}}"


def test_jsonl_appends_only_new_ids_and_repairs_a_cut_short_line(tmp_path, full_summaries):
    path = tmp_path / "c.jsonl"
    first, second = full_summaries[:2], full_summaries[2:4]
    assert jsonl.append(path, first) == [s.id for s in first]
    with open(path, "ab") as handle:  # a crash in the middle of writing the next line
        handle.write(jsonl.dumps(second[0]).encode()[:50])
    assert [o["id"] for o in jsonl.read(path)] == [s.id for s in first]
    assert jsonl.append(path, [*first, *second]) == [s.id for s in second]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == [s.id for s in [*first, *second]]


def test_jsonl_refuses_a_broken_line_in_the_middle(tmp_path, full_summaries):
    path = tmp_path / "c.jsonl"
    path.write_text("{not json\n" + jsonl.dumps(full_summaries[0]) + "\n")
    with pytest.raises(InputError, match="line 1 is not a JSON object"):
        jsonl.append(path, full_summaries[:1])


def test_markdown_appends_only_new_sections(tmp_path, full_summaries):
    path = tmp_path / "c.md"
    markdown.append(path, full_summaries[:2])
    assert markdown.append(path, full_summaries[:3]) == [full_summaries[2].id]
    assert markdown.existing_ids(path) == {s.id for s in full_summaries[:3]}


def test_atom_merge_keeps_the_feed_id_old_entries_and_the_newest_n(tmp_path, full_summaries):
    path = tmp_path / "feed.xml"
    ordered = sorted(full_summaries, key=lambda s: s.recorded_at)
    atom.merge(path, ordered[:3])
    root = ET.parse(path).getroot()
    feed_id = root.findtext(A + "id")
    old_entry = root.find(A + "entry")  # the newest of the three: ordered[2]
    old_entry.tail = None
    old_xml = ET.tostring(old_entry)
    assert atom.merge(path, ordered[:3]) == [], "nothing new: the file is not rewritten"
    added = atom.merge(path, ordered[2:6], max_entries=4)
    assert added == [s.id for s in ordered[3:6]]
    root = ET.parse(path).getroot()
    assert root.findtext(A + "id") == feed_id
    ids = [e.findtext(A + "id") for e in root.findall(A + "entry")]
    assert ids == [entry_id(s.id) for s in reversed(ordered[2:6])], "the newest 4, newest first"
    kept = root.findall(A + "entry")[-1]
    kept.tail = None
    assert ET.tostring(kept) == old_xml, "entries already in the feed are kept as written"
    assert root.findtext(A + "updated") == ordered[5].recorded_at


def test_atom_feed_is_readable_by_others_and_keeps_its_mode(tmp_path, full_summaries):
    path = tmp_path / "feed.xml"
    atom.merge(path, full_summaries[:1])
    assert path.stat().st_mode & 0o777 == 0o666 & ~_umask()
    path.chmod(0o640)
    atom.merge(path, full_summaries[1:2])
    assert path.stat().st_mode & 0o777 == 0o640


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def test_atom_refuses_a_file_that_is_not_a_feed(tmp_path, full_summaries):
    path = tmp_path / "feed.xml"
    path.write_text("not xml at all")
    with pytest.raises(InputError, match="cannot be read"):
        atom.merge(path, full_summaries[:1])
    assert path.read_text() == "not xml at all"
