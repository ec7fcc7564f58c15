"""The site admin's forms: a moderator to add, and the site's thresholds and report settings."""

from __future__ import annotations

from typing import Any

from django import forms

from talkback.console.models import Role, SiteSettings
from talkback.moderation.policy import Policy
from talkback.moderation.taxonomy import CATEGORIES, CATEGORY_LABELS
from talkback.newsroom.models import Site


class AddModeratorForm(forms.Form):
    username = forms.CharField(max_length=150)
    role = forms.ChoiceField(choices=Role.choices, initial=Role.MODERATOR)


def _threshold() -> forms.FloatField:
    return forms.FloatField(
        min_value=0, max_value=1, required=False, widget=forms.NumberInput(attrs={"step": "0.01"})
    )


class SettingsForm(forms.Form):
    """One enabled box and two thresholds per category, then the report settings."""

    reports_to_requeue = forms.IntegerField(min_value=1, max_value=1000)
    severe_reports_to_requeue = forms.IntegerField(min_value=1, max_value=1000)
    severe_categories = forms.MultipleChoiceField(
        choices=[(code, CATEGORY_LABELS[code]) for code in CATEGORIES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    hide_reported = forms.BooleanField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code in CATEGORIES:
            self.fields[f"{code}_enabled"] = forms.BooleanField(required=False)
            self.fields[f"{code}_review"] = _threshold()
            self.fields[f"{code}_reject"] = _threshold()

    @classmethod
    def initial_for(cls, site: Site) -> dict[str, Any]:
        config = SiteSettings.for_site(site)
        initial: dict[str, Any] = {
            "reports_to_requeue": config.reports_to_requeue,
            "severe_reports_to_requeue": config.severe_reports_to_requeue,
            "severe_categories": config.severe_categories,
            "hide_reported": config.hide_reported,
        }
        for code, threshold in site.moderation_policy().to_dict().items():
            initial[f"{code}_enabled"] = threshold is not None
            initial[f"{code}_review"] = threshold["review"] if threshold else None
            initial[f"{code}_reject"] = threshold["reject"] if threshold else None
        return initial

    def category_rows(
        self,
    ) -> list[tuple[str, forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (
                CATEGORY_LABELS[code],
                self[f"{code}_enabled"],
                self[f"{code}_review"],
                self[f"{code}_reject"],
            )
            for code in CATEGORIES
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        data: dict[str, Any] = {}
        for code in CATEGORIES:
            if not cleaned.get(f"{code}_enabled"):
                data[code] = None
                continue
            review, reject = cleaned.get(f"{code}_review"), cleaned.get(f"{code}_reject")
            if review is None or reject is None:
                self.add_error(f"{code}_review", "An enabled category needs both thresholds.")
                continue
            data[code] = {"review": review, "reject": reject}
        if not self.errors:
            try:
                cleaned["policy"] = Policy.from_dict(data)
            except ValueError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return cleaned
