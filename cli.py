"""`screening` command line: the only place that prints or exits.

Exit status of ``screening scan``: 0 nothing flagged (no finding at ``medium`` or above) and every
input read; 1 something flagged or some input could not be read (fail closed); 2 usage error or no
input could be read at all.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from screening import __version__
from screening.errors import ScreeningError
from screening.findings import ENTITY_TYPES

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
EXIT_OK, EXIT_FLAGGED, EXIT_USAGE = 0, 1, 2


def _split_entities(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> list[str]:
    names = [n.strip().upper() for v in value for n in v.split(",") if n.strip()]
    unknown = [n for n in names if n not in ENTITY_TYPES]
    if unknown:
        raise click.BadParameter(
            f"unknown entity type(s): {', '.join(unknown)}. Known: {', '.join(ENTITY_TYPES)}"
        )
    return names


def output_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--format`` means the same in every command."""

    @click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "json", "jsonl"]),
        default="table",
        show_default=True,
        help="table: readable report; json: ONE object (the findings contract); jsonl: one document per line.",
    )
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


def screener_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options that build the :class:`screening.Screener`."""

    @click.option("--min-score", type=click.FloatRange(0, 1), default=0.0, show_default=True,
                  help="Drop findings scoring below this.")
    @click.option("--entities", multiple=True, callback=_split_entities, metavar="A,B,...",
                  help="Only report these entity types (comma-separated, repeatable).")
    @click.option("--exclude-entities", multiple=True, callback=_split_entities, metavar="A,B,...",
                  help="Never report these entity types.")
    @click.option("--wordlist", "wordlists", multiple=True, metavar="FILE",
                  help="Custom word list (txt: one term per line; CSV/YAML: term,category,severity); "
                       "`builtin:NAME` for a bundled list. Repeatable.")
    @click.option("--allowlist", "allowlists", multiple=True, metavar="FILE",
                  help="Terms never flagged by word lists (the organisation's own names ...). Repeatable.")
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


def build_screener(
    min_score: float,
    entities: list[str],
    exclude_entities: list[str],
    wordlists: tuple[str, ...] = (),
    allowlists: tuple[str, ...] = (),
) -> Any:
    """A Screener from the shared options; library errors become usage errors (exit 2)."""
    from screening import Screener

    try:
        extra = []
        if wordlists:
            from recognizers.custom_terms import load_wordlist_recognizer

            extra.append(load_wordlist_recognizer(wordlists, allowlists))
        return Screener(entities=entities or None, exclude_entities=exclude_entities, min_score=min_score,
                        extra_recognizers=extra)
    except (ScreeningError, KeyError, ValueError) as exc:
        raise click.UsageError(str(exc)) from None


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="screening")
def main() -> None:
    """政务公开发布前审查：个人信息、密级标志识别与去标识化。

    Screen Chinese government drafts for personal information and secrecy markings before
    publication. Run `screening scan 草稿.txt` to see what a draft contains.
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@output_options
@screener_options
@click.option("--flagged-only", is_flag=True, help="Table: hide low/info findings.")
@click.option("--color/--no-color", "colour", default=None, help="Colour the table (default: only on a terminal).")
def scan(
    paths: tuple[Path, ...],
    fmt: str,
    min_score: float,
    entities: list[str],
    exclude_entities: list[str],
    wordlists: tuple[str, ...],
    allowlists: tuple[str, ...],
    flagged_only: bool,
    colour: bool | None,
) -> None:
    """Scan FILES (and directories, recursively) and report what they contain.

    \b
    Examples:
      screening scan samples/处罚决定书.txt
      screening scan 公开附件/ --format json > report.json
      screening scan a.txt --entities CN_RESIDENT_ID,PHONE_NUMBER
    """
    from screening.reports import render_json, render_jsonl_line, render_table
    from screening.results import DocumentResult, scan_file

    screener = build_screener(min_score, entities, exclude_entities, wordlists, allowlists)
    results: list[DocumentResult] = []
    for path in _expand(paths):
        if isinstance(path, DocumentResult):
            result = path
        else:
            result = scan_file(path, screener)
        if result.status != "ok":
            click.echo(f"Error: {result.error}", err=True)
        results.append(result)
        if fmt == "jsonl":
            click.echo(render_jsonl_line(result))
    if fmt == "json":
        click.echo(render_json(results))
    elif fmt == "table":
        use_colour = sys.stdout.isatty() if colour is None else colour
        click.echo(render_table(results, colour=use_colour, show_all=not flagged_only), color=use_colour)
    sys.exit(_exit_status(results))


def _expand(paths: tuple[Path, ...]) -> list[Any]:
    from screening.results import DocumentResult

    out: list[Any] = []
    for p in paths:
        if p.is_dir():
            for child in sorted(q for q in p.rglob("*") if q.is_file()):
                out.append(child)
        elif not p.exists():
            out.append(DocumentResult(str(p), status="error", error=f"{p}: no such file"))
        else:
            out.append(p)
    return out


def _exit_status(results: list[Any]) -> int:
    if not results or all(r.status != "ok" for r in results):
        return EXIT_USAGE
    if any(r.status != "ok" or r.flagged for r in results):
        return EXIT_FLAGGED
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    main()
