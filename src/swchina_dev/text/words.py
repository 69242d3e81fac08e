"""The words quantity phrases are made of, as `swchina_dev.text.quantities` reads and writes them.

Qualifiers (`over`, `nearly`), magnitudes (`million`, `万`), number words (`one` to
`ninety-nine`), currency signs, units in words and symbols, and rate words (`annually`).
The tables are data only: [swchina_dev.text.quantities][swchina_dev.text.quantities] compiles them
into its patterns. The `ZH_` tables are the words of Chinese figures (numerals, qualifiers before
and after the number, classifiers, rate words) that
[swchina_dev.text.chinese][swchina_dev.text.chinese] reads; Chinese unit words are in `UNITS`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from swchina_dev.models.measures import Qualifier

__all__ = [
    "MAGNITUDES",
    "ONES",
    "PREFIXES",
    "QUALIFIERS",
    "RATE_WORDS",
    "SYMBOLS",
    "TENS",
    "UNITS",
    "WRITTEN_QUALIFIERS",
    "ZH_AFTER",
    "ZH_BEFORE",
    "ZH_COUNTERS",
    "ZH_DIGITS",
    "ZH_MORE",
    "ZH_POWERS",
    "ZH_RANGE_MARKS",
    "ZH_RATE_WORDS",
    "ZH_UNREAD",
]

QUALIFIERS: Final[Mapping[str, Qualifier]] = {
    **dict.fromkeys(
        ("over", "more than", "exceeding", "exceeds", "exceeded", "at least", "above",
         "no less than", "not less than", "no fewer than", "upwards of"),
        Qualifier.AT_LEAST,
    ),
    **dict.fromkeys(
        ("nearly", "almost", "approaches", "approaching", "approached", "close to",
         "just under", "nearing"),
        Qualifier.NEARLY,
    ),
    **dict.fromkeys(
        ("about", "around", "some", "roughly", "approximately", "circa"), Qualifier.ABOUT
    ),
    **dict.fromkeys(
        ("up to", "less than", "under", "below", "fewer than", "no more than", "not more than",
         "at most"),
        Qualifier.AT_MOST,
    ),
}  # fmt: skip

MAGNITUDES: Final[Mapping[str, int]] = {
    "hundred": 10**2,
    "thousand": 10**3,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
    "wan": 10**4,
    "万": 10**4,
    "yi": 10**8,
    "亿": 10**8,
}

ONES: Final = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
]  # fmt: skip
TENS: Final = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]

# Prefix currency signs, case-sensitive ("$13.67 million", "RMB 100 million").
PREFIXES: Final[Mapping[str, str]] = {
    "US$": "USD",
    "$": "USD",
    "¥": "CNY",
    "RMB": "CNY",
    "CNY": "CNY",
    "USD": "USD",
}

# Units: registry name -> (plural or preferred spelling, singular, other spellings).
# Spellings are matched case-insensitively; SYMBOLS below are case-sensitive ("m", not "M").
UNITS: Final[Mapping[str, tuple[str, ...]]] = {
    "mu": ("mu", "mu", "亩"),
    "qing": ("qing", "qing", "顷"),
    "hectare": ("hectares", "hectare", "公顷"),
    "kilometer ** 2": ("square kilometers", "square kilometer", "square kilometres",
                       "square kilometre", "sq km", "平方公里", "平方千米"),
    "meter ** 2": ("square meters", "square meter", "square metres", "square metre", "sq m",
                   "平方米"),
    "meter ** 3": ("cubic meters", "cubic meter", "cubic metres", "cubic metre", "立方米"),
    "kilometer": ("kilometers", "kilometer", "kilometres", "kilometre", "公里", "千米"),
    "meter": ("meters", "meter", "metres", "metre", "米"),
    "li": ("li", "li"),
    "zhang": ("zhang", "zhang"),
    "chi": ("chi", "chi"),
    "cun": ("cun", "cun"),
    "metric_ton": ("tonnes", "tonne", "tons", "ton", "metric tons", "metric ton", "吨"),
    "kilogram": ("kilograms", "kilogram", "公斤", "千克"),
    "gram": ("grams", "gram", "克"),
    "jin": ("jin", "jin", "斤"),
    "liang": ("liang", "liang"),
    "dan": ("dan", "dan"),
    "kilowatt": ("kilowatts", "kilowatt", "千瓦"),
    "megawatt": ("megawatts", "megawatt", "兆瓦"),
    "kilowatt_hour": ("kilowatt hours", "kilowatt hour", "千瓦时"),
    "year": ("years", "year", "年", "consecutive years", "straight years", "successive years"),
    "month": ("months", "month", "个月", "consecutive months", "straight months"),
    "week": ("weeks", "week", "consecutive weeks"),
    "day": ("days", "day", "天", "consecutive days", "straight days"),
    "hour": ("hours", "hour", "小时"),
    "minute": ("minutes", "minute", "分钟"),
    "percent": ("percent", "percent", "per cent"),
    "CNY": ("yuan", "yuan", "renminbi", "rmb", "cny", "元", "人民币", "元人民币"),
    "USD": ("US dollars", "US dollar", "U.S. dollars", "U.S. dollar", "dollars", "dollar",
            "usd", "美元", "美金"),
    "dimensionless": ("", "", "people", "persons", "person", "households", "household", "人",
                      "户"),
}  # fmt: skip
SYMBOLS: Final[Mapping[str, str]] = {
    "ha": "hectare",
    "km²": "kilometer ** 2",
    "km2": "kilometer ** 2",
    "m²": "meter ** 2",
    "m2": "meter ** 2",
    "m³": "meter ** 3",
    "m3": "meter ** 3",
    "km": "kilometer",
    "m": "meter",
    "kg": "kilogram",
    "kW": "kilowatt",
    "MW": "megawatt",
    "kWh": "kilowatt_hour",
    "%": "percent",
}

_TIMES: Final = ("year", "month", "week", "day", "hour", "minute")
# Rate words that name their time unit on their own ("annually", "a year", "every day").
RATE_WORDS: Final[Mapping[str, str]] = {
    "annually": "year",
    "yearly": "year",
    "per annum": "year",
    "monthly": "month",
    "weekly": "week",
    "daily": "day",
    "hourly": "hour",
    **{f"{article} {time}": time for time in _TIMES for article in ("a", "each", "every")},
    "an hour": "hour",
}

# The qualifier words format_measure writes; QUALIFIERS reads each of them back.
WRITTEN_QUALIFIERS: Final[Mapping[Qualifier, str]] = {
    Qualifier.EXACT: "",
    Qualifier.RANGE: "",
    Qualifier.ABOUT: "about ",
    Qualifier.AT_LEAST: "at least ",
    Qualifier.AT_MOST: "up to ",
    Qualifier.NEARLY: "nearly ",
}

# Chinese numerals: the digits (financial forms too) and the powers below 万 (万 and 亿 are
# MAGNITUDES). 两 is a digit ("两万"), read as 2.
ZH_DIGITS: Final[Mapping[str, int]] = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4,
    "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9,
    "玖": 9,
}  # fmt: skip
ZH_POWERS: Final[Mapping[str, int]] = {
    "十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000,
}  # fmt: skip

# Qualifiers written before a number ("超过12万亩"). None marks a word that ends in a qualifier
# but is not one: "最近3年" is the last three years, "节约300吨" saves 300 tonnes.
ZH_BEFORE: Final[Mapping[str, Qualifier | None]] = {
    **dict.fromkeys(
        ("超过", "超出", "超", "逾", "多于", "高于", "大于", "不少于", "不低于", "至少", "突破"),
        Qualifier.AT_LEAST,
    ),
    **dict.fromkeys(("近", "将近", "接近", "近乎", "逼近"), Qualifier.NEARLY),
    **dict.fromkeys(("约", "大约", "大概", "大致", "约合"), Qualifier.ABOUT),
    **dict.fromkeys(
        ("不到", "不足", "不满", "不超过", "不超", "不多于", "不高于", "少于", "低于", "最多",
         "至多"),
        Qualifier.AT_MOST,
    ),
    **dict.fromkeys(
        ("最近", "附近", "临近", "邻近", "靠近", "就近", "节约", "签约", "履约", "预约", "合约",
         "制约", "特约", "集约", "赶超"),
        None,
    ),
}  # fmt: skip
# Qualifiers written after the figure ("300亩以上", "3亿元左右").
ZH_AFTER: Final[Mapping[str, Qualifier]] = {
    "以上": Qualifier.AT_LEAST,
    "以下": Qualifier.AT_MOST,
    "以内": Qualifier.AT_MOST,
    "左右": Qualifier.ABOUT,
    "上下": Qualifier.ABOUT,
}
# "200多万元", "3000余亩", "3年多": more than the number, which is the lower bound.
ZH_MORE: Final = ("多", "余")
# Between the two numbers of a range ("200至400吨", "200-400吨", "200~400吨").
ZH_RANGE_MARKS: Final = ("至", "到", "-", "~", "〜", "—", "–")

# Classifiers: a number before them counts things ("150条生产线", "30家企业"); 人 and 户 are
# counts in UNITS. 标箱 (TEU) is a count too, as "7.02 million TEUs" is in English.
ZH_COUNTERS: Final = (
    "个", "家", "名", "位", "人次", "只", "头", "条", "座", "所", "项", "台", "套", "辆", "株",
    "棵", "件", "张", "间", "栋", "幢", "处", "批", "支", "架", "艘", "种", "类", "场", "次",
    "粒", "枚", "根", "份", "册", "篇", "部", "颗", "匹", "尾", "羽", "箱", "袋", "盒", "瓶",
    "口", "标箱", "标准箱",
)  # fmt: skip
# Rate words before the figure they apply to ("每天生产300万只": 3 million a day).
ZH_RATE_WORDS: Final[Mapping[str, str]] = {
    "每年": "year",
    "每天": "day",
    "每日": "day",
    "每月": "month",
    "每周": "week",
    "每小时": "hour",
    "每分钟": "minute",
}
# Words after a number that make it a figure the library has no unit for: multiples (倍),
# percentage points, other currencies, units it does not know. Such figures are not read.
ZH_UNREAD: Final = (
    "倍", "个百分点", "百分点", "欧元", "日元", "港元", "港币", "英镑", "韩元", "卢布", "澳元",
    "加元", "台币", "新台币", "泰铢", "越南盾", "毫升", "升", "毫米", "厘米", "度", "瓦", "伏",
    "克拉", "桶", "岁", "成", "分", "秒", "周岁", "周年",
)  # fmt: skip
