"""Fixtures for the residue-sweep tests: a plain .docx / .xlsx with a fictional value planted in one
less-common place each (raw zip/XML edits on top of python-docx/openpyxl output). All values are
invented: IDs pass GB 11643 with the project's own check, the mobile is a made-up number."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from reader_fixtures import make_id, rewrite_zip

ID = make_id(417, area="320105", birth="19870611")
MOBILE = "13907314826"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WNS = f'xmlns:w="{W}"'


def base_docx(path: Path, text: str = "关于做好年度公示工作的通知") -> Path:
    import docx

    d = docx.Document()
    d.add_paragraph(text)
    d.add_paragraph("各单位请按要求执行。")
    d.save(path)
    return path


def base_xlsx(path: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "汇总"
    ws.append(["序号", "项目", "金额"])
    ws.append([1, "办公用品", 120])
    wb.save(path)
    return path


def read_member(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as zf:
        return zf.read(name)


def edit_member(path: Path, name: str, fn: Callable[[str], str]) -> None:
    rewrite_zip(path, {name: fn(read_member(path, name).decode("utf-8")).encode("utf-8")})


def in_body(path: Path, xml: str) -> None:
    """Insert raw WordprocessingML before the body's sectPr."""
    edit_member(path, "word/document.xml", lambda s: s.replace("<w:sectPr", xml + "<w:sectPr", 1))


def add_rel(path: Path, part_rels: str, rid: str, rtype: str, target: str, external: bool = False) -> None:
    mode = ' TargetMode="External"' if external else ""
    rel = (f'<Relationship Id="{rid}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
           f'relationships/{rtype}" Target="{target}"{mode}/>')
    edit_member(path, part_rels, lambda s: s.replace("</Relationships>", rel + "</Relationships>"))


def zip_bytes(members: dict[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return buf.getvalue()
