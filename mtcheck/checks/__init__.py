"""Built-in checks. Importing this package registers them all.

Codes are grouped by hundred: MT1xx untranslated, MT2xx boilerplate, MT3xx
repetition, MT4xx polarity, MT5xx numbers, MT6xx named entities, MT7xx omission and
addition, MT8xx terminology, MT9xx model-based (fluency, adequacy). A code is never
reused for a different check.
"""

from mtcheck.checks import boilerplate, length, polarity_trace, repetition, untranslated  # noqa: F401
from mtcheck.checks import omission  # noqa: F401
from mtcheck.checks import numbers  # noqa: F401
from mtcheck.checks import polarity  # noqa: F401
from mtcheck.checks import entities  # noqa: F401
from mtcheck.checks import alignment  # noqa: F401
from mtcheck.checks import terminology  # noqa: F401
from mtcheck.checks import fluency  # noqa: F401
from mtcheck.checks import antonym_model  # noqa: F401
