"""Generate the docs site's dataset catalog from the bundled data, at build time.

An mkdocs hook (``hooks: [scripts/docs_catalog.py]`` in ``mkdocs.yml``): nothing in the catalog is
written by hand, so it cannot drift from the data. It makes

* ``catalog/index.md``: what is bundled, the groupings, the country and the province-level
  divisions outside Southwest China;
* ``catalog/regions/<province>.md``, one per province with divisions below it (the six of
  Southwest China): its prefectures, their counties, their townships (folded, one table per
  prefecture) and the villages the sources name;
* ``catalog/zones.md``, ``catalog/enterprises.md``;
* ``catalog/indicators.md``: one table per subject, with values, qualifiers, bounds, periods and
  sources;
* ``catalog/sources.md``: every source with its licence, and ``data/SOURCES.md``.

:func:`catalog_pages` is the generator (tested directly); :func:`on_config` puts the pages in the
navigation and :func:`on_files` hands them to mkdocs. On the API index page,
:func:`on_page_markdown` fills in the table of public names, each linked to its documentation
(a name without an API page breaks the strict build).
"""

from __future__ import annotations

import html
import posixpath
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from importlib.resources import files
from typing import Any, NamedTuple

import swchina_dev
from swchina_dev import Dataset, Enterprise, Grouping, Indicator, Level, Measure, Region, Zone
from swchina_dev.catalog.labels import what_it_measures
from swchina_dev.catalog.timeline import retirement
from swchina_dev.text import format_for_people, format_number, shown_precision

CATALOG = "catalog"
#: The nav placeholder in mkdocs.yml that the generated pages replace.
NAV_PLACEHOLDER = f"{CATALOG}/index.md"
#: The marker on the API index page replaced by the table of public names.
PUBLIC_NAMES_MARKER = "<!-- public-names -->"
API_INDEX = "api/index.md"


class CatalogPage(NamedTuple):
    """One generated page: its path under ``docs/``, its nav title and its markdown."""

    path: str
    title: str
    markdown: str


# -- markdown helpers ---------------------------------------------------------------------------


def _cell(value: object) -> str:
    # Table cells: no line breaks, no pipes, no raw HTML or emphasis from data text.
    if value is None or value == "":
        return ""
    text = html.escape(" ".join(str(value).split()), quote=False)
    return text.replace("|", "\\|").replace("*", "\\*").replace("_", "\\_").replace("`", "\\`")


def _code(value: str) -> str:
    return f"`{value}`"


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _anchor(entity_id: str) -> str:
    return f'<a id="{_anchor_id(entity_id)}"></a>'


def _anchor_id(entity_id: str) -> str:
    # Region codes start with digits; an id that starts with a letter is valid everywhere.
    return f"e-{entity_id}"


def _kind(value: str) -> str:
    return value.replace("_", " ")


def _indent(text: str) -> str:
    return "".join(f"    {line}" if line.strip() else line for line in text.splitlines(True))


def _slug(region: Region) -> str:
    # ASCII file names: the diacritics of official forms are dropped (Xigazê -> xigaze).
    word = unicodedata.normalize("NFD", region.name.split()[0].lower().replace("'", ""))
    return "".join(c for c in word if not unicodedata.combining(c))


class _Catalog:
    """Where every entity is documented, and the pages themselves."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        country = next(r for r in dataset.regions if r.level is Level.COUNTRY)
        provinces = [r for r in dataset.children(country) if r.level is Level.PROVINCE]
        self.covered = [p for p in provinces if dataset.children(p)]
        self.others = [p for p in provinces if not dataset.children(p)]
        self.country = country
        slugs = Counter(_slug(p) for p in self.covered)
        self.province_page = {
            p.code: f"{CATALOG}/regions/{_slug(p) if slugs[_slug(p)] == 1 else p.code}.md"
            for p in self.covered
        }
        self.page_of: dict[str, str] = {}
        for province in self.covered:
            page = self.province_page[province.code]
            self.page_of[province.code] = page
            for region in dataset.descendants(province):
                self.page_of[region.code] = page
        for region in (country, *self.others):
            self.page_of[region.code] = f"{CATALOG}/index.md"
        for grouping in dataset.groupings:
            self.page_of[grouping.id] = f"{CATALOG}/index.md"
        for zone in dataset.zones:
            self.page_of[zone.id] = f"{CATALOG}/zones.md"
        for enterprise in dataset.enterprises:
            self.page_of[enterprise.id] = f"{CATALOG}/enterprises.md"
        for source in dataset.sources:
            self.page_of[source.id] = f"{CATALOG}/sources.md"
        self.indicators_of: dict[str, list[Indicator]] = {}
        for indicator in dataset.indicators:
            self.indicators_of.setdefault(indicator.subject_id, []).append(indicator)

    def link(self, entity_id: str, text: str, here: str) -> str:
        """A markdown link from page ``here`` to where an entity is listed (text if nowhere)."""
        page = self.page_of.get(entity_id)
        if page is None:
            return _cell(text)
        target = "" if page == here else posixpath.relpath(page, posixpath.dirname(here))
        return f"[{_cell(text)}]({target}#{_anchor_id(entity_id)})"

    def name_link(self, entity_id: str, here: str) -> str:
        entity = self.dataset.get(entity_id)
        return self.link(entity_id, getattr(entity, "name", entity_id), here)

    def figures_link(self, entity_id: str, here: str) -> str:
        count = len(self.indicators_of.get(entity_id, ()))
        if not count:
            return ""
        target = posixpath.relpath(f"{CATALOG}/indicators.md", posixpath.dirname(here))
        return f"[{count}]({target}#{_anchor_id('figures-' + entity_id)})"

    # -- pages ------------------------------------------------------------------------------

    def pages(self) -> list[CatalogPage]:
        self._village_page_list = self.village_pages()
        pages = [CatalogPage(f"{CATALOG}/index.md", "Overview", self.index_page())]
        pages += [
            CatalogPage(self.province_page[p.code], p.name, self.province_page_text(p))
            for p in self.covered
        ]
        pages.append(CatalogPage(f"{CATALOG}/villages/index.md", "Villages", self.villages_index()))
        pages += [
            CatalogPage(f"{CATALOG}/zones.md", "Zones", self.zones_page()),
            CatalogPage(f"{CATALOG}/enterprises.md", "Enterprises", self.enterprises_page()),
            CatalogPage(f"{CATALOG}/indicators.md", "Indicators", self.indicators_page()),
            CatalogPage(f"{CATALOG}/sources.md", "Sources", self.sources_page()),
        ]
        return pages + self._village_page_list

    def index_page(self) -> str:
        here = f"{CATALOG}/index.md"
        ds = self.dataset
        levels = Counter(r.level for r in ds.regions)
        out = [
            "# Dataset catalog\n",
            "Everything bundled with the package, generated from the data when the site is built "
            f"(data version **{_cell(ds.data_version)}**). Look any of it up with "
            '`sw.load().lookup("...")`.\n',
            _table(
                ["What", "How many", "Where"],
                [
                    ["Regions", f"{len(ds.regions):,}", "the province pages below"],
                    *[
                        [f"&nbsp;&nbsp;{level.value}", f"{levels[level]:,}", ""]
                        for level in Level
                        if levels[level]
                    ],
                    ["Groupings", str(len(ds.groupings)), "[below](#groupings)"],
                    ["Zones", str(len(ds.zones)), "[Zones](zones.md)"],
                    ["Enterprises", str(len(ds.enterprises)), "[Enterprises](enterprises.md)"],
                    ["Metrics", str(len(ds.metrics)), "[Indicators](indicators.md#metrics)"],
                    ["Indicators", str(len(ds.indicators)), "[Indicators](indicators.md)"],
                    ["Sources", str(len(ds.sources)), "[Sources](sources.md)"],
                ],
            ),
            "## Provinces of Southwest China\n",
            "Each page lists the prefectures, counties, townships and the villages the sources "
            "name.\n",
            _table(
                ["Code", "Name", "Hanzi", "Pinyin", "Kind", "Prefectures", "Counties", "Townships"],
                [
                    [
                        _code(p.code),
                        self._province_link(p),
                        _cell(p.name_zh),
                        _cell(p.pinyin),
                        _kind(p.kind.value),
                        str(self._count(p, Level.PREFECTURE)),
                        str(self._count(p, Level.COUNTY)),
                        f"{self._count(p, Level.TOWNSHIP):,}",
                    ]
                    for p in self.covered
                ],
            ),
            "## Groupings { #groupings }\n",
            _table(
                ["Id", "Name", "Hanzi", "Members", "Figures"],
                [
                    [
                        f"{_anchor(g.id)}{_code(g.id)}",
                        _cell(g.name),
                        _cell(g.name_zh),
                        ", ".join(self.name_link(code, here) for code in g.members),
                        self.figures_link(g.id, here),
                    ]
                    for g in ds.groupings
                ],
            ),
            *[f"- **{_cell(g.name)}**: {_cell(g.description)}\n" for g in ds.groupings],
            "\n## The country and the other province-level divisions\n",
            "Listed for the country level and the groupings; the library does not cover the "
            "divisions below them.\n",
            self._region_table([self.country, *self.others], here),
        ]
        return "\n".join(out)

    def _province_link(self, province: Region) -> str:
        target = posixpath.relpath(self.province_page[province.code], CATALOG)
        return f"[{_cell(province.name)}]({target})"

    def _count(self, region: Region, level: Level) -> int:
        return sum(1 for r in self.dataset.descendants(region) if r.level is level)

    def _region_table(
        self,
        regions: Sequence[Region],
        here: str,
        *,
        extra: Sequence[str] = (),
        anchors: bool = True,
    ) -> str:
        headers = ["Code", "Name", "Hanzi", "Pinyin", "Kind", *extra, "Figures"]
        rows = []
        for region in regions:
            name = self.link(region.code, region.name, here) if not anchors else _cell(region.name)
            fate = retirement(region.code)
            if fate is not None:  # a retired division says so wherever it is listed
                successors = ", ".join(_code(record.code) for record in fate.successors)
                name += f" (retired {fate.record.end_year}" + (
                    f", succeeded by {successors})" if successors else ")"
                )
            row = [
                f"{_anchor(region.code) if anchors else ''}{_code(region.code)}",
                name,
                _cell(region.name_zh),
                _cell(region.pinyin),
                _kind(region.kind.value),
            ]
            for column in extra:
                if column == "Counties":
                    row.append(str(len(self.dataset.children(region))))
                elif column == "Townships":
                    row.append(str(self._count(region, Level.TOWNSHIP)))
                elif column in ("County", "Township"):
                    parent = region.parent or ""
                    row.append(f"{_cell(self.dataset.regions[parent].name)} ({_code(parent)})")
            row.append(self.figures_link(region.code, here))
            rows.append(row)
        return _table(headers, rows)

    def _notes(self, regions: Iterable[Region]) -> str:
        notes = [r for r in regions if r.note or r.predecessors]
        if not notes:
            return ""
        lines = ["Notes:\n"]
        for region in notes:
            text = _cell(region.note)
            if region.predecessors:
                text += f" Replaced {', '.join(_code(c) for c in region.predecessors)}."
            lines.append(f"- {_code(region.code)} {_cell(region.name)}: {text.strip()}")
        return "\n".join(lines) + "\n"

    def province_page_text(self, province: Region) -> str:
        here = self.province_page[province.code]
        ds = self.dataset
        prefectures = ds.children(province)
        everything = ds.descendants(province)
        villages = [r for r in everything if r.level is Level.VILLAGE]
        subjects = [
            entity
            for entity in (province, *everything, *ds.within(province))
            if entity.id in self.indicators_of
        ]
        out = [
            f"# {_cell(province.name)}\n",
            f"{_cell(province.name_zh)} · {_cell(province.pinyin)} · {_kind(province.kind.value)}"
            f" · code {_code(province.code)} · {len(prefectures)} prefecture-level divisions, "
            f"{self._count(province, Level.COUNTY)} counties, "
            f"{self._count(province, Level.TOWNSHIP):,} townships.\n",
            _anchor(province.code) + "\n",
        ]
        if province.note:
            out.append(_cell(province.note) + "\n")
        if subjects:
            out.append(
                "Figures are reported about: "
                + ", ".join(
                    f"{_cell(getattr(e, 'name', e.id))} ({self.figures_link(e.id, here)})"
                    for e in dict.fromkeys(subjects)
                )
                + ".\n"
            )
        out += [
            "## Prefecture-level divisions\n",
            self._region_table(prefectures, here, extra=["Counties", "Townships"], anchors=False),
        ]
        for prefecture in prefectures:
            counties = ds.children(prefecture)
            townships = [t for county in counties for t in ds.children(county)]
            out += [
                f"## {_cell(prefecture.name)} {_cell(prefecture.name_zh)}"
                f" {{ #{_anchor_id(prefecture.code)} }}\n",
                f"Code {_code(prefecture.code)} · {_cell(prefecture.pinyin)} · "
                f"{_kind(prefecture.kind.value)} · {len(counties)} counties, "
                f"{len(townships):,} townships.\n",
                self._region_table(counties, here, extra=["Townships"]),
                self._notes([prefecture, *counties]),
            ]
            if townships:
                table = self._region_table(townships, here, extra=["County"])
                table += "\n" + self._notes(townships)
                title = f"Townships of {prefecture.name} ({len(townships):,})"
                out.append(f'??? note "{_cell(title)}"\n\n{_indent(table)}\n')
        if villages:
            out += [
                "## Villages and communities named by the sources\n",
                self._region_table(villages, here, extra=["Township"]),
                self._notes(villages),
            ]
        return "\n".join(out)

    # -- the NBS villages: one page per prefecture, never one page for all ---------------------

    def _villages_by_prefecture(self) -> dict[str, dict[str, list[list[str]]]]:
        """The NBS village rows (code, name, hanzi, township code), by prefecture and county."""
        table: dict[str, dict[str, list[list[str]]]] = {}
        text = files("swchina_dev.data").joinpath("villages.tsv").read_text(encoding="utf-8")
        for line in text.splitlines()[1:]:
            code, _kind_letter, name_zh, name, _pinyin = (line.split("\t") + [""] * 5)[:5]
            county = code[:6]
            parent = self.dataset.regions.get(county)
            prefecture = (
                parent.parent if parent is not None and parent.parent else county[:4] + "00"
            )
            table.setdefault(prefecture, {}).setdefault(county, []).append(
                [code, name, name_zh, code[:9]]
            )
        return table

    def village_pages(self) -> list[CatalogPage]:
        pages = []
        for prefecture, counties in sorted(self._villages_by_prefecture().items()):
            region = self.dataset.regions.get(prefecture)
            title = region.name if region is not None else prefecture
            pages.append(
                CatalogPage(
                    f"{CATALOG}/villages/{prefecture}.md",
                    f"Villages of {title}",
                    self._village_page(prefecture, title, counties),
                )
            )
        return pages

    def _village_page(
        self, prefecture: str, title: str, counties: dict[str, list[list[str]]]
    ) -> str:
        ds = self.dataset
        total = sum(len(rows) for rows in counties.values())
        out = [
            f"# Villages of {html.escape(title)}\n",
            f"The {total:,} villages and communities of the NBS 2023 division codes in "
            f"{html.escape(title)} ({_code(prefecture)}), county by county. Look one up with "
            '`sw.load().lookup("name", within="county")` or `swchina-dev lookup NAME --within '
            "COUNTY`. The search box finds the counties; the browser's find (Ctrl+F) finds a "
            "village on this page.\n",
        ]
        for county, rows in sorted(counties.items()):
            region = ds.regions.get(county)
            name = region.name if region is not None else county
            name_zh = region.name_zh if region is not None and region.name_zh else ""
            out.append(f"## {html.escape(name)} {html.escape(name_zh)} ({county}): {len(rows):,}\n")
            cells = "".join(
                f"<tr><td><code>{code}</code></td><td>{html.escape(village)}</td><td>{html.escape(hanzi)}</td><td>{html.escape(self._township_name(township))}</td></tr>"
                for code, village, hanzi, township in rows
            )
            # Raw HTML, kept out of the search index: 100,000 rows would swamp it.
            out.append(
                '<div class="village-table" data-search-exclude markdown="0">'
                "<table><thead><tr><th>Code</th><th>Name</th><th>Hanzi</th><th>Township</th>"
                f"</tr></thead><tbody>{cells}</tbody></table></div>\n"
            )
        return "\n".join(out)

    def _township_name(self, code: str) -> str:
        township = self.dataset.regions.get(code)
        return township.name if township is not None else code

    def villages_index(self) -> str:
        out = [
            "# Villages\n",
            "The NBS villages and communities (12-digit 2023 codes) have a page per prefecture, "
            "listed here by province; the villages the sources name are on the province pages "
            "too.\n",
        ]
        by_province: dict[str, list[str]] = {}
        for page in self._village_page_list:
            prefecture = page.path.rsplit("/", 1)[1].removesuffix(".md")
            by_province.setdefault(prefecture[:2], []).append(
                f"[{html.escape(page.title.removeprefix('Villages of '))}]({prefecture}.md)"
            )
        for province in self.covered:
            links = by_province.get(province.code[:2], [])
            if links:
                out.append(f"## {html.escape(province.name)}\n")
                out.append(" · ".join(links) + "\n")
        return "\n".join(out)

    def zones_page(self) -> str:
        here = f"{CATALOG}/zones.md"
        ds = self.dataset
        rows = [
            [
                f"{_anchor(z.id)}{_code(z.id)}",
                _cell(z.name),
                _cell(z.name_zh),
                _kind(z.kind.value),
                ", ".join(self.name_link(code, here) for code in z.regions),
                _cell(z.established),
                self.name_link(z.parent, here) if z.parent else "",
                _cell("; ".join(z.aliases)),
                self.figures_link(z.id, here),
            ]
            for z in ds.zones
        ]
        return "\n".join(
            [
                "# Zones\n",
                "Places that are not divisions but that sources report on: new areas, "
                "development zones, industrial parks, nature reserves, ports and corridors.\n",
                _table(
                    [
                        "Id",
                        "Name",
                        "Hanzi",
                        "Kind",
                        "Lies in",
                        "Established",
                        "Within",
                        "Aliases",
                        "Figures",
                    ],
                    rows,
                ),
                self._entity_notes(ds.zones),
            ]
        )

    def enterprises_page(self) -> str:
        here = f"{CATALOG}/enterprises.md"
        ds = self.dataset
        rows = [
            [
                f"{_anchor(e.id)}{_code(e.id)}",
                _cell(e.name),
                _cell(e.name_zh),
                self.name_link(e.region, here),
                self.name_link(e.zone, here) if e.zone else "",
                _cell(e.sector),
                _cell(e.founded),
                self.name_link(e.parent, here) if e.parent else "",
                _cell("; ".join(e.products)),
                self.figures_link(e.id, here),
            ]
            for e in ds.enterprises
        ]
        headers = ["Id", "Name", "Hanzi", "Region", "Zone", "Sector", "Founded", "Parent"]
        return "\n".join(
            [
                "# Enterprises\n",
                "Companies, plants, cooperatives and institutions that sources report on.\n",
                _table([*headers, "Products", "Figures"], rows),
                self._entity_notes(ds.enterprises),
            ]
        )

    def _entity_notes(self, entities: Iterable[Zone | Enterprise]) -> str:
        lines = [f"- {_code(e.id)}: {_cell(e.note)}" for e in entities if e.note]
        return "Notes:\n\n" + "\n".join(lines) + "\n" if lines else ""

    def indicators_page(self) -> str:
        here = f"{CATALOG}/indicators.md"
        ds = self.dataset
        out = [
            "# Indicators\n",
            f"Every figure the sources report ({len(ds.indicators)}), one table per subject. "
            "*Value* is the figure as stated, with its qualifier; *lower* and *upper* are the "
            "bounds the qualifier implies (see [Measures and qualifiers]"
            "(../guide/measures.md)); the period is what the value refers to "
            "(`asof:` a date, a year, a month, or a range).\n",
        ]
        sections: list[tuple[str, type]] = [
            ("Regions", Region),
            ("Groupings", Grouping),
            ("Zones", Zone),
            ("Enterprises", Enterprise),
        ]
        for title, kind in sections:
            subjects = [s for s in self.indicators_of if isinstance(ds.get(s), kind)]
            if not subjects:
                continue
            out.append(f"## {title}\n")
            for subject_id in subjects:
                out.append(self._subject_section(subject_id, here))
        out += ["## Metrics { #metrics }\n", self._metrics_table()]
        return "\n".join(out)

    def _subject_section(self, subject_id: str, here: str) -> str:
        indicators = self.indicators_of[subject_id]
        subject = self.dataset.get(subject_id)
        name = getattr(subject, "name", subject_id)
        rows = []
        notes = []
        for ind in indicators:
            measure = ind.measure
            rows.append(
                [
                    _code(ind.id),
                    _cell(what_it_measures(ind, self.dataset)),
                    _cell(_shown(measure)),
                    _cell(measure.qualifier.value),
                    _cell(_number(measure.lower_magnitude, measure)),
                    _cell(_number(measure.upper_magnitude, measure)),
                    _cell(ind.period),
                    _cell(ind.status.value),
                    self.link(ind.source.id, ind.source.publisher, here),
                ]
            )
            extra = []
            if ind.stated_conversion is not None:
                extra.append(f"The source also states {_cell(_shown(ind.stated_conversion))}.")
            if ind.derived_from:
                extra.append("Derived from " + ", ".join(_code(i) for i in ind.derived_from) + ".")
            if ind.tags:
                extra.append("Tags: " + ", ".join(tag.value for tag in ind.tags) + ".")
            text = " ".join([_cell(ind.note), *extra]).strip()
            if text:
                notes.append(f"- {_code(ind.id)}: {text}")
        heading = (
            f"### {_cell(name)}\n\n{_anchor('figures-' + subject_id)}"
            f"{self.link(subject_id, self.dataset.describe(subject_id), here)}\n"
        )
        headers = ["Indicator", "What it measures", "Value", "Qualifier", "Lower", "Upper"]
        headers.append("Period")
        return "\n".join(
            [heading, _table([*headers, "Status", "Source"], rows), "\n".join(notes) + "\n"]
        )

    def _metrics_table(self) -> str:
        return _table(
            ["Key", "Name", "Dimensionality", "Description"],
            [
                [
                    _code(m.key),
                    _cell(m.name),
                    _code(m.dimensionality) if m.dimensionality else "dimensionless",
                    _cell(m.description),
                ]
                for m in self.dataset.metrics
            ],
        )

    def sources_page(self) -> str:
        ds = self.dataset
        cited = Counter(ind.source.id for ind in ds.indicators)
        out = [
            "# Sources\n",
            "Every article, release and reference table that the bundled data cites, with its "
            "licence or reuse terms where it has one. The package ships facts and figures only, "
            "never the articles' text.\n",
        ]
        for source in ds.sources:
            rows = [
                ["Id", _code(source.id)],
                ["Kind", _kind(source.kind.value)],
                ["Publisher", _cell(source.publisher)],
                ["Title", _cell(source.title)],
                ["Date", source.date.isoformat() if source.date else "undated"],
                ["URL", f"<{source.url}>" if source.url else ""],
                ["Licence", _cell(source.licence) or "not stated"],
                ["Citation", _cell(source.citation())],
            ]
            if cited[source.id]:
                rows.append(["Cited by", f"{cited[source.id]} indicators"])
            if source.note:
                rows.append(["Note", _cell(source.note)])
            out += [
                f"## {_cell(source.publisher)}: {_cell(source.title)}\n",
                _anchor(source.id) + "\n",
                _table(["", ""], rows),
            ]
        bundled = files("swchina_dev.data").joinpath("SOURCES.md").read_text(encoding="utf-8")
        # One level down, so the bundled file's sections sit under this page's title.
        out.append(
            "\n".join("#" + line if line.startswith("#") else line for line in bundled.splitlines())
        )
        return "\n".join(out) + "\n"


def _digits(measure: Measure) -> int | None:
    # A stated figure shows as stated; a computed fraction ("a third") to three digits.
    return shown_precision(measure.magnitude, measure.lower_magnitude, measure.upper_magnitude)


def _shown(measure: Measure) -> str:
    """A measure as a person reads it: `at least 120 km²`, `1.4 trillion CNY`, `28.4%`."""
    return format_for_people(measure)


def _number(value: float | None, measure: Measure) -> str:
    if value is None:
        return "—"
    return format_number(value, significant=_digits(measure))


def catalog_pages(dataset: Dataset | None = None) -> list[CatalogPage]:
    """Return the catalog pages for a dataset (default: the bundled one), in nav order."""
    return _Catalog(dataset if dataset is not None else swchina_dev.load()).pages()


# -- the public names table on the API index ----------------------------------------------------


def public_name_targets() -> dict[str, str]:
    """Map every name in `swchina_dev.__all__` to the dotted path its API page documents.

    Classes and functions are documented where they are defined; other objects (`ureg`, `Q_`,
    `__version__`) in the package that `swchina_dev.EXPORTS` names for them.
    """
    homes = {name: module for module, names in swchina_dev.EXPORTS.items() for name in names}
    targets = {}
    for name in swchina_dev.__all__:
        obj = getattr(swchina_dev, name)
        module = getattr(obj, "__module__", None)
        if (
            isinstance(module, str)
            and module.startswith("swchina_dev")
            and getattr(obj, "__qualname__", None) == name
        ):
            targets[name] = f"{module}.{name}"
        else:
            targets[name] = f"{homes.get(name, 'swchina_dev')}.{name}"
    return targets


def public_names_table() -> str:
    """The markdown table of public names, each linked (by mkdocs-autorefs) to its docs.

    Each row also carries the anchor `swchina_dev.NAME`, so that docstrings may cross-reference
    the top-level name (`[Measure][swchina_dev.Measure]`) and land beside the link to its page.
    """
    rows = [
        [
            f"[](){{#swchina_dev.{name}}}[`{name}`][{target}]",
            _code(target.rpartition(".")[0]),
        ]
        for name, target in public_name_targets().items()
    ]
    return _table(["Name", "Documented in"], rows)


# -- mkdocs hooks -------------------------------------------------------------------------------

_pages: list[CatalogPage] = []


def on_config(config: Any) -> Any:
    """Generate the catalog and put its pages where ``catalog/index.md`` stands in the nav."""
    _pages[:] = catalog_pages()
    # The village pages are reached from the villages index, not listed in the navigation.
    entries = [
        {page.title: page.path}
        for page in _pages
        if not page.path.startswith(f"{CATALOG}/villages/") or page.path.endswith("index.md")
    ]
    nav = config.get("nav")
    if nav is None or not _replace_placeholder(nav, entries):
        raise ValueError(f"mkdocs.yml nav must name {NAV_PLACEHOLDER!r} where the catalog goes")
    return config


def _replace_placeholder(nav: list[Any], entries: list[dict[str, str]]) -> bool:
    for position, item in enumerate(nav):
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if value == NAV_PLACEHOLDER:
            if isinstance(item, dict):  # "Title: catalog/index.md" becomes a section
                nav[position] = {next(iter(item)): entries}
            else:
                nav[position : position + 1] = entries
            return True
        if isinstance(value, list) and _replace_placeholder(value, entries):
            return True
    return False


def on_files(files: Any, config: Any) -> Any:
    """Add the generated pages to the site's files."""
    from mkdocs.structure.files import File

    for page in _pages:
        files.append(File.generated(config, page.path, content=page.markdown))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Fill in the table of public names on the API index page."""
    if page.file.src_uri == API_INDEX and PUBLIC_NAMES_MARKER in markdown:
        return markdown.replace(PUBLIC_NAMES_MARKER, public_names_table())
    return markdown
