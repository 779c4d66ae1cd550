"""The random selection of Level 2 / 3 cases for the annual case audit (R-AUD-1, guidance 19.18).

The selection is random but reproducible: it is a pure function of the eligible
case references, a seed and a sample size (``select_sample``), and the draw is
recorded as an event that keeps all three, so anyone can check it later, in any
language, with nothing but SHA-256:

1. for each eligible reference, compute ``sha256("<seed>:<reference>")`` as hex;
2. sort the references by that hex digest (ties, which never occur in practice,
   by the reference itself);
3. take the first ``size`` references, in that order.

Python's ``random`` is not used: its sampling algorithms may change between
Python versions, and an audit drawn this year must still be reproducible years
from now.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from uuid import UUID

from domain.calendar import parse_period, reporting_year_of
from domain.errors import LifecycleError
from domain.event import MappaAggregate, MappaEvent, Stamp, check_not_future

SELECTION_METHOD = "sha256-rank-1"
MAX_SEED = 2**63 - 1


def select_sample(eligible: Iterable[str], seed: int, size: int) -> list[str]:
    """The ``size`` eligible references ranked first by ``sha256("<seed>:<reference>")`` (R-AUD-1)."""
    references = sorted(set(eligible))
    ranked = sorted(references, key=lambda reference: (_rank(seed, reference), reference))
    return ranked[: max(size, 0)]


def derive_seed(text: str) -> int:
    """A seed derived from ``text`` (the draw's command id): 32 bits of its SHA-256."""
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:8], 16)


def _rank(seed: int, reference: str) -> str:
    return hashlib.sha256(f"{seed}:{reference}".encode()).hexdigest()


class AuditSample(MappaAggregate):
    TOPIC = "mappa:AuditSample"
    class_version = 1  # docs/decisions.md, "Event and snapshot evolution"

    class Event(MappaEvent):
        TOPIC = "mappa:AuditSample.Event"

    class Drawn(MappaAggregate.Created, Event):
        """The recorded draw: who could be chosen, the seed, and who was chosen (R-AUD-1)."""

        TOPIC = "mappa:AuditSample.Drawn"
        sample_ref: str
        area: str
        reporting_year: str
        seed: int
        seed_derived: bool  # True when the seed was derived from the command id rather than given
        requested_size: int
        eligible: list[str]  # sorted Level 2 / 3 case references of the area at the end of the draw date
        selected: list[str]  # in selection order
        method: str

    def __init__(self, sample_ref: str, area: str, reporting_year: str, seed: int, seed_derived: bool,
                 eligible: list[str], selected: list[str]) -> None:
        self.sample_ref = sample_ref
        self.area = area
        self.reporting_year = reporting_year
        self.seed = seed
        self.seed_derived = seed_derived
        self.eligible_count = len(eligible)
        self.selected = list(selected)

    @classmethod
    def draw(
        cls, sample_id: UUID, stamp: Stamp, on: date, *, sample_ref: str, area: str, reporting_year: str,
        eligible: Iterable[str], size: int, seed: int | None,
    ) -> AuditSample:
        """Draw ``size`` of the ``eligible`` cases; without a seed, derive one from the command id."""
        check_not_future(on, stamp)
        _check_in_year(on, reporting_year)
        _check_size_and_seed(size, seed)
        population = sorted(set(eligible))
        if not population:
            raise LifecycleError(
                f"area {area} had no open Level 2 / 3 case on {on.isoformat()}, so there is nothing to draw from",
                field="area", value=area, rule="R-AUD-1",
            )
        chosen_seed = derive_seed(stamp.command_id) if seed is None else seed
        return cls._create(
            cls.Drawn, id=sample_id, **stamp.event_fields(on), sample_ref=sample_ref, area=area,
            reporting_year=reporting_year, seed=chosen_seed, seed_derived=seed is None, requested_size=size,
            eligible=population, selected=select_sample(population, chosen_seed, size), method=SELECTION_METHOD,
        )


def _check_in_year(on: date, reporting_year: str) -> None:
    try:
        year = parse_period(reporting_year)
    except ValueError:
        year = None
    if year is None or year.label != reporting_year or year != reporting_year_of(year.start):
        raise LifecycleError("a reporting year is written like 2026-27", field="reporting_year",
                             value=reporting_year, rule="R-CAL-2")
    if not year.contains(on):
        raise LifecycleError(
            f"the draw for reporting year {reporting_year} is made during that year "
            f"(draw date {on.isoformat()})",
            field="occurred_on", value=on.isoformat(), rule="R-AUD-1",
        )


def _check_size_and_seed(size: int, seed: int | None) -> None:
    if size < 1:
        raise LifecycleError("a sample has at least one case", field="sample_size", value=size, rule="R-AUD-1")
    if seed is not None and not 0 <= seed <= MAX_SEED:
        raise LifecycleError(f"a seed is a whole number from 0 to {MAX_SEED}", field="seed", value=seed,
                             rule="R-AUD-1")
