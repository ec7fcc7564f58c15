from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from talkback.moderation.normalise import normalise

ZERO_WIDTH = {
    "zero width space": "\u200b",
    "zero width non-joiner": "\u200c",
    "zero width joiner": "\u200d",
    "word joiner": "\u2060",
    "soft hyphen": "\u00ad",
    "byte order mark": "\ufeff",
    "right-to-left override": "\u202e",
    "left-to-right isolate": "\u2066",
}

ARABIC_LETTERS = [chr(c) for c in range(0x0621, 0x064B)]
ARABIC_MARKS = [chr(c) for c in range(0x064B, 0x0656)]


def test_it_lower_cases_plain_ascii_and_keeps_offsets_one_to_one():
    normalised = normalise("Hello, World! 42")

    assert normalised.text == "hello, world! 42"
    assert normalised.origin == tuple(range(16))


@pytest.mark.parametrize(
    "text",
    [
        "ｆｕｃｋ",  # fullwidth
        "\N{MATHEMATICAL BOLD SMALL F}\N{MATHEMATICAL BOLD SMALL U}"
        "\N{MATHEMATICAL BOLD SMALL C}\N{MATHEMATICAL BOLD SMALL K}",
        "\N{CIRCLED LATIN CAPITAL LETTER F}\N{CIRCLED LATIN SMALL LETTER U}"
        "\N{CIRCLED LATIN SMALL LETTER C}\N{CIRCLED LATIN SMALL LETTER K}",
        "FuCK",
    ],
)
def test_it_folds_compatibility_forms_and_case(text):
    assert normalise(text).text == "fuck"


def test_it_expands_ligatures_and_maps_both_letters_to_their_source():
    normalised = normalise("a\N{LATIN SMALL LIGATURE FI}x")

    assert normalised.text == "afix"
    assert normalised.origin == (0, 1, 1, 2)
    assert normalised.original_span(2, 3) == (1, 2)


@pytest.mark.parametrize("name", ZERO_WIDTH)
def test_it_drops_zero_width_and_format_characters(name):
    char = ZERO_WIDTH[name]

    normalised = normalise(f"f{char}u{char}ck")

    assert normalised.text == "fuck"
    assert normalised.origin == (0, 2, 4, 5)


def test_it_drops_letters_that_render_as_nothing():
    assert normalise("sh\N{HANGUL FILLER}it").text == "shit"


@pytest.mark.parametrize(
    "text",
    [
        "f\N{LATIN SMALL LETTER U WITH DIAERESIS}ck",
        "fu\N{COMBINING DIAERESIS}ck",
        "f\u0336u\u0336c\u0336k\u0336",  # struck through
        "f\u0301\u0302\u0303u\u0304ck",  # stacked marks
    ],
)
def test_it_drops_combining_marks_on_latin_letters(text):
    assert normalise(text).text == "fuck"


def test_it_maps_a_span_end_over_the_combining_marks_of_its_last_letter():
    text = "f\u0336u\u0336c\u0336k\u0336!"

    normalised = normalise(text)

    assert normalised.original_span(0, 4) == (0, 8)


def test_it_keeps_a_mark_that_follows_a_zero_width_character_with_its_letter():
    text = "k\u200b\u0336 x"

    normalised = normalise(text)

    assert normalised.text == "k x"
    assert normalised.original_span(0, 1) == (0, 3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fu\N{CYRILLIC SMALL LETTER ES}k", "fuck"),
        ("\N{CYRILLIC CAPITAL LETTER DZE}hit", "shit"),
        ("sh\N{GREEK SMALL LETTER IOTA}\N{GREEK SMALL LETTER TAU}", "shit"),
        (
            "b\N{CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I}t\N{CYRILLIC SMALL LETTER ES}h",
            "bitch",
        ),
        ("\N{GREEK CAPITAL LETTER ETA}ell", "hell"),
        ("f\N{GREEK SMALL LETTER MU}ck", "fuck"),
        ("f\N{CYRILLIC SMALL LETTER IO}ck", "feck"),  # ё: marks go before the look-alike maps
    ],
)
def test_it_maps_look_alike_letters_inside_a_latin_word(text, expected):
    assert normalise(text).text == expected


def test_it_maps_a_word_made_only_of_look_alikes():
    text = (
        "\N{CYRILLIC CAPITAL LETTER DZE}\N{CYRILLIC SMALL LETTER SHHA}"
        "\N{CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I}\N{CYRILLIC SMALL LETTER TE}"
    )

    assert normalise(text).text == "shit"


@pytest.mark.parametrize("word", ["привет", "Россия", "ёлка", "Καλημέρα", "Ελλάδα", "йод"])
def test_it_leaves_real_cyrillic_and_greek_words_alone(word):
    assert normalise(word).text == unicodedata.normalize("NFKC", word.casefold())


def test_it_cannot_tell_a_real_word_of_look_alikes_from_a_disguised_one():
    # The price of catching words disguised from end to end: "Москва" reads as "mockba".
    assert normalise("Москва").text == "mockba"


@pytest.mark.parametrize(
    "text",
    [
        "بِسْمِ اللَّهِ",
        "قصفت القوات الجوية العراقية هدفين في سوريا",
        "سلامت باشید",
        "ئەمڕۆ هەواڵێکی گرنگ",
    ],
)
def test_it_passes_arabic_script_through_with_its_marks(text):
    assert normalise(text).text == unicodedata.normalize("NFKC", text)


def test_it_removes_the_persian_zero_width_non_joiner_as_a_format_character():
    assert normalise("می\u200cخواهم").text == "میخواهم"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\N{LATIN SMALL LETTER L WITH STROKE}\N{LATIN SMALL LETTER O WITH STROKE}l", "lol"),
        ("sh\N{LATIN SMALL LETTER DOTLESS I}t", "shit"),
        (
            "\N{LATIN LETTER SMALL CAPITAL F}\N{LATIN LETTER SMALL CAPITAL U}"
            "\N{LATIN LETTER SMALL CAPITAL C}\N{LATIN LETTER SMALL CAPITAL K}",
            "fuck",
        ),
        ("\U0001f175\U0001f184\U0001f172\U0001f17a", "fuck"),  # negative squared F U C K
        ("stra\N{LATIN SMALL LETTER SHARP S}e", "strasse"),
    ],
)
def test_it_maps_latin_letters_that_do_not_decompose_by_their_name(text, expected):
    assert normalise(text).text == expected


@pytest.mark.parametrize("text", ["sh1t", "f*ck", "fuuuuck", "f u c k", "$hit"])
def test_it_leaves_leetspeak_masks_repeats_and_spacing_to_the_matcher(text):
    assert normalise(text).text == text


def test_it_refuses_an_empty_or_out_of_range_span():
    normalised = normalise("abc")

    for start, end in [(1, 1), (2, 1), (-1, 2), (0, 4)]:
        with pytest.raises(ValueError):
            normalised.original_span(start, end)


@given(st.text())
def test_it_keeps_origin_non_decreasing_within_bounds_and_as_long_as_text(text):
    normalised = normalise(text)

    assert normalised.original == text
    assert len(normalised.origin) == len(normalised.text)
    assert list(normalised.origin) == sorted(normalised.origin)
    assert all(0 <= index < len(text) for index in normalised.origin)


@given(st.text(), st.data())
def test_it_maps_every_span_back_inside_the_original(text, data):
    normalised = normalise(text)
    if not normalised.text:
        return
    start = data.draw(st.integers(0, len(normalised.text) - 1))
    end = data.draw(st.integers(start + 1, len(normalised.text)))

    original_start, original_end = normalised.original_span(start, end)

    assert 0 <= original_start < original_end <= len(text)
    assert original_start == normalised.origin[start]
    assert original_end > normalised.origin[end - 1]


@given(st.text(alphabet=st.characters(max_codepoint=0x7F)))
def test_it_treats_ascii_as_lower_casing_only(text):
    normalised = normalise(text)

    assert normalised.text == text.lower()
    assert normalised.origin == tuple(range(len(text)))


arabic_word = st.lists(
    st.tuples(
        st.sampled_from(ARABIC_LETTERS),
        st.lists(st.sampled_from(ARABIC_MARKS), max_size=2),
        st.sampled_from(["", "", "\u200c", "\u200b"]),
    ),
    min_size=1,
    max_size=8,
).map(lambda letters: "".join(base + "".join(marks) + joiner for base, marks, joiner in letters))


@given(st.lists(arabic_word, min_size=1, max_size=6).map(" ".join))
def test_it_changes_arabic_only_by_nfkc_and_format_removal(text):
    without_format = "".join(c for c in text if unicodedata.category(c) != "Cf")

    assert normalise(text).text == unicodedata.normalize("NFKC", without_format)
