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
    """A label with its colon (牵头单位: / 责任部门：) or in lenticular brackets (【牵头单位】)."""
    alt = _alternation(list(note_labels()))
    # 市级责任单位: / 县级牵头单位: name the level of the bodies that follow; 牵头部门（单位）:
    # / 责任单位（部门）: qualify the label; both belong to the label, not to a body
    level = r"(?:(?:省|市|县|区|乡|镇)级?)?"
    qualifier = r"(?:\s*[(（](?:单位|部门|单位部门|部门单位)[)）])?"
    return re.compile(rf"{level}(?:[【\[]\s*(?P<boxed>{alt})\s*[】\]]\s*[:：]?"
                      rf"|(?P<plain>{alt}){qualifier}\s*[:：])\s*")


def label_name(m: re.Match[str]) -> str:
    """The label a label_regex match found, however it was written."""
    return m.group("boxed") or m.group("plain")


@lru_cache(maxsize=1)
def role_verbs() -> dict[str, str]:
    return {row[0]: row[1] for row in _rows("role_verbs.tsv")}


@lru_cache(maxsize=1)
def role_phrase() -> str:
    """A role phrase: a duty modifier (按职责分工, 组织 …) then a core verb from the table.

    The group ``core`` is the verb that decides the role: 按职责分工牵头负责 leads,
    按职责组织配合 cooperates, 组织落实 is responsible.
    """
    duty = r"(?:(?:按照?|根据|依据?|依照)?(?:各自)?(?:的)?(?:职能职责|职责|职能)(?:分工)?)?(?:组织)?"
    return rf"{duty}(?P<core>{_alternation(list(role_verbs()))})"


@lru_cache(maxsize=1)
def role_verb_at_end() -> re.Pattern[str]:
    """A role phrase closing a clause: …按职责分工负责 / …牵头 / …配合."""
    return re.compile(rf"(?P<phrase>{role_phrase()})$")


@lru_cache(maxsize=1)
def agency_suffixes() -> tuple[str, ...]:
    return tuple(sorted({r[0] for r in _rows("agency_suffixes.txt")}, key=len, reverse=True))


@lru_cache(maxsize=1)
def collective_rules() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {"prefix": [], "contains": [], "suffix": []}
    for kind, word in _rows("collective_words.txt"):
        out[kind].append(word)
    return {k: tuple(v) for k, v in out.items()}
