"""Word boundaries for sensitive phrases that were grown by heuristics (乳腺癌, 双下肢截肢).

A disease word is grown to the left and right over neighbouring characters to cover its modifiers; the
growth may stop in the middle of a word (``徐汇区严重精神障碍`` → ``汇区严重精神障碍``,
``带病回乡退伍军人`` → ``带病回乡退伍军``). :func:`snap` moves such an edge to a word boundary found by
jieba (its bundled dictionary, no HMM, so nothing is guessed): a word that reaches into the *seed* (the
matched disease word itself) is taken whole, a word lying wholly in the grown part is dropped.

jieba's dictionary takes about a second to load, so it is loaded lazily -- only when a grown edge has
to be checked -- and once per process.

>>> t = "全区严重精神障碍患者"
>>> s, e = snap(t, 1, 8, t.index("精神"), 8)
>>> t[s:e]
'严重精神障碍'
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache

_LOCK = threading.Lock()
#: characters of context on each side handed to the segmenter
WINDOW = 6


@lru_cache(maxsize=1)
def _tokenizer():  # -> jieba.Tokenizer (untyped library)
    import jieba

    with _LOCK:
        jieba.setLogLevel(logging.WARNING)
        tok = jieba.Tokenizer()
        tok.initialize()
    return tok


def _boundaries(text: str, lo: int, hi: int) -> set[int]:
    """Word boundaries (absolute offsets) of ``text[lo:hi]``."""
    out = {lo, hi}
    pos = lo
    for w in _tokenizer().cut(text[lo:hi], HMM=False):
        pos += len(w)
        out.add(pos)
    return out


def _cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _inside_run(text: str, i: int) -> bool:
    """Does offset ``i`` fall between two Chinese characters (where a word may be cut)?"""
    return 0 < i < len(text) and _cjk(text[i - 1]) and _cjk(text[i])


def snap(text: str, start: int, end: int, seed_start: int, seed_end: int) -> tuple[int, int]:
    """``(start, end)`` moved to word boundaries; the seed ``[seed_start, seed_end)`` is never cut off.

    >>> t = "带病回乡退伍军人"
    >>> snap(t, 0, 7, 0, 2)
    (0, 4)
    """
    cut_start = start < seed_start and _inside_run(text, start)
    cut_end = end > seed_end and _inside_run(text, end)
    if not (cut_start or cut_end):
        return start, end  # each grown edge already meets punctuation, a digit or the text's edge
    lo, hi = max(0, start - WINDOW), min(len(text), end + WINDOW)
    cuts = _boundaries(text, lo, hi)
    if cut_start and start not in cuts:
        before = max(c for c in cuts if c < start)
        after = min(c for c in cuts if c > start)
        start = before if after > seed_start else after
    if cut_end and end not in cuts:
        before = max(c for c in cuts if c < end)
        after = min(c for c in cuts if c > end)
        end = after if before < seed_end else before
    return start, end
