"""A site's moderation policy: per-category thresholds applied to calibrated scores."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from talkback.moderation.taxonomy import APPROVE, CATEGORIES, REJECT, REVIEW

#: The default policy of GUIDELINES.md: every category on. A score at or over `reject` rejects;
#: at or over `review` (and under `reject`) sends the comment to a moderator.
DEFAULT_THRESHOLDS: dict[str, dict[str, float]] = {
    code: {"review": 0.5, "reject": 0.8} for code in CATEGORIES
}


@dataclass(frozen=True)
class Threshold:
    review: float
    reject: float


@dataclass(frozen=True)
class Policy:
    """Thresholds per category; a category missing from `thresholds` is disabled."""

    thresholds: Mapping[str, Threshold]

    @classmethod
    def default(cls) -> Policy:
        return cls.from_dict({})

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Policy:
        """Build a policy from a site's stored settings, over the defaults.

        `data` maps a category code to `{"review": x, "reject": y}` (either key may be left out to
        keep its default) or to `None` to disable the category. Raise ValueError on an unknown code,
        a threshold outside [0, 1], or review above reject.
        """
        if not isinstance(data, Mapping):
            raise ValueError("the policy is a mapping of category codes to thresholds")
        unknown = set(data) - set(CATEGORIES)
        if unknown:
            raise ValueError(f"unknown category codes: {', '.join(sorted(unknown))}")
        thresholds = {}
        for code in CATEGORIES:
            setting = data.get(code, {})
            if setting is None:
                continue
            thresholds[code] = _threshold(code, setting)
        return cls(thresholds)

    def to_dict(self) -> dict[str, dict[str, float] | None]:
        return {
            code: (
                {"review": self.thresholds[code].review, "reject": self.thresholds[code].reject}
                if code in self.thresholds
                else None
            )
            for code in CATEGORIES
        }

    def decide(self, scores: Mapping[str, float]) -> tuple[str, tuple[str, ...]]:
        """Return the decision and its reasons for calibrated `scores`.

        - reject, with every category at or over its reject threshold, if any is;
        - otherwise review, with every category at or over its review threshold, if any is;
        - otherwise approve, with no reasons.
        Disabled categories never count.
        """
        rejected = tuple(
            code for code, t in self.thresholds.items() if scores.get(code, 0.0) >= t.reject
        )
        if rejected:
            return REJECT, rejected
        uncertain = tuple(
            code for code, t in self.thresholds.items() if scores.get(code, 0.0) >= t.review
        )
        if uncertain:
            return REVIEW, uncertain
        return APPROVE, ()


def _threshold(code: str, setting: Any) -> Threshold:
    if not isinstance(setting, Mapping) or set(setting) - {"review", "reject"}:
        raise ValueError(f"{code}: expected {{'review': x, 'reject': y}} or null")
    merged = {**DEFAULT_THRESHOLDS[code], **setting}
    for key, value in merged.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise ValueError(f"{code}.{key}: a threshold is a number between 0 and 1")
    if merged["review"] > merged["reject"]:
        raise ValueError(f"{code}: the review threshold cannot be above the reject threshold")
    return Threshold(review=float(merged["review"]), reject=float(merged["reject"]))
