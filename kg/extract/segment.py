"""Word segmentation with jieba, loaded once, offline, quiet and deterministic.

Sector keywords and action verbs are matched on words, not substrings, so that
港口 is not found in 香港口岸 and 农业 not in an agency name; jieba's general
dictionary cuts domain terms wrongly (大模型 → 大/模型, 智算中心 → 智算/中心), so a
domain dictionary (kg/data/domain_words.txt, the sector keywords in
ontology/sectors.ttl and the verbs in kg/data/actions.tsv) is added to it.

Why the care:

* jieba logs "Building prefix dict…" to standard error on first use; the CLI's
  output must stay clean, so its logger is raised to ERROR before it is touched.
* jieba caches its prefix dictionary in the temp folder under a fixed name that any
  other jieba user (with any other jieba version or dictionary) may have written.
  Our cache file is named after jieba's version and a hash of its dictionary, in a
  folder of its own, so a foreign cache can never change how we segment.
* one private :class:`jieba.Tokenizer` (not the global ``jieba.dt``), so the words
  we add never leak into another library's segmentation in the same process.

>>> cut("统筹布局智算中心")
['统筹', '布局', '智算中心']
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from functools import lru_cache
from importlib import resources
from pathlib import Path


def _quiet() -> None:
    # CRITICAL, not ERROR: jieba logs a failed cache write (a read-only temp folder) with
    # a traceback at ERROR level, and a failed cache write costs nothing but time
    logging.getLogger("jieba").setLevel(logging.CRITICAL)
    logging.getLogger("jieba._compat").setLevel(logging.CRITICAL)


def _domain_words() -> list[str]:
    text = resources.files("kg.data").joinpath("domain_words.txt").read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=1)
def tokenizer():  # -> jieba.Tokenizer (jieba ships no type hints)
    """The one tokenizer of the process, with the domain dictionary added."""
    _quiet()
    import jieba

    _quiet()
    tk = jieba.Tokenizer()
    dict_path = Path(jieba.__file__).parent / "dict.txt"
    digest = hashlib.sha256(dict_path.read_bytes()).hexdigest()[:16] if dict_path.exists() else "x"
    cache_dir = Path(tempfile.gettempdir()) / f"policy-kg-jieba-{jieba.__version__}"
    # named after jieba's version and dictionary (and the user): never a foreign cache
    tk.cache_file = f"dict-{digest}-{os.getuid() if hasattr(os, 'getuid') else 0}.cache"
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tk.tmp_dir = str(cache_dir)
    except OSError:  # a read-only temp folder: jieba builds in memory; its cache write fails quietly
        tk.tmp_dir = None
    tk.initialize()
    from kg.extract.actions import verb_words
    from kg.extract.sectors import keyword_words

    for w in sorted(set(_domain_words()) | set(keyword_words()) | set(verb_words())):
        tk.add_word(w)
    return tk


def cut(text: str) -> list[str]:
    """Precise-mode words, without the HMM guesser (new words stay split, predictably)."""
    return [w for w in tokenizer().cut(text, HMM=False) if w.strip()]


def cut_for_search(text: str) -> list[str]:
    """Words and their dictionary sub-words (金融机构 → 金融, 机构, 金融机构)."""
    return [w for w in tokenizer().cut_for_search(text, HMM=False) if w.strip()]


@lru_cache(maxsize=1)
def _pos_tokenizer():
    import jieba.posseg

    return jieba.posseg.POSTokenizer(tokenizer())


def pos_cut(text: str) -> list[tuple[str, str]]:
    """(word, part-of-speech flag) pairs: v verb, n noun, p preposition, c conjunction …"""
    return [(p.word, p.flag) for p in _pos_tokenizer().cut(text, HMM=False) if p.word.strip()]
