"""Deciding what a sentence is: a task, a target, a result, a shortcoming - and the fields of each.

The rules follow the grammar of Party and government directives in English and Vietnamese:

- In a part that sets tasks (its heading names tasks, solutions, directions - "nhiệm vụ", "giải pháp",
  "phương hướng"), every sentence of the body is a directive, except bracketed asides and fragments too
  short to stand alone. Before the first subsection (the preamble) and after the last (the closing), only
  sentences that read as directives count: an imperative verb first ("Focus on", "Tập trung"), a modal
  ("must", "phải", "cần") or a request ("I request that", "đề nghị").
- A target is a forward-looking commitment with a number or an explicit comparison, in a part that sets
  targets or tasks; one per number-bearing fragment. In a directive, a share ("100% of communes ...") or
  a figure bound to a time is a commitment even without a verb of its own; two figures joined by
  "and"/"và" ("60% ... và 100% ...") are two commitments.
- A result is a reported figure in a part that reviews the past (or lists shortcomings); one per number.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .entities import body_name_end

# --- directive verbs -----------------------------------------------------------------------------------

_EN_ADVERBS = (
    r"(?:resolutely|effectively|actively|proactively|quickly|urgently|drastically|basically|further|"
    r"synchronously|strictly|closely|continuously|promptly|seriously|thoroughly|well|strongly|firmly|"
    r"timely|regularly|boldly|steadily|vigorously|comprehensively|successfully|gradually)"
)
_EN_VERBS = (
    r"(?:focus(?:ing)?|continu(?:e|ing)|strengthen(?:ing)?|promot(?:e|ing)|implement(?:ing)?|direct(?:ing)?|"
    r"develop(?:ing)?|review(?:ing)?|speed(?:ing)? up|accelerat(?:e|ing)|improv(?:e|ing)|enhanc(?:e|ing)|"
    r"ensur(?:e|ing)|build(?:ing)?|complet(?:e|ing)|organi[sz](?:e|ing)|pay(?:ing)? attention|"
    r"strive|striving|"
    r"mobili[sz](?:e|ing)|prepar(?:e|ing)|stud(?:y|ying)|consider(?:ing)?|allocat(?:e|ing)|connect(?:ing)?|"
    r"combat(?:ing)?|handl(?:e|ing)|increas(?:e|ing)|reduc(?:e|ing)|updat(?:e|ing)|follow(?:ing)?|"
    r"eliminat(?:e|ing)|take|taking|carry(?:ing)? out|perform(?:ing)?|grasp(?:ing)?|lead(?:ing)?|"
    r"perfect(?:ing)?|arrang(?:e|ing)|summari[sz](?:e|ing)|inspect(?:ing)?|supervis(?:e|ing)|"
    r"monitor(?:ing)?|propos(?:e|ing)|issu(?:e|ing)|promulgat(?:e|ing)|formulat(?:e|ing)|establish(?:ing)?|"
    r"maintain(?:ing)?|expand(?:ing)?|attract(?:ing)?|support(?:ing)?|invest(?:ing)?|apply(?:ing)?|"
    r"accelerate|achiev(?:e|ing)|reach(?:ing)?|rais(?:e|ing)|lower(?:ing)?|restructur(?:e|ing)|"
    r"innovat(?:e|ing)|renew(?:ing)?|consolidat(?:e|ing)|overcom(?:e|ing)|resolv(?:e|ing)|settl(?:e|ing)|"
    r"prevent(?:ing)?|fight(?:ing)?|protect(?:ing)?|manag(?:e|ing)|coordinat(?:e|ing)|assign(?:ing)?|"
    r"launch(?:ing)?|speed|boost(?:ing)?|diversify(?:ing)?|tighten(?:ing)?|uphold(?:ing)?|"
    r"disburs(?:e|ing)|submit(?:ting)?|instruct(?:ing)?|guid(?:e|ing)|urg(?:e|ing)|do|doing|make|making|"
    r"give|giving|attach(?:ing)?|prioriti[sz](?:e|ing)|encourag(?:e|ing)|complete|detect(?:ing)?|"
    r"rectify(?:ing)?|recommend(?:ing)?|deploy(?:ing)?|step(?:ping)? up|push(?:ing)?|keep(?:ing)?)"
)
_EN_DIRECTIVE_START = re.compile(
    rf"^(?:{_EN_ADVERBS}(?:,?\s+(?:and\s+)?{_EN_ADVERBS})*\s+)?{_EN_VERBS}\b", re.IGNORECASE
)
_VI_VERBS = (
    "tập trung",
    "tiếp tục",
    "đẩy mạnh",
    "tăng cường",
    "chỉ đạo",
    "lãnh đạo",
    "triển khai",
    "nâng cao",
    "thực hiện",
    "hoàn thành",
    "hoàn thiện",
    "phấn đấu",
    "xây dựng",
    "rà soát",
    "kiểm tra",
    "đôn đốc",
    "quan tâm",
    "chú trọng",
    "phát triển",
    "đổi mới",
    "huy động",
    "khẩn trương",
    "quyết liệt",
    "tổ chức",
    "ban hành",
    "giải quyết",
    "bảo đảm",
    "đảm bảo",
    "thúc đẩy",
    "giao",
    "cải thiện",
    "duy trì",
    "hỗ trợ",
    "xử lý",
    "ưu tiên",
    "chủ động",
    "làm tốt",
    "phối hợp",
    "theo dõi",
    "nghiên cứu",
    "chuẩn bị",
    "củng cố",
    "kiện toàn",
    "sắp xếp",
    "hướng dẫn",
    "phát huy",
    "giữ vững",
    "kiên quyết",
    "thường xuyên",
    "tích cực",
    "khắc phục",
    "quản lý",
    "cụ thể hóa",
    "cụ thể hoá",
    "quán triệt",
    "tuyên truyền",
    "ngăn chặn",
    "đấu tranh",
    "mở rộng",
    "tranh thủ",
    "vận động",
    "đầu tư",
    "bố trí",
    "giải ngân",
    "kịp thời",
    "nghiêm túc",
    "sớm",
    "khai thác",
    "tháo gỡ",
    "rút ngắn",
    "giảm",
    "tăng",
    "kéo giảm",
    "nâng",
    "thu hút",
    "hoàn chỉnh",
    "bổ sung",
    "sửa đổi",
    "đề xuất",
    "tham mưu",
    "đánh giá",
    "sơ kết",
    "tổng kết",
    "kiểm soát",
    "phòng, chống",
    "phòng chống",
    "phòng ngừa",
    "cải tạo",
    "nâng cấp",
    "ứng dụng",
    "chuyển đổi",
    "khuyến khích",
    "tạo điều kiện",
    "đồng thời",
    "chăm lo",
    "thực hành",
    "lựa chọn",
    "chủ trì",
    "tiến hành",
    "hoàn tất",
    "bảo vệ",
    "xác định",
    "đa dạng hóa",
    "đa dạng hoá",
    "tổ chức thực hiện",
    "kiên trì",
    "mạnh dạn",
    "nắm chắc",
    "nắm bắt",
    "rà soát, sắp xếp",
    "đột phá",
    "nâng chất",
    "giám sát",
    "theo dõi, đôn đốc",
    "báo cáo",
    "chịu trách nhiệm",
    "có trách nhiệm",
)
_VI_VERB_ALTERNATION = "|".join(sorted((re.escape(verb) for verb in _VI_VERBS), key=len, reverse=True))
_VI_DIRECTIVE_START = re.compile(rf"^(?:{_VI_VERB_ALTERNATION})\b", re.IGNORECASE)
_VI_VERB_RUN = re.compile(rf"^(?:(?:{_VI_VERB_ALTERNATION})(?:,\s*|\s+(?:và\s+)?|$))+", re.IGNORECASE)

_MODAL = re.compile(
    r"\b(?:must|shall|should|need to|needs to|have to|has to|is required to|are required to|"
    r"is responsible for|are responsible for|is assigned to|are assigned to|is tasked with|are tasked with|"
    r"phải|cần|có trách nhiệm|chịu trách nhiệm|được giao)\b",
    re.IGNORECASE,
)
_REQUEST = re.compile(
    r"\b(?:I (?:would like to )?(?:request|suggest|propose|ask)(?: that)?|it is (?:suggested|requested|"
    r"proposed|recommended) that|(?:we|you) (?:must|need to|should)|đề nghị|yêu cầu|giao cho|giao)\b",
    re.IGNORECASE,
)
_NOT_DIRECTIVE = re.compile(
    r"^(?:source|nguồn|comment|bình luận|wishing|chúc|I believe|tôi tin|xin chân thành|thank|nơi nhận|"
    r"recipients|t/m|tm\.|k/t|kt\.)",
    re.IGNORECASE,
)
# The closing formula of a document: "Nghị quyết này đã được ... thông qua", "This Resolution takes effect".
_FORMULA = re.compile(
    r"^(?:nghị quyết|thông báo|quyết định|kế hoạch|chỉ thị|kết luận|this (?:resolution|decision|plan|"
    r"directive|conclusion|notice))(?: kết luận)? này\b.*\b(?:thông qua|hiệu lực|takes effect|adopted|"
    r"in force)\b",
    re.IGNORECASE,
)


def _is_formula(sentence: str) -> bool:
    """A signature line, a list of recipients or the adoption formula: never a task."""
    letters = [char for char in sentence if char.isalpha()]
    if letters and all(char.isupper() for char in letters):
        return True
    return bool(_NOT_DIRECTIVE.match(sentence) or _FORMULA.match(sentence))


def is_directive(sentence: str, lang: str) -> bool:
    """Whether a sentence reads as a directive: imperative verb first, a modal, or a request."""
    stripped = sentence.strip().lstrip("-+*•(").strip()
    if _is_formula(stripped):
        return False
    if lang == "vi" and _VI_DIRECTIVE_START.match(stripped):
        return True
    if _body_then_verb(stripped):
        return True
    if _EN_DIRECTIVE_START.match(stripped) or _VI_DIRECTIVE_START.match(stripped):
        return True
    return bool(_REQUEST.search(stripped) or _MODAL.search(_outside_brackets(stripped)))


# "Departments must complete ...", "The Ministry of Finance is asked to revise ...": a subject, then the duty.
_EN_SUBJECT_DUTY = re.compile(
    r"^[A-Z][^.;:!?]{2,80}?\s(?:must|should|need to|needs to|(?:is|are) (?:requested|asked|assigned|required|"
    r"tasked) to)\s"
)


def is_imperative(sentence: str) -> bool:
    """Whether a sentence opens with a directive verb, or with a body and then a directive verb ("Sở Y tế
    khẩn trương rà soát ..."): the strongest of the signs `is_directive` reads."""
    stripped = sentence.strip().lstrip("-+*•(").strip()
    if _is_formula(stripped) or len(stripped.split()) < 4:
        return False
    return bool(
        _VI_DIRECTIVE_START.match(stripped)
        or _EN_DIRECTIVE_START.match(stripped)
        or _COMMITMENT.match(stripped)
        or _EN_SUBJECT_DUTY.match(stripped)
        or _body_then_verb(stripped)
    )


# A directive verb inside a sentence, in lower case: capitalised, the same words belong to a name
# ("Sở Kế hoạch và Đầu tư", "Ban Tổ chức Tỉnh ủy", "Ủy ban Kiểm tra").
_VI_VERB_INSIDE = re.compile(rf"\s(?:{_VI_VERB_ALTERNATION})\b")


def _subject_before_verb(sentence: str) -> str | None:
    """'Văn phòng Tỉnh ủy theo dõi, đôn đốc ...': the body named first, before a directive verb; None
    when the sentence does not open with a body (an imperative opens with its verb)."""
    from .entities import names_a_body

    if _VI_DIRECTIVE_START.match(sentence):
        return None
    match = _VI_VERB_INSIDE.search(sentence[:200])
    if not match or match.start() == 0:
        return None
    subject = sentence[: match.start()]
    words = subject.split()
    if ";" in subject or len(words) > 30 or not subject[:1].isupper():
        return None
    return subject if names_a_body(" ".join(words[:8])) else None


def _body_then_verb(sentence: str) -> bool:
    """Whether a sentence opens with a body and then a directive verb."""
    return _subject_before_verb(sentence) is not None


def is_task_sentence(sentence: str, lang: str, segment: str) -> bool:
    """Whether a sentence of a task part is a task, given where in the part it sits."""
    stripped = sentence.strip()
    if stripped.startswith("(") or len(stripped.split()) < 4:
        return False  # a bracketed aside, or a fragment too short to stand alone
    if _is_formula(stripped):
        return False
    if segment == "body":
        return True
    return is_directive(stripped, lang)


def _outside_brackets(text: str) -> str:
    """The text with bracketed parts removed."""
    return re.sub(r"\([^()]*\)", " ", text)


# --- action verb ---------------------------------------------------------------------------------------

_EN_STOP = re.compile(
    r"\b(?:the|a|an|of|in|for|with|to the|on the|at|by|from|this|that|these|those|all|our|their|its|"
    r"and the|every|each|some|many)\b",
    re.IGNORECASE,
)


def action_verb(sentence: str, lang: str) -> str:
    """The leading verb phrase of a directive, as written ("Focus on leading and directing")."""
    text = sentence.strip().lstrip("-+*•").strip()
    if lang == "vi" or _VI_DIRECTIVE_START.match(text):
        run = _VI_VERB_RUN.match(text)
        if run:
            return run.group(0).strip().rstrip(",").strip()
        inside = _VI_VERB_INSIDE.search(text[:200])
        if inside:
            # "Sở Tài chính chủ trì tham mưu ...": the verbs after the body that does the work.
            run = _VI_VERB_RUN.match(text[inside.start() + 1 :])
            if run:
                return run.group(0).strip().rstrip(",").strip()
        modal = _MODAL.search(text)
        if modal:
            return " ".join(text[modal.start() :].split()[:3])
        return " ".join(text.split()[:2])
    start = 0
    if not _EN_DIRECTIVE_START.match(text):
        request = _REQUEST.search(text)
        modal = _MODAL.search(_outside_brackets(text))
        if request:
            start = request.end()
            rest = text[start:]
            verb = re.search(rf"\b(?:{_EN_ADVERBS}\s+)?{_EN_VERBS}\b", rest, re.IGNORECASE)
            if verb:
                start += verb.start()
        elif modal:
            start = text.find(modal.group(0))
    phrase = text[start:]
    if start and _MODAL.match(phrase):
        # "must pay more attention to ...": the modal and the words up to the object.
        stop = _EN_STOP.search(phrase, 1)
        return " ".join(phrase[: stop.start() if stop else len(phrase)].split()[:7]).rstrip(",.;:")
    # Verbs, adverbs, particles and "and" from the start: "Focus on leading and directing", "Continue to
    # study and plan", "Resolutely, synchronously and effectively implementing".
    kept: list[str] = []
    for word in re.findall(r"[\w'-]+,?", phrase):
        bare = word.rstrip(",")
        after_to = bool(kept) and kept[-1].casefold() == "to" and bare.islower()  # "Strive to collect"
        if (
            _VERB_WORD.fullmatch(bare)
            or after_to
            or bare.casefold() in _VERB_PHRASE_WORDS
            or (bare.casefold().endswith("ing") and len(bare) > 5)
        ):
            kept.append(word)
            if word.endswith(",") and not re.match(rf"(?:and|{_EN_ADVERBS})$", bare, re.IGNORECASE):
                break
        else:
            break
    while kept and kept[-1].rstrip(",").casefold() in ("and", "or"):
        kept.pop()
    if not kept:
        return " ".join(phrase.split()[:2]).rstrip(",.;:")
    return " ".join(kept[:8]).rstrip(",.;:")


_VERB_WORD = re.compile(
    rf"{_EN_ADVERBS}|{_EN_VERBS}|plan|study|innovate|review|pay|paying|carry|carrying|speed|speeding|determine",
    re.IGNORECASE,
)
_VERB_PHRASE_WORDS = {"and", "to", "on", "up", "well", "attention", "more", "out", "or"}


# --- responsible bodies --------------------------------------------------------------------------------

_GROUP_NOUNS = (
    r"(?:party committees|party organi[sz]ations|agencies|units|localities|sectors|branches|departments|"
    r"districts|towns|cities|communes|wards|organi[sz]ations|mass organi[sz]ations|socio-political "
    r"organi[sz]ations|all levels|provincial level|the province|enterprises|"
    r"các cấp ủy|cấp ủy|tổ chức đảng|các sở|sở|ban|ngành|địa phương|các huyện|huyện|thị xã|thành phố|"
    r"các xã|xã|phường|thị trấn|cơ quan|đơn vị|mặt trận|đoàn thể)"
)
_GROUP_NOUN = re.compile(rf"\b{_GROUP_NOUNS}\b", re.IGNORECASE)
_VI_LEAD = re.compile(r"\(([^()]{3,80}?)\s+(?:chủ trì|thực hiện|phụ trách)[^()]*\)")
# The verb after the bodies is in lower case: capitalised, it belongs to a name ("Ban Quản lý").
_VI_ASSIGN = re.compile(
    rf"\b(?i:giao|đề nghị|yêu cầu|chỉ đạo)\s+([^.;:]{{3,120}}?)\s+(?:có trách nhiệm|{_VI_VERB_ALTERNATION})\b"
)
_EN_REQUEST_SUBJECT = re.compile(
    r"\b(?:request|requests|suggest|ask|assign|assigns)(?: that)?\s+(.{3,200}?)\s+(?:to\s+)?"
    rf"(?:{_EN_ADVERBS}\s+)?(?:promote|focus|implement|continue|strengthen|urgently|proactively|direct|"
    r"review|develop|take|carry|coordinate|ensure|organi[sz]e|study|prepare|complete|lead)\b"
    # "request the Department of Finance to inspect ...": any verb after "to".
    rf"|\b(?:request|requests|ask|asks|assign|assigns)\s+(.{{3,200}}?)\s+to\s+(?:{_EN_ADVERBS}\s+)?"
    r"(?!the\b|all\b|each\b|every\b)[a-z]{3,}\b",
    re.IGNORECASE,
)
_EN_SUBJECT_MODAL = re.compile(
    r"^(.{3,200}?)\s+(?:must|shall|need to|needs to|is responsible for|are responsible "
    r"for|is assigned to|are assigned to)\b",
    re.IGNORECASE,
)
_EN_LEAD = re.compile(
    r"\(([^()]{3,80}?)\s+(?:to lead|in charge|leads|presides|shall lead)[^()]*\)", re.IGNORECASE
)
_SPIRIT_SUBJECT = re.compile(
    r"\(in the spirit that\s+([^();]{3,80}?)\s+must\b[^();]*(?:;\s*([^();]{3,60}?)\s+is\s+[^();]*)?\)",
    re.IGNORECASE,
)


_LIST_SEPARATOR = re.compile(r",\s*|\s+and\s+|\s+và\s+|\s+or\s+")
_LIST_LEAD = re.compile(r"\s*(?:(?:and|or|the|all the|các|những)\s+)*", re.IGNORECASE)


def _split_bodies(phrase: str) -> list[str]:
    """'A, B and C' -> ['A', 'B', 'C'], without leading articles and 'especially'.

    A comma or "and"/"và" inside one body's name does not split it ("Sở Văn hóa, Thể thao và Du lịch",
    "Ministry of Planning and Investment"); after the name, the next one starts ("... và Ủy ban nhân
    dân tỉnh", "... and the Ministry of Finance").
    """
    phrase = re.sub(
        r"\b(?:especially|particularly|including|nhất là|đặc biệt là)\b", ",", phrase, flags=re.IGNORECASE
    )
    parts = []
    position = 0
    while position < len(phrase):
        lead = _LIST_LEAD.match(phrase, position)
        name_end = body_name_end(phrase, lead.end()) or position
        separator = _LIST_SEPARATOR.search(phrase, max(position, name_end))
        if separator is None:
            parts.append(phrase[position:])
            break
        parts.append(phrase[position : separator.start()])
        position = separator.end()
    bodies = []
    for part in parts:
        part = re.sub(r"^(?:and|or|the|all the|các|những)\s+", "", part.strip(), flags=re.IGNORECASE)
        part = re.sub(r"^(?:the|all the)\s+", "", part, flags=re.IGNORECASE).strip(" .")
        # "activities of the Fatherland Front": the body is what the activities are of.
        of_body = re.search(r"\bof (?:the )?([A-Z].*)$", part)
        if of_body and not re.match(
            r"(?:Department|Division|Ministry|Office|Committee|Council|Board)\b", part
        ):
            part = of_body.group(1)
        whole_name = body_name_end(part, 0) == len(part)
        if part and (len(part.split()) <= 8 or whole_name) and part.casefold() not in ("etc", "v.v"):
            bodies.append(part)
    return bodies


def responsible_bodies(sentence: str, lang: str, is_body: Callable[[str], bool]) -> list[str]:
    """Bodies named as doing the work: a leading-body parenthetical, an assignment, a subject with a modal.

    `is_body(phrase)` tells whether a phrase names a body (an organisation or a locality); collective
    nouns ("districts", "các sở, ban, ngành") count too.
    """
    found: list[str] = []
    for pattern in (_VI_LEAD, _EN_LEAD):
        for match in pattern.finditer(sentence):
            found.extend(_split_bodies(match.group(1)))
    for match in _SPIRIT_SUBJECT.finditer(sentence):
        found.extend(_split_bodies(match.group(1)))
        if match.group(2):
            found.extend(_split_bodies(match.group(2)))
    for pattern in (_VI_ASSIGN, _EN_REQUEST_SUBJECT):
        match = pattern.search(sentence)
        if match:
            found.extend(_split_bodies(next(group for group in match.groups() if group)))
    if not found:
        match = _EN_SUBJECT_MODAL.match(_outside_brackets(sentence).strip())
        if match:
            candidates = _split_bodies(match.group(1))
            found.extend(candidate for candidate in candidates if is_body(candidate))
    if not found:
        # "UBND các xã, thị trấn khẩn trương rà soát ...": the body named before the verb does the work,
        # in any ';'-clause ("Nâng cao chất lượng khám bệnh; Sở Y tế bảo đảm đủ thuốc").
        for clause in re.split(r";\s*", _outside_brackets(sentence)):
            subject = _subject_before_verb(clause.strip())
            if subject:
                found.extend(_split_bodies(re.sub(r"^(?:-|\+|\*|•)\s*", "", subject).strip()))
    result = []
    for body in found:
        if re.search(r"\b(?:đồng chí|comrades?)\b", body, re.IGNORECASE):
            continue  # people, not bodies
        if (is_body(body) or _GROUP_NOUN.search(body)) and (body not in result):
            result.append(body)
    return result


# --- indicators and topics -----------------------------------------------------------------------------

_EN_LEADING_VERBS = re.compile(
    rf"^(?:(?:by the end of \d{{4}}|in \d{{4}}|it is expected that|expected|of which|especially|"
    rf"in particular|strive to|striving to|determined to|determine to|to|and)\s*,?\s*)*"
    rf"(?:{_EN_ADVERBS}\s+)*(?:{_EN_VERBS}|grow|growing|eliminate|keep|raise|bring|cut)?\b\s*",
    re.IGNORECASE,
)
_EN_INDICATOR_TAIL = re.compile(
    r"\s+(?:to (?:below|under|above|over|at least|at most|about|reach|be|\d)|will|is|are|was|were|has|have|"
    r"by|reached|reach|reaches|reaching|achieved|at|of about|from \d|up|down|increased|decreased|"
    r"lower|higher|"
    r"grew|grows|rose|rises|fell|falls|met|meets|stood|stands|totalled|totaled|amounted|remained|maintained|"
    r"below|above|over|exceed|exceeded|accounting|approximately|about|more than|less than|\()\b.*$",
    re.IGNORECASE,
)
_VI_INDICATOR_TAIL = re.compile(
    r"(?:\s|,|\b(?:đạt|tăng|giảm|còn|trên|dưới|từ|ở mức|bằng|không quá|tối thiểu|tối đa|ít nhất|khoảng|"
    r"xuống|lên|là|có|không thấp hơn|không cao hơn|thấp hơn|cao hơn|không dưới|hơn|mới|chỉ|ước|dự kiến|"
    r"phấn đấu|bình quân|mỗi năm|hằng năm|hàng năm|thêm)\b)+$",
    re.IGNORECASE,
)
_VI_INDICATOR_HEAD = re.compile(
    r"^(?:phấn đấu|đến (?:cuối )?năm \d{4},?|năm \d{4},?|trong năm \d{4},?|bảo đảm|đảm bảo|giữ vững|"
    r"duy trì|trong đó|có)\s+",
    re.IGNORECASE,
)


_PLAN_LINK = re.compile(r"(?:of (?:the )?(?:plan|estimate|target)|kế hoạch|dự toán|so với)\b", re.IGNORECASE)
_AFTER_STOP = re.compile(
    r",|;|\(|\s(?:is|are|was|were|has|have|had|met|meet|meets|will|còn|đã|được|đạt|trong năm|by|before|"
    r"in \d)\s"
)


def indicator_of(
    fragment: str, quantity_start: int | None, lang: str, quantity_end: int | None = None
) -> str:
    """A short noun phrase naming what a fragment measures (the verb and the number stripped).

    The subject before the figure when there is one ("the poverty rate of the district" to below 3%);
    otherwise what the figure counts, after it ("completed 420 houses for poor households"). Empty when
    the fragment names nothing of its own ("equal to 108% of the estimate").
    """
    text = fragment.strip()
    if quantity_start is not None and 0 <= quantity_start <= len(text):
        before = text[:quantity_start].strip()
    else:
        before = text
    before = before.split(",")[0] if "," in before and not before.rstrip().endswith(",") else before
    if lang == "vi":
        phrase = _VI_INDICATOR_TAIL.sub("", before)
        phrase = _VI_INDICATOR_HEAD.sub("", phrase)
        phrase = re.sub(r"^(?:đã|được|sẽ|đang)\s+", "", phrase.strip(), flags=re.IGNORECASE)
        if _VI_VERB_RUN.fullmatch(phrase + " ") or not phrase:
            phrase = ""  # only a verb ("hoàn thành"): nothing named before the figure
    else:
        phrase = _EN_LEADING_VERBS.sub("", before, count=1)
        phrase = re.sub(r"^(?:the|a|an)\s+", "", phrase, flags=re.IGNORECASE)
        phrase = _EN_INDICATOR_TAIL.sub("", phrase)
        if re.fullmatch(
            r"(?:[\w'-]+ )?[\w'-]+ed|[\w'-]+ing|equal|equal to|of which|accounting for", phrase.strip()
        ):
            phrase = ""  # only a verb ("district completed") or a link ("equal to"): nothing named
    if not phrase.split() and quantity_start is not None:
        # The figure comes first, or after a bare verb: name what it counts, as written after it.
        after = re.sub(r"^[\d.,/%\s]+", "", text[quantity_start:])
        if _PLAN_LINK.match(after):
            return ""  # "108% of the estimate": a share of a plan, named by the figure before it
        after = re.sub(r"^(?:of|trong số)\s+", "", after)
        phrase = _AFTER_STOP.split(after)[0]
    return _tidy(phrase)


def _tidy(phrase: str) -> str:
    """Trim punctuation and cap a phrase at twelve words."""
    words = phrase.strip(" ,;:.()").split()
    return " ".join(words[:12]).strip(" ,;:.(")


def topic_of(sentence: str, lang: str) -> str:
    """A short noun phrase naming what a shortcoming is about (the subject of its first sentence)."""
    text = _outside_brackets(sentence).strip()
    if lang == "vi":
        cut = re.search(
            r"\s(?:còn|chưa|vẫn|chậm|không|thiếu|gặp|có lúc|có nơi|bị|đạt thấp|thấp|hạn chế|khó khăn)\b", text
        )
    else:
        cut = re.search(
            r"\s(?:is|are|was|were|has|have|had|still|remain|remains|tend|tends|face|faces|faced|"
            r"did not|does not|do not|not|lacks?|been)\b",
            text,
        )
    phrase = text[: cut.start()] if cut and cut.start() > 0 else text
    phrase = re.sub(
        r"^(?:there (?:are|is) still|there are|there is|the work of|công tác)\s+",
        "",
        phrase,
        flags=re.IGNORECASE,
    )
    return _tidy(phrase)


_REDUCE = re.compile(
    r"\b(?:reduc(?:e|ing)|lower(?:ing)?|decreas(?:e|ing)|cut(?:ting)? down|curb(?:ing)?|kéo giảm|giảm)\s+"
    r"(?:the\s+)?(?:rate|number|ratio|proportion|incidence|tỷ lệ|số)\b",
    re.IGNORECASE,
)


def directional_reduction(fragment: str) -> re.Match | None:
    """'reducing the rate of crime', 'kéo giảm tỷ lệ ...' - a reduction target without a number."""
    return _REDUCE.search(fragment)


_COMMITMENT = re.compile(
    r"\b(?:strive|striving|aim|aiming|target|targets|reach|reaches|reaching|achieve|achieves|achieving|"
    r"at least|at most|or more|or higher|or less|lower than|higher than|không thấp hơn|không cao hơn|"
    r"no (?:less|more) than|by the end of|ensure|ensuring|determined to|to (?:below|under|above|over)|"
    r"grow|growth|increase|increasing|reduce|reducing|lower|raise|raising|eliminate|eliminating|maintain|"
    r"keep|bring|complete|completing|below|above|over|under|exceed|more than|phấn đấu|đạt|bảo đảm|"
    r"đảm bảo|tăng|giảm|trên|dưới|tối thiểu|ít nhất|không quá|không dưới|trở lên|hoàn thành|xóa|xoá|"
    r"duy trì|giữ|nâng|kéo giảm|đến năm|đến cuối|mỗi năm|bình quân|chiếm|plant|planting|build|building|"
    r"construct|train|training|create|creating|attract|attracting|welcome|disburse|disbursing|collect|"
    r"trồng|xây dựng mới|đào tạo|tạo việc làm|thu hút|đón|giải ngân|thu)\b",
    re.IGNORECASE,
)


def is_commitment(fragment: str) -> bool:
    """Whether a number-bearing fragment of a forward-looking part reads as a commitment."""
    return bool(_COMMITMENT.search(fragment))


def opens_with_verb(text: str) -> bool:
    """Whether a piece of a sentence opens with a directive or commitment verb ("phấn đấu", "ensure",
    "nâng cao"): it is then a clause of its own, not the tail of a list of nouns before it."""
    stripped = text.strip()
    return bool(
        _VI_DIRECTIVE_START.match(stripped)
        or _EN_DIRECTIVE_START.match(stripped)
        or _COMMITMENT.match(stripped)
    )


_APPOSITION = re.compile(
    r"^\s*(?:including|especially|particularly|in particular|of which|among them|such as|"
    r"trong đó|nhất là|đặc biệt là|kể cả|bao gồm|gồm|như)\b",
    re.IGNORECASE,
)


def is_apposition(text: str) -> bool:
    """Whether a comma piece is an aside inside a noun phrase ("including poor households", "trong đó
    ..."): what follows it goes on with the phrase before it."""
    return bool(_APPOSITION.match(text))


_EXPECTATION = re.compile(
    r"\b(?:expected|estimated|projected|forecast|ước đạt|ước tính|ước|dự kiến|dự ước)\b", re.IGNORECASE
)


def expectation_word(text: str) -> str | None:
    """'expected' (or its like) when a result is an estimate, as the qualifier."""
    match = _EXPECTATION.search(text)
    if not match:
        return None
    word = match.group(0)
    return "expected" if word.casefold() in ("expected", "dự kiến") and word.isascii() else word
