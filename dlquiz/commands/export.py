"""`dlquiz export anki|moodle|gift`: the bank (or a selection) in other tools' formats."""

from __future__ import annotations

import argparse
from pathlib import Path

from dlquiz.commands.sheet import QUESTION_TYPES
from dlquiz.errors import UsageError

FORMATS = {
    "anki": ("an Anki deck (.apkg): question in front; key, explanation and common mistakes on the back", ".apkg"),
    "moodle": ("Moodle XML: multichoice, truefalse, numerical, shortanswer, cloze, matching, essay", ".xml"),
    "gift": ("GIFT text for Moodle's importer (one question per blank or part)", ".gift"),
}


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("export", help="the bank as an Anki deck, Moodle XML or GIFT",
                            description="Export the bank, or a selection of it, for Anki or Moodle.")
    parser.set_defaults(handler=lambda _args: parser.print_help() or 0)
    formats = parser.add_subparsers(dest="export_format", metavar="FORMAT")
    for name, (summary, suffix) in FORMATS.items():
        fmt = formats.add_parser(name, help=summary, description=f"Write {summary}.")
        fmt.add_argument("--topic", action="append", default=[], metavar="T", help="a topic slug (repeatable)")
        fmt.add_argument("--type", action="append", default=[], choices=QUESTION_TYPES, metavar="X",
                         help=f"a question type (repeatable): {', '.join(QUESTION_TYPES)}")
        fmt.add_argument("--difficulty", action="append", default=[], type=int, choices=(1, 2, 3), metavar="D")
        fmt.add_argument("--instances", type=int, default=5, metavar="N",
                         help="instances drawn per parametric template (default 5)")
        fmt.add_argument("--seed", type=int, default=0, metavar="S", help="seed for the instances (default 0)")
        fmt.add_argument("--lang", choices=("zh", "en", "both"), default="both")
        fmt.add_argument("-o", "--output", required=True, metavar="PATH", help=f"the file to write (*{suffix})")
        fmt.add_argument("--force", action="store_true", help="overwrite an existing file")
        fmt.set_defaults(handler=run, export_format=name)


def run(args: argparse.Namespace) -> int:
    from dlquiz import bank
    from dlquiz.sheet.draw import Selection
    from dlquiz.sheet.exportset import export_items
    from dlquiz.sheet.output import check_output

    if not 1 <= args.instances <= 100:
        raise UsageError("--instances must be between 1 and 100")
    if args.seed < 0:
        raise UsageError("--seed must be zero or positive")
    path = Path(args.output).expanduser()
    check_output(path, args.force)
    loaded = bank.load()
    selection = Selection(tuple(dict.fromkeys(args.topic)), tuple(dict.fromkeys(args.type)),
                          tuple(sorted(set(args.difficulty))))
    items = export_items(loaded, selection, args.instances, args.seed)
    if args.export_format == "anki":
        from dlquiz.sheet.anki import write_apkg

        count = write_apkg(items, path, args.lang)
        what = "notes"
    elif args.export_format == "moodle":
        from dlquiz.sheet.moodle import write_xml

        count = write_xml(items, path, loaded.misconceptions, args.lang)
        what = "questions"
    else:
        from dlquiz.sheet.gift import write_gift

        count = write_gift(items, path, loaded.misconceptions, args.lang)
        what = "questions"
    templates = sum(1 for i in items if i.drawn.instance is not None)
    print(f"wrote {count} {what} ({len(items)} items, {templates} of them template instances) to {path}")
    return 0
