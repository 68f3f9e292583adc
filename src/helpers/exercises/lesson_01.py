"""Lesson 01's exercises (the remains handovers).

One is a look-up (01.2); the others ask the student to compute a change the lesson does not
print (01.1), to refit the decay to other years and compare (01.3), to judge a claim (01.4) and
to explain in words what a trend cannot tell (01.5).
"""

from __future__ import annotations

import math

from helpers import analysis, data
from helpers.exercises.checking import (
    ChoiceExercise,
    Mistake,
    NumberExercise,
    Option,
    TwoPartExercise,
    WordExercise,
)
from helpers.exercises.tables import handovers_by_year
from helpers.exercises.written import KeyIdea, Nudge, WrittenExercise

#: The years of exercise 01.1 (the rebound year and a later one) and 01.2 (from the rebound).
REBOUND, LATER = 2020, 2025


def _remains(year: int) -> int:
    return int(handovers_by_year().loc[year, "remains_returned"])


def _pct_change(first: int, second: int) -> float:
    return (_remains(second) - _remains(first)) / _remains(first) * 100


def _fit(first_year: int, last_year: int = 2019) -> analysis.DecayFit:
    return analysis.fit_decay(data.load_handovers(), first_year, last_year)


def _slower_or_faster() -> str:
    return "slower" if _fit(2015).half_life > _fit(2014).half_life else "faster"


_BY_YEAR = 'by_year = handovers.set_index("year")["remains_returned"]'

EXERCISES = {
    "01.1": NumberExercise(
        f"By what percent did the yearly number change from {REBOUND} to {LATER}? (A fall is "
        "negative; one decimal.)",
        lambda: _pct_change(REBOUND, LATER),
        f'take the yearly numbers of {REBOUND} and {LATER} from by_year (made under "How many '
        'remains came home each year?"), then work out the change the way "How fast did the '
        'early handovers fall?" does for one year and the next: the difference, divided by '
        "the starting year's number, as a percent. Round to one decimal.",
        "The handovers since the rebound have shrunk, though unevenly, not by a steady "
        "fraction each year.",
        decimals=1,
        unit="percent",
        mistakes=[
            Mistake(
                lambda: (_remains(LATER) - _remains(REBOUND)) / _remains(LATER) * 100,
                "you divided by the later year. A percent change divides the change by the "
                "number you start from.",
            ),
            Mistake(
                lambda: _remains(LATER) - _remains(REBOUND),
                "that is the change in sets of remains. Divide it by the starting year's "
                "number, then multiply by 100.",
            ),
            Mistake(
                lambda: _remains(LATER) / _remains(REBOUND) * 100,
                f"that is {LATER}'s number as a percent of {REBOUND}'s. The change is the "
                "difference divided by the starting number (or this minus 100).",
            ),
            Mistake(
                lambda: (
                    (
                        handovers_by_year().loc[LATER, "cumulative_returned"]
                        - handovers_by_year().loc[REBOUND, "cumulative_returned"]
                    )
                    / handovers_by_year().loc[REBOUND, "cumulative_returned"]
                    * 100
                ),
                "that is the change of the running totals (cumulative_returned). The question "
                "is about the yearly numbers, remains_returned.",
            ),
        ],
        hint_code=(
            f'(handovers.set_index("year")["remains_returned"][{LATER}]'
            f' - handovers.set_index("year")["remains_returned"][{REBOUND}])'
            f' / handovers.set_index("year")["remains_returned"][{REBOUND}] * 100'
        ),
    ),
    "01.2": NumberExercise(
        f"In which year, from {REBOUND} on, was the handover smallest?",
        lambda: int(handovers_by_year()["remains_returned"].loc[REBOUND:].idxmin()),
        f"start from by_year (the yearly numbers with the years as labels), keep only the "
        f"rows from {REBOUND} on, then ask for the label of the smallest value, not the "
        "value itself: the cell that prints the largest and the smallest handover shows both "
        "steps.",
        "So the smallest handover since the rebound came in that year: find it on the chart, "
        "and compare it with the handovers of 2015-2019.",
        unit="year",
        mistakes=[
            Mistake(
                lambda: int(handovers_by_year()["remains_returned"].idxmin()),
                f"that is the smallest of all the years. The question asks from {REBOUND} on.",
            ),
            Mistake(
                lambda: int(handovers_by_year()["remains_returned"].loc[REBOUND:].min()),
                "that is the number of remains. The question asks for the year.",
            ),
            Mistake(
                lambda: int(
                    data.load_handovers()
                    .loc[lambda table: table["year"] >= REBOUND, "remains_returned"]
                    .idxmin()
                ),
                'that looks like a row number, not a year: without set_index("year") the '
                "labels of the rows are 0, 1, 2, ... and idxmin gives one of those.",
            ),
        ],
        hint_code=(f'handovers.set_index("year")["remains_returned"].loc[{REBOUND}:].idxmin()'),
    ),
    "01.3": TwoPartExercise(
        "Fit the decay to 2015-2019, leaving out the 2014 backlog. (1) What half-life do you "
        "get, in years (two decimals)? (2) Compared with the 2014-2019 fit, is the decline "
        'slower or faster without 2014? Answer like (2.5, "faster").',
        [
            NumberExercise(
                "half-life of the 2015-2019 fit",
                lambda: _fit(2015).half_life,
                "fit again, in the working cell under the exercise and with names of your "
                "own (my_fit, my_half_life, ...): with the shortcut fit_decay, changing its "
                "first year, or by hand, making 2015 the first year where the window is "
                "picked, between(2015, 2019), and where the years are counted from it, "
                "- 2015. Then read the half-life.",
                "",
                decimals=2,
                mistakes=[
                    Mistake(
                        lambda: _fit(2014).half_life,
                        "that is the half-life of the 2014-2019 fit shown above. Change the "
                        "first year to 2015.",
                    ),
                    Mistake(
                        lambda: _fit(2015).rate,
                        "that is the rate (minus the slope), not the half-life: divide "
                        "np.log(2) by it.",
                    ),
                    Mistake(
                        lambda: _fit(2015).yearly_factor,
                        "that is the yearly factor (each year's share of the year before), "
                        "not the half-life.",
                    ),
                    Mistake(
                        lambda: math.log(2) / _fit(2015).half_life * 100,
                        "that is the rate in percent; the question asks for years.",
                    ),
                ],
                hint_code="analysis.fit_decay(handovers, first_year=2015, last_year=2019)"
                ".half_life",
            ),
            WordExercise(
                "slower or faster",
                _slower_or_faster,
                "a half-life is the time the yearly number takes to halve. Compare the two "
                "fits' half-lives and ask which decline takes longer to halve",
                "",
            ),
        ],
        "Leaving out the backlog year changes the speed of the fitted decline: a fit answers "
        "for the years you give it, so always say which years you used.",
    ),
    "01.4": ChoiceExercise(
        'A website writes: "The handovers halve every year. At this pace, all the remains '
        'will be home within ten years of the first handover." Is that what the data says?',
        {
            "a": Option(
                "Yes: the fitted curve falls below one set of remains a year within ten "
                "years of 2014, so nothing will be left to return.",
                False,
                "Look at what the curve counts and what the website's claim is about: are "
                "they the same thing? Then find the years since 2020 on the decay chart.",
            ),
            "b": Option(
                "No: the fit describes the numbers handed over from 2014 to 2019, not how "
                "many remains are left to find, and from 2020 on the handovers broke away "
                "from the curve.",
                True,
                "A trend in past handovers cannot count the remains still in the ground, and "
                "the 2020-2025 handovers left the curve far behind.",
            ),
            "c": Option(
                "Yes, only a few years later than the website says: fitted to other years, "
                "the decay reaches zero later.",
                False,
                "Changing the years you fit moves the date, but not the flaw: no fit to the "
                "handovers counts the remains still in the ground, and no curve of this kind "
                "ever reaches zero.",
            ),
            "d": Option(
                "No: the yearly numbers have been rising since 2019, so the remains will "
                "never run out.",
                False,
                "The numbers since 2020 went down and up, not steadily up. And no trend in "
                "past handovers, rising or falling, says how many remains are left.",
            ),
        },
        meaning="A trend in what was handed over is not a count of what is left.",
    ),
    "01.5": WrittenExercise(
        "The 2014-2019 decay expected only a handful of remains in 2020, and 117 came home. "
        "Look at the months under the years in the first chart. Name one thing in the data "
        "that helps explain part of the jump, and one thing the numbers cannot tell you "
        "about why it happened.",
        "The 2020 handover came in September, about a year and a half after the April 2019 "
        "one, while the curve gives one value for each calendar year: 2020 may hold finds from "
        "more than one season. Our sources do not say why it came later; Xinhua's report of "
        "it (28 September 2020, paragraph 6) says only that the Covid-19 outbreak made both "
        "sides work harder to complete it. But at the old pace, even eighteen months would "
        "bring only a handful, so the gap explains a little, not a jump to over a hundred. "
        "The numbers cannot say how many remains were dug up, where, or why more were found: more "
        "excavation, a change in how remains were identified as Chinese, or a decision by "
        "the two governments. For that you have to read the reports, not fit a curve.",
        ideas=[
            KeyIdea(
                "the longer wait before the 2020 handover",
                [
                    "septemb*",
                    "april",
                    "month*",
                    "year and a half",
                    "eighteen",
                    "18",
                    "delay*",
                    "postpon*",
                    "put off",
                    "later in the year",
                    "gap",
                    "wait*",
                    "more than a year",
                    "longer than a year",
                    "two seasons",
                    "more than one season",
                    "season*",
                    "interval",
                ],
                "Look at the months under 2019 and 2020 in the first chart: how long was it "
                "from one handover to the next, and what could pile up in that time?",
                required=True,
            ),
            KeyIdea(
                "what the numbers cannot say: how the remains were searched for and found",
                [
                    "excavat*",
                    "dig*",
                    "dug",
                    "search*",
                    "identif*",
                    "recover*",
                    "unearth*",
                    "politic*",
                    "diplomat*",
                    "decision*",
                    "decide*",
                    "government*",
                    "relations",
                    "agreement*",
                    "funding",
                    "budget*",
                    "effort*",
                    "report*",
                    "how many were found",
                    "cannot tell",
                    "can't tell",
                    "cannot say",
                    "can't say",
                    "don't tell",
                    "doesn't tell",
                    "do not tell",
                    "does not tell",
                    "don't say",
                    "doesn't say",
                    "not say",
                    "no way to know",
                    "not in the data",
                    "don't show",
                    "doesn't show",
                    "cannot show",
                ],
                "What happened before a set of remains could be handed over, that a count of "
                "handovers does not show?",
                required=True,
                absence=True,
            ),
        ],
        exercise_id="01.5",
        nudges=[
            Nudge(
                [
                    "count went wrong",
                    "count was wrong",
                    "count is wrong",
                    "count must be wrong",
                    "count of 2020 must be wrong",
                    "proves the count",
                ],
                "a jump is a signal to ask what changed, not proof that a count went wrong. "
                "What do the months under 2019 and 2020 show, and what can the yearly numbers "
                "not tell you?",
            ),
            Nudge(
                [
                    "covid caused",
                    "caused by covid",
                    "because of covid",
                ],
                "our sources name the Covid-19 outbreak only as the setting of the 2020 "
                "handover, not as the cause of the jump: Xinhua says only that it made both "
                "sides work harder to complete it. What do the months under 2019 and 2020 show, "
                "and what can the yearly numbers not tell you?",
            ),
            Nudge(
                [
                    "curve was wrong",
                    "fit was wrong",
                    "fit is wrong",
                    "curve is wrong",
                    "data is wrong",
                    "data are wrong",
                    "numbers are wrong",
                    "a mistake in the data",
                ],
                "the 117 is what the sources report, and the curve describes 2014-2019 only. "
                "Rather than call either wrong: what in the data, and what outside it, could "
                "make 2020 different from the years the curve was fitted to?",
            ),
            Nudge(
                [
                    "says everything",
                    "say everything",
                    "tells everything",
                    "tell everything",
                    "tells us everything",
                    "tell us everything",
                    "explains everything",
                    "nothing is unknown",
                    "nothing unknown",
                    "fully explain*",
                    "explains the jump",
                    "explain the jump",
                    "explains the whole",
                    "tell us exactly",
                    "tells us exactly",
                    "shows exactly",
                    "show exactly",
                    "exactly how",
                    "exactly why",
                    "was not longer",
                    "wasn't longer",
                    "does not matter",
                    "doesn't matter",
                    "do not matter",
                    "don't matter",
                ],
                "a count of handovers gives how many came home and when, nothing more, and the "
                "old pace would bring only a handful even over a longer wait. Which part of the "
                "jump can the dates help explain, and what would you have to read, beyond the "
                "numbers, to learn the rest?",
            ),
        ],
        min_words=12,
    ),
}
