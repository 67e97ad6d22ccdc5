"""`screening` command line: the only place that prints or exits.

Exit status of ``screening scan``: 0 nothing flagged (no finding at ``medium`` or above) and every
input read; 1 something flagged or some input could not be read (fail closed); 2 usage error or no
input could be read at all.
"""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple

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


def output_options(func: Callable[..., Any] | None = None, *, extra: tuple[str, ...] = ()) -> Any:
    """``--format`` means the same in every command (``@output_options(extra=("html",))`` adds formats)."""
    if func is None:
        return functools.partial(output_options, extra=extra)

    @click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "json", "jsonl", *extra]),
        default="table",
        show_default=True,
        help="table: readable report; json: ONE object (the findings contract); jsonl: one document per line"
             + ("; html: the reviewer report (one self-contained file; values masked unless --show-values)."
                if "html" in extra else "."),
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
                  help="Terms never reported by any recognizer (the organisation's own names, public officials ...). "
                       "Repeatable.")
    @click.option("--genres", "genres", type=click.Path(exists=True, dir_okay=False), metavar="FILE",
                  help="The office's own document-genre table (YAML, laid over the built-in one: "
                       "what 任前公示, 表彰名单 ... may publish).")
    @click.option("--no-genres", is_flag=True, help="Do not detect document genres (every person by role only).")
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        # read by build_screener (kept out of every command's signature)
        meta = click.get_current_context().meta
        meta["screening.genres"] = False if kwargs.pop("no_genres") else kwargs.pop("genres")
        kwargs.pop("genres", None)
        return func(*args, **kwargs)

    return wrapper


def input_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """How inputs are found (directories, globs) and the reader's safety limits."""

    @click.option("--include", multiple=True, metavar="GLOB",
                  help="In directories, only files matching (e.g. '*.docx', '附件/**'). Repeatable.")
    @click.option("--exclude", multiple=True, metavar="GLOB", help="In directories, skip matching files. Repeatable.")
    @click.option("--max-total-size", type=click.IntRange(1), metavar="MB",
                  help="Zip packages (docx/xlsx): refuse more than this much decompressed data [1024].")
    @click.option("--max-parts", type=click.IntRange(1), metavar="N",
                  help="Zip packages: refuse more members than this [10000].")
    @click.option("--max-part-size", type=click.IntRange(1), metavar="MB",
                  help="Zip packages: refuse a member larger than this when decompressed [512].")
    @click.option("--max-pages", type=click.IntRange(1), metavar="N", help="PDF: refuse more pages than this [5000].")
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


def read_limits(max_total_size: int | None, max_parts: int | None, max_part_size: int | None,
                max_pages: int | None) -> dict[str, int]:
    mb = 1024 * 1024
    given = {
        "max_total_size": max_total_size * mb if max_total_size else None,
        "max_parts": max_parts,
        "max_part_size": max_part_size * mb if max_part_size else None,
        "max_pages": max_pages,
    }
    return {k: v for k, v in given.items() if v is not None}


def build_screener(
    min_score: float,
    entities: list[str],
    exclude_entities: list[str],
    wordlists: tuple[str, ...] = (),
    allowlists: tuple[str, ...] = (),
) -> Any:
    """A Screener from the shared options; library errors become usage errors (exit 2)."""
    from screening import Screener

    _refuse_option_files(wordlists, allowlists)
    try:
        from screening.wordlists import load_allowlist, load_wordlist_recognizer

        extra = [load_wordlist_recognizer(wordlists, allowlists)] if wordlists else []
        allow = load_allowlist(allowlists) if allowlists else ()
        genres = click.get_current_context().meta.get("screening.genres")
        return Screener(entities=entities or None, exclude_entities=exclude_entities, min_score=min_score,
                        extra_recognizers=extra, allowlist=allow, genres=genres)
    except (ScreeningError, KeyError, ValueError) as exc:
        raise click.UsageError(str(exc)) from None


def batch_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """How a batch is spread over cores (``--jobs``) or machines (``--executor dask``)."""

    @click.option("--jobs", "-j", type=click.IntRange(1), default=None, metavar="N",
                  help="Worker processes (default: the number of cores; 1: in this process).")
    @click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
                  help="local: a process pool on this machine; dask: the dask.distributed --scheduler.")
    @click.option("--scheduler", metavar="ADDR", help="Dask scheduler address (tcp://host:8786) for --executor dask.")
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


def _site_summary(path: Path | None) -> Any:
    if path is None:
        return None
    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise click.UsageError(f"--summary {path}: must end in .csv or .xlsx")
    from screening.summary import SiteSummary

    return SiteSummary()


def _batch_results(items: Iterable[Any], limits: dict[str, int], jobs: int | None, executor: str,
                   scheduler: str | None, cache_dir: Path | None, min_score: float, entities: list[str],
                   exclude_entities: list[str], wordlists: tuple[str, ...], allowlists: tuple[str, ...]) -> Any:
    """The scan results in input order, from screening/batch.py (pool, cache, progress bar on a terminal)."""
    from screening.batch import ScreenerSpec, default_jobs, scan_results

    if executor == "dask" and not scheduler:
        raise click.UsageError("--executor dask needs --scheduler ADDR (e.g. tcp://127.0.0.1:8786)")
    _refuse_option_files(wordlists, allowlists)
    spec = ScreenerSpec(min_score, tuple(entities), tuple(exclude_entities), tuple(wordlists), tuple(allowlists),
                        genres=click.get_current_context().meta.get("screening.genres"))
    cache = None
    if cache_dir is not None:
        from screening.cache import open_cache

        try:
            cache, spec = open_cache(cache_dir, spec, limits)
        except OSError as exc:
            raise click.UsageError(f"--cache {cache_dir}: {exc.strerror or exc}") from None
    try:
        spec.validate()  # the Screener itself is built only when a file must be scanned (not on a cached re-audit)
    except (ScreeningError, KeyError, ValueError) as exc:
        raise click.UsageError(str(exc)) from None
    return scan_results(list(items), spec, limits, jobs=jobs or default_jobs(), cache=cache, progress=True,
                        executor=executor, scheduler=scheduler)


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="screening")
def main() -> None:
    """政务公开发布前审查：个人信息、密级标志识别与去标识化。

    Screen Chinese government drafts for personal information and secrecy markings before
    publication. Run `screening scan 草稿.txt` to see what a draft contains.
    """
    _quiet_libraries()


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@output_options(extra=("html",))
@screener_options
@input_options
@click.option("--flagged-only", is_flag=True, help="Table: hide low/info findings.")
@click.option("--color/--no-color", "colour", default=None, help="Colour the table (default: only on a terminal).")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Write the report to FILE (atomically) instead of standard output.")
@click.option("--policy", default="publication", show_default=True, metavar="NAME|FILE",
              help="HTML report: the policy whose replacements it proposes (preset or policy YAML).")
@click.option("--show-values", is_flag=True,
              help="HTML report: show the original values (default: masked; the report holds personal data).")
@batch_options
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="Re-audits: keep each file's result here (0700; holds findings with their values, like the "
                   "JSON report) keyed by its sha256 + engine version + options; unchanged files are not rescanned.")
@click.option("--summary", "summary_path", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Also write a site summary (汇总.csv or 汇总.xlsx): per file status and counts, per sheet column.")
def scan(
    paths: tuple[Path, ...],
    fmt: str,
    min_score: float,
    entities: list[str],
    exclude_entities: list[str],
    wordlists: tuple[str, ...],
    allowlists: tuple[str, ...],
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    max_total_size: int | None,
    max_parts: int | None,
    max_part_size: int | None,
    max_pages: int | None,
    flagged_only: bool,
    colour: bool | None,
    output: Path | None = None,
    policy: str = "publication",
    show_values: bool = False,
    jobs: int | None = None,
    executor: str = "local",
    scheduler: str | None = None,
    cache_dir: Path | None = None,
    summary_path: Path | None = None,
) -> None:
    """Scan FILES (and directories, recursively) and report what they contain.

    \b
    Examples:
      screening scan samples/处罚决定书.txt
      screening scan 公开附件/ --format json > report.json
      screening scan a.txt --entities CN_RESIDENT_ID,PHONE_NUMBER
      screening scan 名单.xlsx --format html -o 报告.html
    """
    if fmt == "html":
        from screening.redaction import load_policy

        try:
            pol = load_policy(policy)
        except ScreeningError as exc:
            raise click.UsageError(str(exc)) from None
    out = _Output(output)
    _write = out.write  # the report goes to --output when given
    from screening.documents.walk import iter_inputs
    from screening.reports import iter_table
    from screening.reports.json_report import (
        JSON_SEP,
        JSONL_SEP,
        Prerender,
        iter_json_utf8,
        iter_jsonl_line_utf8,
    )

    limits = read_limits(max_total_size, max_parts, max_part_size, max_pages)
    results: list[Any] = []
    summary = _site_summary(summary_path)
    # a big sheet's findings are encoded while the chunk workers scan (JSON formats)
    prerender = Prerender(JSONL_SEP if fmt == "jsonl" else JSON_SEP) if fmt in ("json", "jsonl") else None
    try:  # per-file problems are results; only an unreachable Dask cluster raises (before any output)
        with prerender.listening() if prerender is not None else contextlib.nullcontext():
            for result in _batch_results(iter_inputs(paths, include, exclude), limits, jobs, executor, scheduler,
                                         cache_dir, min_score, entities, exclude_entities, wordlists, allowlists):
                if summary is not None:
                    summary.add(result)
                if result.status != "ok":
                    click.echo(f"Error: {result.error}", err=True)
                if fmt == "jsonl":  # written now; only the outcome is kept (a batch of big sheets stays small)
                    _collector_frozen_for([result])
                    _write(iter_jsonl_line_utf8(result, prerender))
                    _write(b"\n")
                    results.append(_Outcome(result.status, result.flagged))
                else:
                    results.append(result)
    except ScreeningError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    if fmt == "json":
        _collector_frozen_for(results)
        _write(iter_json_utf8(results, prerender=prerender))
        _write(b"\n")
    elif fmt == "html":
        from screening.reports.html import iter_html

        # the report's item keys need the run's key: the same screener options, built here
        screener = build_screener(min_score, entities, exclude_entities, wordlists, allowlists)
        _write(iter_html(results, screener=screener, policy=pol, show_values=show_values))
    elif fmt == "table":
        use_colour = (sys.stdout.isatty() if colour is None else colour) and output is None
        for line in iter_table(results, colour=use_colour, show_all=not flagged_only):
            if output is None:
                click.echo(line, color=use_colour)
            else:
                _write(line + "\n")
    if prerender is not None:
        prerender.close()
    out.close()
    if summary is not None:
        try:
            summary.write(summary_path)  # type: ignore[arg-type]
        except (ScreeningError, OSError) as exc:
            raise click.ClickException(f"cannot write the summary: {exc}") from None
    if output is not None:
        click.echo(f"report written to {output}", err=True)
    sys.exit(_exit_status(results))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out", required=True, metavar="DIR|FILE",
              help="Output file (one input) or directory (ends with /, exists, or several inputs: mirrored).")
@click.option("--policy", default="publication", show_default=True, metavar="NAME|FILE",
              help="Preset (publication, penalty, strict) or a policy YAML file.")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--keep-originals", type=click.Path(path_type=Path), metavar="FILE",
              help="Also write the original values (for the responsible unit) to this separate file.")
@click.option("--key", metavar="TEXT", help="Key for the pseudonym operator (prefer --key-file).")
@click.option("--key-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="File holding the pseudonym key.")
@click.option("--log", "log_path", type=click.Path(path_type=Path), metavar="FILE",
              help="Also write the JSON redaction log to this file.")
@click.option("--decisions", "decisions_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              metavar="D.json", help="The review's decisions: publish keeps an item, redact applies the policy's "
                                     "operator, undecided items get the policy default.")
@click.option("--fingerprint-key-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="With --decisions: the fingerprint key they are keyed with [env SCREENING_FINGERPRINT_KEY].")
@click.option("--jobs", "-j", type=click.IntRange(1), default=None, metavar="N",
              help="Worker processes for reading/scanning and for writing/verifying (default: the number of "
                   "cores; 1: in this process). Outputs and logs are the same for every N.")
@output_options
@screener_options
def redact(
    paths: tuple[Path, ...],
    out: str,
    policy: str,
    dry_run: bool,
    keep_originals: Path | None,
    key: str | None,
    key_file: Path | None,
    log_path: Path | None,
    decisions_path: Path | None,
    fingerprint_key_file: Path | None,
    jobs: int | None,
    fmt: str,
    min_score: float,
    entities: list[str],
    exclude_entities: list[str],
    wordlists: tuple[str, ...],
    allowlists: tuple[str, ...],
) -> None:
    """De-identify FILES into --out, verify every output, and log what changed.

    Exit status: 0 every output written and verified; 1 a verification found a residue (that output
    is not written), an input could not be redacted, an output still carries a blocking mark
    (密级, 不予公开: redaction cannot make it publishable), or an output still holds content nobody
    read (images, embedded objects, pages without text); 2 usage error or nothing could be read.

    \b
    Examples:
      screening redact 决定书.docx --out 公开版/
      screening redact 名单.xlsx --out 名单_公开.xlsx --policy strict
      screening redact 草稿/ --out 公开版/ --dry-run --format json
      screening redact 网站附件/ --out 公开版/ --jobs 2
    """
    import json

    from screening.redaction import load_policy, output_pairs, redact_files, redaction_log, render_table

    if key and key_file:
        raise click.UsageError("give either --key or --key-file, not both")
    secret: bytes | None = key.encode("utf-8") if key else None
    if key_file is not None:
        secret = _read_secret_file(key_file)
    _refuse_special_files([("--policy", policy)])
    walk_errors: list[ScreeningError] = []  # a missing/unreadable input is that input's error; the batch goes on
    try:
        pol = load_policy(policy)
        pairs = output_pairs(list(paths), out, walk_errors)  # type: ignore[arg-type]
    except ScreeningError as exc:
        raise click.UsageError(str(exc)) from None
    if not pairs and not walk_errors:
        raise click.UsageError("no input files")
    _refuse_side_files(log_path, keep_originals, pairs, out)
    override = None
    if decisions_path is not None:
        from screening.review import decisions_override

        records = _load_records(decisions_path)
        screener = _keyed_screener(fingerprint_key_file, min_score, entities, exclude_entities, wordlists, allowlists)
        _need_key(screener, "the decisions are keyed with a fingerprint key")
        override = decisions_override(records, screener)
    else:
        screener = build_screener(min_score, entities, exclude_entities, wordlists, allowlists)
    reports = _walk_error_reports(walk_errors, pol.name)
    try:
        if pairs:
            from screening.batch import default_jobs

            reports += redact_files(pairs, pol, screener, dry_run=dry_run, keep_originals=keep_originals,
                                    key=secret, override=override, jobs=jobs or default_jobs(), progress=True)
    except ScreeningError as exc:
        raise click.UsageError(str(exc)) from None
    log = redaction_log(reports)
    if log_path is not None:
        _write_log(log_path, json.dumps(log, ensure_ascii=False, indent=1))
    for r in reports:
        if not r.ok:
            click.echo(f"Error: {r.error}", err=True)
        if fmt == "jsonl":
            click.echo(json.dumps(r.to_dict(), ensure_ascii=False))
    if fmt == "json":
        click.echo(json.dumps(log, ensure_ascii=False, indent=1))
    elif fmt == "table":
        click.echo(render_table(reports))
    for r in reports:
        if r.blocked:
            click.echo(f"Error: {r.input}: 禁止发布 — 含密级标志或“不予公开”等标注，去标识化不能使其可以公开 "
                       "(blocked: a secrecy/not-for-publication marking remains)", err=True)
        if r.unscanned and r.status == "ok":
            click.echo(f"Error: {r.output}: 不能发布 — 输出中仍有未经审查的内容（图片、嵌入对象、无文字层的页） "
                       f"(not cleared: content nobody read remains: {'; '.join(r.unscanned[:3])}"
                       f"{' …' if len(r.unscanned) > 3 else ''})", err=True)
    sys.exit(_redact_exit_status(reports))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (loopback by default; put a TLS proxy in front for the network).")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True)
@click.option("--workers", type=click.IntRange(1), default=None, metavar="N",
              help="Worker processes, each with its own Screener (default: the number of cores).")
@click.option("--token-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="File holding the API token (else SCREENING_API_TOKEN); then every endpoint but "
                   "/v1/health needs 'Authorization: Bearer <token>'.")
@click.option("--max-upload", type=click.IntRange(1), default=50, show_default=True, metavar="MB",
              help="Refuse bigger uploads (413).")
@click.option("--timeout", type=click.FloatRange(0.1), default=120.0, show_default=True, metavar="S",
              help="Per-request time limit (504; the worker is replaced).")
@click.option("--log-level", type=click.Choice(["debug", "info", "warning", "error"]), default="info",
              show_default=True)
@screener_options
@input_options
def serve(host: str, port: int, workers: int | None, token_file: Path | None, max_upload: int, timeout: float,
          log_level: str, min_score: float, entities: list[str], exclude_entities: list[str],
          wordlists: tuple[str, ...], allowlists: tuple[str, ...], include: tuple[str, ...],
          exclude: tuple[str, ...], max_total_size: int | None, max_parts: int | None, max_part_size: int | None,
          max_pages: int | None) -> None:
    """Run the HTTP service: POST /v1/scan, /v1/redact, /v1/check; GET /v1/health, /v1/entities.

    \b
    Examples:
      screening serve                       # http://127.0.0.1:8765, no token (loopback only)
      SCREENING_API_TOKEN=... screening serve --host 0.0.0.0 --port 8765
      curl -F file=@决定书.docx http://127.0.0.1:8765/v1/scan
    """
    try:
        from screening.service import ServiceConfig
        from screening.service import serve as run_service
    except ImportError as exc:
        raise click.ClickException(f"the service needs the 'service' extra (pip install "
                                   f"'gongkai-screening[service]'): {exc}") from None
    from screening.batch import ScreenerSpec, default_jobs

    _refuse_option_files(wordlists, allowlists)
    spec = ScreenerSpec(min_score, tuple(entities), tuple(exclude_entities), tuple(wordlists), tuple(allowlists))
    try:
        spec.validate()
    except (ScreeningError, KeyError, ValueError) as exc:
        raise click.UsageError(str(exc)) from None
    config = ServiceConfig.from_env(token_file, workers=workers or default_jobs(), spec=spec.for_run(),
                                    max_upload=max_upload * 1024 * 1024, timeout=timeout,
                                    limits=read_limits(max_total_size, max_parts, max_part_size, max_pages))
    if config.token is None and host not in ("127.0.0.1", "::1", "localhost"):
        click.echo(f"Warning: listening on {host} without a token: anyone who can reach it can use it "
                   "(set SCREENING_API_TOKEN or --token-file)", err=True)
    run_service(config, host=host, port=port, log_level=log_level)


class _Outcome(NamedTuple):
    """What the exit status needs of a document whose report is already written."""

    status: str
    flagged: bool


def _write(pieces: Iterable[str | bytes]) -> None:
    """Print a report piece by piece (never the whole text of half a million findings at once);
    bytes (UTF-8 blocks of findings) go straight to the binary standard output."""
    binary = None
    for piece in pieces:
        if isinstance(piece, bytes):
            if binary is None:
                sys.stdout.flush()  # click.echo flushed its own writes; this is print()'s
                binary = click.get_binary_stream("stdout")
            binary.write(piece)
        else:
            click.echo(piece, nl=False)  # flushes: the text comes before the next bytes
    if binary is not None:
        binary.flush()


_MANY_FINDINGS = 100_000


def _collector_frozen_for(results: list[Any]) -> None:
    """Before writing the report of many findings: move every object there is to the collector's
    permanent generation (``gc.freeze``). Rendering allocates millions of short-lived strings and
    dicts, and the collections they trigger (and the last one at exit) would walk the half million
    findings and the big sheet they come from again and again, to free nothing (a scan makes no
    reference cycles; frozen objects are still freed when no longer referenced)."""
    if sum(len(r.findings) for r in results) >= _MANY_FINDINGS:
        import gc

        gc.freeze()


class _Output:
    """Standard output, or FILE written through a temporary file renamed into place at the end
    (a report is never left half-written under its name)."""

    def __init__(self, path: Path | None) -> None:
        self.path, self.fh, self.tmp = path, None, None
        if path is not None:
            import tempfile

            try:
                fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
            except OSError as exc:
                raise click.UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
            self.tmp = Path(tmp)
            self.fh = open(fd, "wb")  # noqa: SIM115 -- closed in close()

    def write(self, pieces: Iterable[str | bytes] | str | bytes) -> None:
        if isinstance(pieces, str | bytes):
            pieces = (pieces,)
        if self.fh is None:
            _write(pieces)
            return
        for piece in pieces:
            self.fh.write(piece if isinstance(piece, bytes) else piece.encode("utf-8"))

    def close(self) -> None:
        if self.fh is not None and self.tmp is not None and self.path is not None:
            self.fh.close()
            import os

            mask = os.umask(0)
            os.umask(mask)
            os.chmod(self.tmp, 0o666 & ~mask)  # mkstemp made it private; a report gets the usual mode
            os.replace(self.tmp, self.path)
            self.fh = None

    def __del__(self) -> None:  # an error before close(): no half-written report left behind
        if self.fh is not None and self.tmp is not None:
            self.fh.close()
            self.tmp.unlink(missing_ok=True)


def _exit_status(results: list[Any]) -> int:
    """``scan``: 2 nothing could be read; 1 something flagged (unread content is a finding) or some
    input could not be read; 0 otherwise."""
    if not results or all(r.status != "ok" for r in results):
        return EXIT_USAGE
    if any(r.status != "ok" or r.flagged for r in results):
        return EXIT_FLAGGED
    return EXIT_OK


# -- the review (issue 12): check, review, record; redact --decisions ------------------------------
def _read_key_file(key_file: Path | None) -> str | None:
    if key_file is None:
        return None
    try:
        key = key_file.read_bytes().rstrip(b"\r\n").decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise click.UsageError(f"{key_file}: cannot read the key file: {exc}") from None
    if not key:
        raise click.UsageError(f"{key_file}: the key file is empty")
    return key


def _keyed_screener(key_file: Path | None, min_score: float, entities: list[str], exclude_entities: list[str],
                    wordlists: tuple[str, ...], allowlists: tuple[str, ...]) -> Any:
    """:func:`build_screener` with the fingerprint key of ``--key-file`` (else the environment's)."""
    import os

    from screening.engine import FINGERPRINT_KEY_ENV

    key = _read_key_file(key_file)
    saved = os.environ.get(FINGERPRINT_KEY_ENV)
    if key is not None:
        os.environ[FINGERPRINT_KEY_ENV] = key  # read once, by the Screener's constructor
    try:
        return build_screener(min_score, entities, exclude_entities, wordlists, allowlists)
    finally:
        if key is not None:
            if saved is None:
                os.environ.pop(FINGERPRINT_KEY_ENV, None)
            else:
                os.environ[FINGERPRINT_KEY_ENV] = saved


def _load_records(path: Path | None) -> list[Any]:
    if path is None:
        return []
    from screening.review import load_decisions

    try:
        return load_decisions(path)
    except ScreeningError as exc:
        raise click.UsageError(str(exc)) from None


def _need_key(screener: Any, why: str) -> None:
    from screening.review import require_key

    try:
        require_key(screener)
    except ScreeningError as exc:
        raise click.UsageError(f"{why}: {exc}") from None


def key_file_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--key-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                        help="File holding the fingerprint key the decisions are keyed with "
                             "[env SCREENING_FINGERPRINT_KEY].")(func)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--decisions", "decisions_path", type=click.Path(dir_okay=False, path_type=Path), metavar="D.json",
              help="The decisions record (from `screening review` or the HTML report). Without it: not reviewed.")
@click.option("--require-levels", default="初审", show_default=True, metavar="初审,复审",
              help="Levels at which every flagged item must be decided (初审、复审、终审).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="table: readable; json: one object for pipelines.")
@key_file_option
@screener_options
def check(paths: tuple[Path, ...], decisions_path: Path | None, require_levels: str, fmt: str,
          key_file: Path | None, min_score: float, entities: list[str], exclude_entities: list[str],
          wordlists: tuple[str, ...], allowlists: tuple[str, ...]) -> None:
    """The review gate: exit 0 only when FILES are reviewed and may be published.

    Passes when every file was read, no blocking finding (密级标志, 不予公开) remains, and every
    flagged (medium and above) item has a decision at every level of --require-levels. Decisions
    of an earlier version of the draft carry over (unchanged items; items whose sentence changed
    when their fingerprint is unique). Exit status: 0 passed; 1 not (the list says what is
    missing, values masked); 2 usage error (a bad decisions file, no key for it).

    \b
    Examples:
      screening check 草稿.docx --decisions 草稿.decisions.json
      screening check 草稿.docx --decisions d.json --require-levels 初审,复审 --format json
    """
    import json

    from screening.documents.walk import iter_inputs
    from screening.results import DocumentResult
    from screening.review import check_review, parse_levels, record_for, review_scan

    try:
        levels = parse_levels(require_levels)
    except ScreeningError as exc:
        raise click.BadParameter(str(exc), param_hint="--require-levels") from None
    records = _load_records(decisions_path)
    screener = _keyed_screener(key_file, min_score, entities, exclude_entities, wordlists, allowlists)
    if records:
        _need_key(screener, "the decisions are keyed with a fingerprint key")
    gates = []
    for item in iter_inputs(paths):
        if isinstance(item, ScreeningError):
            result = DocumentResult(item.path or "?", status="error", error=str(item))
        else:
            result = review_scan(item, screener)
        gates.append(check_review(result, record_for(records, result), levels, screener=screener))
    if not gates:
        raise click.UsageError("no input files")
    passed = all(g.passed for g in gates)
    if fmt == "json":
        click.echo(json.dumps({"schema_version": 1, "passed": passed, "required_levels": list(levels),
                               "documents": [g.to_dict() for g in gates]}, ensure_ascii=False, indent=1))
    else:
        for g in gates:
            click.echo(f"{'通过' if g.passed else '未通过'}  {g.path}  (required: {'、'.join(levels)}; "
                       f"{g.items} flagged item(s))")
            for line in g.reasons():
                click.echo(f"  - {line}")
            for b in g.blocking[:50]:
                click.echo(f"      {b}")
            for level, pending in g.missing.items():
                for p in pending[:50]:
                    click.echo(f"      {level} 待定: {p}")
                if len(pending) > 50:
                    click.echo(f"      … {len(pending) - 50} more")
            if g.carry is not None and (g.carry.changed or g.carry.new):
                click.echo(f"  carry-over: {g.carry.summary()}")
            for note in g.notes:
                click.echo(f"  note: {note}")
    sys.exit(EXIT_OK if passed else EXIT_FLAGGED)


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--decisions", "decisions_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              metavar="D.json", help="The decisions record to continue (created when missing; saved after each decision).")
@click.option("--reviewer", required=True, prompt="审查人", help="Your name (recorded with each decision).")
@click.option("--unit", default="", help="Your unit (科室/单位).")
@click.option("--level", type=click.Choice(["初审", "复审", "终审"]), default="初审", show_default=True)
@click.option("--policy", default="publication", show_default=True, metavar="NAME|FILE",
              help="Policy for the proposed replacement shown.")
@click.option("--show-values", is_flag=True, help="Show values in the clear (default: masked).")
@key_file_option
@screener_options
def review(path: Path, decisions_path: Path, reviewer: str, unit: str, level: str, policy: str,
           show_values: bool, key_file: Path | None, min_score: float, entities: list[str],
           exclude_entities: list[str], wordlists: tuple[str, ...], allowlists: tuple[str, ...]) -> None:
    """Review FILE in the terminal, one flagged item at a time.

    Keys: r 去标识化 (redact), p 可公开 (publish; asks for the reason), s skip, b back, q save and
    quit. Every decision is saved at once (atomically) to --decisions; running the command again
    continues at the first item still undecided at --level. After an edit of the draft the earlier
    decisions carry over (the previous file is kept as D.json.bak when some went stale or moved).

    \b
    Example:
      screening review 草稿.docx --decisions 草稿.decisions.json --reviewer 张三 --unit 办公室 --level 初审
    """
    import shutil

    from screening.review import carry_over, new_record, record_for, review_scan, save_decisions
    from screening.review.terminal import ReviewSession

    screener = _keyed_screener(key_file, min_score, entities, exclude_entities, wordlists, allowlists)
    _need_key(screener, "writing decisions")
    records = _load_records(decisions_path) if decisions_path.exists() else []
    result = review_scan(path, screener)
    if result.status != "ok":
        raise click.ClickException(result.error or f"{path}: cannot be read")
    record = record_for(records, result)
    others = [r for r in records if r is not record]
    if record is None:
        record = new_record(result, screener)
    else:
        carry = carry_over(record, result, screener)
        click.echo(f"earlier decisions: {carry.summary()}")
        for note in carry.notes:
            click.echo(f"note: {note}")
        if carry.changed:
            backup = decisions_path.with_name(decisions_path.name + ".bak")
            shutil.copy2(decisions_path, backup)
            click.echo(f"the previous record is kept as {backup}")
        record = carry.record
    try:
        session = ReviewSession(result, record, screener, reviewer=reviewer, unit=unit, level=level, policy=policy,
                                show_values=show_values)
    except ScreeningError as exc:
        raise click.UsageError(str(exc)) from None

    def save() -> None:
        save_decisions([*others, session.record] if others else session.record, decisions_path, overwrite=True)

    save()
    if not session.items:
        click.echo("没有需要审查的项目。")
        return
    message = ""
    while True:
        click.clear()
        for line in session.screen():
            click.echo(line)
        if message:
            click.echo(message)
            message = ""
        try:
            key = click.getchar().lower()
        except (click.Abort, KeyboardInterrupt, EOFError):
            click.echo("\n已保存，退出。")
            return
        if key == "q":
            break
        if key == "r":
            session.decide("redact")
        elif key == "p":
            if session.items[session.pos].blocking:
                message = "密级标志/不予公开标注不能选择可公开。"
                continue
            try:
                reason = click.prompt("可公开的理由（必填，直接回车取消）", default="", show_default=False).strip()
            except (click.Abort, EOFError):
                reason = ""
            if not reason:
                message = "未填写理由，未作决定。"
                continue
            session.decide("publish", reason)
        elif key == "s":
            if session.skip():
                message = "已回到第一项。"
            continue
        elif key == "b":
            if not session.back():
                message = "已是第一项。"
            continue
        else:
            message = f"未知按键 {key!r}。" + "按 r/p/s/b/q。"
            continue
        save()
        if session.done:
            click.clear()
            click.echo(f"{level}完成：{len(session.items)} 项均已决定，已保存到 {decisions_path}。")
            return
    save()
    click.echo(f"已保存到 {decisions_path}；待定 {session.undecided} 项，再次运行本命令可继续。")


def _redact_exit_status(reports: list[Any]) -> int:
    """``redact``: 2 nothing could be read; 1 any input not redacted, a blocking mark kept, or an
    output still holding content nobody read; 0 every output written, verified and fully read."""
    if not reports or all(r.status == "error" for r in reports):
        return EXIT_USAGE
    if all(r.ok and not r.blocked and not getattr(r, "unscanned", None) for r in reports):
        return EXIT_OK
    return EXIT_FLAGGED


def _quiet_libraries() -> None:
    """No Python warning or parser log line reaches stderr (zipfile's "Duplicate name", openpyxl's
    "extension is not supported", pdfminer's complaints): problems with a file are reported as that
    file's error or finding, one line each. ``sys.warnoptions`` carries this to worker processes
    (multiprocessing passes it on as ``-W``); :mod:`screening.results` keeps parser logs quiet there."""
    import logging
    import warnings

    warnings.simplefilter("ignore")
    if "ignore" not in sys.warnoptions:
        sys.warnoptions.append("ignore")
    root = logging.getLogger()
    if not root.handlers:  # Python's last-resort handler would print WARNING records to stderr
        root.addHandler(logging.NullHandler())


def _read_secret_file(path: Path) -> bytes:
    from screening.paths import check_regular

    try:
        check_regular(path)
        return path.read_bytes().rstrip(b"\r\n")
    except ScreeningError as exc:
        raise click.BadParameter(str(exc), param_hint="--key-file") from None
    except OSError as exc:
        raise click.BadParameter(f"{path}: {exc.strerror or exc}", param_hint="--key-file") from None


def _refuse_side_files(log_path: Path | None, keep_originals: Path | None, pairs: list[tuple[Path, Path]],
                       out: str) -> None:
    """``--log`` and ``--keep-originals`` may not name an input, an output of this run, each other, or
    (for the originals) a place inside the output folder, which is what gets published."""
    from screening.paths import is_inside, side_file_conflict

    inputs = [src for src, _ in pairs]
    outputs = [dst for _, dst in pairs]
    folder = not (len(pairs) == 1 and Path(pairs[0][1]) == Path(out))  # --out names the output folder
    for option, path, other in (("--log", log_path, keep_originals), ("--keep-originals", keep_originals, log_path)):
        if path is None:
            continue
        why = side_file_conflict(path, inputs, outputs, [other] if other is not None else [])
        if why is None and option == "--keep-originals" and folder and is_inside(path, out):
            why = "is inside the output folder (it would be published with the outputs)"
        if why:
            raise click.BadParameter(f"{path} {why}", param_hint=option)


def _walk_error_reports(errors: list[ScreeningError], policy: str) -> list[Any]:
    """A redaction report with ``status="error"`` for each input the directory walk could not use."""
    from screening.redaction import RedactionReport

    return [RedactionReport(e.path or "?", None, policy=policy, status="error", error=str(e)) for e in errors]


def _write_log(path: Path, text: str) -> None:
    from screening.paths import atomic_write

    try:
        atomic_write(path, text.encode("utf-8"))
    except OSError as exc:
        raise click.ClickException(f"cannot write the log {path}: {exc.strerror or exc}") from None


def _refuse_option_files(wordlists: Iterable[str], allowlists: Iterable[str]) -> None:
    """--wordlist/--allowlist files must be regular files: a FIFO would block the run forever."""
    _refuse_special_files(("--wordlist", w) for w in wordlists)
    _refuse_special_files(("--allowlist", a) for a in allowlists)


def _refuse_special_files(options: Iterable[tuple[str, str]]) -> None:
    """An option file (word list, policy) that exists but is a FIFO or device would block the run
    forever: a usage error before anything opens it."""
    import os

    from screening.paths import check_regular

    for option, value in options:
        if value.startswith("builtin:") or not os.path.exists(value):
            continue  # a bundled list or a preset name; a missing file is the loader's error
        try:
            check_regular(value)
        except ScreeningError as exc:
            raise click.BadParameter(str(exc), param_hint=option) from None


if __name__ == "__main__":  # pragma: no cover
    main()
