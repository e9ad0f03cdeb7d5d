"""The `vnpolicy` command: batch extraction, table conversion and review pages.

    vnpolicy extract INPUT... -o OUT [--workers N] [--resume] [--format jsonl|csv|parquet]
                     [--text-field text] [--id-field id] [--quiet] [--dask ADDRESS]
    vnpolicy show FILE -o review.html [--record RECORD.jsonl] [--doc-id ID]
    vnpolicy table RECORDS.jsonl -o OUT.csv|OUT.parquet

Exit status: 0 when every document succeeded, 1 when any document became an
error record (the others are still written), 2 for usage errors (bad options,
an input that names nothing, a missing optional dependency), 130 when
interrupted (run again with `--resume` to continue).

Only the argument handling lives here; the work is in `batch`, `readers`,
`writers`, `review` and `dask`, so everything the command does is also
available from Python.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from extractor.io.writers import FORMATS

PROG = "vnpolicy"
EXIT_OK, EXIT_FAILED_DOCS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
_MAX_ERROR_LINES = 5


class UsageError(Exception):
    """A problem with how the command was called: message to stderr, exit status 2."""


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {n}")
    return n


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    parser = argparse.ArgumentParser(prog=PROG, description="Quantified policy targets from Vietnamese "
                                                            "policy texts, as JSON records.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ex = sub.add_parser("extract", help="extract targets from files, folders or globs",
                        description="Extract every input document into OUT, one record per document.")
    ex.add_argument("inputs", nargs="+", metavar="INPUT",
                    help="files, folders (recursive) or globs: .txt .md .html .htm .docx .pdf .jsonl .csv")
    ex.add_argument("-o", "--output", required=True, metavar="OUT", help="output file")
    ex.add_argument("--format", choices=FORMATS, default=None,
                    help="output format (default: from OUT's suffix, else jsonl)")
    ex.add_argument("--workers", type=_positive, default=1, metavar="N",
                    help="worker processes on this machine (default 1)")
    ex.add_argument("--resume", action="store_true",
                    help="skip documents already in OUT (or OUT.jsonl for csv/parquet) from an earlier run")
    ex.add_argument("--text-field", default="text", help="text column/field of .jsonl/.csv inputs")
    ex.add_argument("--id-field", default="id", help="id column/field of .jsonl/.csv inputs")
    ex.add_argument("--chunk-size", type=_positive, default=8, metavar="N",
                    help="documents per task sent to a worker (default 8)")
    ex.add_argument("--dask", metavar="ADDRESS", default=None,
                    help="run on a Dask cluster (tcp://scheduler:8786, or 'local')")
    ex.add_argument("--workers-read-files", action="store_true",
                    help="with --dask: send paths, not texts (workers share this file system)")
    ex.add_argument("-q", "--quiet", action="store_true", help="no progress and no summary")

    show = sub.add_parser("show", help="write an HTML review page for one document",
                          description="Extract one document (or take its record) and write an HTML page "
                                      "with the targets' evidence and the entities highlighted.")
    show.add_argument("file", metavar="FILE", help="the document (any input format)")
    show.add_argument("-o", "--output", required=True, metavar="HTML", help="the page to write")
    show.add_argument("--record", metavar="RECORDS.jsonl",
                      help="use the document's record from this JSONL file instead of extracting")
    show.add_argument("--doc-id", help="which document of a .jsonl/.csv FILE or of --record (default: first)")
    show.add_argument("--text-field", default="text", help="text column/field of a .jsonl/.csv FILE")
    show.add_argument("--id-field", default="id", help="id column/field of a .jsonl/.csv FILE")

    table = sub.add_parser("table", help="convert a JSONL output to CSV or Parquet",
                           description="One row per target (see extractor.to_dataframe).")
    table.add_argument("records", metavar="RECORDS.jsonl")
    table.add_argument("-o", "--output", required=True, metavar="OUT")
    table.add_argument("--format", choices=("csv", "parquet"), default=None,
                       help="table format (default: from OUT's suffix)")
    return parser


def _err(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr, flush=True)


def _require(*modules: str) -> None:
    import importlib.util

    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        raise UsageError(f"missing optional dependencies: {', '.join(missing)} "
                         "(pip install 'vnpolicy-extractor[batch]')")


def _cmd_extract(args: argparse.Namespace) -> int:
    from extractor.batch import runner as batch
    from extractor.batch.progress import make_progress
    from extractor.io.readers import InputError
    from extractor.io.writers import format_for, log_path_for

    fmt = format_for(args.output, args.format)
    if fmt == "parquet":
        _require("pandas", "pyarrow")
    elif fmt == "csv":
        _require("pandas")
    out = Path(args.output)
    if out.is_dir():
        raise UsageError(f"output {str(out)!r} is a folder; give a file name")
    progress = make_progress(quiet=args.quiet)
    common: dict[str, Any] = dict(fmt=fmt, resume=args.resume, progress=progress, chunk_size=args.chunk_size,
                                  text_field=args.text_field, id_field=args.id_field)
    try:
        if args.dask:
            _require("dask", "distributed")
            from extractor.batch.cluster import run_on_cluster

            summary = run_on_cluster(args.inputs, out, address=args.dask, local_workers=args.workers,
                                     ship_text=not args.workers_read_files, **common)
        else:
            summary = batch.run(args.inputs, out, workers=args.workers, **common)
    except InputError as exc:
        raise UsageError(str(exc)) from None
    except KeyboardInterrupt:
        log = log_path_for(out, fmt)
        _err(f"interrupted; finished records are in {log}. Run again with --resume to continue.")
        return EXIT_INTERRUPTED
    if not args.quiet:
        for note in summary.notes:
            _err(f"note: {note}")
        print(summary.line(), file=sys.stderr, flush=True)
        if summary.errors:
            _print_errors(summary.log)
    return EXIT_OK if summary.ok else EXIT_FAILED_DOCS


def _print_errors(log: Path) -> None:
    from extractor.io.writers import iter_records

    shown = 0
    total = 0
    for rec in iter_records(log):
        if "error" in rec:
            total += 1
            if shown < _MAX_ERROR_LINES:
                err = rec["error"]
                print(f"  {rec['doc_id']}: {err.get('type')}: {err.get('message')}", file=sys.stderr)
                shown += 1
    if total > shown:
        print(f"  … and {total - shown} more error records in {log}", file=sys.stderr)


def _cmd_show(args: argparse.Namespace) -> int:
    from extractor.app.review import write_review
    from extractor.io.readers import InputError, Inputs, ReadError
    from extractor.io.writers import iter_records

    path = Path(args.file)
    if not path.is_file():
        raise UsageError(f"no such file: {args.file!r}")
    try:
        sources = list(Inputs([path], text_field=args.text_field, id_field=args.id_field))
    except InputError as exc:
        raise UsageError(str(exc)) from None
    if args.doc_id is not None and len(sources) > 1:
        sources = [s for s in sources if s.doc_id == args.doc_id]
        if not sources:
            raise UsageError(f"no document {args.doc_id!r} in {args.file}")
    source = sources[0]
    try:
        text = source.read()
    except ReadError as exc:
        _err(f"{source.doc_id}: {exc.kind}: {exc.message}")
        return EXIT_FAILED_DOCS

    if args.record:
        if not Path(args.record).is_file():
            raise UsageError(f"no such file: {args.record!r}")
        records = list(iter_records(args.record))
        want = args.doc_id if args.doc_id is not None else source.doc_id
        matching = [r for r in records if r.get("doc_id") == want]
        if matching:
            record: Any = matching[0]
        elif len(records) == 1:
            record = records[0]
            _err(f"note: using the only record in {args.record} (doc_id {record.get('doc_id')!r})")
        else:
            raise UsageError(f"no record with doc_id {want!r} in {args.record}")
    else:
        from extractor.pipeline import get_extractor

        record = get_extractor().extract(text, doc_id=source.doc_id)
    write_review(args.output, text, record)
    failed = isinstance(record, dict) and "error" in record
    return EXIT_FAILED_DOCS if failed else EXIT_OK


def _cmd_table(args: argparse.Namespace) -> int:
    from extractor.io.writers import format_for, iter_records, write_table

    fmt = format_for(args.output, args.format)
    if fmt not in ("csv", "parquet"):
        raise UsageError("the table output must be .csv or .parquet (or give --format)")
    _require("pandas", "pyarrow") if fmt == "parquet" else _require("pandas")
    if not Path(args.records).is_file():
        raise UsageError(f"no such file: {args.records!r}")
    rows = write_table(iter_records(args.records), args.output, fmt)
    print(f"{rows} rows -> {args.output}", file=sys.stderr)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `vnpolicy` console script and `python -m extractor`; returns the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    handlers = {"extract": _cmd_extract, "show": _cmd_show, "table": _cmd_table}
    try:
        return handlers[args.command](args)
    except UsageError as exc:
        _err(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        _err("interrupted")
        return EXIT_INTERRUPTED


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
