"""De-identification: policies, operators, writers per format and built-in verification.

>>> redact_text("联系人身份证号：11010519491231002X")[0]
'联系人身份证号：110105********002X'

Public API: :func:`redact_text`, :func:`redact_file`, :func:`redact_files`, :func:`load_policy`,
:class:`Policy`, :class:`RedactionReport`, :func:`redaction_log`.
"""

from screening.redaction.policy import Policy, bundled_policies, load_policy
from screening.redaction.report import RedactionReport, redaction_log, render_table
from screening.redaction.run import output_pairs, redact_file, redact_files, redact_text

__all__ = [
    "Policy",
    "RedactionReport",
    "bundled_policies",
    "load_policy",
    "output_pairs",
    "redact_file",
    "redact_files",
    "redact_text",
    "redaction_log",
    "render_table",
]
