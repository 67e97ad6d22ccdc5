"""How a reviewed item is identified: never by its plain value, never by a plain hash.

A decision applies to one *item*: a finding's keyed fingerprint (entity type, folded value, role;
see :meth:`screening.engine.Screener.fingerprint`) plus a keyed digest of its normalised context
window with the value itself taken out, so that two different people with the same name in
different sentences are two items, while an unchanged sentence keeps its decision after an edit
elsewhere in the draft.

>>> from screening import Screener
>>> s = Screener(fingerprint_key="k")
>>> a = s.scan_text("申请人张三，身份证号11010519491231002X。")
>>> b = s.scan_text("前文有改动。申请人张三，身份证号11010519491231002X。")
>>> [context_key(s, f) for f in a] == [context_key(s, f) for f in b]
True
>>> context_key(s, a[0]) != context_key(Screener(fingerprint_key="other"), a[0])
True
"""

from __future__ import annotations

import hmac
import re
from typing import TYPE_CHECKING

from screening.normalize import fold

if TYPE_CHECKING:
    from screening.engine import Screener
    from screening.findings import Finding

#: characters of context on each side that identify an item (fewer than a report shows, so that an
#: edit a sentence away does not orphan a decision)
KEY_WINDOW = 8
_SPACE = re.compile(r"\s+")
_LEFT_EDGE = re.compile(r".*[。！？；;!?\n]", re.S)  # a window never crosses a sentence or line end
_RIGHT_EDGE = re.compile(r"[。！？；;!?\n].*", re.S)


def context_window(finding: Finding) -> str:
    """The folded context around ``finding`` with the value replaced by ``\\x00``.

    >>> from screening.findings import Finding, Severity
    >>> f = Finding("PERSON", 3, 5, "张三", 1.0, Severity.HIGH, "r", "", context="申请人【张三】，身份证")
    >>> context_window(f)
    '申请人\\x00,身份证'
    >>> context_window(Finding("PERSON", 9, 11, "张三", 1.0, Severity.HIGH, "r", "", context="上一句。\\n申请人【张三】。下一句"))
    '申请人\\x00'
    """
    ctx = finding.context or ""
    left, sep, rest = ctx.partition("【")
    if not sep:
        return ""
    _value, _sep, right = rest.rpartition("】")
    left = _SPACE.sub("", fold(_LEFT_EDGE.sub("", left)))[-KEY_WINDOW:]
    right = _SPACE.sub("", fold(_RIGHT_EDGE.sub("", right)))[:KEY_WINDOW]
    return f"{left}\x00{right}"


def context_key(screener: Screener, finding: Finding) -> str:
    """Keyed HMAC of the finding's entity type and :func:`context_window` (24 hex digits)."""
    material = "\x1f".join(("context", finding.entity_type, context_window(finding)))
    return hmac.new(screener._key, material.encode("utf-8"), "sha256").hexdigest()[:24]
