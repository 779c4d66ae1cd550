"""Explaining differences between the stored log and its seals, in words an auditor can act on.

An event that was moved leaves a difference at its sealed position and at its
new one; the same digest at both ends recognises it. So a swap, or a row
inserted or deleted with the later rows renumbered, is reported as what it is
rather than as a run of changed events.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_ANOMALIES = 10_000  # beyond this the store is plainly tampered with: the first ones are named


@dataclass(frozen=True)
class Finding:
    kind: str  # changed, deleted, inserted, swapped, moved, truncated, seal-altered, anchor-..., unreadable
    position: int  # the notification id concerned (0: the store as a whole)
    detail: str

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "position": self.position, "detail": self.detail}


@dataclass
class Anomalies:
    """The differences met while merging the log with its sealed leaves."""

    sealed_last: int
    mismatches: dict[int, tuple[bytes, bytes]] = field(default_factory=dict)  # position -> (stored, sealed)
    missings: dict[int, bytes] = field(default_factory=dict)  # sealed, no longer stored
    extras: dict[int, bytes] = field(default_factory=dict)  # stored inside the sealed range, never sealed
    unsealed_sample: dict[int, bytes] = field(default_factory=dict)  # the first events after the last seal
    last_present: int = 0  # the last sealed position still stored
    overflow: int = 0

    @property
    def size(self) -> int:
        return len(self.mismatches) + len(self.missings) + len(self.extras)

    def _room(self) -> bool:
        if self.size < MAX_ANOMALIES:
            return True
        self.overflow += 1
        return False

    def present(self, position: int) -> None:
        self.last_present = position

    def mismatch(self, position: int, stored: bytes, sealed: bytes) -> None:
        if self._room():
            self.mismatches[position] = (stored, sealed)

    def missing(self, position: int, sealed: bytes) -> None:
        if self._room():
            self.missings[position] = sealed

    def extra(self, position: int, stored: bytes) -> None:
        if self._room():
            self.extras[position] = stored

    def unsealed(self, position: int, stored: bytes) -> None:
        if len(self.unsealed_sample) < MAX_ANOMALIES:
            self.unsealed_sample[position] = stored

    def moves(self) -> dict[int, int]:
        """Sealed position -> the position where that same event is stored now."""
        stored_at = {digest: p for p, (digest, _) in self.mismatches.items()}
        stored_at.update({digest: p for p, digest in self.extras.items()})
        stored_at.update({digest: p for p, digest in self.unsealed_sample.items()})
        sealed_at = {digest: p for p, (_, digest) in self.mismatches.items()}
        sealed_at.update({digest: p for p, digest in self.missings.items()})
        return {q: stored_at[d] for d, q in sealed_at.items() if d in stored_at and stored_at[d] != q}

    def moved_into_unsealed(self) -> int:
        return len(set(self.moves().values()) & set(self.unsealed_sample))


def explain(anomalies: Anomalies) -> list[Finding]:
    moves = anomalies.moves()
    swapped = {p for q, p in moves.items() if moves.get(p) == q}
    findings = _swaps(moves) + _shifts({q: p for q, p in moves.items() if q not in swapped})
    findings += _lost(anomalies, set(moves))
    findings += _replaced(anomalies, moves, swapped)
    moved_in = set(moves.values())
    findings += [Finding("inserted", p, f"an event that was never sealed was inserted at position {p}")
                 for p in sorted(anomalies.extras) if p not in moved_in]
    if anomalies.overflow:
        findings.append(Finding("overflow", 0, f"{anomalies.overflow} further differences are not listed"))
    return sorted(findings, key=lambda f: (f.position, f.kind == "moved"))  # what was done, then its knock-on


def _swaps(moves: dict[int, int]) -> list[Finding]:
    return [Finding("swapped", q, f"the events at positions {q} and {p} were swapped")
            for q, p in sorted(moves.items()) if q < p and moves.get(p) == q]


def _shifts(moves: dict[int, int]) -> list[Finding]:
    """Runs of events moved by the same distance, as left by rows inserted or deleted with renumbering."""
    findings: list[Finding] = []
    run: list[tuple[int, int]] = []
    for q, p in sorted(moves.items()):
        if run and (q != run[-1][0] + 1 or p - q != run[-1][1] - run[-1][0]):
            findings.append(_shift(run))
            run = []
        run.append((q, p))
    if run:
        findings.append(_shift(run))
    return findings


def _shift(run: list[tuple[int, int]]) -> Finding:
    (first, to_first), (last, to_last) = run[0], run[-1]
    distance = to_first - first
    way = "later" if distance > 0 else "earlier"
    span = f"position {first}" if first == last else f"positions {first} to {last}"
    now = f"position {to_first}" if first == last else f"positions {to_first} to {to_last}"
    return Finding("moved", first, f"the events sealed at {span} now sit {abs(distance)} place(s) {way} ({now})")


def _lost(anomalies: Anomalies, moved_out: set[int]) -> list[Finding]:
    lost = sorted(p for p in anomalies.missings if p not in moved_out)
    tail = [p for p in lost if p > anomalies.last_present]
    findings = [Finding("deleted", p, f"the event sealed at position {p} was deleted") for p in lost
                if p <= anomalies.last_present]
    if tail:
        findings.append(Finding("truncated", tail[0], f"the log was truncated: the last {len(tail)} sealed "
                                f"event(s), positions {tail[0]} to {tail[-1]}, are missing"))
    return findings


def _replaced(anomalies: Anomalies, moves: dict[int, int], swapped: set[int]) -> list[Finding]:
    """Positions whose stored event differs from the sealed one, explained by what moved in or out."""
    moved_in = {p: q for q, p in moves.items()}
    findings = []
    for p in sorted(anomalies.mismatches):
        if p in swapped:
            continue
        came, went = p in moved_in, p in moves
        if not came and not went:
            findings.append(Finding("changed", p, f"the event at position {p} was changed after it was sealed"))
        elif not came:
            findings.append(Finding("inserted", p, f"an event that was never sealed was inserted at position {p}"))
        elif not went:
            findings.append(Finding("deleted", p, f"the event sealed at position {p} was deleted; "
                                    f"the event sealed at position {moved_in[p]} now sits there"))
    return findings
