"""Certificate codes: the check character catches misreadings, and typing is forgiving."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from lms.services.certificate_codes import ALPHABET, check_character, new_code, normalise

DISPLAY_FORM = re.compile(
    r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}[0-9A-Z]"
)
TYPABLE = ALPHABET + "U"


@pytest.fixture(scope="module")
def codes() -> list[str]:
    return [new_code() for _ in range(25)] + ["0000-0000-000", "ZZZZ-ZZZZ-ZZX"]


def compact(code: str) -> str:
    return code.replace("-", "")


@pytest.mark.parametrize(
    ("body", "check"),
    [("0", "0"), ("Z", "Z"), ("10", "*"), ("11", "~"), ("12", "$"), ("13", "="), ("14", "U")],
)
def test_check_character_is_the_value_modulo_37_in_crockford_symbols(body, check):
    assert check_character(body) == check


def test_check_character_refuses_characters_outside_the_alphabet():
    with pytest.raises(ValueError, match="'U'"):
        check_character("ABU")


def test_new_code_has_the_documented_display_form():
    code = new_code()
    assert DISPLAY_FORM.fullmatch(code)
    assert check_character(compact(code)[:10]) == compact(code)[10]


def test_every_code_is_safe_in_a_url_path_as_it_is():
    for _ in range(2000):
        code = new_code()
        assert quote(code, safe="") == code
        assert DISPLAY_FORM.fullmatch(code)


def test_codes_do_not_repeat_over_many_draws():
    drawn = [new_code() for _ in range(20000)]
    assert len(set(drawn)) == len(drawn)


def test_normalise_returns_a_valid_code_unchanged(codes):
    for code in codes:
        assert normalise(code) == code


def test_normalise_ignores_case_spaces_and_hyphens(codes):
    for code in codes:
        squashed = compact(code)
        assert normalise(squashed.lower()) == code
        assert normalise(" ".join(squashed)) == code
        assert normalise(f" {squashed[:3]}--{squashed[3:7]} {squashed[7:]}\n") == code


def test_normalise_reads_ambiguous_letters_as_digits():
    assert check_character("1001110011") == "H"
    assert normalise("1oO1-iLOo-1lh") == "1001-1100-11H"


def test_every_single_character_substitution_is_refused(codes):
    for code in codes:
        squashed = compact(code)
        for position, original in enumerate(squashed):
            for replacement in TYPABLE:
                if replacement != original:
                    typo = squashed[:position] + replacement + squashed[position + 1 :]
                    assert normalise(typo) is None, (code, typo)


def test_every_adjacent_transposition_is_refused(codes):
    for code in codes:
        squashed = compact(code)
        for position in range(len(squashed) - 1):
            first, second = squashed[position], squashed[position + 1]
            if first != second:
                swapped = squashed[:position] + second + first + squashed[position + 2 :]
                assert normalise(swapped) is None, (code, swapped)


@pytest.mark.parametrize("text", ["", "7KQ2-M9XD-H3", "7KQ2-M9XD-H3ZZ", "-- --", "7KQ2M9XDH3ZZZZZ"])
def test_normalise_refuses_the_wrong_length(text):
    assert normalise(text) is None


def test_normalise_refuses_characters_outside_the_alphabet():
    body = "ABCDEFGHJK"
    assert normalise(body + check_character(body)) is not None
    assert normalise("ABCDEFGHJU" + check_character(body)) is None
    assert normalise("ABCDEFGHJ!" + check_character(body)) is None


def test_normalise_refuses_codes_whose_check_is_a_symbol():
    body = next(
        candidate
        for candidate in (f"{number:010d}" for number in range(100))
        if check_character(candidate) in "*~$="
    )
    assert normalise(body + check_character(body)) is None
