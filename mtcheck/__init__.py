"""mtcheck: quality checks for Russian-to-English machine translation.

The public API::

    from mtcheck import Checker, Segment
    run = Checker().run([Segment(id="1", mt="...", src="...")])
    for result, finding in run.findings():
        print(result.segment.id, finding.code, finding.message)
"""

__version__ = "0.1.0"

from mtcheck.engine import Checker, RunResult, check_segments  # noqa: E402
from mtcheck.errors import ConfigError, InputError, ModelError, MtcheckError  # noqa: E402
from mtcheck.records import Category, Finding, Segment, SegmentResult, Severity, Span  # noqa: E402
from mtcheck.selection import Selection  # noqa: E402

__all__ = [
    "Category",
    "Checker",
    "ConfigError",
    "Finding",
    "InputError",
    "ModelError",
    "MtcheckError",
    "RunResult",
    "Segment",
    "SegmentResult",
    "Selection",
    "Severity",
    "Span",
    "__version__",
    "check_segments",
]
