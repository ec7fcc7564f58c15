from __future__ import annotations

import pytest

from talkback.moderation import CommentInput, Engine
from talkback.moderation.threats import EXPLICIT_WEIGHT, VEILED_WEIGHT, find_threats


@pytest.mark.parametrize(
    "text",
    [
        "Someone should shoot that judge.",
        "i'll personally strangle you",
        "Gas them all.",
        "hang every last one of them",
        "They deserve to be hanged in public",
        "We should burn them alive",
        "we are going to slaughter you",
        "Let's lynch the mayor",
        "Behead the traitors!",
        "He should be shot dead",
    ],
)
def test_it_finds_violence_promised_or_called_for_against_people(text: str) -> None:
    (match,) = find_threats(text)

    assert match.code == "threat" and match.weight == EXPLICIT_WEIGHT and not match.quoted


@pytest.mark.parametrize(
    "text",
    [
        "I hope you die slowly",
        "may your children starve",
        "I know where you live",
        "your days are numbered",
        "Sleep well. While you still can.",
    ],
)
def test_it_finds_death_wishes_and_intimidation(text: str) -> None:
    assert [m.code for m in find_threats(text)] == ["threat"]


@pytest.mark.parametrize(
    "text",
    [
        "The strike killed 44 militants.",
        "He was shot dead in 2019.",
        "The officers should be charged and face trial.",
        "This tax will kill small businesses.",
        "I could kill for a coffee",
        "The comedian killed it",
        "Let's end this war",
        "Kill the bill!",
        "They should be fired",
        "Shoot me an email",
        "burn the documents",
    ],
)
def test_it_leaves_reporting_justice_and_figures_of_speech_alone(text: str) -> None:
    assert find_threats(text) == []


def test_offsets_point_into_the_text_as_written() -> None:
    text = "Honestly? SOMEONE SHOULD ＳＨＯＯＴ HIM."

    (match,) = find_threats(text)

    assert text[match.start : match.end] == "SOMEONE SHOULD ＳＨＯＯＴ HIM"


def test_a_threat_quoted_to_report_it_is_marked_quoted() -> None:
    (match,) = find_threats("The minister said 'we will hang the traitors' and the crowd cheered")

    assert match.quoted


def test_a_veiled_phrase_is_weaker_than_an_explicit_threat() -> None:
    (match,) = find_threats("You'll pay for this at the ballot box.")

    assert match.weight == VEILED_WEIGHT < EXPLICIT_WEIGHT


def test_the_engine_rejects_a_threat_with_its_span() -> None:
    text = "Great article. People need to hang the judge who freed him."

    verdict = Engine().moderate(CommentInput(text))

    assert verdict.decision == "reject" and "threat" in verdict.reasons
    assert any(
        text[s.start : s.end] == "People need to hang the judge" and s.code == "threat"
        for s in verdict.spans
    )


def test_the_engine_sends_a_quoted_threat_to_review_not_rejection() -> None:
    verdict = Engine().moderate(
        CommentInput("The general told the crowd 'we will hang the traitors'. Chilling to hear.")
    )

    assert verdict.decision != "reject"
