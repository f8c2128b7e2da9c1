"""`mtcheck review`: editors confirm or dismiss findings and fix translations on a local page.

:mod:`source` reads what is reviewed (an input, checked, or a saved JSON report),
:mod:`store` keeps the decisions in a review file beside it, :mod:`session` is the
review's logic, :mod:`app` and :mod:`server` put it on a page, :mod:`export`
writes the corrected input and a baseline of dismissed findings, :mod:`stats`
counts verdicts per check.
"""
