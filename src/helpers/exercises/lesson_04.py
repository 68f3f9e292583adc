"""Lesson 04's exercises (checking the sources): the student checks one new report by hand.

The report is made up for the exercises and says so wherever it is shown: it is not in the
register or the ledger, and no table or chart uses it. Its own figures (the ones an invented
article would print) live in :data:`MADE_UP_REPORT`; every expected answer is computed from the
data, so it follows updates.
"""

from __future__ import annotations

import textwrap

import pandas as pd

from helpers import data
from helpers.exercises.checking import (
    ChoiceExercise,
    Mistake,
    NumberExercise,
    Option,
)
from helpers.exercises.written import KeyIdea, Nudge, WrittenExercise

#: An invented news story for the exercises: NOT a real article, not in the data.
MADE_UP_REPORT = {
    "publisher": "The Harbour Courier (carrying Yonhap)",
    "date_published": "2022-09-17",
    "agency": "Yonhap",
    "dateline": "SEOUL, Sept. 16 (Yonhap)",
    "year": 2022,
    "remains_returned": 88,
    "running_total": 940,
    "paragraphs": [
        "SEOUL, Sept. 16 (Yonhap) -- South Korea on Friday handed over to China the remains of "
        "88 Chinese soldiers who were killed in the 1950-53 Korean War, the defence ministry "
        "said.",
        "It was the ninth such handover since the two countries began returning the remains "
        "in 2014.",
        "With Friday's handover, 940 sets of remains have gone back to China in all, the "
        "ministry said.",
    ],
}


def print_made_up_report() -> None:
    """Print the made-up report, marked as made up, with its paragraphs numbered."""
    report = MADE_UP_REPORT
    print("MADE UP FOR THIS EXERCISE: not a real article, and not in the project's data.")
    print(f"{report['publisher']}, {report['date_published']}")
    for number, paragraph in enumerate(report["paragraphs"], start=1):
        print(textwrap.fill(f"para {number}: {paragraph}", 88, subsequent_indent="    "))


def _original_source_id() -> str:
    """Return the register id of the agency story that the made-up report carries."""
    register = data.load_sources()
    found = register[
        register["publisher"].str.contains(MADE_UP_REPORT["agency"])
        & (register["date_published"] == "2022-09-16")
    ]
    return found["source_id"].iloc[0]


def _paragraph_of(source_id: str, measure: str) -> int:
    """Return the paragraph number of the ledger claim of ``source_id`` with ``measure``."""
    claims = data.load_claims()
    found = claims[(claims["source_id"] == source_id) & (claims["measure"] == measure)]
    return int(found["locator"].iloc[0].split()[-1])


def _total_paragraph() -> int:
    """Return the paragraph in which the carried Yonhap story gives its running total."""
    return _paragraph_of(_original_source_id(), "cumulative_returned")


def _total_through(year: int) -> int:
    handovers = data.load_handovers()
    return int(handovers[handovers["year"] <= year]["remains_returned"].sum())


def _difference() -> int:
    return MADE_UP_REPORT["running_total"] - _total_through(MADE_UP_REPORT["year"])


def _articles_for_total(year: int) -> pd.DataFrame:
    """Return the used running-total claims for ``year``, with each source's register row."""
    claims = data.load_claims()
    totals = claims[
        (claims["measure"] == "cumulative_returned")
        & (claims["status"] == "used")
        & (claims["refers_to"] == str(year))
    ]
    return totals[["claim_id", "source_id", "value"]].merge(data.load_sources(), on="source_id")


def independent_sources(year: int, agency: str = "Xinhua") -> int:
    """Return how many independent sources back ``year``'s running total in the ledger.

    Every article whose publisher or notes name ``agency`` counts as that agency (one source);
    every other article counts once per distinct publisher. This is the recipe lesson 04 shows.
    """
    articles = _articles_for_total(year)
    names_agency = articles["publisher"].str.contains(agency) | articles["notes"].str.contains(
        agency
    )
    return int(names_agency.any()) + articles[~names_agency]["publisher"].nunique()


def _articles(year: int) -> int:
    return len(_articles_for_total(year))


def _publishers(year: int) -> int:
    return _articles_for_total(year)["publisher"].nunique()


_COUNT_2022 = (
    "repeat the cells that counted the sources for 2020, with 2022 in place of 2020: pick "
    "the used running totals for 2022, keep their claim_id, source_id and value, merge them "
    "with the register, mark the articles whose "
    "publisher or notes name Xinhua, then add 1 (for Xinhua) to the number of other publishers."
)

#: How an answer names the story the made-up report carries ...
_THE_ORIGINAL = [
    "yonhap*",
    "original*",
    "agency story",
    "agency's story",
    "agency report",
    "agency's report",
    "wire story",
    "wire report",
    "story it carries",
    "story it copies",
    "story it reprints",
    "story it is copied from",
    "story from 04.1",
    "04.1",
    "source story",
    "first report",
]
#: ... and the total that story gives: 913, the right one, the one that matches. Not "total" or
#: "match" alone: "a copy of Yonhap, and the total does not match" says nothing of the original.
_ITS_TOTAL = [
    "913",
    "right",
    "correct*",
    "that does",
    "that match*",
    "which match*",
    "matching",
    "the same",
    "agree*",
    "recomput*",
]
#: The idea needs both, in that order and at most nine words apart ("the Yonhap story it copies
#: says 913"), or 913 first ("913, as the original says"): naming the copy ("it is only a
#: newspaper copy") or the agency alone is not the idea.
_ORIGINAL_GIVES_THE_TOTAL = [
    f"{original} ... ... ... {total}" for original in _THE_ORIGINAL for total in _ITS_TOTAL
] + [f"913 ... ... ... {original}" for original in _THE_ORIGINAL]

EXERCISES = {
    "04.1": NumberExercise(
        "The made-up report says it carries a Yonhap story from Seoul, dated 16 September "
        "2022. Find that story in the register, then its claims in the ledger: in which "
        "paragraph does the Yonhap story give the running total (measure "
        "cumulative_returned)? Give the paragraph's number.",
        _total_paragraph,
        "first find the story's source_id: filter the register on two conditions, the "
        'publisher contains "Yonhap" and date_published is "2022-09-16". Then keep the '
        "ledger's claims with that source_id and the measure cumulative_returned, and read "
        "their locator.",
        "You found the original and the paragraph to check the copy against: read that "
        "claim's value too. 04.4 and 04.5 ask what the original gives as the total.",
        mistakes=[
            Mistake(
                lambda: _paragraph_of(_original_source_id(), "remains_returned"),
                "that paragraph gives the yearly figure (measure remains_returned), not the "
                "running total.",
            ),
            Mistake(
                lambda: _paragraph_of("presstv-2022-09-16", "cumulative_returned"),
                "that is where Press TV gives its total; Press TV reported the same day, but "
                "the made-up report names Yonhap.",
            ),
            Mistake(
                lambda: len(MADE_UP_REPORT["paragraphs"]),
                "that is the paragraph of the made-up report itself (or of a later Yonhap "
                "story). The question asks about the Yonhap story of 16 September 2022 in "
                "the ledger.",
            ),
        ],
        hint_code=(
            'int(claims[(claims["source_id"] == sources[sources["publisher"].str.contains('
            '"Yonhap") & (sources["date_published"] == "2022-09-16")]["source_id"].iloc[0]) '
            '& (claims["measure"] == "cumulative_returned")]["locator"].iloc[0].split()[-1])'
        ),
    ),
    "04.2": NumberExercise(
        "By how many sets of remains does the made-up report's running total differ from the "
        "total recomputed from the yearly figures through the same year? Give the report's "
        "total minus the recomputed one.",
        _difference,
        "add up remains_returned for every year up to and including the report's year (a "
        "filter with <=, then .sum()), and subtract that from the report's total "
        "(paragraph 3).",
        "The report's total does not add up: its own yearly figure matches, its total does not.",
        mistakes=[
            Mistake(
                lambda: MADE_UP_REPORT["running_total"] - _total_through(2021),
                "that compares with the total through 2021, before the ninth handover. The "
                "report's total includes the 2022 handover, so include 2022 (use <=, not <).",
            ),
            Mistake(
                lambda: (
                    MADE_UP_REPORT["running_total"]
                    - _total_through(int(data.load_handovers()["year"].max()))
                ),
                "that compares with the latest running total. Compare with the total through "
                "the report's own year, 2022.",
            ),
            Mistake(
                lambda: _total_through(MADE_UP_REPORT["year"]),
                "that is the recomputed total itself; the question asks for the report's "
                "total minus it.",
            ),
            Mistake(
                lambda: -_difference(),
                "the question asks for the report's total minus the recomputed one. Which of "
                "the two is bigger?",
            ),
        ],
        hint_code='940 - handovers[handovers["year"] <= 2022]["remains_returned"].sum()',
    ),
    "04.3": NumberExercise(
        "The ledger holds several articles (used claims) that give the running total through "
        "2022. Following the recipe shown for 2020, how many independent reporting sources do "
        "they come from (an agency and every article that passes on its report count as one; "
        "every other publisher counts once)?",
        lambda: independent_sources(2022),
        _COUNT_2022,
        "Several articles, few sources: agreement between copies of one report is not "
        "agreement between independent checks.",
        mistakes=[
            Mistake(
                lambda: _articles(2022),
                "that counts articles. Some of them pass on the same agency's report: find "
                "which name Xinhua in the publisher or the notes, and count Xinhua once.",
            ),
            Mistake(
                lambda: _publishers(2022),
                "check two things. A publisher that carries Xinhua, or says its details "
                "come from Xinhua, is passing on Xinhua's report: count it as Xinhua. And two "
                "stories by one publisher are one source too: count each other publisher once.",
            ),
        ],
        hint_code=(
            '(articles := claims[(claims["measure"] == "cumulative_returned") '
            '& (claims["status"] == "used") & (claims["refers_to"] == "2022")]'
            '[["claim_id", "source_id", "value"]].merge(sources, on="source_id")) is not None '
            'and int((names_xinhua := articles["publisher"].str.contains("Xinhua") '
            '| articles["notes"].str.contains("Xinhua")).any()) '
            '+ articles[~names_xinhua]["publisher"].nunique()'
        ),
    ),
    "04.4": ChoiceExercise(
        "Should the ledger use the made-up report's running total, or set it aside? Pick the "
        "decision and the reason that go together.",
        {
            "a": Option(
                "Use it: it comes from a news agency, and agency copy is reliable.",
                False,
                "a trusted name does not check a number. Compare the report's total with the "
                "yearly figures (04.2) and with the story it carries (04.1) before you decide.",
            ),
            "b": Option(
                "Use it: its yearly figure for 2022 matches the ledger, so the total must be "
                "right too.",
                False,
                "the yearly figure and the total are two separate claims, and each is checked "
                "on its own: what did your check of the total in 04.2 give?",
            ),
            "c": Option(
                "Set it aside: its total does not match the sum of the yearly figures, and "
                "the original Yonhap story it carries (04.1) gives a total that does.",
                True,
                "The check and the original agree against the copy, and the copy adds no "
                "independent source anyway. The reason goes in status_reason, and the claim "
                "stays in the ledger.",
            ),
            "d": Option(
                "Set it aside: it is a copy of a wire report, and copies are never used.",
                False,
                "copies are used when they match: the ledger uses several 'via' and "
                "'carrying' copies. A copy adds no independent source, but that alone is no "
                "reason to set its figures aside.",
            ),
        },
    ),
    "04.5": WrittenExercise(
        "Write the status_reason you would record in the ledger for the made-up report's "
        "running total, in one or two sentences, the way the ledger words the set-aside "
        "reasons shown in this lesson. Say what you compared it with.",
        "Set aside: the total does not match the running total recomputed from the yearly "
        "figures through 2022, and the Yonhap story this article carries gives the total that "
        "does match; the report's yearly figure matches and may be used. The article adds no "
        "independent source: it is Yonhap's story.",
        ideas=[
            KeyIdea(
                "the decision: set the total aside",
                [
                    "set aside",
                    "set it aside",
                    "not use*",
                    "don't use",
                    "do not use",
                    "never use",
                    "reject*",
                    "exclud*",
                    "discard*",
                    "leave out",
                    "left out",
                    "leave it out",
                    "not used",
                    "unused",
                    "aside",
                ],
                "What does the ledger do with this claim: use it, or set it aside?",
                required=True,
            ),
            KeyIdea(
                "compared with the total recomputed from the yearly figures",
                [
                    "sum*",
                    "add up",
                    "added up",
                    "adds up",
                    "adding up",
                    "recomput*",
                    "recalcul*",
                    "yearly figure*",
                    "yearly number*",
                    "yearly total*",
                    "year by year",
                    "each year",
                    "the years",
                    "through 2022",
                    "up to 2022",
                    "to 2022",
                    "mismatch*",
                    "does not match",
                    "doesn't match",
                    "not match",
                    "disagree*",
                    "differ*",
                    "too high",
                    "too many",
                    "more than the",
                    "off by",
                    "inconsistent",
                ],
                "What did you compare the report's total with in 04.2, and what did you find?",
                absence=True,
            ),
            KeyIdea(
                "the original Yonhap story it carries gives the total that matches",
                _ORIGINAL_GIVES_THE_TOTAL,
                "What does the story the report carries (04.1) give as the total?",
            ),
        ],
        exercise_id="04.5",
        nudges=[
            Nudge(
                [
                    "^used",
                    "^use it",
                    "^use:",
                    "^keep it",
                    "^accept*",
                    "^status used",
                    "should be used",
                    "can be used",
                    "must be used",
                    "use the total",
                    "use its total",
                    "total is right",
                    "total is correct",
                    "total matches",
                    "it matches",
                    "940 match*",
                    "940 agree*",
                    "940 equals",
                    "940 is right",
                    "940 is correct",
                ],
                "the question asks for the reason to set the report's total aside. What did "
                "your check of that total in 04.2 show?",
            ),
        ],
        min_words=12,
    ),
}
