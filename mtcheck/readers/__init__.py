"""Input readers: files in, :class:`~mtcheck.records.Segment` s out, with origins.

Every reader raises :class:`~mtcheck.errors.InputError` naming the file and line.
"""

from mtcheck.readers.aligned import read_aligned
from mtcheck.readers.decode import read_text
from mtcheck.readers.document import read_document
from mtcheck.readers.tabular import read_table

__all__ = ["read_aligned", "read_document", "read_table", "read_text"]
