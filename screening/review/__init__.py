"""The review: decisions keyed by keyed fingerprints, the gate, the 审查记录.

:mod:`screening.review.keys` says how a flagged finding is identified across re-scans.
"""
