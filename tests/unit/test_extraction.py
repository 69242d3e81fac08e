"""Reading whole articles into drafts: sentences, figures, subjects, `extract`, `write_drafts`."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import swchina_dev as sw
from swchina_dev.cli import main
from swchina_dev.extraction import find_figures, find_mentions, sentences, split_sentences
from swchina_dev.files import read_dataset, write_drafts

DATE = dt.date(2025, 1, 23)


@pytest.fixture(scope="module")
def dataset() -> sw.Dataset:
    return sw.load()


def _subjects(text: str) -> list[tuple[str, str | None]]:
    return [(d.phrase, d.subject.id or d.subject.name) for d in sw.extract(text, date=DATE)]


# -- sentences ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Guizhou Lianshang Technology Co., Ltd. grew. It now leads.",
            ["Guizhou Lianshang Technology Co., Ltd. grew.", "It now leads."],
        ),
        (
            "It sells to the U.K. and the U.S. market. Sales rose.",
            ["It sells to the U.K. and the U.S. market.", "Sales rose."],
        ),
        (
            "“We grew,” he said. The No. 1 plant opened.",
            ["“We grew,” he said.", "The No. 1 plant opened."],
        ),
        ("A headline\nA paragraph. Another one.", ["A headline", "A paragraph.", "Another one."]),
        ("毕节市发展很快。全县种植刺梨！", ["毕节市发展很快。", "全县种植刺梨！"]),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert [text[s.start : s.end] for s in split_sentences(text)] == expected


# -- figures and stated conversions ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "figure", "conversion"),
    [
        ("fruit trees on over 7,800 mu (520 hectares) of land", "over 7,800 mu", "520 hectare"),
        (
            "output value exceeding 100 million yuan ($13.67 million).",
            "exceeding 100 million yuan",
            "13,670,000 USD",
        ),
        (
            "the family earned over 20,000 yuan, or nearly 3,200 U.S. dollars, a year",
            "over 20,000 yuan",
            "nearly 3,200 USD",
        ),
        (
            "trade came to 3.7 trillion yuan, or over 510 billion U.S. dollars, in all.",
            "3.7 trillion yuan",
            "at least 510,000,000,000 USD",
        ),
    ],
)
def test_a_stated_conversion_is_linked_to_its_figure(
    text: str, figure: str, conversion: str
) -> None:
    (found,) = find_figures(text)
    assert found.text == figure
    assert str(found.conversion) == conversion
    assert found.conversion_span is not None


def test_two_figures_of_different_kinds_are_not_a_conversion() -> None:
    figures = find_figures("It planted 500 mu (with 30 people) and earned 3 million yuan, or more.")
    assert [f.conversion for f in figures] == [None, None, None]


@pytest.mark.parametrize(
    ("text", "rank"),
    [
        ("Weining is the most populous county in Guizhou.", "the most populous county"),
        ("Its silkworm industry has ranked first among cities in China.", "ranked first"),
        ("它的蚕桑产业位居全国第一。", "位居全国第一"),
        ("Its tea garden is the largest in China.", "the largest"),
        ("Its output is the highest in the world.", "the highest"),
    ],
)
def test_ranks_are_figures_of_one(text: str, rank: str) -> None:
    (found,) = find_figures(text)
    assert (found.text, found.rank, found.measure.magnitude) == (rank, True, 1)


def test_one_of_the_largest_is_not_a_rank() -> None:
    assert find_figures("It is one of the largest parks in the country.") == []


def test_only_a_rank_verb_says_first_is_a_rank() -> None:
    assert find_figures("Safety is first, and the team came first in the race.") == []
    (found,) = find_figures("Safety is first, and the county RANKS No. 1 in output.")
    assert (found.text, found.rank) == ("RANKS No. 1", True)


# -- names and subjects ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [("Xigazê City", "540200"), ("Xigaze City", "540200"), ("Lüchun County", "532531"),
     ("Lhünzhub County", "540121"), ("Gê'gyai County", "542525")],
)  # fmt: skip
def test_a_name_is_found_with_or_without_its_accents(name: str, code: str) -> None:
    (draft,) = sw.extract(f"In 2019, {name} planted 3,000 mu of tea.", date=DATE)
    assert draft.subject.id == code


def test_a_person_is_not_a_place(dataset: sw.Dataset) -> None:
    text = "Xi Jinping visited. Li told reporters that Liu Guanghui works there."
    names = [m.text for m in find_mentions(text, dataset) if m.kind == "name"]
    assert names == []


def test_a_containment_chain_resolves_the_innermost_place() -> None:
    text = (
        "Forests cover over 60 percent of Huawu village, Xinren Miao township of Qianxi, a "
        "city under Bijie."
    )
    (draft,) = sw.extract(text, date=DATE)
    assert draft.subject.id == "520581202-huawu"
    assert draft.subject.evidence == ("Huawu village", "Xinren Miao township", "Qianxi")


def test_a_reference_back_is_the_place_just_introduced() -> None:
    text = (
        "Chengmanyuan community in Qingshuipu town, Qixingguan district, Bijie grows fruit. "
        "In Taoying village of Nayong county, cherries grow on more than 4,800 mu. "
        "Each year the cherries of the village bring in close to 28 million yuan."
    )
    assert _subjects(text) == [
        ("more than 4,800 mu", "520525202-taoying"),
        ("close to 28 million yuan", "520525202-taoying"),
    ]


def test_the_region_is_an_autonomous_region_not_a_city() -> None:
    text = (
        "Tibet's economy grew fast. In Nyingchi, more than 1,200 families run homestays. "
        "The region has built 965 border villages since 2017."
    )
    assert _subjects(text) == [("more than 1,200", "540400"), ("965", "540000")]


def test_the_company_is_the_one_named_before_and_we_the_speakers() -> None:
    text = (
        "Guizhou Lianshang Technology Co., Ltd. has grown. The company makes 3 million "
        "LED filaments daily. “We hired over 1,000 local residents,” said Huang Leijin, a "
        "manager at Guizhou Changtong Group."
    )
    assert _subjects(text) == [
        ("3 million LED filaments daily", "guizhou-lianshang-technology"),
        # "we" in a quote is the speaker's organisation, named after the quote here: nothing
        # before it, so it stays with the company the text was about.
        ("over 1,000", "guizhou-lianshang-technology"),
    ]


def test_a_company_the_data_does_not_have_is_kept_by_name() -> None:
    text = "Guizhou Hongfu Tea Co., Ltd. sold 3,000 tonnes of tea last year."
    (draft,) = sw.extract(text, date=DATE)
    assert draft.subject.id is None
    assert draft.subject.name == "Guizhou Hongfu Tea Co., Ltd."
    assert draft.subject.confidence < 0.5


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # No Liangjiang in Chongqing: not one of the Liangjiang towns of Guangxi.
        ("Chongqing's Liangjiang New Area attracted 320 projects.", "Liangjiang New Area"),
        ("Liangjiang town in Chongqing attracted 320 projects.", "Liangjiang town"),
    ],
)
def test_a_name_none_of_whose_places_lies_in_its_container_is_kept_by_name(
    text: str, name: str
) -> None:
    (draft,) = sw.extract(text, date=DATE)
    assert (draft.subject.id, draft.subject.name) == (None, name)


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # Two Rong Counties (Sichuan's and Guangxi's), dozens of Chengxiang towns: with nothing
        # to say whose, the name is kept as written...
        ("Rong County planted 3,000 mu of tea in 2019.", (None, "Rong County")),
        ("Chengxiang Town planted 3,000 mu of tea in 2019.", (None, "Chengxiang Town")),
        ("三元镇去年种茶3000亩。", (None, "三元镇")),
        # ... and another place the article names says which.
        ("Sichuan's tea grew. Rong County planted 3,000 mu of tea in 2019.", ("510321", None)),
        ("In Guangxi, Rong County planted 3,000 mu of tea in 2019.", ("450921", None)),
        ("重庆市三元镇去年种茶3000亩。", ("500230103", None)),
        # One place over time is no doubt: Qianxi County became Qianxi City.
        ("Qianxi planted 3,000 mu of tea in 2019.", ("520522", None)),
    ],
)
def test_a_name_several_divisions_share_is_told_apart_by_the_article_or_kept(
    text: str, subject: tuple[str | None, str | None]
) -> None:
    draft = sw.extract(text, date=DATE)[-1]
    code, name = subject
    assert draft.subject.id == code
    if name is not None:
        assert draft.subject.name == name
        assert draft.subject.confidence < 0.5


def test_a_sentence_without_a_name_carries_the_subject_on() -> None:
    text = "Hechi has grown fast. It has built more than 40,000 sets of housing."
    assert _subjects(text) == [("more than 40,000", "451200")]


def test_the_western_region_is_a_grouping() -> None:
    text = "In 2023, China's western region traded goods worth 3.7 trillion yuan."
    assert _subjects(text) == [("3.7 trillion yuan", "western-china")]


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # a possessive names the outer place first
        ("Southwest China's Tibet Autonomous Region grew 9.5 percent.", "540000"),
        ("Guizhou's Bijie city planted 3,000 mu of tea.", "520500"),
        # a place that frames the sentence, and a place within it that the figure is about
        ("In neighboring Yunnan province, the city of Lijiang had 70 million visitors.", "530700"),
        ("In Guizhou, Bijie planted 3,000 mu of tea.", "520500"),
        # not within it: the frame stays the subject
        ("In Guizhou, unlike Yunnan, farmers planted 3,000 mu of tea.", "520000"),
        # no frame: the first name is the subject
        ("Guizhou, like Bijie, planted 3,000 mu of tea.", "520000"),
    ],
)
def test_the_subject_is_the_place_within_the_one_that_frames_it(text: str, subject: str) -> None:
    ((_, found),) = _subjects(text)
    assert found == subject


def test_the_city_of_a_name_is_that_name_not_a_reference(dataset: sw.Dataset) -> None:
    text = "Lhasa grew. Later, the city of Lijiang grew too."
    assert [(m.text, m.kind) for m in find_mentions(text, dataset)] == [
        ("Lhasa", "name"),
        ("Lijiang", "name"),
    ]


@pytest.mark.parametrize(
    "dateline",
    [
        "GUIYANG -- ",
        "GUIYANG — ",
        "CHENGDU, Nov. 4 (Xinhua) -- ",
        "By Li Wei in Guiyang | China Daily | Updated: 2023-08-16 10:12\n",
    ],
)
def test_a_dateline_or_byline_names_no_subject(dataset: sw.Dataset, dateline: str) -> None:
    text = dateline + "Xiuwen county harvested more than 60,000 tonnes of kiwifruit last year."
    assert _subjects(text) == [("more than 60,000 tonnes", "520123")]
    names = [m.text for m in find_mentions(text, dataset)]
    assert names == ["Xiuwen county"]
    # The same city in the text is a mention.
    assert [m.text for m in find_mentions("Guiyang -- and GUIYANG grew.", dataset)] == [
        "Guiyang",
        "GUIYANG",
    ]


def test_a_level_word_that_the_place_does_not_have_is_not_its_name(
    dataset: sw.Dataset,
) -> None:
    # A headline's "Guizhou county" is a county of Guizhou, not Guizhou Province.
    assert find_mentions("Guizhou county turns slopes into orchards", dataset) == []
    names = [
        (m.text, m.ids[0])
        for m in find_mentions("Chongqing city, Bijie city, Nayong county", dataset)
    ]
    assert names == [("Chongqing city", "500000"), ("Bijie city", "520500"),
                     ("Nayong county", "520525")]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "date", "subject"),
    [
        # After the county became a city (2021), its old name means the city...
        ("Qianxi county planted 3,000 mu of tea last year.", "2023-05-01", "520581"),
        ("黔西县去年种茶3000亩。", "2023-05-01", "520581"),
        # ... but not for a figure of the county's own years, however late the article.
        ("In 2019, Qianxi county planted 3,000 mu of tea.", "2023-05-01", "520522"),
        ("Qianxi county planted 3,000 mu of tea last year.", "2019-05-01", "520522"),
        # The new name given to a time before the change is the county of that time.
        ("黔西市去年种茶3000亩。", "2019-05-01", "520522"),
        ("黔西市去年种茶3000亩。", "2023-05-01", "520581"),
        # A period that spans the change keeps the division the text names.
        ("Qianxi county planted 3,000 mu of tea from 2019 to 2022.", "2023-05-01", "520522"),
        # A code in use throughout, a village (no code history) are left as they are.
        ("Nayong county planted 3,000 mu of tea in 1995.", "2023-05-01", "520525"),
        ("Huawu village of Qianxi planted 300 mu of tea in 2019.", "2023-05-01", "520581202-huawu"),
        # A township (the code history has counties and the levels above).
        (
            "Liangjiang town of Wuming district harvested 3,000 tonnes of rice.",
            "2024-08-01",
            "450110109",
        ),
    ],
)
def test_a_division_is_the_one_in_use_in_the_figures_period(
    text: str, date: str, subject: str
) -> None:
    (draft,) = sw.extract(text, date=date)
    assert draft.subject.id == subject
    assert draft.subject.name == sw.load().get(subject).name


@settings(max_examples=80, deadline=None)
@given(
    region=st.sampled_from(sorted(sw.load().regions, key=lambda region: region.code)),
    year=st.integers(1980, 2030),
)
def test_a_figure_of_any_division_is_read_in_any_year(region: sw.Region, year: int) -> None:
    text = f"{region.name} planted 3,000 mu of tea in {year}."
    (draft,) = sw.extract(text, date="2025-01-23")
    assert draft.subject.id is None or draft.subject.id in sw.load().regions


# -- extract -----------------------------------------------------------------------------------


def test_extract_gives_every_draft_a_span_sentence_and_source() -> None:
    source = sw.Source(
        id="my-article", publisher="Example Daily", title="Cherries", date=DATE, kind="news_article"
    )
    text = "In Taoying village of Nayong county, cherries grow on more than 4,800 mu."
    (draft,) = sw.extract(text, date="2025-01-23", source=source)
    assert text[draft.span[0] : draft.span[1]] == draft.phrase == "more than 4,800 mu"
    assert draft.sentence == text
    assert draft.source is source
    assert draft.id == "my-article-001"
    assert set(draft.confidence) == {"measure", "subject", "period", "status", "metric"}
    assert all(0 <= value <= 1 for value in draft.confidence.values())
    assert len(draft.note) <= len(draft.phrase) + 20
    assert draft.phrase in draft.note


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ((b"text",), "reads text"),
        (("text",), "date"),
    ],
)
def test_extract_refuses_bad_arguments(arguments: tuple[object, ...], message: str) -> None:
    kwargs = {"date": "the 5th"} if message == "date" else {"date": DATE}
    with pytest.raises(sw.ValidationError, match=message):
        sw.extract(*arguments, **kwargs)  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_extract_never_raises_on_any_text(text: str) -> None:
    for draft in sw.extract(text, date=DATE):
        assert text[draft.span[0] : draft.span[1]] == draft.phrase


# -- review and load ---------------------------------------------------------------------------


def _complete_drafts() -> tuple[sw.extraction.Draft, ...]:
    text = "Hechi has grown. More than 170,000 people were relocated. It has 2 million pigs."
    return sw.extract(text, date="2022-10-12")


@pytest.mark.parametrize("format", ["csv", "json"])
def test_drafts_write_for_review_and_load_with_read_dataset(tmp_path: Path, format: str) -> None:
    drafts = _complete_drafts()
    folder = write_drafts(drafts, tmp_path / "drafts", format=format)
    review = (folder / f"review.{format}").read_text(encoding="utf-8")
    assert all(draft.phrase in review for draft in drafts)
    mine = read_dataset(folder, base=sw.load())
    complete = [draft for draft in drafts if draft.is_complete(sw.load())]
    assert len(mine.indicators) - len(sw.load().indicators) == len(
        [d for d in complete if _loadable(d)]
    )
    for draft in complete:
        if _loadable(draft):
            assert mine.indicators[draft.id].measure == draft.measure


def _loadable(draft: sw.extraction.Draft) -> bool:
    try:
        draft.to_indicator(sw.load())
    except sw.ValidationError:
        return False
    return True


def test_write_drafts_refuses_what_is_not_a_draft(tmp_path: Path) -> None:
    with pytest.raises(sw.ValidationError, match="not str"):
        write_drafts(["x"], tmp_path)  # type: ignore[list-item]
    with pytest.raises(sw.ValidationError, match="format"):
        write_drafts([], tmp_path, format="xlsx")


def test_the_extract_command_prints_a_summary_and_writes_the_drafts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "hechi.txt"
    article.write_text("Hechi has more than 170,000 people relocated.\n", encoding="utf-8")
    status = main(
        ["extract", str(article), "--date", "2022-10-12", "--publisher", "Hechi Daily",
         "-o", str(tmp_path / "out")]
    )  # fmt: skip
    out, err = capsys.readouterr()
    assert status == 0
    assert "more than 170,000" in out
    assert "451200" in out
    assert "wrote 1 drafts" in err
    assert (tmp_path / "out" / "review.csv").exists()
    status = main(["extract", str(article), "--date", "2022-10-12", "--format", "json"])
    rows = json.loads(capsys.readouterr().out)
    assert status == 0
    assert rows[0]["phrase"] == "more than 170,000 people"
    assert rows[0]["subject_id"] == "451200"


def test_the_extract_command_explains_a_bad_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Nothing.", encoding="utf-8")
    assert main(["extract", str(article), "--date", "May 2019"]) == 1
    assert "--date takes YYYY-MM-DD" in capsys.readouterr().err


# -- Chinese -----------------------------------------------------------------------------------


def test_a_chinese_article_reads_figures_subjects_and_periods() -> None:
    text = (
        "2024年，贵州省毕节市威宁彝族回族苗族自治县种植马铃薯超过100万亩，实现产值约3.7亿元。"
        "去年，该县农民人均收入达到1.2万元左右。到2025年，全县计划新增就业岗位3000多个。"
    )
    drafts = sw.extract(text, date="2025-03-01")
    assert [(d.phrase, str(d.measure)) for d in drafts] == [
        ("超过100万亩", "at least 1,000,000 mu"),
        ("约3.7亿元", "about 370,000,000 CNY"),
        ("1.2万元左右", "about 12,000 CNY"),
        ("3000多个", "at least 3,000"),
    ]
    # 贵州省毕节市威宁...自治县 is a chain, outermost first: the county is the subject, and
    # 该县 / 全县 ("the county") refer back to it.
    assert {d.subject.id for d in drafts} == {"520526"}
    assert drafts[0].subject.evidence == ("威宁彝族回族苗族自治县", "毕节市", "贵州省")
    assert [str(d.period.period) for d in drafts] == ["2024", "2024", "2024", "2025"]
    assert drafts[-1].period.status is sw.Status.TARGET


@pytest.mark.parametrize(
    ("text", "figure"),
    [("同比增长35.2%。", "35.2%"), ("占比达到40％", "40％"), ("增长了12.5%，", "12.5%")],
)
def test_a_percentage_glued_to_hanzi_is_a_figure(text: str, figure: str) -> None:
    (found,) = find_figures(text)
    assert found.text == figure
    assert found.measure.unit == "percent"


def test_a_time_after_a_figure_is_not_its_rate() -> None:
    found = find_figures("Income rose 9.8 percent from a year earlier, or 500 tonnes a year.")
    assert [(f.text, str(f.measure)) for f in found] == [
        ("9.8 percent", "9.8 percent"),
        ("500 tonnes a year", "500 metric_ton / year"),
    ]


def test_a_change_to_a_level_of_another_unit_is_two_figures() -> None:
    text = "Sales rose 12 percent year on year to 3 billion yuan in 2023."
    drafts = sw.extract(text, date=DATE)
    assert [(d.phrase, str(d.measure), d.metric.metric) for d in drafts] == [
        ("12 percent", "12 percent", "change_over_period"),
        ("3 billion yuan", "3,000,000,000 CNY", "revenue"),  # "Sales" is the level's too
    ]
    # A range of one unit stays a range, and parse_quantity still refuses the mixed one.
    assert [f.text for f in find_figures("It made 200 to 400 tonnes.")] == ["200 to 400 tonnes"]
    with pytest.raises(sw.ParseError, match="different units"):
        sw.parse_quantity("12 percent to 3 tonnes")


def test_the_level_a_change_starts_from_is_no_change() -> None:
    text = "Forest coverage rose to 62.12 percent in 2020, up from 52 percent in 2015."
    drafts = sw.extract(text, date=DATE)
    assert [(d.phrase, d.metric.metric, str(d.period.period)) for d in drafts] == [
        ("62.12 percent", "share", "2020"),
        ("52 percent", "share", "2015"),
    ]


def test_an_age_after_a_name_is_not_a_figure() -> None:
    text = "Zhang Hong, 42, moved to Bijie, where 42 villages grew tea."
    assert [f.text for f in find_figures(text)] == ["42"]
    assert find_figures(text)[0].start == text.index("42 villages")


def test_the_framed_place_carries_to_the_next_sentence() -> None:
    text = (
        "In Qiandongnan prefecture, the Tianzhu county government set up 23 factories. "
        "They employ some 3,000 residents."
    )
    assert _subjects(text) == [("23", "522627"), ("some 3,000", "522627")]


def test_a_year_written_in_hanzi_is_not_a_figure() -> None:
    assert sw.extract("2019年1月，全市新增企业。", date="2020-01-01") == ()


@pytest.mark.parametrize(
    ("name", "code"),
    [("三元镇", "500230103"), ("三台县", "510722"), ("十万山瑶族乡", "450603209"),
     ("七家湾街道", "520527005")],
)  # fmt: skip
def test_a_number_inside_a_name_the_data_knows_is_part_of_the_name(name: str, code: str) -> None:
    # 三元 would be "3 yuan", 三台 "three units": both are the start of a place's name.
    drafts = sw.extract(f"{name}去年种茶3000亩。", date=DATE)
    assert [draft.phrase for draft in drafts] == ["3000亩"]
    assert code in {region.code for region in sw.load().lookup_all(name)}


def test_a_count_before_a_level_word_outside_any_name_is_a_figure() -> None:
    assert [d.phrase for d in sw.extract("五个县去年种茶3000亩。", date=DATE)] == ["五个", "3000亩"]


# The ends of English sentences as one pattern finds them (`sentences` searches the runs that
# begin with a full stop apart from the others).
ENGLISH_END = re.compile(r"[.!?]+[\"'”’)\]]*(?= +[\"'“‘(\[]*[A-Z0-9\u4e00-\u9fff])")
END_PIECES = [
    ".", "!", "?", "。", " ", "  ", '"', "'", "”", "’", ")", "]", "“", "(", "[", "A", "a", "9",
    "中", "Co", "U", "S", "\t",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(pieces=st.lists(st.sampled_from(END_PIECES), max_size=24))
def test_sentence_ends_are_what_one_pattern_finds(pieces: list[str]) -> None:
    line = "".join(pieces)
    found = sorted(
        [*sentences._FULL_STOP_END.finditer(line), *sentences._MARK_END.finditer(line)],
        key=lambda match: match.start(),
    )
    assert [m.span() for m in found] == [m.span() for m in ENGLISH_END.finditer(line)]
