"""Dates of birth, street addresses and personal e-mail addresses. Linear time on any text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from assurance_cli.checks.privacy.detection import Detection, words

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
_PERSONAL_MAIL_DOMAINS = words(
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
_ROLE_WORDS = words(
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
