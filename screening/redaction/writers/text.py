"""Plain-text writer (.txt/.md/.csv): the same encoding (BOM included) and line endings as the input.

>>> import tempfile, pathlib
>>> from screening.redaction.plan import DocumentPlan, Replacement
>>> d = pathlib.Path(tempfile.mkdtemp()); src = d / "a.txt"
>>> _ = src.write_bytes("电话13912345678\\r\\n完".encode("gb18030"))
>>> plan = DocumentPlan("a", "电话13912345678\\r\\n完", [Replacement(2, 13, "13912345678", "[电话]", "PHONE_NUMBER", "label")], [])
>>> _ = write(src, d / "b.txt", plan, None)
>>> (d / "b.txt").read_bytes().decode("gb18030")
'电话[电话]\\r\\n完'
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

from screening.documents.text import decode_text
from screening.errors import RedactionError
from screening.redaction.plan import DocumentPlan
from screening.redaction.writers import WriteResult


def encode_like(text: str, encoding: str, original: bytes) -> bytes:
    """Encode ``text`` as the original file was encoded (UTF-16/32 keep their BOM and byte order)."""
    if encoding in ("utf-16", "utf-32"):
        for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
            if original.startswith(bom):
                return bom + text.encode(enc)
    return text.encode(encoding)


def write(in_path: Path, out_path: Path, plan: DocumentPlan, policy: Any) -> WriteResult:
    data = Path(in_path).read_bytes()
    text, encoding, _newline = decode_text(data)
    if text != plan.text:
        raise RedactionError("the input changed since it was scanned", path=str(in_path))
    Path(out_path).write_bytes(encode_like(plan.apply(text), encoding, data))
    return WriteResult(changes=[r.to_log() for r in plan.replacements])
