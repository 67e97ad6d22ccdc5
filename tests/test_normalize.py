import pytest

from screening.normalize import fold, normalize


@pytest.mark.parametrize(
    "original, folded",
    [
        ("１３９１２３４５６７８", "13912345678"),
        ("电话：０９３５－２２１２３４５", "电话:0935-2212345"),
        ("甲\u3000乙", "甲 乙"),
        ("a\u2014b\u2013c\u2212d", "a-b-c-d"),
        ("ＡＢｃ", "ABc"),
    ],
)
def test_fold_is_same_length(original, folded):
    assert fold(original) == folded
    n = normalize(original)
    assert n.text == folded and n.index is None


def test_zero_width_removed_and_offsets_map_back():
    original = "手机1\u200b3\u200c9\u200d12345678结束"
    n = normalize(original)
    assert n.text == "手机13912345678结束"
    s = n.text.index("139")
    e = s + 11
    assert original[n.to_original(s) : n.to_original_end(e)] == "1\u200b3\u200c9\u200d12345678"
    assert n.to_original(len(n.text)) == len(original)


def test_bom_in_text_is_dropped_for_matching():
    n = normalize("\ufeff身份证")
    assert n.text == "身份证"
    assert n.to_original(0) == 1
