from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from typing import Any

import pytest

from talkback.moderation.evaluation.metrics import binary_metrics, confusion
from talkback.moderation.evaluation.report import (
    BASELINE_COLOUR,
    FAILING_COLOUR,
    MODEL_COLOUR,
    render_html,
    write_report,
)

SVG = "{http://www.w3.org/2000/svg}"
ATTACK = "<script>alert(1)</script>"
Y = [0, 0, 1, 1, 0, 1, 0, 1]
S = [0.1, 0.4, 0.35, 0.8, 0.2, 0.9, 0.7, 0.6]


def full_summary() -> dict[str, Any]:
    model = {"n": 8, "categories": {c: binary_metrics(Y, S, 0.5) for c in ("profanity", "threat")}}
    base = {"n": 8, "categories": {"profanity": binary_metrics(Y, [1 - v for v in S], 0.5)}}
    labels = ["approve", "reject", "review"]
    return {
        "model_version": "talkback-test+lexicon.abc",
        "created": "2025-11-25T10:00:00+00:00",
        "command": "talkback evaluate --out reports",
        "datasets": {"toxic <i>set</i>": model, "civil": model},
        "baseline": {"name": "alt-profanity-check 1.9.1", "datasets": {"toxic <i>set</i>": base}},
        "spans": {"semeval": {"f1": 0.61, "n": 2000}},
        "functional": {
            "total": 20,
            "passed": 14,
            "pass_rate": 0.7,
            "by_functionality": {
                "slur_h": {"n": 10, "passed": 9, "pass_rate": 0.9},
                "counter_quote_nh": {"n": 10, "passed": 5, "pass_rate": 0.5},
            },
            "target_accuracy": 0.8,
            "failures": [
                {
                    "id": "hc-1",
                    "functionality": "counter_quote_nh",
                    "text": ATTACK,
                    "expected": "approve",
                    "got": "reject",
                    "reasons": ["threat"],
                }
            ],
        },
        "decisions": {
            "labels": labels,
            "matrix": confusion(["approve", "reject"], ["approve", "review"], labels),
        },
        "timings": {"load": 1.5},
    }


def parse(html: str) -> ET.Element:
    return ET.fromstring(html)


class TagBalance(HTMLParser):
    """Fails on an end tag that does not close the innermost open element."""

    VOID = frozenset({"meta", "br", "line", "rect", "circle", "polyline"})

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag not in self.VOID:
            assert self.open and self.open.pop() == tag, f"</{tag}> closes nothing open"


def test_it_escapes_comment_texts_and_every_other_summary_string():
    html = render_html(full_summary())

    assert ATTACK not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html
    assert "<i>set</i>" not in html
    assert "toxic &lt;i&gt;set&lt;/i&gt;" in html


def test_it_draws_calibration_and_pr_charts_per_dataset_category_and_one_functional_chart():
    html = render_html(full_summary())

    # 2 datasets x 2 categories x (calibration + PR), and the functionality bars.
    assert html.count("<svg") == 2 * 2 * 2 + 1
    assert len(parse(html).findall(f".//{SVG}svg")) == 9


def test_it_is_well_formed():
    html = render_html(full_summary())
    checker = TagBalance()

    checker.feed(html)
    checker.close()

    assert checker.open == []
    assert parse(html).tag == "html"


def test_it_is_self_contained():
    html = render_html(full_summary())

    for reference in ("<link", "<img", "src=", "href=", "url(", "@import", "<script"):
        assert reference not in html


def test_it_gives_the_page_and_every_chart_an_accessible_title():
    root = parse(render_html(full_summary()))

    assert root.get("lang") == "en"
    assert "talkback-test+lexicon.abc" in root.findtext("head/title", "")
    for svg in root.iter(f"{SVG}svg"):
        assert svg.get("role") == "img"
        assert svg[0].tag == f"{SVG}title"
        assert svg[0].text
    figures = list(root.iter("figure"))
    assert len(figures) == 9
    assert all(figure[0].tag == "figcaption" for figure in figures)


def test_it_labels_both_axes_of_every_chart():
    root = parse(render_html(full_summary()))

    for svg in root.iter(f"{SVG}svg"):
        labels = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "label"]
        assert len(labels) == 2, labels


def test_it_overlays_the_baseline_pr_curve_with_a_legend_where_the_baseline_ran():
    root = parse(render_html(full_summary()))
    pr_charts = [
        svg for svg in root.iter(f"{SVG}svg") if "Precision" in svg.findtext(f"{SVG}title", "")
    ]

    def colours(svg: ET.Element) -> list[str | None]:
        return [line.get("stroke") for line in svg.iter(f"{SVG}polyline")]

    with_baseline = [svg for svg in pr_charts if BASELINE_COLOUR in colours(svg)]
    assert len(pr_charts) == 4
    assert len(with_baseline) == 1  # only "toxic <i>set</i>" / profanity has a baseline
    assert colours(with_baseline[0]) == [MODEL_COLOUR, BASELINE_COLOUR]
    legend = [t.text for t in with_baseline[0].iter(f"{SVG}text")]
    assert "Talkback" in legend
    assert "alt-profanity-check 1.9.1" in legend


def test_it_puts_the_baseline_beside_the_model_in_the_summary_table():
    summary = full_summary()
    html = render_html(summary)
    baseline_auc = summary["baseline"]["datasets"]["toxic <i>set</i>"]["categories"]["profanity"]

    assert "Baseline ROC-AUC" in html
    assert f'<td class="num baseline">{baseline_auc["roc_auc"]:.3f}</td>' in html


def test_it_colours_functionalities_under_the_pass_mark_as_failing():
    root = parse(render_html(full_summary()))
    bars = {
        rect.findtext(f"{SVG}title", "").split(":")[0]: rect.get("fill")
        for rect in root.iter(f"{SVG}rect")
        if rect.find(f"{SVG}title") is not None
    }

    assert bars == {"slur_h": MODEL_COLOUR, "counter_quote_nh": FAILING_COLOUR}
    assert "70% pass mark" in render_html(full_summary())


def test_it_shows_a_single_class_category_without_curve_or_auc():
    summary = {
        "model_version": "v",
        "datasets": {
            "tiny": {
                "n": 3,
                "categories": {"threat": binary_metrics([0, 0, 0], [0.1, 0.2, 0.3], 0.5)},
            }
        },
    }

    html = render_html(summary)

    assert "only one class present" in html
    assert html.count("<svg") == 1  # the calibration chart only
    assert '<td class="num">—</td>' in html


def test_it_renders_a_summary_with_only_a_model_version():
    html = render_html({"model_version": "talkback-1 <beta>"})

    assert "talkback-1 &lt;beta&gt;" in html
    assert "<svg" not in html
    assert "<table" not in html
    assert parse(html).tag == "html"


def test_it_writes_the_summary_as_sorted_utf8_json_and_the_report_as_html(tmp_path):
    summary = full_summary()
    summary["command"] = "talkback evaluate --note café"
    json_path, html_path = tmp_path / "out" / "summary.json", tmp_path / "out" / "report.html"

    write_report(summary, json_path, html_path)

    text = json_path.read_text(encoding="utf-8")
    assert json.loads(text) == summary
    assert "café" in text
    assert text.index('"baseline"') < text.index('"command"') < text.index('"timings"')
    assert html_path.read_text(encoding="utf-8") == render_html(summary)


SECTION_HEADINGS = {
    "datasets": "<h2>Summary</h2>",
    "baseline": "Baseline ROC-AUC",
    "spans": "<h2>Offending spans</h2>",
    "functional": "<h2>Functional tests</h2>",
    "decisions": "<h2>Decisions</h2>",
    "timings": "<h2>Timings</h2>",
}


@pytest.mark.parametrize("missing", ["baseline", "spans", "functional", "decisions", "timings"])
def test_it_leaves_out_only_the_sections_the_summary_does_not_hold(missing):
    summary = full_summary()
    del summary[missing]

    html = render_html(summary)

    assert SECTION_HEADINGS[missing] not in html
    assert all(heading in html for key, heading in SECTION_HEADINGS.items() if key != missing)
