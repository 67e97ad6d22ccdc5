"""Who a name belongs to in an official capacity: role-label lists, appointment notices, list heads
and the owner of a contact line.

Used by :mod:`recognizers.person` to decide ``role="official"`` (LOW) vs private (HIGH). All word
lists are written by hand for this project from general knowledge of Chinese official documents
(GB/T 9704 layout, 任免通知, 会议纪要, 裁决书, 考务安排); no corpus was used.

>>> label_role("办案民警"), label_role("首席仲裁员"), label_role("当事人"), label_role("考务组")
('official', 'official', None, 'official')
>>> appointment_document("西宁市某区人民政府\\n关于王某等同志职务任免的通知\\n")
True
>>> contact_owner("  招标代理机构:某某咨询有限公司\\n  联系人:", 20)
'private'
"""

from __future__ import annotations

import re

from recognizers import cues
from recognizers.person_lexicon import CJK, DOTS, OFFICIAL_TITLES, PRIVATE_TRIGGERS

#: Endings of a line label (``办案民警：``, ``首席仲裁员：``, ``出席：``) whose listed names are people
#: acting in their office or job: officials (LOW).
OFFICIAL_LABEL_ENDS = cues.words("official_label")
#: Characters before 组 that make a working group (考务组, 督查组, 工作组): officials.
_GROUP_LABEL = re.compile(r"(?:务|查|导|作|核|办|察|审|调|验|控|保|巡|考|宣|联|接|协|评|勤|障|秘)组$")
#: Words in a label that keep its names private whatever it ends with.
_PRIVATE_IN_LABEL = re.compile(cues.alternation(PRIVATE_TRIGGERS + cues.words("private_label_word")) + "|户$")


def label_role(label: str) -> str | None:
    """``"official"`` when a line label names an official role or an official's act, else None.

    >>> label_role("评标专家"), label_role("出席人员"), label_role("学生")
    (None, 'official', None)
    """
    if re.search(r"(?:组|专班|指挥部)成员$", label) and not re.search("评标|评审|专家|家庭|户", label):
        return "official"
    if _PRIVATE_IN_LABEL.search(label) and not label.endswith(("联系人", "工作人员")):
        return None
    if label.endswith(OFFICIAL_LABEL_ENDS) or _GROUP_LABEL.search(label):
        return "official"
    return None


#: A line label and the start of its list: ``  办案民警:`` / ``(三)记录:``.
LINE_LABEL = re.compile(rf"(?m)^[ \t]*(?:[(]?[一二三四五六七八九十0-9]{{1,2}}[)、.]?)?(?P<label>[{CJK}]{{2,10}})[:][ ]*")
#: The next label on the same line ends the list (``罗春燕 电话:``).
NEXT_LABEL = re.compile(rf"[ ,，;；]*[{CJK}]{{1,6}}[:]|[ ,，;；]*[0-9]")
#: Characters ending an organisation written before a name in a list item (区住建局吴建新).
ORG_END = re.compile(cues.alternation(cues.words("org_end")))

#: Appointment verbs before ``NAME同志`` (任命张三同志为…, 免去李四同志的…职务).
APPOINT_BEFORE = re.compile(f"(?:{cues.alternation(cues.words('appoint_verb'))})$")
#: What follows ``NAME同志`` in an appointment (为…局长, 任…, 的…职务, 不再担任…).
#: (a grammar of 同志 + what follows, not a word list)
APPOINT_AFTER = re.compile(r"同志(?:为|任|兼任|担任|不再|的[^。\n]{0,40}职务|职务|同志|等|[、,，])")  # cue-rule: grammar
#: A document whose title (its first lines) announces personnel decisions.
_APPOINT_TITLE = re.compile(
    cues.alternation(cues.words("appoint_title")) + r"|干部.{0,6}公示|聘任.{0,6}通知"  # cue-rule: two patterns
)
#: A biography line of an official (附：拟任职人员基本情况): 现任…, 历任….
BIO_LINE = re.compile(cues.alternation(cues.words("bio_official")))
#: ... unless the job is in a company (现任某贸易公司经理: a private person's biography).
BIO_PRIVATE = re.compile(cues.alternation(cues.words("bio_private")))


def appointment_document(text: str) -> bool:
    """True when the first ~6 lines (the title block) announce appointments or removals."""
    lines = text[:4096].lstrip().splitlines()  # a big sheet's text is megabytes: split its start
    if len(lines) < 7:  # the sixth line may be cut (or the start is blank): the whole text
        lines = text.lstrip().splitlines()
    head = "\n".join(lines[:6])
    return _APPOINT_TITLE.search(head) is not None


_DETAIL_LABELS = cues.words("contact_detail_label")
_COMPANY = re.compile(cues.alternation(cues.words("contact_company")))
_GOVERNMENT = re.compile(cues.alternation(cues.words("contact_government")))


def contact_owner(text: str, pos: int) -> str | None:
    """Whose contact a line-start ``联系人`` at ``pos`` is: the nearest organisation line above it
    (up to 3 lines) decides -- a company or agency (private) or a government body (official).

    >>> contact_owner("  采购人:某市教育局\\n  地址:某路1号\\n  联系人:", 22)
    'official'
    """
    ls = text.rfind("\n", 0, pos)
    own = text[ls + 1 : pos]
    if _COMPANY.search(own):
        return "private"
    if own.strip(" \t0123456789.、()一二三四五六七八九十"):
        return "official" if _GOVERNMENT.search(own) else None
    for _ in range(3):
        if ls <= 0:
            return None
        ps = text.rfind("\n", 0, ls) + 1
        line = text[ps:ls]
        if _COMPANY.search(line):
            return "private"
        if _GOVERNMENT.search(line) and not line.lstrip().startswith(_DETAIL_LABELS):
            return "official"
        ls = ps - 1
    return None


_HEAD_TITLES = frozenset(OFFICIAL_TITLES + OFFICIAL_LABEL_ENDS)
_HEAD = re.compile(f"(?P<word>{cues.alternation(_HEAD_TITLES | set(PRIVATE_TRIGGERS))})[:]?[{CJK}{DOTS}]{{2,10}}$")
_HEAD_OFFICIAL = _HEAD_TITLES


def list_head_role(text: str, s: int, max_items: int = 12) -> tuple[str, str] | None:
    """``(role, word)`` of the role word heading the 、-list that holds the name at ``s``:
    ``考官甲乙丙、王丽君`` -> official, ``学生张三、李四`` -> private; None when not in such a list.

    >>> t = "主考官张某某,考官吉克阿依、王丽君、邱华"
    >>> list_head_role(t, t.index("邱华"))
    ('official', '考官')
    """
    pos = s
    for _ in range(max_items):
        if pos < 2 or text[pos - 1] != "、":
            return None
        j = rs = pos - 1
        while rs > 0 and j - rs < 14 and ("\u4e00" <= text[rs - 1] <= "\u9fff" or text[rs - 1] in DOTS):
            rs -= 1
        run = text[rs:j]
        if rs > 0 and text[rs - 1] == ":" and 2 <= len(run) <= 10:
            m = _HEAD.search(text, max(0, rs - 12), j)
        else:
            m = _HEAD.search(run)
        if m is not None:
            word = m.group("word")
            return ("official" if word in _HEAD_OFFICIAL else "private"), word
        if len(run) > 8:
            return None
        pos = rs
    return None
