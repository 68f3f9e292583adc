"""Lesson 00's exercises (Start here): the glossary and the table toolkit, used on the data."""

from __future__ import annotations

from helpers import data
from helpers.exercises.checking import (
    ChoiceExercise,
    Mistake,
    NumberExercise,
    Option,
    WordExercise,
)
from helpers.exercises.written import KeyIdea, Nudge, WrittenExercise


def _remains(condition) -> int:
    """Return the remains returned in the years of the handovers table where ``condition``."""
    handovers = data.load_handovers()
    return int(handovers[condition(handovers["year"])]["remains_returned"].sum())


def _largest_after_2014():
    handovers = data.load_handovers()
    return handovers[handovers["year"] > 2014]


EXERCISES = {
    "00.1": WordExercise(
        "Which measure name counts killed plus wounded (sometimes plus missing)?",
        lambda: "casualties",
        "read the glossary table again: one measure adds the wounded to the killed.",
        "A casualty count includes its killed, so it is never smaller than the killed inside it.",
        mistakes={
            "killed": "killed counts only the dead; the question adds the wounded.",
            "dead": "dead counts deaths of every cause, not the wounded.",
            "wounded": "wounded leaves out the dead; the question wants both together.",
        },
    ),
    "00.2": NumberExercise(
        "How many sets of remains were handed over in 2020 and the years after it, all together?",
        lambda: _remains(lambda year: year >= 2020),
        "keep the rows whose year is 2020 or later (a filter with >=), then add up their "
        "remains_returned with .sum().",
        "The handovers since 2020 rose and fell from year to year rather than shrinking "
        "steadily: a handover count tells how many remains came home, not how many soldiers "
        "still lie unfound.",
        mistakes=[
            Mistake(
                lambda: _remains(lambda year: year > 2020),
                "that leaves out 2020 itself: '2020 and after' means >= 2020, not > 2020.",
            ),
            Mistake(
                lambda: _remains(lambda year: year < 2020),
                "that adds up the years before 2020; the question asks for 2020 and after.",
            ),
            Mistake(
                lambda: int(data.load_handovers()["remains_returned"].sum()),
                "that is every year since 2014 (the latest running total); keep only 2020 and "
                "the years after it first.",
            ),
        ],
        hint_code='handovers[handovers["year"] >= 2020]["remains_returned"].sum()',
    ),
    "00.3": NumberExercise(
        "Leave out the first handover (2014). In which of the remaining years were the most "
        "remains handed over? Give the year.",
        lambda: int(_largest_after_2014().set_index("year")["remains_returned"].idxmax()),
        "keep the years after 2014 (a filter), make the year the row label with "
        '.set_index("year"), then ask where the largest remains_returned is with .idxmax().',
        "It is not the year right after 2014: the yearly figures did not simply keep falling.",
        mistakes=[
            Mistake(
                lambda: int(data.load_handovers()["year"].min()),
                "that is the first handover, which the question leaves out.",
            ),
            Mistake(
                lambda: int(_largest_after_2014()["remains_returned"].max()),
                "that is how many remains, the largest value. The question asks in which "
                "year: use idxmax() instead of max().",
            ),
            Mistake(
                lambda: int(_largest_after_2014()["remains_returned"].idxmax()),
                "that is a row label (the row's position in the table), not a year. Make the "
                'year the row label first: .set_index("year").',
            ),
        ],
        hint_code=(
            'handovers[handovers["year"] > 2014].set_index("year")["remains_returned"].idxmax()'
        ),
        unit="year",
    ),
    "00.4": NumberExercise(
        "The claims ledger has one row per figure, and one source can give several figures. "
        "How many different sources give figures for the handovers strand?",
        lambda: data.load_claims().query("strand == 'handovers'")["source_id"].nunique(),
        "keep the claims whose strand is 'handovers' (a filter with ==), then count the "
        "different values of source_id with .nunique().",
        "Each source backs several claims on average: the same article often gives several years.",
        mistakes=[
            Mistake(
                lambda: int(data.load_claims()["strand"].eq("handovers").sum()),
                "that counts claims (rows), not sources. Use nunique() on source_id to count "
                "each source once.",
            ),
            Mistake(
                lambda: (
                    data.load_claims()
                    .query("strand == 'handovers' and status == 'used'")["source_id"]
                    .nunique()
                ),
                "that counts only the sources of claims the project uses. The question asks "
                "for every source that gives figures for the handovers, used or set aside: "
                "filter on strand only, not on status.",
            ),
            Mistake(
                lambda: data.load_claims()["source_id"].nunique(),
                "that counts the sources of all three strands (the whole register); keep the "
                "handovers strand only.",
            ),
        ],
        hint_code='claims[claims["strand"] == "handovers"]["source_id"].nunique()',
    ),
    "00.5": ChoiceExercise(
        "A headline says: 'Most of the Chinese soldiers' remains came home in the very first "
        "handover, in 2014.' Is that what the data says?",
        {
            "a": Option(
                "Yes: 2014 is the year with the most remains.",
                False,
                "it is the largest year, but 'most of the remains' means more than half of "
                "all of them. What share of the latest running total is 2014's figure?",
            ),
            "b": Option(
                "No: 2014 is the largest single handover, but it is less than half of all the "
                "remains returned so far.",
                True,
                "The first handover is the biggest, yet the later years together returned more.",
            ),
            "c": Option(
                "No: later handovers each returned more than the first.",
                False,
                "look at the largest value of remains_returned and where it is: no later "
                "year comes close to 2014.",
            ),
            "d": Option(
                "We cannot tell: the table does not give the total.",
                False,
                "it does: the running total (cumulative_returned) of the latest year is the "
                "total so far, and the sum of remains_returned gives the same.",
            ),
        },
        meaning="A 'most' claim is a claim about a share: check it against the total.",
    ),
    "00.6": WrittenExercise(
        "One report says North Korea's troops in Russia had about 3,000 casualties; another, "
        "from the same week, says about 300 were killed. Does one report contradict the "
        "other? Use the glossary to explain.",
        "Not necessarily. Casualties add the wounded (and sometimes the missing and captured) "
        "to the killed, so 300 killed can sit inside 3,000 casualties: they count different "
        "things. Before comparing, check what each source's word covers, who made each "
        "estimate and when; only two figures of the same measure, date and scope can "
        "contradict each other.",
        ideas=[
            KeyIdea(
                "a casualty count adds the wounded (or missing) to the killed",
                [
                    "wound*",
                    "injur*",
                    "hurt",
                    "missing",
                    "captur*",
                    "killed plus",
                    "killed and the",
                    "not only the dead",
                    "not just the dead",
                    "more than the dead",
                    "more than deaths",
                ],
                "What does the glossary say a count of casualties adds to the killed?",
            ),
            KeyIdea(
                "the 300 killed can be part of the 3,000",
                [
                    "part of",
                    "inside",
                    "within",
                    "included in",
                    "include* the killed",
                    "include* the dead",
                    "include* them",
                    "includ* ... killed",
                    "includ* ... dead",
                    "includ* ... deaths",
                    "among the",
                    "among ... casualties",
                    "among ... 3,000",
                    "among ... 3000",
                    "subset",
                    "contained",
                    "not contradict*",
                    "no contradiction",
                    "don't contradict*",
                    "doesn't contradict*",
                    "need not contradict*",
                    "needn't contradict*",
                    "not necessarily",
                    "both can be",
                    "both could be",
                    "both be",
                    "compatible",
                    "consistent",
                    "fit together",
                    "different thing*",
                    "different measure*",
                    "count different",
                    "counts different",
                    "not the same thing",
                ],
                "Could the 300 killed be among the 3,000 casualties, so that both reports are "
                "right?",
            ),
        ],
        exercise_id="00.6",
        nudges=[
            Nudge(
                [
                    "^yes",
                    "they contradict*",
                    "reports contradict*",
                    "does contradict*",
                    "do contradict*",
                    "one is wrong",
                    "one of them is wrong",
                    "one is lying",
                    "can't both be",
                    "cannot both be",
                    "clash*",
                    "killed are not part of",
                    "dead are not part of",
                    "not part of the 3,000",
                    "not part of that number",
                    "not part of the casualt*",
                    "not among the casualt*",
                    "not among the 3,000",
                    "not included in the 3,000",
                    "not included in the casualt*",
                ],
                "before deciding that the reports clash, look up the two words in the "
                "glossary: do a casualty count and a count of the killed count the same "
                "people?",
            ),
        ],
        min_words=8,
    ),
}
