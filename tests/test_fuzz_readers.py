"""Property test: mutated .docx/.xlsx/.pdf/.html bytes give a Document or a DocumentError, nothing else.

Two mutators: raw byte edits of the file (hits the zip/PDF container) and edits of one XML part
re-zipped (gets past the container into the XML readers). Example counts are small so the suite
stays fast; raise ``FUZZ_EXAMPLES`` to run longer.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reader_fixtures import build_docx, build_html, build_pdf, build_xlsx

from screening.documents import Document, read_document
from screening.errors import DocumentError

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "15"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)

_DIR = Path(tempfile.mkdtemp(prefix="fuzz-readers-"))
SEEDS: dict[str, bytes] = {}


def _seed(kind: str) -> bytes:
    if kind not in SEEDS:
        p = _DIR / f"seed.{kind}"
        {"docx": build_docx, "xlsx": build_xlsx, "pdf": build_pdf, "html": build_html}[kind](p)
        SEEDS[kind] = p.read_bytes()
    return SEEDS[kind]


def _read(kind: str, data: bytes) -> None:
    p = _DIR / f"case.{kind}"
    p.write_bytes(data)
    try:
        doc = read_document(p)
    except DocumentError as exc:
        assert str(p) in str(exc)
        return
    assert isinstance(doc, Document)
    _ = doc.text  # segments are strings


edits = st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=8)


def _apply(data: bytes, changes: list[tuple[float, int]], cut: float | None) -> bytes:
    buf = bytearray(data)
    for where, byte in changes:
        buf[int(where * len(buf))] = byte
    if cut is not None:
        buf = buf[: max(1, int(cut * len(buf)))]
    return bytes(buf)


@pytest.mark.parametrize("kind", ["docx", "xlsx", "pdf", "html"])
@FUZZ
@given(changes=edits, cut=st.none() | st.floats(0.01, 1))
def test_mutated_bytes(kind: str, changes: list[tuple[float, int]], cut: float | None) -> None:
    _read(kind, _apply(_seed(kind), changes, cut))


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
@FUZZ
@given(member=st.floats(0, 1, exclude_max=True), changes=edits, cut=st.none() | st.floats(0.01, 1))
def test_mutated_xml_parts(kind: str, member: float, changes: list[tuple[float, int]], cut: float | None) -> None:
    with zipfile.ZipFile(io.BytesIO(_seed(kind))) as zf:
        parts = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    names = sorted(n for n in parts if n.endswith((".xml", ".rels")))
    target = names[int(member * len(names))]
    parts[target] = _apply(parts[target], changes, cut)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    _read(kind, out.getvalue())
