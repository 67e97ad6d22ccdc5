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


# -- html: a random place, a random encoding; the gate fails and redact removes it -----------------------
_HTML_BASE = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>年度公示</title>'
              '<meta name="viewport" content="width=device-width"></head><body>'
              '<h1 class="t">关于年度公示的通知</h1><div id="main"><p>各单位请按要求执行。</p>'
              '<ul><li><a href="/a.html">通知一</a></li><li><span>通知二</span></li></ul>'
              '<table><tr><td>序号</td><td>项目</td></tr></table><img src="/logo.png" alt="标志"></div>'
              "<footer><p>办公室</p></footer></body></html>")
_ATTR_NAMES = ("data-v", "title", "data-contact", "style", "href", "value", "aria-description", "onclick",
               "srcdoc", "content")


def _encode(value: str, how: str) -> str:
    from urllib.parse import quote

    if how == "percent":
        return quote(value)
    if how == "entities":
        return "".join(f"&#x{ord(c):x};" for c in value)
    return value


def _html_carrier(kind: str, value: str, how: str) -> str:
    import base64
    import json

    u = "".join(f"\\u{ord(c):04x}" for c in value)
    return {
        "span": f"<span>{value}</span>",
        "template": f"<template><p>{value}</p></template>",
        "noscript": f"<noscript>{value}</noscript>",
        "comment": f"<!-- {value} -->",
        "json-ld": '<script type="application/ld+json">' + json.dumps({"name": value}) + "</script>",
        "script": f'<script>var s = "{u}";</script>',
        "css": "<style>.q::before{content:\"" + "".join(f"\\{ord(c):x} " for c in value) + "\"}</style>",
        "data uri": f'<a href="data:text/plain;base64,{base64.b64encode(value.encode()).decode()}">附件</a>',
        "srcdoc": f'<iframe srcdoc="&lt;p&gt;{_encode(value, "entities" if how == "entities" else "plain")}'
                  '&lt;/p&gt;"></iframe>',
        "mailto": f'<a href="mailto:?subject=x&body={_encode(value, "percent")}">反馈</a>',
    }[kind]


def _plant_html(kind: str, pick: int, how: str, value: str) -> str:
    import re

    starts = [m.end(1) for m in re.finditer(r"<([a-z0-9]+)(?=[\s>])", _HTML_BASE)]
    if kind.startswith("attr "):
        name = kind[5:]
        at = starts[pick % len(starts)]
        v = _encode(value, how) if name not in ("style", "onclick") else value
        v = {"style": f"--n:'{v}'", "onclick": f"alert('{v}')", "href": f"/q?who={_encode(value, 'percent')}"}.get(
            name, v)
        return _HTML_BASE[:at] + f' {name}="{v}"' + _HTML_BASE[at:]
    body = _HTML_BASE.index("<body>") + 6
    slots = [m.start() for m in re.finditer(r"<(?:/?(?:p|li|div|ul|table|footer|h1))[\s>]", _HTML_BASE) if m.start() > body]
    at = slots[pick % len(slots)]
    return _HTML_BASE[:at] + _html_carrier(kind, value, how) + _HTML_BASE[at:]


_HTML_KINDS = [f"attr {a}" for a in _ATTR_NAMES] + ["span", "template", "noscript", "comment", "json-ld", "script",
                                                    "css", "data uri", "srcdoc", "mailto"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(_HTML_KINDS), pick=st.integers(0, 10_000),
       how=st.sampled_from(["plain", "percent", "entities"]), value=st.sampled_from([ID, MOBILE]))
def test_planted_html_value_fails_the_gate_and_is_redacted(screener, kind, pick, how, value):
    from screening.redaction import redact_file
    from screening.redaction.parts import iter_parts

    labelled = ("身份证号 " if len(value) == 18 else "联系电话 ") + value
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "page.html"
        p.write_text(_plant_html(kind, pick, how, labelled), encoding="utf-8")
        findings = screener.scan_document(read_document(p))
        assert any(f.is_flagged and value in f.text.replace(" ", "") for f in findings), (
            kind, how, [(f.entity_type, f.location) for f in findings if f.is_flagged])
        out = Path(d) / "out.html"
        rep = redact_file(p, out, "publication", screener)
        assert rep.verification.ok
        assert not any(value in v.replace(" ", "") for _, v in iter_parts(out, "html")), (kind, how)
        assert "关于年度公示的通知" in out.read_text(encoding="utf-8")
