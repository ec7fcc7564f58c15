from __future__ import annotations

from talkback.moderation.features import WINDOW_WORDS, prepare, windows, without_quotations


def test_links_and_handles_become_placeholders_and_obfuscation_is_folded():
    prepared = prepare("Ｃheck https://shop.example.com/x?y=1 and ping @seller_99 NOW")

    assert prepared == "check httpurl and ping @user now"


def test_a_short_text_is_one_window():
    assert windows("A short comment, with @someone") == ["a short comment, with @user"]


def test_a_long_text_is_read_sentence_by_sentence_to_its_end():
    sentences = [f"Sentence number {n} is about the budget." for n in range(300)]
    long_sentence = " ".join(f"w{n}" for n in range(200))

    parts = windows(" ".join([*sentences, long_sentence]))

    assert parts[0] == "sentence number 0 is about the budget."
    assert all(len(part.split()) <= WINDOW_WORDS for part in parts)
    assert parts[-1].split()[-1] == "w199", "nothing at the end of a long comment goes unread"
    assert len(parts) == 300 + 3


def test_short_quotations_are_cut_out_and_apostrophes_are_not_quotations():
    assert without_quotations("Calling refugees 'vermin' is vile") == "Calling refugees … is vile"
    assert without_quotations("He said “go home” twice") == "He said … twice"
    assert without_quotations("I don't think they're wrong") is None
    long_quote = '"' + " ".join(["word"] * 12) + '"'
    assert without_quotations(f"He wrote {long_quote}") is None, "a long quotation is speech"
