"""The privacy check: personal data in record text, reported by kind and place, never by value.

Records describe children's cases, and whatever is committed stays in every clone for good.
Case reviews call a child "Child A" or use initials; this check looks through every text value
and every comment of every file that parses (a record with other errors too) for what should
never be there:

- `privacy-nhs-number`: 10 digits passing the NHS mod-11 check, spaced 3-3-4 or near "NHS",
  or a whole number (a figure's value) passing it;
- `privacy-upn`: a Unique Pupil Number (13 characters passing its check letter);
- `privacy-date-of-birth`: a date of birth keyword (DOB, born, date of birth) then a date;
- `privacy-child-name`: a first and last name, capitalised or in capitals, with a child or
  family word before it ("child Jane Smith"), a family role after it ("Ms Jane Smith (mum)")
  or an age after it ("Tom Brown, aged 7"); or in lower case after a child word ("the child
  tom brown"). "Child A", "Baby C" and initials such as "GS" are the safe forms;
- `privacy-postcode`: a full UK postcode (outward and inward parts; in lower case spaced);
- `privacy-phone`: a UK mobile or landline number (07, 01, 02 or +44...) of 10 or 11 digits,
  spaced with spaces, hyphens or dots;
- `privacy-ni-number`: a National Insurance number;
- `privacy-address`: a house number, a name and a street word (Road, Street, Lane...);
- `privacy-email`: a personal e-mail address: any at a personal mail provider (gmail.com,
  hotmail.co.uk...), or a first.last-shaped one at any other domain; team and role mailboxes
  (safeguarding@, lscb.business@) are not personal.

A problem names the file, line, column (of the match itself where the source allows) and the
kind, never the value. A reviewed exception is a comment, `# assure: allow <code>`, on the
value's line or its key's line, or on a comment line just above: the value is never stored.

Every pattern here runs in linear time on any text (tests/test_regex_linear.py fuzzes them):
a pull request can commit any text, and this check reads all of it.
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
# A keyword, filler ("DOB:", "born on the", "date of birth is"), then a date. The filler is
# possessive (`*+`): a date never starts with one of its characters or words, so giving any
# back can never help, and a failed match must not try every way of splitting a run of colons
# between them (the old `(?:[...]{0,3}(?:...|:))*?` did: 38 colons took minutes).
_DOB = re.compile(
    r"\b(?:d\.?o\.?b\b\.?|date\s+of\s+birth|birth\s*date|born)"
    r"(?:[\s:;,.()-]|(?:is|was|on|of|the)\b)*+"
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

# A name word: capitalised (Jane, McDonald, O'Brien, Smith-Jones) or in capitals (SMITH,
# O'BRIEN), as case notes often write surnames. The look back keeps a search from starting
# again inside a word (McDonald, SMITH), which would make it quadratic on a long one.
_NAME = (
    r"[A-Z](?<![\w'’-][A-Z])(?:[a-z]+(?:[A-Z][a-z]+)?|['’][A-Z][a-z]+|['’]?[A-Z]+)"
    r"(?:-[A-Z](?:[a-z]+|[A-Z]+))?"
)
_NAME_PAIR = re.compile(
    # A title may keep its full stop ("Mrs. Smith (mother)"). The pattern opens with [A-Z], so
    # the engine skips to capitals.
    rf"(?P<first>{_NAME})(?:(?<=Mr|Ms|Mx|Dr)\.|(?<=Mrs)\.|(?<=Miss)\.)?\s+(?P<last>{_NAME})"
    r"(?=['’]s\b|(?![\w'’-]))"  # a whole word, or one with a possessive ("Tom Brown's")
)
# Matched just after a name. Each of these looks back first, so that a search (as the regex
# fuzz test makes) cannot start again at every space of a long run.
_NEXT_NAME = re.compile(rf"(?<!\s)\s+{_NAME}(?![\w'’-])")
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr"})

_FAMILY_WORDS = (
    r"child|baby|infant|toddler|son|daughter|boy|girl|twin|brother|sister"
    r"|sibling|(?:half|step)-?(?:brother|sister|mother|father|son|daughter)|mother|father|mum"
    r"|mom|dad|parent|grandmother|grandfather|grandparent|grandma|grandad|granddad|nan|aunt"
    r"|auntie|uncle|cousin|nephew|niece|carer|guardian|pupil|teenager|young\s+person|victim"
)
_AGE_OLD = (  # "7-year-old", "seven year old", "14 month old"
    r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
    r"|fourteen|fifteen|sixteen|seventeen|eighteen)[- ](?:year|month|week)s?[- ]old"
)
# Just before a name: a family word or an age, then a comma, a colon, a dash, a bracket or
# "named", and perhaps a title ("her mother, Mrs Jane Smith", "Dad (Mark Jones)").
_FAMILY_BEFORE = re.compile(
    rf"(?<![\w-])(?:{_FAMILY_WORDS}|{_AGE_OLD})"
    r"(?:\s*+[,:(–—-]\s*+|\s++(?:named\s+|called\s+|known\s+as\s+)?)"
    r"(?:(?:mrs?|ms|miss|mx|dr)\.?\s+)?\Z",
    re.IGNORECASE,
)
_FAMILY_REACH = 40  # characters before a name in which to look for the family word
# Just after a name: the person's family role ("Ms Jane Smith (mum)", "Jane Smith, mother of
# Child A", "Jane Smith (the child)"), ending there: "Jane Smith, the child's social worker" is
# a professional.
_RELATIVE = (
    r"(?:(?:maternal|paternal|birth|foster|adoptive|older|younger|elder|eldest|youngest|twin"
    r"|step|half|great)[ \t-]*+){0,3}"  # bounded: a search stays linear on "twin twin..."
    r"(?:child|children|baby|babies|infant|son|daughter|boy|girl|twin|brother|sister|sibling"
    r"|mother|father|mum|mom|dad|parent|grandmother|grandfather|grandparent|grandma|grandad"
    r"|granddad|nan|aunt|auntie|uncle|cousin|nephew|niece|carer|guardian|young[ \t]+person"
    r"|victim)s?"
)
_ROLE_AFTER = re.compile(
    r"(?<![ \t])[ \t]*+[(,–—-]?[ \t]*+(?:(?:the|a|her|his|their)[ \t]+)?"
    rf"{_RELATIVE}"
    r"(?=[ \t]*+(?:[),;:.!?\n]|\Z|(?:of|to|and|who|was|is|has|had|attended|aged?)\b))"
    # or a relative of the person named, in lower case: "Tom Brown's mother" (not "the Local
    # Authority's Children Missing Education protocol")
    rf"|['’]s[ \t]+(?-i:{_RELATIVE})\b",
    re.IGNORECASE,
)
# Just after a name: an age ("Tom Brown, aged 7", "Tom Brown (7 yrs)", "Tom Brown, 14 months,"),
# never a time span that goes on ("the Inspection, 3 months later"), nor a bare number ("Local
# Authority (3), Police (2)", "West Bromwich, 12, Oldbury, 4": a count as often as an age).
_AGE_AFTER = re.compile(
    r"(?<![ \t])[ \t]*+[(,–—-]?[ \t]*+(?:"
    # one age, not a range ("Young People aged 16-25") or a time ("age 10:30")
    r"aged?[ \t]*+:?[ \t]*+\d{1,2}(?!\d|[:.]\d|[ \t]*+(?:-|–|to)[ \t]*+\d)"
    r"|\d{1,2}[ \t]*+-?[ \t]*+(?:years?|yrs?|months?|mths?|weeks?)[ \t-]*+old\b"
    r"|\d{1,2}[ \t]*+(?:y/?o|yrs?|years?|months?|mths?)(?:[ \t]*+[),–—-]|\b(?=[ \t]*+\Z))"
    r"|\d{1,2}[ \t]*+y/?o\b"
    r")",
    re.IGNORECASE,
)
_FOLLOWING_WORD = re.compile(r"(?<![ \t])[ \t]+([A-Za-z]+)")
# Capitalised words that follow a family word in the names of services, roles, offences and
# programmes ("Child Sexual Exploitation", "Parent Carer Forum", "Guardian Ad Litem", "Pupil
# Premium Grant"), acronyms written in capitals, or words that start a sentence after a colon
# ("child: The Review"): never a first or last name.
_NOT_A_NAME = _words(
    """
    a abuse academy act action ad advocacy advocate after all also an and any are as
    assessment association at authorities authority be board box but by care carer carers
    case centre centres
    champion chair charity child children clinic college commissioner community conference
    coordinator council court criminal day death deaths designated development director
    doctor during each early education every exploitation family first following for forum
    foundation framework friendly from fund funding grant group guardian guidance had has
    have he head health help her his home hospital house hub if in information inspection
    into is it its lead liaison litem looked manager mental minding missing named need needs
    neglect network new no not nurse nursery nursing of office officer on online or our
    overview panel parent partnership pathway plan plans policy poverty practice
    practitioner premium procedure procedures programme project protection protocol
    psychology referral report review reviews safe safeguarding scheme school service
    services sexual she social society some space standard standards strategy support
    surgery teacher team that the their these they this those to trafficking trust unit
    voice was we welfare were when where which who with worker workers young people person
    persons adult adults women men girls boys students pupils learners leavers
    camhs cafcass cin cla cse cce ehc lac lado lscb mash mappa marac nhs ofsted pru send
    sen senco sscb iro idva yot yos
    """
)
# The next word naming a thing, not a person: "the young person Safe Space project".
_THING_WORDS = _words(
    """
    academy alliance app appeal approach association audit award awards board campaign
    centre center charity charter clinic club college committee conference consortium
    course cafe day days event festival forum foundation framework fund funding grant group
    guidance hub initiative model network office panel partnership pathway pilot plan
    pledge policy portal programme program project protocol report review room scheme
    school service services session society strategy survey team toolkit training trust
    unit week workshop
    """
)


def find_child_names(text: str) -> Iterator[Detection]:
    yield from _capitalised_names(text)
    yield from _lower_case_names(text)


def _capitalised_names(text: str) -> Iterator[Detection]:
    """Capitalised pairs first (fast to find), then a family word before or a family role or
    an age after each."""
    position = 0
    while found := _NAME_PAIR.search(text, position):
        position = found.end("first")  # pairs overlap: "Child Jane Smith" holds "Jane Smith"
        start, end = found.start(), found.end()
        first, last = found.group("first"), found.group("last")
        if not (_is_name(first) and _is_name(last)):
            continue
        if first.rstrip(".").lower() in _TITLES and _NEXT_NAME.match(text, end):
            continue  # "Ms Jane Smith": the pair is "Jane Smith", found next
        following = _FOLLOWING_WORD.match(text, end)
        if last.lower() in _THING_WORDS or (following and following[1].lower() in _THING_WORDS):
            continue  # "Recruitment Campaign", "Safe Space project"
        if (
            _FAMILY_BEFORE.search(text, max(0, start - _FAMILY_REACH), start)
            or _ROLE_AFTER.match(text, end)
            or _AGE_AFTER.match(text, end)
        ):
            yield Detection(start, end, "privacy-child-name")


def _is_name(word: str) -> bool:
    lower = word.lower()
    if lower in _NOT_A_NAME:
        return False
    # Initials and acronyms in capitals ("GS", "CP", "DSL") have no vowel; names do.
    return not word.isupper() or any(vowel in lower for vowel in "aeiouy")


# A name in lower case after a child word ("the child tom brown"): capital letters cannot
# mark it, so the first word must be a common first name (not one that is also an everyday
# word: will, grace, mark...) and the second must not be an everyday word ("the child amy
# was seen" holds no surname). Child words are found from a literal part of each that starts
# with a letter shared with others (child and Child from "hild"; baby, boy, brother, sibling
# from "b"...): one pattern per letter opens with it, so the regex engine skips through the
# text to that letter, and the text is scanned once per letter, not once per word (one
# pattern with every word would try them all at every character).
_CHILD_WORDS = (  # (word, where its literal part starts; from 1 a capital first letter too)
    ("child", 1), ("baby", 0), ("boy", 0), ("brother", 0), ("sibling", 2), ("girl", 0),
    ("daughter", 3), ("teenager", 5), ("young person", 0), ("twin", 1), ("pupil", 0),
    ("infant", 2), ("toddler", 2), ("son", 0), ("sister", 0),
)  # fmt: skip


def _after_child_words(words: list[tuple[str, int]]) -> re.Pattern[str]:
    """One pattern for the child words whose literal parts start with the same letter."""
    letter = words[0][0][words[0][1]]
    alternatives = []
    for word, literal_from in words:
        head = f"[{word[0]}{word[0].upper()}]" if literal_from else re.escape(word[0])
        whole = head + re.escape(word[1:])  # the whole word, looked back at
        alternatives.append(f"{re.escape(word[literal_from + 1 :])}(?<={whole})(?<![\\w-]{whole})")
    return re.compile(
        rf"{re.escape(letter)}(?:{'|'.join(alternatives)})"
        r"(?:[ \t]*+[,:][ \t]*+|[ \t]++(?:(?:named|called|known[ \t]+as)[ \t]+)?)"
        r"(?P<first>[a-z]+)[ \t]+(?P<last>[a-z]+(?:-[a-z]+)?)(?![\w'’-])"
    )


def _by_letter(words: tuple[tuple[str, int], ...]) -> list[list[tuple[str, int]]]:
    groups: dict[str, list[tuple[str, int]]] = {}
    for word, literal_from in words:
        groups.setdefault(word[literal_from], []).append((word, literal_from))
    return list(groups.values())


_LOWER_CASE_AFTER = tuple(_after_child_words(group) for group in _by_letter(_CHILD_WORDS))

# Common first names of children in England and Wales (a hand-made list, not every name),
# without those that are also everyday words (will, mark, grace, hope, joy, may, june, rose,
# summer, bill, frank).
_FIRST_NAMES = _words(
    """
    aaliyah aaron abbie abdul abdullah abi abigail abu ada adam aden adrian ahmed aidan aiden
    aimee aisha alana albert aleena alex alexa alexander alexandra alexis alfie alfred ali
    alice alicia alisha alison alissa amaya amelia amelie amina amir amira amy ana andre
    andrea andrew andy angela angus anna annabelle anne annie anthony antonio archer
    archie arlo aria arianna ariana arthur arya asher ashley ashton aston aurora austin ava
    ayaan ayesha bailey beatrice bella ben benjamin bethan bethany billy blake bobbie bonnie
    bradley brandon brian brooke bryony caleb callum calvin cameron carl carla caroline
    carter casey cassie catherine charles charlie charlotte chelsea chloe christian
    christopher ciara cian ciaran clara cody cole connor conor courtney daisy dale daniel
    danielle danny darcey darcie darcy david dean declan demi denise dexter dominic dylan
    eden edward eleanor elena eli elijah eliza elizabeth ella ellie elliot elliott ellis
    eloise elsie emilia emily emma erin esme ethan eva evan evelyn evie ezra faisal farah
    fatima finlay finley finn florence francesca freddie frederick freya gabriel gabriella
    gemma george georgia georgina gracie hamza hana hannah harley harper harriet harrison
    harry harvey hassan hayden hayley hazel heidi holly hugo hussain ibrahim ida imogen isaac
    isabel isabella isabelle isaiah isla isma ivy jack jacob jade jake james jamie jane jared
    jasmine jason jayden jeremy jenna jennifer jenson jessica jesse jodie joe joel john
    jonathan jordan joseph josh joshua josie jude julia julie justin kacey kai kaitlyn kane
    karen karl kate katherine katie kayden kayla keira kelly kenzie kevin kian kieran kyle
    lacey laila lara laura lauren layla leah lee leighton leo leon lewis lexi liam lilly lily
    lisa logan lola louie louis louise lucas lucy luke luna lydia lyla macie maddison madison
    maisie maisy malachi maria mariam marie martha martin maryam mason matilda matthew max
    maya megan mia michael michelle mila millie mohammad mohammed mollie molly morgan
    muhammad mya nancy naomi natalie nathan nathaniel neil nicholas nicole noah nora olivia
    oliver ollie omar oscar owen paige patrick paul peter phoebe piper poppy rachel reece
    reggie rebecca rhys riley robert rory rosie ruby ryan sadie safa sam samantha samuel sara
    sarah scarlett sean sebastian sienna sofia sophia sophie stanley stella stephen steven
    susan tanya taylor teddy thea theo theodore thomas toby tom tommy tyler
    valentina victoria violet william willow yasmin yusuf zac zach zachary zain zara zoe
    zuzanna
    """
)
# Everyday words that follow a child's first name in a sentence: after "the child amy" such
# a word means there is no surname to report.
_NOT_A_SURNAME = _words(
    """
    a about after again against all also always an and any are as asked at attended attends
    be became because been before began being both but by came can cannot continued could
    cried did disclosed does doing during each either else ended even ever felt for from
    gave goes going got had has have having he her here him his how if in into is it its
    just later left lived lives made may might more moved much must never next no nor not
    now of often on once only or other our out over refused remained reported returned said
    says saw seemed seems she should since so some started stated stayed still such talked
    than that the their them then there these they this those though through to told too
    under until up very was went were what when where whether which while who whom whose why
    will with within without would yet you
    """
)


def _lower_case_names(text: str) -> Iterator[Detection]:
    for after_child_word in _LOWER_CASE_AFTER:
        for found in after_child_word.finditer(text):
            first, last = found.group("first"), found.group("last")
            if first in _FIRST_NAMES and last not in _NOT_A_SURNAME and last not in _NOT_A_NAME:
                yield Detection(found.start("first"), found.end("last"), "privacy-child-name")


# --- postcode, phone, NI number ---------------------------------------------------------------

_POSTCODE_SIGN = re.compile(r"\d[A-Za-z]{2}")
_POSTCODE = re.compile(
    r"(?<![\w-])(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-HJKPSTUW\d]? ?\d[ABD-HJLNP-UW-Z]{2}"
    # in lower or mixed case ("b69 3de") only with its space, and never an ordinal ("the s11
    # 1st round"): lower-case letters and digits run together in ids and words
    r"|(?i:gir 0aa|[a-pr-uwyz][a-hk-y]?\d[a-hjkpstuw\d]? (?!1st|2nd|3rd|\dth)\d[abd-hjlnp-uw-z]{2})"
    r")(?![\w-])"
)
_PHONE_SIGN = re.compile(r"[0+]")
_PHONE = re.compile(
    r"(?<![\w+/.-])"
    # mobiles (07) and landlines (01, 02) only: 03, 05 and 08 numbers are organisations'
    r"(?:\+44\s?(?:\(0\)\s?)?[127]|\(0[127]|0[127])"
    r"[\d)]{1,4}(?:[ .-]?\d{2,4}){1,3}"  # 07700 900123, 07700-900-123, 07700.900.123
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
# Local parts shaped like a person's name: jane.smith, j.smith, jane-smith, jane_smith2. (Used
# with fullmatch; the lookbehind keeps a search linear too, as the regex fuzz test holds.)
_NAME_SHAPED_LOCAL = re.compile(r"(?<![a-z])[a-z]+(?:[._-][a-z]+){1,2}\d*")
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
# number) or a postcode's inward part in lower case; an `@` (e-mail). Text with none of them
# (a usual record: ids such as audit-000004, ISO dates, prose) skips those seven detectors. A
# property test holds detections to it.
_SHORTEST = 6  # "M1 1AE"
_DIGIT_SIGNS = re.compile(
    # The pattern opens with one character class, so the regex engine skips to candidates
    # without trying the branches at each character (it scans every file); each branch then
    # looks back at the character it stands on. Digits are tried only where a run of them
    # starts (every kind's digits do): dates and ids, most of a record's digits, cost little.
    r"""
    [\d+(@] (?:
        (?<=\d) (?<!\d\d) (?:
            (?<![\w-]\d) \d\d [ -]? \d{3}     # NHS: 3 and 3 digits, not glued to a word or id
          | \d{10}                           # pupil number: 11 digits
          | \d [ ]? \d\d [ ]? \d\d [ ]? [A-D]  # NI number: digits then its letter
          | \d*+ [A-Za-z]? ,? \s* [A-Z]       # postcode or house number: digits then capital
          | \d*+ [a-z]? [ ] \d [abd-hjlnp-uw-z]{2}  # a postcode in lower case: b69 3de
          )
      | (?<=\+) (?<![\w+/.-]\+) 44          # phone: +44, 01, 02 or 07, after no word character
      | (?<=\() (?<![\w+/.-]\() 0[127]
      | (?<=0) (?<![\w+/.-]0) [127]
      | (?<=@)                              # e-mail
    )
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


def may_hold_personal_data(data: Any, text: str = "") -> bool:
    """Whether any text value of a record, or any comment of its file `text`, might hold
    personal data: one pass of each detector over all of them at once (a separator line
    apart), so that the common clean file costs little. A match may straddle two values (or
    take in a `#` inside a value); `check_file` then looks at each value and comment alone."""
    texts: list[str] = []
    numbers: list[int] = []
    _collect_values(data, texts, numbers)
    if any(_is_nhs_number(number) for number in numbers):
        return True
    if "#" in text:  # each comment as check_file reads it: its allow marker blanked out
        texts.extend(_ALLOW_MARKER.sub(_blank, found) for found in _COMMENT_LIKE.findall(text))
    # "\n|\n" rather than a blank line: whitespace alone would let a digit ending one value
    # and a capital starting the next look like a house number to the quick sign.
    return bool(find_personal_data("\n|\n".join(texts)))


# Everything from a `#` to the end of its line: every comment, and some text besides.
_COMMENT_LIKE = re.compile(r"#[^\r\n\x85\u2028\u2029]*")


def _is_nhs_number(number: int) -> bool:
    """A number in a figure that is an NHS number written without quotes: 10 digits passing
    the mod-11 check. (A count or a sum of money that long is not a board's figure.)"""
    return 10**9 <= number < 10**10 and not isinstance(number, bool) and nhs.is_valid(str(number))


def _collect_values(node: Any, texts: list[str], numbers: list[int]) -> None:
    """Every text value and whole number, without its path (the quick pass needs none).
    Recursive: the reader has already refused anything nested deeper than yamlio.MAX_DEPTH."""
    if isinstance(node, str):
        texts.append(node)
    elif isinstance(node, int):
        numbers.append(node)
    elif isinstance(node, dict):
        for child in node.values():
            _collect_values(child, texts, numbers)
    elif isinstance(node, list):
        for child in node:
            _collect_values(child, texts, numbers)


def check_file(rel: str, document: Document) -> Iterator[Problem]:
    """Personal data in one parsed file (with positions): in its text values, in numbers
    that are NHS numbers, and in its comments, less the reviewed exceptions."""
    for path, value in _values(document.data):
        if isinstance(value, int):
            if _is_nhs_number(value):
                where = document.positions.of_value(path)
                if not _allowed(document, path, where, "privacy-nhs-number"):
                    message = _message(path, "privacy-nhs-number")
                    yield error(rel, where.line, where.col, "privacy-nhs-number", message)
            continue
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
    yield from _check_comments(rel, document)


def _check_comments(rel: str, document: Document) -> Iterator[Problem]:
    """Comments are text too: each is read alone, a reviewed `# assure: allow` marker in it
    blanked out (its codes are not data), and a problem stands at the match itself."""
    for start, end in document.comments:
        comment = _ALLOW_MARKER.sub(_blank, document.text[start:end])
        for detection in find_personal_data(comment):
            where = document.position_at(start + detection.start)
            if detection.code not in document.allowances.get(where.line, ()):
                message = (
                    f"a comment may hold {KINDS[detection.code]} (value not shown): remove it, "
                    f"or once reviewed put `# assure: allow {detection.code}` at its end"
                )
                yield error(rel, where.line, where.col, detection.code, message)


def _message(path: FieldPath, code: str) -> str:
    fix = "write initials or 'Child A' instead" if code == "privacy-child-name" else "remove it"
    return (
        f"field '{dotted(path)}' may hold {KINDS[code]} (value not shown): {fix}, "
        f"or once reviewed put `# assure: allow {code}` on the line above the field"
    )


# The marker of a reviewed exception, to the end of its comment (its codes and any note).
_ALLOW_MARKER = re.compile(r"(?:^|#)[ \t]*assure:[ \t]*allow\b.*", re.DOTALL)


def _blank(found: re.Match[str]) -> str:
    return " " * len(found.group())


def _values(data: Any) -> Iterator[tuple[FieldPath, str | int]]:
    """Every text value and whole number with its path, in file order (iterative: no
    recursion limit)."""
    stack: list[tuple[FieldPath, Any]] = [((), data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, str | int) and not isinstance(node, bool):
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
