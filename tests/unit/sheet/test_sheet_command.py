"""`dlquiz sheet` as a user runs it: byte-identical by seed, the header regenerates the paper, safe output."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from dlquiz.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_same_seed_gives_byte_identical_files(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  fmt: str) -> None:
    for name in ("a", "b"):
        target = tmp_path / f"{name}.{fmt}"
        code, out, _ = run(capsys, "sheet", "--count", "25", "--seed", "5", "--solutions", "-o", str(target))
        assert code == 0 and "seed 5" in out
    assert (tmp_path / f"a.{fmt}").read_bytes() == (tmp_path / f"b.{fmt}").read_bytes()
    assert (tmp_path / f"a-key.{fmt}").read_bytes() == (tmp_path / f"b-key.{fmt}").read_bytes()
    run(capsys, "sheet", "--count", "25", "--seed", "6", "--solutions", "-o", str(tmp_path / f"c.{fmt}"))
    assert (tmp_path / f"c.{fmt}").read_bytes() != (tmp_path / f"a.{fmt}").read_bytes()


def test_the_header_command_regenerates_the_paper(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = tmp_path / "first.md"
    code, _, _ = run(capsys, "sheet", "--topic", "conv", "--type", "param", "--type", "mcq", "--difficulty", "2",
                     "--points", "20", "--seed", "77", "--lang", "zh", "--key", "end", "-o", str(first))
    assert code == 0
    text = first.read_text(encoding="utf-8")
    assert "种子 **77**" in text
    command = re.search(r"`(dlquiz sheet [^`]*) -o …`", text)
    assert command is not None
    argv = shlex.split(command.group(1))[1:]
    again = tmp_path / "again.md"
    assert run(capsys, *argv, "-o", str(again))[0] == 0
    assert again.read_bytes() == first.read_bytes()


def test_an_existing_file_is_kept_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "paper.md"
    target.write_text("mine", encoding="utf-8")
    code, _, err = run(capsys, "sheet", "--seed", "1", "-o", str(target))
    assert code == 2 and "exists; add --force" in err and err.count("\n") == 1
    assert target.read_text(encoding="utf-8") == "mine" and not (tmp_path / "paper-key.md").exists()
    assert run(capsys, "sheet", "--seed", "1", "--force", "-o", str(target))[0] == 0
    assert target.read_text(encoding="utf-8").startswith("# 深度学习")


def test_an_existing_key_also_blocks_the_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "paper-key.md").write_text("mine", encoding="utf-8")
    code, _, err = run(capsys, "sheet", "--seed", "1", "-o", str(tmp_path / "paper.md"))
    assert code == 2 and "paper-key.md exists" in err and not (tmp_path / "paper.md").exists()


def test_a_missing_directory_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "sheet", "--seed", "1", "-o", str(tmp_path / "nowhere" / "paper.md"))
    assert code == 2 and err == f"dlquiz: error: directory {tmp_path / 'nowhere'} does not exist; create it first\n"


@pytest.mark.parametrize("argv, message", [
    (["--count", "0"], "--count must be at least 1"),
    (["--variants", "0"], "--variants must be between"),
    (["--key", "none", "--solutions"], "--solutions goes in the key"),
    (["--topic", "convolution"], "unknown topic(s) convolution"),
    (["--type", "short", "--topic", "conv", "--count", "500"], "asked for 500"),
])  # fmt: skip
def test_bad_options_are_one_line_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str],
                                         message: str) -> None:
    code, _, err = run(capsys, "sheet", *argv, "-o", str(tmp_path / "p.md"))
    assert code == 2 and message in err and err.count("\n") == 1
    assert not list(tmp_path.iterdir())


def test_an_unknown_suffix_needs_a_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "sheet", "-o", str(tmp_path / "paper.txt"))
    assert code == 2 and "--format" in err
    assert run(capsys, "sheet", "--format", "md", "--key", "none", "-o", str(tmp_path / "paper.txt"))[0] == 0
    assert (tmp_path / "paper.txt").read_text(encoding="utf-8").startswith("# ")


def test_variants_write_numbered_papers_and_keys(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "sheet", "--variants", "10", "--count", "12", "--seed", "3",
                       "-o", str(tmp_path / "exam.html"))
    assert code == 0 and "10 papers and 10 keys" in out
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(f"exam-v{v:02d}{key}.html" for v in range(1, 11) for key in ("", "-key"))
    assert "7/10" in (tmp_path / "exam-v07.html").read_text(encoding="utf-8")


def test_a_random_seed_is_printed_so_the_paper_can_be_regenerated(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "sheet", "--count", "5", "--key", "none", "-o", str(tmp_path / "p.md"))
    seed = re.search(r"seed (\d+)", out)
    assert code == 0 and seed is not None
    assert f"**{seed.group(1)}**" in (tmp_path / "p.md").read_text(encoding="utf-8")
