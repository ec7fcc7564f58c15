from __future__ import annotations

import pytest

from talkback.moderation.language import detect_language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The strike killed 44 militants, the air force said.", "en"),
        ("قصفت القوات الجوية العراقية هدفين في سوريا", "ar"),
        ("نیروی هوایی عراق دو هدف را در سوریه بمباران کرد", "fa"),
        ("هێزی ئاسمانی عێراق دوو ئامانجی لە سووریا بۆردومان کرد", "ckb"),
        ("Hava kuvvetleri Suriye'de iki hedefi vurdu ve bir açıklama yaptı", "tr"),
        ("Hêza asmanî ya Iraqê li Sûriyê du armanc bombebaran kirin û ev jî pir girîng e", "kmr"),
        ("12345 !!!", "und"),
        ("", "und"),
    ],
)
def test_it_tells_the_publishers_languages_apart(text, lang):
    assert detect_language(text) == lang
