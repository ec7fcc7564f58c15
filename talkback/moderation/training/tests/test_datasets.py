from __future__ import annotations

from pathlib import Path

from talkback.moderation.training.datasets import (
    Example,
    davidson,
    ethos,
    load,
    merge_duplicates,
    olid,
    split_of,
    typed_toxic_spans,
    youtube_spam,
)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_the_split_is_fixed_by_the_text_whatever_its_spacing_or_case():
    assert split_of("Go home, you're drunk") == split_of("  GO HOME,   you're drunk ")
    splits = {split_of(f"comment number {n}") for n in range(200)}
    assert splits == {"train", "dev"}


def test_the_dev_split_is_about_fifteen_percent():
    dev = sum(split_of(f"comment number {n}") == "dev" for n in range(4000))
    assert 0.12 < dev / 4000 < 0.18


def test_olid_untargeted_offence_is_profanity_and_not_an_attack(tmp_path):
    write(
        tmp_path / "olid" / "olid-training-v1.0.tsv",
        "id\ttweet\tsubtask_a\tsubtask_b\tsubtask_c\n"
        "1\t@USER what a fucking day URL\tOFF\tUNT\tNULL\n"
        "2\t@USER you are a clown\tOFF\tTIN\tIND\n"
        "3\tliberals are all the same\tOFF\tTIN\tGRP\n"
        "4\tnice weather today\tNOT\tNULL\tNULL\n",
    )
    examples = list(olid(tmp_path))

    assert examples[0].labels["profanity"] == 1 and examples[0].labels["personal_attack"] == 0
    assert examples[1].labels == {"offensive": 1, "personal_attack": 1}
    assert examples[2].labels == {"offensive": 1}, "a group target says nothing of our categories"
    assert examples[3].labels["identity_abuse"] == 0 and examples[3].labels["offensive"] == 0


def test_davidson_offensive_language_names_no_category_and_tweets_are_cleaned(tmp_path):
    write(
        tmp_path / "davidson" / "labeled_data.csv",
        ",count,hate_speech,offensive_language,neither,class,tweet\n"
        "0,3,0,3,0,1,RT @someone: you &amp; your crew\n"
        "1,3,3,0,0,0,hateful tweet\n",
    )
    offensive, hateful = davidson(tmp_path)

    assert offensive.text == "you & your crew"
    assert offensive.labels == {"offensive": 1}
    assert hateful.labels == {"offensive": 1, "identity_abuse": 1}


def test_ethos_maps_its_target_columns_onto_identity_targets(tmp_path):
    write(
        tmp_path / "ethos" / "Ethos_Dataset_Binary.csv",
        "comment;isHate\nThey should all be sent back;0.9\nI like trains;0.0\nunsure;0.4\n",
    )
    write(
        tmp_path / "ethos" / "Ethos_Dataset_Multi_Label.csv",
        "comment;violence;directed_vs_generalized;gender;race;national_origin;disability;"
        "religion;sexual_orientation\nThey should all be sent back;0.6;0;0;0;1;0;0.2;0\n",
    )
    examples = list(ethos(tmp_path))

    assert len(examples) == 2, "annotators who disagree give no example"
    hateful, clean = examples
    assert hateful.labels == {"offensive": 1, "identity_abuse": 1, "threat": 1}
    assert {t for t, v in hateful.targets.items() if v} == {"xenophobia"}
    assert clean.labels == {"identity_abuse": 0, "threat": 0}


def test_typed_spans_need_half_the_annotators_to_agree_and_leave_insults_out(tmp_path):
    folder = tmp_path / "toxic_spans" / "typed"
    write(folder / "comments.csv", "comment_id,comment_text\n10,I will hurt you\n11,Lovely day\n")
    write(
        folder / "annotations.csv",
        "annotation,comment_id,worker,country,all toxic,not toxic\n"
        + "".join(f"{n},10,{n},USA,False,False\n" for n in range(1, 4))
        + "".join(f"{n},11,{n},USA,False,True\n" for n in range(4, 7)),
    )
    write(
        folder / "spans.csv",
        "annotation,type,start,end\n1,Threat,0,14\n2,Threat,7,14\n3,Profane/Obscene,0,3\n"
        "3,Insult,0,3\n",
    )
    threat, clean = typed_toxic_spans(tmp_path)

    assert threat.labels["threat"] == 1 and threat.labels["identity_abuse"] == 0
    assert "profanity" not in threat.labels, "one annotator in three is not agreement"
    assert "personal_attack" not in threat.labels, "insults of a toxic-only sample teach style"
    assert clean.labels == {"threat": 0, "identity_abuse": 0, "profanity": 0, "promotion": 0}


def test_youtube_spam_is_promotion(tmp_path):
    write(
        tmp_path / "youtube_spam" / "Youtube01-Psy.csv",
        "COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS\n"
        "a,x,2013,check out my channel &amp; subscribe,1\nb,y,2013,great song,0\n",
    )
    spam, ham = youtube_spam(tmp_path)

    assert spam.text == "check out my channel & subscribe"
    assert spam.labels == {"promotion": 1} and ham.labels == {"promotion": 0}


def test_a_missing_set_is_left_out_not_an_error(tmp_path):
    assert load(["olid", "phate"], tmp_path) == {}


def test_duplicates_merge_and_disagreement_makes_a_label_unknown():
    first = Example("You are a clown", "en", "olid", {"offensive": 1, "personal_attack": 1})
    second = Example("you are a  CLOWN", "en", "typed", {"offensive": 1, "personal_attack": 0})
    third = Example("You are a clown", "en", "other", {"threat": 0})

    (merged,) = merge_duplicates([first, second, third])

    assert merged.labels == {"offensive": 1, "threat": 0}
    assert merged.source == "olid"
