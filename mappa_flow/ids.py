"""Deterministic aggregate ids, derived from the references people use.

The same reference always gives the same id, in any process, so a second
"create" of the same thing is refused by the event store's uniqueness. With
encryption at rest on, the namespace is keyed by the cipher key, so that an id
in the database does not reveal the case reference it came from.
"""

from __future__ import annotations

import hashlib
import hmac
from uuid import UUID, uuid5

_BASE = UUID("6f1c2e1a-3b7d-5c61-9a55-0d6f3f0b9a10")


class Ids:
    def __init__(self, secret: str | None = None):
        if secret:
            digest = hmac.new(secret.encode(), b"mappa-flow ids", hashlib.sha256).hexdigest()
            self.namespace = uuid5(_BASE, digest)
        else:
            self.namespace = _BASE

    def _id(self, kind: str, key: str) -> UUID:
        return uuid5(self.namespace, f"{kind}:{key}")

    def case(self, reference: str) -> UUID:
        return self._id("case", reference)

    def meeting(self, meeting_ref: str) -> UUID:
        return self._id("meeting", meeting_ref)

    def isp(self, isp_ref: str) -> UUID:
        return self._id("isp", isp_ref)

    def scr(self, scr_ref: str) -> UUID:
        return self._id("scr", scr_ref)

    def audit(self, audit_ref: str) -> UUID:
        return self._id("audit", audit_ref)

    def area(self, code: str) -> UUID:
        return self._id("area", code)

    def receipt(self, command_id: str) -> UUID:
        return self._id("command", command_id)

    def access(self, command_id: str) -> UUID:
        """An access record's id derives from the command id, like a receipt's."""
        return self._id("access", command_id)

    def audit_sample(self, sample_ref: str) -> UUID:
        return self._id("audit-sample", sample_ref)

    def exception_reason(self, exception_key: str) -> UUID:
        """One reason aggregate per exception key, so a reason can be revised."""
        return self._id("exception-reason", exception_key)

    def sog_review(self, area: str, held_on: str) -> UUID:
        return self._id("sog-review", f"{area}:{held_on}")

    def annual_report(self, area: str, year: str) -> UUID:
        return self._id("annual-report", f"{area}:{year}")

    def account(self, name: str) -> UUID:
        """An account's id derives from its name, so a second account of that name is refused."""
        return self._id("account", name)

    def business_day(self, day: str) -> UUID:
        return self._id("business-day", day)
