"""Report renderers: the JSON findings contract, JSON lines, and a readable table.

Renderers return strings; only ``cli.py`` prints them.
"""

from screening.reports.json_report import render_json, render_jsonl_line
from screening.reports.table import render_table

__all__ = ["render_json", "render_jsonl_line", "render_table"]
