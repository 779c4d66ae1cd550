"""The score of ``make mutate`` (docs/mutation.md): the share of mutmut's mutants of domain/rules/ that the rule
tests kill, from the stats ``mutmut export-cicd-stats`` writes. Exits 1 when it is under the threshold.

A mutant that times out counts as killed (the tests noticed it); every other mutant that was not killed (it
survived, no test reached it, it was not checked) counts against the score.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

STATS = Path("mutants/mutmut-cicd-stats.json")
THRESHOLD = 90.0  # percent (issue 12)


def score(stats: dict[str, int]) -> tuple[int, int, float]:
    """Killed, total and the percentage killed."""
    killed, total = stats["killed"] + stats["timeout"], stats["total"]
    return killed, total, 100.0 * killed / total if total else 0.0


def main(path: Path = STATS, threshold: float = THRESHOLD) -> int:
    killed, total, percent = score(json.loads(path.read_text(encoding="utf-8")))
    print(f"mutation score: {killed}/{total} mutants killed = {percent:.1f}% (at least {threshold:.0f}% needed)")
    return 0 if total and percent >= threshold else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else STATS))
