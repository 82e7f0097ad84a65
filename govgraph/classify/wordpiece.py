"""BERT's uncased WordPiece tokenizer in pure Python, for the embedding model's token ids.

Why not Hugging Face ``tokenizers``: it would add a compiled dependency (and its hub
client) to every install for one job that fits in a page. This module follows the same
steps as ``BertNormalizer(lowercase=True)`` + ``BertPreTokenizer`` + ``WordPiece``:

1. clean: drop NUL, U+FFFD and "other" characters (control, format, private use,
   unassigned), turn whitespace into spaces;
2. put spaces around CJK ideographs;
3. lower-case, then strip accents (NFD, drop non-spacing marks);
4. split on whitespace, then split every punctuation character off as its own word
   (ASCII symbols count as punctuation, as in BERT);
5. per word, greedy longest-match-first sub-words from the vocabulary, continuations
   prefixed ``##``; a word that cannot be covered, or longer than 100 characters, is
   ``[UNK]``.

tests/classify/test_embedding.py checks the ids against ``tokenizers`` on thousands of
real clauses when that package is installed (the ``train`` extra). Whitespace-separated
chunks repeat a lot in terms of service, so each chunk's ids are cached.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache

MAX_WORD_CHARS = 100
UNKNOWN = "[UNK]"
CONTINUATION = "##"


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_cjk(code: int) -> bool:
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2A6DF
        or 0x2A700 <= code <= 0x2B73F
        or 0x2B740 <= code <= 0x2B81F
        or 0x2B820 <= code <= 0x2CEAF
        or 0xF900 <= code <= 0xFAFF
        or 0x2F800 <= code <= 0x2FA1F
    )


def _is_control(char: str) -> bool:
    """Every "other" character (Cc, Cf, Cs, Co, Cn) but tab, newline and return.

    Hugging Face's BertNormalizer drops all of them (Rust's ``char::is_other``), not only
    the controls and formats of Google's original: private-use symbols such as the
    checkboxes of a PDF export (U+F0A3) must vanish as they did when the contextual model
    was trained, not become [UNK].
    """
    if char in "\t\n\r":
        return False
    return unicodedata.category(char).startswith("C")


# ASCII controls are dropped (BERT's clean_text), tab / newline / return become spaces.
_ASCII_CLEAN = {code: None for code in [*range(0, 9), 11, 12, *range(14, 32), 127]} | {
    9: " ",
    10: " ",
    13: " ",
}


class _CleanTable(dict):
    """``str.translate`` table for steps 1-2, filled per character on first sight.

    A character's fate (dropped, a space, spaced CJK, kept) is computed once and then is
    a dictionary hit inside ``str.translate``, in C: no table of the whole of Unicode is
    built (that took 0.4 s, paid by every short load).
    """

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        if code == 0 or code == 0xFFFD or _is_control(char):
            value = None
        elif char.isspace():
            value = " "
        elif _is_cjk(code):
            value = f" {char} "
        else:
            value = char
        self[code] = value
        return value


class _MarkTable(dict):
    """``str.translate`` table dropping non-spacing marks (step 3), filled on first sight."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        value = None if unicodedata.category(char) == "Mn" else char
        self[code] = value
        return value


_CLEAN = _CleanTable()
_MARKS = _MarkTable()


def normalise(text: str) -> str:
    """Steps 1-3: cleaned, CJK-spaced, lower-cased, accent-free text."""
    if text.isascii():
        return text.translate(_ASCII_CLEAN).lower()
    lowered = text.translate(_CLEAN).lower()
    return unicodedata.normalize("NFD", lowered).translate(_MARKS)


def _split_punctuation(chunk: str) -> list[str]:
    if chunk.isalnum():
        return [chunk]
    words: list[str] = []
    current: list[str] = []
    for char in chunk:
        if _is_punctuation(char):
            if current:
                words.append("".join(current))
                current = []
            words.append(char)
        else:
            current.append(char)
    if current:
        words.append("".join(current))
    return words


class WordPiece:
    """Token ids of texts under one vocabulary (a list of tokens, index = id)."""

    def __init__(self, vocabulary: Sequence[str]) -> None:
        self.ids = {token: index for index, token in enumerate(vocabulary)}
        self.unknown = self.ids[UNKNOWN]
        self.chunk_ids = lru_cache(maxsize=1 << 18)(self._chunk_ids)

    def _word_ids(self, word: str) -> list[int]:
        if len(word) > MAX_WORD_CHARS:
            return [self.unknown]
        ids: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else CONTINUATION + word[start:end]
                found = self.ids.get(piece)
                if found is not None:
                    break
                end -= 1
            if found is None:
                return [self.unknown]
            ids.append(found)
            start = end
        return ids

    def _chunk_ids(self, chunk: str) -> tuple[int, ...]:
        ids: list[int] = []
        for word in _split_punctuation(chunk):
            ids.extend(self._word_ids(word))
        return tuple(ids)

    def encode(self, text: str) -> list[int]:
        """The ids of ``text`` (no special tokens)."""
        ids: list[int] = []
        for chunk in normalise(text).split():
            ids.extend(self.chunk_ids(chunk))
        return ids
