from __future__ import annotations

import pytest

from talkback.moderation.policy import Policy
from talkback.moderation.taxonomy import CATEGORIES


def scores(**given: float) -> dict[str, float]:
    return {code: given.get(code, 0.0) for code in CATEGORIES}


def test_it_approves_when_every_score_is_under_its_review_threshold():
    assert Policy.default().decide(scores(threat=0.49)) == ("approve", ())


def test_it_rejects_with_every_category_over_its_reject_threshold():
    decision = Policy.default().decide(scores(profanity=0.9, threat=0.85, promotion=0.6))

    assert decision == ("reject", ("profanity", "threat"))


def test_it_sends_uncertain_scores_to_review():
    assert Policy.default().decide(scores(personal_attack=0.6)) == ("review", ("personal_attack",))


def test_it_takes_a_sites_thresholds_over_the_defaults():
    policy = Policy.from_dict({"profanity": {"reject": 0.95}})

    assert policy.decide(scores(profanity=0.9)) == ("review", ("profanity",))
    assert policy.thresholds["threat"].reject == 0.8


def test_a_disabled_category_never_counts():
    policy = Policy.from_dict({"off_topic": None})

    assert policy.decide(scores(off_topic=1.0)) == ("approve", ())
    assert policy.to_dict()["off_topic"] is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"swearing": {"reject": 0.5}}, "unknown category codes: swearing"),
        ({"threat": {"reject": 1.5}}, "between 0 and 1"),
        ({"threat": {"reject": True}}, "between 0 and 1"),
        ({"threat": {"review": 0.9, "reject": 0.8}}, "cannot be above"),
        ({"threat": {"block": 0.9}}, "expected"),
        ({"threat": 0.9}, "expected"),
        (["threat"], "mapping"),
    ],
)
def test_it_refuses_an_invalid_policy_naming_the_problem(data, message):
    with pytest.raises(ValueError, match=message):
        Policy.from_dict(data)
