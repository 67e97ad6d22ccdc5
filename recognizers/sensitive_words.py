"""Word boundaries for sensitive phrases that were grown by heuristics (乳腺癌, 双下肢截肢).

A disease word is grown to the left and right over neighbouring characters to cover its modifiers; the
growth may stop in the middle of a word (``徐汇区严重精神障碍`` → ``汇区严重精神障碍``,
``带病回乡退伍军人`` → ``带病回乡退伍军``). :func:`snap` moves such an edge to a word boundary found by
jieba's segmentation (its bundled dictionary, no HMM, so nothing is guessed): a word that reaches into
the *seed* (the matched disease word itself) is taken whole, a word lying wholly in the grown part is
dropped.

The segmentation is jieba's own algorithm (``Tokenizer.cut(HMM=False)``: the word DAG and the
maximum-probability route) over jieba's ``dict.txt``, held compactly: one string of the sorted words,
binary-searched, instead of jieba's prefix dictionary (71 MB and 1.3 s to load, for a few lookups in
short windows). It is built lazily -- only when a grown edge has to be checked -- once per process
(~6 MB); a test checks it cuts exactly as jieba does.

>>> t = "全区严重精神障碍患者"
>>> s, e = snap(t, 1, 8, t.index("精神"), 8)
>>> t[s:e]
'严重精神障碍'
"""

from __future__ import annotations

import bisect
import importlib.resources
import math
import re
import threading
from array import array
from collections.abc import Iterator
from functools import lru_cache

_LOCK = threading.Lock()
#: characters of context on each side handed to the segmenter
WINDOW = 6
_SEP = "\x00"
# jieba's block and token patterns (jieba/__init__.py: re_han_default, re_skip_default, re_eng)
_HAN = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)")
_SKIP = re.compile("(\r\n|\\s)")
_ENG = re.compile("[a-zA-Z0-9]")


class Lexicon:
    """jieba's dictionary as one sorted string of words, their frequencies and offsets."""

    def __init__(self, lines: Iterator[str]) -> None:
        freq: dict[str, int] = {}
        total = 0
        for line in lines:
            parts = line.split(" ")
            if len(parts) < 2:
                continue
            f = int(parts[1])
            freq[parts[0]] = f  # a repeated word: the last line wins, as in jieba
            total += f
        words = sorted(freq)
        self.blob = _SEP.join(words) + _SEP
        self.offsets = array("I", [0])
        pos = 0
        for w in words:
            pos += len(w) + 1
            self.offsets.append(pos)
        self.freqs = array("I", (freq[w] for w in words))
        self.log_total = math.log(total)

    def __getitem__(self, i: int) -> str:
        """The ``i``-th word in sorted order (so :func:`bisect.bisect_left` searches the words)."""
        return self.blob[self.offsets[i] : self.offsets[i + 1] - 1]

    def __len__(self) -> int:
        return len(self.freqs)

    def lookup(self, frag: str) -> tuple[bool, int]:
        """``(is a prefix of some word, frequency of frag as a word or 0)``."""
        i = bisect.bisect_left(self, frag)
        if i == len(self.freqs):
            return False, 0
        key = self[i]
        if key == frag:
            return True, self.freqs[i]
        return key.startswith(frag), 0

    def cut_block(self, sentence: str) -> Iterator[str]:
        """jieba's ``__cut_DAG_NO_HMM`` on one block of Han/alphanumeric characters."""
        n = len(sentence)
        dag: list[list[int]] = []
        found: dict[str, int] = {}
        for k in range(n):
            ends = []
            i = k
            frag = sentence[k]
            while i < n:
                is_prefix, f = self.lookup(frag)
                if not is_prefix:
                    break
                if f:
                    ends.append(i)
                    found[frag] = f
                i += 1
                frag = sentence[k : i + 1]
            dag.append(ends or [k])
        route: list[tuple[float, int]] = [(0.0, 0)] * (n + 1)
        for idx in range(n - 1, -1, -1):
            route[idx] = max(
                (math.log(found.get(sentence[idx : x + 1]) or 1) - self.log_total + route[x + 1][0], x)
                for x in dag[idx]
            )
        x, buf = 0, ""
        while x < n:
            y = route[x][1] + 1
            word = sentence[x:y]
            if len(word) == 1 and _ENG.match(word):
                buf += word
            else:
                if buf:
                    yield buf
                    buf = ""
                yield word
            x = y
        if buf:
            yield buf

    def cut(self, sentence: str) -> Iterator[str]:
        """jieba's ``Tokenizer.cut(sentence, HMM=False)``."""
        for blk in _HAN.split(sentence):
            if not blk:
                continue
            if _HAN.match(blk):
                yield from self.cut_block(blk)
            else:
                for x in _SKIP.split(blk):
                    if _SKIP.match(x):
                        yield x
                    else:
                        yield from x


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """jieba's bundled dictionary, read once per process (jieba itself is not imported)."""
    with _LOCK:
        ref = importlib.resources.files("jieba").joinpath("dict.txt")
        with ref.open(encoding="utf-8") as fh:
            return Lexicon(line.rstrip("\n") for line in fh)


def _boundaries(text: str, lo: int, hi: int) -> set[int]:
    """Word boundaries (absolute offsets) of ``text[lo:hi]``."""
    out = {lo, hi}
    pos = lo
    for w in lexicon().cut(text[lo:hi]):
        pos += len(w)
        out.add(pos)
    return out


def cjk(ch: str) -> bool:
    """Is ``ch`` a CJK unified ideograph (U+4E00..U+9FFF)?"""
    return "\u4e00" <= ch <= "\u9fff"


def _inside_run(text: str, i: int) -> bool:
    """Does offset ``i`` fall between two Chinese characters (where a word may be cut)?"""
    return 0 < i < len(text) and cjk(text[i - 1]) and cjk(text[i])


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
    cuts = _boundaries(text, max(0, start - WINDOW), min(len(text), end + WINDOW))
    if cut_start and start not in cuts:
        before, after = _around(cuts, start)
        start = before if after > seed_start else after  # a word reaching into the seed is taken whole
    if cut_end and end not in cuts:
        before, after = _around(cuts, end)
        end = after if before < seed_end else before
    return start, end


def _around(cuts: set[int], pos: int) -> tuple[int, int]:
    """The word boundaries right before and right after ``pos``."""
    return max(c for c in cuts if c < pos), min(c for c in cuts if c > pos)
