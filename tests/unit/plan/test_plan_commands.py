"""`dlquiz plan` and `dlquiz config` as a user runs them: output, remembered values, one-line errors."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from plan_helpers import T0, make_bank, review_card

from dlquiz.cli import main
from dlquiz.errors import UsageError
from dlquiz.quiz.plan import make_plan
from dlquiz.quiz.settings import KEYS, Settings, local_zone, parse_value
from dlquiz.store import Store

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture
def small_bank(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DLQUIZ_BANK", str(DATA / "bank-valid"))


def in_days(n: int) -> str:
    return (date.today() + timedelta(days=n)).isoformat()


def test_plan_json_has_the_documented_shape(small_bank: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "--exam-date", in_days(10), "--minutes-per-day", "20", "--json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert set(plan) == {"exam_date", "days", "predicted_retention"}
    assert plan["exam_date"] == in_days(10)
    assert 9 <= len(plan["days"]) <= 11  # today is the local study day, which may lag the calendar by a day
    assert all(set(d) == {"date", "new", "reviews", "minutes"} and d["minutes"] <= 20 for d in plan["days"])
    assert sum(d["new"] for d in plan["days"]) == 8  # the eight items of the test bank
    assert set(plan["predicted_retention"]) == {"activation", "fitting", "discussion", "conv", "pooling",
                                                "conv-variants"}
    assert all(value >= 0.9 for value in plan["predicted_retention"].values())


def test_plan_remembers_the_exam_date_and_budget(small_bank: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "--exam-date", in_days(5), "--minutes-per-day", "12"]) == 0
    text = capsys.readouterr().out
    assert "study plan" in text and "(today)" in text and "predicted recall" in text
    assert main(["plan", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["exam_date"] == in_days(5)
    assert main(["config", "get", "minutes_per_day"]) == 0
    assert capsys.readouterr().out.strip() == "12.0"


@pytest.mark.parametrize(("argv", "message"), [
    (["plan", "--exam-date", "2020-01-01"], "dlquiz: error: the exam date 2020-01-01 is past"),
    (["plan", "--exam-date", "2026-02-30"], "argument --exam-date: '2026-02-30' is not a date; write YYYY-MM-DD"),
    (["plan", "--exam-date", "next week"], "is not a date"),
    (["plan", "--exam-date", "2099-01-01", "--minutes-per-day", "-5"], "--minutes-per-day must be more than 0"),
    (["plan"], "give the exam day: dlquiz plan --exam-date YYYY-MM-DD"),
    (["config", "set", "desired_retention", "0.5"], "desired_retention: must be from 0.7 to 0.99"),
    (["config", "set", "day_start_hour", "24"], "day_start_hour: must be a whole hour from 0 to 23"),
    (["config", "set", "timezone", "Mars/Olympus"], "unknown time zone 'Mars/Olympus'"),
    (["config", "set", "leech_lapses", "zero"], "'zero' is not a number"),
    (["config", "set", "colour", "red"], "unknown setting 'colour'"),
    (["config", "set", "leech_lapses"], "config set needs a value"),
])  # fmt: skip
def test_bad_input_is_one_line_and_exit_2(small_bank: None, capsys: pytest.CaptureFixture[str], argv: list[str],
                                          message: str) -> None:
    if "not a date" in message:  # argparse's own errors exit from the parser
        with pytest.raises(SystemExit) as exited:
            main(argv)
        assert exited.value.code == 2
    else:
        assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_a_past_date_is_not_remembered(small_bank: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "--exam-date", "2020-01-01"]) == 2
    assert main(["config", "get", "exam_date"]) == 0
    assert capsys.readouterr().out.strip() == ""


def test_config_lists_sets_and_unsets(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config"]) == 0
    listing = capsys.readouterr().out
    assert all(name in listing for name in KEYS) and "desired_retention = 0.9  (default)" in listing
    assert main(["config", "set", "desired_retention", "0.85"]) == 0
    assert main(["config", "set", "timezone", "America/New_York"]) == 0
    capsys.readouterr()
    assert main(["config", "get", "desired_retention"]) == 0 and capsys.readouterr().out == "0.85\n"
    assert main(["config", "unset", "desired_retention"]) == 0
    assert main(["config"]) == 0
    listing = capsys.readouterr().out
    assert "desired_retention = 0.9  (default)" in listing and "timezone = America/New_York\n" in listing


def test_settings_fall_back_to_defaults_when_a_stored_value_is_bad(tmp_path: Path) -> None:
    with Store.open(tmp_path / "dlquiz.db") as store:
        assert Settings.load(store) == Settings()
        store.set_setting("desired_retention", 5)
        store.set_setting("day_start_hour", "x")
        store.set_setting("leech_lapses", 3)
        loaded = Settings.load(store)
    assert loaded.desired_retention == 0.9 and loaded.day_start_hour == 4 and loaded.leech_lapses == 3


def test_values_are_parsed_and_checked() -> None:
    assert parse_value("desired_retention", "0.95") == 0.95
    assert parse_value("day_start_hour", "0") == 0
    assert parse_value("exam_date", " 2026-06-30 ") == "2026-06-30"
    assert parse_value("minutes_per_day", "45") == 45.0
    for name, text in [("day_start_hour", "4.5"), ("leech_lapses", "0"), ("minutes_per_day", "0"),
                       ("minutes_per_day", "nan"), ("exam_date", "30/06/2026")]:
        with pytest.raises(UsageError):
            parse_value(name, text)


def test_the_machine_zone_is_found_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    assert getattr(local_zone(), "key", None) == "Asia/Shanghai"


def test_the_desired_retention_setting_is_the_plan_s_target(store: Store) -> None:
    bank = make_bank({"conv": 20})
    store.set_setting("desired_retention", 0.8)
    loose = make_plan(bank, store, (T0 + timedelta(days=20)).date(), 30, now=T0)
    store.set_setting("desired_retention", 0.95)
    strict = make_plan(bank, store, (T0 + timedelta(days=20)).date(), 30, now=T0)
    assert loose.target == 0.8 and strict.target == 0.95
    assert sum(d.reviews for d in strict.days) > sum(d.reviews for d in loose.days)
    assert min(strict.predicted.values()) >= 0.95 and min(loose.predicted.values()) >= 0.8


def test_an_exam_today_plans_today_only(store: Store) -> None:
    bank = make_bank({"conv": 5})
    plan = make_plan(bank, store, date(2026, 3, 17), 10, now=T0)  # T0 is 20:00 on 17 March in Shanghai
    assert [d.date for d in plan.days] == [date(2026, 3, 17)]
    with pytest.raises(UsageError, match="past"):
        make_plan(bank, store, date(2026, 3, 16), 10, now=T0)
    with pytest.raises(UsageError, match="more than 0"):
        make_plan(bank, store, date(2026, 3, 20), 0, now=T0)


def test_strong_cards_need_no_review_before_the_exam(store: Store) -> None:
    bank = make_bank({"conv": 2})
    store.set_card("conv.item-000", review_card(400.0, T0 - timedelta(days=1), T0 + timedelta(days=300)))
    store.set_card("conv.item-001", review_card(3.0, T0 - timedelta(days=1), T0 + timedelta(days=2)))
    plan = make_plan(bank, store, (T0 + timedelta(days=30)).date(), 30, now=T0)
    reviewed = [cid for d in plan.days for cid in d.review_ids]
    assert "conv.item-000" not in reviewed and reviewed.count("conv.item-001") >= 2
    assert plan.predicted["conv.item-000"] >= 0.9 and plan.predicted["conv.item-001"] >= 0.9


def test_new_items_are_held_back_when_their_reviews_would_crowd_out_the_last_day(store: Store) -> None:
    from dlquiz.quiz.plan import Planner

    bank = make_bank({"conv": 200, "loss": 300})
    for n in range(200):  # known items whose one review before the exam falls on its last day
        store.set_card(f"conv.item-{n:03d}", review_card(5.5, T0 - timedelta(days=1), T0 + timedelta(days=4.5),
                                                         number=n + 1))
    exam = (T0 + timedelta(days=6)).date()
    greedy = Planner(bank, store, exam, 70, T0, None).project(None)
    assert greedy.short  # filling every day with new items would leave known ones short on exam day
    plan = make_plan(bank, store, exam, 70, now=T0)
    assert not plan.short and 0 < sum(d.new for d in plan.days) < sum(d.new for d in greedy.days)
    assert plan.days[-1].reviews >= 200 and all(d.seconds <= 70 * 60 + 1e-6 for d in plan.days)
