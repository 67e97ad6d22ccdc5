"""Issue 11, property: a fictional ID or mobile put into a random XML text or attribute position of a
random part of a generated .docx / .xlsx never passes the gate (the scan yields a flagged finding)."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from reader_fixtures import rewrite_zip
from residue_fixtures import ID, MOBILE, base_docx, base_xlsx

from screening.documents import read_document

_BASE: dict[str, bytes] = {}


def _base(kind: str) -> bytes:
    if kind not in _BASE:
        d = Path(tempfile.mkdtemp())
        p = base_docx(d / "b.docx") if kind == "docx" else base_xlsx(d / "b.xlsx")
        _BASE[kind] = p.read_bytes()
    return _BASE[kind]


def _xml_members(data: bytes) -> list[str]:
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [n for n in zf.namelist() if n.endswith((".xml", ".rels"))]


def _plant(tmp: Path, kind: str, member_pick: int, el_pick: int, where: str, value: str) -> Path:
    """The value with its label (a bare number in an amount column is, rightly, not a phone)."""
    value = ("身份证号 " if len(value) == 18 else "联系电话 ") + value
    p = tmp / f"f.{kind}"
    p.write_bytes(_base(kind))
    members = _xml_members(p.read_bytes())
    name = members[member_pick % len(members)]
    with zipfile.ZipFile(p) as zf:
        root = etree.fromstring(zf.read(name))
    els = [e for e in root.iter() if isinstance(e.tag, str)]
    el = els[el_pick % len(els)]
    if where == "attribute":
        el.set("planted", value)
    elif where == "text" and len(el) == 0:
        el.text = (el.text or "") + " " + value  # a separator: digits glued to digits are another number
    else:  # a new child element holding the value
        etree.SubElement(el, "{urn:x-planted}note").text = value
    rewrite_zip(p, {name: etree.tostring(root, xml_declaration=True, encoding="UTF-8")})
    return p


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(["docx", "xlsx"]), member_pick=st.integers(0, 10_000), el_pick=st.integers(0, 10_000),
       where=st.sampled_from(["attribute", "text", "child"]), value=st.sampled_from([ID, MOBILE]))
def test_planted_value_fails_the_gate(screener, kind, member_pick, el_pick, where, value):
    with tempfile.TemporaryDirectory() as d:
        try:
            p = _plant(Path(d), kind, member_pick, el_pick, where, value)
        except ValueError:
            return  # lxml refused the edit (e.g. text on an element that may not have it): nothing planted
        try:
            doc = read_document(p)
        except Exception:  # noqa: BLE001 - a file the reader refuses is not "clean" either
            return
        findings = screener.scan_document(doc)
        assert any(f.is_flagged and f.start >= 0 and value in f.text.replace(" ", "") for f in findings), (
            [(f.entity_type, f.location) for f in findings if f.is_flagged])
