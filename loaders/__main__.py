"""Command line: check tracker files, or write a blank template.

python -m loaders check FILE [FILE ...]   print every problem; exit 1 if any file has an error
python -m loaders template KIND OUT.xlsx  write a blank tracker (KIND: framework, coverage,
                                          engagement, cplg, assessment)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from domain import Kind
from loaders.formats import TRACKERS
from loaders.loaded import table_label
from loaders.sandbox import check_file
from loaders.templates import write_template


def _check(files: Sequence[str], kind: Kind | None) -> int:
    any_error = False
    for name in files:
        tracker = check_file(name, kind)  # size first, then read in a limited worker
        label = TRACKERS[tracker.kind].title if tracker.kind else "unrecognised file"
        errors, warnings = len(tracker.errors), len(tracker.warnings)
        verdict = "cannot be used" if errors else "OK"
        print(f"{name}: {label}, {verdict} ({errors} errors, {warnings} warnings)")
        if tracker.ok and tracker.as_at is not None:
            counts = ", ".join(f"{n} {table_label(key)}" for key, n in tracker.row_counts().items())
            print(f"  as at {tracker.as_at:%d %B %Y}: {counts}")
        for problem in tracker.problems:
            print(f"  {problem.describe()}")
        any_error |= not tracker.ok
    return 1 if any_error else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loaders", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check tracker files and print every problem")
    check.add_argument("files", nargs="+", metavar="FILE")
    check.add_argument("--kind", choices=[k.value for k in Kind], help="the tracker kind, if not recognised")
    template = commands.add_parser("template", help="write a blank tracker with drop-downs")
    template.add_argument("kind", choices=[k.value for k in Kind])
    template.add_argument("out", metavar="OUT.xlsx")
    args = parser.parse_args(argv)
    if args.command == "check":
        return _check(args.files, Kind(args.kind) if args.kind else None)
    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        parser.error("the template file name must end in .xlsx")
    write_template(Kind(args.kind), out)
    print(f"wrote a blank {TRACKERS[Kind(args.kind)].title} tracker to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
