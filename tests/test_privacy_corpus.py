"""The privacy detectors against a corpus of true and false cases (tests/privacy_corpus/):
every true case caught with exactly its codes, every false case clean, the known misses and
false alarms held as they are, and the precision and recall docs/privacy.md states.

Print the figures: `.venv/bin/python -m tests.test_privacy_corpus`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from assurance_cli.checks.privacy import find_personal_data

CORPUS = Path(__file__).parent / "privacy_corpus"
PRIVACY_PAGE = Path(__file__).resolve().parents[1] / "docs" / "privacy.md"


@dataclass(frozen=True)
class Case:
    text: str
    codes: frozenset[str]  # without the `privacy-` prefix; empty for a clean sentence

    def __str__(self) -> str:
        return self.text


def read_cases(name: str, *, with_codes: bool) -> list[Case]:
    cases = []
    for line in (CORPUS / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if with_codes:
            codes, text = line.split("  ", 1)
            cases.append(Case(text.strip(), frozenset(codes.split(","))))
        else:
            cases.append(Case(line.strip(), frozenset()))
    return cases


TRUE = read_cases("true.txt", with_codes=True)
FALSE = read_cases("false.txt", with_codes=False)
MISSED = read_cases("missed.txt", with_codes=True)
FALSE_ALARMS = read_cases("false-alarms.txt", with_codes=False)


def codes_found(text: str) -> frozenset[str]:
    return frozenset(d.code.removeprefix("privacy-") for d in find_personal_data(text))


def test_the_corpus_is_read() -> None:
    assert len(TRUE) >= 60 and len(FALSE) >= 60
    known = {"child-name", "date-of-birth", "nhs-number", "upn", "ni-number", "postcode"}
    known |= {"phone", "address", "email"}
    assert set().union(*(case.codes for case in TRUE)) == known  # every kind has true cases
    assert all(case.codes <= known for case in MISSED)


@pytest.mark.parametrize("case", TRUE, ids=str)
def test_each_true_case_is_caught_with_its_codes(case: Case) -> None:
    assert codes_found(case.text) == case.codes


@pytest.mark.parametrize("case", FALSE, ids=str)
def test_each_false_case_is_clean(case: Case) -> None:
    assert codes_found(case.text) == frozenset()


@pytest.mark.parametrize("case", MISSED, ids=str)
def test_each_known_miss_is_still_missed(case: Case) -> None:
    # Caught now? Move the line to true.txt and docs/privacy.md's figures follow.
    assert not case.codes <= codes_found(case.text)


@pytest.mark.parametrize("case", FALSE_ALARMS, ids=str)
def test_each_known_false_alarm_is_still_flagged(case: Case) -> None:
    # Clean now? Move the line to false.txt and docs/privacy.md's figures follow.
    assert codes_found(case.text)


@dataclass(frozen=True)
class Figures:
    caught: int  # sentences with personal data, reported with their codes
    missed: int  # sentences with personal data, not (or not fully) reported
    clean: int  # clean sentences left alone
    false_alarms: int  # clean sentences reported

    @property
    def precision(self) -> float:
        return self.caught / (self.caught + self.false_alarms)

    @property
    def recall(self) -> float:
        return self.caught / (self.caught + self.missed)

    def __str__(self) -> str:
        return (
            f"{self.caught + self.missed + self.clean + self.false_alarms} sentences: "
            f"{self.caught} with personal data caught, {self.missed} missed, "
            f"{self.clean} clean left alone, {self.false_alarms} false alarms; "
            f"precision {self.precision:.2f}, recall {self.recall:.2f}"
        )


def measure() -> Figures:
    """Counted from what the detectors find, not from the file each sentence sits in."""
    positives = [*TRUE, *MISSED]
    negatives = [*FALSE, *FALSE_ALARMS]
    caught = sum(codes_found(case.text) == case.codes for case in positives)
    alarms = sum(bool(codes_found(case.text)) for case in negatives)
    return Figures(caught, len(positives) - caught, len(negatives) - alarms, alarms)


def test_the_privacy_page_states_the_figures() -> None:
    figures = measure()
    text = " ".join(PRIVACY_PAGE.read_text(encoding="utf-8").split())
    stated = re.search(r"precision (\d\.\d\d) and recall (\d\.\d\d)", text)
    assert stated is not None, "docs/privacy.md states no precision and recall"
    assert (stated[1], stated[2]) == (f"{figures.precision:.2f}", f"{figures.recall:.2f}")
    positives, negatives = figures.caught + figures.missed, figures.clean + figures.false_alarms
    assert f"{positives} with personal data and {negatives} without" in text


if __name__ == "__main__":
    print(measure())
