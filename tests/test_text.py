"""Bracket matching, list splitting and numerals: the small rules everything rests on."""

from hypothesis import given
from hypothesis import strategies as st

from kg.text import bracket_groups, cn_int, depth_zero_splits, int_cn


def test_nested_brackets_stay_inside_their_parent():
    s = "(责任单位:市财政局、中国(山东)自由贸易试验区济南片区管委会(筹))"
    assert [s[a:b] for a, b in bracket_groups(s)] == [s]


def test_full_and_half_width_round_brackets_close_each_other():
    s = "甲（乙)丙"
    assert [s[a:b] for a, b in bracket_groups(s)] == ["（乙)"]


def test_an_unclosed_bracket_does_not_swallow_the_line():
    s = "(2020—2022年 正文(责任单位:市科技局)"
    assert [s[a:b] for a, b in bracket_groups(s)] == ["(责任单位:市科技局)"]


def test_split_ignores_separators_inside_brackets_and_quotes():
    s = "各县(市、区)政府、“智慧福州”管理服务中心、市财政局"
    assert [s[a:b] for a, b in depth_zero_splits(s, "、")] == [
        "各县(市、区)政府", "“智慧福州”管理服务中心", "市财政局"]


def test_chinese_numerals():
    assert [cn_int(x) for x in ["一", "十", "十一", "二十", "九十九", "一百零五"]] == [
        1, 10, 11, 20, 99, 105]
    assert cn_int("甲") is None


@given(st.integers(min_value=1, max_value=999))
def test_chinese_numerals_round_trip(n):
    assert cn_int(int_cn(n)) == n


@given(st.text(alphabet="甲乙、,()（）“”", max_size=40))
def test_depth_zero_splits_cover_the_text(s):
    parts = depth_zero_splits(s, "、,")
    # pieces plus the separators between them give back the text exactly
    rebuilt = ""
    for i, (a, b) in enumerate(parts):
        rebuilt += s[a:b]
        if i + 1 < len(parts):
            rebuilt += s[b]
    assert rebuilt == s
