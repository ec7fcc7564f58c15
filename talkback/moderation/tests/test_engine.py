from __future__ import annotations

import re
from typing import Any

import pytest

from talkback.moderation import CommentInput, Engine, Policy
from talkback.moderation.engine import SPAN_EVIDENCE
from talkback.moderation.taxonomy import ABUSE_CATEGORIES, CATEGORIES


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

    assert verdict["decision"] == "review" and "profanity" in verdict["reasons"]
    assert verdict["scores"]["profanity"] <= 0.5


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
    text = CommentInput(text="The minister's speech was shit.")

    strict = Engine().moderate(text)
    verdict = Engine().moderate(text, lenient)

    assert "profanity" in strict.reasons and strict.decision == "reject"
    assert "profanity" not in verdict.reasons and verdict.decision != "reject"


def test_it_names_the_model_version_with_the_lexicon_and_model_contents():
    version = Engine().model_version

    assert re.fullmatch(r"talkback-3\+lexicon\.[0-9a-f]{10}\+models\.[0-9a-f]{10}", version)
    assert moderate("hello")["model_version"] == version


def test_it_moderates_a_batch_in_order():
    engine = Engine()
    verdicts = engine.moderate_batch([CommentInput("hello there"), CommentInput("shit")])

    assert [v.decision for v in verdicts] == ["approve", "reject"]


def test_the_classifiers_reject_an_insult_the_lexicon_does_not_know():
    verdict = moderate("You are a pathetic, brainless clown and everyone here knows it.")

    assert verdict["decision"] == "reject"
    assert "personal_attack" in verdict["reasons"]
    assert verdict["spans"], "a rejection shows the offending words"
    assert {span["code"] for span in verdict["spans"]} <= set(verdict["reasons"])


def test_reporting_violence_is_not_a_threat():
    verdict = moderate("The air strike killed 44 militants and wounded several civilians.")

    assert verdict["decision"] == "approve"
    assert verdict["scores"]["threat"] < 0.5


def test_a_death_wish_is_a_threat():
    verdict = moderate("I hope someone shoots you and your whole family.")

    assert verdict["decision"] == "reject" and "threat" in verdict["reasons"]


def test_identity_abuse_names_the_attacked_group():
    verdict = moderate("Muslims are filthy animals and should be thrown out of this country.")

    assert "identity_abuse" in verdict["reasons"]
    assert "religion" in verdict["targets"]


def test_a_spam_comment_is_promotion():
    verdict = moderate("Check out my channel and subscribe!!! Free gift cards at http://bit.ly/x")

    assert "promotion" in verdict["reasons"]


def test_abuse_at_the_end_of_a_very_long_comment_is_still_found():
    padding = "The council met on Tuesday to discuss the new budget for schools. " * 1600
    text = padding + "And you, the author, are a worthless brainless idiot."
    assert len(text) > 100_000

    verdict = moderate(text)

    assert verdict["decision"] == "reject"
    assert any(span["start"] > 100_000 for span in verdict["spans"])


def test_odd_inputs_each_get_a_verdict_in_one_batch():
    texts = ["", "😀😀😀", "\x07\x1b[31m", "Привет, как дела? Hello!", "1234 5678", "a" * 20_000]

    verdicts = Engine().moderate_batch([CommentInput(text) for text in texts])

    assert len(verdicts) == len(texts)
    assert all(set(v.scores) == set(CATEGORIES) for v in verdicts)


def test_missing_model_files_are_named_in_the_error(tmp_path):
    from talkback.moderation.artifacts import ModelFileError
    from talkback.moderation.classifier import Classifier

    with pytest.raises(ModelFileError, match=r"scorer\.json"):
        Classifier.load(tmp_path)


def test_quoting_abuse_to_condemn_it_is_never_rejected_for_the_quote():
    verdict = moderate('The MP called them "filthy animals" on air.')

    assert verdict["decision"] != "reject"
    assert all(score <= 0.5 for score in verdict["scores"].values())


def test_an_approved_comment_marks_the_words_it_half_suspects_and_a_clean_one_none():
    engine = Engine()
    texts = [
        "The council made an idiotic decision about the bridge.",
        "The council published its decision about the bridge.",
    ]

    suspicious, clean = engine.moderate_batch([CommentInput(t) for t in texts])

    assert suspicious.decision == clean.decision == "approve"
    assert max(suspicious.scores[c] for c in ABUSE_CATEGORIES) >= SPAN_EVIDENCE
    assert [texts[0][s.start : s.end] for s in suspicious.spans] == ["idiotic"]
    assert clean.spans == ()
