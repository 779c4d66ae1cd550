"""A strict check of an iCalendar feed against the RFC 5545 rules a subscribing client relies on.

The ``icalendar`` package parses leniently (a DURATION written as "1:00:00" reads back as text), so the
tests parse the feed back with it *and* check the octets here: CRLF line ends, folding at 75 octets,
the content-line grammar (section 3.1), balanced components, the properties each component must have
exactly once (3.6, 3.6.1, 3.7), UTC DTSTAMPs, DATE and DURATION value syntax (3.3.4, 3.3.6), DTEND
after DTSTART, TEXT escaping (3.3.11) and unique UIDs. Returns the problems found; empty means valid.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

_NAME = r"[A-Za-z0-9-]+"
_PARAM_VALUE = r'(?:"[^"\x00-\x08\x0a-\x1f\x7f]*"|[^";:,\x00-\x08\x0a-\x1f\x7f]*)'
_CONTENT_LINE = re.compile(
    rf"(?P<name>{_NAME})(?P<params>(?:;{_NAME}={_PARAM_VALUE}(?:,{_PARAM_VALUE})*)*):(?P<value>[^\x00-\x08\x0a-\x1f\x7f]*)"
)
_DATE = re.compile(r"\d{8}")
_UTC_DATE_TIME = re.compile(r"\d{8}T\d{6}Z")
_DURATION = re.compile(r"[+-]?P(?:\d+W|(?=\d|T\d)(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+S)?)?)")
_TEXT = re.compile(r"(?:[^\\;,]|\\[\\;,nN])*")  # one TEXT value: ";" and "," escaped, only known escapes
_TEXT_PROPERTIES = {"SUMMARY", "DESCRIPTION", "X-WR-CALNAME", "X-WR-CALDESC"}
_ONCE = {
    "VCALENDAR": ("PRODID", "VERSION"),
    "VEVENT": ("UID", "DTSTAMP", "DTSTART"),
}


def problems(feed: bytes) -> list[str]:
    """Everything in ``feed`` that breaks RFC 5545; an empty list when there is nothing."""
    found: list[str] = []
    text = _physical_lines(feed, found)
    lines = _unfold(text)
    stack: list[tuple[str, Counter[str], dict[str, tuple[str, str]]]] = []
    uids: list[str] = []
    for number, line in enumerate(lines, start=1):
        match = _CONTENT_LINE.fullmatch(line)
        if match is None:
            found.append(f"line {number}: not a content line: {line[:60]!r}")
            continue
        name, params, value = match["name"].upper(), match["params"].upper(), match["value"]
        if name == "BEGIN":
            stack.append((value.upper(), Counter(), {}))
            continue
        if name == "END":
            found += _close(stack, value.upper(), number, uids)
            continue
        if not stack:
            found.append(f"line {number}: {name} outside any component")
            continue
        stack[-1][1][name] += 1
        stack[-1][2][name] = (params, value)
        found += _value_problems(name, params, value, number)
    if stack:
        found.append(f"components left open: {[component for component, _, _ in stack]}")
    if lines and (lines[0] != "BEGIN:VCALENDAR" or lines[-1] != "END:VCALENDAR"):
        found.append("the feed is not one VCALENDAR")
    found += [f"UID {uid} appears {n} times" for uid, n in Counter(uids).items() if n > 1]
    return found


def _physical_lines(feed: bytes, found: list[str]) -> str:
    if not feed.endswith(b"\r\n"):
        found.append("the feed does not end with CRLF")
    for number, raw in enumerate(feed.split(b"\r\n")[:-1], start=1):
        if b"\n" in raw or b"\r" in raw:
            found.append(f"physical line {number}: a bare CR or LF (lines end in CRLF)")
        if len(raw) > 75:
            found.append(f"physical line {number}: {len(raw)} octets, more than 75 (fold it)")
    try:
        return feed.decode("utf-8")
    except UnicodeDecodeError:
        found.append("the feed is not UTF-8")
        return feed.decode("utf-8", "replace")


def _unfold(text: str) -> list[str]:
    return [line for line in re.sub(r"\r\n[ \t]", "", text).split("\r\n") if line]


def _close(stack: list[tuple[str, Counter[str], dict[str, tuple[str, str]]]], component: str, number: int,
           uids: list[str]) -> list[str]:
    if not stack or stack[-1][0] != component:
        return [f"line {number}: END:{component} does not close the open component"]
    _, counts, props = stack.pop()
    found = [f"{component} has {counts[name]} {name} (exactly one is required)"
             for name in _ONCE.get(component, ()) if counts[name] != 1]
    found += [f"{component} has {n} {name}" for name, n in counts.items() if n > 1 and name != "CATEGORIES"]
    if component == "VCALENDAR" and props.get("VERSION", ("", ""))[1] != "2.0":
        found.append("VERSION is not 2.0")
    if component == "VEVENT":
        uids.append(props.get("UID", ("", ""))[1])
        found += _event_dates(props)
    return found


def _event_dates(props: dict[str, tuple[str, str]]) -> list[str]:
    if "DTSTART" not in props or "DTEND" not in props:
        return []
    (start_params, start), (end_params, end) = props["DTSTART"], props["DTEND"]
    if _is_date(start_params) != _is_date(end_params):
        return ["DTEND is not of the same value type as DTSTART"]
    if _is_date(start_params) and _DATE.fullmatch(start) and _DATE.fullmatch(end):
        first, last = (date(int(v[:4]), int(v[4:6]), int(v[6:])) for v in (start, end))
        return [] if last > first else [f"DTEND {end} is not after DTSTART {start}"]
    return []


def _is_date(params: str) -> bool:
    return "VALUE=DATE" in params.split(";")


def _value_problems(name: str, params: str, value: str, number: int) -> list[str]:
    where = f"line {number}: {name}"
    if name == "DTSTAMP" and not _UTC_DATE_TIME.fullmatch(value):
        return [f"{where} {value!r} is not a UTC date-time (yyyymmddThhmmssZ)"]
    if _is_date(params) and not _DATE.fullmatch(value):
        return [f"{where} {value!r} is not a DATE (yyyymmdd)"]
    if "VALUE=DURATION" in params.split(";") and not _DURATION.fullmatch(value):
        return [f"{where} {value!r} is not a DURATION (e.g. PT1H)"]
    if name in _TEXT_PROPERTIES and not _TEXT.fullmatch(value):
        return [f"{where} has an unescaped ';' or ',' or an unknown escape"]
    if name == "CATEGORIES" and not all(_TEXT.fullmatch(part) for part in value.split(",")):
        return [f"{where} has a badly escaped category"]
    return []
