"""Chinese text (swchina_dev.text.chinese): numerals, figures in running text, place names.

The sentences are written for these tests (none is from a source article); the place names are
real, and the ones looked up are in the bundled dataset.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

import swchina_dev
from swchina_dev import Measure, ParseError, parse_quantity
from swchina_dev.text import (
    MAX_TEXT_LENGTH,
    chinese_place_mentions,
    find_chinese_quantities,
    parse_chinese_number,
)
from swchina_dev.text.chinese_numbers import parse_chinese_decimal
from swchina_dev.text.chinese_places import MAX_NAME
from swchina_dev.text.words import UNITS, ZH_COUNTERS
from swchina_dev.units import canonical_unit

# ---- parse_chinese_number ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("三千万", 30_000_000),
        ("十五", 15),
        ("十", 10),
        ("二十", 20),
        ("一百零五", 105),
        ("一百一十", 110),
        ("一千零十", 1010),
        ("两万三千", 23_000),
        ("两万三", 23_000),
        ("三百五", 350),
        ("一万零五", 10_005),
        ("十万", 100_000),
        ("一亿零五百万", 105_000_000),
        ("一亿五", 150_000_000),
        ("一万亿", 10**12),
        ("两万三千亿", 2_300_000_000_000),
        ("九千九百九十九万九千九百九十九", 99_999_999),
        ("一千一万", 11_000_000),
        ("壹仟贰佰叁拾肆", 1234),
        ("伍拾", 50),
        ("零", 0),
        ("〇", 0),
        ("一点五", 1.5),
        ("零点五", 0.5),
        ("三点一四", 3.14),
        ("三点七万", 37_000),
        ("二〇一九", 2019),
        ("一九四九", 1949),
        ("3.7万", 37_000),
        ("1.4万亿", 1_400_000_000_000),
        ("1200万", 12_000_000),
        ("5千", 5000),
        ("3千万", 30_000_000),
        ("12,000", 12_000),
        ("１２，０００", 12_000),
        ("  ７８００ ", 7800),
        ("12.5", 12.5),
    ],
)
def test_parse_chinese_number(text: str, value: int | float) -> None:
    result = parse_chinese_number(text)
    assert result == value
    assert type(result) is type(value)  # whole numbers are exact ints


def test_the_decimal_version_is_exact() -> None:
    assert parse_chinese_decimal("1.4万亿") == Decimal("1.4E12")
    assert parse_chinese_decimal("一点零五") == Decimal("1.05")
    # 30 significant digits survive: no float on the way.
    assert parse_chinese_decimal("123456789012345678901234567890") == Decimal(
        "123456789012345678901234567890"
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("万万万", "万 has no number before it"),
        ("亿", "亿 has no number before it"),
        ("一万万", "万 in the wrong place"),
        ("一亿亿", "亿 twice"),
        ("", "empty"),
        ("   ", "empty"),
        ("百千", "百 has no digit before it"),
        ("千万", "千 has no digit before it"),
        ("一百十", "十 has no digit before it"),
        ("三四", "two digits in a row"),
        ("五零", "零 after a digit"),
        ("一百零", "零 at the end"),
        ("点五", "点 has no number before it"),
        ("十点", "点 must be followed by digits"),
        ("一万一万", "万 in the wrong place"),
        ("3万千", "after a larger magnitude"),
        ("3亿万", "after a larger magnitude"),
        ("1,23", "ambiguous number"),
        ("1.2.3", "a second decimal point"),
        ("12亩", "unexpected '亩'"),
        ("abc", "not a Chinese numeral"),
        ("1" * 31, "more than 30 digits"),
    ],
)
def test_malformed_numbers_are_parse_errors(text: str, problem: str) -> None:
    with pytest.raises(ParseError, match=problem) as caught:
        parse_chinese_number(text)
    assert "cannot read a Chinese number" in caught.value.message


def test_long_and_non_text_input_is_refused() -> None:
    with pytest.raises(ParseError, match=f"the limit is {MAX_TEXT_LENGTH}"):
        parse_chinese_number("一" * (MAX_TEXT_LENGTH + 1))
    with pytest.raises(ParseError, match="expected text"):
        parse_chinese_number(3)  # type: ignore[arg-type]


# ---- find_chinese_quantities -------------------------------------------------------------


class F(NamedTuple):
    """One expected figure: the span as written and the measure it must read as."""

    span: str
    value: int | float | None
    unit: str = "dimensionless"
    qualifier: str = "exact"
    lower: int | float | None = None
    upper: int | float | None = None

    def measure(self) -> Measure:
        return Measure.from_parts(self.value, self.unit, self.qualifier, self.lower, self.upper)


def R(span: str, lower: int | float, upper: int | float, unit: str = "dimensionless") -> F:  # noqa: N802
    return F(span, None, unit, "range", lower, upper)


SENTENCES: list[tuple[str, list[F]]] = [
    ("2023年，全县种植刺梨超过12万亩，实现产值3.7亿元。",
     [F("超过12万亩", 120_000, "mu", "at_least"), F("3.7亿元", 370_000_000, "CNY")]),
    ("该公司每天生产LED灯丝300万只，年产值逾1亿元。",
     [F("300万只", 3_000_000, "1 / day"), F("逾1亿元", 100_000_000, "CNY", "at_least")]),
    ("全市共有规模以上工业企业1,200家，从业人员约3.5万人。",
     [F("1,200家", 1200), F("约3.5万人", 35_000, qualifier="about")]),
    # A count of time in a period phrase is the period's, not a figure (as "the past 30 years").
    ("近30年来，毕节市累计减少贫困人口200多万人。",
     [F("200多万人", 2_000_000, qualifier="at_least")]),
    ("历时近30年，毕节市累计减少贫困人口200多万人。",
     [F("近30年", 30, "year", "nearly"), F("200多万人", 2_000_000, qualifier="at_least")]),
    ("2019年3月，该村人均可支配收入达到1.2万元，比上年增长15.3%。",
     [F("1.2万元", 12_000, "CNY"), F("15.3%", 15.3, "percent")]),
    ("项目总投资1.4万亿元，计划于二〇二五年建成。", [F("1.4万亿元", 1_400_000_000_000, "CNY")]),
    ("每亩可产鲜果1200斤，土地流转费为每年800元/亩。",
     [F("1200斤", 1200, "jin"), F("800元/亩", 800, "CNY / mu")]),
    ("全县建成蔬菜基地二三十个，带动农户三四百户。",
     [R("二三十个", 20, 30), R("三四百户", 300, 400)]),
    ("该县森林覆盖率由2015年的45%提高到60.5%。",
     [F("45%", 45, "percent"), F("60.5%", 60.5, "percent")]),
    ("贵州省有88个县（市、区），其中少数民族自治县11个。", [F("88个", 88), F("11个", 11)]),
    ("这条高速公路全长约120公里，总投资不到100亿元。",
     [F("约120公里", 120, "kilometer", "about"), F("不到100亿元", 10**10, "CNY", "at_most")]),
    ("园区占地面积5.6平方公里，入驻企业超过300家。",
     [F("5.6平方公里", 5.6, "kilometer ** 2"), F("超过300家", 300, qualifier="at_least")]),
    ("茶园面积达到50万亩左右，年产茶叶3万吨。",
     [F("50万亩左右", 500_000, "mu", "about"), F("3万吨", 30_000, "metric_ton")]),
    ("合作社每年向村民分红20万元以上。", [F("20万元以上", 200_000, "CNY / year", "at_least")]),
    ("第一书记带领全村完成改造房屋两百余间。", [F("两百余间", 200, qualifier="at_least")]),
    ("第3批次共有500名学员参加培训，培训时间为3个月。",
     [F("500名", 500), F("3个月", 3, "month")]),
    ("十四五期间，全省计划新建农村公路1.5万公里。", [F("1.5万公里", 15_000, "kilometer")]),
    ("2016-2020年，全省GDP年均增长10%左右。", [F("10%左右", 10, "percent", "about")]),
    ("上午11:06，记者来到三河村。", []),
    ("今年1月23日，该县新增就业岗位3000余个。", [F("3000余个", 3000, qualifier="at_least")]),
    ("产品销量增长了3倍，利润增加2个百分点。", []),
    ("全村有农户286户、1,032人，其中脱贫户58户。",
     [F("286户", 286), F("1,032人", 1032), F("58户", 58)]),
    ("县城距离省会贵阳约200千米，车程不足3小时。",
     [F("约200千米", 200, "kilometer", "about"), F("不足3小时", 3, "hour", "at_most")]),
    ("一家企业和两家合作社签订了3年的收购协议。", [F("两家", 2), F("3年", 3, "year")]),
    ("该基地年出栏生猪5万头，实现销售收入逾5000万元。",
     [F("5万头", 50_000), F("逾5000万元", 50_000_000, "CNY", "at_least")]),
    ("全省旅游收入突破1万亿元，接待游客6.4亿人次。",
     [F("突破1万亿元", 10**12, "CNY", "at_least"), F("6.4亿人次", 640_000_000)]),
    ("光伏电站装机容量为300万千瓦。", [F("300万千瓦", 3_000_000, "kilowatt")]),
    ("该厂每分钟可生产胶囊6500粒。", [F("6500粒", 6500, "1 / minute")]),
    ("每吨售价在2000元至3000元之间。", [R("2000元至3000元", 2000, 3000, "CNY")]),
    ("目前全县人口85万，城镇化率达到45.2%。",
     [F("85万", 850_000), F("45.2%", 45.2, "percent")]),
    ("百分之八十的农户种植了核桃，面积达3000多亩。",
     [F("百分之八十", 80, "percent"), F("3000多亩", 3000, "mu", "at_least")]),
    ("距今已有2000多年的历史，超过1000年的古树有30株。",
     [F("2000多年", 2000, "year", "at_least"), F("超过1000年", 1000, "year", "at_least"),
      F("30株", 30)]),
    ("上世纪90年代，这里的人均年收入不足500元。", [F("不足500元", 500, "CNY", "at_most")]),
    ("G75兰海高速公路和5G基站建设加快推进，新建基站1.2万个。", [F("1.2万个", 12_000)]),
    ("他在外务工两年半，每月工资6000元左右。",
     [F("两年半", 2.5, "year"), F("6000元左右", 6000, "CNY / month", "about")]),
    ("全村约三分之二的家庭发展起了养殖业，户均养牛3头。", [F("3头", 3)]),
    ("投资3至5亿元建设产业园区。", [R("3至5亿元", 300_000_000, 500_000_000, "CNY")]),
    ("河池市核桃种植面积达300万亩（20万公顷）。",
     [F("300万亩", 3_000_000, "mu"), F("20万公顷", 200_000, "hectare")]),
    ("每年接待游客1200万人次，旅游综合收入超过100亿元。",
     [F("1200万人次", 12_000_000, "1 / year"), F("超过100亿元", 10**10, "CNY", "at_least")]),
    ("项目建成后可带动20万农户增收，户均增收3000元。",
     [F("20万", 200_000), F("3000元", 3000, "CNY")]),
    ("该村海拔1,800米，年平均气温14℃。", [F("1,800米", 1800, "meter")]),
    ("县里组织了十多场招聘会，提供岗位一万五千个。",
     [F("十多场", 10, qualifier="at_least"), F("一万五千个", 15_000)]),
    ("二〇一九年，这个乡的易地扶贫搬迁安置点建成住房1200套。", [F("1200套", 1200)]),
    ("农民合作社发展到3200家，带动近10万户群众。",
     [F("3200家", 3200), F("近10万户", 100_000, qualifier="nearly")]),
    ("２０２４年，全县粮食产量达到１２．５万吨。", [F("１２．５万吨", 125_000, "metric_ton")]),
    ("最近3年，全县累计完成投资50亿元。", [F("50亿元", 5 * 10**9, "CNY")]),
    ("项目提前3个月完工。", [F("3个月", 3, "month")]),  # three months early: a figure
    ("大约有200人参加了活动，其中妇女占四成。", [F("大约有200人", 200, qualifier="about")]),
    ("年均增长28.4%，高于全国平均水平3.2个百分点。", [F("28.4%", 28.4, "percent")]),
    ("一条长达2.5公里的生产线，每小时可生产300吨饲料。",
     [F("2.5公里", 2.5, "kilometer"), F("300吨", 300, "metric_ton / hour")]),
    ("该市辖3个区、5个县，总面积2.7万平方公里。",
     [F("3个", 3), F("5个", 5), F("2.7万平方公里", 27_000, "kilometer ** 2")]),
    ("鲜果收购价每斤3-5元，亩产3000斤上下。",
     [R("3-5元", 3, 5, "CNY"), F("3000斤上下", 3000, "jin", "about")]),
    ("这里1949年以来第一次通了公路，如今有200~300辆货车往来。",
     [R("200~300辆", 200, 300)]),
    ("全镇3万多人口中，60岁以上老人占12%。",
     [F("3万多人", 30_000, qualifier="at_least"), F("12%", 12, "percent")]),
    ("不少于500户的村有12个，每村最多1500户。",
     [F("不少于500户", 500, qualifier="at_least"), F("12个", 12),
      F("最多1500户", 1500, qualifier="at_most")]),
    ("全年外出务工收入3000万美元，折合人民币约2亿元。",
     [F("3000万美元", 30_000_000, "USD"), F("约2亿元", 200_000_000, "CNY", "about")]),
    # containers counted in TEU, as English "7.02 million TEUs" is a count
    ("钦州港完成集装箱吞吐量702万标箱，运输货物15.3万标准箱。",
     [F("702万标箱", 7_020_000), F("15.3万标准箱", 153_000)]),
]  # fmt: skip


def _read(text: str) -> list[tuple[str, Measure]]:
    return [(text[start:end], measure) for start, end, measure in find_chinese_quantities(text)]


@pytest.mark.parametrize(("text", "expected"), SENTENCES, ids=[text for text, _ in SENTENCES])
def test_figures_in_running_text(text: str, expected: list[F]) -> None:
    assert _read(text) == [(figure.span, figure.measure()) for figure in expected]


def test_the_sentences_cover_many_phrases() -> None:
    assert len(SENTENCES) >= 40
    assert sum(len(figures) for _, figures in SENTENCES) >= 70


@pytest.mark.parametrize(
    "text",
    [
        "2019年",  # a calendar year
        "二〇一九年",
        "2016-2020年",  # a span of years
        "2016年至2020年",
        "1月23日",  # dates
        "5月",
        "11:06",  # a time
        "第一",  # ordinals
        "第3名",
        "第十四届",
        "十四五规划",  # a plan name
        "增长3倍",  # multiples
        "提高2个百分点",  # percentage points
        "三分之二",  # a fraction
        "3000欧元",  # a currency the library does not have
        "降水量800毫米",  # a unit it does not have
        "60岁",
        "90年代",  # a decade
        "2023年度",
        "3年级",
        "一个",  # the article "a"
        "一家",
        "5G",  # codes and names
        "G20",
        "COVID-19",
        "0851-12345678",
        "共300",  # a number with no unit or magnitude
        "千万不要",  # words made of numerals
        "百姓",
        "万一",
        "十分重要",
        "四川",
        "今年前8个月",  # periods and relative times
        "过去10年",
        "这5年间",
        "3年前",
        "两年后",
        "几十年来",  # vague numbers
        "数十家企业",
        "十几个",
        "好几十万人",
    ],
)
def test_what_is_not_a_figure(text: str) -> None:
    assert _read(text) == []


def test_a_qualifier_makes_a_year_number_a_duration() -> None:
    assert _read("近2000年") == [("近2000年", Measure.from_parts(2000, "year", "nearly"))]
    assert _read("2000年") == []


def test_figures_next_to_each_other() -> None:
    # The comma of Chinese text ends a clause; it does not group digits.
    assert [span for span, _ in _read("分别为300亩，200亩、100亩")] == ["300亩", "200亩", "100亩"]
    assert [span for span, _ in _read("12，000人")] == []  # 000人 is no figure either


def test_rates() -> None:
    assert _read("300万只/天")[0][1].unit == "1 / day"
    assert _read("每天生产300万只")[0][1].unit == "1 / day"
    assert _read("每年增长10%")[0][1].unit == "percent / year"
    # A rate word reaches only within its clause.
    assert _read("每天开工，生产300万只")[0][1].unit == "dimensionless"
    # A duration is no rate of itself.
    assert _read("每年工作300天")[0][1].unit == "day"
    # A figure for each person is no rate: it ends before the slash.
    assert _read("补贴1.2万元/人") == [("1.2万元", Measure.from_parts(12_000, "CNY"))]


def test_ranges_that_are_not_ranges() -> None:
    # "2025-01" would run backwards: only the first number is left, and it has no unit.
    assert _read("2025-01-23") == []
    # Different units on the two ends: no range, each read on its own.
    assert [span for span, _ in _read("3万亩至5万公顷")] == ["3万亩", "5万公顷"]


def test_offsets_are_into_the_original_text() -> None:
    text = "（１）全县２０２４年完成１２．５万吨，约３００户。"
    found = list(find_chinese_quantities(text))
    assert [text[start:end] for start, end, _ in found] == ["１２．５万吨", "约３００户"]


def test_magnitudes_are_folded_in_exactly() -> None:
    [(_, measure)] = _read("3.7万元")
    assert measure.magnitude == 37_000
    assert isinstance(measure.magnitude, int)
    [(_, big)] = _read("1.4万亿元")
    assert big.magnitude == 1_400_000_000_000


def test_a_non_string_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="expected text"):
        find_chinese_quantities(b"300\xe4\xba\xa9")  # type: ignore[arg-type]


TOKENS = [
    *"0123456789,.%-~/:０１２％，。、 至到多余万亿千百十一二两三四五六七八九零〇点半",
    *"亩元吨人户家个年月日天每超过近约以上下左右不到第分之倍岁成",
    *("百分之", "个百分点", "二〇一九", "1,200", "3.7", "个多月", "十四五", "上下游", "平方公里"),
]


@given(st.lists(st.one_of(st.sampled_from(TOKENS), st.characters()), max_size=60).map("".join))
def test_scanning_never_raises_and_spans_are_in_order(text: str) -> None:
    previous_end = 0
    for start, end, measure in find_chinese_quantities(text):
        assert previous_end <= start < end <= len(text)
        assert isinstance(measure, Measure)
        previous_end = end


def test_a_long_article_is_scanned() -> None:
    sentence = "2023年，全县种植刺梨超过12万亩，带动农户3000余户，实现产值3.7亿元。"
    per_sentence = len(_read(sentence))
    assert per_sentence == 3
    copies = 200_000 // len(sentence) + 1
    text = sentence * copies
    assert len(text) >= 200_000
    spans = [text[start:end] for start, end, _ in find_chinese_quantities(text)]
    assert len(spans) == per_sentence * copies
    assert spans[-3:] == ["超过12万亩", "3000余户", "3.7亿元"]


def test_long_runs_of_numerals_and_digits_are_skipped() -> None:
    for text in ("1" * 100_000, "一" * 100_000, "1," * 50_000, "十" * 100_000 + "亩"):
        assert _read(text) == []


HANZI_UNITS = [
    (spelling, name)
    for name, spellings in UNITS.items()
    for spelling in spellings
    if spelling and not spelling.isascii()
]


@pytest.mark.parametrize(("spelling", "name"), HANZI_UNITS)
def test_every_hanzi_unit_word_is_read(spelling: str, name: str) -> None:
    assert _read(f"共37{spelling}。") == [(f"37{spelling}", Measure.from_parts(37, name))]
    assert Measure.from_parts(37, name).unit == canonical_unit(name)


@pytest.mark.parametrize("counter", ZH_COUNTERS)
def test_every_classifier_counts(counter: str) -> None:
    assert _read(f"共37{counter}。") == [(f"37{counter}", Measure.from_parts(37, "dimensionless"))]


def test_parse_quantity_reads_the_new_unit_words() -> None:
    assert parse_quantity("100万人民币") == Measure.from_parts(1_000_000, "CNY")
    assert parse_quantity("3个月").unit == "month"
    assert parse_quantity("5千米").unit == "kilometer"


# ---- chinese_place_mentions --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("贵州省毕节市威宁彝族回族苗族自治县", ["贵州省", "毕节市", "威宁彝族回族苗族自治县"]),
        ("在贵州省毕节市调研时说", ["贵州省", "毕节市"]),
        ("今年在贵州省黔西市新仁苗族乡化屋村", ["贵州省", "黔西市", "新仁苗族乡", "化屋村"]),
        ("四川省凉山彝族自治州昭觉县三河村", ["四川省", "凉山彝族自治州", "昭觉县", "三河村"]),
        ("广西壮族自治区河池市都安瑶族自治县", ["广西壮族自治区", "河池市", "都安瑶族自治县"]),
        ("安顺市镇宁布依族苗族自治县", ["安顺市", "镇宁布依族苗族自治县"]),
        ("清镇市红旗村", ["清镇市", "红旗村"]),
        ("重庆市万州区", ["重庆市", "万州区"]),
        ("从江县和来宾市、自贡市", ["从江县", "来宾市", "自贡市"]),
        ("贵阳市观山湖区和贵安新区", ["贵阳市", "观山湖区", "贵安新区"]),
        ("毕节市市委书记", ["毕节市"]),
        ("全县乡村振兴，我省城市发展，该市社区", []),
        ("云岩区黔灵镇街道办", ["云岩区", "黔灵镇"]),
        ("中华北路街道", ["中华北路街道"]),
    ],
)
def test_place_mentions(text: str, names: list[str]) -> None:
    found = list(chinese_place_mentions(text))
    assert [name for _, _, name in found] == names
    assert all(text[start:end] == name for start, end, name in found)


@pytest.fixture(scope="module")
def dataset() -> swchina_dev.Dataset:
    return swchina_dev.load()


def test_the_candidates_resolve_in_the_dataset(dataset: swchina_dev.Dataset) -> None:
    text = "记者来到贵州省毕节市威宁彝族回族苗族自治县，又去了黔西市新仁苗族乡化屋村。"
    codes = {name: dataset.lookup(name).code for _, _, name in chinese_place_mentions(text)}
    assert codes == {
        "贵州省": "520000",
        "毕节市": "520500",
        "威宁彝族回族苗族自治县": "520526",
        "黔西市": "520581",
        "新仁苗族乡": "520581202",
        "化屋村": "520581202-huawu",
    }


def test_known_names_settle_where_a_name_begins(dataset: swchina_dev.Dataset) -> None:
    def known(name: str) -> bool:
        return bool(dataset.lookup_all(name))

    def names(text: str) -> list[str]:
        return [name for _, _, name in chinese_place_mentions(text, known=known)]

    # Trimming alone would cut 自流井区 after its 自; the dataset knows better.
    assert names("自贡市自流井区") == ["自贡市", "自流井区"]
    assert [name for _, _, name in chinese_place_mentions("自贡市自流井区")][1] == "流井区"
    # Cut inside a name (西乡|塘区, 西盟|佤族自治县), the parts are joined again.
    assert names("广西南宁市西乡塘区") == ["南宁市", "西乡塘区"]
    assert names("云南省普洱市西盟佤族自治县") == ["云南省", "普洱市", "西盟佤族自治县"]
    # Unknown candidates are not yielded.
    assert names("城市社区和乡村地区") == []


@given(st.text(alphabet=st.sampled_from(list("省市州县区旗盟镇乡村街道自治在的和贵阳毕节东西南北a，")),
               max_size=80))  # fmt: skip
def test_place_mentions_never_raise_and_stay_short(text: str) -> None:
    previous_end = 0
    for start, end, name in chinese_place_mentions(text):
        assert previous_end <= start < end <= len(text)
        assert text[start:end] == name
        assert 2 <= len(name) <= MAX_NAME
        assert name[-1] in "省市州县区旗盟镇乡村道"
        previous_end = end
