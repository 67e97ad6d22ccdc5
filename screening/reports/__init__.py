"""Report renderers: the JSON findings contract, JSON lines, and a readable table.

Renderers return strings (``render_*``) or yield them piece by piece (``iter_*``, for documents
with hundreds of thousands of findings); only ``cli.py`` prints them.
"""

from screening.reports.json_report import iter_json, iter_jsonl_line, render_json, render_jsonl_line
from screening.reports.table import iter_table, render_table

__all__ = ["iter_json", "iter_jsonl_line", "iter_table", "render_json", "render_jsonl_line", "render_table"]
