from __future__ import annotations

from django.conf import settings
from django.db import models

from talkback.newsroom.models import Site


class Role(models.TextChoices):
    #: Works the site's queue and decides comments.
    MODERATOR = "moderator", "Moderator"
    #: A moderator who also manages the site's moderators and policy.
    ADMIN = "admin", "Site admin"


class SiteRole(models.Model):
    """What one person may do on one site. Staff need none: they may do everything."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="site_roles"
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MODERATOR)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "user"], name="site_role_unique_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} of {self.site}"
