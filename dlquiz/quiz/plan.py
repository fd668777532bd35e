"""The study plan for an exam date: which reviews and new items on each day, and how much will be remembered.

The plan projects every card forward day by day with FSRS (no fuzz) up to the exam, inside a daily budget:

- A studied card needs a review only while its predicted recall on exam day is below the target; the review
  falls on the day FSRS schedules it, or earlier, on the day its recall would drop below the target (a card
  scheduled under a lower retention), and never after the last day before the exam.
- Each day, due reviews come first, ordered by exam-day priority (topic weight × recall the exam would lose
  without the review) and then lowest recall now; those that do not fit the budget wait for the next day,
  ahead of that day's own. So a backlog is spread over the coming days instead of arriving at once.
- What budget is left introduces new items, topic by topic in proportion to the syllabus weights, more for
  the learner's weakest topics (`new_item_order`). None in the last days before the exam (`NEW_CUTOFF_DAYS`)
  unless nothing was studied yet, none too late to reach the target, and no more a day than still lets every
  item studied reach the target (found by bisection).

Projected answers: a review is recalled ("good"); a new item is not known at first sight (FSRS predicts
recall 0 for a card never seen), so it takes three answers on its first day: "again", then "good" twice
through the learning steps. The plan is a pure function of the store, so it is simply recomputed after
each session.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from fsrs import Card, Rating, Scheduler, State

from dlquiz.bank.loader import Bank
from dlquiz.errors import UsageError
from dlquiz.quiz import days as local
from dlquiz.quiz.intake import new_item_order, topic_weights
from dlquiz.quiz.leeches import leeches
from dlquiz.quiz.pace import Pace
from dlquiz.quiz.scheduling import card_id
from dlquiz.quiz.scheduling import now as utc_now
from dlquiz.quiz.settings import Settings

NEW_CUTOFF_DAYS = 3  # no new items in the last days before the exam: they are for consolidation
NEW_ITEM_ANSWERS = (Rating.Again, Rating.Good, Rating.Good)
NEW_ITEM_GAPS = (timedelta(0), timedelta(minutes=1), timedelta(minutes=10))  # fsrs's learning steps
MAX_LEARNING_ANSWERS = 4  # a card part-way through its learning steps graduates within this many answers


@dataclass
class Day:
    """One study day of the plan: what to review and learn, and the time it should take."""

    date: date
    review_ids: list[str] = field(default_factory=list)
    new_ids: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def reviews(self) -> int:
        return len(self.review_ids)

    @property
    def new(self) -> int:
        return len(self.new_ids)

    @property
    def minutes(self) -> float:
        return round(self.seconds / 60, 1)


@dataclass
class Plan:
    """A day-by-day plan up to the exam and the recall it predicts on exam day."""

    exam_date: date
    today: date
    target: float
    minutes_per_day: float
    days: list[Day]
    predicted_retention: dict[str, float]  # topic → mean predicted recall on exam day (unstudied items 0)
    predicted: dict[str, float]  # card id → predicted recall on exam day, for every item studied or planned
    backlog: int = 0  # reviews due (or overdue) today when the plan was made
    backlog_days: int = 0  # study days until each of those was reviewed (all days if some never are)
    unplanned_new: int = 0  # new items there is no room for before the exam
    short: list[str] = field(default_factory=list)  # studied items predicted to miss the target
    leeches: dict[str, int] = field(default_factory=dict)
    pace: Pace = field(default_factory=Pace)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form `dlquiz plan --json` prints."""
        return {
            "exam_date": self.exam_date.isoformat(),
            "days": [{"date": d.date.isoformat(), "new": d.new, "reviews": d.reviews, "minutes": d.minutes}
                     for d in self.days],
            "predicted_retention": dict(self.predicted_retention),
        }


def make_plan(bank: Bank, store: Any, exam_date: date, minutes_per_day: float | None = None,
              now: datetime | None = None, settings: Settings | None = None) -> Plan:
    """Plans every study day from today to the day before `exam_date` (today alone if the exam is today).

    Args:
        minutes_per_day: the daily budget; default the `minutes_per_day` setting. Today's budget is what is
            left of it after the answers already given today.
        now: the current moment (aware); default the clock.
        settings: the settings in force; default those in `store`.

    Raises:
        UsageError: the exam date is past, or the budget is not positive.
    """
    planner = Planner(bank, store, exam_date, minutes_per_day, now, settings)
    return planner.plan()


def todays_reviews(bank: Bank, store: Any, now: datetime | None = None, settings: Settings | None = None,
                   within: set[str] | None = None) -> list[str]:
    """The card ids to review today, best first, as many as today's budget holds.

    With an exam date set (and not past) these are the plan's reviews for today; without one, the cards due
    today ordered by priority (topic weight × recall lost now, then lowest recall).

    Args:
        within: only these card ids (a session's scope); default every item in the bank.
    """
    settings = settings or Settings.load(store)
    now = (now or utc_now()).astimezone(UTC)
    exam = settings.exam
    if exam is None or exam < local.study_day(now, settings.tz, settings.day_start_hour):
        exam = None
    planner = Planner(bank, store, exam, None, now, settings, within=within)
    return planner.project(new_cap=0).days[0].review_ids


class Planner:
    """The state a plan is projected from: cards, costs, weights, days and the FSRS model."""

    def __init__(self, bank: Bank, store: Any, exam_date: date | None, minutes_per_day: float | None,
                 now: datetime | None, settings: Settings | None, within: set[str] | None = None) -> None:
        self.settings = settings = settings or Settings.load(store)
        self.now = now = (now or utc_now()).astimezone(UTC)  # fsrs takes UTC only
        self.tz, self.hour = tz, hour = settings.tz, settings.day_start_hour  # the zone is looked up once
        self.today = local.study_day(now, tz, hour)
        minutes = settings.minutes_per_day if minutes_per_day is None else minutes_per_day
        if minutes <= 0:
            raise UsageError(f"the daily budget must be more than 0 minutes, not {minutes:g}")
        if exam_date is not None and exam_date < self.today:
            raise UsageError(f"the exam date {exam_date.isoformat()} is past (today is {self.today.isoformat()})")
        self.minutes = minutes
        # Without an exam date (a review session's queue) only today is planned, from what FSRS says is due.
        self.open_ended = exam_date is None
        self.exam_date = exam_date or self.today
        count = max((self.exam_date - self.today).days, 1)
        self.dates = [self.today + timedelta(days=i) for i in range(count)]
        self.moments = [now] + [local.midday(d, tz, hour) for d in self.dates[1:]]
        self.exam_moment = now if self.open_ended else max(local.midday(self.exam_date, tz, hour), now)
        self.today_ends = local.day_end(self.today, tz, hour)
        self.target = settings.desired_retention
        self.scheduler = Scheduler(desired_retention=self.target, enable_fuzzing=False)
        decay = -self.scheduler.parameters[20]
        factor = 0.9 ** (1 / decay) - 1
        self.target_days = (self.target ** (1 / decay) - 1) / factor  # days after a review recall stays ≥ target
        spent = sum(a.duration_s for a in store.attempts(since=local.day_start(self.today, tz, hour)))
        self.budgets = [minutes * 60.0] * count
        self.budgets[0] = max(0.0, minutes * 60.0 - spent)

        questions = [q for q in bank.questions if q.status != "retired"]
        if within is not None:
            questions = [q for q in questions if card_id(q.id) in within]
        self.questions = {card_id(q.id): q for q in questions}
        self.pace = Pace.from_store(bank, store)
        self.cost = {cid: self.pace.seconds(q) for cid, q in self.questions.items()}
        self.weights = topic_weights(bank)
        self.weight = {cid: self.weights.get(q.topic, 1.0) for cid, q in self.questions.items()}
        stored = store.cards()
        self.cards = {cid: Card.from_dict(stored[cid]) for cid in self.questions if cid in stored}
        self.new_order = new_item_order(bank, store, self.questions, set(self.cards))
        self.store = store
        self.bank = bank

    def recall(self, card: Card, moment: datetime) -> float:
        return float(self.scheduler.get_card_retrievability(card, moment))

    def day_index(self, moment: datetime) -> int:
        return (local.study_day(moment, self.tz, self.hour) - self.today).days

    def next_review(self, card: Card, after: int) -> int | None:
        """The day index of the card's next review, or None when it reaches the target without one (or
        when there is no day left)."""
        if self.open_ended:
            return 0 if after == 0 and self.due_today(card) else None
        if after >= len(self.dates) or self.recall(card, self.exam_moment) >= self.target:
            return None
        due = card.due
        if card.state == State.Review and card.last_review is not None and card.stability:
            due = min(due, card.last_review + timedelta(days=card.stability * self.target_days))
        return min(max(self.day_index(due), after), len(self.dates) - 1)

    def due_today(self, card: Card) -> bool:
        """FSRS's due date falls in today's study day (a learning step: its minutes are nearly up)."""
        if card.state == State.Review:
            return card.due < self.today_ends
        return card.due <= self.now + local.LEARN_AHEAD

    def review(self, card: Card, moment: datetime) -> tuple[Card, int]:
        """The card after a recalled review at `moment`, through any learning steps; and the answers it took."""
        answers = 0
        while True:
            card, _ = self.scheduler.review_card(card, Rating.Good, moment)
            answers += 1
            if card.state == State.Review or answers >= MAX_LEARNING_ANSWERS:
                return card, answers
            moment = max(moment, card.due)

    def learn(self, cid: str, moment: datetime) -> Card:
        """A new item's card after its first day: not known, then recalled twice through the learning steps."""
        card = Card(card_id=0)
        for rating, gap in zip(NEW_ITEM_ANSWERS, NEW_ITEM_GAPS, strict=True):
            moment = moment + gap
            card, _ = self.scheduler.review_card(card, rating, moment)
        return card

    def can_reach_target(self, card: Card, day: int) -> bool:
        """Whether a card studied on `day` reaches the target by the exam if every review it needs is made."""
        index = self.next_review(card, day + 1)
        while index is not None:
            card, _ = self.review(card, self.moments[index])
            index = self.next_review(card, index + 1)
        return self.recall(card, self.exam_moment) >= self.target

    def priority(self, card: Card, cid: str, moment: datetime) -> tuple[float, float, str]:
        """Sort key, best first: exam-day recall at stake weighted by topic, then lowest recall now."""
        lost = self.weight[cid] * (1.0 - self.recall(card, self.exam_moment))
        return (-lost, self.recall(card, moment), cid)

    def project(self, new_cap: int | None) -> Plan:
        """Projects the days with at most `new_cap` new items a day (None: as many as fit)."""
        cards = dict(self.cards)
        count = len(self.dates)
        buckets: list[list[str]] = [[] for _ in range(count)]
        for cid, card in cards.items():
            index = self.next_review(card, 0)
            if index is not None:
                buckets[index].append(cid)
        backlog = len(buckets[0])
        unreviewed = set(buckets[0])  # the backlog not yet reviewed
        backlog_days = 0 if not unreviewed else count
        waiting: list[str] = []
        pending = list(self.new_order)
        cheapest = min((self.cost[c] for c in pending), default=0.0) * len(NEW_ITEM_ANSWERS)
        days = [Day(d) for d in self.dates]
        # The last days are for consolidation; a learner who has studied nothing yet needs every day.
        new_until = count - (NEW_CUTOFF_DAYS if self.cards else 0)
        for i, day in enumerate(days):
            moment, budget = self.moments[i], self.budgets[i]
            due = sorted(waiting + buckets[i], key=lambda c: self.priority(cards[c], c, moment))
            waiting = []
            for cid in due:
                card, answers = self.review(cards[cid], moment)
                cost = answers * self.cost[cid]
                if day.seconds + cost > budget + 1e-9:
                    waiting.append(cid)
                    continue
                day.seconds += cost
                day.review_ids.append(cid)
                cards[cid] = card
                index = self.next_review(card, i + 1)
                if index is not None:
                    buckets[index].append(cid)
            if unreviewed:
                unreviewed.difference_update(day.review_ids)
                if not unreviewed:
                    backlog_days = i + 1
            if i >= new_until or (new_cap is not None and new_cap <= 0):
                continue
            left = []
            for position, cid in enumerate(pending):
                cost = self.cost[cid] * len(NEW_ITEM_ANSWERS)
                full = new_cap is not None and day.new >= new_cap
                if full or budget - day.seconds < cheapest - 1e-9:
                    left.extend(pending[position:])
                    break
                if day.seconds + cost > budget + 1e-9:
                    left.append(cid)
                    continue
                card = self.learn(cid, moment)
                if not self.can_reach_target(card, i):
                    left.extend(pending[position:])  # too late for this item, and for any other: all start alike
                    break
                day.seconds += cost
                day.new_ids.append(cid)
                cards[cid] = card
                index = self.next_review(card, i + 1)
                if index is not None:
                    buckets[index].append(cid)
            pending = left
        return self._result(days, cards, backlog, backlog_days, len(pending))

    def _result(self, days: list[Day], cards: dict[str, Card], backlog: int, backlog_days: int,
                unplanned: int) -> Plan:
        predicted = {cid: self.recall(card, self.exam_moment) for cid, card in cards.items()}
        by_topic: dict[str, list[float]] = {}
        for cid, question in self.questions.items():
            by_topic.setdefault(question.topic, []).append(predicted.get(cid, 0.0))
        order = [t.slug for t in self.bank.syllabus.topics] if self.bank.syllabus else []
        order += sorted(set(by_topic) - set(order))
        retention = {t: round(sum(by_topic[t]) / len(by_topic[t]), 4) for t in order if t in by_topic}
        short = sorted(cid for cid, r in predicted.items() if r < self.target)
        return Plan(self.exam_date, self.today, self.target, self.minutes, days, retention, predicted,
                    backlog, backlog_days, unplanned, short, pace=self.pace)

    def plan(self) -> Plan:
        """The plan with as many new items a day as still let every item studied reach the target."""
        best = self.project(None)
        if best.short and any(day.new for day in best.days):
            reviews_only = self.project(0)
            baseline = set(reviews_only.short)
            if not set(best.short) <= baseline:
                low, high = 0, max(day.new for day in best.days)
                best = reviews_only
                while high - low > 1:  # invariant: `low` keeps every item at target, `high` does not
                    middle = (low + high) // 2
                    trial = self.project(middle)
                    if set(trial.short) <= baseline:
                        low, best = middle, trial
                    else:
                        high = middle
        best.leeches = leeches(self.bank, self.store, self.settings)
        return best
