"""How often editors confirmed or dismissed each check, across review files.

A check whose findings are mostly dismissed cries wolf: it is the one to tune.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable

from mtcheck.review.store import ReviewFile


@dataclass
class CodeStats:
    code: str
    check: str = ""
    findings: int = 0  # distinct findings flagged in the reviewed inputs
    confirmed: int = 0
    dismissed: int = 0

    @property
    def decided(self) -> int:
        return self.confirmed + self.dismissed

    @property
    def undecided(self) -> int:
        return max(self.findings - self.decided, 0)

    @property
    def dismissed_share(self) -> float | None:
        return self.dismissed / self.decided if self.decided else None

    def to_dict(self) -> dict[str, Any]:
        share = self.dismissed_share
        return {
            "code": self.code,
            "check": self.check,
            "findings": self.findings,
            "confirmed": self.confirmed,
            "dismissed": self.dismissed,
            "undecided": self.undecided,
            "dismissed_share": round(share, 4) if share is not None else None,
        }


def review_stats(reviews: Iterable[ReviewFile]) -> list[CodeStats]:
    """Counts per check code, summed over ``reviews``, sorted by code."""
    table: dict[str, CodeStats] = defaultdict(lambda: CodeStats(code=""))
    for review in reviews:
        flagged = review.flagged.get("by_code", {}) if isinstance(review.flagged, dict) else {}
        seen: dict[str, int] = defaultdict(int)
        for decision in review.decisions.values():
            row = table[decision.code]
            row.code = decision.code
            row.check = row.check or decision.check
            if decision.verdict == "confirmed":
                row.confirmed += 1
            elif decision.verdict == "dismissed":
                row.dismissed += 1
            seen[decision.code] += 1
        for code, count in flagged.items():
            if isinstance(count, int):
                row = table[code]
                row.code = code
                row.findings += count
        # A review made before the counts were recorded still counts what it decided.
        for code, n in seen.items():
            if code not in flagged:
                table[code].findings += n
    return sorted(table.values(), key=lambda r: r.code)
