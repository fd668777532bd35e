"""Typed models of the bank's YAML: questions of eight types, the misconception catalogue, synonyms.

The models check shapes and types only; `dlquiz.bank.check` checks meaning (keys, references, quotes,
golden cases). Unknown fields are errors everywhere (`extra="forbid"`), so a misspelt field is caught.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

QUESTION_TYPES = ("mcq", "multi", "tf", "numeric", "fill", "table", "short", "param")
DEMO_NAMES = (
    "activations", "vanishing-gradients", "exploding-gradients", "init", "softmax-overflow", "losses",
    "fitting", "regularization", "batchnorm", "conv", "pooling", "receptive-field", "attention", "lstm",
    "optimizers", "train-cnn",
)  # fmt: skip

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$"
AUDIT_PATTERN = r"^A\d{2}b?$"
SCHEMA_VERSION = 1


class Model(BaseModel):
    """Every bank model rejects unknown fields."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Model):
    """Bilingual text: zh is required, en sits beside it. A bare string is zh only."""

    zh: str = Field(min_length=1)
    en: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return {"zh": value} if isinstance(value, str) else value

    def get(self, lang: str) -> str:
        """The text in `lang` ("zh", "en"), falling back to zh."""
        return self.en if lang == "en" and self.en else self.zh


class SeedSource(Model):
    """A quote from the course material; the checker finds it in the seed file."""

    seed: str = Field(min_length=1)
    section: str = Field(min_length=1)
    quote: str = Field(min_length=2)


class RefSource(Model):
    """An outside reference: a book, paper or documentation section."""

    ref: str = Field(min_length=3)
    url: str | None = None


def _source_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        return "seed" if "seed" in value else "ref" if "ref" in value else None
    return getattr(value, "__source_kind__", None)


Source = Annotated[
    Annotated[SeedSource, Tag("seed")] | Annotated[RefSource, Tag("ref")],
    Discriminator(_source_kind, custom_error_type="source", custom_error_message="a source needs `seed` "
                  "(with section and quote) or `ref`"),
]


class Tolerance(Model):
    """Either bound passing is enough."""

    abs: float | None = Field(default=None, ge=0)
    rel: float | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _one_bound(self) -> Tolerance:
        if self.abs is None and self.rel is None:
            raise ValueError("give `abs` or `rel` (or both)")
        return self


class DemoLink(Model):
    name: Literal[DEMO_NAMES]  # type: ignore[valid-type]
    args: dict[str, Any] = Field(default_factory=dict)


class Mistake(Model):
    """A known wrong answer and what it reveals."""

    answer: float | str | bool | list[int]
    misconception: str | None = None
    feedback: Text | None = None


class QuestionBase(Model):
    """Fields every item has."""

    id: str = Field(pattern=ID_PATTERN)
    type: str
    topic: str
    difficulty: int = Field(ge=1, le=3)
    stem: Text
    source: list[Source] = Field(min_length=1)
    assumptions: list[Text] = Field(default_factory=list)
    audit: list[Annotated[str, Field(pattern=AUDIT_PATTERN)]] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    demo: DemoLink | None = None
    points: float = Field(default=1, gt=0)
    status: Literal["draft", "reviewed", "retired"] = "draft"
    author: str | None = None
    reviewed_by: str | None = None


class Explained(QuestionBase):
    explanation: Text


class Option(Model):
    key: str = Field(min_length=1)
    text: Text
    correct: bool
    feedback: Text | None = None
    misconception: str | None = None


class Mcq(Explained):
    type: Literal["mcq"]
    options: list[Option] = Field(min_length=2)
    shuffle: bool = True


class Multi(Mcq):
    type: Literal["multi"]  # type: ignore[assignment]
    scoring: Literal["all_or_nothing", "partial"] = "all_or_nothing"


class TrueFalse(Explained):
    type: Literal["tf"]
    answer: bool
    misconception: str | None = None
    feedback: Text | None = None


class Compute(Model):
    """A solver call that reproduces a numeric answer; the tests recompute it."""

    solver: str
    args: dict[str, Any] = Field(default_factory=dict)
    output: str


class Numeric(Explained):
    type: Literal["numeric"]
    answer: float
    tolerance: Tolerance
    unit: str | None = None
    compute: Compute | None = None
    common_mistakes: list[Mistake] = Field(default_factory=list)


class Blank(Model):
    id: str = Field(pattern=r"^[A-Za-z0-9_-]+$")
    accept: list[Annotated[str, Field(min_length=1)]] = Field(min_length=1)
    symbolic: bool = False
    normalize: list[str] | None = None
    common_mistakes: list[Mistake] = Field(default_factory=list)


class Fill(Explained):
    type: Literal["fill"]
    blanks: list[Blank] = Field(min_length=1)


class BlankCell(Model):
    blank: str = Field(pattern=r"^[A-Za-z0-9_-]+$")
    accept: list[Annotated[str, Field(min_length=1)]] = Field(min_length=1)
    choices: list[str] | None = None
    common_mistakes: list[Mistake] = Field(default_factory=list)


def _cell_kind(value: Any) -> str:
    if isinstance(value, dict | BlankCell) and (isinstance(value, BlankCell) or "blank" in value):
        return "blank"
    return "text"


Cell = Annotated[Annotated[BlankCell, Tag("blank")] | Annotated[Text, Tag("text")], Discriminator(_cell_kind)]


class Row(Model):
    cells: list[Cell] = Field(min_length=1)


class Table(Explained):
    type: Literal["table"]
    columns: list[Text] = Field(min_length=1)
    rows: list[Row] = Field(min_length=1)
    scoring: Literal["per_cell", "all_or_nothing"] = "per_cell"


class Keyword(Model):
    any: list[Annotated[str, Field(min_length=1)]] = Field(min_length=1)
    weight: float = Field(gt=0)
    label: Text


class Short(Explained):
    type: Literal["short"]
    reference_answer: Text
    keywords: list[Keyword] = Field(min_length=1)
    max_score: float | None = Field(default=None, gt=0)
    pass_score: float = Field(gt=0)
    grading: Literal["keywords", "self", "keywords_then_self"] = "keywords_then_self"


class IntDomain(Model):
    int: tuple[int, int]


class ChoiceDomain(Model):
    choice: list[float | int | str | bool] = Field(min_length=1)


class FloatDomain(Model):
    float: tuple[float, float]
    step: float = Field(gt=0)


def _domain_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        for kind in ("int", "choice", "float"):
            if kind in value:
                return kind
        return None
    return {IntDomain: "int", ChoiceDomain: "choice", FloatDomain: "float"}.get(type(value))


Domain = Annotated[
    Annotated[IntDomain, Tag("int")] | Annotated[ChoiceDomain, Tag("choice")] | Annotated[FloatDomain, Tag("float")],
    Discriminator(_domain_kind, custom_error_type="domain",
                  custom_error_message="a parameter domain is {int: [lo, hi]}, {choice: [...]} or "
                  "{float: [lo, hi], step: x}"),
]


class Part(Model):
    key: str = Field(min_length=1)
    stem: Text
    output: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*(\[\d+\])?$")
    tolerance: Tolerance
    unit: str | None = None


class Golden(Model):
    params: dict[str, Any]
    expect: dict[str, Any] = Field(min_length=1)


class Param(QuestionBase):
    type: Literal["param"]
    params: dict[str, Domain] = Field(min_length=1)
    constraints: list[str] = Field(default_factory=list)
    max_draws: int | None = Field(default=None, gt=0)
    solver: str
    solver_args: dict[str, Any]
    parts: list[Part] = Field(min_length=1)
    explanation_template: Text
    golden: list[Golden] = Field(min_length=1)


QUESTION_MODELS: dict[str, type[QuestionBase]] = {
    "mcq": Mcq, "multi": Multi, "tf": TrueFalse, "numeric": Numeric, "fill": Fill,
    "table": Table, "short": Short, "param": Param,
}  # fmt: skip

Question = Annotated[
    Annotated[Mcq, Tag("mcq")] | Annotated[Multi, Tag("multi")] | Annotated[TrueFalse, Tag("tf")]
    | Annotated[Numeric, Tag("numeric")] | Annotated[Fill, Tag("fill")] | Annotated[Table, Tag("table")]
    | Annotated[Short, Tag("short")] | Annotated[Param, Tag("param")],
    Discriminator("type"),
]


class QuestionFile(Model):
    """One YAML file of questions (the JSON Schema for editors is generated from this)."""

    bank: Literal["dlquiz"]
    schema_version: Literal[1]
    questions: list[Question] = Field(min_length=1)


class SeeAlso(Model):
    demo: Literal[DEMO_NAMES] | None = None  # type: ignore[valid-type]
    question: str | None = None
    topic: str | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> SeeAlso:
        if sum(v is not None for v in (self.demo, self.question, self.topic)) != 1:
            raise ValueError("give exactly one of `demo`, `question`, `topic`")
        return self


class Misconception(Model):
    id: str = Field(pattern=ID_PATTERN)
    topic: str
    name: Text
    explanation: Text
    audit: list[Annotated[str, Field(pattern=AUDIT_PATTERN)]] = Field(default_factory=list)
    see: list[SeeAlso] = Field(default_factory=list)


class MisconceptionFile(Model):
    bank: Literal["dlquiz"]
    schema_version: Literal[1]
    misconceptions: list[Misconception] = Field(min_length=1)


class SynonymFile(Model):
    bank: Literal["dlquiz"]
    schema_version: Literal[1]
    synonyms: list[list[Annotated[str, Field(min_length=1)]]]


class Topic(Model):
    slug: str = Field(pattern=r"^[a-z0-9-]+$")
    zh: str
    en: str
    seeds: list[str] = Field(default_factory=list)
    min_questions: int = Field(ge=0)
    min_templates: int = Field(ge=0)


class Syllabus(Model):
    topics: list[Topic] = Field(min_length=1)
    totals: dict[str, int] = Field(default_factory=dict)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a question file, for editors (yaml-language-server)."""
    schema = QuestionFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "dlquiz question file"
    return schema
