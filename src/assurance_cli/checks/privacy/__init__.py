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

from assurance_cli.checks.privacy.check import (
    DETECTORS,
    KINDS,
    check_file,
    find_personal_data,
    may_hold_personal_data,
)
from assurance_cli.checks.privacy.detection import Detection

__all__ = [
    "DETECTORS",
    "KINDS",
    "Detection",
    "check_file",
    "find_personal_data",
    "may_hold_personal_data",
]
