"""One pymorphy3 analyser per process, and word-level caches over it.

Loading pymorphy3's dictionaries takes a noticeable fraction of a second and the
analyser never changes once loaded, so every check shares one instance (as a
model would be shared) instead of building its own per run. Word-level answers
(the parses of a word, whether the dictionary knows it) depend only on the word,
so they are cached for the process too: a corpus repeats its vocabulary, not its
sentences.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def analyzer() -> Any:
    """The process-wide Russian ``pymorphy3.MorphAnalyzer``."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=200_000)
def word_is_known(word: str) -> bool:
    """Whether the shared analyser's dictionary has ``word`` (as given: lower it first)."""
    return bool(analyzer().word_is_known(word))
