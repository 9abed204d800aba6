"""Documents and bodies named in a directive: references (resolutions, plans, laws...) and org units.

References. A document is named by a kind word ("Resolution", "Nghị quyết", ...) written with a capital
(or, for plans, programmes, projects and strategies, in lower case when a purpose follows: "a project
to repair schools"), capitalised words before it ("Land Law", "Party Charter"), and after it a number
("No. 18", "số 57-NQ/TW"), a date ("dated October 25, 2017", "ngày 25/10/2017"), an issuer ("of the
Politburo", "của Bộ Chính trị") and a subject ("on ...", "về ..."). Mentions of one document (same
number, or one text inside another of the same kind) are merged, the shorter ones kept as aliases. A
document the text asks to develop or issue is "to be developed"; the others "existing".

Org units. Bodies are capitalised phrases around a body noun (Committee, Council, Front, Department,
Politburo, ...; Tỉnh ủy, UBND, HĐND, Sở, Ban, Công an, ...), with an "of the X" tail (X is named too).
A name may list its fields with commas and "và"/"and" ("Sở Văn hóa, Thể thao và Du lịch", "Ministry of
Planning and Investment") and hold capitals in a row ("Sở Công Thương"); "và"/"and" before a word that
opens a body ("... và Ủy ban nhân dân tỉnh", "... and the Ministry of Finance") starts the next body;
localities are Vietnamese place names (capitalised syllables, "Quang Nam", "huyện Đại Lộc"). People
(after "comrade", "President", "Secretary", ...) are left out. Abbreviations are expanded into aliases.
"""

from __future__ import annotations

import datetime
import re
import unicodedata

from .structure import Normalised

# --- references ----------------------------------------------------------------------------------------

# Vietnamese capitals and small letters (a range like À-Ỹ would take both cases).
_UPPER = "A-ZĐ" + "".join(chr(code) for code in range(0xC0, 0x1EFA) if chr(code).isupper())
_LOWER = "a-zđ" + "".join(chr(code) for code in range(0xDF, 0x1EFA) if chr(code).islower())
_U = f"[{_UPPER}]"
_L = f"[{_LOWER}]"

_EN_KINDS = {
    "conclusion notice": "notice",
    "official letter": "official letter",
    "official dispatch": "official letter",
    "resolution": "resolution",
    "conclusion": "conclusion",
    "directive": "directive",
    "decision": "decision",
    "plan": "plan",
    "program": "program",
    "programme": "program",
    "project": "project",
    "scheme": "project",
    "strategy": "strategy",
    "law": "law",
    "decree": "decree",
    "circular": "circular",
    "report": "report",
    "notice": "notice",
    "charter": "charter",
    "planning": "planning",
    "regulation": "regulation",
    "instruction": "instruction",
}
_VI_KINDS = {
    "nghị quyết": "resolution",
    "kết luận": "conclusion",
    "chỉ thị": "directive",
    "quyết định": "decision",
    "kế hoạch": "plan",
    "chương trình": "program",
    "đề án": "project",
    "chiến lược": "strategy",
    "luật": "law",
    "bộ luật": "law",
    "nghị định": "decree",
    "thông tư": "circular",
    "báo cáo": "report",
    "thông báo kết luận": "notice",
    "thông báo": "notice",
    "điều lệ": "charter",
    "quy hoạch": "planning",
    "công văn": "official letter",
    "quy định": "regulation",
    "hướng dẫn": "instruction",
    "pháp lệnh": "ordinance",
    "tờ trình": "submission",
}

_EN_KIND_CAPITAL = re.compile(
    r"\b(Conclusion Notice|Official Letter|Official Dispatch|Resolution|Conclusion|Directive|Decision|Plan|"
    r"Programme|Program|Project|Scheme|Strategy|Law|Decree|Circular|Report|Notice|Charter|Planning|"
    r"Regulation|Instruction)\b"
)
_EN_KIND_LOWER = re.compile(
    r"\b(project|programme|program|plan|strategy|scheme)\s+(?=(?:to|on|of|for)\s+[a-z])"
)
_VI_KIND_WORDS = (
    r"Thông báo kết luận|Nghị quyết|Kết luận|Chỉ thị|Quyết định|Kế hoạch|Chương trình|Đề án|Chiến lược|"
    r"Bộ luật|Luật|Nghị định|Thông tư|Báo cáo|Thông báo|Điều lệ|Quy hoạch|Công văn|Quy định|Hướng dẫn|"
    r"Pháp lệnh|Tờ trình"
)
_VI_KIND = re.compile(rf"\b({_VI_KIND_WORDS})\b")
# A document number: "18", "57-NQ/TW", "15/2024/NQ-HĐND", "8765/TTr-UBND"; a symbol part has two capitals
# ("TTr", "QH15"), so "Project 06/Database" stops at "06".
_NUMBER = re.compile(
    r"\s*(?:No\.?|Number|số|Số)?\s*"
    r"(\d+[A-Za-z]?(?:[/-](?:\d+|[A-ZĐ]{2}[A-Za-zĐ0-9]*|[A-ZĐ][a-z][A-ZĐ][A-Za-zĐ0-9]*|[A-ZĐ]\b))*)\b"
)
_MONTHS = {
    name: index
    for index, name in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
}
_EN_DATE = re.compile(
    r",?\s+(?:dated|of|on)\s+(?:(January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\s+(\d{1,2}),?\s+(\d{4})|(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}))"
)
_VI_DATE = re.compile(
    r",?\s+(?:ngày|ban hành ngày)\s+(?:(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})|(\d{1,2})\s+tháng\s+(\d{1,2})\s+"
    r"năm\s+(\d{4}))"
)
_CAP_WORD = r"(?:\d+(?:st|nd|rd|th)\s+)?[A-ZĐ][\w'’-]*"
_EN_ISSUER = re.compile(
    rf",?\s+of\s+(?:the\s+)?({_CAP_WORD}(?:\s+(?:(?:and|of)\s+(?:the\s+)?)?{_CAP_WORD})*)"
)
_VI_ISSUER = re.compile(
    rf",?\s+(?:của|do)\s+((?:{_U}|UBND|HĐND)[^,.;:()\n]{{1,80}}?)(?=\s+(?:về|về việc|năm|đã|"
    r"tại|và|trong|nhằm)\b|[,.;:()\n]|$)"
)
_TAIL_START = re.compile(r"\s+(on|for|to|of|in|about|regarding|về|về việc|thực hiện|triển khai)\s+(?=\S)")
_TAIL_STOP_WORDS = {
    "which",
    "that",
    "who",
    "has",
    "have",
    "had",
    "is",
    "are",
    "was",
    "were",
    "will",
    "shall",
    "must",
    "should",
    "been",
    "being",
    "according",
    "creating",
    "contributing",
    "making",
    "ensuring",
    "avoiding",
    "because",
    "so",
    "as",
    "while",
    "when",
    "đã",
    "được",
    "nhằm",
    "để",
    "theo",
    "tại",
}
_TAIL_STOP_PAIRS = re.compile(
    r"^(?:to ensure|in accordance|in order|to propose|as well|in line|so that|and was|and is|and has|"
    r"and have|and were|and will|and issue|and approved|and the)\b",
    re.IGNORECASE,
)
_TAIL_COMMA_CONTINUE = re.compile(r"^(?:dated|with a vision|vision|tầm nhìn|ngày|\d{4})\b", re.IGNORECASE)
_TAIL_COMMA_STOP = {
    "and",
    "or",
    "the",
    "a",
    "an",
    "especially",
    "including",
    "in",
    "to",
    "which",
    "that",
    "etc",
    "as",
    "but",
    "of",
    "on",
    "for",
    "with",
    "và",
    "các",
    "nhất",
    "đồng",
}
_TO_BE_DEVELOPED = re.compile(
    r"\b(?:develop|developing|build|building|formulate|formulating|issue|issuing|promulgate|promulgating|"
    r"draft|drafting|elaborate|prepare|preparing|xây dựng|ban hành|soạn thảo|trình|hoàn thiện)\s+"
    r"(?:and\s+\w+\s+)?(?:a|an|the|new|các|mới)?\s*(?:\S+\s+){0,4}$",
    re.IGNORECASE,
)
_IN_BODY_NAME = re.compile(
    r"\b(?:Department|Division|Ministry|Office|Bureau|Institute|Center|Centre|Committee|Council|Board|"
    r"Agency|Authority|Service) of (?:the )?(?:[A-Z][\w'-]* )*(?:and |& )?$"
)
_YEAR_ONLY = re.compile(r"^(?:19|20)\d\d$")


def _extend_tail(text: str, position: int, max_words: int = 16) -> int:
    """The end of a subject phrase that starts at `position`: up to a stop word, a clause boundary or a
    comma that opens something else ("..., and the Resolution"), at most `max_words` words."""
    words = 0
    index = position
    length = len(text)
    while index < length and words < max_words:
        char = text[index]
        if char in '.;:()[]"!?\n':
            # "No. 5" and decimals do not stop it; a full stop ends the phrase.
            if char == "." and index + 1 < length and text[index + 1].isdigit():
                index += 1
                continue
            break
        if char == ",":
            if index + 1 < length and text[index + 1].isdigit():
                index += 1
                continue
            rest = text[index + 1 :].lstrip()
            next_word = re.match(r"[\w'-]+", rest)
            if _TAIL_COMMA_CONTINUE.match(rest):
                index += 1
                continue
            if (
                next_word
                and next_word.group(0)[0].islower()
                and next_word.group(0).casefold() not in _TAIL_COMMA_STOP
                and not next_word.group(0).endswith("ing")
                and next_word.group(0).casefold() not in _TAIL_STOP_WORDS
            ):
                index += 1
                continue
            break
        if char.isspace():
            rest = text[index + 1 :]
            if _TAIL_STOP_PAIRS.match(rest):
                break
            word = re.match(r"[\w'-]+", rest)
            if word and word.group(0).casefold() in _TAIL_STOP_WORDS:
                break
            if word:
                words += 1
        index += 1
    while index > position and text[index - 1] in " ,":
        index -= 1
    return index


def _left_capitals(text: str, position: int, *, lower: bool = False) -> int:
    """The start of the capitalised words just before `position` ("Quang Nam Provincial" Planning).

    With `lower`, lower-case modifiers count instead ("medium-term public investment" plan)."""
    start = position
    count = 0
    for match in reversed(list(re.finditer(r"[\w'-]+", text[max(0, position - 120) : position]))):
        absolute = max(0, position - 120) + match.start()
        between = text[absolute + len(match.group(0)) : start]
        if between.strip():
            break
        word = match.group(0)
        if lower:
            if not word.islower() or word in _LEFT_STOP or count >= 4:
                break
        else:
            if word in ("and", "of") and count:
                # "Inspection and Supervision Program": keep going only if a capital precedes.
                before = text[max(0, absolute - 30) : absolute].rstrip().split()
                if before and before[-1][:1].isupper() and before[-1] not in ("The", "the"):
                    start = absolute
                    continue
                break
            if not word[:1].isupper() or word in ("The", "A", "An", "In", "On", "Of", "For", "To", "This"):
                break
            sentence_start = not text[:absolute].strip() or text[:absolute].rstrip()[-1:] in ".:;!?\n"
            if sentence_start and count == 0:
                # The first word of a sentence is capitalised anyway; keep it only if the next is too.
                break
        start = absolute
        count += 1
    return start


_LEFT_STOP = {
    "a",
    "an",
    "the",
    "of",
    "to",
    "in",
    "on",
    "for",
    "and",
    "or",
    "with",
    "by",
    "from",
    "at",
    "that",
    "this",
    "implement",
    "implementing",
    "develop",
    "developing",
    "build",
    "building",
    "its",
    "their",
    "our",
}


def _iso_date(match: re.Match) -> str | None:
    """An ISO date from one of the date patterns."""
    groups = match.groups()
    try:
        if len(groups) == 6 and groups[0] and not groups[0].isdigit():
            month, day, year = _MONTHS[groups[0].casefold()], int(groups[1]), int(groups[2])
        elif groups[0]:
            day, month, year = int(groups[0]), int(groups[1]), int(groups[2])
        else:
            day, month, year = int(groups[3]), int(groups[4]), int(groups[5])
        return datetime.date(year, month, day).isoformat()
    except (ValueError, KeyError, TypeError):
        return None


_VI_TITLE_STOP = {
    "số",
    "ngày",
    "của",
    "về",
    "do",
    "đã",
    "được",
    "và",
    "để",
    "nhằm",
    "theo",
    "tại",
    "trước",
    "trong",
    "cho",
    "với",
    "là",
    "có",
    "thì",
    "này",
    "đó",
    "trên",
    "khi",
    "sau",
    "từ",
    "đang",
    "sẽ",
    "vẫn",
    "còn",
    "mới",
}


def _vi_title_end(text: str, position: int, max_words: int = 16) -> int:
    """The end of a Vietnamese document's title after its kind word ("Tổ chức chính quyền địa phương",
    "tỉnh Quảng Nam thời kỳ 2021 - 2030, tầm nhìn đến năm 2050"): up to a keyword or a clause boundary."""
    index = position
    for words, match in enumerate(re.finditer(r"\s*(,\s*)?([^\s,.;:()\[\]\"]+)", text[position:]), start=1):
        word = match.group(2)
        if match.group(1) is not None and not (
            word[:1].islower() and word not in _VI_TITLE_STOP or word.startswith("tầm")
        ):
            break
        following = re.match(r"\s*(\S)", text[position + match.end() :])
        keyword_before_figure = word in ("số", "ngày") and following and following.group(1).isdigit()
        if (word.casefold() in _VI_TITLE_STOP and word not in ("số", "ngày")) or keyword_before_figure:
            break
        if text[position + match.start() : position + match.start(2)].count("\n"):
            break
        index = position + match.end()
        if words >= max_words:
            break
    return index


def _read_vi_reference(text: str, kind_match: re.Match) -> dict | None:
    """A Vietnamese reference: kind, title, "số" number, "ngày" date, "của" issuer, "về" subject."""
    kind = _VI_KINDS[kind_match.group(1).casefold()]
    start = kind_match.start(1)
    position = kind_match.end(1)
    title_end = _vi_title_end(text, position)
    title = text[position:title_end]
    position = title_end
    number = date = issuer = None
    match = _NUMBER.match(text, position)
    if match and re.search(r"số|Số", match.group(0)):
        number = match.group(1)
        position = match.end()
    match = _VI_DATE.match(text, position)
    if match:
        date = _iso_date(match)
        position = match.end()
    match = _VI_ISSUER.match(text, position)
    if match and _VI_KIND.match(match.group(1)):
        # "Luật sửa đổi, bổ sung một số điều của Luật A và Luật B ngày ...": the laws it amends are part of
        # its title, not its issuer.
        position = match.end()
        amended = re.match(rf"\s+và\s+(?:{_VI_KIND_WORDS})\b", text[position:])
        if amended:
            position = _vi_title_end(text, position + amended.end())
        match = None
        date_after = _VI_DATE.match(text, position)
        if date_after:
            date = _iso_date(date_after)
            position = date_after.end()
    if match:
        issuer = match.group(1).strip()
        position = match.end()
        date_after = _VI_DATE.match(text, position)
        if date_after and not date:
            date = _iso_date(date_after)
            position = date_after.end()
    before = text[max(0, start - 3) : start]
    mid_sentence = bool(before.strip()) and before.rstrip()[-1:] not in ".:;!?\n-+*•"
    named = bool(re.search(rf"{_U}|\d", title)) or (mid_sentence and len(title.split()) >= 2)
    tail = re.match(r"\s+(về|về việc)\s+(?=\S)", text[position:])
    if tail and (number or issuer or date or named):
        position = _extend_tail(text, position + tail.end(), 12)
    if not (number or issuer or date or named):
        return None
    status = "to be developed" if _TO_BE_DEVELOPED.search(text[max(0, start - 60) : start]) else "existing"
    return {
        "start": start,
        "end": position,
        "kind": kind,
        "number": number,
        "date": date,
        "issuer": issuer,
        "status": status,
    }


def _read_reference(text: str, kind_match: re.Match, lang: str, *, lower: bool = False) -> dict | None:
    """A reference starting from its kind word, or None when nothing names a particular document."""
    kind_word = kind_match.group(1)
    if lang == "vi" and kind_word.casefold() in _VI_KINDS:
        return _read_vi_reference(text, kind_match)
    if _IN_BODY_NAME.search(text[max(0, kind_match.start(1) - 80) : kind_match.start(1)]):
        return None  # "Division of Finance and Planning": a body's name, not a document
    kinds = _VI_KINDS if lang == "vi" and kind_word.casefold() in _VI_KINDS else _EN_KINDS
    kind = kinds.get(kind_word.casefold()) or _VI_KINDS.get(kind_word.casefold())
    start = _left_capitals(text, kind_match.start(1), lower=lower)
    if lang == "vi" or kind_word.casefold() in _VI_KINDS:
        start = kind_match.start(1)
    position = kind_match.end(1)
    number = date = issuer = None
    named = start < kind_match.start(1)
    match = _NUMBER.match(text, position)
    if match and not (_YEAR_ONLY.match(match.group(1)) and not re.search(r"No|số|Số", match.group(0))):
        number = match.group(1)
        position = match.end()
    for pattern in (_EN_DATE, _VI_DATE):
        match = pattern.match(text, position)
        if match:
            date = _iso_date(match)
            position = match.end()
            break
    match = (_VI_ISSUER if kinds is _VI_KINDS else _EN_ISSUER).match(text, position)
    if match:
        issuer = match.group(1).strip()
        position = match.end()
        date_after = (_EN_DATE if kinds is _EN_KINDS else _VI_DATE).match(text, position)
        if date_after and not date:
            date = _iso_date(date_after)
            position = date_after.end()
    if kinds is _VI_KINDS and not (number or issuer):
        # "Luật Đất đai": a capitalised name after the kind word.
        name = re.match(r"\s+([A-ZĐ\u00c0-\u1ef8][\w]*(?:\s+[a-zđ\u00e0-\u1ef9]\w*){0,2})", text[position:])
        if name and not re.match(r"\s+(?:UBND|HĐND|Tỉnh|Trung|Ban|Bộ|Chính|Thủ)\b", text[position:]):
            named = True
            position += name.end()
    tail = _TAIL_START.match(text, position)
    has_tail = False
    tail_opens = tail and (
        number or issuer or named or tail.group(1) in ("on", "for", "to", "of", "về", "về việc") or lower
    )
    if tail_opens and not (lower and not number and tail.group(1) == "in"):
        end = _extend_tail(text, tail.end(), 12 if (number or issuer) else 20)
        if end > tail.end():
            position = end
            has_tail = True
    if not (number or issuer or named or has_tail):
        return None
    status = "to be developed" if _TO_BE_DEVELOPED.search(text[max(0, start - 60) : start]) else "existing"
    if lower and kind_word == "plan" and not named and status == "existing":
        return None  # "the plan to arrange units": an intention, not a document, unless it is to be drawn up
    return {
        "start": start,
        "end": position,
        "kind": kind,
        "number": number,
        "date": date,
        "issuer": issuer,
        "status": status,
    }


def find_references(norm: Normalised, lang: str) -> list[dict]:
    """The documents named in a text, one item per document with the other mentions as aliases."""
    text = norm.text
    found: list[dict] = []
    patterns = [(_EN_KIND_CAPITAL, False), (_EN_KIND_LOWER, True)] if lang == "en" else [(_VI_KIND, False)]
    for pattern, lower in patterns:
        for match in pattern.finditer(text):
            if lower and text[match.end(1) : match.end(1) + 1] == "s":
                continue
            reference = _read_reference(text, match, lang, lower=lower)
            if reference:
                found.append(reference)
    found.sort(key=lambda item: (item["start"], -item["end"]))
    items: list[dict] = []
    for reference in found:
        start, end = reference["start"], reference["end"]
        mention = text[start:end].strip(" ,")
        same = _same_document(items, reference, mention)
        if same is not None:
            if (
                mention != same["text"]
                and mention not in same["aliases"]
                and len(mention) < len(same["text"])
            ):
                same["aliases"].append(mention)
            elif len(mention) > len(same["text"]):
                same["aliases"].append(same["text"])
                same["text"] = mention
            continue
        original_start, original_end = norm.span(start, start + len(mention))
        items.append(
            {
                "text": norm.original[original_start:original_end],
                "kind": reference["kind"],
                "number": reference["number"],
                "date": reference["date"],
                "issuer": reference["issuer"],
                "aliases": [],
                "status": reference["status"],
                "borderline": False,
                "note": None,
                "line": norm.line_of(original_start),
                "span": [original_start, original_end],
            }
        )
    _lowercase_aliases(text, items)
    return items


def _same_document(items: list[dict], reference: dict, mention: str) -> dict | None:
    """The item already found that `mention` names again, if any."""
    folded = mention.casefold()
    for item in items:
        same_kind = reference["kind"] == item["kind"]
        kind_word_in = mention.split()[0].casefold() in item["text"].casefold()
        if reference["number"] and item["number"] == reference["number"] and (same_kind or kind_word_in):
            return item
        if item["kind"] != reference["kind"]:
            continue
        text = item["text"].casefold()
        if folded == text or folded in [alias.casefold() for alias in item["aliases"]]:
            return item
        if (
            not reference["number"]
            and not item["number"]
            and len(folded.split()) >= 2
            and (folded in text or text in folded)
        ):
            return item
    return None


def _lowercase_aliases(text: str, items: list[dict]) -> None:
    """'mineral law' written in lower case elsewhere is an alias of the 'Mineral Law' found."""
    folded_text = text.casefold()
    for item in items:
        if item["kind"] != "law" or len(item["text"].split()) > 4:
            continue
        needle = item["text"].casefold()
        for match in re.finditer(re.escape(needle), folded_text):
            written = text[match.start() : match.end()]
            if written != item["text"] and written not in item["aliases"]:
                item["aliases"].append(written)


# --- org units -----------------------------------------------------------------------------------------

_EN_BODY_HEADS = (
    r"Committee|Council|Front|Union|Inspectorate|Audit|Center|Centre|Department|Politburo|Government|"
    r"Ministry|Assembly|Minister|Congress|Police|Command|Bank|Association|Federation|Board|Office|Agency|"
    r"Authority|Zone|Village|Secretariat|Court|Procuracy|Treasury|Corporation|Company|Group|Army|Division|"
    r"Cluster|Park|Bureau|Institute|Fund|Station|Newspaper|Hospital"
)
# At most ten capitalised words before the head: a longer run names no body, and an unbounded one makes
# a long run of capitals ("A and B and C ...") take quadratic time.
_EN_BODY = re.compile(
    rf"(?<![\w-])((?:\d+(?:st|nd|rd|th) +)?(?:(?:[A-ZĐ][\w'’-]* +)(?:(?:and|of) +(?=[A-Z]))?){{0,10}}"
    rf"(?:{_EN_BODY_HEADS}))(?:'s)?\b"
)
# "and" inside an "of" tail joins the words of one name ("Ministry of Planning and Investment") unless a
# new body follows ("... and the Ministry of Finance", "... and Provincial Police").
_NEW_EN_BODY = rf"(?:[A-ZĐ][\w'’-]* +){{0,3}}(?:{_EN_BODY_HEADS})\b"
_EN_BODY_OF = re.compile(
    r" +of +(?:the +)?((?:\d+(?:st|nd|rd|th) +)?[A-ZĐ][\w'’-]*"
    rf"(?: +(?:[A-ZĐ][\w'’-]*|of(?= +[A-Z])|and(?= +(?!{_NEW_EN_BODY})[A-Z])))*)"
)
_CAPITAL_LIST = re.compile(r"(?:, [A-Z][\w'-]*)+,? and [A-Z][\w'-]*(?: [A-Z][\w'-]*)*")
_EN_BODY_NUMBER = re.compile(r" +(\d{1,3})\b(?! *(?:%|percent|st|nd|rd|th))")
_LAW_BEFORE = re.compile(r"\b(?:Law|Code|Ordinance) (?:on|of) (?:the )?(?:[A-Z][\w'-]* )*$")
_DOCUMENT_AFTER = re.compile(r"^ +(?:Project|Program|Programme|Plan|Strategy|Scheme)\b")
# "the Party", "the State" on their own ("the Party and the State"), not "the Party committees".
_BARE_BODIES = re.compile(r"\bthe (Party|State)\b(?= *(?:[,.;:)!?]|and\b|or\b|$))")
_PERSON_TITLE = re.compile(
    r"(?:comrade|comrades|president|secretary|chairman|chairwoman|mr|mrs|ms|dr|minister|uncle|general|"
    r"đồng chí|chủ tịch|bí thư|ông|bà|anh|chị)\.? *$",
    re.IGNORECASE,
)
_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|tr|th|ph|kh|gh|gi|qu|[bcdđghklmnpqrstvx])?[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?$",
    re.IGNORECASE,
)
_CAPITALISED_RUN = re.compile(r"(?<![\w'-])([A-ZĐ][a-zđ]{0,6}(?: +[A-ZĐ][a-zđ]{0,6}){1,3})(?![\w'-])")
_LOCALITY_AFTER = re.compile(
    r"^ +(province|Province|district|District|city|City|town|Town|commune|Commune)\b"
)
_ACRONYM_ENTERPRISE = re.compile(r"\b([A-Z]{3,8}) +(?:projects?|company|group|corporation|enterprise)\b")

# Small words that end a name: verbs and particles that follow a body ("Sở Tài chính chủ trì").
_NAME_STOP = (
    r"(?!(?:chủ|phối|thực|tham|báo|triển|hoàn|bảo|đảm|rà|khẩn|tập|tăng|có|đã|được|là|trình|theo|chịu|xây|"
    r"nghiên|hướng|kiểm|lãnh|chỉ|đôn|phụ|giao|cần|phải|và|của|về|trong|tại|cho|với|để|nhằm|đến|từ|các|"
    r"tổ|quản|sớm|kịp|tiếp|đẩy|nâng|xử|giải|định|thường|họp|nghe|đánh|yêu|đề|tuyên|vẫn|còn|sẽ|đang|"
    r"trước|sau|ngày|năm|khi|nếu|thì)\b)"
)
# Words that open a body's name. After "và" or a comma, one of them starts a new body ("Sở Nông nghiệp
# và Môi trường và Ủy ban nhân dân tỉnh" is two); any other capitalised word goes on with the name
# ("Sở Văn hóa, Thể thao và Du lịch", "Sở Công Thương"). Heads that are also common syllables
# ("Bộ", "Cục", "Hội", "Đoàn", "Ban", ...) count only before a capitalised word.
_VI_BODY_HEAD = (
    r"(?:(?:Sở|Ủy ban|Uỷ ban|UBND|HĐND|Hội đồng|Công an|Bộ Chỉ huy|Bệnh viện|Văn phòng|Thanh tra|"
    r"Kho bạc|Chi cục|Liên đoàn|Liên minh|Tỉnh đoàn|Trung tâm|Tòa án|Viện Kiểm sát|Ngân hàng|Mặt trận|"
    r"MTTQ|Đảng ủy|Đảng uỷ|Đảng đoàn|Ban cán sự|Tỉnh ủy|Tỉnh uỷ|Huyện ủy|Huyện uỷ|Thành ủy|Thành uỷ|"
    r"Thị ủy|Thị uỷ|Quận ủy|Quận uỷ|Chính phủ|Quốc hội)(?![\w])"
    rf"|(?:Bộ|Cục|Hội|Đoàn|Ban|Đài|Báo|Trường|Phòng|Viện) +{_U})"
)
_NOT_HEAD = rf"(?!{_VI_BODY_HEAD})"
_NAME_PART = rf"{_U}\w*(?: +(?:{_NOT_HEAD}{_U}\w*|{_NAME_STOP}{_L}\w*)){{0,4}}"
# Parts joined by "và" or "-", and capitalised parts listed with commas before a closing "và".
_NAME = rf"{_NAME_PART}(?:(?:, +{_NOT_HEAD}{_NAME_PART})* +(?:và|-) +{_NOT_HEAD}{_NAME_PART})*"
_LEVEL = r"(?:tỉnh|thành phố|huyện|thị xã|quận|xã|phường|thị trấn|các cấp)"
_PEOPLE_BODY = (
    r"(?:UBND|HĐND|Ủy ban nhân dân|Uỷ ban nhân dân|Hội đồng nhân dân|Ủy ban MTTQ(?: Việt Nam)?|"
    r"Ủy ban Mặt trận Tổ quốc(?: Việt Nam)?|MTTQ(?: Việt Nam)?|Mặt trận Tổ quốc(?: Việt Nam)?)"
    rf"(?: +{_LEVEL}(?: +{_U}\w*(?: +{_U}\w*)*)?)?"
)
_PARTY_COMMITTEE = r"(?:Tỉnh|Thành|Huyện|Thị|Quận) [uủ][ỷy]"
_PARENT = rf"(?:{_PARTY_COMMITTEE}|{_PEOPLE_BODY}|Trung ương)"
_VI_BODIES = re.compile(
    r"(?<![\w/-])("
    r"(?:(?:Thường trực|Ban cán sự đảng|Đảng đoàn|Đảng [uủ][ỷy]|Ban Thường vụ) +)?"
    r"(?:"
    rf"Ủy ban Kiểm tra {_PARENT}|Ban Chấp hành Trung ương(?: Đảng)?(?: khóa [IVXLC]+)?|"
    r"Ban Chấp hành Đảng bộ (?:tỉnh|thành phố|huyện)|Ban Bí thư|Bộ Chính trị|Ủy ban Thường vụ Quốc hội|"
    r"Quốc hội|Thủ tướng Chính phủ|Chính phủ|Kiểm toán Nhà nước|Thanh tra Chính phủ|"
    rf"{_PEOPLE_BODY}|{_PARTY_COMMITTEE}|"
    # Names complete in themselves, then a place or a parent body if one follows.
    r"(?:Bộ Chỉ huy Quân sự|Bộ Chỉ huy Bộ đội Biên phòng|Kho bạc Nhà nước|Ngân hàng Nhà nước|Cục Thuế|"
    r"Tòa án nhân dân|Viện Kiểm sát nhân dân|Liên đoàn Lao động|Hội Nông dân|Hội Liên hiệp Phụ nữ|"
    r"Tỉnh đoàn|Đoàn Thanh niên|Hội Cựu chiến binh)"
    rf"(?: +(?:tỉnh|thành phố|huyện)\b| +{_NAME}(?: +{_PARENT})?)?|"
    # Head words that need a name after them ("Sở Tài chính", "Đài Phát thanh và Truyền hình tỉnh").
    r"(?:Sở|Phòng|Ban|Văn phòng|Công an|Thanh tra|Cục|Chi cục|Trung tâm|Bộ|Ban Quản lý|Báo|Đài|"
    r"Bệnh viện|Hội|Liên đoàn|Liên minh|Đoàn(?= +(?:Thanh niên|Đại biểu|Luật sư))|"
    r"Trường(?= +(?:Đại học|Cao đẳng|Trung cấp|Chính trị|Trung học|Tiểu học|Mầm non|Phổ thông)))"
    rf"(?: +(?:tỉnh|thành phố|huyện)\b| +{_NAME}(?: +{_PARENT})?)"
    r"|Ban Thường vụ|Trung ương"
    r"))"
)
_VI_ZONE = re.compile(
    rf"(?<![\w])((?:Khu kinh tế|Khu công nghiệp|Cụm công nghiệp|Khu du lịch|Khu kinh tế cửa khẩu)"
    rf"(?: +{_L}\w*){{0,2}} +{_U}\w*(?: +{_U}\w*){{0,3}})"
)
_VI_LOCALITY = re.compile(
    r"\b(tỉnh|thành phố|huyện|thị xã|quận|xã|phường|thị trấn|TP\.?) +"
    rf"({_U}\w*(?: +{_U}\w*){{0,3}})"
)
# Capitalised syllables mid-sentence are names: places, when nothing says they are something else.
_VI_CAPITALISED_RUN = re.compile(rf"(?<![\w])({_U}{_L}*(?: +{_U}{_L}*){{1,3}})(?![\w])")
_NOT_A_PLACE_BEFORE = re.compile(
    r"(?:\b(?:sông|núi|đèo|hồ|vụ|đường|cầu|dự án|tuyến|cao tốc|cảng|hàng không|sân bay|đồng chí|ông|bà|anh|"
    r"chị|Luật|Nghị quyết|"
    r"Quyết định|Chỉ thị|Kết luận|Đề án|Chương trình|Kế hoạch|Quy hoạch|Thông tư|Nghị định|Báo cáo|Tờ trình)"
    r"|[-/]) *$"
)
_VI_LOCALITY_KIND = {
    "tỉnh": "province",
    "thành phố": "city",
    "tp": "city",
    "tp.": "city",
    "huyện": "district",
    "thị xã": "town",
    "quận": "district",
    "xã": "commune",
    "phường": "ward",
    "thị trấn": "township",
}
_ABBREVIATIONS = {
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "MTTQ": "Mặt trận Tổ quốc",
    "TW": "Trung ương",
    "BCH": "Ban Chấp hành",
    "BTV": "Ban Thường vụ",
}


def _strip_accents(text: str) -> str:
    """Lower case without diacritics, đ as d."""
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _org_kind(name: str) -> str:
    """A kind for a body's name, from its words."""
    folded = name.casefold()
    table = (
        ("congress", "congress"),
        ("đại hội", "congress"),
        ("party", "party_body"),
        ("politburo", "party_body"),
        ("central committee", "party_body"),
        ("inspection committee", "party_body"),
        ("steering committee", "party_body"),
        ("tỉnh ủy", "party_body"),
        ("huyện ủy", "party_body"),
        ("thành ủy", "party_body"),
        ("thị ủy", "party_body"),
        ("đảng", "party_body"),
        ("phòng ", "state_agency"),
        ("tỉnh uỷ", "party_body"),
        ("bộ chính trị", "party_body"),
        ("ban thường vụ", "party_body"),
        ("ban chấp hành", "party_body"),
        ("front", "mass_organization"),
        ("union", "mass_organization"),
        ("mặt trận", "mass_organization"),
        ("mttq", "mass_organization"),
        ("đoàn", "mass_organization"),
        ("hội đồng", "state_body"),
        ("hội ", "mass_organization"),
        ("minister", "state_office"),
        ("thủ tướng", "state_office"),
        ("center", "state_agency"),
        ("centre", "state_agency"),
        ("department", "state_agency"),
        ("sở ", "state_agency"),
        ("trung tâm", "state_agency"),
        ("zone", "economic_zone"),
        ("village", "village"),
        ("company", "enterprise"),
        ("corporation", "enterprise"),
    )
    for word, kind in table:
        if word in folded:
            return kind
    return "state_body"


def _canonical(name: str) -> str:
    """A key under which mentions of one body meet: no ordinals, articles, 'of', possessives, accents."""
    folded = _strip_accents(name)
    for short, long in _ABBREVIATIONS.items():
        folded = re.sub(rf"\b{_strip_accents(short)}\b", _strip_accents(long), folded)
    folded = re.sub(r"'s\b|’s\b", "", folded)
    words = [
        word
        for word in re.findall(r"\w+", folded)
        if word not in ("the", "of", "and") and not re.match(r"^\d+(?:st|nd|rd|th)$", word)
    ]
    return " ".join(sorted(set(words)))


class _OrgCollector:
    """Collects body mentions and merges those naming the same body."""

    def __init__(self, norm: Normalised, lang: str = "en"):
        self.norm = norm
        self.lang = lang
        self.items: list[dict] = []
        self.by_key: dict[str, dict] = {}
        self.spans: list[tuple[int, int]] = []

    def covered(self, start: int, end: int) -> bool:
        return any(a <= start and end <= b for a, b in self.spans)

    def add(
        self, start: int, end: int, name: str | None = None, kind: str | None = None, alias: str | None = None
    ) -> None:
        mention = name or self.norm.text[start:end]
        mention = mention.strip(" ,.;:")
        if len(mention) < 2:
            return
        self.spans.append((start, end))
        key = _canonical(mention)
        item = self.by_key.get(key)
        if item is None:
            # A shorter mention ending another body's name ("Fatherland Front") is an alias of it; a
            # longer one ("Provincial People's Council" after "People's Council") becomes its name.
            bare = re.sub(r"^\d+(?:st|nd|rd|th) +", "", mention)
            # In Vietnamese the tail of a name is its parent body ("Ban Thường vụ Tỉnh ủy"), not a short form.
            for other in self.items if self.lang == "en" else ():
                other_name = other["name"]
                if (
                    len(other_name.split()) >= 2
                    and bare.endswith(" " + other_name)
                    and other["kind"] != "congress"
                ):
                    other["aliases"].append(other_name)
                    other["name"] = mention
                    self.by_key[key] = other
                    return
                if _same_numbered_body(mention, other_name):
                    if mention not in other["aliases"]:
                        other["aliases"].append(mention)
                    return
                inner = re.search(rf"\bof (?:the )?{re.escape(mention)}$", other_name)
                if (
                    len(mention.split()) >= 2
                    and other_name.endswith(" " + mention)
                    and other["kind"] != "congress"
                    and not inner
                ):
                    if mention not in other["aliases"]:
                        other["aliases"].append(mention)
                    return
                if re.sub(r"^\d+(?:st|nd|rd|th) +", "", mention) == other_name and mention != other_name:
                    if mention not in other["aliases"]:
                        other["aliases"].append(mention)
                    return
        if item is None and self.lang == "vi":
            # "Hội đồng nhân dân tỉnh Quảng Nam" after "Hội đồng nhân dân tỉnh": one body, its place named.
            for other in self.items:
                rest = mention[len(other["name"]) :] if mention.startswith(other["name"] + " ") else ""
                if rest and all(word[:1].isupper() for word in rest.split()):
                    item = other
                    break
        if item is not None:
            if mention != item["name"] and mention not in item["aliases"]:
                item["aliases"].append(mention)
            if alias and alias not in item["aliases"] and alias != item["name"]:
                item["aliases"].append(alias)
            return
        original_start, original_end = self.norm.span(start, end)
        item = {
            "name": self.norm.original[original_start:original_end] if not name else mention,
            "kind": kind or _org_kind(mention),
            "aliases": [alias] if alias and alias != mention else [],
            "borderline": False,
            "note": None,
            "line": self.norm.line_of(original_start),
            "span": [original_start, original_end],
        }
        self.items.append(item)
        self.by_key[key] = item


# Words in -ing that name bodies ("Steering Committee", "Standing Committee").
_NAME_GERUNDS = {
    "Steering",
    "Standing",
    "Working",
    "Training",
    "Planning",
    "Building",
    "Organizing",
    "Organising",
    "Housing",
    "Banking",
    "Mining",
    "Shipping",
    "Printing",
    "Publishing",
}
_PARTICULAR_CONGRESS = re.compile(r"\d+(?:st|nd|rd|th)|Provincial|District|National|City|Commune|Town|\bof\b")
_STANDALONE_HEADS = {"Politburo", "Secretariat", "Government"}


def _same_numbered_body(mention: str, name: str) -> bool:
    """'23rd Congress' and '23rd Provincial Party Congress': same ordinal, same head, fewer words."""
    first, second = mention.split(), name.split()
    if len(first) < 2 or len(second) < 2 or first[0] != second[0] or first[-1] != second[-1]:
        return False
    return bool(re.match(r"^\d+(?:st|nd|rd|th)$", first[0])) and set(first) < set(second)


def _trim_leading(text: str, start: int, end: int) -> int:
    """Skip a sentence-initial capital word that is not part of the name ("However", "The", "Directing")."""
    words = text[start:end].split()
    while len(words) > 1 and (
        words[0]
        in (
            "The",
            "A",
            "An",
            "In",
            "On",
            "However",
            "Besides",
            "Dear",
            "Both",
            "All",
            "Each",
            "Every",
            "Our",
            "Its",
            "This",
            "That",
            "These",
        )
        or (words[0].endswith("ing") and words[0] not in _NAME_GERUNDS)
        or words[0].endswith("ly")
    ):
        start = text.index(words[1], start + len(words[0]))
        words = words[1:]
    return start


def find_org_units(norm: Normalised, lang: str) -> list[dict]:
    """The bodies and localities named in a text, one item per body with its other mentions as aliases."""
    text = norm.text
    collector = _OrgCollector(norm, lang)
    if lang == "vi":
        for match in _VI_BODIES.finditer(text):
            name = match.group(1).strip()
            if _inside_law_name(text, match.start(1)):
                continue
            if re.fullmatch(r"UBND|HĐND|Ủy ban nhân dân|Hội đồng nhân dân", name) and re.match(
                r" +(?:các|cấp)\b", text[match.end(1) :]
            ):
                continue  # "UBND các huyện, thị xã": the committees of every district, not one body
            alias = _expand(name)
            collector.add(match.start(1), match.start(1) + len(name), alias=alias)
        for match in _VI_ZONE.finditer(text):
            collector.add(match.start(1), match.end(1), kind="economic_zone")
        for match in _VI_LOCALITY.finditer(text):
            kind = _VI_LOCALITY_KIND.get(match.group(1).casefold(), "locality")
            collector.add(match.start(2), match.end(2), kind=kind, alias=match.group(0))
        for match in _VI_CAPITALISED_RUN.finditer(text):
            start, end = match.start(1), match.end(1)
            before = text[max(0, start - 30) : start]
            sentence_start = not before.strip() or before.endswith("\n") or before.rstrip()[-1] in ".!?:;-+*•"
            if sentence_start or collector.covered(start, end) or _NOT_A_PLACE_BEFORE.search(before):
                continue
            if match.group(1).isupper() or match.group(1).startswith(("Luật ", "Bộ luật ")):
                continue
            collector.add(start, end, kind="locality")
        return collector.items
    for start, end in _en_body_spans(text):
        start = _trim_leading(text, start, end)
        if _DOCUMENT_AFTER.match(text[end:]) or _LAW_BEFORE.search(text[max(0, start - 40) : start]):
            continue  # a project's or a law's name ("Law on Organization of Local Government")
        if start > 0 and text[start - 1] == "-":
            continue
        name_end = end
        number = _EN_BODY_NUMBER.match(text, end)
        head = text[start:end]
        of_tail = _EN_BODY_OF.match(text, end)
        if " " not in head and head not in _STANDALONE_HEADS and not of_tail:
            continue  # a bare "Committee" or "Congress" names nothing in particular
        if head.endswith("Congress") and not _PARTICULAR_CONGRESS.search(
            head + (of_tail.group(0) if of_tail else "")
        ):
            continue  # "the Party Congress" in general
        if number and re.search(r"(?:Committee|Board|Group)$", head):
            name_end = number.end()
        of_tail = _EN_BODY_OF.match(text, name_end)
        if of_tail and not re.search(r"(?:Province|City|District)$", head):
            inner = of_tail.group(1).strip()
            tail_end = of_tail.end(1)
            # "Division of Labour, Invalids and Social Affairs": a list of capitalised words ending in "and".
            listed = _CAPITAL_LIST.match(text, tail_end)
            if listed:
                tail_end = listed.end()
            collector.add(start, tail_end)
            if re.search(rf"(?:{_EN_BODY_HEADS})$", inner):
                collector.add(of_tail.start(1), of_tail.end(1))
            continue
        steering = re.search(r"Steering Committee$", head)
        if steering:
            tail = re.match(r" +(?:for|on) +", text[name_end:])
            if tail:
                tail_end = _extend_tail(text, name_end + tail.end(), 12)
                stop = re.search(r" +to the\s", text[name_end:tail_end])
                if stop:
                    tail_end = name_end + stop.start()
                collector.add(start, tail_end)
                continue
        collector.add(start, name_end)
    for match in _BARE_BODIES.finditer(text):
        collector.add(match.start(1), match.end(1), kind="party" if match.group(1) == "Party" else "state")
    for match in _ACRONYM_ENTERPRISE.finditer(text):
        collector.add(match.start(1), match.end(1), kind="enterprise")
    for match in _CAPITALISED_RUN.finditer(text):
        start, end = match.start(1), match.end(1)
        words = match.group(1).split()
        if not all(_SYLLABLE.match(word) for word in words):
            continue
        if collector.covered(start, end) or _PERSON_TITLE.search(text[max(0, start - 25) : start]):
            continue
        before = text[:start].rstrip()
        if not before or before[-1] in ".!?:\n" and words[0] in ("The", "To", "In", "On", "An", "So", "No"):
            continue
        after = _LOCALITY_AFTER.match(text[end:])
        if after:
            kind = after.group(1).casefold()
            collector.add(start, end, kind=kind, alias=text[start : end + after.end()])
        else:
            collector.add(start, end, kind="locality")
    return collector.items


# "Department of Home Affairs and Provincial Police", "Women's Union and Youth Union": after a head (and
# its "of" tail), an "and" before a new body.
_AND_NEW_EN_BODY = re.compile(rf"\b(?:{_EN_BODY_HEADS})(?:'s)?(?: of\b.*?)? and (?={_NEW_EN_BODY})")


def _en_body_spans(text: str):
    """[start, end) of each run `_EN_BODY` finds, cut where an "and" after a head opens a new body: the
    regex alone would join "Department of Home Affairs and Provincial Police"."""
    for match in _EN_BODY.finditer(text):
        start, end = match.start(1), match.end(1)
        while True:
            cut = _AND_NEW_EN_BODY.search(text, start, end)
            if cut is None:
                break
            and_start = cut.end() - len(" and ")
            yield start, and_start
            start = cut.end()
        yield start, end


def _inside_law_name(text: str, position: int) -> bool:
    """'Luật Tổ chức Chính phủ': a body's name inside a law's title names the law, not the body."""
    before = re.split(r"[,.;:()]|\bcủa\b", text[max(0, position - 40) : position])[-1]
    return bool(re.search(r"\b(?:Luật|Bộ luật|Pháp lệnh)\b", before))


def _expand(name: str) -> str | None:
    """The long form of a name written with abbreviations ("UBND tỉnh" -> "Ủy ban nhân dân tỉnh")."""
    expanded = name
    for short, long in _ABBREVIATIONS.items():
        expanded = re.sub(rf"\b{short}\b", long, expanded)
    return expanded if expanded != name else None


def body_name_end(text: str, start: int) -> int | None:
    """The end of the name of a body written from `start` ("Sở Văn hóa, Thể thao và Du lịch", "Ministry
    of Planning and Investment"), or None when no body's name starts there. Lists split by it keep the
    commas and "and"/"và" that belong to one name."""
    match = _VI_BODIES.match(text, start)
    if match:
        return match.end(1)
    match = _EN_BODY.match(text, start)
    if match is None:
        return None
    end = match.end(1)
    cut = _AND_NEW_EN_BODY.search(text, start, end)
    if cut is not None:
        return cut.end() - len(" and ")  # "Radio and Television Station and Binh An Newspaper": two bodies
    of_tail = _EN_BODY_OF.match(text, end)
    if of_tail:
        end = of_tail.end(1)
        listed = _CAPITAL_LIST.match(text, end)
        if listed:
            end = listed.end()
    return end


_GENERIC_BODY = re.compile(
    r"\b(?:committees?|councils?|front|unions?|departments?|ministr(?:y|ies)|government|agency|agencies|"
    r"offices?|police|people's|provincial|districts?|communes?|wards?|towns?|cities|organi[sz]ations?|units?|"
    r"cent(?:er|re)s?|divisions?|bureaus?|institutes?|boards?|"
    r"localit(?:y|ies)|sectors?|branches|levels?|"
    r"ủy ban|uỷ ban|ubnd|hđnd|sở|ban|ngành|tỉnh|huyện|xã|phường|thị xã|thành phố|công an|mặt trận|mttq|"
    r"đoàn thể|cơ quan|đơn vị|địa phương|cấp ủy|tổ chức|phòng|văn phòng|trung tâm|công an|ủy|uỷ|thường trực|"
    r"đảng đoàn|ban cán sự)\b",
    re.IGNORECASE,
)


def names_a_body(phrase: str) -> bool:
    """Whether a short phrase names a body or a group of bodies ("the Department of Finance", "các sở",
    "Báo Bình An")."""
    if body_name_end(phrase, 0) == len(phrase) and phrase:
        return True
    return bool(_GENERIC_BODY.search(phrase)) and len(phrase.split()) <= 10
