"""Who or what a figure is about: the subject of its sentence, or the one the text carries on.

[resolve_subjects][swchina_dev.extraction.subjects.resolve_subjects] gives each figure a
[SubjectGuess][swchina_dev.extraction.subjects.SubjectGuess] by these rules, in order:

1. the first name of the figure's sentence before the figure (the clause's subject: in "the
   Caohai National Nature Reserve in Weining ... covers over 120 square kilometers" the reserve,
   not the county it lies in); a containment chain counts as its innermost part, looked up within
   the parts outside it ("Huawu village, Xinren Miao township of Qianxi");
2. a reference back before the figure ("the city", "the company", "we") is what it refers to:
   the latest earlier mention of a matching kind;
3. a name after the figure in the same sentence, unless the sentence continues the one before
   ("It", "These", "Its ...");
4. otherwise the subject carried from the sentences before (the latest sentence's first
   subject).

A division is then taken as the one whose code was in use in the figure's period
([subject_in_period][swchina_dev.extraction.subjects.subject_in_period]): "Qianxi county" in a
figure of 2022 is Qianxi City (520581), which replaced the county in 2021.

A name the data does not have (a company, a village) is kept as written, with no id, and so is
a name that several divisions share when neither its chain nor the article's other places say
which ("Chengxiang Town": dozens of towns; "Rong County" in an article that names Sichuan is
Sichuan's). The evidence lists the mentions that chose the subject, innermost first.

Examples:
    >>> import swchina_dev as sw
    >>> from swchina_dev.extraction.figures import find_figures
    >>> from swchina_dev.extraction.sentences import split_sentences
    >>> text = (
    ...     "Taoying village of Nayong county grows 4,800 mu of cherries. "
    ...     "The village earns 28 million yuan."
    ... )
    >>> guesses = resolve_subjects(text, split_sentences(text), find_figures(text), sw.load())
    >>> for guess in guesses:
    ...     print(guess.id, guess.evidence)
    520525202-taoying ('Taoying village', 'Nayong county')
    520525202-taoying ('The village', 'Taoying village')
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import Final, NamedTuple

import attrs

from swchina_dev.catalog import Dataset, code_history, recode
from swchina_dev.errors import NotFoundError, SwchinaDevError
from swchina_dev.extraction.figures import Figure
from swchina_dev.extraction.mentions import Containment, Mention, find_mentions
from swchina_dev.extraction.sentences import Sentence
from swchina_dev.models import Enterprise, Grouping, Level, Period, Region, Zone

__all__ = ["SubjectGuess", "resolve_subjects", "subject_in_period"]


@attrs.frozen
class SubjectGuess:
    """The subject of a figure.

    Attributes:
        id: The region code or the zone, grouping or enterprise id, or None when the data does
            not have it.
        name: The name as the text gives it (for a reference back, the name it refers to).
        evidence: The mentions that chose it, as written: the chain ("Huawu village",
            "Xinren Miao township", "Qianxi") or the reference and what it refers to.
        confidence: 0 to 1.
    """

    id: str | None
    name: str | None
    evidence: tuple[str, ...] = ()
    confidence: float = 0.0


_NOBODY: Final = SubjectGuess(None, None, (), 0.0)
_CONTINUES: Final = re.compile(r"(?:It|Its|They|Their|These|This|Each|He|She|His|Her)\b")


def subject_in_period(subject: SubjectGuess, period: Period, dataset: Dataset) -> SubjectGuess:
    """The subject as the division whose code was in use in the figure's period.

    Articles keep the old name of a division for years after it changed ("Qianxi county" after
    the county became Qianxi City in 2021), and now and then give the new name to a time before
    the change. Codes belong to years (by the code history): a figure whose period begins in or
    after the first year its subject's code was out of use is about the one division that
    succeeded it ([recode][swchina_dev.catalog.history.recode]: `recoded`); a figure whose period
    ends before the code came into use is about the one division it replaced. Where several
    divisions did (a split, a merger), or the dataset lacks them, and for townships and villages
    (the code history has counties and the levels above), zones and enterprises, the subject is
    returned as it is; the evidence stays the text's.

    Args:
        subject: The subject [resolve_subjects][swchina_dev.extraction.subjects.resolve_subjects]
            chose.
        period: The figure's period.
        dataset: Where the successor or predecessor is looked up.

    Returns:
        The subject, or the division of the period (its id and name), confidence unchanged.

    Examples:
        >>> import swchina_dev as sw
        >>> county = SubjectGuess("520522", "Qianxi County", ("Qianxi county",), 0.9)
        >>> subject_in_period(county, sw.Period.year(2022), sw.load()).id
        '520581'
        >>> subject_in_period(county, sw.Period.year(2019), sw.load()).id
        '520522'
        >>> city = SubjectGuess("520581", "Qianxi City", ("Qianxi",), 0.6)
        >>> subject_in_period(city, sw.Period.year(2019), sw.load()).id
        '520522'
    """
    code = subject.id
    if code is None or not code.isdigit() or code not in dataset.regions:
        return subject
    try:
        records = code_history(code)
    except NotFoundError:  # a township: the history has counties and the levels above
        return subject
    last = records[-1]
    others: tuple[str, ...] = ()
    if last.end_year is not None and period.start.year >= last.end_year:
        try:  # from the code's last year in use; "merged_into" and "split" are not one place
            recoding = recode(code, last.end_year - 1, period.start.year)
        except SwchinaDevError:  # retired with no recorded successor
            return subject
        if recoding.relation == "recoded":
            others = recoding.targets
    elif period.end.year < last.start_year:
        others = dataset.regions[code].predecessors
    if len(others) != 1 or others[0] not in dataset.regions:
        return subject
    other = dataset.regions[others[0]]
    return attrs.evolve(subject, id=other.code, name=other.name)


class _Resolved(NamedTuple):
    """A mention resolved: a plain tuple, one made for every mention of an article."""

    mention: Mention
    id: str | None
    name: str
    kind: str  # a Level value, "enterprise", "zone", "grouping", "country", or a new name's kind
    evidence: tuple[str, ...]
    confidence: float
    outer_part: bool = False  # an outer part of a containment chain
    leading: bool = False  # the first name of its sentence


def resolve_subjects(
    text: str,
    sentences: Sequence[Sentence],
    figures: Sequence[Figure],
    dataset: Dataset,
    *,
    mentions: list[Mention] | None = None,
) -> list[SubjectGuess]:
    """The subject of each figure, in the order of `figures`.

    Args:
        text: The article.
        sentences: Its sentences
            ([split_sentences][swchina_dev.extraction.sentences.split_sentences]).
        figures: Its figures ([find_figures][swchina_dev.extraction.figures.find_figures]).
        dataset: Whose names and ids the subjects are resolved to.
        mentions: The text's mentions, if the caller has found them already
            ([find_mentions][swchina_dev.extraction.mentions.find_mentions] with `dataset`).

    Returns:
        One guess per figure.
    """
    within = Containment(dataset)
    if mentions is None:
        mentions = find_mentions(text, dataset, within)
    resolved = _resolve_all(mentions, _leading_mentions(mentions, sentences), dataset, within)
    guesses: list[SubjectGuess] = []
    # The names of the latest sentence that had any, and the subject they carry on, found when
    # a figure first needs it (most figures have a name of their own).
    topic_names: list[_Resolved] = []
    topic: _Resolved | None = None
    mention_index = 0
    figure_index = 0
    for sentence in sentences:
        inside: list[_Resolved] = []
        while (
            mention_index < len(resolved) and resolved[mention_index].mention.start < sentence.end
        ):
            if resolved[mention_index].mention.start >= sentence.start:
                inside.append(resolved[mention_index])
            mention_index += 1
        inner = [item for item in inside if not _is_outer(item, inside)]
        while figure_index < len(figures) and figures[figure_index].start < sentence.end:
            figure = figures[figure_index]
            figure_index += 1
            before = [item for item in inner if item.mention.end <= figure.start]
            after = [item for item in inner if item.mention.start >= figure.end]
            choice: _Resolved | None = None
            confidence_scale = 1.0
            if before:
                choice = _framed(text, before, within)
            elif after and _CONTINUES.match(text, sentence.start) is None:
                choice, confidence_scale = after[0], 0.8
            elif topic_names:
                if topic is None:
                    topic = _framed(text, topic_names, within)
                choice, confidence_scale = topic, 0.6
            guesses.append(_guess(choice, confidence_scale))
        if inner:
            topic_names, topic = inner, None
    while figure_index < len(figures):  # figures outside every sentence (none in practice)
        guesses.append(_NOBODY)
        figure_index += 1
    return guesses


# A place that frames its sentence: "In neighboring Yunnan province, the city of Lijiang ...".
_FRAME: Final = re.compile(r"(?:^|\W)(?:[Ii]n|[Aa]cross|[Tt]hroughout)\s+(?:[a-z-]+\s+){0,2}$")


def _framed(text: str, before: list[_Resolved], within: Containment) -> _Resolved:
    """The sentence's first name before the figure, or a place within it the frame introduces.

    "In Yunnan province, Lijiang welcomed 70 million visitors": Yunnan sets the scene; the
    figure is Lijiang's, a place inside it named after it.
    """
    first = before[0]
    start = first.mention.start
    if first.id is None or not _FRAME.search(text, max(0, start - 40), start):
        return first
    for later in before[1:]:
        if later.id is not None and later.kind in _REGION_KINDS and within(later.id, first.id):
            return later
    return first


def _guess(choice: _Resolved | None, scale: float) -> SubjectGuess:
    if choice is None:
        return _NOBODY
    return SubjectGuess(
        choice.id, choice.name, choice.evidence, round(choice.confidence * scale, 2)
    )


def _is_outer(item: _Resolved, inside: list[_Resolved]) -> bool:
    # The county of "the reserve in Weining county" is where the subject lies, not the subject.
    return item.outer_part and any(other is not item for other in inside)


def _leading_mentions(mentions: list[Mention], sentences: Sequence[Sentence]) -> set[int]:
    # The first name of each sentence: what the sentence is about, which "the province" and
    # "the company" refer back to before any name mentioned in passing.
    leading: set[int] = set()
    index = 0
    for sentence in sentences:
        first = None
        while index < len(mentions) and mentions[index].start < sentence.end:
            if (
                first is None
                and mentions[index].start >= sentence.start
                and mentions[index].kind != "reference"
            ):
                first = index
            index += 1
        if first is not None:
            leading.add(first)
    return leading


def _resolve_all(
    mentions: list[Mention], leading: set[int], dataset: Dataset, within: Containment
) -> list[_Resolved]:
    outer_parts = {mention.outer for mention in mentions if mention.outer is not None}
    # The divisions the article names without doubt: where a name that several share is sought.
    places = _Places(
        tuple(
            dict.fromkeys(
                mention.ids[0]
                for mention in mentions
                if len(mention.ids) == 1 and mention.ids[0] in dataset.regions
            )
        ),
        within,
    )
    resolved: list[_Resolved | None] = [None] * len(mentions)
    # Chains are resolved from the outside in: each part within the one outside it.
    for first in range(len(mentions)):
        # Each part of a chain within the one outside it, so the outer part comes first (in
        # English it follows, in hanzi it precedes).
        chain = [first]
        while (outer_index := mentions[chain[-1]].outer) is not None and outer_index not in chain:
            chain.append(outer_index)
        for index in reversed(chain):
            mention = mentions[index]
            if resolved[index] is not None or mention.kind == "reference":
                continue
            outer = resolved[mention.outer] if mention.outer is not None else None
            resolved[index] = _resolve_name(
                mention,
                outer,
                dataset,
                places,
                outer_part=index in outer_parts,
                leading=index in leading,
            )
    history = _History()
    for index, mention in enumerate(mentions):
        if mention.kind == "reference":
            resolved[index] = _resolve_reference(mention, history)
        if (item := resolved[index]) is not None:
            history.add(None if mention.kind == "reference" else item.kind, item)
    return [item for item in resolved if item is not None]


@attrs.frozen
class _Places:
    """The divisions an article names without doubt, and how to ask what lies within them."""

    codes: tuple[str, ...]
    within: Containment

    def narrow(self, ids: list[str], dataset: Dataset) -> tuple[list[str], str | None]:
        """The ids of a name that several divisions share, and their level if still in doubt.

        Divisions of one level that are not one place over time (Qianxi County and the city
        that replaced it are one) are told apart by the article's other places: the one that
        lies within one of them is meant. Where none or several do, the name stays in doubt
        (no ids, and the level they share): a wrong place is worse than none.
        """
        regions = [dataset.regions[code] for code in ids if code in dataset.regions]
        if len(regions) < 2 or any(r.level is not regions[0].level for r in regions):
            return ids, None
        replaced = {code for region in regions for code in region.predecessors}
        options = [region.code for region in regions if region.code not in replaced]
        if len(options) < 2:
            return ids, None
        meant = [code for code in options if any(self.within(code, place) for place in self.codes)]
        if len(meant) == 1:
            return meant, None
        return [], regions[0].level.value


def _resolve_name(
    mention: Mention,
    outer: _Resolved | None,
    dataset: Dataset,
    places: _Places,
    *,
    outer_part: bool,
    leading: bool,
) -> _Resolved:
    chain = (mention.text, *(outer.evidence if outer is not None else ()))
    scope = outer.id if outer is not None and outer.kind in _REGION_KINDS else None
    ids = list(mention.ids)
    if scope is not None and len(ids) != 1:
        within = [_id(e) for e in _safe_lookup_all(dataset, mention.text, scope)]
        ids = within  # none within the place that contains it: not one of these
    doubt: str | None = None
    if scope is None and len(ids) > 1:
        ids, doubt = places.narrow(ids, dataset)
    if doubt is not None:  # "Chengxiang town" with nothing to say whose: kept by name
        return _Resolved(mention, None, mention.text, doubt, chain, 0.4, outer_part, leading)
    if not ids and scope is not None:
        ids = _village_within(dataset, mention, scope)
    if not ids and outer is not None and mention.kind == "new":
        # "No.9 Middle School in Tongren" is often named "Tongren No.9 Middle School".
        ids = [
            _id(e) for e in _safe_lookup_all(dataset, f"{outer.mention.text} {mention.text}", None)
        ]
    if not ids:
        kind = mention.refers_to or "new"
        return _Resolved(mention, None, mention.text, kind, chain, 0.4, outer_part, leading)
    entity = dataset.get(ids[0]) if ids[0] in dataset.regions or _known(dataset, ids[0]) else None
    confidence = 0.9 if len(ids) == 1 else 0.6
    kind = _kind_of(entity) if entity is not None else "village"
    name = getattr(entity, "name", mention.text) if entity is not None else mention.text
    return _Resolved(mention, ids[0], str(name), kind, chain, confidence, outer_part, leading)


def _known(dataset: Dataset, entity_id: str) -> bool:
    try:
        dataset.get(entity_id)
    except SwchinaDevError:
        return False
    return True


def _safe_lookup_all(dataset: Dataset, name: str, scope: str | None) -> tuple[object, ...]:
    try:
        return dataset.lookup_all(name, within=scope, villages=False)
    except SwchinaDevError:
        return ()


def _village_within(dataset: Dataset, mention: Mention, scope: str) -> list[str]:
    if mention.refers_to not in ("village", "township"):
        return []
    try:
        return [_id(e) for e in dataset.lookup_all(mention.text, within=scope)][:1]
    except SwchinaDevError:
        return []


def _id(entity: object) -> str:
    return str(getattr(entity, "code", None) or getattr(entity, "id", ""))


_REGION_KINDS: Final = frozenset(level.value for level in Level)


def _kind_of(entity: object) -> str:
    if isinstance(entity, Region):
        return entity.level.value
    if isinstance(entity, Enterprise):
        return "enterprise"
    if isinstance(entity, Zone):
        return "zone"
    if isinstance(entity, Grouping):
        return "grouping"
    return "any"


# What a reference word can mean, as the kinds of _Resolved.
_REFERENCE_KINDS: Final[dict[str, frozenset[str]]] = {
    "province": frozenset({"province"}),
    # "The region" is an autonomous region (Tibet, Guangxi) or a wider one (the west), not a
    # prefecture-level city named before it.
    "region": frozenset({"province", "grouping"}),
    "municipality": frozenset({"province"}),
    "prefecture": frozenset({"prefecture"}),
    "city": frozenset({"prefecture", "county"}),
    "county": frozenset({"county"}),
    "district": frozenset({"county"}),
    "township": frozenset({"township"}),
    "village": frozenset({"village"}),
    "country": frozenset({"country", "grouping"}),
    "enterprise": frozenset({"enterprise"}),
    "zone": frozenset({"zone"}),
    "organisation": frozenset({"enterprise", "zone"}),
}


# For each kind of name, the sets of kinds a reference wants (in _REFERENCE_KINDS) that hold it.
_WANTED_WITH: Final[dict[str | None, tuple[frozenset[str], ...]]] = {
    kind: tuple(wanted for wanted in set(_REFERENCE_KINDS.values()) if kind in wanted)
    for kind in set().union(*_REFERENCE_KINDS.values())
}
# How many of the latest resolved mentions a reference is sought among.
_RECENT: Final = 60


class _History:
    """Every mention resolved so far, and where the names of each kind a reference wants are.

    A reference is sought among the latest mentions: the names it can mean are found by their
    positions, not by reading every latest mention.
    """

    def __init__(self) -> None:
        self.items: Final[list[_Resolved]] = []
        self._where: Final[dict[frozenset[str], list[int]]] = {}  # increasing positions

    def add(self, kind: str | None, item: _Resolved) -> None:
        """Add a resolved mention: a name of `kind`, or a reference (`kind` None)."""
        for wanted in _WANTED_WITH.get(kind, ()):
            self._where.setdefault(wanted, []).append(len(self.items))
        self.items.append(item)

    def recent(self, wanted: frozenset[str]) -> list[_Resolved]:
        """The names of a kind in `wanted` among the latest `_RECENT` mentions, in order."""
        where = self._where.get(wanted, [])
        first = bisect.bisect_left(where, len(self.items) - _RECENT)
        return [self.items[position] for position in where[first:]]


def _resolve_reference(mention: Mention, history: _History) -> _Resolved | None:
    # The names of a kind it can mean among the latest mentions.
    matching = history.recent(_REFERENCE_KINDS.get(mention.refers_to, frozenset()))
    if not matching:
        return None
    last = matching[-1]
    if mention.refers_to == "enterprise" and mention.text.lower() in ("we", "our", "us"):
        # "we" is the speaker's organisation: the one named last ("said X, an executive of Y").
        chosen = last
    elif last.leading and mention.start - last.mention.end <= _JUST_INTRODUCED:
        # "In Taoying village of Nayong county, ... The village ...": just introduced.
        chosen = last
    else:
        chosen = _most_salient(matching)
    return _Resolved(
        mention,
        chosen.id,
        chosen.name,
        chosen.kind,
        (mention.text, chosen.mention.text),
        0.7 if chosen.id is not None else 0.35,
    )


def _most_salient(matching: list[_Resolved]) -> _Resolved:
    # Salience: every earlier name counts, less the further back it is (and more when it led
    # its sentence), so the place an article keeps naming wins over a name said in passing,
    # and a company just introduced by its full name wins over the one before it.
    weights: dict[str, float] = {}
    latest: dict[str, _Resolved] = {}
    weight = 1.0
    for earlier in reversed(matching):
        key = earlier.id or earlier.name
        weights[key] = weights.get(key, 0.0) + weight * (1.5 if earlier.leading else 1.0)
        latest.setdefault(key, earlier)
        weight *= _DECAY
    best = max(weights, key=lambda key: weights[key])
    return latest[best]


_DECAY: Final = 0.7
#: Characters within which a reference means the name that led the sentence just before.
_JUST_INTRODUCED: Final = 300
