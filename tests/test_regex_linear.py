"""Every regular expression in the package runs in linear time on hostile text.

A pull request can commit any text, and every command that loads records runs the privacy
detectors and the reader's patterns over it: one pattern that backtracks catastrophically
("born" followed by 38 colons once took minutes) hangs every CI run. So this test finds every
compiled pattern in the package (each module's globals, imported with pkgutil, so it keeps
working when modules move) and feeds each one adversarial text built from its own literals:

- a prefix that walks the pattern up to one of its repetitions (each alternative of the
  branches before it), then a "pump" repeated k times (a character or a short piece the
  repetition accepts), then an ending that does or does not let the match finish;
- each character and short piece of the pattern alone, repeated (a search retried at every
  position, the quadratic kind);
- random prefixes, pumps and endings from the same pieces (hypothesis).

Time is never compared with a clock budget. For each input the pattern's cost (every match
with finditer, and fullmatch) at size k is compared with its cost at size k/8, and that growth
is divided by the growth of a linear scan of the same two texts measured in the same run. A
linear pattern stays near 1; a quadratic one near 8; an exponential one far beyond. k grows
by a quarter at a time while the text is short, and stops once one run takes a few
milliseconds, so an exponential pattern is caught after a handful of extra characters
instead of hanging the test.
"""

from __future__ import annotations

import importlib
import itertools
import pkgutil
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from re import _compiler as sre_compile  # the parse tree, to build text from the pattern
from re import _parser as sre_parse
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import assurance_cli

# --- every pattern of the package -----------------------------------------------------------


def package_patterns() -> dict[str, re.Pattern[str]]:
    """Every compiled pattern held in a module global of the package (or in a tuple, list,
    set or dict held there), by `module.NAME`."""
    found: dict[str, re.Pattern[str]] = {}
    for info in pkgutil.walk_packages(assurance_cli.__path__, "assurance_cli."):
        if info.name.rsplit(".", 1)[-1] == "__main__":  # runs the CLI when imported
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            values = value.values() if isinstance(value, dict) else value
            if isinstance(values, tuple | list | set | frozenset | type({}.values())):
                members = list(values)
            else:
                members = [value]
            for number, member in enumerate(members):
                if isinstance(member, re.Pattern) and isinstance(member.pattern, str):
                    label = f"{info.name}.{name}" + (f"[{number}]" if member is not value else "")
                    if all(member is not known for known in found.values()):
                        found[label] = member
    return found


PATTERNS = package_patterns()


def test_the_package_patterns_are_found() -> None:
    # A guard against discovery silently finding nothing (a moved package, a renamed path).
    names = {name.rsplit(".", 1)[-1] for name in PATTERNS}
    assert {"_DOB", "_NAME_PAIR", "_PHONE", "_EMAIL", "_ALLOW_COMMENT", "_FLOAT"} <= names
    assert len(PATTERNS) >= 30


# --- pieces of a pattern, from its parse tree -----------------------------------------------

# Characters tried against each character class; the first few it accepts stand for it.
_PROBE = (
    "a1 :.-,;()/'’@+#_\tZ0\n\r\x85\u2028\xa0é" + "".join(chr(c) for c in range(0x21, 0x7F)) + "\x00"
)
_WIDTH = 3  # characters kept per class
_MAX_VARIANTS = 12
_MAX_PIECE = 24


def _class_chars(item: tuple[Any, Any], flags: int) -> list[str]:
    """The first few probe characters a one-character item (a class, `.`) accepts."""
    state = sre_parse.State()
    state.flags = flags
    single = sre_compile.compile(sre_parse.SubPattern(state, [item]), flags)
    return [c for c in _PROBE if single.fullmatch(c)][:_WIDTH] or ["a"]


@dataclass
class Pieces:
    """What a pattern is made of: strings its parts match (`pieces`), and for each
    repetition the texts that lead up to it (`prefixes`) with what it repeats (`pumps`)."""

    pieces: set[str]
    targets: list[tuple[list[str], list[str]]]


def pattern_pieces(pattern: re.Pattern[str]) -> Pieces:
    found = Pieces(set(), [])
    tree = sre_parse.parse(pattern.pattern, pattern.flags)
    _sequence(list(tree), pattern.flags, [""], found)
    found.pieces = {p for p in found.pieces if 0 < len(p) <= _MAX_PIECE}
    return found


def _sequence(items: list[Any], flags: int, before: list[str], found: Pieces) -> list[str]:
    """Variants of a sequence of items (one item varied at a time, the rest at their first
    variant), noting every repetition inside it with the text leading up to it."""
    chosen: list[list[str]] = []
    for item in items:
        so_far = _join_variants(chosen)
        prefixes = _cap([b + s for b in before for s in so_far])
        chosen.append(_item(item, flags, prefixes, found))
    variants = _join_variants(chosen)
    found.pieces.update(variants)
    return variants


def _join_variants(chosen: list[list[str]]) -> list[str]:
    base = [options[0] if options else "" for options in chosen]
    out = ["".join(base)]
    for at, options in enumerate(chosen):
        for option in options[1:]:
            out.append("".join([*base[:at], option, *base[at + 1 :]]))
    return _cap(out)


def _cap(strings: list[str]) -> list[str]:
    return list(dict.fromkeys(strings))[:_MAX_VARIANTS]


def _item(item: tuple[Any, Any], flags: int, before: list[str], found: Pieces) -> list[str]:
    op, av = item
    name = str(op)
    if name == "LITERAL":
        return [chr(av)]
    if name in {"NOT_LITERAL", "ANY", "IN"}:
        chars = _class_chars(item, flags)
        found.pieces.update(chars)
        return chars
    if name == "BRANCH":
        each = [_sequence(list(alternative), flags, before, found) for alternative in av[1]]
        # The first variant of every alternative before any second one: each is tried.
        longest = max(len(variants) for variants in each)
        return _cap([v[n] for n in range(longest) for v in each if n < len(v)])
    if name == "SUBPATTERN":
        group_flags = (flags | av[1]) & ~av[2]
        return _sequence(list(av[3]), group_flags, before, found)
    if name == "ATOMIC_GROUP":
        return _sequence(list(av), flags, before, found)
    if name in {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}:
        low, high, body = av
        inner = _sequence(list(body), flags, before, found)
        if high > 1:  # a repetition: pump what it repeats, and each character inside it
            chars = [p for p in found.pieces if len(p) == 1 and any(p in v for v in inner)]
            found.targets.append((before, _cap([*inner, *sorted(chars)])))
        variants = [v * max(low, 1) for v in inner]
        return _cap([*variants, ""] if low == 0 else variants)
    if name == "GROUPREF_EXISTS":
        return _sequence(list(av[1]), flags, before, found)
    if name in {"ASSERT", "ASSERT_NOT"}:  # lookarounds match no text, but hold pieces
        _sequence(list(av[1]), flags, before, found)
    return [""]  # anchors, \b, back references


# --- measuring growth -----------------------------------------------------------------------

# A scan that visits every character whatever it is (`.|\n`, not `[\s\S]`, which the engine
# runs at different speeds on different characters, or `.*` with DOTALL, which it skips).
_LINEAR_SCAN = re.compile(r"(?:.|\n)*+")
_STOP_SECONDS = 0.002  # a run this long ends the growth of k (never asserted on)
_MAX_CHARS = 4_000
_SHORT = 256
_BOUND = 3.0  # growth over eight times the size, relative to a linear scan (quadratic: ~8)


def _run_pattern(pattern: re.Pattern[str], text: str) -> None:
    for _ in pattern.finditer(text):
        pass
    pattern.fullmatch(text)


def _run_scan(_: re.Pattern[str], text: str) -> None:
    _LINEAR_SCAN.match(text)


def _seconds(
    run: Callable[[re.Pattern[str], str], None], pattern: re.Pattern[str], text: str, repeat: int
) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run(pattern, text)
        best = min(best, time.perf_counter() - start)
    return best


@dataclass(frozen=True)
class Attack:
    prefix: str
    pump: str
    suffix: str

    def text(self, k: int) -> str:
        return self.prefix + self.pump * k + self.suffix

    def __str__(self) -> str:
        return f"{self.prefix!r} + {self.pump!r} * k + {self.suffix!r}"


def growth(pattern: re.Pattern[str], attack: Attack, repeat: int = 5) -> float:
    """How much faster than a linear scan the pattern's cost grows from k/8 to k, where k is
    as large as _MAX_CHARS allows or where one run first took _STOP_SECONDS."""
    k = 1
    while True:
        text = attack.text(k)
        if _seconds(_run_pattern, pattern, text, 1) > _STOP_SECONDS:
            break
        if len(text) >= _MAX_CHARS:
            break
        # A quarter more at a time while the text is short, where an exponential pattern
        # explodes; doubling beyond, where only a polynomial can still grow (8x at most).
        k = max(k + 1, int(k * 1.25)) if len(text) < _SHORT else k * 2
    big, small = attack.text(k), attack.text(max(k // 8, 1))
    pattern_growth = _seconds(_run_pattern, pattern, big, repeat) / _seconds(
        _run_pattern, pattern, small, repeat
    )
    scan_growth = _seconds(_run_scan, pattern, big, repeat) / _seconds(
        _run_scan, pattern, small, repeat
    )
    return pattern_growth / scan_growth


def is_super_linear(pattern: re.Pattern[str], attack: Attack) -> bool:
    """Growth above the bound, three times over (a busy machine can slow one measurement)."""
    return all(growth(pattern, attack, repeat) > _BOUND for repeat in (3, 5, 9))


_SUFFIXES = ("", "\x00")
_MAX_ATTACKS = 240  # per pattern, so that the long alternations do not dominate the run


def attacks(pattern: re.Pattern[str]) -> list[Attack]:
    """Adversarial inputs for a pattern: for each repetition in turn (round robin), its
    shortest pumps first, each after every prefix; then each piece of the pattern alone."""
    found = pattern_pieces(pattern)
    per_target = [
        [
            Attack(prefix, pump, suffix)
            for pump in sorted(pumps, key=len)
            if pump
            for prefix in prefixes
            for suffix in _SUFFIXES
        ]
        for prefixes, pumps in found.targets
    ]
    ordered = [
        attack
        for round_ in itertools.zip_longest(*per_target)
        for attack in round_
        if attack is not None
    ]
    alone = [
        Attack("", piece, suffix)
        for piece in sorted(found.pieces, key=lambda piece: (len(piece), piece))
        for suffix in _SUFFIXES
    ]
    # The pieces alone (a search restarted at every position) get a share of their own.
    chosen = list(dict.fromkeys(ordered))[: _MAX_ATTACKS * 2 // 3]
    taken = set(chosen)
    chosen += [attack for attack in dict.fromkeys(alone) if attack not in taken]
    return chosen[:_MAX_ATTACKS]


def first_super_linear(pattern: re.Pattern[str]) -> Attack | None:
    for attack in attacks(pattern):
        # One quick measurement screens; only a suspect is measured again, more carefully.
        if growth(pattern, attack, repeat=2) > _BOUND and is_super_linear(pattern, attack):
            return attack
    return None


# --- the tests --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_each_pattern_runs_in_linear_time(name: str) -> None:
    attack = first_super_linear(PATTERNS[name])
    assert attack is None, f"{name} is super-linear on {attack}"


@st.composite
def random_attacks(draw: st.DrawFn) -> tuple[str, Attack]:
    name = draw(st.sampled_from(sorted(PATTERNS)))
    found = pattern_pieces(PATTERNS[name])
    pieces = sorted(found.pieces)
    prefixes = sorted({p for before, _ in found.targets for p in before} | {""})
    prefix = draw(st.sampled_from(prefixes))
    pump = "".join(draw(st.lists(st.sampled_from(pieces), min_size=1, max_size=3)))
    suffix = draw(st.sampled_from(["", "\x00", " ", "a", "A", "1", "-", ".", "@", ")"]))
    return name, Attack(prefix, pump, suffix)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_attacks())
def test_random_pieces_of_each_pattern_run_in_linear_time(case: tuple[str, Attack]) -> None:
    name, attack = case
    if growth(PATTERNS[name], attack, repeat=2) > _BOUND:
        assert not is_super_linear(PATTERNS[name], attack), f"{name} on {attack}"


# --- the fuzzer itself catches what it is for ------------------------------------------------

# The date-of-birth pattern before the fix: "born" then colons backtracked exponentially.
_OLD_DOB = re.compile(
    r"\b(?:d\.?o\.?b\b\.?|date\s+of\s+birth|birth\s*date|born)"
    r"(?:[\s:;,.()-]{0,3}(?:is|was|on|of|the|:))*?[\s:;,.()-]{0,3}"
    r"(?P<date>\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})(?!\d))",
    re.IGNORECASE,
)


_KEYWORDS = ("born", "dob", "D.O.B", "date of birth", "birth date")


def test_the_fuzzer_catches_the_old_date_of_birth_pattern() -> None:
    found = first_super_linear(_OLD_DOB)
    assert found is not None
    assert found.pump == ":" and found.prefix.lower().startswith(("d", "b")), found


@pytest.mark.parametrize("keyword", _KEYWORDS)
def test_a_keyword_then_colons_was_super_linear_and_is_linear_now(keyword: str) -> None:
    from assurance_cli.checks.privacy.contact import _DOB

    assert is_super_linear(_OLD_DOB, Attack(keyword, ":", ""))
    assert not is_super_linear(_DOB, Attack(keyword, ":", ""))


def test_the_fuzzer_catches_a_quadratic_search() -> None:
    # A search retried at every start of a long run rescans the run: "a" * k.
    assert first_super_linear(re.compile(r"[a-z]+@[a-z]+")) is not None
    assert first_super_linear(re.compile(r"\d+x")) is not None


def test_the_fuzzer_passes_linear_patterns() -> None:
    for source in (r"\d+", r"(?<![a-z])[a-z]+@[a-z]+", r"(?<![\w-])\d{3}[ -]\d{3}(?![\w-])"):
        assert first_super_linear(re.compile(source)) is None, source
