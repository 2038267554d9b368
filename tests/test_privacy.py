"""The privacy check: what it finds, where it reports it, that it never prints the value, and
how a reviewed exception is recorded. Fixtures use safe values only: the NHS test range
(999 000 0000 to 999 999 9999), Ofcom's drama numbers (07700 900xxx, 0121 496 0xxx), HMRC's
specimen NI number (QQ 12 34 56 C), reserved e-mail domains and public buildings' postcodes.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assurance_cli.checks.privacy import (
    KINDS,
    check_file,
    find_personal_data,
    may_hold_personal_data,
)
from assurance_cli.io.layout import RecordFile
from assurance_cli.io.yaml_reader import read_document
from assurance_cli.problems import CODES, Problem
from assurance_cli.repo.load import process_file
from assurance_cli.repo.workspace import open_workspace

from .conftest import REPO, SHIPPED, make_repo, run

NHS_TEST_NUMBER = "999 000 0018"  # in the NHS test range and passes mod-11


def kinds_in(text: str) -> list[tuple[str, str]]:
    return [
        (d.code.removeprefix("privacy-"), text[d.start : d.end]) for d in find_personal_data(text)
    ]


def problems_in(yaml_text: str, path: str = "data/audits/x.yaml") -> list[Problem]:
    document, problems = read_document(yaml_text.encode(), path)
    assert document is not None, problems
    return list(check_file(path, document))


# --- the codes ----------------------------------------------------------------------------


def test_every_privacy_kind_is_a_registered_code() -> None:
    assert set(KINDS) == {code for code in CODES if code.startswith("privacy-")}


def test_the_privacy_check_runs_on_every_file_read() -> None:
    raw = b"id: x\ntitle: Review\nkind: other\ndate: null\nsummary: child Jane Smith\n"
    result = process_file(RecordFile("x.yaml", "data/audits/x.yaml", "audit"), raw)
    assert [p.code for p in result.problems] == ["privacy-child-name"]


# --- what is found, and what is not -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("NHS number 999 000 0018 on file", [("nhs-number", "999 000 0018")]),
        ("reference 999-000-0018", [("nhs-number", "999-000-0018")]),
        ("NHS no: 9990000018", [("nhs-number", "9990000018")]),
        ("9990000018 (NHS)", [("nhs-number", "9990000018")]),
        ("case 9990000018 closed", []),  # unspaced and no "NHS" near: any 10-digit number
        ("NHS number 999 000 0019", []),  # fails mod-11
        ("pupil B801200005001 moved", [("upn", "B801200005001")]),
        ("pupil A801200005001 moved", []),  # wrong check letter
        ("DOB 01/02/2010", [("date-of-birth", "01/02/2010")]),
        ("D.O.B.: 1.2.10", [("date-of-birth", "1.2.10")]),
        ("date of birth 3 March 2010", [("date-of-birth", "3 March 2010")]),
        ("she was born on the 3rd of March 2010", [("date-of-birth", "3rd of March 2010")]),
        ("born 2010-03-03 in Sandwell", [("date-of-birth", "2010-03-03")]),
        ("born in 2010", []),
        ("the form records child names, DOB and GP", []),
        ("concerns about child Jane Smith", [("child-name", "Jane Smith")]),
        ("the child, Jane Smith, was seen", [("child-name", "Jane Smith")]),
        ("a girl called Amy O'Brien", [("child-name", "Amy O'Brien")]),
        ("her stepfather John McDonald-Jones", [("child-name", "John McDonald-Jones")]),
        ("Young Person: Tom Brown", [("child-name", "Tom Brown")]),
        ("the Child Jane Smith Jones", [("child-name", "Jane Smith")]),
        ("Child A and Baby C were seen by GS", []),
        ("the Child Sexual Exploitation team and the Child Death Overview Panel", []),
        ("the Baby Box programme", []),
        ("the Sandwell Parent Carer Forum and a Guardian Ad Litem", []),
        ("voice of the child: The Review heard it", []),
        ("Jane Smith chaired it", []),  # a name alone is not a child's
        ("lives near SW1A 1AA", [("postcode", "SW1A 1AA")]),
        ("postcode M11AE", [("postcode", "M11AE")]),
        ("the B69 area", []),
        ("the S11 and S175 audits", []),
        ("mobile 07700 900123", [("phone", "07700 900123")]),
        ("mobile 07700900123", [("phone", "07700900123")]),
        ("call +44 7700 900123", [("phone", "+44 7700 900123")]),
        ("call +44 (0)121 496 0000", [("phone", "+44 (0)121 496 0000")]),
        ("call (0121) 496 0000", [("phone", "(0121) 496 0000")]),
        ("in 2016 the 0121 area", []),
        ("the NSPCC helpline 0808 800 5000 and 0300 123 4567", []),
        ("on 01/04/2016", []),
        ("NI QQ 12 34 56 C", [("ni-number", "QQ 12 34 56 C")]),
        ("NI QQ123456C", [("ni-number", "QQ123456C")]),
        ("code GB 12 34 56 A", []),  # a prefix HMRC never issues
        ("at 12 Acacia Avenue", [("address", "12 Acacia Avenue")]),
        ("Flat 3, 12 High Street", [("address", "12 High Street")]),
        ("in 2 Family Court hearings", []),
        ("write to jane.smith@example.org", [("email", "jane.smith@example.org")]),
        ("write to j.smith@example.gov.uk", [("email", "j.smith@example.gov.uk")]),
        ("write to anyone@gmail.com", [("email", "anyone@gmail.com")]),
        ("write to safeguarding@example.gov.uk", []),
        ("write to lscb.business@example.gov.uk", []),
        ("write to jsmith@example.gov.uk", []),  # cannot tell from a team mailbox: not reported
        # issue 13: a name with an age, a title, name and family role, a lower-case name
        ("Tom Brown, aged 7, was placed on a plan", [("child-name", "Tom Brown")]),
        ("Ms Jane Smith (mum) attended", [("child-name", "Jane Smith")]),
        ("the child tom brown", [("child-name", "tom brown")]),
        # issue 14: a lower-case postcode, a dotted phone number, a role after, capitals
        ("b69 3de", [("postcode", "b69 3de")]),
        ("07700.900.123", [("phone", "07700.900.123")]),
        ("Jane Smith (the child)", [("child-name", "Jane Smith")]),
        ("CHILD JANE SMITH", [("child-name", "JANE SMITH")]),
        ("the pupil Premium Grant", []),
        ("The young person Safe Space project", []),
    ],
)
def test_what_is_found(text: str, found: list[tuple[str, str]]) -> None:
    assert kinds_in(text) == found


def test_the_shipped_boards_hold_no_personal_data() -> None:
    for root in (SHIPPED, REPO / "examples" / "shropshire"):
        problems = open_workspace(root).problems
        assert [p for p in problems if p.code.startswith("privacy-")] == [], root


def test_no_detector_hangs_on_hostile_text() -> None:
    """Half a megabyte of the worst shapes for each pattern, well inside a second each."""
    shapes = [
        "a" * 500_000 + "@",
        "a." * 250_000 + "@x",
        "1" * 500_000,
        "0 " * 250_000,
        "Child " * 80_000,
        "Jane " * 100_000,
        "born " * 100_000,
        "12 " * 150_000 + "Road",
        "A1 " * 150_000,
        "QQ 12 " * 80_000,
        "SW1A 1AA " * 50_000,  # many matches in one value: overlaps are checked by bisection
        *(keyword + ":" * 100_000 for keyword in ("born", "dob", "D.O.B", "date of birth")),
        "birth date" + " :" * 50_000,
        "Jane " + "SMITH" * 100_000,
        "Jane Smith" + " " * 500_000,
        "child tom " + "twin " * 100_000,
    ]
    for text in shapes:
        start = time.perf_counter()
        find_personal_data(text)
        assert time.perf_counter() - start < 5, text[:20]


def test_a_file_full_of_matches_and_allow_comments_is_checked_in_linear_time() -> None:
    lines = "".join(
        "  - SW1A 1AA, 07700 900123  # assure: allow privacy-phone\n" for _ in range(5_000)
    )
    text = "id: x\nagencies:\n" + lines + "summary: >-\n" + "  SW1A 1AA\n" * 15_000
    start = time.perf_counter()
    problems = problems_in(text)
    assert time.perf_counter() - start < 10
    assert len(problems) == 20_000
    assert {p.code for p in problems} == {"privacy-postcode"}


# --- where it is reported ----------------------------------------------------------------


def where(problems: list[Problem]) -> list[tuple[int, int, str]]:
    return [(p.line, p.col, p.code) for p in problems]


def test_reported_at_the_match_in_a_plain_value() -> None:
    text = "id: x\nsummary: seen with child Jane Smith today\n"
    assert where(problems_in(text)) == [(2, 26, "privacy-child-name")]


def test_reported_at_the_match_in_a_quoted_value() -> None:
    text = "id: x\nsummary: 'NHS number 999 000 0018'\n"
    assert where(problems_in(text)) == [(2, 22, "privacy-nhs-number")]


def test_reported_at_the_match_inside_a_folded_block() -> None:
    text = "id: x\nsummary: >-\n  The first line.\n  Then mobile 07700 900123 was given.\n"
    assert where(problems_in(text)) == [(4, 15, "privacy-phone")]


def test_a_match_across_a_folded_line_break_is_reported_at_its_start() -> None:
    text = "id: x\nsummary: >-\n  The review named child Jane\n  Smith twice.\n"
    assert where(problems_in(text)) == [(3, 26, "privacy-child-name")]


def test_each_occurrence_of_the_same_value_is_reported_in_place() -> None:
    text = "id: x\nsummary: >-\n  SW1A 1AA and\n  again SW1A 1AA\n"
    assert where(problems_in(text)) == [(3, 3, "privacy-postcode"), (4, 9, "privacy-postcode")]


def test_a_value_written_with_escapes_is_reported_at_the_value() -> None:
    text = 'id: x\nsummary: "child Jane\\x20Smith"\n'
    assert where(problems_in(text)) == [(2, 10, "privacy-child-name")]


def test_positions_hold_in_a_crlf_file_with_a_bom() -> None:
    text = "\ufeffid: x\r\nagencies:\r\n  - Police\r\n  - call 07700 900123\r\n"
    assert where(problems_in(text)) == [(4, 10, "privacy-phone")]


def test_items_of_a_flow_list_are_each_reported() -> None:
    text = "id: x\nagencies: [SW1A 1AA, Police, 07700 900123]\n"
    assert where(problems_in(text)) == [(2, 12, "privacy-postcode"), (2, 30, "privacy-phone")]


def test_a_record_with_other_errors_is_still_read_for_personal_data(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {
            "data/audits/broken.yaml": "id: broken\ntitle: Review\nkind: case-audit\ndate: 2016-02-30\n"
            "summary: NHS number 999 000 0018\n"
        },
    )
    result = run(root, "check")
    codes = [line.rsplit("[", 1)[1].rstrip("]") for line in result.stdout.splitlines()]
    assert codes == ["bad-date", "privacy-nhs-number"]


def test_board_yaml_is_read_too(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    board = root / "data/board.yaml"
    board.write_text(
        board.read_text().replace(
            "label: Business Manager", "label: Business Manager, 07700 900123"
        )
    )
    result = run(root, "check")
    assert result.stdout.startswith("data/board.yaml:")
    assert "[privacy-phone]" in result.stdout


# --- the demonstration: three problems, no value printed ------------------------

DEMO = (
    "id: case-review-2016\ntitle: Multi-agency case review\nkind: case-audit\ndate: 2016-01\n"
    f"summary: Chronology for child Jane Smith, NHS number {NHS_TEST_NUMBER}, DOB 01/02/2010.\n"
)
DEMO_VALUES = ("Jane", "Smith", NHS_TEST_NUMBER, "9990000018", "01/02/2010", "2010")


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_demonstration_fails_with_three_problems_and_prints_no_value(
    tmp_path: Path, fmt: str
) -> None:
    root = make_repo(tmp_path, {"data/audits/case-review-2016.yaml": DEMO})
    result = run(root, "check", "--format", fmt)
    assert result.exit_code == 1
    for value in DEMO_VALUES:
        assert value not in result.stdout + result.stderr
    codes = ["privacy-child-name", "privacy-nhs-number", "privacy-date-of-birth"]
    if fmt == "json":
        shown = [p["code"] for p in json.loads(result.stdout)["problems"]]
    elif fmt == "github":
        shown = [
            line.split("title=", 1)[1].split("::", 1)[0] for line in result.stdout.splitlines()
        ]
    else:
        shown = [line.rsplit("[", 1)[1].rstrip("]") for line in result.stdout.splitlines()]
    assert shown == codes


# --- reviewed exceptions -------------------------------------------------------------------


def test_an_allow_comment_on_the_line_excepts_that_kind_only() -> None:
    text = "id: x\nagencies:\n  - SW1A 1AA, 07700 900123  # assure: allow privacy-phone\n"
    assert where(problems_in(text)) == [(3, 5, "privacy-postcode")]


def test_an_allow_comment_may_name_several_codes() -> None:
    text = (
        "id: x\nagencies:\n"
        "  - SW1A 1AA, 07700 900123  # assure: allow privacy-phone, privacy-postcode\n"
    )
    assert problems_in(text) == []


def test_an_allow_comment_on_the_key_line_covers_a_block_value() -> None:
    text = "id: x\nsummary: >-  # assure: allow privacy-phone\n  line one\n  call 07700 900123\n"
    assert problems_in(text) == []


def test_an_allow_comment_alone_on_the_line_above_covers_the_next_line() -> None:
    text = "id: x\n# reviewed: the duty desk  # assure: allow privacy-phone\nled_by: 07700 900123\n"
    assert problems_in(text) == []
    text = "id: x\n# assure: allow privacy-phone\n\nled_by: 07700 900123\n"  # not two lines up
    assert where(problems_in(text)) == [(4, 9, "privacy-phone")]


def test_an_allow_comment_elsewhere_in_the_file_does_not_count() -> None:
    text = "id: x\nled_by: 07700 900123\ntitle: x  # assure: allow privacy-phone\n"
    assert where(problems_in(text)) == [(2, 9, "privacy-phone")]


@pytest.mark.parametrize(
    "text",
    [
        "id: x\nsummary: '07700 900123 # assure: allow privacy-phone'\n",
        'id: x\nsummary: "07700 900123 # assure: allow privacy-phone"\n',
        "id: x\nsummary: |\n  07700 900123 # assure: allow privacy-phone\n",
    ],
)
def test_allow_text_inside_a_value_is_not_a_comment(text: str) -> None:
    assert [p.code for p in problems_in(text)] == ["privacy-phone"]


def test_the_allow_comment_is_recorded_by_line_in_the_document() -> None:
    text = "a: 1  # assure: allow privacy-phone privacy-email\n# assure: allow privacy-upn\nb: 2\n"
    document, _ = read_document(text.encode(), "x.yaml")
    assert document is not None
    assert document.allowances == {
        1: frozenset({"privacy-phone", "privacy-email"}),
        2: frozenset({"privacy-upn"}),
        3: frozenset({"privacy-upn"}),
    }


# The quick sign (_DIGIT_SIGNS) lets text without it skip seven detectors: it must be present
# wherever one of them finds something, or personal data would pass unseen.
_SIGN_ALPHABET = "0123456789012701270 -+()/.,@AQBCEHMNSW abdehnrstwx\n"


@settings(max_examples=3000, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *("+44 ", "(0", "07", "01", "NHS ", "QQ", " Road", "@gmail.com", "9434765919"),
                *("943 476", "b69 3de", "w1a 1aa", "07700.900.", "12 "),
            ]
        )
        | st.text(alphabet=_SIGN_ALPHABET, max_size=14),
        max_size=5,
    ).map("".join)
)
def test_every_detection_by_the_seven_shows_the_quick_sign(text: str) -> None:
    from assurance_cli.checks.privacy import check as privacy

    gated = {privacy.find_dates_of_birth, privacy.find_child_names}
    for detector in privacy.DETECTORS:
        if detector not in gated and any(True for _ in detector(text)):
            assert privacy._DIGIT_SIGNS.search(text), (detector.__name__, text)


@pytest.mark.parametrize(
    "text",
    [
        "943 476 5919",
        "NHS 9434765919",
        "+44 (0) 7700 900123",
        "(01234) 567890",
        "QQ 12 34 56 C",
        "M1 1AE",
        "lives at 12a High Street",
        "jane.smith@gmail.com",
        "b69 3de",
        "w1a 1aa",
        "07700.900.123",
    ],
)
def test_the_quick_sign_keeps_each_kind(text: str) -> None:
    from assurance_cli.checks.privacy import find_personal_data

    assert find_personal_data(f"seen {text} here")


# --- comments are text too, and numbers can be NHS numbers ----------------------------------

COMMENTED = (
    "id: x\n"
    "# notes: child Jane Smith, 07700 900123\n"
    "summary: Reviewed.  # seen at b69 3de\n"
    "agencies:\n"
    "  - Police # and Tom Brown, aged 7\n"
)


def test_a_comment_is_read_and_each_match_placed_in_it() -> None:
    assert where(problems_in(COMMENTED)) == [
        (2, 16, "privacy-child-name"),
        (2, 28, "privacy-phone"),
        (3, 31, "privacy-postcode"),
        (5, 18, "privacy-child-name"),
    ]


def test_a_comment_problem_names_the_comment_not_a_field() -> None:
    problem = problems_in("id: x\n# phone 07700 900123\n")[0]
    assert problem.message.startswith("a comment may hold a phone number (value not shown)")


@pytest.mark.parametrize(
    "text",
    [
        "id: x\n# the duty desk 0121 496 0000  # assure: allow privacy-phone\n",
        "id: x\n# assure: allow privacy-phone\n# the duty desk 0121 496 0000\n",
        "id: x\nled_by: 0121 496 0000  # assure: allow privacy-phone (duty desk)\n",
    ],
)
def test_a_reviewed_comment_is_allowed(text: str) -> None:
    assert problems_in(text) == []


@pytest.mark.parametrize("code", sorted(KINDS))
def test_an_allow_marker_itself_is_not_data(code: str) -> None:
    assert problems_in(f"id: x\n# assure: allow {code}\ntitle: x  # assure: allow {code}\n") == []


@pytest.mark.parametrize(
    "text",
    [
        "id: x\nsummary: 'item #3, child Jane Smith'\n",  # a `#` inside a value is the value's
        "id: x\nsummary: |\n  # child Jane Smith\n  more\n",
    ],
)
def test_a_hash_inside_a_value_is_read_once_as_the_value(text: str) -> None:
    assert [p.code for p in problems_in(text)] == ["privacy-child-name"]


def test_an_nhs_number_written_as_a_number_is_found() -> None:
    text = "id: x\nfigures:\n  - label: cases\n    value: 9990000018\n  - label: y\n    value: 9990000019\n"
    assert where(problems_in(text)) == [(4, 12, "privacy-nhs-number")]
    allowed = text.replace("9990000018", "9990000018  # assure: allow privacy-nhs-number")
    assert problems_in(allowed) == []


@pytest.mark.parametrize(
    "extra",
    [
        "# child Jane Smith was seen\n",  # only in a comment
        "figures:\n  - label: cases\n    value: 9990000018\n",  # only a number
    ],
)
def test_the_quick_pass_does_not_skip_comments_or_numbers(extra: str) -> None:
    raw = ("id: x\ntitle: Review\nkind: other\ndate: null\n" + extra).encode()
    result = process_file(RecordFile("x.yaml", "data/audits/x.yaml", "audit"), raw)
    assert [p.code for p in result.problems if p.code.startswith("privacy-")] != []


def test_a_comment_value_is_never_printed(tmp_path: Path) -> None:
    record = DEMO.replace("summary: ", "# mobile 07700 900123, b69 3de\nsummary: ")
    root = make_repo(tmp_path, {"data/audits/case-review-2016.yaml": record})
    result = run(root, "check", "--format", "json")
    assert result.exit_code == 1
    for value in (*DEMO_VALUES, "07700", "900123", "b69", "3de"):
        assert value not in result.stdout + result.stderr
    lines = [(p["line"], p["code"]) for p in json.loads(result.stdout)["problems"]]
    assert (5, "privacy-phone") in lines and (5, "privacy-postcode") in lines


# Anything check_file finds, the quick pass must see a sign of: otherwise the file is skipped.
_PIECES = st.sampled_from(
    [
        *("child ", "Jane ", "Smith ", "tom ", "brown ", "(mum) ", ", aged 7", "DOB ", "1/2/10"),
        *("07700 900123 ", "b69 3de ", "SW1A 1AA ", "# ", "#", "NHS ", "9990000018", "'", " "),
        *("QQ 12 34 56 C ", "12 Acacia Avenue ", "jane.smith@example.org ", "\n"),
        *("assure: allow privacy-phone ", "# assure: allow privacy-child-name"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_PIECES, max_size=8).map("".join),
    st.lists(_PIECES, max_size=6).map("".join),
    st.sampled_from(["9990000018", "12", "'x'"]),
)
def test_the_quick_pass_sees_all_that_check_file_finds(
    value: str, comment: str, number: str
) -> None:
    text = f"id: x\nsummary: {json.dumps(value)}\nn: {number}  # {' '.join(comment.split())}\n"
    document, _ = read_document(text.encode(), "x.yaml")
    if document is None:
        return
    if list(check_file("x.yaml", document)):
        quick, _ = read_document(text.encode(), "x.yaml", track=False)
        assert quick is not None
        assert may_hold_personal_data(quick.data, quick.text), text
