#!/usr/bin/env python3
"""Build ``src/swchina_dev/data/regions.csv`` from the NBS division tables in ``data-raw/``.

Inputs (read-only, under ``--raw``, default ``<repo>/data-raw``):

* ``divisions_sw.csv``: provinces, prefectures and counties of the six provinces;
* ``divisions_sw_townships.csv``: their township-level units;
* ``official_names.csv``: official English forms that differ from plain pinyin (Tibetan pinyin,
  Baise, Lüchun), each with its sources.

The first two come from the NBS statistical division codes, 2023 edition (cutoff 2023-06-30);
see ``data-raw/SOURCES.md``. English names and pinyin are derived here: pinyin of the proper
name (pypinyin, corrected by the override table below for place-name readings) plus an English
word for the suffix, with conventional English names where usage is settled and the official
forms of ``official_names.csv`` (see ``apply_official_name``).

The build is deterministic: the same inputs give a byte-identical output. It prints counts per
level and kind and exits non-zero if any invariant fails.

Run: ``/work/venv/bin/python scripts/build_regions.py [--raw PATH] [--out PATH]``.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

from pypinyin import Style, pinyin
from pypinyin.constants import PINYIN_DICT

REPO = Path(__file__).resolve().parents[1]
COLUMNS = [
    "code",
    "parent",
    "level",
    "kind",
    "name",
    "name_zh",
    "pinyin",
    "aliases",
    "lat",
    "lon",
    "valid_from",
    "valid_to",
    "predecessors",
    "note",
]
LEVELS = ["country", "province", "prefecture", "county", "township"]
KINDS = {
    "country",
    "province",
    "autonomous_region",
    "municipality",
    "prefecture_level_city",
    "autonomous_prefecture",
    "prefecture",
    "district",
    "county",
    "autonomous_county",
    "county_level_city",
    "special_district",
    "town",
    "township",
    "ethnic_township",
    "subdistrict",
    "statistical_unit",
    "placeholder",
}

# Source ``level`` strings -> (level, kind). Townships of kind ``township`` whose name ends
# in 族乡 become ``ethnic_township`` below.
LEVEL_MAP = {
    "province-level: province": ("province", "province"),
    "province-level: autonomous region": ("province", "autonomous_region"),
    "province-level: municipality": ("province", "municipality"),
    "prefecture-level city": ("prefecture", "prefecture_level_city"),
    "autonomous prefecture": ("prefecture", "autonomous_prefecture"),
    "prefecture (diqu)": ("prefecture", "prefecture"),
    "NBS placeholder (municipal districts group)": ("prefecture", "placeholder"),
    "NBS placeholder (counties group)": ("prefecture", "placeholder"),
    "district": ("county", "district"),
    "county": ("county", "county"),
    "autonomous county": ("county", "autonomous_county"),
    "county-level city": ("county", "county_level_city"),
    "special district": ("county", "special_district"),
    "NBS statistical unit (development/industrial zone; not a GB/T 2260 admin division)": (
        "county",
        "statistical_unit",
    ),
    "town(镇)": ("township", "town"),
    "township(乡)": ("township", "township"),
    "subdistrict(街道)": ("township", "subdistrict"),
    "other (政企合一/development zone etc.)": ("township", "statistical_unit"),
}

# kind -> (hanzi suffix, English word, toned pinyin of the suffix).
SUFFIXES = {
    "province": ("省", "Province", "Shěng"),
    "autonomous_region": ("自治区", "Autonomous Region", "Zìzhìqū"),
    "municipality": ("市", "Municipality", "Shì"),
    "prefecture_level_city": ("市", "City", "Shì"),
    "autonomous_prefecture": ("自治州", "Autonomous Prefecture", "Zìzhìzhōu"),
    "prefecture": ("地区", "Prefecture", "Dìqū"),
    "district": ("区", "District", "Qū"),
    "county": ("县", "County", "Xiàn"),
    "autonomous_county": ("自治县", "Autonomous County", "Zìzhìxiàn"),
    "county_level_city": ("市", "City", "Shì"),
    "special_district": ("特区", "Special District", "Tèqū"),
    "town": ("镇", "Town", "Zhèn"),
    "township": ("乡", "Township", "Xiāng"),
    "ethnic_township": ("乡", "Ethnic Township", "Xiāng"),
    "subdistrict": ("街道", "Subdistrict", "Jiēdào"),
}
STAT_SUFFIX = "(NBS statistical unit)"
GROUP_SUFFIX = "(NBS group)"
ENGLISH_SUFFIXES = sorted(
    {s[1] for s in SUFFIXES.values()} | {STAT_SUFFIX, GROUP_SUFFIX}, key=len, reverse=True
)

# Ethnic groups in autonomous-area and ethnic-township names: hanzi (without 族) ->
# (English, toned pinyin with 族). 各族 ("all nationalities") is rendered as in the
# conventional English names (e.g. "Longsheng Various Nationalities Autonomous County").
ETHNIC = {
    "彝": ("Yi", "Yízú"),
    "回": ("Hui", "Huízú"),
    "苗": ("Miao", "Miáozú"),
    "布依": ("Buyei", "Bùyīzú"),
    "壮": ("Zhuang", "Zhuàngzú"),
    "土家": ("Tujia", "Tǔjiāzú"),
    "侗": ("Dong", "Dòngzú"),
    "仡佬": ("Gelao", "Gēlǎozú"),
    "水": ("Shui", "Shuǐzú"),
    "瑶": ("Yao", "Yáozú"),
    "藏": ("Tibetan", "Zàngzú"),
    "羌": ("Qiang", "Qiāngzú"),
    "傣": ("Dai", "Dǎizú"),
    "白": ("Bai", "Báizú"),
    "哈尼": ("Hani", "Hānízú"),
    "傈僳": ("Lisu", "Lìsùzú"),
    "纳西": ("Naxi", "Nàxīzú"),
    "拉祜": ("Lahu", "Lāhùzú"),
    "佤": ("Va", "Wǎzú"),
    "景颇": ("Jingpo", "Jǐngpōzú"),
    "普米": ("Pumi", "Pǔmǐzú"),
    "独龙": ("Derung", "Dúlóngzú"),
    "怒": ("Nu", "Nùzú"),
    "蒙古": ("Mongol", "Měnggǔzú"),
    "仫佬": ("Mulao", "Mùlǎozú"),
    "毛南": ("Maonan", "Máonánzú"),
    "京": ("Gin", "Jīngzú"),
    "门巴": ("Monpa", "Ménbāzú"),
    "珞巴": ("Lhoba", "Luòbāzú"),
    "满": ("Manchu", "Mǎnzú"),
    "布朗": ("Blang", "Bùlǎngzú"),
    "德昂": ("De'ang", "Dé'ángzú"),
    "基诺": ("Jino", "Jīnuòzú"),
    "阿昌": ("Achang", "Āchāngzú"),
    "各": ("Various Nationalities", "Gèzú"),
}
ETHNIC_KEYS = sorted(ETHNIC, key=len, reverse=True)

# Place-name readings that pypinyin gets wrong (or might), as hanzi -> toned syllables.
# Longest match wins; single characters apply wherever that character occurs in a name.
PINYIN_OVERRIDES = {
    # phrases
    "重庆": "chóng qìng",
    "重华": "chóng huá",
    "重龙": "chóng lóng",
    "重安": "chóng ān",
    "六盘水": "liù pán shuǐ",
    "六枝": "liù zhī",
    "六合": "liù hé",
    "都匀": "dū yún",
    "都江堰": "dū jiāng yàn",
    "乐山": "lè shān",
    "民乐": "mín lè",
    "丽江": "lì jiāng",
    "长顺": "cháng shùn",
    "长宁": "cháng níng",
    "长寿": "cháng shòu",
    "大理": "dà lǐ",
    "西藏": "xī zàng",
    "朝阳": "cháo yáng",
    "石柱": "shí zhù",
    "綦江": "qí jiāng",
    "涪陵": "fú líng",
    "筠连": "jūn lián",
    "犍为": "qián wéi",
    "阆中": "láng zhōng",
    "郫都": "pí dū",
    "会理": "huì lǐ",
    "会东": "huì dōng",
    "会泽": "huì zé",
    "荥经": "yíng jīng",
    "沙湾": "shā wān",
    "哈尼": "hā ní",
    "百色": "bó sè",
    "那坡": "nà pō",
    "隆林": "lóng lín",
    "大化": "dà huà",
    "巴马": "bā mǎ",
    "东兰": "dōng lán",
    "凤山": "fèng shān",
    "宁明": "níng míng",
    "凭祥": "píng xiáng",
    "藤县": "téng xiàn",
    "兴业": "xīng yè",
    "德宏": "dé hóng",
    "怒江": "nù jiāng",
    "迪庆": "dí qìng",
    "日喀则": "rì kā zé",
    "林芝": "lín zhī",
    "昌都": "chāng dū",
    "山南": "shān nán",
    "那曲": "nà qū",
    "阿里": "ā lǐ",
    "拉萨": "lā sà",
    "浪卡子": "làng kǎ zǐ",
    "景颇": "jǐng pō",
    "水磨": "shuǐ mò",
    "磨子": "mò zǐ",
    "素朴": "sù pǔ",
    "砚台": "yàn tái",
    "覃塘": "qín táng",
    "什邡": "shí fāng",
    "宝箴塞": "bǎo zhēn sài",
    "芒市": "máng shì",
    # single characters whose place-name reading differs from pypinyin's default choice
    "六": "liù",
    "都": "dū",
    "长": "cháng",
    "朝": "cháo",
    "藏": "zàng",
    "曲": "qū",
    "圩": "xū",
    "弄": "lòng",
    "柏": "bǎi",
    "曾": "zēng",
    "覃": "qín",
    "佛": "fó",
    "勒": "lè",
    "戛": "gā",
    "么": "yāo",
    "黔": "qián",
    "蚌": "bàng",
    "番": "fān",
    "单": "dān",
    "蔚": "wèi",
    "秘": "mì",
    "薄": "bó",
    "什": "shí",
    "干": "gān",
}
OVERRIDE_KEYS = sorted(PINYIN_OVERRIDES, key=len, reverse=True)

# Conventional English proper names, by code; the pinyin form goes into the aliases.
# Official forms that differ from plain pinyin (Tibetan pinyin, Lüchun, Baise...) are not here
# but in data-raw/official_names.csv, each with its source (see apply_official_name).
CONVENTIONAL = {
    "540000": ("Tibet", ["Xizang", "Xizang Autonomous Region"]),
    "533103": ("Mangshi", []),
    "533401": ("Shangri-La", []),
}
# Further English or romanised forms in common use, by code (aliases only).
EXTRA_ALIASES = {
    "450000": ["Guangxi"],
    "500000": ["Chongqing"],
    "540500": ["Lhoka", "Lhoka Prefecture"],
    "513300": ["Garzê", "Garze", "Garzê Tibetan Autonomous Prefecture"],
    "513200": ["Ngawa", "Ngawa Tibetan and Qiang Autonomous Prefecture"],
    "533400": ["Dêqên", "Deqen", "Dêqên Tibetan Autonomous Prefecture"],
    "532800": ["Xishuangbanna"],
}

# Statistical units (not GB/T 2260 divisions): code -> (hanzi split into words for pinyin,
# English name without the "(NBS statistical unit)" tag, context for the note or "").
STAT_UNITS = {
    "540171": (
        "格尔木 藏青 工业 园区",
        "Golmud Tibet-Qinghai Industrial Park",
        "a Lhasa-coded park that lies in Golmud, Qinghai",
    ),
    "540172": ("拉萨 经济 技术 开发区", "Lhasa Economic and Technological Development Zone", ""),
    "540173": ("西藏 文化 旅游 创意 园区", "Tibet Cultural Tourism Creative Park", ""),
    "540174": ("达孜 工业 园区", "Dazi Industrial Park", ""),
    "450103400": ("仙葫 经济 开发区", "Xianhu Economic Development Zone", ""),
    "450103451": ("青秀山", "Qingxiu Mountain", "scenic area"),
    "450105450": (
        "经济 技术 开发区",
        "Economic and Technological Development Zone",
        "the Nanning zone in Jiangnan District",
    ),
    "450105451": ("明阳 工业 园区", "Mingyang Industrial Park", ""),
    "450107450": ("那龙 矿务局", "Nalong Mining Bureau", ""),
    "450107454": (
        "高新 技术 开发区",
        "High-tech Development Zone",
        "the Nanning zone in Xixiangtang District",
    ),
    "450108452": ("良庆 经济 开发区", "Liangqing Economic Development Zone", ""),
    "450110451": ("南宁 华侨 投资区", "Nanning Overseas Chinese Investment Zone", ""),
    "450123450": ("隆安 华侨 管理区", "Long'an Overseas Chinese Administrative Zone", ""),
    "450126451": ("廖平 农场", "Liaoping Farm", ""),
    "450181400": ("南宁 六景 工业 园区", "Nanning Liujing Industrial Park", ""),
    "450305400": (
        "桂林 华侨 旅游 经济区 管理 委员会",
        "Guilin Overseas Chinese Tourism Economic Zone Management Committee",
        "",
    ),
    "450603450": ("小峰 经济 作物场", "Xiaofeng Cash Crop Farm", ""),
    "450702400": ("丽光 华侨 农场", "Liguang Overseas Chinese Farm", ""),
    "450702401": (
        "钦州港 经济 技术 开发区",
        "Qinzhou Port Economic and Technological Development Zone",
        "",
    ),
    "450702402": ("三娘湾 旅游 管理区", "Sanniang Bay Tourism Administrative Zone", ""),
    "450702403": ("广西 钦州 保税 港区", "Guangxi Qinzhou Bonded Port Area", ""),
    "450702404": ("中马 钦州 产业 园区", "China-Malaysia Qinzhou Industrial Park", ""),
    "451024450": ("德保 铝业", "Debao Aluminium Industry", ""),
    "451082450": ("平果 铝", "Pingguo Aluminium", ""),
    "451302402": ("来华 投资区", "Laihua Investment Zone", ""),
    "451402400": ("新和 华侨 农场", "Xinhe Overseas Chinese Farm", ""),
    "451402401": ("左江 华侨 农场", "Zuojiang Overseas Chinese Farm", ""),
    "451402402": ("中泰 产业园", "China-Thailand Industrial Park", ""),
    "451421401": (
        "中国 东盟 南宁 空港 扶绥 经济区",
        "China-ASEAN Nanning Airport Fusui Economic Zone",
        "",
    ),
    "451421402": (
        "扶绥县 木业 家居 产业 集聚区",
        "Fusui County Wood and Home Furnishing Industry Cluster",
        "",
    ),
    "451422401": ("国营 宁明 华侨 农场", "State-owned Ningming Overseas Chinese Farm", ""),
    "451422402": ("国营 天西 华侨 农场", "State-owned Tianxi Overseas Chinese Farm", ""),
    "451422403": ("国营 海渊 华侨 农场", "State-owned Haiyuan Overseas Chinese Farm", ""),
    "451424400": ("国营 桃城 华侨 农场", "State-owned Taocheng Overseas Chinese Farm", ""),
    "451481400": ("广西 凭祥 综合 保税区", "Guangxi Pingxiang Comprehensive Bonded Zone", ""),
    "510704400": ("四川省 新华 劳动 教育 管理所", "Sichuan Xinhua Labour Education Centre", ""),
    "510822400": ("唐家河 国家级 自然 保护区", "Tangjiahe National Nature Reserve", ""),
    "510824400": (
        "苍溪 九龙山 自然 保护区 管理处",
        "Cangxi Jiulongshan Nature Reserve Administration",
        "",
    ),
    "510824401": (
        "苍溪县 三溪口 森林 经营所",
        "Cangxi County Sanxikou Forest Management Station",
        "",
    ),
    "510824402": ("苍溪县 良种场", "Cangxi County Seed Farm", ""),
    "512002400": (
        "四川 大堰 劳动 教养 管理所",
        "Sichuan Dayan Re-education through Labour Centre",
        "",
    ),
    "513224401": ("松潘 林业局", "Songpan Forestry Bureau", ""),
    "513225400": ("九寨沟 国营 牧场", "Jiuzhaigou State Ranch", ""),
    "513225401": ("九寨沟 风景 名胜 管理局", "Jiuzhaigou Scenic Area Administration", ""),
    "513232400": ("白河 牧场", "Baihe Ranch", ""),
    "530102401": (
        "昆明 国家 高新 技术 产业 开发区",
        "Kunming National High-tech Industrial Development Zone",
        "",
    ),
    "530111402": (
        "昆明 经济 技术 开发区",
        "Kunming Economic and Technological Development Zone",
        "",
    ),
    "530112403": ("昆明 滇池 国家 旅游 度假区", "Kunming Dianchi National Tourist Resort", ""),
    "530125404": ("昆明 阳宗海 风景 名胜区", "Kunming Yangzonghai Scenic Area", ""),
    "530127401": (
        "嵩明 杨林 经济 技术 开发区",
        "Songming Yanglin Economic and Technological Development Zone",
        "",
    ),
    "530127402": ("云南省 嵩明 职业 教育 基地", "Yunnan Songming Vocational Education Base", ""),
    "530127403": ("云南省 花卉 示范 园区", "Yunnan Flower Demonstration Park", ""),
    "530128401": ("禄劝 工业 园区", "Luquan Industrial Park", ""),
    "530129405": (
        "昆明 倘甸 产业 园区 轿子山 旅游 开发区",
        "Kunming Tangdian Industrial Park and Jiaozi Mountain Tourism Development Zone",
        "",
    ),
    "530922401": ("临沧 监狱", "Lincang Prison", ""),
    "530922501": ("幸福 农场", "Xingfu Farm", ""),
    "530923401": ("勐底 农场", "Mengdi Farm", ""),
    "530926401": ("耿马 华侨 农场", "Gengma Overseas Chinese Farm", ""),
    "530926402": ("勐撒 农场", "Mengsa Farm", ""),
    "530926403": ("孟定 农场", "Mengding Farm", ""),
    "530927401": ("勐省 农场", "Mengsheng Farm", ""),
    "532530401": ("金平县 农场", "Jinping County Farm", ""),
    "532601403": (
        "文山 高新 技术 产业 开发区",
        "Wenshan High-tech Industrial Development Zone",
        "",
    ),
    "532625501": ("健康 农场", "Jiankang Farm", ""),
    "532801402": ("东风 农场", "Dongfeng Farm", ""),
    "532801403": ("橄榄坝 农场", "Ganlanba Farm", ""),
    "532801408": ("西双版纳 监狱", "Xishuangbanna Prison", ""),
    "532823401": ("勐腊 农场", "Mengla Farm", ""),
    "532823402": ("勐捧 农场", "Mengpeng Farm", ""),
    "532823403": ("勐满 农场", "Mengman Farm", ""),
    "532823404": ("勐醒 农场", "Mengxing Farm", ""),
    "533102400": ("瑞丽 农场", "Ruili Farm", ""),
    "533102401": ("畹町 农场", "Wanding Farm", ""),
    "533103400": ("芒市 遮放 农场", "Mangshi Zhefang Farm", ""),
    "533123400": ("盈江 农场", "Yingjiang Farm", ""),
    "533124400": ("陇川 农场", "Longchuan Farm", ""),
    "533401501": (
        "迪庆 扶贫 民族 经济 开发区",
        "Diqing Poverty Alleviation Ethnic Economic Development Zone",
        "",
    ),
    "540171400": ("藏青 工业园 乡", "Tibet-Qinghai Industrial Park Township", ""),
    "540172400": (
        "拉萨市 经济 技术 开发区 管委会",
        "Lhasa Economic and Technological Development Zone Management Committee",
        "",
    ),
    "540173400": ("西藏 文化 旅游 创意 园区", "Tibet Cultural Tourism Creative Park", ""),
    "540174400": ("达孜县 工业 园区", "Dazi County Industrial Park", ""),
}

# Township-level names that read better split into words than as one proper name.
NAME_OVERRIDES = {
    "510704006": ("四川省 科学城 春雷", "Sichuan Science City Chunlei"),
    "533103001": ("芒市 勐焕", "Mangshi Menghuan"),
}

# Whole-cell fixes applied after derivation: 芒市 is one proper name ("Mangshi"), not 芒 + 市.
ROW_FIXES = {
    "533103": {"pinyin": "Mángshì", "aliases": "Mangshi"},
}

PLACEHOLDERS = {
    "500100": (
        "Chongqing Municipal Districts (NBS group)",
        "Shìxiáqū",
        ["重庆市市辖区"],
        "NBS statistical grouping of Chongqing's districts (市辖区), used only to give them a "
        "prefecture-level parent code; not an administrative division.",
    ),
    "500200": (
        "Chongqing Counties (NBS group)",
        "Xiàn",
        ["重庆市县"],
        "NBS statistical grouping of Chongqing's counties (县), used only to give them a "
        "prefecture-level parent code; not an administrative division.",
    ),
}

# Known changes recorded in data-raw/divisions_facts.csv and SOURCES.md.
QIANXI_OLD = {
    "code": "520522",
    "parent": "520500",
    "level": "county",
    "kind": "county",
    "name_zh": "黔西县",
    "valid_to": "",
    "note": "Replaced by county-level city 黔西市 (520581) in 2021 (approved 2021-03-16, code "
    "history); no longer a current division.",
}
FACT_CHANGES = {
    "520500": (
        ["Bijie Prefecture", "毕节地区"],
        "Converted from Bijie Prefecture (毕节地区, code 522400) to a prefecture-level city "
        "in 2011 (approval 国函〔2011〕130号 of 2011-10-22; established 2011-11-10).",
    ),
    "520600": (
        ["Tongren Prefecture", "铜仁地区"],
        "Converted from Tongren Prefecture (铜仁地区, code 522200) to a prefecture-level "
        "city in 2011 (approval 国函〔2011〕131号 of 2011-10-22).",
    ),
    "520502": (
        ["Bijie (county-level city)", "毕节市 (县级)"],
        "Former county-level Bijie City (毕节市, code 522401), made Qixingguan District in "
        "2011; seat of Bijie.",
    ),
    "520581": (
        [],
        "Converted from Qianxi County (黔西县, 520522) in 2021 (approved 2021-03-16, code "
        "history).",
    ),
}
OLD_CODE_RE = re.compile(r"lat/lon from cpca old code (\d{6}) (\S+)")
TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
# Latin letters, with the diacritics of official forms (Xigazê, Lüchun, Qüxü).
LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff"
ALLOWED_NAME = re.compile(f"^[{LATIN}][{LATIN} '\\-,()]*$")
OFFICIAL_FILE = "official_names.csv"
OFFICIAL_COLUMNS = ["code", "name_zh", "official_name", "aliases", "source", "url", "second_source"]


class BuildError(Exception):
    """An input the script cannot turn into a valid row."""


def syllables(hanzi: str) -> list[str]:
    """Toned pinyin syllables of a place name, with the override table applied."""
    base = [s[0] for s in pinyin(hanzi, style=Style.TONE, errors=lambda chars: list(chars))]
    if len(base) != len(hanzi):
        raise BuildError(f"pypinyin split {hanzi!r} into {len(base)} syllables")
    out: list[str] = []
    i = 0
    while i < len(hanzi):
        for key in OVERRIDE_KEYS:
            if hanzi.startswith(key, i):
                out.extend(PINYIN_OVERRIDES[key].split())
                i += len(key)
                break
        else:
            syl = base[i]
            if not re.fullmatch(r"[a-zü" + TONE_VOWELS + "]+", syl):
                raise BuildError(f"no pinyin for {hanzi[i]!r} in {hanzi!r}")
            if not any(c in TONE_VOWELS.replace("ü", "") for c in syl):
                # neutral tone: place names use the full reading (子 zǐ, 头 tóu, 里 lǐ)
                toned = [
                    r
                    for r in PINYIN_DICT.get(ord(hanzi[i]), "").split(",")
                    if any(c in TONE_VOWELS.replace("ü", "") for c in r)
                ]
                if toned:
                    syl = toned[0]
            out.append(syl)
            i += 1
    return out


def join_word(syls: list[str]) -> str:
    """One capitalised pinyin word, with an apostrophe before a/o/e-initial syllables."""
    word = ""
    for k, syl in enumerate(syls):
        plain = strip_tones(syl)
        if k and plain[:1] in ("a", "o", "e"):
            word += "'"
        word += syl
    return word[:1].upper() + word[1:]


def strip_tones(text: str) -> str:
    """Remove tone marks (and the diaeresis of ü) to get plain ASCII pinyin."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words_pinyin(spaced_hanzi: str) -> str:
    """Toned pinyin of a hanzi string pre-split into words by spaces."""
    return " ".join(join_word(syllables(w)) for w in spaced_hanzi.split())


def split_name(name_zh: str, kind: str) -> tuple[str, list[str], bool]:
    """Split a hanzi name into (proper name, ethnic groups, 民族乡 form)."""
    suffix = SUFFIXES[kind][0]
    if kind == "ethnic_township":
        if name_zh.endswith("民族乡"):
            rest, minzu = name_zh[: -len("民族乡")], True
            for key in ETHNIC_KEYS:
                if rest.endswith(key):
                    return rest[: -len(key)], [key], minzu
            raise BuildError(f"no ethnic group in {name_zh!r}")
        rest, minzu = name_zh[: -len("乡")], False
    elif not name_zh.endswith(suffix):
        raise BuildError(f"{name_zh!r} does not end in {suffix!r} ({kind})")
    else:
        rest, minzu = name_zh[: -len(suffix)], False
    groups: list[str] = []
    if kind in (
        "autonomous_region",
        "autonomous_prefecture",
        "autonomous_county",
        "ethnic_township",
    ):
        while rest.endswith("族"):
            for key in ETHNIC_KEYS:
                if rest.endswith(key + "族"):
                    groups.insert(0, key)
                    rest = rest[: -len(key) - 1]
                    break
            else:
                raise BuildError(f"unknown ethnic group in {name_zh!r}")
        if not groups and kind != "autonomous_region":
            raise BuildError(f"no ethnic group in {name_zh!r}")
    return rest, groups, minzu


def english_list(items: list[str]) -> str:
    """'A', 'A and B', 'A, B and C' (the style of divisions_facts.csv)."""
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def dedupe(values: list[str], exclude: set[str]) -> str:
    """Join distinct non-empty aliases with '|', keeping first-seen order."""
    seen: list[str] = []
    for v in values:
        if v and v not in exclude and v not in seen:
            if "|" in v:
                raise BuildError(f"alias {v!r} contains '|'")
            seen.append(v)
    return "|".join(seen)


def apply_official_name(
    entry: dict[str, str], pinyin_en: str, suffix_en: str
) -> tuple[str, list[str], str]:
    """The official English proper name from data-raw/official_names.csv, with aliases and note.

    The plain-pinyin spelling the name replaces (and the name without diacritics, as typed on
    an English keyboard), alone and with ``suffix_en`` (the words after the proper name, as
    "Tibetan Autonomous Prefecture"), become aliases, so lookups by them keep working; the
    note cites the table's sources.
    """
    official = entry["official_name"]
    aliases: list[str] = []
    if official != pinyin_en:
        aliases += [pinyin_en, f"{pinyin_en} {suffix_en}"]
    folded = strip_tones(official)
    if folded not in (official, pinyin_en):
        aliases += [folded, f"{folded} {suffix_en}"]
    aliases += [a for a in entry["aliases"].split("|") if a]
    if official == pinyin_en:
        note = f"English name {official} as in official usage"
    else:
        note = f"English name {official} follows official usage (plain pinyin: {pinyin_en})"
    note += f"; source: {entry['source']}, {entry['url']}"
    if entry["second_source"]:
        note += f"; also {entry['second_source']}"
    return official, aliases, note + "."


def join_notes(*notes: str) -> str:
    """Non-empty notes joined into one cell."""
    return " ".join(n for n in notes if n)


def make_row(
    code: str,
    parent: str,
    level: str,
    kind: str,
    name_zh: str,
    official: dict[str, str] | None = None,
) -> dict[str, str]:
    """Build one output row (names, pinyin, aliases) for a division.

    ``official`` is the division's row of data-raw/official_names.csv, if it has one.
    """
    row = dict.fromkeys(COLUMNS, "")
    row.update(code=code, parent=parent, level=level, kind=kind, name_zh=name_zh)
    aliases: list[str] = []
    if kind == "placeholder":
        name, py, aliases, note = PLACEHOLDERS[code]
        row.update(name=name, pinyin=py, note=note)
    elif kind == "statistical_unit":
        spaced, english, context = STAT_UNITS[code]
        if spaced.replace(" ", "") != name_zh:
            raise BuildError(f"statistical unit table mismatch for {code}: {spaced!r}")
        row["name"] = f"{english} {STAT_SUFFIX}"
        row["pinyin"] = words_pinyin(spaced)
        aliases = [english]
        row["note"] = "NBS statistical unit, not a GB/T 2260 administrative division" + (
            f"; {context}." if context else "."
        )
    else:
        proper, groups, minzu = split_name(name_zh, kind)
        word_en, word_py = SUFFIXES[kind][1], SUFFIXES[kind][2]
        if code in NAME_OVERRIDES:
            spaced, proper_en = NAME_OVERRIDES[code]
            if spaced.replace(" ", "") != proper:
                raise BuildError(f"name override mismatch for {code}")
            proper_py = words_pinyin(spaced)
        else:
            proper_py = join_word(syllables(proper)) if proper else ""
            proper_en = strip_tones(proper_py)
        pinyin_proper = proper_en
        ethnic_en = english_list([ETHNIC[g][0] for g in groups])
        if code in CONVENTIONAL:
            proper_en, extra = CONVENTIONAL[code]
            aliases += [pinyin_proper, f"{pinyin_proper} {word_en}", *extra]
        if official is not None:
            suffix_en = " ".join(p for p in (ethnic_en, word_en) if p)
            proper_en, extra, row["note"] = apply_official_name(official, proper_en, suffix_en)
            aliases += extra
        ethnic_py = " ".join(ETHNIC[g][1] for g in groups)
        if minzu:
            ethnic_py = ETHNIC[groups[0]][1][: -len("zú")]
            ethnic_py += " Mínzú"
        parts_en = [p for p in (proper_en, ethnic_en, word_en) if p]
        row["name"] = " ".join(parts_en)
        row["pinyin"] = " ".join(p for p in (proper_py, ethnic_py, word_py) if p)
        if proper:
            aliases = [proper_en, proper, *aliases]
        short = [proper_en, pinyin_proper] if official is not None else [proper_en]
        if kind == "autonomous_prefecture":
            aliases += [*(f"{n} Prefecture" for n in short), proper + "州"]
        elif kind == "autonomous_county":
            aliases += [*(f"{n} County" for n in short), proper + "县"]
        elif kind == "autonomous_region" and groups:
            aliases += [f"{proper_en} Autonomous Region", proper + "自治区"]
    aliases += EXTRA_ALIASES.get(code, [])
    if "Buyei" in row["name"]:
        # Buyei is the official spelling of 布依; Buyi is the other spelling in use
        # (see data-raw/SOURCES.md), so names with it are found either way.
        aliases.append(row["name"].replace("Buyei", "Buyi"))
    row["aliases"] = dedupe(aliases, {row["name"], name_zh})
    row.update(ROW_FIXES.get(code, {}))
    return row


def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV file as dicts."""
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def read_official_names(path: Path) -> dict[str, dict[str, str]]:
    """Rows of data-raw/official_names.csv by code, each checked to cite a source."""
    rows = read_csv(path)
    if rows and list(rows[0]) != OFFICIAL_COLUMNS:
        raise BuildError(f"{path.name}: columns {list(rows[0])}, expected {OFFICIAL_COLUMNS}")
    by_code: dict[str, dict[str, str]] = {}
    for row in rows:
        if row["code"] in by_code:
            raise BuildError(f"{path.name}: duplicate code {row['code']}")
        if not (row["official_name"] and row["source"] and row["url"].startswith("http")):
            raise BuildError(f"{path.name}: {row['code']} lacks a name or a source URL")
        by_code[row["code"]] = row
    return by_code


def build(raw: Path) -> list[dict[str, str]]:
    """All output rows, sorted by code, from the raw tables in the folder ``raw``."""
    divisions = read_csv(raw / "divisions_sw.csv")
    townships = read_csv(raw / "divisions_sw_townships.csv")
    officials = read_official_names(raw / OFFICIAL_FILE)
    zh_by_code = {src["code"]: src["name_zh"] for src in divisions}
    for code, entry in officials.items():
        if zh_by_code.get(code) != entry["name_zh"]:
            raise BuildError(f"{OFFICIAL_FILE}: {code} {entry['name_zh']} is not a division")
    country = dict.fromkeys(COLUMNS, "")
    country.update(
        code="CN",
        level="country",
        kind="country",
        name="China",
        name_zh="中国",
        pinyin="Zhōngguó",
        aliases="People's Republic of China|PRC|中华人民共和国",
    )
    rows = [country]
    for src in divisions:
        level, kind = LEVEL_MAP[src["level"]]
        parent = "CN" if level == "province" else src["parent_code"]
        row = make_row(src["code"], parent, level, kind, src["name_zh"], officials.get(src["code"]))
        row["lat"], row["lon"] = src["lat"], src["lon"]
        m = OLD_CODE_RE.search(src["source_note"])
        if m and src["code"] != "520581":
            old_code, old_zh = m.groups()
            old_kind = {"县": "county", "市": "county_level_city", "区": "district"}[old_zh[-1]]
            old_en = make_row(old_code, parent, "county", old_kind, old_zh)["name"]
            row["aliases"] = dedupe(
                [*row["aliases"].split("|"), old_en, old_zh], {row["name"], row["name_zh"]}
            )
            row["note"] = join_notes(
                f"Formerly {old_en} ({old_zh}, code {old_code}); re-coded when it changed "
                "status (date not given in the raw inputs).",
                row["note"],
            )
        if src["code"] in FACT_CHANGES:
            extra, note = FACT_CHANGES[src["code"]]
            row["aliases"] = dedupe(
                [*row["aliases"].split("|"), *extra], {row["name"], row["name_zh"]}
            )
            row["note"] = join_notes(note, row["note"])
        if src["code"] == "520581":
            row["predecessors"] = QIANXI_OLD["code"]
            qianxi_coords = (src["lat"], src["lon"])
        rows.append(row)
    old = make_row(
        QIANXI_OLD["code"], QIANXI_OLD["parent"], "county", "county", QIANXI_OLD["name_zh"]
    )
    old["lat"], old["lon"] = qianxi_coords  # the coordinates were recorded for the old code
    old["valid_to"], old["note"] = QIANXI_OLD["valid_to"], QIANXI_OLD["note"]
    old["aliases"] = ""  # "Qianxi"/"黔西" should find the current city, not the old county
    rows.append(old)
    for src in townships:
        level, kind = LEVEL_MAP[src["level"]]
        if kind == "township" and src["name_zh"].endswith("族乡"):
            kind = "ethnic_township"
        rows.append(make_row(src["code9"], src["parent_code6"], level, kind, src["name_zh"]))
    rows.sort(key=lambda r: r["code"])
    return rows


def check(rows: list[dict[str, str]]) -> list[str]:
    """Every invariant violated by the rows, as messages (empty when all hold)."""
    errors: list[str] = []
    by_code: dict[str, dict[str, str]] = {}
    for r in rows:
        if r["code"] in by_code:
            errors.append(f"duplicate code {r['code']}")
        by_code[r["code"]] = r
    code_len = {"province": 6, "prefecture": 6, "county": 6, "township": 9}
    prefix_len = {"prefecture": 2, "county": 4, "township": 6}
    for r in rows:
        code, level = r["code"], r["level"]
        if level not in LEVELS or r["kind"] not in KINDS:
            errors.append(f"{code}: bad level/kind {level}/{r['kind']}")
            continue
        for col in ("name", "name_zh", "pinyin"):
            if not r[col]:
                errors.append(f"{code}: empty {col}")
        good_name = ALLOWED_NAME.match(r["name"]) and any(
            r["name"].endswith(" " + s) for s in ENGLISH_SUFFIXES
        )
        if not good_name and code != "CN":
            errors.append(f"{code}: bad English name {r['name']!r}")
        if re.search(r"[\u3400-\u9fff\U00020000-\U0002ffff]", r["pinyin"]):
            errors.append(f"{code}: hanzi left in pinyin {r['pinyin']!r}")
        if level == "country":
            if r["parent"]:
                errors.append(f"{code}: country has a parent")
            continue
        parent = by_code.get(r["parent"])
        if parent is None:
            errors.append(f"{code}: parent {r['parent']!r} missing")
            continue
        if LEVELS.index(parent["level"]) != LEVELS.index(level) - 1:
            errors.append(f"{code}: level {level} under {parent['level']} {parent['code']}")
        if not (code.isdigit() and len(code) == code_len[level]):
            errors.append(f"{code}: malformed code for level {level}")
        if level == "province" and not code.endswith("0000"):
            errors.append(f"{code}: province code does not end in 0000")
        if level == "prefecture" and not code.endswith("00"):
            errors.append(f"{code}: prefecture code does not end in 00")
        if level in prefix_len:
            n = prefix_len[level]
            if code[:n] != parent["code"][:n]:
                errors.append(f"{code}: prefix does not match parent {parent['code']}")
        for pred in filter(None, r["predecessors"].split("|")):
            if pred not in by_code:
                errors.append(f"{code}: predecessor {pred} missing")
    return errors


def write(rows: list[dict[str, str]], out: Path) -> None:
    """Write the rows as UTF-8 CSV with LF line endings."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    """Build, check, report and write the regions table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=REPO / "data-raw")
    parser.add_argument("--out", type=Path, default=REPO / "src/swchina_dev/data/regions.csv")
    args = parser.parse_args(argv)
    try:
        rows = build(args.raw)
    except (BuildError, KeyError) as exc:
        print(f"build failed: {exc!r}", file=sys.stderr)
        return 1
    errors = check(rows)
    levels = Counter(r["level"] for r in rows)
    kinds = Counter((r["level"], r["kind"]) for r in rows)
    print(f"{len(rows)} rows")
    for level in LEVELS:
        print(f"  {level}: {levels[level]}")
        for (lv, kind), n in sorted(kinds.items()):
            if lv == level:
                print(f"    {kind}: {n}")
    if errors:
        for e in errors[:50]:
            print(f"ERROR {e}", file=sys.stderr)
        print(f"{len(errors)} invariant violations; nothing written", file=sys.stderr)
        return 1
    write(rows, args.out)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
