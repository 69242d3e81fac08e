"""The words that tell what a figure of running text measures: the tables metric guesses read.

Data only: [metric_guesses][swchina_dev.extraction.metric_guesses] compiles these tables, with
the names and labels of a dataset's own metrics and items, into its cue index. Every table is
general news vocabulary (English and Chinese), keyed by the metric keys of the bundled
vocabulary; an entry whose metric a dataset does not have is ignored.

English cues are bags of words: every word must occur, in any order, within a few words of
the others ("per capita income" also reads "income per capita"); words are compared by their
stems (`WORD_FORMS` first, then plural and verb endings), so "grew" is "grow" and "cherries"
is "cherry". Chinese cues are substrings. A cue starting with `<` counts only before the
figure, `>` only after it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

__all__ = [
    "ANNUAL_AVERAGE",
    "BREAKDOWN_WORDS",
    "CHANGE_WORDS",
    "COUNT_HEADS",
    "CROP_HEADS",
    "DEFAULTS",
    "FIRST_PERSON",
    "HOUSEHOLD_WORDS",
    "ITEM_ALIASES",
    "KIND_METRICS",
    "METRIC_CUES",
    "PERSON_ROLES",
    "RESIDENCE_NOUNS",
    "SPEECH_VERBS",
    "STOPWORDS",
    "WORD_FORMS",
]

#: Irregular forms and near-synonyms folded to one word before stemming.
WORD_FORMS: Final[Mapping[str, str]] = {
    "grew": "grow", "grown": "grow", "rose": "rise", "risen": "rise", "fell": "fall",
    "fallen": "fall", "left": "leave", "built": "build", "sold": "sell", "paid": "pay",
    "earned": "earn", "cows": "cattle", "cow": "cattle", "oxen": "cattle", "ox": "cattle",
    "housing": "home", "house": "home", "houses": "home", "homes": "home",
    "coverage": "cover", "industrial": "industry", "populous": "population",
    "firms": "company", "firm": "company", "enterprises": "enterprise",
    "visitors": "tourist", "visitor": "tourist", "tourists": "tourist", "annual": "yearly",
    "employees": "worker", "employee": "worker", "staff": "worker",
}  # fmt: skip

#: Words left out of the bags built from metric and item names.
STOPWORDS: Final = frozenset(
    {
        "the", "a", "an", "of", "in", "and", "or", "to", "for", "by", "on", "at", "with",
        "from", "per", "its", "their", "his", "her", "as", "over",
    }
)  # fmt: skip

# Metric key -> (cue, weight) pairs, beyond the words of the metric's own name and label.
METRIC_CUES: Final[Mapping[str, tuple[tuple[str, float], ...]]] = {
    "area": (("area", 1.5), ("cover area", 2.5), ("<cover", 0.8), ("面积", 1.5), ("占地", 2.0)),
    "planted_area": (
        ("plant", 2.0), ("grow", 2.0), ("cultivate", 1.5), ("orchard", 2.0),
        ("plantation", 2.0), ("garden", 1.5), ("sown", 1.5), ("种植", 2.5), ("栽培", 2.0),
        ("种", 1.0), ("果园", 2.0), ("茶园", 2.5),
    ),
    "water_area": (("水域面积", 3.0), ("水面", 1.5)),
    "output_value": (
        ("output", 1.5), ("output value", 2.5), ("production value", 2.5),
        ("value production", 2.0), ("worth", 1.5), ("产值", 2.5),
    ),
    "revenue": (
        ("revenue", 2.0), ("sales", 1.5), ("earn", 0.8), ("turnover", 1.5), ("营收", 2.5),
        ("营业收入", 3.0), ("销售收入", 3.0), ("销售额", 2.5), ("收入", 0.6),
    ),
    "investment": (("invest", 2.0), ("investment", 2.5), ("投资", 2.5), ("投入", 1.5)),
    "income_per_capita": (
        ("per capita income", 3.0), ("average income", 2.0), ("income", 1.0),
        ("disposable income", 2.5), ("earn", 1.0), ("人均收入", 3.5), ("人均可支配收入", 4.0),
        ("收入", 1.0),
    ),
    "household_income": (
        ("income", 0.9), ("earn", 0.9), ("family income", 2.5), ("收入", 0.9),
    ),
    "income_per_capita_increase": (("人均增收", 3.5),),
    "gdp": (("gdp", 2.5), ("economic output", 2.0), ("生产总值", 3.0), ("GDP", 2.5)),
    "trade_value": (
        ("import export", 2.5), ("foreign trade", 2.5), ("trade", 1.0), ("export", 1.5),
        ("import", 1.5), ("进出口", 3.0), ("外贸", 2.5), ("贸易额", 2.5), ("出口", 2.0),
        ("进口", 2.0),
    ),
    "tourism_revenue": (
        ("tourism revenue", 3.0), ("tourism income", 3.0), ("旅游收入", 3.5), ("旅游总收入", 4.0),
        ("旅游综合收入", 4.0),
    ),
    "cost": (("cost", 2.0), ("price", 1.5), ("pay", 1.5), ("费用", 2.0), ("成本", 2.0)),
    "wage": (("wage", 2.5), ("salary", 2.5), ("earn", 1.5), ("工资", 2.5), ("月薪", 3.0)),
    "share": (
        ("account", 1.5), ("make up", 2.5), ("share", 2.0), ("proportion", 2.0), ("rate", 1.0),
        (">of", 0.8), (">total", 1.0), ("cover rate", 2.0), ("占", 1.5), ("比重", 2.5),
        ("覆盖率", 2.5), ("比例", 2.0),
    ),
    "cost_share_of_income": ((">of income", 2.0),),
    "change_over_period": (
        ("compare", 1.0), ("year on year", 2.0), ("同比", 2.0), ("比上年", 2.0),
    ),
    "population": (
        ("population", 2.5), ("home to", 2.0), ("inhabitant", 2.0), ("resident", 0.8),
        ("人口", 2.5), ("常住人口", 3.0),
    ),
    "registered_population": (("registered population", 3.0), ("户籍人口", 3.5)),
    "people_relocated": (
        ("relocate", 2.0), ("relocation", 2.0), ("resettle", 2.0), ("resettlement", 2.0),
        ("move out", 2.0), ("move into", 2.0), ("move new", 1.5), ("leave village", 2.0),
        ("leave mountain", 2.0),
        ("搬迁", 3.0), ("移民", 2.0),
    ),
    "people_lifted_from_poverty": (
        ("lift poverty", 2.5), ("out of poverty", 2.5), ("poor", 2.0), ("impoverished", 2.0),
        ("shake off poverty", 2.5), ("脱贫", 3.0), ("贫困人口", 3.0), ("贫困", 1.5),
    ),
    "households": (("户", 1.0),),
    "jobs": (
        ("job", 2.5), ("recruit", 2.0), ("hire", 2.0), ("employ", 2.0), ("employment", 2.0),
        ("worker", 1.5), ("就业", 3.0), ("岗位", 2.5), ("招聘", 2.5), ("用工", 2.0),
    ),
    "enterprise_count": (("企业", 2.5), ("公司", 2.0), ("合作社", 2.5)),
    "number": (("数量", 2.0),),
    "livestock": (("出栏", 3.0), ("存栏", 3.0), ("head", 1.0), ("raise", 1.0), ("养殖", 1.5)),
    "production": (
        ("produce", 2.0), ("output", 1.5), ("harvest", 1.5), ("process", 1.5), ("yield", 1.5),
        ("turn out", 1.5),
        ("产量", 3.0), ("生产", 1.5),
    ),
    "production_rate": (
        ("produce", 2.0), ("output", 1.5), ("process", 1.5), ("make", 1.0), ("日产", 3.0),
        ("产能", 2.5),
    ),
    "tourist_visits": (
        ("tourist", 2.5), ("visit", 1.5), ("person time", 2.5), ("游客", 3.0), ("人次", 3.0),
    ),
    "length": (
        ("long", 1.5), ("road", 1.0), ("railway", 1.5), ("highway", 1.5), ("expressway", 1.5),
        ("line", 0.8), ("route", 1.0), ("全长", 3.0), ("里程", 3.0), ("公路", 1.5),
        ("铁路", 1.5),
    ),
    "altitude": (("elevation", 2.5), ("above sea level", 3.0), ("high", 1.0), ("海拔", 3.0)),
    "distance": (
        (">away", 2.5), ("distance", 2.5), ("from", 0.5), ("距离", 3.0), ("相距", 3.0),
        ("距", 2.0),
    ),
    "duration": (("for", 0.8), ("took", 1.5), ("last", 1.0), ("decade", 1.0), ("历时", 3.0)),
    "mean_years_of_schooling": (
        ("years of schooling", 2.5), ("education", 1.5), ("受教育年限", 4.0),
    ),
    "floor_area_per_capita": (("floor area", 3.0), ("living space", 3.0), ("住房面积", 3.5)),
    "average_household_size": (("household size", 3.0), ("户规模", 3.5)),
    "sex_ratio": (("性别比", 4.0),),
    "birth_rate": (("出生率", 4.0),),
    "death_rate": (("死亡率", 4.0),),
}  # fmt: skip

#: Words of change with their sign: they choose `change_over_period` for percentages and the
#: "change in ..." metrics (number_change, output_value_change) beside a figure.
CHANGE_WORDS: Final[Mapping[str, int]] = {
    **dict.fromkeys(
        ("increase", "up", "up by", "rise", "grow", "growth", "gain", "jump", "climb",
         "expand", "surge", "boost", "raise", "more than the", "went up", "增长", "增加", "提高",
         "提升", "上升", "增收", "扩大"),
        1,
    ),
    **dict.fromkeys(
        ("decrease", "down", "down by", "fall", "drop", "decline", "shorten", "reduce", "reduction",
         "cut", "lower", "shrink", "less than the", "下降", "减少", "缩短", "降低", "减", "下滑"),
        -1,
    ),
}  # fmt: skip

#: "x percent a year on average": the average yearly growth, a rate per year.
ANNUAL_AVERAGE: Final = (
    "annual average", "average annual", "average yearly", "a year on average", "yearly average",
    "年均", "年平均",
)  # fmt: skip

#: The noun a count is of -> the metric that counts it (what is counted decides: households,
#: companies, jobs, visits). People alone say nothing: they are relocated, lifted, employed.
COUNT_HEADS: Final[Mapping[str, tuple[str, float]]] = {
    **dict.fromkeys(("household", "family", "户"), ("households", 4.0)),
    **dict.fromkeys(
        ("company", "enterprise", "business", "cooperative", "企业", "公司", "合作社", "家"),
        ("enterprise_count", 4.0),
    ),
    **dict.fromkeys(("job", "worker", "position", "岗位"), ("jobs", 4.0)),
    **dict.fromkeys(("tourist", "visit", "trip", "人次"), ("tourist_visits", 4.0)),
}  # fmt: skip

#: The metric an item of a kind suggests for a figure of the dimension the metric accepts.
KIND_METRICS: Final[Mapping[str, tuple[tuple[str, float], ...]]] = {
    "crop": (("planted_area", 2.5), ("production", 1.0)),
    "livestock": (("livestock", 3.5),),
    "product": (("production", 1.0), ("production_rate", 1.0)),
}

#: Head nouns a crop's name may carry or drop ("fruit trees" is also "fruit").
CROP_HEADS: Final = frozenset({"tree", "orchard", "plantation", "field", "garden"})

#: Extra names of items, by the item's name: general terms for the same thing.
ITEM_ALIASES: Final[Mapping[str, tuple[str, ...]]] = {
    "foreign trade": ("import and export", "进出口", "外贸"),
    "pigs": ("hogs", "swine", "猪"),
    "cattle": ("牛",),
    "population": ("人口",),
    "the digital economy": ("数字经济",),
}

#: The metric a figure takes when no cue is found, by the dimension it has (first known wins).
DEFAULTS: Final[Mapping[str, tuple[str, ...]]] = {
    "area": ("area",),
    "currency": (),  # output, revenue, investment, income, cost: none without a word
    "mass": ("production",),
    "length": ("length",),
    "time": ("duration",),
    "rate": ("production_rate",),
    "relative": ("share",),
    "count": (),  # a count of what the text does not say
}

#: Words that make a figure one household's: "each household", "the family's", 户均.
HOUSEHOLD_WORDS: Final = (
    "each household", "every household", "per household", "one household", "a household",
    "the household", "the family", "this family", "a family", "one family", "each family",
    "per family", "his family", "her family", "their family", "my family", "our family",
    "户均", "每户", "一户", "每个家庭", "这户", "全家",
)  # fmt: skip

#: First person singular: a figure a speaker gives of themselves ("I earn ...").
FIRST_PERSON: Final = frozenset({"i", "i'm", "i’m", "i've", "i’ve", "my", "me", "mine"})

#: Singular nouns for a private person (not an official, who speaks for a body).
PERSON_ROLES: Final = frozenset(
    {
        "resident", "villager", "farmer", "ranger", "herder", "grower", "fisherman", "owner",
        "entrepreneur", "mother", "mom", "father", "dad", "housewife", "widow", "craftsman",
        "beekeeper", "breeder", "shepherd", "planter", "driver", "student", "retiree",
    }
)  # fmt: skip

#: Verbs of speech: a role noun beside them names a speaker, not the figure's subject.
SPEECH_VERBS: Final = frozenset({"said", "says", "told", "added", "noted", "according"})

#: The nouns after "rural" or "urban" that make a figure a part of the population or economy
#: ("rural residents", "urban per capita income"), not a place ("rural areas").
RESIDENCE_NOUNS: Final = frozenset(
    {
        "resident", "residents", "population", "people", "household", "households", "income",
        "per", "dweller", "dwellers", "poor", "worker", "workers", "labor", "labour",
        "labourers", "laborers", "villagers", "inhabitants", "families",
    }
)  # fmt: skip

#: Breakdown values said by one word (or hanzi): the word -> `dimension=value`.
BREAKDOWN_WORDS: Final[Mapping[str, str]] = {
    **dict.fromkeys(("female", "women", "woman", "girls", "女性", "妇女"), "sex=female"),
    **dict.fromkeys(("male", "men", "boys", "男性"), "sex=male"),
    **dict.fromkeys(
        ("农村居民", "农村人口", "乡村人口", "农村常住居民", "农民人均"), "residence=rural"
    ),
    **dict.fromkeys(("城镇居民", "城镇人口", "城市居民", "城镇常住居民"), "residence=urban"),
    **dict.fromkeys(("primary industry", "第一产业"), "sector=primary"),
    **dict.fromkeys(("secondary industry", "第二产业"), "sector=secondary"),
    **dict.fromkeys(
        ("tertiary industry", "service sector", "services sector", "service industry",
         "第三产业", "服务业"),
        "sector=tertiary",
    ),
    **dict.fromkeys(("ethnic minority", "ethnic minorities", "少数民族"), "ethnicity=minority"),
}  # fmt: skip
