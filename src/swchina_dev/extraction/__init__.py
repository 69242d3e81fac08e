"""Reading the figures of whole articles into draft indicators.

Public face: [extract][swchina_dev.extract] (text to drafts) and
[Draft][swchina_dev.extraction.drafts.Draft]; the parts, each usable on its own:
[split_sentences][swchina_dev.extraction.sentences.split_sentences],
[find_figures][swchina_dev.extraction.figures.find_figures] (quantities, ranks and stated
conversions), [find_mentions][swchina_dev.extraction.mentions.find_mentions] and
[resolve_subjects][swchina_dev.extraction.subjects.resolve_subjects] (subjects),
[guess_period][swchina_dev.extraction.periods.guess_period] (period and status) and
[guess_metric][swchina_dev.extraction.metric_guesses.guess_metric] (metric, item, scope).
"""

from swchina_dev.extraction.articles import MAX_ARTICLE_LENGTH, extract
from swchina_dev.extraction.drafts import Draft
from swchina_dev.extraction.figures import Figure, find_figures
from swchina_dev.extraction.mentions import Mention, find_mentions
from swchina_dev.extraction.metric_guesses import MetricGuess, guess_metric
from swchina_dev.extraction.periods import PeriodGuess, guess_period
from swchina_dev.extraction.sentences import Sentence, split_sentences
from swchina_dev.extraction.subjects import SubjectGuess, resolve_subjects

__all__ = [
    "MAX_ARTICLE_LENGTH",
    "Draft",
    "Figure",
    "Mention",
    "MetricGuess",
    "PeriodGuess",
    "Sentence",
    "SubjectGuess",
    "extract",
    "find_figures",
    "find_mentions",
    "guess_metric",
    "guess_period",
    "resolve_subjects",
    "split_sentences",
]
