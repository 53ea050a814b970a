"""The domain word lists the extractors share, loaded once from kg/data.

Words are data (kg/data/*.tsv, *.txt) so a user can extend them without touching
rules; this module only turns them into fast lookups.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources


def _rows(name: str) -> list[list[str]]:
    data = resources.files("kg.data").joinpath(name).read_text(encoding="utf-8")
    return [ln.split("\t") for ln in data.splitlines() if ln.strip() and not ln.startswith("#")]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def note_labels() -> dict[str, str]:
    return {row[0]: row[1] for row in _rows("note_labels.tsv")}


@lru_cache(maxsize=1)
def label_regex() -> re.Pattern[str]:
    """A label with its colon: 牵头单位: / 责任部门： …"""
    return re.compile(rf"({_alternation(list(note_labels()))})\s*[:：]\s*")


@lru_cache(maxsize=1)
def role_verbs() -> dict[str, str]:
    return {row[0]: row[1] for row in _rows("role_verbs.tsv")}


@lru_cache(maxsize=1)
def role_verb_at_end() -> re.Pattern[str]:
    """A role phrase closing a clause: …按职责分工负责 / …牵头 / …配合."""
    return re.compile(rf"({_alternation(list(role_verbs()))})$")


@lru_cache(maxsize=1)
def agency_suffixes() -> tuple[str, ...]:
    return tuple(sorted({r[0] for r in _rows("agency_suffixes.txt")}, key=len, reverse=True))


@lru_cache(maxsize=1)
def collective_rules() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {"prefix": [], "contains": [], "suffix": []}
    for kind, word in _rows("collective_words.txt"):
        out[kind].append(word)
    return {k: tuple(v) for k, v in out.items()}
