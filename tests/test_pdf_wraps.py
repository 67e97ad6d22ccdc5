"""PDF soft wraps (issue 14): a value the layout wrapped over two lines of one paragraph is one value.

The reader joins a line break when the line before is filled to the right margin without ending its
sentence and the next line starts at the left margin, one line lower, in the same font size (see
``screening.documents.pdf_layout.wrap_breaks``). Table rows, indented paragraphs, headings and short lines keep
their breaks. Every text here is invented.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from reader_fixtures import CJK_FONT, _cjk_canvas

from screening import Screener
from screening.documents import read_document

SIZE = 12
LEFT = 60
WIDTH = 30  # characters per full line (A4 with these margins)


def _paragraph(text: str, indent: bool = True) -> list[tuple[float, str]]:
    """``(x, line)`` of a paragraph set like a word processor: the first line indented two ems, then full lines."""
    out = []
    first = WIDTH - 2 if indent else WIDTH
    out.append((LEFT + (2 * SIZE if indent else 0), text[:first]))
    rest = text[first:]
    while rest:
        out.append((LEFT, rest[:WIDTH]))
        rest = rest[WIDTH:]
    return out


def _pdf(path: Path, blocks: list[list[tuple[float, str]]]) -> Path:
    c, (_w, h) = _cjk_canvas(path)
    c.setFont(CJK_FONT, SIZE)
    y = h - 60
    for block in blocks:
        for x, line in block:
            c.drawString(x, y, line)
            y -= SIZE * 1.5
    c.showPage()
    c.save()
    return path


PARAGRAPHS = {
    # (sentence, value, where the line breaks inside the value, entity type)
    "name": ("经核实，申请人所述情况属实，本次审批同意由其侄女代为办理相关手续，代办人欧阳建华已签字确认并留存材料。", "欧阳建华", 2, "PERSON"),
    "address": ("该户现居住于城关区幸福路街道建设巷社区桃园小区5号楼2单元301室，家庭人口三人，收入来源不稳定。", "桃园小区5号楼2单元301室", 4, "CN_ADDRESS"),
    "mobile": ("因联系方式变更，申请人于本月重新登记了本人手机号码13912345678并签字确认，工作人员已完成核对。", "13912345678", 5, "PHONE_NUMBER"),
}


def _wrapped(sentence: str, value: str, k: int) -> list[tuple[float, str]]:
    i = sentence.index(value)
    first = WIDTH - 2
    # shift the sentence with filler so that the break after the first (indented) line falls k characters in
    filler = first - (i + k)
    text = ("此" * filler + sentence) if filler >= 0 else sentence[-filler:]
    return _paragraph(text + TAIL)


#: the rest of the paragraph: a third printed line, as in a real notice
TAIL = "以上情况经村（居）民委员会入户调查核实，并在本村（社区）范围内张榜公示七日，无异议后报县民政局审批。"


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener()


@pytest.mark.parametrize("kind", sorted(PARAGRAPHS))
def test_a_value_wrapped_inside_a_paragraph_is_one_finding(tmp_path: Path, screener: Screener, kind: str) -> None:
    sentence, value, k, etype = PARAGRAPHS[kind]
    lines = _wrapped(sentence, value, k)
    assert lines[0][1].endswith(value[:k]) and lines[1][1].startswith(value[k:k + 1])  # the layout splits it
    doc = read_document(_pdf(tmp_path / f"{kind}.pdf", [lines]))
    found = [f for f in screener.scan_document(doc) if f.entity_type == etype]
    hit = [f for f in found if value in f.text.replace("\n", "")]
    assert hit, (kind, [f.text for f in found])
    loc = hit[0].location
    assert loc["page"] == 1 and loc["line"] == 1
    assert len(loc["boxes"]) == 2 and loc["boxes"][0][1] < loc["boxes"][1][1]  # one box per printed line


def test_paragraph_lines_are_joined_but_not_its_end(tmp_path: Path) -> None:
    body = "这是一段足够长的说明文字，用于检验换行的处理方式是否符合段落排版的习惯要求，并且没有任何个人信息。"
    lines = _paragraph(body) + _paragraph("第二段正文从缩进两个字符的位置开始，它是一个新的段落而不是上一段的续行文字。")
    doc = read_document(_pdf(tmp_path / "p.pdf", [lines]))
    text = "".join(s.text for s in doc.segments if s.location.get("page") == 1)
    assert body in text  # the first paragraph is one line
    assert "。\n" in text or "\n第二段" in text  # the second paragraph starts a new line


@pytest.mark.parametrize(
    "block",
    [
        # a table row filled to the margin: its cells are set apart by wide gaps, the next row is no continuation
        [(LEFT, "张建国    男    汉族    城关镇幸福村三组    13912345678"), (LEFT, "李秀英    女    回族    城关镇幸福村四组")],
        # a line ending with a full stop, then a line at the margin: two sentences
        [(LEFT, "本次共审核申请材料十二份，均符合条件，予以公示，公示期满无异议的予以发放。"),
         (LEFT, "联系电话：0931-5551234")],
        # a short line (a heading) before a full line
        [(LEFT, "一、基本情况"), (LEFT, "本次共审核申请材料十二份，均符合条件，予以公示，公示期满后发放")],
        # the next line starts with a list number: a new item
        [(LEFT, "本次检查发现的主要问题有以下几个方面，需要各单位认真对照进行整改落实"),
         (LEFT, "（一）台账不完整，部分材料缺少签字。")],
    ],
)
def test_breaks_that_are_no_wrap_stay(tmp_path: Path, block: list[tuple[float, str]]) -> None:
    doc = read_document(_pdf(tmp_path / "t.pdf", [block]))
    text = "".join(s.text for s in doc.segments if s.location.get("page") == 1)
    assert text.count("\n") >= len(block) - 1
    for _x, line in block:
        assert line.replace(" ", "")[-6:] in text.replace(" ", "")
    assert block[0][1].replace(" ", "")[-3:] + block[1][1].replace(" ", "")[:3] not in text.replace(" ", "").replace("\n", "|")


@pytest.mark.parametrize("kind", ["address", "name"])
def test_a_wrapped_value_is_redacted_and_the_output_verified(tmp_path: Path, screener: Screener, kind: str) -> None:
    from screening.redaction import redact_file

    sentence, value, k, _etype = PARAGRAPHS[kind]
    src = _pdf(tmp_path / f"{kind}.pdf", [_wrapped(sentence, value, k)])
    out = tmp_path / f"{kind}_out.pdf"
    rep = redact_file(src, out, "publication", screener)
    assert rep.status == "ok", rep.error
    text = "".join(read_document(out).text.split())
    assert value not in text and value[k:] not in text  # neither part of the value is left on either line
