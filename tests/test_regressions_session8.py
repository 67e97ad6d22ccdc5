"""Misses and false alarms found in session 8 (the blind bench/holdout12), pinned with invented text, each
with hard negatives."""

from __future__ import annotations

import pytest
from found_helpers import found as _found
from found_helpers import persons as _persons
from found_helpers import roles as _roles
from found_helpers import sensitive as _sensitive


# -- names: a surname that is also a function character, relatives, words that introduce a name ----------
def test_rare_surname_that_is_a_function_character_opens_a_name_cell() -> None:
    table = ("序号  姓名    证号                资格类别\n"
             "1     崔大哲  231084196202195896  道路货物运输\n"
             "2     么立军  231084650723121     危险货物运输\n")
    assert ("么立军", "high") in _persons(table)


def test_function_characters_stay_out_of_name_cells() -> None:
    table = "| 序号 | 姓名 | 备注 |\n|---|---|---|\n| 1 | 什么 | 无 |\n| 2 | 那么 | 无 |\n"
    assert _persons(table) == []


@pytest.mark.parametrize(("text", "name"), [
    ("其父母在外务工，由祖父杨再成照看。", "杨再成"),
    ("其委托照料人为叔父龙光明（手机19907436612）。", "龙光明"),
    ("该生平时由外婆石秀英接送。", "石秀英"),
    ("经调查，其继母冉小红未尽抚养义务。", "冉小红"),
])
def test_a_relative_before_a_name_is_a_private_cue(text: str, name: str) -> None:
    assert (name, "high") in _persons(text)


@pytest.mark.parametrize("text", [
    "该生由祖父母照看，家庭经济困难。",
    "留守儿童多由爷爷奶奶抚养。",
    "叔父辈均已外出务工。",
])
def test_relatives_without_a_name_give_no_person(text: str) -> None:
    assert _persons(text) == []


@pytest.mark.parametrize(("text", "names"), [
    ("自述父亲名叫谭国强，母亲名叫冉秋梅，因与家人争吵离家出走。", ["谭国强", "冉秋梅"]),
    ("【受助人员一】\n姓名：自述名为“向明光”（经比对暂未查到户籍信息）\n性别：男", ["向明光"]),
])
def test_words_introducing_a_name_keep_the_cue(text: str, names: list[str]) -> None:
    found = dict(_persons(text))
    assert all(found.get(n) == "high" for n in names)


def test_an_introducing_word_alone_is_no_name() -> None:
    assert _persons("姓名：叫卖声不断。\n母亲名叫什么不详。") == []


def test_a_verb_after_a_one_part_name_ends_it() -> None:
    """代领 ends the name (其其格代领), it is not its last characters."""
    assert ("其其格", "high") in _persons("本年度补奖资金由其配偶其其格代领，已变更至其名下一卡通账户。")


def test_village_election_candidates_are_private_but_peoples_congress_candidates_public() -> None:
    village = ("东岭村第十二届村民委员会成员正式候选人公示\n\n东岭村村民选举委员会公告（第3号）\n\n"
               "根据《中华人民共和国村民委员会组织法》，现将正式候选人名单公示如下：\n"
               "1.公丕明，男，47岁，群众，大专文化，现任村妇联主席。\n"
               "2.亓玉成，男，54岁，中共党员，高中文化。\n")
    assert _roles(village)["公丕明"][0] in ("medium", "high")
    assert _roles(village)["亓玉成"][0] in ("medium", "high")
    congress = ("某区第十届人民代表大会代表正式候选人名单\n\n根据选举法，经各选区选民反复酝酿，"
                "确定正式代表候选人如下：\n第一选区：王建明，男，汉族，1970年5月生，某区教育局局长。\n")
    assert _roles(congress)["王建明"] == ("low", "public_by_rule")


def test_a_named_withdrawn_candidate_is_private() -> None:
    assert ("厉宝山", "high") in _persons("原委员初步候选人厉宝山因病住院治疗，不再列为正式候选人。")


# -- addresses: a village group's door plate under a business-address header ------------------------------
def test_a_village_door_plate_under_a_business_header_is_a_household_address() -> None:
    table = ("| 序号 | 纳税人名称 | 法定代表人 | 生产经营地址 |\n|---|---|---|---|\n"
             "| 1 | 某某水产贸易有限公司 | 缪春明 | 霞浦县松港街道福宁大道北段118号 |\n"
             "| 2 | 三沙镇建强海鲜排档 | 蓝建明 | 霞浦县三沙镇东壁村3组17号 |\n")
    addresses = dict(_found(table, "CN_ADDRESS"))
    assert addresses["霞浦县松港街道福宁大道北段118号"] == "low"  # a road address stays the business's
    assert addresses["霞浦县三沙镇东壁村3组17号"] in ("medium", "high")


# -- health: a name the phrase grew over, organ failure, a missing finger, records ------------------------
@pytest.mark.parametrize(("text", "phrase"), [
    ("村民张建国左腿截肢，生活困难。", "左腿截肢"),
    ("涉及参保人潘明远等6人，其中潘明远为慢性肾功能不全门诊特殊病种患者。", "慢性肾功能不全门诊特殊病种患者"),
])
def test_health_phrases_tied_to_the_name_before_them(text: str, phrase: str) -> None:
    assert (phrase, "high") in _sensitive(text)


def test_a_record_line_is_about_the_records_person() -> None:
    record = ("姓名：自述名为“向明光”\n性别：男\n体貌特征：身高约170厘米，右手食指缺失\n"
              "健康状况：患有精神分裂症，需按时服药\n")
    found = dict(_sensitive(record))
    assert found.get("右手食指缺失") == "high"
    assert found.get("患有精神分裂症，需按时服药") == "high"  # the whole value of the 健康状况 field


def test_a_record_ends_at_a_blank_line() -> None:
    text = "申请人：王小明\n\n工作要求：做好高血压患者随访管理。\n"
    assert not any(sev == "high" for _t, sev in _sensitive(text))


@pytest.mark.parametrize("text", [
    "本次统计数据缺失3项，已补录。",
    "主治医师吴正明在病历中虚记护理和理疗项目。",                      # the record is the place of the fraud
    "该院（法定代表人杨光明）对部分参保患者实行“出院再入院”分解住院。",  # the stays are the group's
])
def test_hard_negatives_missing_data_a_record_as_a_place_and_a_group(text: str) -> None:
    assert not any(sev == "high" for _t, sev in _sensitive(text))


def test_a_persons_own_stay_after_a_group_word_elsewhere_stays_linked() -> None:
    assert ("肺炎住院治疗", "high") in _sensitive("患者杨光明因肺炎住院治疗，部分费用由家属垫付。")


def test_a_category_column_is_no_name_column() -> None:
    table = ("| 序号 | 姓名 | 性别 | 人员类别 | 拟安置岗位 |\n|---|---|---|---|---|\n"
             "| 1 | 揭冬兰 | 女 | 脱贫劳动力、残疾人（肢体残疾四级） | 农家书屋管理员 |\n")
    assert [n for n, _ in _persons(table)] == ["揭冬兰"]
    assert ("肢体残疾四级", "high") in _sensitive(table)


# -- minors: an approximate age on a record line, counted with the record's school ------------------------
def test_an_approximate_age_in_a_record_with_a_school_line_is_a_minor() -> None:
    record = "姓名：谭小刚\n性别：男\n年龄：约15岁\n其他信息：自述曾就读于某区某某中学初二（3）班\n"
    assert ("15岁", "high") in _sensitive(record)


@pytest.mark.parametrize("record", [
    "姓名：谭大刚\n性别：男\n年龄：约45岁\n",                   # an adult
    "姓名：谭小刚\n性别：男\n年龄：约16岁\n职业：务工\n",         # 14-17 without a child word stays low
])
def test_approximate_ages_of_adults_or_without_a_child_word_are_no_minor(record: str) -> None:
    assert not any(sev == "high" and "岁" in t for t, sev in _sensitive(record))


# -- holdout13: names without a known surname, relatives in brackets, unit posts, salutations --------------
@pytest.mark.parametrize(("text", "name"), [
    ("首发病例岩保，男，34岁，身份证号码略。", "岩保"),                        # Dai: a cue word, then a gender mark
    ("其妻玉应（28岁）、女儿玉坎（7岁，某镇中心小学一年级）分别发病。", "玉应"),
    ("其妻玉应（28岁）、女儿玉坎（7岁，某镇中心小学一年级）分别发病。", "玉坎"),
    ("同基地务工人员扎波（哈尼族，41岁）于8月29日确诊。", "扎波"),             # Hani
    ("其中咪娜（女，53岁）有糖尿病史。", "咪娜"),
    ("3. 尕藏，男，9岁，智力残疾二级。", "尕藏"),                              # an item opening
])
def test_a_cued_two_character_name_without_a_known_surname(text: str, name: str) -> None:
    assert name in dict(_persons(text))


@pytest.mark.parametrize("text", [
    "其中儿童（男，5岁）1名，老人（女，80岁）2名。",   # words, not names
    "病例（男，34岁）已出院。",
    "| 7 | 李秀英 | 某镇 | 烈士遗属（母亲） | — |",       # a category before a kinship bracket
])
def test_words_before_details_or_kinship_brackets_are_no_names(text: str) -> None:
    assert not ({"儿童", "老人", "病例", "烈士遗属", "遗属"} & set(dict(_persons(text))))


@pytest.mark.parametrize(("text", "name"), [
    ("| 1 | 字文才 | 男 | 社会散居孤儿 | 字国强（叔父） | 3,600 |", "字国强"),
    ("监护人：由金宝林（父）变更为于凤兰（母），原监护人已去世。", "金宝林"),
    ("监护人：由金宝林（父）变更为于凤兰（母），原监护人已去世。", "于凤兰"),
])
def test_a_name_before_a_bracketed_relation_is_a_private_relative(text: str, name: str) -> None:
    assert _roles(text)[name] == ("high", "private")


@pytest.mark.parametrize(("text", "name"), [
    ("本人行动不便，由其子更登代为办理复核手续。", "更登"),   # a one-part Tibetan name before a verb
    ("补贴资金发放至其父仁青加的社会保障卡。", "仁青加"),      # before a possessive
])
def test_minority_names_before_a_verb_or_a_possessive(text: str, name: str) -> None:
    assert (name, "high") in _persons(text)


def test_a_rare_surname_on_a_titled_salutation_line() -> None:
    assert ("郜建民", "high") in _persons("某政办依复〔2026〕31号\n\n郜建民先生：\n\n本机关于2026年6月收到您的申请。")


@pytest.mark.parametrize(("text", "name"), [
    ("二、联系方式\n某镇卫生院精防医生：刘艳红　电话：024-75326604", "刘艳红"),   # a unit's post and a colon
    ("县疾控中心流调人员李建新等对病例活动轨迹开展调查。", "李建新"),      # a unit's staff word before the name
])
def test_staff_of_a_public_unit_are_officials(text: str, name: str) -> None:
    assert _roles(text)[name] == ("low", "official")


def test_a_private_role_after_a_unit_stays_private() -> None:
    assert _roles("某镇政府来访人：王小明")["王小明"] == ("high", "private")


# -- holdout13: health terms, category columns, papers ------------------------------------------------------
@pytest.mark.parametrize(("text", "phrase"), [
    ("当事人司徒明在车间操作冲床时，右手被冲床模具压伤，当日送医。", "冲床模具压伤"),
    ("患者岩保于8月29日确诊，居家隔离治疗。", "确诊"),
    ("| 序号 | 姓名 | 车牌 | 审核结果 |\n|---|---|---|---|\n| 5 | 储成明 | 皖N·B2076 | 暂缓（血压偏高，需一个月后复检） |\n", "血压偏高"),
])
def test_injuries_diagnoses_and_readings_of_a_named_person(text: str, phrase: str) -> None:
    assert any(t.endswith(phrase) or phrase in t for t, sev in _sensitive(text) if sev in ("medium", "high"))


def test_one_symptom_of_a_named_person_stays_a_hint() -> None:
    """A single passing symptom stays LOW (session 6's decision, pinned there for a pupil's 头晕); the person
    is still found."""
    found = _sensitive("某村小学教师岩罕（男，45岁）9月1日出现低热，已采样送检。")
    assert ("低热", "low") in found and ("岩罕", "high") in _persons("某村小学教师岩罕（男，45岁）9月1日出现低热。")


@pytest.mark.parametrize("text", [
    "| 序号 | 儿童姓名 | 保障类别 |\n|---|---|---|\n| 1 | 字文才 | 社会散居孤儿 |\n",  # the benefit's category
    "| 序号 | 儿童姓名 | 就读学校及年级 |\n|---|---|---|\n| 1 | 马一鸣 | 未入学 |\n",    # no school
    "村民田某在自家房屋东侧修建围墙，将入户便道圈入院内。",                                  # a yard, no hospital
    "上述事实有门诊病历、住院病历、证人证言等证据证实。",                                    # papers, no health
])
def test_categories_empty_school_cells_yards_and_papers_are_no_health_or_minor_fact(text: str) -> None:
    assert not any(sev == "high" for _t, sev in _sensitive(text))


# -- holdout14: tab rows with an empty first cell, rooms of a named building, document numbers ------------
def test_a_tab_row_with_an_empty_first_cell_keeps_its_columns() -> None:
    """Family members under the household's row leave 序号 empty: the row starts with a tab, which is a cell."""
    table = ("序号\t姓名\t与户主关系\t性别\t年龄\n1\t马哈成\t户主\t男\t67\n"
             "\t妥法图麦\t配偶\t女\t63\n\t马小兵\t孙子\t男\t9\n")
    names = dict(_persons(table))
    assert names.get("妥法图麦") == "high" and names.get("马小兵") == "high"
    assert ("9", "high") in _sensitive(table)  # the grandson's age, read under 年龄


def test_a_unit_and_room_opening_a_household_row_is_an_address() -> None:
    table = ("| 房号 | 业主姓名及电话 | 意见 |\n|---|---|---|\n| 2单元101室 | 欧阳明 13952931234 | 不同意 |\n"
             "| 2单元602室 | 上官丽萍 | 同意 |\n")
    assert ("2单元101室", "high") in _found(table, "CN_ADDRESS")
    assert ("上官丽萍", "high") in _persons(table)  # a compound surname is no word in a name cell


@pytest.mark.parametrize(("text", "address"), [
    ("事故造成租住在一层3号房间的禚秀英（女，58岁）死亡。", "一层3号"),
    ("征询结果达到要求。2单元101室业主欧阳明提出的采光问题已答复。", "2单元101室"),
])
def test_rooms_of_a_building_named_elsewhere_after_a_residence_word_or_a_sentence(text: str, address: str) -> None:
    assert (address, "high") in _found(text, "CN_ADDRESS")


def test_a_room_in_running_text_is_no_ones_address() -> None:
    assert _found("会议在3单元2室召开，请准时参加。", "CN_ADDRESS") == []


def test_a_document_number_prefix_is_no_name() -> None:
    assert _persons("人民调解协议书\n\n金凤长调〔2026〕017号\n") == []


@pytest.mark.parametrize(("text", "name"), [
    ("1. 高山，男，1945年11月7日出生，现住某村。", "高山"),   # a word-name opening a numbered item, gender after
    ("监护人：姑妈蓝桂英，联系电话：177-4769-1234", "蓝桂英"),
])
def test_item_names_and_more_relatives(text: str, name: str) -> None:
    assert (name, "high") in _persons(text)


@pytest.mark.parametrize("text", [
    "帮扶措施：已纳入事实无人抚养儿童保障，按月发放基本生活补贴。",  # a programme joined, not a status told
    "伤者被送往县人民医院，经抢救无效死亡。",                          # a death, not a health fact
])
def test_a_programme_and_a_death_are_no_sensitive_fact(text: str) -> None:
    assert not any(sev == "high" for _t, sev in _sensitive(text))


@pytest.mark.parametrize(("line", "severity"), [
    ("索引号：11540102MB0564594F/2026-00417　　公开属性：依申请公开", "high"),
    ("索引号：11540102MB0564594F/2026-00417\t公开属性：不予公开", "blocking"),
])
def test_a_publication_attribute_after_a_gap_on_a_metadata_line_is_read(line: str, severity: str) -> None:
    text = f"关于某情况的报告\n\n{line}\n成文日期：2026年10月12日\n"
    assert [sev for _t, sev in _found(text, "PUBLICATION_ATTRIBUTE")] == [severity]


def test_a_publication_attribute_quoted_in_running_text_is_no_marking() -> None:
    assert _found("本办法所称公开属性：主动公开的文件，应当在20个工作日内发布。", "PUBLICATION_ATTRIBUTE") == []


@pytest.mark.parametrize(("text", "phrase"), [
    ("租户禚秀英（女，58岁）经法医鉴定系吸入高温烟气致一氧化碳中毒死亡。", "中毒"),
    ("其子阿迪力·阿卜杜热合曼（6岁）吸入性呼吸道损伤，现在医院治疗。", "呼吸道损伤"),
    ("申请人马建国称因此事血压升高，3月18日到医院就诊。", "血压升高"),
    ("社区矫正对象王某军有吸毒史，目前在区疾控中心参加美沙酮维持治疗。", "美沙酮"),
])
def test_more_health_terms_of_a_named_person(text: str, phrase: str) -> None:
    assert any(phrase in t for t, sev in _sensitive(text) if sev == "high")


def test_a_visit_to_a_doctor_alone_is_no_health_term() -> None:
    """就诊 was tried as a term and dropped: five corpora use it for anyone's visit (就诊人次, 引导就诊)."""
    assert not any(sev == "high" for _t, sev in _sensitive("发热患者应到发热门诊就诊，就诊人次较上周增加12%。"))
