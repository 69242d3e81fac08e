"""Metric guesses: the metric, item, breakdown and scope of a figure from the words around it."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import swchina_dev as sw
from swchina_dev import Dataset, Item, Measure, Metric
from swchina_dev.errors import ValidationError
from swchina_dev.extraction.figures import find_figures
from swchina_dev.extraction.metric_guesses import MetricGuess, guess_metric
from swchina_dev.extraction.metric_reading import read_around, shared_windows
from swchina_dev.extraction.metric_vocabulary import (
    _index,
    best_bag,
    stems_present,
    vocabulary,
)
from swchina_dev.extraction.sentences import split_sentences
from swchina_dev.models import BREAKDOWN_DIMENSIONS, Scope
from tests.paths import CURATED, articles_path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return sw.load()


def guess(
    dataset: Dataset, sentence: str, figure: str, unit: str | None = None, value: float = 1
) -> MetricGuess:
    """Guess the figure `figure` of `sentence` (read with parse_quantity, or in `unit`)."""
    start = sentence.index(figure)
    measure = sw.parse_quantity(figure) if unit is None else Measure.from_parts(value, unit)
    return guess_metric(
        sentence, (0, len(sentence)), (start, start + len(figure)), measure, dataset
    )


# Sentence, figure, unit (None: as parse_quantity reads the figure), metric, item, scope.
ENGLISH = [
    ("The county's GDP reached 120 billion yuan in 2023.", "120 billion yuan", None,
     "gdp", None, "subject"),
    ("Per capita disposable income of rural residents rose to 15,000 yuan.", "15,000 yuan",
     None, "income_per_capita", None, "subject"),
    ("The city received 12 million tourist visits last year.", "12 million", None,
     "tourist_visits", None, "subject"),
    ("Tourism revenue hit 9.6 billion yuan.", "9.6 billion yuan", None, "tourism_revenue", None,
     "subject"),
    ("The town has 3,200 households.", "3,200 households", None, "households", None, "subject"),
    ("The company employs more than 500 workers.", "more than 500", None, "jobs", None,
     "subject"),
    ("More than 300 enterprises have settled in the park.", "More than 300", None,
     "enterprise_count", None, "subject"),
    ("The county is home to 450,000 people.", "450,000 people", None, "population", None,
     "subject"),
    ("Some 12,000 people were relocated from remote mountains.", "12,000 people", None,
     "people_relocated", None, "subject"),
    ("The province lifted 1.2 million people out of poverty.", "1.2 million", None,
     "people_lifted_from_poverty", None, "subject"),
    ("The expressway is 120 kilometers long.", "120 kilometers", None, "length", None,
     "subject"),
    ("The village sits at an altitude of 1,800 meters.", "1,800 meters", None, "altitude", None,
     "subject"),
    ("The reserve covers an area of 96 square kilometers.", "96 square kilometers", None,
     "area", None, "subject"),
    ("Farmers there grew walnuts on 20,000 mu of hillside.", "20,000 mu", None, "planted_area",
     "walnut", "subject"),
    ("The county raised 300,000 pigs and 50,000 cattle.", "50,000", None, "livestock", "cattle",
     "subject"),
    ("The county raised 300,000 pigs and 50,000 cattle.", "300,000", None, "livestock", "pig",
     "subject"),
    ("Each household earns about 40,000 yuan a year from tea.", "about 40,000 yuan", None,
     "household_income", None, "household"),
    ("Li Ming, a farmer in the village, grows oranges on 30 mu.", "30 mu", None, "planted_area",
     "orange", "person"),
    ("The company invested 2 billion yuan in the new plant.", "2 billion yuan", None,
     "investment", None, "subject"),
    ("Sales revenue of the cooperative exceeded 10 million yuan.", "10 million yuan", None,
     "revenue", None, "subject"),
    ("The factory's output value reached 5 billion yuan, up 20 percent.", "20 percent", None,
     "change_over_period", None, "subject"),
    ("Exports to ASEAN countries reached 20 billion yuan.", "20 billion yuan", None,
     "trade_value", None, "subject"),
    ("The forest coverage rate rose to 62 percent.", "62 percent", None, "share",
     "forest_cover", "subject"),
    ("The city now has 35 universities and 1,200 schools.", "1,200", None, "number", "school",
     "subject"),
    ("The zone attracted 120 companies, including 15 large firms.", "120", None,
     "enterprise_count", None, "subject"),
    ("She now earns 4,000 yuan a month at the factory.", "4,000 yuan a month", "CNY / month",
     "wage", None, "person"),
    ("The local government has built 2,000 resettlement homes.", "2,000", None, "number",
     "resettlement_home", "subject"),
    ("Average annual growth reached 7.5 percent from 2016 to 2020.", "7.5 percent", None,
     "average_annual_growth", None, "subject"),
    ("The plant makes 800 photovoltaic modules a day.", "800", "1 / day", "production_rate",
     "photovoltaic_module", "subject"),
    ("The mill presses 500 tonnes of roxburgh rose juice annually.", "500 tonnes",
     "metric_ton / year", "production", "roxburgh_rose_juice", "subject"),
    ("The journey by rail took about 12 days.", "about 12 days", None, "duration", None,
     "subject"),
    ("The resettlement site is 30 kilometers away.", "30 kilometers", None, "distance", None,
     "subject"),
    ("The digital economy made up 35 percent of the province's GDP.", "35 percent", None,
     "share", "digital_economy", "subject"),
    ("\"I sell about 500 jin of honey a year,\" the beekeeper said.", "about 500 jin", None,
     "production", None, "person"),
    ("The family's income has doubled to 60,000 yuan.", "60,000 yuan", None,
     "household_income", None, "household"),
    ("The price of a ticket is 80 yuan.", "80 yuan", None, "cost", None, "subject"),
    ("Tea plantations in the county cover 300,000 mu.", "300,000 mu", None, "planted_area",
     None, "subject"),
    ("Some 30,000 residents moved into 8,000 new apartments.", "30,000", None,
     "people_relocated", None, "subject"),
    ("The company hired 800 people from poor households last year.", "800 people", None,
     "jobs", None, "subject"),
    ("Over the past five years, 1.8 million people have been moved out of the mountains.",
     "1.8 million people", None, "people_relocated", None, "subject"),
    ("The 5 million poor living in remote areas have all been helped.", "5 million", None,
     "people_lifted_from_poverty", None, "subject"),
    ("It has 1,500 head of cattle.", "1,500", None, "livestock", "cattle", "subject"),
    ("The company's sales fell by 8 percent to 2 billion yuan.", "2 billion yuan", None,
     "revenue", None, "subject"),
    ("The county's tea output value exceeded 5 billion yuan.", "5 billion yuan", None,
     "output_value", None, "subject"),
    ("Her family now owns 20 cows.", "20", None, "livestock", "cattle", "household"),
    ("Each of the 300 families received 5,000 yuan in subsidies.", "5,000 yuan", None, None,
     None, "household"),
    ("The region now has 120 tourist sites.", "120", None, None, None, "subject"),
    ("There are 12,000 school buildings.", "12,000", None, None, None, "subject"),
]  # fmt: skip

CHINESE = [
    ("2023年全县地区生产总值达到350亿元。", "350亿元", "CNY", "gdp", None, "subject"),
    ("全县核桃种植面积达300万亩。", "300万亩", "mu", "planted_area", "walnut", "subject"),
    ("全年生猪出栏200万头。", "200万头", "dimensionless", "livestock", "pig", "subject"),
    ("工业总产值突破1000亿元，同比增长12.5%。", "1000亿元", "CNY", "output_value", None,
     "subject"),
    ("工业总产值突破1000亿元，同比增长12.5%。", "12.5%", "percent", "change_over_period", None,
     "subject"),
    ("数字经济占全省GDP的40%。", "40%", "percent", "share", "digital_economy", "subject"),
    ("累计搬迁群众17万人。", "17万人", "dimensionless", "people_relocated", None, "subject"),
    ("全省累计脱贫60万人。", "60万人", "dimensionless", "people_lifted_from_poverty", None,
     "subject"),
    ("园区入驻企业500家。", "500家", "dimensionless", "enterprise_count", None, "subject"),
    ("全年接待游客1000万人次，实现旅游收入80亿元。", "1000万人次", "dimensionless",
     "tourist_visits", None, "subject"),
    ("全年接待游客1000万人次，实现旅游收入80亿元。", "80亿元", "CNY", "tourism_revenue", None,
     "subject"),
    ("全年实现旅游总收入1200亿元。", "1200亿元", "CNY", "tourism_revenue", None, "subject"),
    ("全年实现旅游综合收入98.6亿元。", "98.6亿元", "CNY", "tourism_revenue", None, "subject"),
    ("户均年收入5万元。", "5万元", "CNY", "household_income", None, "household"),
    ("项目总投资40亿元。", "40亿元", "CNY", "investment", None, "subject"),
    ("带动就业3000人。", "3000人", "dimensionless", "jobs", None, "subject"),
    ("进出口总额3.7万亿元。", "3.7万亿元", "CNY", "trade_value", None, "subject"),
    ("保护区水域面积25平方公里。", "25平方公里", "kilometer ** 2", "water_area", None,
     "subject"),
    ("全市越冬黑颈鹤数量达2000只。", "2000只", "dimensionless", "number",
     "black_necked_crane", "subject"),
    ("我每月工资6000元。", "6000元", "CNY / month", "wage", None, "person"),
    ("年均增长8.4%。", "8.4%", "percent", "average_annual_growth", None, "subject"),
    ("刺梨汁年产量300吨。", "300吨", "metric_ton", "production", "roxburgh_rose_juice",
     "subject"),
    ("全县常住人口120万人。", "120万人", "dimensionless", "population", None, "subject"),
    ("该村共有农户800户。", "800户", "dimensionless", "households", None, "subject"),
    ("茶园面积达到50万亩。", "50万亩", "mu", "planted_area", None, "subject"),
    ("全市森林覆盖率达到62%。", "62%", "percent", "share", None, "subject"),
    ("新建高速公路120公里。", "120公里", "kilometer", "length", None, "subject"),
    ("全年外贸进出口总额增长15%。", "15%", "percent", "change_over_period", "foreign_trade",
     "subject"),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "figure", "unit", "metric", "item", "scope"), ENGLISH)
def test_english(
    dataset: Dataset,
    sentence: str,
    figure: str,
    unit: str | None,
    metric: str,
    item: str | None,
    scope: str,
) -> None:
    found = guess(dataset, sentence, figure, unit)
    assert (found.metric, found.item, found.scope.value) == (metric, item, scope), found.cues


@pytest.mark.parametrize(("sentence", "figure", "unit", "metric", "item", "scope"), CHINESE)
def test_chinese(
    dataset: Dataset,
    sentence: str,
    figure: str,
    unit: str,
    metric: str,
    item: str | None,
    scope: str,
) -> None:
    found = guess(dataset, sentence, figure, unit)
    assert (found.metric, found.item, found.scope.value) == (metric, item, scope), found.cues


def test_cues_and_item_text_are_the_words_as_written(dataset: Dataset) -> None:
    found = guess(dataset, "Hechi raised 2 million Pigs last year.", "2 million")
    assert (found.metric, found.item, found.item_text) == ("livestock", "pig", "Pigs")
    assert "Pigs" in found.cues
    found = guess(dataset, "They grew walnuts on 3 million mu of hillside.", "3 million mu")
    assert found.cues[:2] == ("grew", "walnuts")


def test_item_text_names_what_no_item_matches(dataset: Dataset) -> None:
    found = guess(dataset, "The program trained 5,000 local young farmers in 2023.", "5,000")
    assert found.item is None
    assert found.item_text == "local young farmers"
    assert guess(
        dataset, "They farm 2 million mu of terraced farmland.", "2 million mu"
    ).item_text == ("terraced farmland")


@pytest.mark.parametrize(
    ("sentence", "figure", "negative"),
    [
        ("Exports fell by 12% in the first quarter.", "12%", True),
        ("The development cycle was shortened by 30%.", "30%", True),
        ("研发周期缩短30%。", "30%", True),
        ("Production efficiency went up by 650%.", "650%", False),
        ("Its trade grew by 28 percent.", "28 percent", False),
    ],
)
def test_a_decrease_is_negative(
    dataset: Dataset, sentence: str, figure: str, negative: bool
) -> None:
    unit = "percent" if not figure.endswith("percent") else None
    found = guess(dataset, sentence, figure, unit)
    assert found.metric == "change_over_period"
    assert found.negative is negative


def test_negative_only_for_metrics_that_may_be_negative(dataset: Dataset) -> None:
    # "fell to" states the level reached: a share, which is never negated.
    found = guess(dataset, "The unemployment rate fell to 4.5 percent.", "4.5 percent")
    assert (found.metric, found.negative) == ("share", False)


def test_the_unit_a_metric_takes(dataset: Dataset) -> None:
    found = guess(dataset, "Trade grew by an annual average of 28.4 percent.", "28.4 percent")
    assert (found.metric, found.unit) == ("average_annual_growth", "percent / year")
    found = guess(
        dataset, "It earns 3 million yuan in revenue per year.", "3 million yuan", "CNY / year"
    )
    assert (found.metric, found.unit) == ("revenue", "CNY")
    found = guess(dataset, "She earns 4,000 yuan a month.", "4,000 yuan a month", "CNY / month")
    assert (found.metric, found.unit) == ("wage", None)


def test_a_change_in_number_and_in_output_value(dataset: Dataset) -> None:
    sentence = "This winter 1,900 black-necked cranes came, up by 120 from the year before."
    found = guess(dataset, sentence, "120")
    assert (found.metric, found.item) == ("number_change", "black_necked_crane")
    sentence = "Industrial output value reached 80 billion yuan, an increase of 9 billion yuan."
    assert guess(dataset, sentence, "9 billion yuan").metric == "output_value_change"
    assert guess(dataset, sentence, "80 billion yuan").metric == "output_value"


@pytest.mark.parametrize(
    ("sentence", "figure", "breakdown"),
    [
        ("Women accounted for 48 percent of the workforce.", "48 percent", ("sex=female",)),
        ("Urban residents' per capita disposable income was 42,000 yuan.", "42,000 yuan",
         ("residence=urban",)),
        ("People aged 65 and over made up 14.2 percent of the total.", "14.2 percent",
         ("age_group=65+",)),
        ("Those aged 15 to 64 made up 70 percent of the total.", "70 percent",
         ("age_group=15-64",)),
        ("The tertiary industry accounted for 52 percent of GDP.", "52 percent",
         ("sector=tertiary",)),
        ("Ethnic minorities make up 38 percent of residents.", "38 percent",
         ("ethnicity=minority",)),
        ("农村居民人均可支配收入1.5万元。", "1.5万元", ("residence=rural",)),
        ("65岁及以上人口占14%。", "14%", ("age_group=65+",)),
        ("Rural areas covered 90 percent of the county.", "90 percent", ()),
        ("It now has 3 million mu of rural roads and farmland.", "3 million mu", ()),
    ],
)  # fmt: skip
def test_breakdown(
    dataset: Dataset, sentence: str, figure: str, breakdown: tuple[str, ...]
) -> None:
    unit = {"1.5万元": "CNY", "14%": "percent"}.get(figure)
    found = guess(dataset, sentence, figure, unit, 15000 if unit == "CNY" else 14)
    assert found.breakdown == breakdown


def test_per_capita_is_not_one_person(dataset: Dataset) -> None:
    found = guess(dataset, "Per capita income in the village was 9,000 yuan.", "9,000 yuan")
    assert (found.metric, found.scope) == ("income_per_capita", Scope.SUBJECT)


def test_a_speaker_is_not_the_subject_of_the_figure(dataset: Dataset) -> None:
    sentence = "The county has 2 million mu of tea, said Wang, a local farmer."
    assert guess(dataset, sentence, "2 million mu").scope is Scope.SUBJECT
    sentence = "Wang said he planted tea on 20 mu last spring."
    assert guess(dataset, sentence, "20 mu").scope is Scope.PERSON
    sentence = "He said the county planted tea on 20,000 mu last spring."
    assert guess(dataset, sentence, "20,000 mu").scope is Scope.SUBJECT


def test_they_after_a_family(dataset: Dataset) -> None:
    text = "We met one family in the village. They now keep 12 goats and grow maize."
    start = text.index("They")
    found = guess_metric(
        text, (start, len(text)), (text.index("12"), text.index("12") + 2),
        Measure.from_parts(12, "dimensionless"), dataset,
    )  # fmt: skip
    assert found.scope is Scope.HOUSEHOLD
    text = "We met many villagers. They now keep 12,000 goats and grow maize."
    start = text.index("They")
    found = guess_metric(
        text, (start, len(text)), (text.index("12,000"), text.index("12,000") + 6),
        Measure.from_parts(12000, "dimensionless"), dataset,
    )  # fmt: skip
    assert found.scope is Scope.SUBJECT


def test_nothing_fits(dataset: Dataset) -> None:
    # No metric accepts the unit; no word says which currency metric a profit is.
    assert guess(dataset, "The line carries 4 kilowatts.", "4 kilowatts").metric is None
    found = guess(dataset, "Its net profit was 50 million yuan.", "50 million yuan")
    assert (found.metric, found.confidence) == (None, 0.0)


def test_another_figure_stops_the_window(dataset: Dataset) -> None:
    sentence = "The firm earns 3 million yuan in revenue with an investment of 400,000 yuan."
    assert guess(dataset, sentence, "3 million yuan").metric == "revenue"
    assert guess(dataset, sentence, "400,000 yuan").metric == "investment"


def test_a_users_own_vocabulary(dataset: Dataset) -> None:
    kiwi = Item("kiwi", "kiwifruit", "crop", name_zh="猕猴桃")
    power = Metric("power_generation", "Power generation", "Electricity generated.", "[energy]")
    mine = Dataset(
        regions=dataset.regions, metrics=[*dataset.metrics, power], items=[*dataset.items, kiwi]
    )
    found = guess(mine, "Farmers grew kiwifruit on 5,000 mu of hills.", "5,000 mu")
    assert (found.metric, found.item) == ("planted_area", "kiwi")
    found = guess(mine, "猕猴桃种植面积5000亩。", "5000亩", "mu", 5000)
    assert (found.metric, found.item) == ("planted_area", "kiwi")
    sentence = "Power generation reached 3 billion kilowatt hours."
    assert guess(mine, sentence, "3 billion kilowatt hours").metric == "power_generation"
    assert guess(dataset, "Farmers grew kiwifruit on 5,000 mu.", "5,000 mu").item is None


def test_wrong_argument_types(dataset: Dataset) -> None:
    measure = Measure.from_parts(1, "mu")
    with pytest.raises(ValidationError):
        guess_metric(b"bytes", (0, 1), (0, 1), measure, dataset)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        guess_metric("1 mu", (0, 1), (0, 1), 1, dataset)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        guess_metric("1 mu", (0,), (0, 1), measure, dataset)  # type: ignore[arg-type]


def test_offsets_outside_the_text_are_clamped(dataset: Dataset) -> None:
    found = guess_metric(
        "It covers 9 mu.", (-5, 999), (10, 999), sw.parse_quantity("9 mu"), dataset
    )
    assert found.metric == "area"


def test_only_a_window_around_the_figure_is_read(dataset: Dataset) -> None:
    # A 1 MB sentence: words far from the figure ("output value" half a megabyte away) do not
    # count, so the work is bounded by the window, not the sentence (timing is the benchmark's).
    filler = "and the county grew walnuts on the hills " * 12_500
    far = "the output value " + filler
    text = far + "covering 500 mu of land " + filler + " output value"
    start = text.index("500 mu")
    found = guess_metric(
        text, (0, len(text)), (start, start + 6), sw.parse_quantity("500 mu"), dataset
    )
    near = "and the county grew walnuts on the hills " * 3
    short = near + "covering 500 mu of land " + near
    at = short.index("500 mu")
    alone = guess_metric(short, (0, len(short)), (at, at + 6), sw.parse_quantity("500 mu"), dataset)
    assert found.metric == alone.metric == "planted_area"
    assert all("output" not in cue for cue in found.cues)


_UNITS = (
    "mu", "CNY", "dimensionless", "percent", "1 / day", "year", "metric_ton", "CNY / month",
    "CNY / year", "metric_ton / year", "kilowatt",
)  # fmt: skip
_PIECES = [
    *"abcdefghij klmnop,.;:()-'’0123456789%$亩元万人户同比增长的，。（）",
    "per capita ", " income", " pigs", " households ", " up by ", " I ", "each household ",
    " the family's ", "rural residents ", " aged 65 and over ", " of ", " grew ", " 万亿元",
    " said ", " a local resident ", " They ", " ranked first ", " annual average ",
]  # fmt: skip
# Arbitrary text, and text made of the words the guesses read (so that every path is taken).
_TEXT = st.one_of(
    st.text(max_size=300), st.lists(st.sampled_from(_PIECES), max_size=80).map("".join)
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=_TEXT,
    bounds=st.tuples(*[st.integers(-10, 320)] * 4),
    unit=st.sampled_from(_UNITS),
)
def test_never_raises(
    dataset: Dataset, text: str, bounds: tuple[int, int, int, int], unit: str
) -> None:
    measure = Measure.from_parts(3, unit)
    found = guess_metric(text, bounds[:2], bounds[2:], measure, dataset)
    # The metric takes the figure, in its own unit or in the one the guess says.
    assert found.metric is None or dataset.metrics[found.metric].accepts(found.unit or unit)
    assert found.item is None or found.item in dataset.items
    assert 0.0 <= found.confidence <= 1.0
    for pair in found.breakdown:
        assert pair.partition("=")[0] in BREAKDOWN_DIMENSIONS
    assert all(cue in text for cue in found.cues)


# ---------------------------------------------------------------- the development set


def _curated() -> list[tuple[str, dict[str, object]]]:
    rows = []
    for path in sorted(CURATED.glob("seed_*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        seed = data["source"][0]["seed"]
        rows += [(seed, indicator) for indicator in data.get("indicator", [])]
    return rows


@pytest.mark.articles
def test_agreement_with_the_curated_figures(dataset: Dataset) -> None:
    """Guess every curated figure where the article states it, and compare with the curation."""
    agree: Counter[str] = Counter()
    read = unread = 0
    texts: dict[str, tuple[str, list[sw.extraction.Figure], list[sw.extraction.Sentence]]] = {}
    for seed, indicator in _curated():
        if seed not in texts:
            text = Path(articles_path(seed)).read_text(encoding="utf-8")
            texts[seed] = (text, find_figures(text), split_sentences(text))
        text, figures, sentences = texts[seed]
        phrase = str(indicator["phrase"])
        at = text.find(phrase)
        assert at >= 0, phrase
        inside = [f for f in figures if f.start < at + len(phrase) and f.end > at]
        same = [f for f in inside if f.measure.magnitude == indicator.get("value")]
        if not inside:
            unread += 1
            continue
        figure = (same or inside)[0]
        sentence = next(s for s in sentences if s.start <= figure.start < s.end)
        found = guess_metric(
            text, (sentence.start, sentence.end), (figure.start, figure.end), figure.measure,
            dataset,
        )  # fmt: skip
        read += 1
        agree["metric"] += found.metric == indicator["metric"]
        agree["item"] += found.item == indicator.get("item")
        agree["scope"] += found.scope.value == indicator.get("scope", "subject")
        agree["breakdown"] += list(found.breakdown) == indicator.get("breakdown", [])
    shares = {field: agree[field] / read for field in ("metric", "item", "scope", "breakdown")}
    print(f"figures read {read}, unread {unread}:", {k: f"{v:.0%}" for k, v in shares.items()})
    assert shares["metric"] >= 0.75


def test_best_bag_finds_the_nearest_occurrence_of_one_word() -> None:
    # One word is found where it is nearest the figure, as for a phrase of several.
    text = "Its output of pears and the output of apples grew: 500 tonnes."
    reading = read_around(text, text.index("500"), text.index("500") + 10, 0, len(text))
    side = reading.left
    assert [t.raw for t in side.words][:3] == ["grew", "apples", "of"]
    output = side.positions["output"]
    assert best_bag(side, ("output",), 1) == (1, min(output), min(output))
    assert best_bag(side, ("output", "appl"), 2) == (2, 1, 3)
    assert best_bag(side, ("output",), 2) is None
    assert best_bag(side, ("rice",), 1) is None


def test_stems_present_counts_what_best_bag_needs() -> None:
    # A group with fewer of its stems on the side than best_bag's least is not found there;
    # a stem a group holds twice counts twice.
    text = "Its output of pears and the output of apples grew: 500 tonnes."
    side = read_around(text, text.index("500"), text.index("500") + 10, 0, len(text)).left
    groups = [("output", "appl"), ("output", "rice"), ("rice",), ("pear", "pear"), ("grow",)]
    index = _index(groups)
    present = stems_present(side, index)
    assert present == {0: 2, 1: 1, 3: 2, 4: 1}
    for position, stems in enumerate(groups):
        for least in range(1, len(stems) + 1):
            if present.get(position, 0) < least:
                assert best_bag(side, stems, least) is None, (stems, least)


def test_stems_present_over_the_vocabulary(dataset: Dataset) -> None:
    text = "The per capita disposable income of rural residents and tea output grew: 500 yuan."
    side = read_around(text, text.index("500"), text.index("500") + 8, 0, len(text)).left
    words = vocabulary(dataset)
    for index, groups in ((words.by_stem, [b.stems for b in words.bags]),
                          (words.item_stems, [i.stems for i in words.items])):  # fmt: skip
        present = stems_present(side, index)
        assert present
        for position, stems in enumerate(groups):
            held = sum(1 for s in stems if s in side.positions)
            assert present.get(position, 0) == held


def _plain_best_bag(
    positions: dict[str, tuple[int, ...]], stems: tuple[str, ...], least: int
) -> tuple[int, int, int] | None:
    # best_bag as first written: each stem's occurrence nearest each anchor, by min().
    present = [positions[s] for s in stems if s in positions]
    if len(present) < least:
        return None
    reach = len(stems) + 3
    best: tuple[int, int, int] | None = None
    for anchor in sorted({p for ps in present for p in ps})[:12]:
        found = [
            min(ps, key=lambda p: abs(p - anchor))
            for ps in present
            if any(abs(p - anchor) < reach for p in ps)
        ]
        if len(found) < least or max(found) - min(found) >= reach:
            continue
        candidate = (len(found), min(found), max(found))
        if best is None or (candidate[0], -candidate[1]) > (best[0], -best[1]):
            best = candidate
    return best


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from("abcde"), max_size=25),
    st.lists(st.sampled_from("abcdef"), min_size=1, max_size=4).map(tuple),
    st.integers(1, 4),
)
def test_best_bag_agrees_with_its_plain_form(
    words: list[str], stems: tuple[str, ...], least: int
) -> None:
    text = " ".join(words)
    side = read_around(text + " 5", len(text) + 1, len(text) + 2, 0, len(text) + 2).left
    assert [t.stem for t in side.words] == words[::-1]
    expected = _plain_best_bag(dict(side.positions), stems, least)
    if len(stems) == 1:  # one word: its nearest occurrence
        only = side.positions.get(stems[0])
        expected = (1, min(only), min(only)) if only and least <= 1 else None
    assert best_bag(side, stems, least) == expected


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["RMB", "5", "3,000", "yuan", "(", ";", "and", "村", " "]), max_size=120
    ),
    st.lists(st.tuples(st.integers(0, 600), st.integers(0, 30)), min_size=1, max_size=4),
)
def test_windows_cut_from_tokens_read_once_are_read_alike(
    parts: list[str], figures: list[tuple[int, int]]
) -> None:
    # A window cut from tokens read once for a sentence's figures is read as the window alone,
    # also where its edges cut a token ("RMB", "3,000").
    text = " ".join(parts)
    starts = sorted(min(first, len(text)) for first, _ in figures)
    widths = [width for _, width in figures]
    spans = [
        (start, min(start + width, len(text))) for start, width in zip(starts, widths, strict=True)
    ]
    sentence = (0, len(text))
    for (start, end), read in zip(spans, shared_windows(text, sentence, spans), strict=True):
        assert read_around(text, start, end, *sentence, read) == read_around(
            text, start, end, *sentence
        )
