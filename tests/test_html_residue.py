"""Issue 11, HTML side: every place of an HTML page a value can hide in is read (residue segments
naming the place) and flagged; the redacted page holds the value in none of them."""

from __future__ import annotations

import base64
import codecs
import json
from pathlib import Path
from urllib.parse import quote

import pytest
from residue_fixtures import ID, MOBILE

from screening.documents import read_document
from screening.redaction import redact_file

LABELLED = f"申请人身份证号 {ID}，联系电话 {MOBILE}"


def _u(text: str) -> str:
    return "".join(f"\\u{ord(c):04x}" for c in text)


def _css(text: str) -> str:
    return "".join(f"\\{ord(c):x} " for c in text)


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def page(inner: str, head: str = "") -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>公示</title>{head}</head>'
            f"<body><h1>关于年度公示的通知</h1><p>各单位请按要求执行。</p>{inner}</body></html>")


PLACES = {
    "data attribute": page(f'<div data-phone="{LABELLED}">详情</div>'),
    "css content": page('<p class="x">见下</p>', f'<style>.x::after {{ content: "{_css(LABELLED)}"; }}</style>'),
    "style attribute": page(f'<span style="--n: \'{LABELLED}\'">样式</span>'),
    "data uri text": page(f'<a href="data:text/plain;base64,{_b64(LABELLED)}">附件</a>'),
    "data uri html": page(f'<a href="data:text/html;charset=utf-8,{quote("<p>" + LABELLED + "</p>")}">附件</a>'),
    "percent href": page(f'<a href="https://example.invalid/q?who={quote(LABELLED)}">链接</a>'),
    "mailto query": page(f'<a href="mailto:?subject={quote("身份证号")}&body={quote(LABELLED).replace("%20", "+")}">'
                         "反馈</a>"),
    "srcdoc": page(f'<iframe srcdoc="&lt;p&gt;{LABELLED}&lt;/p&gt;"></iframe>'),
    "srcdoc raw": page(f"<iframe srcdoc='<p class=\"a\">{LABELLED}</p>'></iframe>"),
    "json-ld": page("", '<script type="application/ld+json">'
                    + json.dumps({"@type": "Person", "description": LABELLED}, ensure_ascii=True) + "</script>"),
    "json escaped": page("", f'<script type="application/json">{{"v": "{_u(LABELLED)}"}}</script>'),
    "script string": page(f'<script>var who = "{_u(LABELLED)}";</script>'),
    "template": page(f"<template><p>{LABELLED}</p></template>"),
    "noscript": page(f"<noscript><p>{LABELLED}</p></noscript>"),
    "event handler": page(f"<button onclick=\"alert('{LABELLED}')\">按钮</button>"),
    "meta other": page("", f'<meta name="contact" content="{LABELLED}">'),
    "img src query": page(f'<img src="/p.png?id={ID}&tel={MOBILE}">'),
    "deep nesting 300": page("<div>" * 300 + f"<p>{LABELLED}</p>" + "</div>" * 300),
    "deep nesting 3000": page("<div>" * 3000 + f"<p>{LABELLED}</p>" + "</div>" * 3000),
}
ENCODED = {
    "utf-16le meta": ("utf-16-le", "utf-16le"),
    "utf-16be meta": ("utf-16-be", "utf-16be"),
    "utf-16 bom": ("utf-16", "utf-16"),
    "ebcdic cp037": ("cp037", "cp037"),
    "ebcdic cp500": ("cp500", "cp500"),
}


def _flagged(screener, path: Path) -> list:
    doc = read_document(path)
    findings = screener.scan_document(doc)
    return [f for f in findings if f.is_flagged]


def _values_found(findings) -> set[str]:
    out = set()
    for f in findings:
        t = (f.text or "").replace(" ", "")
        for v in (ID, MOBILE):
            if v in t:
                out.add(v)
    return out


@pytest.mark.parametrize("name", sorted(PLACES))
def test_place_is_flagged(screener, tmp_path, name):
    p = tmp_path / "page.html"
    p.write_text(PLACES[name], encoding="utf-8")
    flagged = _flagged(screener, p)
    assert _values_found(flagged) == {ID, MOBILE}, [(f.entity_type, f.location) for f in flagged]


@pytest.mark.parametrize("name", sorted(ENCODED))
def test_declared_charset_is_honoured(screener, tmp_path, name):
    codec, declared = ENCODED[name]
    text = page(f"<p>{LABELLED}</p>").replace('charset="utf-8"', f'charset="{declared}"')
    if codec.startswith("cp"):
        text = text.replace(LABELLED, f"身份证号 {ID} 联系电话 {MOBILE}").replace("申请人", "")
        text = "".join(c for c in text if ord(c) < 128)  # EBCDIC code pages hold no Chinese
    p = tmp_path / "page.html"
    p.write_bytes(codecs.encode(text, codec))
    doc = read_document(p)
    assert doc.facts["encoding"].replace("_", "-").startswith(codec.split("-")[0])
    assert ID in doc.text and MOBILE in doc.text


def test_undecodable_page_is_unscanned(screener, tmp_path):
    p = tmp_path / "page.html"
    p.write_bytes(b'<html><meta charset="utf-8"><p>\xff\xfe\x81\x30\xff\xff\xc0</p></html>')
    doc = read_document(p)
    assert any(h.entity_type == "UNSCANNED_CONTENT" for h in doc.hygiene)
    assert not doc.segments


def test_data_uri_image_is_unscanned(screener, tmp_path):
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40).decode()
    p = tmp_path / "page.html"
    p.write_text(page(f'<img src="data:image/png;base64,{png}">'), encoding="utf-8")
    doc = read_document(p)
    assert any(h.entity_type == "UNSCANNED_CONTENT" and "data uri" in h.location.get("part", "")
               for h in doc.hygiene)


def test_residue_names_the_place(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(PLACES["data attribute"] + PLACES["css content"], encoding="utf-8")
    places = {s.location.get("place") for s in read_document(p).segments if s.kind == "residue"}
    assert {"attribute data-phone", "css content"} <= places


def test_plain_page_has_no_residue_findings(screener, tmp_path):
    """Hard negative: structural attributes, CSS and scripts without values flag nothing."""
    p = tmp_path / "page.html"
    p.write_text(page('<div class="c1" data-id="12" style="width: 1200px; color: #123456">正文内容</div>'
                      '<a href="https://example.invalid/a?page=2&size=20">下一页</a>',
                      '<style>.a{content:"›"; margin: 10px}</style><script>var n = 3; f("ok");</script>'
                      '<script type="application/ld+json">{"@type": "WebPage", "name": "公示"}</script>'),
                 encoding="utf-8")
    assert not [f for f in _flagged(screener, p) if f.entity_type not in ("PERSON",)]


def _all_views(path: Path) -> str:
    from screening.redaction.parts import iter_parts

    return "\n".join(v for _, v in iter_parts(path, "html")).replace(" ", "")


REDACTABLE = sorted(set(PLACES))


@pytest.mark.parametrize("name", REDACTABLE)
def test_place_is_cleaned_by_redact(screener, tmp_path, name):
    src = tmp_path / "page.html"
    src.write_text(PLACES[name], encoding="utf-8")
    out = tmp_path / "out.html"
    rep = redact_file(src, out, "publication", screener)
    assert rep.verification.ok, [str(r) for r in rep.verification.residues]
    views = _all_views(out)
    assert ID not in views and MOBILE not in views
    assert "关于年度公示的通知" in out.read_text(encoding="utf-8")  # the page itself is kept


@pytest.mark.parametrize("name", sorted(ENCODED))
def test_redact_keeps_the_declared_charset(screener, tmp_path, name):
    codec, declared = ENCODED[name]
    text = page(f"<p>身份证号 {ID} 联系电话 {MOBILE}</p>").replace('charset="utf-8"', f'charset="{declared}"')
    if codec.startswith("cp"):
        text = "".join(c for c in text if ord(c) < 128)
    src = tmp_path / "page.html"
    src.write_bytes(codecs.encode(text, codec))
    out = tmp_path / "out.html"
    rep = redact_file(src, out, "publication", screener)
    assert rep.verification.ok
    decoded = out.read_bytes().decode(codec)
    assert ID not in decoded and MOBILE not in decoded and "<p>" in decoded


def test_verification_refuses_a_value_left_in_a_decoded_place(screener, tmp_path, monkeypatch):
    """If the writer forgot a place (here: base64 data: URIs), verification finds the value in the
    decoded views of the output and refuses it (no output written)."""
    from screening.errors import RedactionError
    from screening.redaction.parts import iter_parts
    from screening.redaction.writers import html as writer

    src = tmp_path / "page.html"
    src.write_text(PLACES["data uri text"].replace("</body>", f"<p>{LABELLED}</p></body>"), encoding="utf-8")
    views = [place for place, v in iter_parts(src, "html") if ID in v.replace(" ", "")]
    assert any("data uri" in place for place in views)  # the raw file never shows it: base64
    monkeypatch.setattr(writer._Cleaner, "data_uri", lambda self, uri, depth: (uri, []))
    out = tmp_path / "out.html"
    with pytest.raises(RedactionError, match="data uri"):
        redact_file(src, out, "publication", screener)
    assert not out.exists()


def test_redact_removes_data_uri_images_with_a_note(screener, tmp_path):
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40).decode()
    src = tmp_path / "page.html"
    src.write_text(page(f'<p>{LABELLED}</p><img alt="图" src="data:image/png;base64,{png}">'), encoding="utf-8")
    out = tmp_path / "out.html"
    rep = redact_file(src, out, "publication", screener)
    assert rep.verification.ok and png not in out.read_text(encoding="utf-8")
    assert any("data: URI image" in s for s in rep.sanitised)
    assert not [h for h in read_document(out).hygiene if h.entity_type == "UNSCANNED_CONTENT"]


def test_plain_page_is_kept_byte_for_byte(screener, tmp_path):
    """Hard negative for the writer: nothing to clean in scripts, styles, links: nothing changes."""
    text = page('<a href="https://example.invalid/a?page=2&amp;size=20" style="color:red">下一页</a>',
                '<style>.a{content:"\\203A"}</style><script type="application/ld+json">{"name": "\\u516c\\u793a"}'
                "</script>")
    src = tmp_path / "page.html"
    src.write_text(text, encoding="utf-8")
    rep = redact_file(src, tmp_path / "out.html", "publication", screener)
    assert rep.verification.ok and (tmp_path / "out.html").read_text(encoding="utf-8") == text
