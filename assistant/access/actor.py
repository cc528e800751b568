"""Who is acting, and the roles they can have."""

from __future__ import annotations

from dataclasses import dataclass

ADMIN, REVIEWER, FOCAL_POINT, CONTRIBUTOR, TRAINER = "admin", "reviewer", "focal_point", "contributor", "trainer"
ROLES = (ADMIN, REVIEWER, FOCAL_POINT, CONTRIBUTOR, TRAINER)
# Roles that belong to one State; the others are the Secretariat's (or training).
STATE_ROLES = (FOCAL_POINT, CONTRIBUTOR)
SECRETARIAT_ROLES = (ADMIN, REVIEWER)


@dataclass(frozen=True)
class Actor:
    username: str
    role: str
    state: str | None = None
    display_name: str = ""

    @property
    def label(self) -> str:
        return self.display_name or self.username

    @property
    def is_secretariat(self) -> bool:
        return self.role in SECRETARIAT_ROLES


# The command line before any account exists, and maintenance scripts run by the server's operator, who can
# read the database file anyway. Never produced by a login.
OPERATOR = Actor(username="operator", role=ADMIN, display_name="Local operator")
