"""The `talkback evaluate` report: one self-contained HTML page with its charts as inline SVG.

The page fetches nothing when opened (no scripts, stylesheets, fonts or images), so it can be
mailed or archived as it is. Every string taken from the summary is escaped: evaluation sets hold
adversarial comments, `<script>` tags among them. Sections absent from the summary are left out.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

MODEL_NAME = "Talkback"
MODEL_COLOUR = "#1f5fa8"
BASELINE_COLOUR = "#e8710a"
FAILING_COLOUR = "#c62828"
GRID_COLOUR = "#e3e3e3"
#: Functionalities passing fewer of their tests than this are drawn as failing.
PASS_MARK = 0.7
UNIT_TICKS = (0.0, 0.25, 0.5, 0.75, 1.0)
MAX_LABEL_CHARS = 44
BAR_ROW = 22
SVG_NS = "http://www.w3.org/2000/svg"
#: A white outline that keeps a label readable where it crosses a line.
HALO = 'paint-order="stroke" stroke="#fff" stroke-width="3"'

STYLE = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222;
  max-width: 1240px; margin: 0 auto; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 36px 0 8px; border-bottom: 2px solid #222; padding-bottom: 4px; }
h3 { font-size: 16px; margin: 24px 0 8px; }
h4 { font-size: 14px; margin: 16px 0 8px; color: #444; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; }
dl.meta dt { font-weight: 600; }
dl.meta dd { margin: 0; }
code { font: 13px ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
  background: #f3f3f3; padding: 1px 4px; border-radius: 3px; overflow-wrap: anywhere; }
table { border-collapse: collapse; margin: 8px 0 16px; font-variant-numeric: tabular-nums; }
caption { caption-side: top; text-align: left; color: #555; padding-bottom: 4px; }
th, td { padding: 4px 10px; border-bottom: 1px solid #ddd; text-align: left;
  vertical-align: top; }
thead th { border-bottom: 2px solid #888; background: #f6f6f6; }
tbody th[scope="rowgroup"] { background: #fafafa; }
td.num, th.num { text-align: right; }
td.baseline, th.baseline { background: #fdf1e6; }
td.text { white-space: pre-wrap; overflow-wrap: anywhere; max-width: 36em; }
td.none { color: #999; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(290px, 1fr));
  gap: 12px; }
figure { margin: 0; padding: 8px; border: 1px solid #ddd; border-radius: 4px; }
figcaption { font-weight: 600; margin-bottom: 4px; }
figcaption span { font-weight: 400; color: #555; }
svg { max-width: 100%; height: auto; display: block; }
.grid svg { width: 100%; }
svg text { font: 11px system-ui, sans-serif; fill: #333; }
svg text.label { font-size: 12px; fill: #111; }
p.note { color: #555; margin: 4px 0 8px; }
p.big { font-size: 18px; margin: 8px 0; }
.fail { color: #c62828; font-weight: 600; }
"""


def render_html(summary: Mapping[str, Any]) -> str:
    """Render an evaluation summary (see `talkback evaluate`) as one HTML5 document."""
    title = f"Talkback evaluation — {summary['model_version']}"
    sections = (
        _header(summary),
        _summary_section(summary),
        _curves_section(summary),
        _spans_section(summary.get("spans")),
        _functional_section(summary.get("functional")),
        _decisions_section(summary.get("decisions")),
        _timings_section(summary.get("timings")),
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8" />\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1" />\n'
        f"<title>{_e(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(section for section in sections if section)
        + "\n</body>\n</html>\n"
    )


def write_report(summary: Mapping[str, Any], json_path: Path, html_path: Path) -> None:
    """Write the summary as JSON (stable key order, UTF-8) and as the HTML report."""
    for path in (json_path, html_path):
        path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(summary, indent=2, sort_keys=True, ensure_ascii=False)
    json_path.write_text(text + "\n", encoding="utf-8")
    html_path.write_text(render_html(summary), encoding="utf-8")


# Formatting


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _num(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _count(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _short(name: str) -> str:
    return name if len(name) <= MAX_LABEL_CHARS else name[: MAX_LABEL_CHARS - 1] + "…"


def _class(name: str) -> str:
    return f' class="{name}"' if name else ""


def _table(
    headers: Sequence[str], rows: Iterable[Sequence[str]], classes: Sequence[str], caption: str = ""
) -> str:
    """A table of already-escaped cells; `classes` gives each column's CSS class ("" for none)."""
    head = "".join(
        f'<th scope="col"{_class(c)}>{h}</th>' for h, c in zip(headers, classes, strict=True)
    )
    body = "".join(
        "<tr>"
        + "".join(f"<td{_class(c)}>{cell}</td>" for cell, c in zip(row, classes, strict=True))
        + "</tr>"
        for row in rows
    )
    caption_html = f"<caption>{caption}</caption>" if caption else ""
    return f"<table>{caption_html}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


# Sections


def _header(summary: Mapping[str, Any]) -> str:
    fields = [("Model version", _e(summary["model_version"]))]
    if summary.get("created"):
        fields.append(("Created", _e(summary["created"])))
    if summary.get("command"):
        fields.append(("Command", f"<code>{_e(summary['command'])}</code>"))
    items = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in fields)
    return f'<header><h1>Talkback evaluation</h1><dl class="meta">{items}</dl></header>'


def _baseline_for(summary: Mapping[str, Any], dataset: str, category: str) -> Mapping[str, Any]:
    baseline = summary.get("baseline") or {}
    data = baseline.get("datasets", {}).get(dataset, {})
    found: Mapping[str, Any] = data.get("categories", {}).get(category, {})
    return found


def _summary_section(summary: Mapping[str, Any]) -> str:
    datasets = summary.get("datasets") or {}
    if not datasets:
        return ""
    baseline = summary.get("baseline")
    headers = ["Dataset", "Category", "n", "Positives", "ROC-AUC", "PR-AUC"]
    headers += ["Threshold", "Precision", "Recall", "F1", "ECE"]
    header_cells = "".join(
        f'<th scope="col"{_class("" if i < 2 else "num")}>{h}</th>' for i, h in enumerate(headers)
    )
    caption = "Scores per category; precision, recall and F1 flag a comment at score ≥ threshold."
    if baseline:
        header_cells += (
            '<th scope="col" class="num baseline">Baseline ROC-AUC</th>'
            '<th scope="col" class="num baseline">Baseline F1</th>'
        )
        name = _e(baseline.get("name", "baseline"))
        caption += f" Shaded columns: the baseline, {name}, on the same data."
    groups = "".join(
        _summary_group(summary, name, data, with_baseline=bool(baseline))
        for name, data in datasets.items()
    )
    return (
        '<section id="summary"><h2>Summary</h2>'
        f"<table><caption>{caption}</caption><thead><tr>{header_cells}</tr></thead>"
        f"{groups}</table></section>"
    )


def _summary_group(
    summary: Mapping[str, Any], dataset: str, data: Mapping[str, Any], *, with_baseline: bool
) -> str:
    categories: Mapping[str, Mapping[str, Any]] = data.get("categories") or {}
    rows = []
    for i, (category, m) in enumerate(categories.items()):
        values = [_count(m.get("n", data.get("n"))), _count(m.get("positives"))]
        values += [_num(m.get(key)) for key in ("roc_auc", "pr_auc", "threshold")]
        values += [_num(m.get(key)) for key in ("precision", "recall", "f1", "ece")]
        cells = "".join(f'<td class="num">{v}</td>' for v in values)
        if with_baseline:
            base = _baseline_for(summary, dataset, category)
            cells += "".join(
                f'<td class="num baseline">{_num(base.get(key))}</td>' for key in ("roc_auc", "f1")
            )
        head = (
            f'<th scope="rowgroup" rowspan="{len(categories)}">{_e(dataset)}</th>' if i == 0 else ""
        )
        rows.append(f"<tr>{head}<td>{_e(category)}</td>{cells}</tr>")
    return f"<tbody>{''.join(rows)}</tbody>" if rows else ""


def _curves_section(summary: Mapping[str, Any]) -> str:
    datasets = summary.get("datasets") or {}
    parts = [_dataset_curves(summary, name, data) for name, data in datasets.items()]
    if not any(parts):
        return ""
    return (
        '<section id="curves"><h2>Calibration and precision–recall</h2>'
        '<p class="note">Calibration: each point is a bin of comments by score, placed at its mean '
        "score and the share of them that is positive; its area grows with the number of "
        "comments. A calibrated model keeps to the dashed diagonal. Precision–recall: the ring "
        "marks the operating threshold.</p>" + "".join(parts) + "</section>"
    )


def _dataset_curves(summary: Mapping[str, Any], dataset: str, data: Mapping[str, Any]) -> str:
    categories: Mapping[str, Mapping[str, Any]] = data.get("categories") or {}
    calibration = [
        _figure(category, f"ECE {_num(m.get('ece'))}", _calibration_chart(category, m))
        for category, m in categories.items()
        if m.get("calibration")
    ]
    baseline_name = str((summary.get("baseline") or {}).get("name", "baseline"))
    pr = [
        _pr_figure(category, m, _baseline_for(summary, dataset, category), baseline_name)
        for category, m in categories.items()
        if "pr_curve" in m
    ]
    if not calibration and not pr:
        return ""
    html = f"<h3>{_e(dataset)}</h3>"
    if calibration:
        html += f'<h4>Calibration</h4><div class="grid">{"".join(calibration)}</div>'
    if pr:
        html += f'<h4>Precision–recall</h4><div class="grid">{"".join(pr)}</div>'
    return html


def _figure(name: str, detail: str, body: str) -> str:
    return f"<figure><figcaption>{_e(name)} <span>{_e(detail)}</span></figcaption>{body}</figure>"


def _pr_figure(
    category: str, model: Mapping[str, Any], baseline: Mapping[str, Any], baseline_name: str
) -> str:
    detail = f"PR-AUC {_num(model.get('pr_auc'))}"
    if not model["pr_curve"] and not baseline.get("pr_curve"):
        return _figure(category, detail, '<p class="note">No curve: only one class present.</p>')
    return _figure(category, detail, _pr_chart(category, model, baseline, baseline_name))


def _spans_section(spans: Mapping[str, Mapping[str, Any]] | None) -> str:
    if not spans:
        return ""
    rows = [(_e(name), _count(s.get("n")), _num(s.get("f1"))) for name, s in spans.items()]
    caption = "Character-offset F1 per post, averaged over posts (SemEval-2021 Task 5)."
    return (
        '<section id="spans"><h2>Offending spans</h2>'
        + _table(("Dataset", "Posts", "Span F1"), rows, ("", "num", "num"), caption)
        + "</section>"
    )


def _functional_section(functional: Mapping[str, Any] | None) -> str:
    if not functional:
        return ""
    html = '<section id="functional"><h2>Functional tests</h2>'
    if "total" in functional:
        passed, total = functional.get("passed", 0), functional["total"]
        rate = functional.get("pass_rate", passed / total if total else None)
        html += (
            f'<p class="big">Passed <strong>{_count(passed)}</strong> of '
            f"{_count(total)} tests (<strong>{_pct(rate)}</strong>).</p>"
        )
    if functional.get("target_accuracy") is not None:
        html += f"<p>Target accuracy: <strong>{_pct(functional['target_accuracy'])}</strong></p>"
    by_functionality = functional.get("by_functionality")
    if by_functionality:
        caption = f"Pass rate per functionality; below {PASS_MARK:.0%} counts as failing."
        html += _figure("By functionality", caption, _functionality_chart(by_functionality))
    if "failures" in functional:
        html += _failures_table(functional["failures"])
    return html + "</section>"


def _failures_table(failures: Sequence[Mapping[str, Any]]) -> str:
    if not failures:
        return "<h3>Failures</h3><p>None.</p>"
    headers = ("ID", "Functionality", "Text", "Expected", "Got", "Reasons")
    rows = [
        (
            _e(f.get("id", "")),
            _e(f.get("functionality", "")),
            _e(f.get("text", "")),
            _e(f.get("expected", "")),
            f'<span class="fail">{_e(f.get("got", ""))}</span>',
            _e(", ".join(str(r) for r in f.get("reasons", ()))),
        )
        for f in failures
    ]
    classes = ("", "", "text", "", "", "")
    return "<h3>Failures</h3>" + _table(headers, rows, classes, f"{len(failures):,} failing tests")


def _decisions_section(decisions: Mapping[str, Any] | None) -> str:
    if not decisions or not decisions.get("matrix"):
        return ""
    matrix: Mapping[str, Mapping[str, int]] = decisions["matrix"]
    labels: Sequence[str] = decisions.get("labels") or list(matrix)
    head = "".join(f'<th scope="col" class="num">{_e(label)}</th>' for label in labels)
    rows = "".join(_confusion_row(want, matrix.get(want, {}), labels) for want in labels)
    total = sum(sum(row.values()) for row in matrix.values())
    agreed = sum(matrix.get(label, {}).get(label, 0) for label in labels)
    agreement = f"{agreed:,} of {total:,} ({agreed / total:.1%})" if total else "—"
    return (
        '<section id="decisions"><h2>Decisions</h2>'
        f"<p>Expected and engine decisions agree on {agreement}.</p>"
        "<table><caption>Rows: the expected decision. Columns: the engine's decision. "
        "Shading: share of the row.</caption>"
        f'<thead><tr><th scope="col">expected ↓ got →</th>{head}'
        f'<th scope="col" class="num">total</th></tr></thead><tbody>{rows}</tbody></table>'
        "</section>"
    )


def _confusion_row(want: str, row: Mapping[str, int], labels: Sequence[str]) -> str:
    total = sum(row.values())
    cells = []
    for got in labels:
        count = row.get(got, 0)
        colour = "31, 95, 168" if got == want else "198, 40, 40"
        share = count / total if total else 0.0
        style = f' style="background: rgba({colour}, {0.08 + 0.5 * share:.2f})"' if count else ""
        cells.append(f'<td class="num"{style}>{count:,}</td>')
    return f'<tr><th scope="row">{_e(want)}</th>{"".join(cells)}<td class="num">{total:,}</td></tr>'


def _timings_section(timings: Mapping[str, float] | None) -> str:
    if not timings:
        return ""
    rows = [(_e(name), f"{seconds:,.2f}") for name, seconds in timings.items()]
    return (
        '<section id="timings"><h2>Timings</h2>'
        + _table(("Step", "Seconds"), rows, ("", "num"))
        + "</section>"
    )


# Charts


@dataclass(frozen=True)
class _Frame:
    """A chart's plotting area inside its SVG: maps values in [0, 1] to pixels."""

    width: int
    height: int
    left: int
    top: int
    plot_width: int
    plot_height: int

    def x(self, value: float) -> float:
        return round(self.left + self.plot_width * value, 1)

    def y(self, value: float) -> float:
        return round(self.top + self.plot_height * (1 - value), 1)

    @property
    def bottom(self) -> int:
        return self.top + self.plot_height


def _small_frame(legend_rows: int = 0) -> _Frame:
    return _Frame(
        width=290, height=262 + 16 * legend_rows, left=48, top=10, plot_width=226, plot_height=200
    )


def _svg(frame: _Frame, title: str, body: str) -> str:
    return (
        f'<svg xmlns="{SVG_NS}" width="{frame.width}" height="{frame.height}" '
        f'viewBox="0 0 {frame.width} {frame.height}" role="img">'
        f"<title>{_e(title)}</title>{body}</svg>"
    )


def _line(x1: float, y1: float, x2: float, y2: float, style: str) -> str:
    return f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" {style} />'


def _text(x: float, y: float, content: str, extra: str = "") -> str:
    return f'<text x="{x}" y="{y}"{" " + extra if extra else ""}>{_e(content)}</text>'


def _unit_axes(frame: _Frame, x_label: str, y_label: str) -> str:
    """Grid, ticks and labels for a chart whose axes both run from 0 to 1."""
    parts = []
    for tick in UNIT_TICKS:
        x, y = frame.x(tick), frame.y(tick)
        grid = f'stroke="{GRID_COLOUR}"'
        parts.append(_line(x, frame.top, x, frame.bottom, grid))
        parts.append(_line(frame.left, y, frame.left + frame.plot_width, y, grid))
        parts.append(_text(x, frame.bottom + 14, f"{tick:g}", 'text-anchor="middle"'))
        parts.append(_text(frame.left - 6, y + 4, f"{tick:g}", 'text-anchor="end"'))
    parts.append(
        f'<rect x="{frame.left}" y="{frame.top}" width="{frame.plot_width}" '
        f'height="{frame.plot_height}" fill="none" stroke="#888" />'
    )
    middle_x = frame.left + frame.plot_width / 2
    middle_y = frame.top + frame.plot_height / 2
    parts.append(_text(middle_x, frame.bottom + 32, x_label, 'text-anchor="middle" class="label"'))
    parts.append(
        _text(
            14,
            middle_y,
            y_label,
            f'text-anchor="middle" class="label" transform="rotate(-90 14 {middle_y})"',
        )
    )
    return "".join(parts)


def _polyline(frame: _Frame, points: Sequence[Sequence[float]], colour: str) -> str:
    coords = " ".join(f"{frame.x(x)},{frame.y(y)}" for x, y in points)
    return (
        f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2" '
        'stroke-linejoin="round" />'
    )


def _legend(frame: _Frame, entries: Sequence[tuple[str, str, str]]) -> str:
    """Entries of (label, colour, "line" or "ring"), stacked under the x axis label."""
    parts = []
    for i, (label, colour, mark) in enumerate(entries):
        y = frame.bottom + 52 + 16 * i
        x = frame.left
        if mark == "line":
            parts.append(_line(x, y - 4, x + 20, y - 4, f'stroke="{colour}" stroke-width="3"'))
        else:
            parts.append(_ring(x + 10, y - 4, colour))
        parts.append(_text(x + 26, y, _short(label)))
    return "".join(parts)


def _ring(x: float, y: float, colour: str) -> str:
    return f'<circle cx="{x}" cy="{y}" r="5" fill="#fff" stroke="{colour}" stroke-width="2.5" />'


def _calibration_chart(category: str, metrics: Mapping[str, Any]) -> str:
    frame = _small_frame()
    bins: Sequence[Mapping[str, Any]] = metrics["calibration"]
    largest = max(b["count"] for b in bins) or 1
    diagonal = _line(
        frame.x(0), frame.y(0), frame.x(1), frame.y(1), 'stroke="#999" stroke-dasharray="4 3"'
    )
    points = [(b["mean_score"], b["positive_rate"]) for b in bins]
    dots = "".join(_calibration_dot(frame, b, largest) for b in bins)
    body = (
        _unit_axes(frame, "mean score in bin", "positive rate")
        + diagonal
        + _polyline(frame, points, MODEL_COLOUR)
        + dots
    )
    return _svg(frame, f"Calibration of {category}: positive rate against mean score", body)


def _calibration_dot(frame: _Frame, b: Mapping[str, Any], largest: int) -> str:
    radius = 2.5 + 6.5 * math.sqrt(b["count"] / largest)
    tip = (
        f"scores {b['lo']:.2f}–{b['hi']:.2f}: {b['count']:,} comments, "
        f"mean score {b['mean_score']:.3f}, {b['positive_rate']:.1%} positive"
    )
    return (
        f'<circle cx="{frame.x(b["mean_score"])}" cy="{frame.y(b["positive_rate"])}" '
        f'r="{radius:.1f}" fill="{MODEL_COLOUR}" fill-opacity="0.55" stroke="#fff">'
        f"<title>{_e(tip)}</title></circle>"
    )


def _pr_chart(
    category: str, model: Mapping[str, Any], baseline: Mapping[str, Any], baseline_name: str
) -> str:
    series = [(MODEL_NAME, MODEL_COLOUR, model["pr_curve"])]
    if baseline.get("pr_curve"):
        series.append((baseline_name, BASELINE_COLOUR, baseline["pr_curve"]))
    entries = [(name, colour, "line") for name, colour, _ in series]
    has_point = bool(model["pr_curve"]) and "precision" in model and "recall" in model
    if has_point:
        entries.append((f"at threshold {_num(model.get('threshold'), 2)}", MODEL_COLOUR, "ring"))
    frame = _small_frame(len(entries))
    body = _unit_axes(frame, "recall", "precision")
    body += "".join(_polyline(frame, points, colour) for _, colour, points in series if points)
    if has_point:
        body += _ring(frame.x(model["recall"]), frame.y(model["precision"]), MODEL_COLOUR)
    body += _legend(frame, entries)
    return _svg(frame, f"Precision against recall for {category}", body)


def _functionality_chart(by_functionality: Mapping[str, Mapping[str, Any]]) -> str:
    """Horizontal bars of pass rate, one per functionality, with the pass mark drawn over them."""
    rates = [(name, *_pass_counts(result)) for name, result in by_functionality.items()]
    label_width = min(max(len(_short(name)) for name, *_ in rates) * 7 + 12, 330)
    frame = _Frame(
        width=label_width + 40 + 560 + 110,
        height=40 + BAR_ROW * len(rates) + 44,
        left=label_width + 40,
        top=40,
        plot_width=560,
        plot_height=BAR_ROW * len(rates),
    )
    bars = "".join(_bar(frame, i, *rate) for i, rate in enumerate(rates))
    labels = "".join(_bar_labels(frame, i, *rate) for i, rate in enumerate(rates))
    body = _bar_axes(frame) + bars + _pass_mark_line(frame) + labels + _bar_legend(frame)
    return _svg(frame, "Pass rate per functionality", body)


def _pass_counts(result: Mapping[str, Any]) -> tuple[int, int, float]:
    n, passed = result.get("n", 0), result.get("passed", 0)
    return n, passed, result.get("pass_rate", passed / n if n else 0.0)


def _bar_axes(frame: _Frame) -> str:
    parts = []
    for tick in (0.0, 0.2, 0.4, 0.6, 0.8, 1.0):
        x = frame.x(tick)
        parts.append(_line(x, frame.top, x, frame.bottom, f'stroke="{GRID_COLOUR}"'))
        parts.append(_text(x, frame.bottom + 14, f"{tick:.0%}", 'text-anchor="middle"'))
    parts.append(_line(frame.left, frame.top, frame.left, frame.bottom, 'stroke="#888"'))
    parts.append(_line(frame.left, frame.bottom, frame.x(1), frame.bottom, 'stroke="#888"'))
    middle_x = frame.left + frame.plot_width / 2
    parts.append(
        _text(middle_x, frame.bottom + 34, "tests passed", 'class="label" text-anchor="middle"')
    )
    parts.append(_text(12, frame.top - 8, "functionality", 'class="label"'))
    return "".join(parts)


def _pass_mark_line(frame: _Frame) -> str:
    x = frame.x(PASS_MARK)
    style = 'stroke="#111" stroke-width="1.5" stroke-dasharray="5 3"'
    label = _text(x, frame.top - 8, f"{PASS_MARK:.0%} pass mark", 'text-anchor="middle"')
    return _line(x, frame.top - 4, x, frame.bottom, style) + label


def _bar_legend(frame: _Frame) -> str:
    entries = (
        (MODEL_COLOUR, f"passing (≥ {PASS_MARK:.0%})"),
        (FAILING_COLOUR, f"failing (< {PASS_MARK:.0%})"),
    )
    parts = []
    for i, (colour, label) in enumerate(entries):
        left = frame.left + i * 130
        parts.append(f'<rect x="{left}" y="8" width="12" height="12" fill="{colour}" />')
        parts.append(_text(left + 18, 18, label))
    return "".join(parts)


def _bar(frame: _Frame, index: int, name: str, n: int, passed: int, rate: float) -> str:
    colour = MODEL_COLOUR if rate >= PASS_MARK else FAILING_COLOUR
    return (
        f'<rect x="{frame.left}" y="{frame.top + index * BAR_ROW + 3}" '
        f'width="{round(frame.plot_width * rate, 1)}" height="{BAR_ROW - 6}" fill="{colour}">'
        f"<title>{_e(name)}: {passed:,} of {n:,} passed ({rate:.1%})</title></rect>"
    )


def _bar_labels(frame: _Frame, index: int, name: str, n: int, passed: int, rate: float) -> str:
    y = frame.top + index * BAR_ROW + BAR_ROW / 2 + 4
    value = f"{rate:.0%} ({passed:,}/{n:,})"
    return _text(frame.left - 6, y, _short(name), 'text-anchor="end"') + _text(
        frame.x(rate) + 4, y, value, HALO
    )
