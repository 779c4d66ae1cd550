"""Several processes opening one PostgreSQL store at the same instant all start (event store, views, audit).

Before the setup lock, the library's ``CREATE OR REPLACE FUNCTION`` run by two starters at once made
PostgreSQL refuse one of them ("tuple concurrently updated"): 4 of 6 processes failed in a reproduction.
"""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from tests.conftest import postgres_url

PROCESSES = 6
OPENINGS = 8

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

_WORKER = """
import sys, time
from mappa_flow.audit.auditor import Auditor
from mappa_flow.bootstrap import bootstrap
from mappa_flow.projecting import build_projector
from mappa_flow.settings import Settings

url, schema, openings, start_at = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
settings = Settings(database_url=url, postgres_schema=schema)
while time.time() < start_at:
    time.sleep(0.001)
for _ in range(openings):
    app = bootstrap(settings)
    build_projector(settings, app).engine.dispose()
    Auditor.open(settings, app).close()
    app.close()
print("started", openings)
"""


def _start_together(schema: str, count: int) -> list[subprocess.Popen[str]]:
    start_at = str(time.time() + 3)  # every interpreter has imported everything by then
    return [subprocess.Popen([sys.executable, "-c", _WORKER, postgres_url(), schema, str(OPENINGS), start_at],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(count)]


@pytest.mark.parametrize("existing", [False, True], ids=["new store", "store in use"])
def test_processes_opening_one_store_at_once_all_start(pg_schema: str, existing: bool) -> None:
    if existing:
        (first,) = _start_together(pg_schema, 1)
        first.communicate(timeout=120)
        assert first.returncode == 0
    results = [(*process.communicate(timeout=300), process.returncode)
               for process in _start_together(pg_schema, PROCESSES)]
    failures = [err[-2000:] for _out, err, code in results if code != 0]
    assert failures == []
    assert [out.strip() for out, _err, _code in results] == [f"started {OPENINGS}"] * PROCESSES
