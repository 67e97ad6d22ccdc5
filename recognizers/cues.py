"""The cue table: every cue word of the PERSON, PHONE, SENSITIVE and ADDRESS recognizers, in one data file.

``recognizers/data/cues.tsv`` holds one row per (word, kind); this module is its only reader. A recognizer
asks for the words of a kind instead of keeping its own list, so a word lives in exactly one place and a
new miss becomes a row, not a code branch.

>>> "当事人" in words("private_trigger")
True
>>> row = next(c for c in table() if c.word == "当事人" and c.kind == "private_trigger")
>>> row.side, row.role
('before', 'private')
>>> alternation(["人", "当事人"])  # longest first, escaped: ready for a regex
'当事人|人'
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

PATH = Path(__file__).resolve().parent / "data" / "cues.tsv"
COLUMNS = ("word", "kind", "side", "window", "weight", "role", "source")
SIDES = frozenset({"before", "after", "either"})
ROLES = frozenset({"private", "official", "public_by_rule", "-"})

#: Every kind the table may use, with what a row of that kind means. A row of an unknown kind is an error.
KINDS: dict[str, str] = {
    # ---- person / phone kinds ----
    "private_trigger": "a role word before a name that marks a private person (当事人X, 申请人X); also the role "
    "that makes a landline after that person private",
    "official_title": "a job title of an official: side before = before a name (局长X), after = right after it "
    "(X局长, X（执法…）), either = both; role official (LOW)",
    "official_label": "the end of a line label (办案民警：, 出席：) whose listed names act in their office: official",
    "private_contact_prefix": "a word before 联系人 that makes the contact a company's or a family's (项目联系人): private",
    "private_label_word": "a word in a line label that keeps its names private whatever the label ends with (学员, 代表)",
    "private_bracket": "a word in a bracket after a name that makes it private despite a job title (（退休…）)",
    "private_affiliation": "a word in a bracket after a listed name that makes the person private (（居民代表）, （…公司）)",
    "honorific": "an honorific or a family word right after a name (先生, 女士, 同志, 一家): a cue for the name before",
    "name_intro": "a word between a cue and the name it introduces (母亲名叫X, 姓名：自述名为“X”): the cue still holds",
    "verb_after": "a word right after a name where the name ends (说, 表示, 曾, 和): splits a name from what follows",
    "act_after": "an adverb or verb right after a subject name that shows a person acting (立即, 赶到), not an org name",
    "speech_after": "a speech or act verb after a name (表示, 告诉, 饰演): a strong cue; weight is its score feature",
    "role_before": "a descriptive role right before a name (记者, 经理, 村民): a cue, role stays unknown; weight feature",
    "role_end": "the end of a role word right before a counted group's leader (业务员X等3人, 犯罪嫌疑人X)",
    "surname_title": "a form of address after a surname (王先生, 李局长): surname + this is not a name (veto)",
    "kinship_word": "a kinship word (儿子, 外婆): never a name itself (veto)",
    "function_prefix": "a function word glued before a name (其中, 包括): skipped before the name",
    "appoint_opener": "a verb opening an appointment sentence (任命A、B同志为…): the names are officials",
    "appoint_verb": "a verb right before NAME同志 in an appointment (任命, 免去, 同意): the name is an official",
    "appoint_title": "a word in a document's title block that makes it a personnel document (任免, 任职)",
    "post_verb": "a verb after a name that fills a post named before it (…主任由X担任)",
    "bio_official": "a word of an official's biography line (现任, 拟任)",
    "bio_private": "a word in a biography line that makes it a private person's (公司, 务工, 退休)",
    "contact_label": "a label before a name that makes it a contact (联系人X，电话…): the number after it is the office's line",
    "neighbour_holding": "what a boundary line (四至) names after a neighbour (东至X宅, 南至X承包地): the name is a private person's",
    "unit_staff_word": "a staff word after a government unit and before a name (县疾控中心流调人员X): the name is its staff",
    "unit_end": "the end of a government unit written right before a name (…公安局X): an official on duty",
    "contact_company": "a word in the lines above 联系人 that makes the contact a company's (有限公司, 供应商): private",
    "contact_government": "a word in the lines above 联系人 that makes the contact a government body's: official",
    "org_word": "a word after a name-like run that makes it an organisation (公司, 集团, 局): veto",
    "org_end": "the end of an organisation before a name in a list item (区住建局X)",
    "doc_title": "a word of an official document's title: a name inside 《…》 with it may be a real party",
    "name_header": "a column header word whose cells hold names (姓名, 户主, 患者)",
    "strict_name_header": "a column header word whose every cell is a name (姓名, 收款人)",
    "not_name_header": "a column header word that makes the column not a name column (单位, 地址, 金额)",
    "place_header": "a column header word, besides address_header, whose cells are places, never names (籍贯, "
    "出生地): PERSON skips them",
    "cell_place_end": "the end of a table cell that makes it a place, not a name (…镇, …社区, …号): veto",
    "cell_filler": "what a name column holds when it holds no name (合计, 以下空白, 本人): veto",
    "manchu_surname": "a Manchu clan name used as a surname before a dotted given name (爱新觉罗·…)",
    "tibetan_syllable": "a common syllable of Tibetan personal names (a name is two of them, no surname)",
    "name_number_header": "what follows 人/姓名 in a header of cells holding a name and a number (联系人/电话, "
    "收款人/账号): the name opens the cell",
    "committee_role": "a bare role inside a committee or panel in brackets after a name (（组长）): no evidence "
    "that the member is an official",
    "mongolian_syllable": "a common part of Mongolian personal names (乌云, 其木格): a cued run made of such parts is "
    "one name, no surname",
    "foreign_place": "a country, city or club in transliteration characters: never a person on its own (veto)",
    "phone_word": "a phone word before a number (电话, 手机, 联系方式): the number is a phone",
    "phone_neg_label": "a label before an 11-digit number that makes it an identifier, not a phone (证号, 工单)",
    "phone_private_label": "a label around a landline that makes it a private person's (家庭电话, 宅电): HIGH",
    "phone_hotline_label": "a label before a number that makes it an organisation's line (监督电话, 热线)",
    "phone_service_word": "a word around a short service number that confirms it (热线, 报警, 客服)",
    "kin_ref": "a kinship reference after 其/之 before a name (其母X, 之兄X): skipped, never a name itself",
    "colon_title": "an official title that cues a name only with a colon after it (记录：X; 记录X is prose)",
    "contact_detail_label": "a line label of a contact detail (地址：, 电话：): such a line names no organisation",
    "phone_local_label": "a label right before a local number without area code (电话：8226194): a landline",
    "phone_addressee": "a possessive of the letter's addressee before a phone word (你留存的联系电话): the "
    "addressee's own number, private",
    # ---- end of person / phone kinds ----
    #
    #
    # ---- sensitive / address kinds ----
    "health_term": "a disease, injury, treatment or care word that is health information when tied to a person "
    "(肺结核, 住院治疗); window = how far the phrase grows left over its modifiers (乳腺癌, 双下肢截肢)",
    "health_term_negative": "an everyday word holding a health term (意外伤害 holds 外伤): the term there is none",
    "health_symptom": "a symptom named in a list after 出现/伴有/表现为 (发热, 头痛)",
    "health_family_negative": "an everyday word ending in a disease/procedure head (疾病, 看病, 技术): no diagnosis",
    "health_head_veto": "an everyday word starting with a disease head 病/症/炎 (病毒, 症状, 炎热): the head is no disease",
    "injury_veto_after": "what follows …伤 when it is the verb, not a wound (挫伤了, 挫伤积极性)",
    "child_word": "a word for a child right after an age (4岁男童, 6岁的女孩): the age is a minor's",
    "child_cue": "a word in the same sentence or row showing a 14-17 year old's age is a child's (学生, 高一)",
    "sensitive_strong_cue": "a person word that always points at one specific person (其子, 该患者, 她); weight 1",
    "sensitive_person_word": "a person word, not a role of private_trigger, that points at someone when followed by "
    "a name or preceded by 该/此 (患儿, 诉求人); the private_trigger roles count the same way",
    "linked_person_header": "a column header whose cells name the row's person (姓名, 户主)",
    "health_header": "a column header whose cells are health information (病情, 残疾类别)",
    "school_header": "a column header whose cells are a pupil's school or class (就读学校, 班级)",
    "adult_school": "the end of a school name whose students are adults (大学, 学院, 党校): a school column's cell is no minor's",
    "age_header": "a column header whose cells are ages (年龄)",
    "birth_header": "a column header whose cells are birth dates (出生日期)",
    "health_form_label": "a form label whose value is health information (患病情况：…, 既往病史：…)",
    "empty_value": "a cell or form value that says nothing about the person (无, 正常, —)",
    "address_personal_label": "a word before an address that makes it a person's (家住, 户籍, 送达地址); window 14",
    "address_org_label": "a word before an address that makes it an organisation's (办公, 注册, 来信); window 14",
    "residence_label": "a word saying someone lives or is registered somewhere (居住于, 户籍地为): a town + village "
    "right after it is the household's address (a subset of address_personal_label: 名下/境内 are no residence)",
    "address_person_word": "a person word on the line that makes an address after an organisation label a person's "
    "(姓名, 申请人, 女士); narrower than private_trigger on purpose (名单 on the line says nothing about the address)",
    "place_suffix": "the suffix of a place name standing without a house number (路, 社区, 小区): LOCATION",
    "place_suffix_veto": "what follows a place suffix when it is part of a longer word (路线, 村民, 街头巷尾)",
    "place_negative": "an everyday word ending in a place suffix (思路, 道路, 农村, 各社区): no place name",
    "sensitive_anaphor": "a word in a narrative sentence that refers back to the document's private person "
    "(申请人, 该户, 病例 …于8月20日); 其 is a rule in code",
    "policy_word": "a word that makes a sentence a rule about anyone, not a fact about someone (应当, 不得, 做好)",
    "generic_group": "a group noun after 的 that makes a diagnosis or symptom a condition of anyone "
    "(确诊为…的学生, 出现发热的人员)",
    "other_header": "a header naming something else about the topic (残疾证号, 病种数量, 补贴标准): no sensitive cell",
    "pupil_header": "a header, besides the school headers, showing the row is a pupil's (学生, 学籍)",
    "address_header": "a column header whose cells are addresses (住址, 户籍地)",
    "address_personal_header": "an address header that says the address is a person's (家庭地址, 户籍)",
    "address_org_header": "an address header that says the address is an organisation's (单位地址, 注册地址): low",
    "address_lead": "running text right before an address or a road/village name (现住, 位于, 反映): cut off its "
    "front (function characters such as 在/的 are a rule in code)",
    "address_group_veto": "a word in a village's group that makes it a task group or an organisation (工作, 检查, "
    "大队, 信用社): no address",
    "address_village_veto": "a word before a group that makes the village a generic one (农村, 各村, 村干部): no address",
    "address_org_name": "an organisation word in or right after an address (政府, 公司, 医院): an organisation's, low",
    "address_number_veto": "a word after a village's 号 that makes it a document or plot number (通知, 地块)",
    # ---- end of sensitive / address kinds ----
}


@dataclass(frozen=True)
class Cue:
    """One row of the cue table."""

    word: str
    kind: str
    side: str
    window: int
    weight: float
    role: str
    source: str


class CueTableError(ValueError):
    """The cue table is malformed (a bad row, an unknown kind, a duplicate (word, kind))."""


_LOCK = threading.Lock()
_TABLE: tuple[Cue, ...] | None = None


def parse(lines: Iterable[str], name: str = "cues.tsv") -> tuple[Cue, ...]:
    """Rows of a cue table; raises :class:`CueTableError` naming the line of a bad row.

    >>> parse(["word\\tkind\\tside\\twindow\\tweight\\trole\\tsource", "患者\\tprivate_trigger\\tbefore\\t0\\t0\\tprivate\\tx"])[0].word
    '患者'
    >>> parse(["患者\\tnope\\tbefore\\t0\\t0\\tprivate\\tx"])
    Traceback (most recent call last):
    ...
    recognizers.cues.CueTableError: cues.tsv:1: unknown kind 'nope'
    """
    rows: list[Cue] = []
    seen: set[tuple[str, str]] = set()
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if cells == list(COLUMNS):
            continue
        if len(cells) != len(COLUMNS):
            raise CueTableError(f"{name}:{number}: expected {len(COLUMNS)} tab-separated columns, got {len(cells)}")
        word, kind, side, window, weight, role, source = cells
        if not word or word != word.strip():
            raise CueTableError(f"{name}:{number}: empty word or word with surrounding spaces")
        if kind not in KINDS:
            raise CueTableError(f"{name}:{number}: unknown kind {kind!r}")
        if side not in SIDES or role not in ROLES:
            raise CueTableError(f"{name}:{number}: side must be one of {sorted(SIDES)}, role one of {sorted(ROLES)}")
        if (word, kind) in seen:
            raise CueTableError(f"{name}:{number}: duplicate row for {word!r} of kind {kind!r}")
        seen.add((word, kind))
        try:
            rows.append(Cue(word, kind, side, int(window), float(weight), role, source))
        except ValueError:
            raise CueTableError(f"{name}:{number}: window must be an integer and weight a number") from None
    return tuple(rows)


def table() -> tuple[Cue, ...]:
    """Every row of ``recognizers/data/cues.tsv``, read once per process (thread-safe)."""
    global _TABLE
    if _TABLE is None:
        with _LOCK:
            if _TABLE is None:
                with PATH.open(encoding="utf-8") as fh:
                    _TABLE = parse(fh, PATH.name)
    return _TABLE


def rows(*kinds: str) -> tuple[Cue, ...]:
    """The rows of the given kinds, in table order."""
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise KeyError(f"unknown cue kind(s): {', '.join(unknown)}")
    wanted = set(kinds)
    return tuple(c for c in table() if c.kind in wanted)


def words(*kinds: str) -> tuple[str, ...]:
    """The words of the given kinds, in table order, each once."""
    return tuple(dict.fromkeys(c.word for c in rows(*kinds)))


def alternation(items: Iterable[str]) -> str:
    """A regex alternation of ``items``, longest first (so 家庭电话 beats 电话), each escaped."""
    return "|".join(re.escape(w) for w in sorted(set(items), key=lambda w: (-len(w), w)))
