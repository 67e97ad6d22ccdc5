"""Words from individually positioned glyphs: which of pdfium's *generated* spaces are layout,
not word breaks.

pdfium inserts a space (or, further apart, a line break) wherever two glyphs of a line are further
apart than it expects. Office
suites that position every glyph on its own (one ``Tm``/``Td`` per character, or ``TJ`` arrays with
a kerning number between every character: letter-spaced or justified text) and LibreOffice's
spacing between Chinese and Western characters ("大街 88 号") then read as ``1 1 0 1 0 5 ...``, and
no identifier is found. Two rules, both on glyph positions relative to the font size:

* next to a CJK character a generated space is dropped when the gap is under
  :data:`CJK_GAP_EM` (Chinese has no word spaces; such a gap is justification or Asian/Western
  spacing);
* between non-CJK characters, a generated space inside a *letter-spaced run* (three or more single
  characters each separated by a generated space) is dropped when its gap is close to the run's
  smallest gap (a wider gap in the run is a real word break) and under :data:`MAX_GAP_EM`.

Spaces in the content stream itself (not generated) are always kept, and a gap wider than
:data:`MAX_GAP_EM` (table columns) always stays a break, so numbers in different columns never join.

>>> gen = [False, True, False, True, False, True, False]
>>> boxes = [(0, 0, 6, 10), None, (9, 0, 15, 10), None, (18, 0, 24, 10), None, (27, 0, 33, 10)]
>>> sorted(layout_spaces("1 2 3 4", boxes, gen, [12.0] * 7))
[1, 3, 5]
>>> sorted(layout_spaces("大街 88 号", [(0, 0, 9, 9), (9, 0, 18, 9), None, (21, 0, 26, 9), (26, 0, 31, 9),
...                                    None, (34, 0, 43, 9)], [False, False, True, False, False, True, False],
...                      [9.4] * 7))
[2, 5]
"""

from __future__ import annotations

from collections.abc import Sequence

#: a generated space next to a CJK character is layout below this gap (in ems of the larger font)
CJK_GAP_EM = 0.75
#: a gap at least this wide (ems) always stays a break (separate cells / columns)
MAX_GAP_EM = 0.9
#: in a letter-spaced run, gaps up to this multiple of the smallest gap (+ 0.1 em) are letter spacing
RUN_GAP_RATIO = 1.6

Box = tuple[float, float, float, float] | None


def is_cjk(ch: str) -> bool:
    """Han ideographs, CJK punctuation/symbols, kana, Hangul and full-width forms.

    >>> is_cjk("号"), is_cjk("，"), is_cjk("8"), is_cjk("Ａ")
    (True, True, False, True)
    """
    o = ord(ch)
    return (0x2E80 <= o <= 0x9FFF or 0xAC00 <= o <= 0xD7AF or 0xF900 <= o <= 0xFAFF or 0xFE30 <= o <= 0xFE4F
            or 0xFF00 <= o <= 0xFFEF or 0x20000 <= o <= 0x3FFFF)


def layout_spaces(text: Sequence[str], boxes: Sequence[Box], generated: Sequence[bool], sizes: Sequence[float]) -> set[int]:
    """Indices of generated spaces in ``text`` that are layout (to drop), see the module docstring.

    ``boxes[i]`` is ``(x0, top, x1, bottom)`` of a drawn character (``None`` for generated ones and
    line breaks), ``sizes[i]`` its font size.
    """
    drop: set[int] = set()
    n = len(text)
    candidates: list[tuple[int, int, int, float]] = []  # (space index, prev glyph, next glyph, gap in ems)
    for i in range(n):
        if not (generated[i] and text[i] in " \n"):
            continue
        p = i - 1
        while p >= 0 and boxes[p] is None and generated[p] and text[p] in " \n":
            p -= 1
        q = i + 1
        while q < n and boxes[q] is None and generated[q] and text[q] in " \n":
            q += 1
        if p < 0 or q >= n or boxes[p] is None or boxes[q] is None:
            continue
        bp, bq = boxes[p], boxes[q]
        assert bp is not None and bq is not None
        em = max(sizes[p], sizes[q], 1.0)
        if abs(((bp[1] + bp[3]) - (bq[1] + bq[3])) / 2) > 0.5 * em:
            continue  # not on one baseline
        gap = (bq[0] - bp[2]) / em
        if gap >= MAX_GAP_EM or gap < -0.5:
            continue
        if is_cjk(text[p]) or is_cjk(text[q]):
            if gap < CJK_GAP_EM:
                drop.add(i)
            continue
        candidates.append((i, p, q, gap))
    # letter-spaced runs: consecutive candidates sharing a glyph (c _ c _ c)
    # several generated characters between one pair of glyphs (``" \n"``) go or stay together
    run: list[tuple[int, int, int, float]] = []

    def close_run() -> None:
        if len({c[1] for c in run}) >= 2:  # three or more single characters
            smallest = min(max(c[3], 0.0) for c in run)
            for c in run:
                if c[3] <= RUN_GAP_RATIO * smallest + 0.1:
                    drop.add(c[0])
        run.clear()

    for c in candidates:
        if run and run[-1][1] == c[1]:
            run.append(c)  # a second generated character in the same gap
            continue
        if run and run[-1][2] == c[1]:
            run.append(c)
        else:
            close_run()
            run.append(c)
    close_run()
    return drop


#: a line this close (ems) to the right margin of the page's text is filled: its paragraph may go on
WRAP_RIGHT_EM = 1.5
#: the next line starts within this many ems of the left margin (a new paragraph is indented two ems)
WRAP_LEFT_EM = 0.6
#: a line ending in one of these ends a sentence or a label: the next line is a new one
_WRAP_STOP = frozenset("。！？!?；;：:")
#: lines with fewer drawn characters than this never count (titles, page numbers, short labels)
WRAP_MIN_CHARS = 8
#: a line that starts with a list or heading number is a new item, not a continuation
_ITEM_START = frozenset("一二三四五六七八九十（(第•·●■□")


def wrap_breaks(text: Sequence[str], boxes: Sequence[Box], sizes: Sequence[float]) -> set[int]:
    """Indices of line breaks (with the spaces around them) that are *soft wraps* of one paragraph: the line before is filled to the right
    margin of the page's text without ending its sentence, and the next line starts at the left margin with the
    same font size one line lower. Dropping them joins a value the layout wrapped (``王\\n建国``, ``某街道\\n建设
    路12号``) into one line, like a word processor's paragraph; table rows (a wide gap in a line), indented new
    paragraphs, headings and short lines keep their breaks.

    >>> t = list("甲" * 10 + "\\n" + "乙" * 3)
    >>> b = [(60 + 12 * i, 100, 72 + 12 * i, 112) for i in range(10)] + [None] + [(60 + 12 * i, 116, 72 + 12 * i, 128) for i in range(3)]
    >>> sorted(wrap_breaks(t, b, [12.0] * len(t)))
    [10]
    >>> b2 = b[:11] + [(84 + 12 * i, 116, 96 + 12 * i, 128) for i in range(3)]  # indented: a new paragraph
    >>> sorted(wrap_breaks(t, b2, [12.0] * len(t)))
    []
    """
    n = len(text)
    lines: list[tuple[int, int]] = []  # [start, end) of each line, the end being its break (or n)
    s = 0
    for i in range(n + 1):
        if i == n or text[i] == "\n":
            lines.append((s, i))
            s = i + 1
    info = []  # per line: (first drawn, last drawn, drawn count, has a column gap)
    for a, e in lines:
        drawn = [i for i in range(a, e) if boxes[i] is not None and not text[i].isspace()]
        inner = range(drawn[0], drawn[-1]) if drawn else range(0)
        gap = any(text[i].isspace() and (text[i + 1].isspace() or text[i] == "\t" or is_cjk(text[i - 1])
                                         or is_cjk(text[i + 1])) for i in inner)
        info.append((drawn[0] if drawn else -1, drawn[-1] if drawn else -1, len(drawn), gap))
    full = [k for k, (f, _l, cnt, _g) in enumerate(info) if cnt >= WRAP_MIN_CHARS and f >= 0]
    if not full:
        return set()
    right = max(boxes[info[k][1]][2] for k in full)  # type: ignore[index]
    left = min(boxes[info[k][0]][0] for k in full)  # type: ignore[index]
    out: set[int] = set()
    for k in range(len(lines) - 1):
        f, last, cnt, gap = info[k]
        nf, _nl, ncnt, ngap = info[k + 1]
        if cnt < WRAP_MIN_CHARS or ncnt == 0 or gap or ngap or text[last] in _WRAP_STOP or text[nf] in _ITEM_START:
            continue
        if text[last].isascii() and text[last].isalnum() and text[nf].isascii() and text[nf].isalnum():
            continue  # digits/letters on both sides: the number recognizers read across a break, a join could
            # glue two numbers of two lines into one
        bl, bf = boxes[last], boxes[nf]
        assert bl is not None and bf is not None
        em = max(sizes[last], 1.0)
        if abs(sizes[nf] - sizes[last]) > 0.1 * em:
            continue
        if bl[2] < right - WRAP_RIGHT_EM * em or bf[0] > left + WRAP_LEFT_EM * em:
            continue
        step = bf[1] - bl[1]
        if not 0.8 * em <= step <= 2.5 * em:
            continue
        out.update(range(last + 1, nf))  # the break and any space around it
    return out
