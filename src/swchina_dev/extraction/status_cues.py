"""The words that make a figure a goal or an estimate, or a goal achieved, English and Chinese.

[scan_statuses][swchina_dev.extraction.status_cues.scan_statuses] finds them;
[guess_period][swchina_dev.extraction.periods.guess_period] decides which applies to a figure.
Goals: "plans to", "aims to", "will", "is to", "set to", "strive to", "goal", "target", and the
progressive of making something ("is building six bases": they are not there yet); 计划, 目标,
力争, 争取, 将, 拟, 规划. Estimates: "expected", "estimated", "projected", "forecast", "likely";
预计, 预期, 估计, 有望. A goal achieved: "achieved the goals", "the target has been met",
目标已完成.

Examples:
    >>> [(cue.text, cue.status) for cue in scan_statuses("It plans to build 12 centres.")]
    [('plans to', <Status.TARGET: 'target'>)]
    >>> [cue.status for cue in scan_statuses("It has achieved the goals set out.")]
    [None]
"""

from __future__ import annotations

import functools
import re
from typing import Final

import attrs

from swchina_dev.extraction.pattern_needs import Patterns
from swchina_dev.extraction.time_words import EDGE
from swchina_dev.models import Status

__all__ = ["StatusCue", "scan_statuses"]


@attrs.frozen
class StatusCue:
    """A word saying a figure is a goal, an estimate, or a goal achieved (`status` None)."""

    start: int
    end: int
    text: str
    status: Status | None


_GOALS: Final = ("goal", "target", "task", "objective")
# Each pattern, the status it says, and its needs (see pattern_needs).
_STATUS_PATTERNS: Final[Patterns[Status | None]] = Patterns(
    (re.compile(pattern), status, needs)
    for pattern, status, needs in (
        # A goal the text says was met: its figure is reported (see periods.guess_period).
        (r"(?i:\b(?:achieved|achieves?|achieving|met|meets|fulfill?ed|fulfils?|accomplished"
         r"|attained|reali[sz]ed|completed|surpassed|exceeded|overfulfilled)\s+(?:[\w-]+\s+){0,4}?"
         r"(?:goals?|targets?|tasks?|objectives?))\b", None, _GOALS),
        (r"(?i:\b(?:goals?|targets?|tasks?|objectives?)\s+(?:[\w-]+\s+){0,6}?(?:has|have|had|was"
         r"|were)\s+(?:been\s+)?(?:\w+ly\s+)?(?:achieved|met|fulfill?ed|accomplished|attained"
         r"|reali[sz]ed|completed|reached))\b", None, _GOALS),
        (r"(?:完成|实现|达成|达到)了?[^，。；！？]{0,12}?(?:目标|任务)"
         r"|(?:目标|任务)[^，。；！？]{0,12}?已经?(?:全面)?(?:完成|实现|达成)",
         None, ("目标", "任务")),
        (rf"{EDGE}(?i:(?:is|are|was|were)\s+expected|expected|expects?|expecting|estimated?"
         r"|estimates|projected|projections?|forecasts?|forecasted|predicted|predicts?"
         r"|anticipated|likely)(?!\w)", Status.ESTIMATE,
         ("expect", "estimat", "project", "forecast", "predict", "anticipat", "likely")),
        (r"预计|预期|估计|预测|有望|预估", Status.ESTIMATE,
         ("预计", "预期", "估计", "预测", "有望", "预估")),
        (rf"{EDGE}(?i:plans?\s+to|planned\s+to|planning\s+to|aims?\s+(?:to|at)|aimed\s+(?:to|at)"
         r"|aiming\s+(?:to|at)|striv(?:e|es|ed|ing)\s+to|strove\s+to|seeks?\s+to|seeking\s+to"
         r"|intends?\s+to|intended\s+to|vow(?:s|ed)?\s+to|pledg(?:e|es|ed)\s+to|(?:is|are|was"
         r"|were)\s+set\s+to|set\s+to\s+(?:be|become|reach|begin|start)|going\s+to|will|shall"
         r"|(?:is|are|was|were)\s+to\s+(?:be\s+)?[a-z]+|goals?|targets?(?!ed|ing)|objectives?"
         r"|[a-z]+['’]ll)(?!\w)", Status.TARGET, ("to", "aim", "ll", *_GOALS)),
        # The progressive of making: the things are not there yet ("is building six bases").
        (rf"{EDGE}(?i:is|are|am)\s+(?:(?i:\w+ly|also|now|still)\s+){{0,2}}(?i:building|constructing"
         r"|developing|creating|establishing|planning|setting\s+up|preparing)(?!\w)",
         Status.TARGET, ("building", "constructing", "developing", "creating", "establishing",
                         "planning", "setting", "preparing")),
        (r"计划|目标|力争|争取|将(?!近)|拟|规划|预定", Status.TARGET,
         ("计划", "目标", "力争", "争取", "将", "拟", "规划", "预定")),
    )
)  # fmt: skip


def scan_statuses(text: str) -> list[StatusCue]:
    """Find the words of goals and estimates in `text`, in order, none overlapping another.

    A cue whose `status` is None says a goal was achieved ("achieved the goals", "目标已完成").
    """
    return list(_scan_statuses(text))


@functools.lru_cache(maxsize=8)  # a sentence and the few around it: no more is reused
def _scan_statuses(text: str) -> tuple[StatusCue, ...]:
    # The figures of one sentence share its scan.
    patterns = _STATUS_PATTERNS.applicable(text)
    if not patterns:  # the text holds no need of any: nothing to find
        return ()
    found = sorted(
        (StatusCue(match.start(), match.end(), match[0], status)
         for pattern, status in patterns
         for match in pattern.finditer(text)),
        key=lambda cue: (cue.start, -cue.end),
    )  # fmt: skip
    cues: list[StatusCue] = []
    for cue in found:
        if cues and cue.start < cues[-1].end:
            continue
        if (
            cue.status is None
            and cues
            and cues[-1].status is Status.TARGET
            and _JOINED.fullmatch(text, cues[-1].end, cue.start)
        ):
            continue  # "计划完成……任务", "plans to meet the target": the goal, not its meeting
        cues.append(cue)
    return tuple(cues)


# Between a goal word and the words of meeting a goal that it governs.
_JOINED: Final = re.compile(r"\s*(?:要|将|to\s+)?\s*")
