"""Practice sheets and exports: seeded papers with answer keys (Markdown, HTML, PDF), Anki, Moodle XML, GIFT.

Nothing here imports textual or rich: the writers build text, the command handlers show progress.
"""
