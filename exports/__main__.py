"""Command line for the programme office: the board papers from the stored data.

python -m exports papers OUT_DIR [--as-at YYYY-MM-DD] [--agenda-from YYYY-MM-DD] [--texts FILE] [--no-pdf]
python -m exports texts FILE [--as-at YYYY-MM-DD] [--save] [--organisation ID | --cluster]
python -m exports cluster-papers OUT_DIR [--texts FILE] [--no-pdf]

Writes cover-report.docx, appendix-a.pptx, board-pack.html and, where Chromium is installed,
board-pack.pdf, for the whole programme as at the date (default: the latest snapshot), with what was known
on that date; a date before the first framework snapshot is refused (exit code 2). Appendix A lists the CPLG
agenda since the previous paper (the last snapshot presented to the board, else the four months before the
date) unless --agenda-from says otherwise. Before writing, it prints what to check before the papers are sent
(report/before_you_send.py: flagged and assumed dates, owners not recorded, empty written parts). The written
parts of the cover report are the ones last saved on the Board papers page for that date (or an earlier one), or
with --texts those of FILE (report.texts_file's format; a file that cannot be used exits with code 2).
`texts` writes the written parts stored for the date to FILE, or with --save stores FILE's as the written parts
of the paper as at the date (audited; refused for a snapshot presented to the board).
`cluster-papers` writes the cluster board's papers (cluster-cover-report.docx, cluster-board-pack.html and .pdf)
from every organisation's stored trackers, each as at its latest snapshot, with the cluster's written parts
stored under the cluster's id (else the standard wording, or FILE's); it needs a cluster of several
(CCPL_CLUSTER_FILE). `texts --cluster` writes or (--save) stores those cluster written parts.
The database is CCPL_DATABASE_URL, else the local SQLite file (see settings.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from domain import DEFAULT_ORGANISATION_ID, Organisation
from exports.cluster_paper import cluster_texts, write_cluster_papers
from exports.papers import write_papers
from exports.sources import tracker_sources
from metrics.filters import Filters
from metrics.view import View, build_view
from report.appendices import organisation_appendices
from report.before_you_send import before_you_send, before_you_send_text
from report.paper import PaperTexts, paper_refusal
from report.texts_file import TextsFileError, read_texts_file, shipped_written_parts, write_texts
from services.papers import SaveRefused, ready_store, save_written_parts
from services.trackers import tracker_set_as_at
from settings import cluster, data_dir, organisation_data_dir
from store.db import database_url, make_engine
from store.papers import SavedTexts, paper_texts_for
from store.repository import Store


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date written as YYYY-MM-DD, e.g. 2023-02-08"
        ) from None


def _organisation(text: str) -> str:
    known = cluster()
    if known.organisation(text) is None:
        names = ", ".join(f"{o.id} ({o.name})" for o in known.organisations)
        raise argparse.ArgumentTypeError(f"{text!r} is not an organisation of this dashboard: choose {names}")
    return text


def _store(organisation: str) -> Store:
    """The organisation's store, made ready as the app makes it (seeded from its data folder when new)."""
    database = Store(make_engine(database_url()))
    if organisation == DEFAULT_ORGANISATION_ID:
        return ready_store(database, data_dir(), shipped_written_parts(data_dir()))
    database.ensure_ready()
    store = database.for_organisation(organisation)
    folder = organisation_data_dir(organisation)
    return ready_store(store, folder, shipped_written_parts(folder)) if folder else store


def _texts_to_use(
    stored: PaperTexts, saved: SavedTexts | None, texts_file: Path | None, none_saved: str
) -> PaperTexts | None:
    """The written parts a paper uses (a file's when given, else the stored ones), saying where they come from;
    None, with the reason on stderr, when the file cannot be read."""
    if texts_file is not None:
        try:
            texts = read_texts_file(texts_file)
        except TextsFileError as problem:
            print(problem, file=sys.stderr)  # noqa: T201
            return None
        print(f"Written parts: from {texts_file}")  # noqa: T201
        return texts
    if saved:
        print(f"Written parts: saved by {saved.saved_by} on {saved.saved_at:%Y-%m-%d %H:%M} UTC")  # noqa: T201
    else:
        print(f"Written parts: {none_saved}, so the paper uses the standard wording")  # noqa: T201
    return stored


def _papers(
    out_dir: Path,
    as_at: dt.date | None,
    agenda_from: dt.date | None,
    pdf: bool,
    texts_file: Path | None = None,
    organisation: str = DEFAULT_ORGANISATION_ID,
) -> int:
    store = _store(organisation)
    trackers = tracker_set_as_at(store, as_at)  # a snapshot presented to the board: what it recorded
    presented = [lock.as_at for lock in store.locks()]  # the papers' period runs from the last one
    view = build_view(trackers, Filters(as_at=pd.Timestamp(as_at) if as_at else None), presented)
    refusal = paper_refusal(view)
    if refusal:
        print(refusal, file=sys.stderr)  # noqa: T201
        return 2
    paper_date = view.as_at.date() if view.as_at is not None else None
    saved = paper_texts_for(store, paper_date)
    texts = PaperTexts.from_dict(saved.texts) if saved else PaperTexts()
    texts = _texts_to_use(texts, saved, texts_file, "none saved yet")
    if texts is None:
        return 2
    print(before_you_send_text(before_you_send(view, texts, agenda_from)))  # noqa: T201
    shipped = organisation_appendices(organisation)
    for item in write_papers(out_dir, view, tracker_sources(trackers), texts, agenda_from, pdf, shipped):
        print(f"{item.path}: {item.note or 'written'}")  # noqa: T201
    return 0


def _texts(
    path: Path,
    as_at: dt.date | None,
    save: bool,
    organisation: str = DEFAULT_ORGANISATION_ID,
    for_cluster: bool = False,
) -> int:
    if for_cluster and cluster().single:
        print("The dashboard shows one organisation, so there is no cluster paper.", file=sys.stderr)  # noqa: T201
        return 2
    store = _store(cluster().id if for_cluster else organisation)
    if save:
        try:
            texts = read_texts_file(path)
            save_written_parts(store, as_at, texts.to_dict(), f"python -m exports texts --save {path.name}")
        except (TextsFileError, SaveRefused) as problem:
            print(f"{problem} Nothing was saved.", file=sys.stderr)  # noqa: T201
            return 2
        print(f"Saved the written parts of {path} for the paper as at {as_at or 'no date'}")  # noqa: T201
        return 0
    saved = paper_texts_for(store, as_at)
    standard = cluster_texts(cluster().name, _cluster_views()) if for_cluster and not saved else PaperTexts()
    texts = PaperTexts.from_dict(saved.texts) if saved else standard
    source = (
        f"saved by {saved.saved_by} on {saved.saved_at:%Y-%m-%d %H:%M} UTC for the paper as at {saved.as_at}"
        if saved
        else "none saved yet, the standard wording"
    )
    path.write_text(write_texts(texts, source), encoding="utf-8")
    print(f"{path}: written ({source})")  # noqa: T201
    return 0


def _cluster_views() -> list[tuple[Organisation, View]]:
    """Every organisation of the cluster with its latest view (its stored trackers and presented snapshots)."""
    views = []
    for organisation in cluster().organisations:
        store = _store(organisation.id)
        presented = [lock.as_at for lock in store.locks()]
        views.append((organisation, build_view(tracker_set_as_at(store, None), Filters(), presented)))
    return views


def _cluster_papers(out_dir: Path, pdf: bool, texts_file: Path | None = None) -> int:
    """The cluster board's papers: each organisation's latest view, the cluster's own written parts."""
    chosen = cluster()
    if chosen.single:
        print(  # noqa: T201
            "The dashboard shows one organisation, so there is no cluster paper: name the cluster's "
            "organisations in the cluster file (CCPL_CLUSTER_FILE, see docs/operations.md).",
            file=sys.stderr,
        )
        return 2
    views = _cluster_views()
    dates = [view.as_at.date() for _, view in views if view.as_at is not None]
    saved = paper_texts_for(_store(chosen.id), max(dates) if dates else None)
    texts = PaperTexts.from_dict(saved.texts) if saved else cluster_texts(chosen.name, views)
    texts = _texts_to_use(texts, saved, texts_file, "none saved for the cluster yet")
    if texts is None:
        return 2
    for item in write_cluster_papers(out_dir, chosen.name, views, texts, pdf):
        print(f"{item.path}: {item.note or 'written'}")  # noqa: T201
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m exports", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    papers = commands.add_parser("papers", help="write the board papers into OUT_DIR")
    papers.add_argument("out_dir", type=Path, metavar="OUT_DIR")
    papers.add_argument(
        "--as-at", type=_date, help="the 'as at' date, YYYY-MM-DD (default: the latest snapshot)"
    )
    papers.add_argument(
        "--agenda-from",
        type=_date,
        help="first CPLG meeting date listed in Appendix A (default: since the previous paper)",
    )
    papers.add_argument("--no-pdf", action="store_true", help="skip printing the board pack to PDF")
    papers.add_argument(
        "--texts", type=Path, metavar="FILE", help="use FILE's written parts instead of the stored ones"
    )
    texts = commands.add_parser("texts", help="write the stored written parts of a paper to FILE (or --save)")
    texts.add_argument("file", type=Path, metavar="FILE")
    texts.add_argument("--as-at", type=_date, help="the paper's 'as at' date, YYYY-MM-DD")
    texts.add_argument("--save", action="store_true", help="store FILE's written parts for the date instead")
    texts.add_argument(
        "--cluster",
        action="store_true",
        help="the cluster board's written parts (kept under the cluster's id) instead of an organisation's",
    )
    for command in (papers, texts):
        command.add_argument(
            "--organisation",
            type=_organisation,
            default=cluster().home.id,
            metavar="ID",
            help="the organisation whose papers these are, by its id in the cluster file (default: the first)",
        )
    together = commands.add_parser("cluster-papers", help="write the cluster board's papers into OUT_DIR")
    together.add_argument("out_dir", type=Path, metavar="OUT_DIR")
    together.add_argument("--no-pdf", action="store_true", help="skip printing the board pack to PDF")
    together.add_argument(
        "--texts",
        type=Path,
        metavar="FILE",
        help="use FILE's written parts instead of the cluster's stored ones",
    )
    args = parser.parse_args(argv)
    if args.command == "cluster-papers":
        return _cluster_papers(args.out_dir, not args.no_pdf, args.texts)
    if args.command == "texts":
        return _texts(args.file, args.as_at, args.save, args.organisation, args.cluster)
    return _papers(args.out_dir, args.as_at, args.agenda_from, not args.no_pdf, args.texts, args.organisation)


if __name__ == "__main__":
    sys.exit(main())
