from __future__ import annotations

from talkback.moderation.targets import targets_named


def test_it_names_each_group_a_text_mentions_in_taxonomy_order():
    assert targets_named("Muslims and women should stay out") == ("sexism", "religion")


def test_plurals_and_obfuscated_spellings_of_a_group_still_count():
    assert targets_named("R3fugees are vermin") == ()  # digits are not folded: lexicon's job
    assert targets_named("Ｒefugees are vermin") == ("xenophobia",)
    assert targets_named("the mentally   ill") == ("disability",)


def test_words_that_merely_contain_a_group_name_do_not_count():
    assert targets_named("The Jewelry shop on Gayle Street") == ()
    assert targets_named("a handicraft market") == ()
    assert targets_named("Turkey and the blackout hit arable land") == ()


def test_a_star_allows_the_usual_endings():
    assert targets_named("Jewish families") == ("religion",)
    assert targets_named("the Turks") == ("xenophobia",)


def test_curly_and_straight_apostrophes_name_the_same_group():
    assert targets_named("mocking Down’s syndrome") == ("disability",)
    assert targets_named("mocking Down's syndrome") == ("disability",)
