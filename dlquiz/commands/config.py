"""`dlquiz config`: show and change the scheduling settings kept in the progress store."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    from dlquiz.quiz.settings import KEYS

    keys = "; ".join(f"{name}: {key.help}" for name, key in KEYS.items())
    parser = sub.add_parser("config", help="show or change settings (retention, day start, time zone, budget)",
                            description=f"Settings kept with your progress. {keys}.")
    parser.add_argument("action", nargs="?", choices=("list", "get", "set", "unset"), default="list",
                        help="list (default), get KEY, set KEY VALUE, unset KEY (back to the default)")
    parser.add_argument("key", nargs="?", help="a setting's name")
    parser.add_argument("value", nargs="?", help="the new value (set)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from dlquiz.errors import UsageError
    from dlquiz.quiz.settings import KEYS, Settings, local_zone, parse_value
    from dlquiz.store import Store

    if args.action != "list" and not args.key:
        raise UsageError(f"config {args.action} needs a setting's name; settings: {', '.join(KEYS)}")
    if args.key and args.key not in KEYS:
        raise UsageError(f"unknown setting {args.key!r}; settings: {', '.join(KEYS)}")
    if (args.action == "set") != (args.value is not None):
        raise UsageError("config set needs a value" if args.action == "set" else "only config set takes a value")
    with Store.open() as store:
        if args.action == "set":
            store.set_setting(args.key, parse_value(args.key, args.value))
        elif args.action == "unset":
            store.delete_setting(args.key)
        settings = Settings.load(store)
        stored = {name: store.get_setting(name) is not None for name in KEYS}
    names = [args.key] if args.action == "get" else list(KEYS) if args.action == "list" else []
    for name in names:
        value = getattr(settings, name)
        if name == "timezone" and value is None:
            value = f"{getattr(local_zone(), 'key', local_zone())} (this machine's)"
        shown = "" if value is None else value
        print(shown if args.action == "get" else f"{name} = {shown}" + ("" if stored[name] else "  (default)"))
    return 0
