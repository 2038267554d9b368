"""The privacy check: personal data in record text, reported by kind and place, never by value.

Records describe children's cases, and whatever is committed stays in every clone for good.
Case reviews call a child "Child A" or use initials; this check looks through every text value
of every file that parses (a record with other errors too) for what should never be there:

- `privacy-nhs-number`: 10 digits passing the NHS mod-11 check, spaced 3-3-4 or near "NHS";
- `privacy-upn`: a Unique Pupil Number (13 characters passing its check letter);
- `privacy-date-of-birth`: a date of birth keyword (DOB, born, date of birth) then a date;
- `privacy-child-name`: a child or family word then a capitalised first and last name
  ("child Jane Smith"; "Child A", "Baby C" and initials such as "GS" are the safe forms);
- `privacy-postcode`: a full UK postcode (outward and inward parts);
- `privacy-phone`: a UK mobile or landline number (07, 01, 02 or +44...) of 10 or 11 digits;
- `privacy-ni-number`: a National Insurance number;
- `privacy-address`: a house number, a name and a street word (Road, Street, Lane...);
- `privacy-email`: a personal e-mail address: any at a personal mail provider (gmail.com,
  hotmail.co.uk...), or a first.last-shaped one at any other domain; team and role mailboxes
  (safeguarding@, lscb.business@) are not personal.

A problem names the file, line, column (of the match itself where the source allows) and the
kind, never the value. A reviewed exception is a comment, `# assure: allow <code>`, on the
value's line or its key's line, or on a comment line just above: the value is never stored.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from stdnum.gb import nhs, upn

from assurance_cli.io.yaml_reader import Document, Position
from assurance_cli.model.validation import dotted
from assurance_cli.problems import FieldPath, Problem, error


@dataclass(frozen=True, order=True)
class Detection:
    """Personal data of one kind at [start, end) of a text value."""

    start: int
    end: int
    code: str


Detector = Callable[[str], Iterator[Detection]]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Each detector first looks for a cheap sign of its kind (a pattern opening with a plain
# character class, which the regex engine skips to quickly, or a substring test) and stops at
# once without one: the check reads every text value, and most hold nothing of these shapes.

# --- NHS number -------------------------------------------------------------------------------

_NHS_SIGN = re.compile(r"\d{3}[ -]?\d{3}[ -]?\d{4}")
_NHS_SPACED = re.compile(r"(?<![\w-])\d{3}[ -]\d{3}[ -]\d{4}(?![\w-])")
_TEN_DIGITS = re.compile(r"(?<![\w-])\d{10}(?![\w-])")
_NHS_WORD = re.compile(r"\bNHS\b", re.IGNORECASE)
_NHS_NEAR = 30  # characters either side of an unspaced number in which "NHS" makes it one


def find_nhs_numbers(text: str) -> Iterator[Detection]:
    if not _NHS_SIGN.search(text):
        return
    for found in _NHS_SPACED.finditer(text):
        if nhs.is_valid(found.group()):
            yield Detection(found.start(), found.end(), "privacy-nhs-number")
    for found in _TEN_DIGITS.finditer(text):
        near = text[max(0, found.start() - _NHS_NEAR) : found.end() + _NHS_NEAR]
        if nhs.is_valid(found.group()) and _NHS_WORD.search(near):
            yield Detection(found.start(), found.end(), "privacy-nhs-number")


# --- Unique Pupil Number ----------------------------------------------------------------------

_UPN_SIGN = re.compile(r"\d{11}")
_UPN = re.compile(r"(?<![\w-])[A-HJ-NP-RT-Z]\d{11}[0-9A-HJ-NP-RT-Z](?![\w-])")


def find_pupil_numbers(text: str) -> Iterator[Detection]:
    if not _UPN_SIGN.search(text):
        return
    for found in _UPN.finditer(text):
        if upn.is_valid(found.group()):
            yield Detection(found.start(), found.end(), "privacy-upn")


# --- date of birth ----------------------------------------------------------------------------

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:[0-2]?\d|3[01])(?:st|nd|rd|th)?"
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})(?!\d)"
    r"|\d{4}-\d{2}-\d{2}(?!\d)"
    rf"|{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?\b"
    rf"|{_MONTH}\s+{_DAY}(?:,?\s+\d{{4}})?\b)"
)
# A keyword, a few words of filler ("DOB:", "born on the"), then a date.
_DOB = re.compile(
    r"\b(?:d\.?o\.?b\b\.?|date\s+of\s+birth|birth\s*date|born)"
    r"(?:[\s:;,.()-]{0,3}(?:is|was|on|of|the|:))*?[\s:;,.()-]{0,3}"
    rf"(?P<date>{_DATE})",
    re.IGNORECASE,
)


def find_dates_of_birth(text: str) -> Iterator[Detection]:
    lower = text.lower()
    if "born" not in lower and "birth" not in lower and "dob" not in lower.replace(".", ""):
        return
    for found in _DOB.finditer(text):
        yield Detection(found.start("date"), found.end("date"), "privacy-date-of-birth")


# --- a child's (or family member's) full name -------------------------------------------------

_NAME = r"[A-Z](?:[a-z]+(?:[A-Z][a-z]+)?|['’][A-Z][a-z]+)(?:-[A-Z][a-z]+)?"
_NAME_PAIR = re.compile(rf"(?P<first>{_NAME})\s+(?P<last>{_NAME})(?![\w'’-])")
_FAMILY_BEFORE = re.compile(
    r"(?<![\w-])(?:child|baby|infant|toddler|son|daughter|boy|girl|twin|brother|sister"
    r"|sibling|(?:half|step)-?(?:brother|sister|mother|father|son|daughter)|mother|father|mum"
    r"|mom|dad|parent|grandmother|grandfather|grandparent|grandma|grandad|granddad|nan|aunt"
    r"|auntie|uncle|cousin|nephew|niece|carer|guardian|pupil|teenager|young\s+person|victim)"
    r"(?:\s*[,:]\s*|\s+(?:named\s+|called\s+|known\s+as\s+)?)\Z",
    re.IGNORECASE,
)
_FAMILY_REACH = 40  # characters before a name in which to look for the family word
# Capitalised words that follow a family word in the names of services, roles, offences and
# programmes ("Child Sexual Exploitation", "Parent Carer Forum", "Guardian Ad Litem"), or that
# start a sentence after a colon ("child: The Review"): never a first or last name.
_NOT_A_NAME = _words(
    """
    a abuse academy act action ad advocacy advocate after all also an and any are as
    assessment association at be board box but by care carer carers case centre centres
    champion chair charity child children clinic college commissioner community conference
    coordinator council court criminal day death deaths designated development director
    doctor during each early education every exploitation family first following for forum
    foundation framework friendly from group guardian guidance had has have he head health
    help her his home hospital house hub if in information into is it its lead liaison
    litem looked manager mental minding missing named need needs neglect network new no
    not nurse nursery nursing of office officer on online or our overview panel parent
    partnership pathway plan plans policy poverty practice practitioner procedure
    procedures programme project protection protocol psychology referral report review
    reviews safeguarding scheme school service services sexual she social society some
    standard standards strategy support surgery teacher team that the their these they
    this those to trafficking trust unit voice was we welfare were when where which who
    with worker workers
    """
)


def find_child_names(text: str) -> Iterator[Detection]:
    """Capitalised pairs first (fast to find), then the family word just before each."""
    position = 0
    while found := _NAME_PAIR.search(text, position):
        position = found.end("first")  # pairs overlap: "Child Jane Smith" holds "Jane Smith"
        start = found.start()
        if start and (text[start - 1].isalnum() or text[start - 1] in "'’-"):
            continue  # the middle of a word, as in McDonald
        words = (found.group("first").lower(), found.group("last").lower())
        if any(word in _NOT_A_NAME for word in words):
            continue
        if _FAMILY_BEFORE.search(text, max(0, start - _FAMILY_REACH), start):
            yield Detection(start, found.end("last"), "privacy-child-name")


# --- postcode, phone, NI number ---------------------------------------------------------------

_POSTCODE_SIGN = re.compile(r"\d[A-Z]{2}")
_POSTCODE = re.compile(
    r"(?<![\w-])(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-HJKPSTUW\d]? ?\d[ABD-HJLNP-UW-Z]{2})(?![\w-])"
)
_PHONE_SIGN = re.compile(r"[0+]")
_PHONE = re.compile(
    r"(?<![\w+/.-])"
    # mobiles (07) and landlines (01, 02) only: 03, 05 and 08 numbers are organisations'
    r"(?:\+44\s?(?:\(0\)\s?)?[127]|\(0[127]|0[127])"
    r"[\d)]{1,4}(?:[ -]?\d{2,4}){1,3}"
    r"(?![\w/.-]?\d)"
)
_NI_SIGN = re.compile(r"\d\d ?\d\d ?\d\d ?[A-D]")
_NI_NUMBER = re.compile(
    r"(?<![\w-])(?!BG|GB|NK|KN|TN|NT|ZZ)"
    r"(?:[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]|QQ)"  # QQ: HMRC's specimen prefix, as fixtures use
    r" ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![\w-])"
)


def find_postcodes(text: str) -> Iterator[Detection]:
    if not _POSTCODE_SIGN.search(text):
        return
    for found in _POSTCODE.finditer(text):
        yield Detection(found.start(), found.end(), "privacy-postcode")


def find_phone_numbers(text: str) -> Iterator[Detection]:
    if not _PHONE_SIGN.search(text):
        return
    for found in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", found.group())
        national = "0" + digits[2:] if found.group().startswith("+") else digits
        if national.startswith("00"):  # +44 (0)...: the trunk 0 written as well
            national = national[1:]
        if len(national) in (10, 11):
            yield Detection(found.start(), found.end(), "privacy-phone")


def find_ni_numbers(text: str) -> Iterator[Detection]:
    if not _NI_SIGN.search(text):
        return
    for found in _NI_NUMBER.finditer(text):
        yield Detection(found.start(), found.end(), "privacy-ni-number")


# --- street address ---------------------------------------------------------------------------

_ADDRESS_SIGN = re.compile(r"\d[A-Za-z]?,?\s+[A-Z]")  # 12, 12a or 12a, then a capital
_ADDRESS = re.compile(
    r"(?<![\w/.-])\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][a-z]+(?:['’-][A-Za-z]+)?\s+){1,3}"
    r"(?:Road|Street|Avenue|Lane|Drive|Close|Crescent|Grove|Gardens|Terrace|Mews|Way|Rd|Ave)"
    r"(?![\w-])"
)


def find_addresses(text: str) -> Iterator[Detection]:
    if not _ADDRESS_SIGN.search(text):
        return
    for found in _ADDRESS.finditer(text):
        yield Detection(found.start(), found.end(), "privacy-address")


# --- personal e-mail address ------------------------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.%+-])(?P<local>[\w.%+-]+)@(?P<domain>[\w-]+(?:\.[\w-]+)+)")
_PERSONAL_MAIL_DOMAINS = _words(
    """
    gmail.com googlemail.com hotmail.com hotmail.co.uk outlook.com outlook.co.uk live.com
    live.co.uk msn.com yahoo.com yahoo.co.uk ymail.com aol.com aol.co.uk icloud.com me.com
    mac.com btinternet.com btopenworld.com sky.com talktalk.net virginmedia.com ntlworld.com
    blueyonder.co.uk tiscali.co.uk protonmail.com proton.me gmx.com gmx.co.uk mail.com zoho.com
    """
)
# Local parts shaped like a person's name: jane.smith, j.smith, jane-smith, jane_smith2.
_NAME_SHAPED_LOCAL = re.compile(r"[a-z]+(?:[._-][a-z]+){1,2}\d*")
# Words that make a dotted mailbox a team's or a role's (lscb.business@, childrens.services@).
_ROLE_WORDS = _words(
    """
    admin administration assurance board business care central chair children childrens
    comms communications contact council data development duty early education enquiries
    enquiry family general health help helpdesk hub info intelligence lado learning lscb
    main manager mash media news no noreply office officer partnership performance police
    quality referral referrals reply reception safeguarding scb school schools secretariat
    service services social sscb support team training unit
    """
)


def find_personal_emails(text: str) -> Iterator[Detection]:
    if "@" not in text:
        return
    for found in _EMAIL.finditer(text):
        if _is_personal_email(found.group("local").lower(), found.group("domain").lower()):
            yield Detection(found.start(), found.end(), "privacy-email")


def _is_personal_email(local: str, domain: str) -> bool:
    if domain in _PERSONAL_MAIL_DOMAINS:
        return True
    if not _NAME_SHAPED_LOCAL.fullmatch(local):
        return False
    return not any(part in _ROLE_WORDS for part in re.split(r"[._-]", local.rstrip("0123456789")))


# --- the check --------------------------------------------------------------------------------

# In priority order: where two kinds claim the same characters, the first one is reported.
DETECTORS: tuple[Detector, ...] = (
    find_nhs_numbers,
    find_pupil_numbers,
    find_ni_numbers,
    find_dates_of_birth,
    find_personal_emails,
    find_phone_numbers,
    find_postcodes,
    find_addresses,
    find_child_names,
)

KINDS: dict[str, str] = {
    "privacy-nhs-number": "an NHS number",
    "privacy-upn": "a Unique Pupil Number",
    "privacy-date-of-birth": "a date of birth",
    "privacy-child-name": "a child's or family member's full name",
    "privacy-postcode": "a full postcode",
    "privacy-phone": "a phone number",
    "privacy-ni-number": "a National Insurance number",
    "privacy-address": "a street address",
    "privacy-email": "a personal e-mail address",
}


# Every kind but a name and a date of birth shows one of these shapes, each a necessary part
# of its detector's pattern: three and three digits not glued to a word or id (NHS number);
# eleven digits (pupil number); a phone number's start (+44, 01, 02, 07, after no word
# character); an NI number's digits and letter; a digit then a capital (postcode, house
# number); an `@` (e-mail). Text with none of them (a usual record: ids such as audit-000004,
# ISO dates, prose) skips those seven detectors. A property test holds detections to it.
_SHORTEST = 6  # "M1 1AE"
_DIGIT_SIGNS = re.compile(
    # Every branch opens with a digit or a literal, and each lookbehind comes after that
    # first character, so the regex engine can skip ahead to candidates: it scans every file.
    r"""
      \d (?:
            (?<![\w-]\d) \d\d [ -]? \d{3}     # NHS: 3 and 3 digits, not glued to a word or id
          | \d{10}                           # pupil number: 11 digits
          | \d [ ]? \d\d [ ]? \d\d [ ]? [A-D]  # NI number: digits then its letter
          | [A-Za-z]? ,? \s* [A-Z]           # postcode or house number: digit then capital
          )
    | \+ (?<![\w+/.-]\+) 44                 # phone: +44, 01, 02 or 07, after no word character
    | \( (?<![\w+/.-]\() 0[127]
    | 0 (?<![\w+/.-]0) [127]
    | @                                     # e-mail
    """,
    re.VERBOSE,
)
_WITHOUT_DIGIT_SIGNS: tuple[Detector, ...] = (find_dates_of_birth, find_child_names)


def find_personal_data(text: str) -> list[Detection]:
    """Every piece of personal data in one text value, in order; overlaps resolved by
    DETECTORS order. Pure: the building block of the check, and of its tests."""
    if len(text) < _SHORTEST:
        return []
    detectors = DETECTORS if _DIGIT_SIGNS.search(text) else _WITHOUT_DIGIT_SIGNS
    kept: list[Detection] = []  # in order and never overlapping, so neighbours suffice
    for detector in detectors:
        for detection in detector(text):
            at = bisect.bisect_left(kept, detection)
            if at > 0 and kept[at - 1].end > detection.start:
                continue
            if at < len(kept) and kept[at].start < detection.end:
                continue
            kept.insert(at, detection)
    return kept


def may_hold_personal_data(data: Any) -> bool:
    """Whether any text value of a record might hold personal data: one pass of each detector
    over all the values at once (a separator line apart), so that the common clean file costs
    little. A match may straddle two values; `check_file` then looks value by value."""
    texts: list[str] = []
    _collect_texts(data, texts)
    # "\n|\n" rather than a blank line: whitespace alone would let a digit ending one value
    # and a capital starting the next look like a house number to the quick sign.
    return bool(find_personal_data("\n|\n".join(texts)))


def _collect_texts(node: Any, texts: list[str]) -> None:
    """Every text value, without its path (the quick pass needs none). Recursive: the
    reader has already refused anything nested deeper than yamlio.MAX_DEPTH."""
    if isinstance(node, str):
        texts.append(node)
    elif isinstance(node, dict):
        for child in node.values():
            _collect_texts(child, texts)
    elif isinstance(node, list):
        for child in node:
            _collect_texts(child, texts)


def check_file(rel: str, document: Document) -> Iterator[Problem]:
    """Personal data in one parsed file (with positions), less the reviewed exceptions."""
    for path, value in _text_values(document.data):
        cursor = None
        for detection in find_personal_data(value):
            where, cursor = _locate(document, path, value, detection, cursor)
            if not _allowed(document, path, where, detection.code):
                yield error(
                    rel,
                    where.line,
                    where.col,
                    detection.code,
                    _message(path, detection.code),
                )


def _message(path: FieldPath, code: str) -> str:
    fix = "write initials or 'Child A' instead" if code == "privacy-child-name" else "remove it"
    return (
        f"field '{dotted(path)}' may hold {KINDS[code]} (value not shown): {fix}, "
        f"or once reviewed put `# assure: allow {code}` on the line above the field"
    )


def _text_values(data: Any) -> Iterator[tuple[FieldPath, str]]:
    """Every text value with its path, in file order (iterative: no recursion limit)."""
    stack: list[tuple[FieldPath, Any]] = [((), data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, str):
            yield path, node
        elif isinstance(node, dict):
            stack.extend(((*path, key), child) for key, child in reversed(node.items()))
        elif isinstance(node, list):
            stack.extend(((*path, n), child) for n, child in reversed(list(enumerate(node))))


def _locate(
    document: Document, path: FieldPath, value: str, detection: Detection, cursor: int | None
) -> tuple[Position, int | None]:
    """Where the detected text stands in the file: found in the value's source text (across a
    folded line break too), else the start of the value. Returns the position and where the
    next search in the same value starts."""
    span = document.positions.spans.get(path)
    words = value[detection.start : detection.end].split()
    if span is None or not words:
        return document.positions.of_value(path), cursor
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
    found = pattern.search(document.text, cursor if cursor is not None else span[0], span[1])
    if found is None:
        return document.positions.of_value(path), cursor
    return document.position_at(found.start()), found.end()


def _allowed(document: Document, path: FieldPath, where: Position, code: str) -> bool:
    """A reviewed exception on the match's line, the value's first line or its key's line."""
    positions = document.positions
    lines = {where.line, positions.of_value(path).line, positions.of_key(path).line}
    return any(code in document.allowances.get(line, ()) for line in lines)
