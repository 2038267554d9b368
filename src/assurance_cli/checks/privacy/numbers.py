"""Numbers and codes that identify a person: NHS numbers, Unique Pupil Numbers, National
Insurance numbers, phone numbers and postcodes. Linear time on any text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from stdnum.gb import nhs, upn

from assurance_cli.checks.privacy.detection import Detection

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


def is_nhs_number(number: int) -> bool:
    """A number in a figure that is an NHS number written without quotes: 10 digits passing
    the mod-11 check. (A count or a sum of money that long is not a board's figure.)"""
    return 10**9 <= number < 10**10 and not isinstance(number, bool) and nhs.is_valid(str(number))
