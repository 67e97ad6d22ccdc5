"""Build a small, valid OFD package from lines of text (test fixtures and the sample drafts; not a
general OFD producer). Pages are A4 (210 x 297 mm); each line is one ``TextObject`` at a given
position, drawn as one ``TextCode`` with ``DeltaX`` in the ``g`` repeat syntax, or one TextCode
per character (``split=True``, as some producers write numbers and stamps).

>>> import tempfile, os, zipfile
>>> p = os.path.join(tempfile.mkdtemp(), "a.ofd")
>>> build_ofd(p, [["关于某事项的通知", "联系电话：13912345678"]])
>>> sorted(zipfile.ZipFile(p).namelist())[:3]
['Doc_0/Document.xml', 'Doc_0/Pages/Page_0/Content.xml', 'Doc_0/PublicRes.xml']
>>> delta_x("张三13")
'g 2 4.2 2.1'
"""

from __future__ import annotations

import os
import tempfile
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

NS = "http://www.ofdspec.org/2016"
SIZE = 4.2  # mm, about 12 pt
LEFT, TOP, LEADING = 25.0, 30.0, 8.0


def _adv(ch: str, size: float) -> float:
    return size if unicodedata.east_asian_width(ch) in ("W", "F") else size / 2


def delta_x(text: str, size: float = SIZE) -> str:
    """The DeltaX of ``text`` (advances between consecutive characters), runs as ``g N D``."""
    advs = [_adv(c, size) for c in text[:-1]]
    out: list[str] = []
    i = 0
    while i < len(advs):
        j = i
        while j < len(advs) and advs[j] == advs[i]:
            j += 1
        n = j - i
        v = f"{advs[i]:g}"
        out.append(f"g {n} {v}" if n > 1 else v)
        i = j
    return " ".join(out)


@dataclass
class Line:
    text: str
    x: float | None = None
    y: float | None = None
    size: float = SIZE
    split: bool = False


@dataclass
class Annotation:
    page: int
    remark: str = ""
    creator: str = ""
    kind: str = "Highlight"


@dataclass
class Attachment:
    name: str
    data: bytes
    fmt: str = ""


@dataclass
class Extras:
    title: str = ""
    author: str = ""
    keywords: Sequence[str] = ()
    custom: dict[str, str] = field(default_factory=dict)
    annotations: Sequence[Annotation] = ()
    attachments: Sequence[Attachment] = ()
    images: dict[int, bytes] = field(default_factory=dict)  # page number -> PNG/JPEG bytes drawn on it
    signature: bool = False


def _text_object(oid: int, line: Line, y: float) -> str:
    x = LEFT if line.x is None else line.x
    w = sum(_adv(c, line.size) for c in line.text) + 1
    head = (f'<ofd:TextObject ID="{oid}" Boundary="{x:g} {y - line.size:g} {w:g} {line.size * 1.4:g}" Font="3" '
            f'Size="{line.size:g}"><ofd:FillColor Value="0 0 0"/>')
    if line.split:
        codes, cx = [], 0.0
        for ch in line.text:
            codes.append(f'<ofd:TextCode X="{cx:g}" Y="{line.size:g}">{escape(ch)}</ofd:TextCode>')
            cx += _adv(ch, line.size)
        return head + "".join(codes) + "</ofd:TextObject>"
    dx = delta_x(line.text, line.size)
    dxa = f" DeltaX={quoteattr(dx)}" if dx else ""
    return head + f'<ofd:TextCode X="0" Y="{line.size:g}"{dxa}>{escape(line.text)}</ofd:TextCode></ofd:TextObject>'


def build_ofd(path: str | os.PathLike[str], pages: Sequence[Sequence[str | Line]], extras: Extras | None = None
              ) -> None:
    """Write an OFD with ``pages`` (each a list of lines, top to bottom) and ``extras`` (DocInfo,
    annotations, attachments, an image per page, a dummy signature)."""
    ex = extras or Extras()
    members: dict[str, bytes] = {}
    oid = 10
    page_refs, annot_refs = [], []
    media = []
    for n, lines in enumerate(pages):
        objs = []
        y = TOP
        for raw in lines:
            line = raw if isinstance(raw, Line) else Line(raw)
            yy = line.y if line.y is not None else y
            objs.append(_text_object(oid, line, yy))
            oid += 1
            y = yy + LEADING
        if n + 1 in ex.images:
            rid = 100 + n
            media.append((rid, f"image_{n}.png", ex.images[n + 1]))
            objs.append(f'<ofd:ImageObject ID="{oid}" ResourceID="{rid}" Boundary="{LEFT:g} {y:g} 160 60" '
                        f'CTM="160 0 0 60 0 0"/>')
            oid += 1
        members[f"Doc_0/Pages/Page_{n}/Content.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}"><ofd:Content>'
            f'<ofd:Layer ID="{oid}">{"".join(objs)}</ofd:Layer></ofd:Content></ofd:Page>').encode()
        oid += 1
        page_refs.append(f'<ofd:Page ID="{n + 1}" BaseLoc="Pages/Page_{n}/Content.xml"/>')
    for i, a in enumerate(ex.annotations):
        members[f"Doc_0/Annots/Page_{a.page - 1}/Annotation_{i}.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:PageAnnot xmlns:ofd="{NS}">'
            f'<ofd:Annot ID="{oid}" Type="{a.kind}" Creator={quoteattr(a.creator)} LastModDate="2024-05-01">'
            f'<ofd:Remark>{escape(a.remark)}</ofd:Remark><ofd:Appearance Boundary="20 20 50 10"/>'
            f'</ofd:Annot></ofd:PageAnnot>').encode()
        oid += 1
        annot_refs.append(f'<ofd:Page PageID="{a.page}"><ofd:FileLoc>Page_{a.page - 1}/Annotation_{i}.xml'
                          f'</ofd:FileLoc></ofd:Page>')
    res_media = "".join(f'<ofd:MultiMedia ID="{rid}" Type="Image" Format="PNG"><ofd:MediaFile>{name}'
                        f'</ofd:MediaFile></ofd:MultiMedia>' for rid, name, _ in media)
    members["Doc_0/PublicRes.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts>'
        f'<ofd:Font ID="3" FontName="宋体" FamilyName="宋体"/></ofd:Fonts>'
        + (f"<ofd:MultiMedias>{res_media}</ofd:MultiMedias>" if media else "") + "</ofd:Res>").encode()
    for _rid, name, data in media:
        members[f"Doc_0/Res/{name}"] = data
    extra_refs = ""
    if annot_refs:
        members["Doc_0/Annots/Annotations.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Annotations xmlns:ofd="{NS}">{"".join(annot_refs)}'
            "</ofd:Annotations>").encode()
        extra_refs += "<ofd:Annotations>Annots/Annotations.xml</ofd:Annotations>"
    if ex.attachments:
        items = []
        for i, att in enumerate(ex.attachments):
            fname = f"attach_{i}{os.path.splitext(att.name)[1]}"
            members[f"Doc_0/Attachs/{fname}"] = att.data
            items.append(f'<ofd:Attachment ID="{oid}" Name={quoteattr(att.name)} Format="{att.fmt}" '
                         f'Size="{len(att.data)}"><ofd:FileLoc>{fname}</ofd:FileLoc></ofd:Attachment>')
            oid += 1
        members["Doc_0/Attachs/Attachments.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Attachments xmlns:ofd="{NS}">{"".join(items)}'
            "</ofd:Attachments>").encode()
        extra_refs += "<ofd:Attachments>Attachs/Attachments.xml</ofd:Attachments>"
    members["Doc_0/Document.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
        f"<ofd:MaxUnitID>{oid}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>"
        f"</ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>"
        f"<ofd:Pages>{''.join(page_refs)}</ofd:Pages>{extra_refs}</ofd:Document>").encode()
    info = ["<ofd:DocID>0C1D4F7159954EEEDE517F7285E84DC4</ofd:DocID>"]
    if ex.title:
        info.append(f"<ofd:Title>{escape(ex.title)}</ofd:Title>")
    if ex.author:
        info.append(f"<ofd:Author>{escape(ex.author)}</ofd:Author>")
    info.append("<ofd:CreationDate>2024-05-01</ofd:CreationDate>")
    if ex.keywords:
        info.append("<ofd:Keywords>" + "".join(f"<ofd:Keyword>{escape(k)}</ofd:Keyword>" for k in ex.keywords)
                    + "</ofd:Keywords>")
    info.append("<ofd:Creator>gongkai-screening tests</ofd:Creator>")
    if ex.custom:
        info.append("<ofd:CustomDatas>" + "".join(f"<ofd:CustomData Name={quoteattr(k)}>{escape(v)}</ofd:CustomData>"
                                                  for k, v in ex.custom.items()) + "</ofd:CustomDatas>")
    sig = ""
    if ex.signature:
        members["Doc_0/Signs/Signatures.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Signatures xmlns:ofd="{NS}"><ofd:MaxSignId>1</ofd:MaxSignId>'
            '<ofd:Signature ID="1" BaseLoc="Sign_0/Signature.xml"/></ofd:Signatures>').encode()
        members["Doc_0/Signs/Sign_0/Signature.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Signature xmlns:ofd="{NS}"><ofd:SignedInfo>'
            '<ofd:Provider ProviderName="TestSigner" Version="1.0"/><ofd:SignatureMethod>1.2.156.10197.1.501'
            '</ofd:SignatureMethod><ofd:SignatureDateTime>20240501120000Z</ofd:SignatureDateTime>'
            '</ofd:SignedInfo><ofd:SignedValue>SignedValue.dat</ofd:SignedValue></ofd:Signature>').encode()
        members["Doc_0/Signs/Sign_0/SignedValue.dat"] = bytes(range(256)) * 4
        sig = "<ofd:Signatures>Doc_0/Signs/Signatures.xml</ofd:Signatures>"
    members["OFD.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD">'
        f'<ofd:DocBody><ofd:DocInfo>{"".join(info)}</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>'
        f"{sig}</ofd:DocBody></ofd:OFD>").encode()
    out = os.fspath(path)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(out) or ".", suffix=".ofd.tmp")
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            for name in ["OFD.xml", *sorted(k for k in members if k != "OFD.xml")]:
                zf.writestr(name, members[name])
        os.chmod(tmp, 0o644)  # mkstemp made it 0600: a sample/fixture is an ordinary file
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
