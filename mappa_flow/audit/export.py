"""A case history as one self-contained, printable HTML file that an auditor can attach to a case file.

Everything is inline (styles, no scripts, no fonts, no images, no links out),
and every piece of text is escaped, so the file shows the same anywhere, today
and in ten years, and no recorded value can inject markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape

from mappa_flow.audit.history import HistoryEntry
from mappa_flow.audit.seal import SealRecord
from mappa_flow.audit.summary import CaseSummary
from mappa_flow.clock import LONDON

MARKING = "OFFICIAL-SENSITIVE"

_STYLE = """
@page { size: A4 landscape; margin: 12mm; }
body { font-family: "Helvetica Neue", Arial, sans-serif; font-size: 10pt; color: #111; margin: 1.5em; }
h1 { font-size: 16pt; margin: 0.2em 0 0.4em; }
h2 { font-size: 12pt; margin: 0.8em 0 0.3em; }
.marking { font-weight: bold; letter-spacing: 0.1em; text-align: center; border: 1px solid #111; padding: 2px; }
dl.meta { display: grid; grid-template-columns: max-content auto; gap: 2px 12px; margin: 0 0 1em; }
dl.meta dt { font-weight: bold; }
dl.meta dd { margin: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: 3px 5px; text-align: left; vertical-align: top; }
th { background: #e8e8e8; }
td.num { text-align: right; white-space: nowrap; }
td.date, td.code { white-space: nowrap; }
tr.late td.num { font-weight: bold; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
.hash { font-family: "Courier New", monospace; word-break: break-all; }
footer { margin-top: 1em; font-size: 8pt; color: #444; }
.anchor { margin-top: 1em; border: 1px solid #111; padding: 4px 8px; page-break-inside: avoid; }
@media print { body { margin: 0; } th { background: #e8e8e8 !important; -webkit-print-color-adjust: exact; } }
"""

_COLUMNS = ("Business date", "Recorded at (UK time)", "Days late", "Recorded by", "Command id", "Record", "Event",
            "Summary")


@dataclass(frozen=True)
class ExportHeader:
    reference: str
    viewer: str
    generated_at: datetime  # aware
    scope: str
    seal: SealRecord | None  # the latest seal when exported


def history_html(header: ExportHeader, entries: Sequence[HistoryEntry], summary: CaseSummary | None = None) -> str:
    rows = "\n".join(_row(entry) for entry in entries) or '<tr><td colspan="8">No events match.</td></tr>'
    head = "".join(f"<th scope=\"col\">{escape(c)}</th>" for c in _COLUMNS)
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Case history {escape(header.reference)}</title>
<style>{_STYLE}</style>
</head>
<body>
<p class="marking">{MARKING}</p>
<h1>Case history: {escape(header.reference)}</h1>
{_meta(header, len(entries))}
{_summary(summary)}
<table>
<thead><tr>{head}</tr></thead>
<tbody>
{rows}
</tbody>
</table>
{_anchor(header.seal)}
<footer>Produced by mappa-flow from the event store. Producing this document was recorded in the case's access
log. Check the store's integrity with <code>mappa-flow audit verify</code>; the seal hash above can be compared
with the one printed in the SOG's quarterly pack.</footer>
<p class="marking">{MARKING}</p>
</body>
</html>
"""


def _meta(header: ExportHeader, count: int) -> str:
    seal = (f'seal #{header.seal.seal_no} to position {header.seal.last_position}, hash '
            f'<span class="hash">{escape(header.seal.chain_hash)}</span>') if header.seal else "the store is not sealed"
    items = (
        ("Case reference", escape(header.reference)),
        ("Produced", escape(_uk_time(header.generated_at))),
        ("Produced by", escape(header.viewer)),
        ("Events", f"{count} ({escape(header.scope)})"),
        ("Latest seal", seal),
    )
    return '<dl class="meta">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in items) + "</dl>"


def _anchor(seal: SealRecord | None) -> str:
    """The store's latest seal hash, an anchor kept outside the database with this copy (docs/auditors.md)."""
    if seal is None:
        return ('<section class="anchor"><p><strong>Seal anchor:</strong> the store had no seal when this was '
                "produced, so this copy carries no anchor.</p></section>")
    chain_hash = escape(seal.chain_hash)
    return (f'<section class="anchor"><p><strong>Seal anchor:</strong> seal #{seal.seal_no}, covering the '
            f"record up to position {seal.last_position}, sealed {escape(seal.sealed_at.isoformat(' ', 'minutes'))}"
            f' UTC by {escape(seal.sealed_by)}. Hash: <span class="hash">{chain_hash}</span></p>'
            "<p>Keep this copy: anyone can later prove that the record up to this seal was not rewritten, even "
            f"by someone with access to the database, with <code>mappa-flow audit verify --anchor {chain_hash}"
            "</code>.</p></section>")


def _summary(summary: CaseSummary | None) -> str:
    """Where the case stands on the day of the export (a list, not a table: the table rows are the events)."""
    if summary is None:
        return ""
    items = "".join(f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>" for label, value in summary.items)
    return f'<h2>The case on {summary.today.isoformat()}</h2>\n<dl class="meta">{items}</dl>\n<h2>History</h2>'


def _row(entry: HistoryEntry) -> str:
    late = entry.late_days
    cells = (  # days late: blank when recorded on the business date itself, as in the table
        ("date", entry.occurred_on.isoformat()), ("date", _uk_time(entry.recorded_at)),
        ("num", str(late) if late else ""), ("", entry.recorded_by), ("code", entry.command_id), ("", entry.record),
        ("", entry.event), ("", entry.summary),
    )
    body = "".join(f'<td class="{css}">{escape(text)}</td>' if css else f"<td>{escape(text)}</td>"
                   for css, text in cells)
    return f'<tr class="late">{body}</tr>' if late > 0 else f"<tr>{body}</tr>"


def _uk_time(moment: datetime) -> str:
    return moment.astimezone(LONDON).strftime("%Y-%m-%d %H:%M %Z")
