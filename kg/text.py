"""Small text rules shared by the stages: brackets, numerals, width folding.

Chinese official text mixes full-width and half-width punctuation freely, even inside
one note (``(责任单位:…)``), so every rule here treats the two as the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

OPEN = "(（【[〔［〈"
CLOSE = ")）】]〕］〉"
PAIRS = {"(": ")", "（": "）", "【": "】", "[": "]", "〔": "〕", "［": "］", "〈": "〉"}
# A half-width "(" closed by a full-width "）" (and vice versa) happens in real
# documents; round brackets of either width close each other.
ROUND_OPEN = "(（"
ROUND_CLOSE = ")）"

CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳㉑㉒㉓㉔㉕㉖㉗㉘㉙㉚㉛㉜㉝㉞㉟"

WIDTH = str.maketrans({"(": "（", ")": "）"})
TO_HALF = str.maketrans("（）：；，０１２３４５６７８９", "():;,0123456789")


def cn_int(s: str) -> int | None:
    """Value of a small Chinese numeral (一 … 九十九 … 九百九十九), or None.

    >>> cn_int("十二"), cn_int("二十"), cn_int("一百零五"), cn_int("廿")
    (12, 20, 105, None)
    """
    if not s:
        return None
    total, current = 0, 0
    for ch in s:
        if ch in CN_DIGITS:
            current = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            total += (current or 1) * CN_UNITS[ch]
            current = 0
        else:
            return None
    return total + current


def int_cn(n: int) -> str:
    """Chinese numeral for 1…999, the inverse of :func:`cn_int` for outline numbers.

    >>> int_cn(1), int_cn(10), int_cn(12), int_cn(21), int_cn(105)
    ('一', '十', '十二', '二十一', '一百零五')
    """
    digits = "〇一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n - 10] if n > 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    rest = n % 100
    head = digits[n // 100] + "百"
    if rest == 0:
        return head
    if rest < 10:
        return head + "零" + digits[rest]
    return head + (int_cn(rest) if rest >= 20 else "一" + int_cn(rest))


def to_half(s: str) -> str:
    """Fold the full-width punctuation that matters for matching to half-width."""
    return s.translate(TO_HALF)


def full_width_parens(s: str) -> str:
    """Canonical names use full-width brackets, as official names are printed."""
    return s.translate(WIDTH)


def closes(open_ch: str, close_ch: str) -> bool:
    if open_ch in ROUND_OPEN:
        return close_ch in ROUND_CLOSE
    return PAIRS.get(open_ch) == close_ch


def bracket_groups(s: str, start: int = 0, end: int | None = None, across_lines: bool = False
                   ) -> Iterator[tuple[int, int]]:
    """Outermost balanced bracket groups in ``s[start:end]`` as (open, close+1) offsets.

    Nested groups stay inside their parent (``中国(山东)自由贸易试验区`` in a note).
    An opener never closed is skipped, so one stray bracket does not swallow a line; a
    group ends at a line break unless ``across_lines`` (a note a page's line end broke).

    >>> s = "甲(乙(丙)丁)戊(己"
    >>> [s[a:b] for a, b in bracket_groups(s)]
    ['(乙(丙)丁)']
    """
    end = len(s) if end is None else end
    i = start
    while i < end:
        ch = s[i]
        if ch in OPEN:
            close = match_bracket(s, i, end, across_lines)
            if close is not None:
                yield i, close + 1
                i = close + 1
                continue
        i += 1


def match_bracket(s: str, i: int, end: int | None = None, across_lines: bool = False) -> int | None:
    """Offset of the bracket closing ``s[i]``, or None when it is never closed."""
    end = len(s) if end is None else end
    stack = [s[i]]
    j = i + 1
    while j < end:
        ch = s[j]
        if ch in OPEN:
            stack.append(ch)
        elif ch in CLOSE:
            if closes(stack[-1], ch):
                stack.pop()
                if not stack:
                    return j
            else:
                # A mismatched closer: treat it as closing the innermost opener anyway
                # only when it is of the round family; otherwise give up.
                return None
        elif ch == "\n" and not across_lines:
            return None
        j += 1
    return None


def depth_zero_splits(s: str, seps: str) -> list[tuple[int, int]]:
    """Split ``s`` at separator characters that are outside any bracket or quote.

    Returns (start, end) pairs covering ``s`` without the separators.

    >>> s = "各县(市、区)政府、市财政局"
    >>> [s[a:b] for a, b in depth_zero_splits(s, "、")]
    ['各县(市、区)政府', '市财政局']
    """
    out: list[tuple[int, int]] = []
    depth = 0
    quote = 0
    last = 0
    for i, ch in enumerate(s):
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE and depth:
            depth -= 1
        elif ch == "“":
            quote += 1
        elif ch == "”" and quote:
            quote -= 1
        elif ch in seps and depth == 0 and quote == 0:
            out.append((last, i))
            last = i + 1
    out.append((last, len(s)))
    return out


_CJK = re.compile(r"[\u3400-\u9fff]")


def cjk_count(s: str) -> int:
    return len(_CJK.findall(s))
