"""Who may use which route: the authorization matrix, in one place (docs/web.md, "Roles and the matrix").

Every route of the application is a key of ``MATRIX`` (method and path template), with its ``Policy``: public,
or the roles allowed and, for a route about one area, the path parameter that names it (the account must hold
that area). A route missing from the matrix is refused to everyone (403), and tests/integration/
test_web_access.py fails until it is added. Roles (domain/account.py):

- coordinator: reads and records in their areas;
- auditor: reads in the areas granted, plus the audit functions;
- sog: aggregate reports and the registers of their areas; case details only through exceptions;
- admin: users and areas, no case data.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.account import Role


@dataclass(frozen=True)
class Policy:
    roles: frozenset[Role] = frozenset()  # who may, once signed in (empty for a public route)
    public: bool = False  # anyone, signed in or not
    area_param: str | None = None  # the path parameter naming an area the account must hold

    def allows(self, role: str, areas: tuple[str, ...] | list[str], path_params: dict[str, str]) -> bool:
        if self.public:
            return True
        if role not in self.roles:
            return False
        return self.area_param is None or path_params.get(self.area_param) in areas


PUBLIC = Policy(public=True)
SIGNED_IN = Policy(roles=frozenset(Role))
AREA_READERS = Policy(roles=frozenset({Role.COORDINATOR, Role.AUDITOR, Role.SOG}), area_param="area")
ADMIN = Policy(roles=frozenset({Role.ADMIN}))

MATRIX: dict[tuple[str, str], Policy] = {
    ("GET", "/healthz"): PUBLIC,
    ("GET", "/static"): PUBLIC,  # the design system's and our own CSS, JS and images
    ("GET", "/sign-in"): PUBLIC,
    ("POST", "/sign-in"): PUBLIC,
    ("POST", "/sign-out"): SIGNED_IN,
    ("GET", "/"): SIGNED_IN,
    ("GET", "/areas/{area}"): AREA_READERS,
    ("GET", "/admin/users"): ADMIN,
}


def policy_for(method: str, path: str) -> Policy | None:
    """The policy of a route (its method and path template); None when the route has none (refused)."""
    return MATRIX.get(("GET" if method == "HEAD" else method, path))
