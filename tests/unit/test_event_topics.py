"""Event topics are explicit and stable: moving or renaming a module never breaks a stored event.

Every aggregate and event class in ``domain/`` declares its own ``TOPIC`` (``mappa:...``), and every
topic ever stored (tests/unit/stored_topics.txt) still resolves to a class.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic, resolve_topic

import domain
from domain.event import MappaAggregate

STORED = Path(__file__).with_name("stored_topics.txt")
ABSTRACT = {MappaAggregate}  # a base class: never stored itself


def _domain_classes() -> list[type[Aggregate] | type[Aggregate.Event]]:
    """Every aggregate class in ``domain/`` and every event class it can store."""
    found: list[type[Aggregate] | type[Aggregate.Event]] = []
    for info in pkgutil.walk_packages(domain.__path__, "domain."):
        module = importlib.import_module(info.name)
        for aggregate in vars(module).values():
            if (inspect.isclass(aggregate) and issubclass(aggregate, Aggregate) and aggregate not in ABSTRACT
                    and aggregate.__module__ == module.__name__):
                found.append(aggregate)
                found += [event for name, event in vars(aggregate).items() if _stored_event(name, event)]
    return found


def _stored_event(name: str, cls: object) -> bool:
    """An event class that can be stored: not the ``Event`` base of an aggregate's events, and not the
    ``Created`` class the library generates for each aggregate (unused: each aggregate is created by its own
    event, e.g. ``Case.Referred``). A ``Created`` we declare ourselves has a ``TOPIC`` and is checked."""
    if not (inspect.isclass(cls) and issubclass(cls, Aggregate.Event)) or name == "Event":
        return False
    return not (name == "Created" and "TOPIC" not in cls.__dict__)


def _stored_topics() -> list[str]:
    lines = STORED.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("cls", _domain_classes(), ids=lambda c: c.__qualname__)
def test_every_aggregate_and_event_class_declares_its_own_mappa_topic(cls: type) -> None:
    topic = cls.__dict__.get("TOPIC")
    assert isinstance(topic, str) and topic.startswith("mappa:"), f"{cls.__qualname__} needs TOPIC = 'mappa:...'"
    assert get_topic(cls) == topic  # the library stores the explicit topic, not the module path
    assert resolve_topic(topic) is cls


def test_every_topic_ever_stored_still_resolves_to_a_class() -> None:
    _domain_classes()  # import every domain module, as the application does
    unresolved = []
    for topic in _stored_topics():
        try:
            resolve_topic(topic)
        except Exception:
            unresolved.append(topic)
    assert unresolved == [], "stored events name these topics: keep a class for each (or register an alias)"


def test_every_current_topic_is_in_the_list_of_stored_topics() -> None:
    current = {cls.__dict__["TOPIC"] for cls in _domain_classes()}
    missing = sorted(current - set(_stored_topics()))
    assert missing == [], f"add these topics to {STORED.name} (and never remove a line): {missing}"
