from __future__ import annotations

from typing import Any

from talkback.moderation import CommentInput, Engine, Policy
from talkback.moderation.taxonomy import CATEGORIES


def moderate(text: str, **kwargs) -> dict[str, Any]:
    return Engine().moderate(CommentInput(text=text, **kwargs)).to_dict()


def test_it_approves_a_clean_english_comment_with_every_score():
    verdict = moderate("The coalition should publish its civilian casualty figures.")

    assert verdict["decision"] == "approve" and verdict["reasons"] == []
    assert set(verdict["scores"]) == set(CATEGORIES)
    assert verdict["lang"] == "en" and verdict["spans"] == []


def test_it_rejects_obfuscated_profanity_with_spans_in_original_offsets():
    text = "You are full of ｓｈ1ｔ, honestly"

    verdict = moderate(text)

    assert verdict["decision"] == "reject" and verdict["reasons"] == ["profanity"]
    (span,) = verdict["spans"]
    assert text[span["start"] : span["end"]] == "ｓｈ1ｔ"


def test_it_sends_a_quoted_swear_word_to_review_not_rejection():
    verdict = moderate('Is the word "fuck" really banned on this site?')

    assert verdict["decision"] == "review" and verdict["reasons"] == ["profanity"]


def test_it_sends_a_language_it_cannot_read_to_review_with_that_reason():
    verdict = moderate("قصفت القوات الجوية العراقية هدفين في سوريا")

    assert verdict["decision"] == "review"
    assert verdict["reasons"] == ["unsupported_language"]
    assert verdict["lang"] == "ar"


def test_it_still_rejects_english_profanity_inside_a_comment_in_another_language():
    verdict = moderate("هذا الخبر fucking كذب", lang="ar")

    assert verdict["decision"] == "reject" and verdict["reasons"] == ["profanity"]


def test_it_honours_the_language_it_is_given():
    assert moderate("Bu haber çok önemli", lang="en")["lang"] == "en"


def test_it_applies_the_policy_it_is_given():
    lenient = Policy.from_dict({"profanity": None})

    verdict = Engine().moderate(CommentInput(text="fuck this"), lenient)

    assert verdict.decision == "approve"


def test_it_names_the_model_version_with_the_lexicon_contents():
    version = Engine().model_version

    assert version.startswith("talkback-1+lexicon.")
    assert moderate("hello")["model_version"] == version


def test_it_moderates_a_batch_in_order():
    engine = Engine()
    verdicts = engine.moderate_batch([CommentInput("hello there"), CommentInput("shit")])

    assert [v.decision for v in verdicts] == ["approve", "reject"]
