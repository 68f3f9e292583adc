"""Lesson 02's exercises (competing Korean War death tolls).

Every expected answer and every named mistake is computed from the data when checked. The
exercises ask for what the lesson does not print: the spread of another party's estimates, a
share inside one set of records, the width of PRIO's own range; one judges a newspaper's claim
and one asks the student to edit a documentary's sentence.
"""

from __future__ import annotations

from helpers import analysis, data
from helpers.exercises.checking import (
    ChoiceExercise,
    Mistake,
    NumberExercise,
    Option,
    TwoPartExercise,
    WordExercise,
)
from helpers.exercises.tables import estimates_by_id
from helpers.exercises.written import KeyIdea, Nudge, WrittenExercise


def _korean_war():
    table = data.load_estimates()
    return table[table["conflict"] == "Korean War"]


def _best(estimate_id: str) -> float:
    return float(estimates_by_id().loc[estimate_id, "best"])


def _north_korea_dead():
    return analysis.select(_korean_war(), party="North Korea", measure="dead")["best"]


def _prio_whole_war() -> dict:
    return analysis.sum_ranges(analysis.select(_korean_war(), measure="battle_deaths"))


def _killed_share(killed_id: str, dead_id: str) -> float:
    return _best(killed_id) / _best(dead_id) * 100


KILLED, DEAD = "kw-china-killed-medical-records", "kw-china-dead-medical-records"

EXERCISES = {
    "02.1": NumberExercise(
        "For North Korea's military dead, what is the ratio of the highest estimate to the "
        "lowest?",
        lambda: float(_north_korea_dead().max() / _north_korea_dead().min()),
        'do for North Korea what "Open the box: how far apart are they?" does for China: '
        "keep the Korean War rows of party North Korea whose measure is the dead, then divide "
        'the largest "best" figure by the smallest.',
        "The estimates of North Korea's dead lie far apart too, and both come from outside "
        "North Korea: our data holds no count of its own.",
        decimals=2,
        unit="ratio",
        mistakes=[
            Mistake(
                lambda: _north_korea_dead().min() / _north_korea_dead().max(),
                "you divided the lowest by the highest. The ratio of the highest to the lowest "
                "puts the highest on top.",
            ),
            Mistake(
                lambda: analysis.spread(_korean_war(), "China", "dead")["ratio"],
                "that is the ratio for China's dead, worked out in the lesson. Pick North "
                "Korea's rows instead.",
            ),
        ],
        hint_code=(
            'analysis.select(estimates, party="North Korea", measure="dead", '
            'conflict="Korean War")["best"].max() / analysis.select(estimates, '
            'party="North Korea", measure="dead", conflict="Korean War")["best"].min()'
        ),
    ),
    "02.2": ChoiceExercise(
        'A newspaper writes: "China\'s count of its dead doubled between 2000 and 2014." Is '
        "that what the data says?",
        {
            "a": Option(
                "Yes: 115,000 in 2000 and 197,653 in 2014 is close enough to a doubling.",
                False,
                "a rise from one figure to another means something only if both count the "
                "same people. Compare the measure and the scope of the 2000 rows with those of "
                "the 2014 register in the tables, and check the arithmetic as well.",
            ),
            "b": Option(
                "No: in 2000 China also gave a further 25,000 deaths from accidents and "
                "illness, and the 2014 register counts a wider group, so the rise is well short "
                "of double and comes mostly from counting more kinds of people.",
                True,
                "The figures of 2000 add up to about 140,000 dead in all, and the 2014 register "
                "adds labourers, the missing and deaths until 1958.",
            ),
            "c": Option(
                "No: the count fell, because 23,246 names in the 2014 register are duplicates.",
                False,
                "Read the register's note again: the 23,246 are martyrs who share their name "
                "with another. They are people in the count, not entries counted twice, so "
                "taking them away would undercount.",
            ),
            "d": Option(
                "Yes: the Western estimate of 400,000 shows that the true count doubled.",
                False,
                "The 400,000 is not a Chinese count at all: it has no author, no scope and no "
                "date of its own. It cannot show how China's count changed.",
            ),
        },
        meaning="A change in a count over time is often a change in what is counted.",
    ),
    "02.3": NumberExercise(
        "In the wartime medical records, what percent of the dead were killed in battle and "
        "accidents?",
        lambda: _killed_share(KILLED, DEAD),
        'in the table by_id (made under "How many Chinese soldiers died?"), find the two '
        'rows of the wartime medical records, the killed and the dead, and read their "best" '
        "figures; the share is the part over the whole, as a percent.",
        "About three in four of the dead in those records were killed; the rest died of wounds "
        "or illness, which is why a killed figure and a dead figure must never be compared as "
        "rivals.",
        decimals=1,
        unit="percent",
        mistakes=[
            Mistake(
                lambda: _killed_share(KILLED, "kw-china-dead-museum-2010"),
                "you divided by the museum's count of late 2010, a different count. Take both "
                "figures from the same medical records.",
            ),
            Mistake(
                lambda: _killed_share(KILLED, "kw-china-dead-martyrs-2014"),
                "you divided by the 2014 register, which counts a wider group. Take both figures "
                "from the same medical records.",
            ),
            Mistake(
                lambda: _killed_share("kw-china-killed-official-2000", DEAD),
                "that uses the killed figure of 2000, from another source. Take both figures "
                "from the same medical records.",
            ),
            Mistake(
                lambda: _best(DEAD) / _best(KILLED) * 100,
                "you divided the dead by the killed. The killed are the part: put them on top.",
            ),
        ],
        hint_code=(
            'estimates.set_index("estimate_id").loc["kw-china-killed-medical-records", "best"]'
            ' / estimates.set_index("estimate_id").loc["kw-china-dead-medical-records", "best"]'
            " * 100"
        ),
    ),
    "02.4": TwoPartExercise(
        "(1) What is the ratio of PRIO's high estimate of battle deaths for the whole war to its "
        "low estimate? (2) Is that ratio larger or smaller than the ratio of the highest to the "
        'lowest estimate of China\'s dead (measure "dead"), worked out in the lesson?',
        [
            NumberExercise(
                "What is the ratio of PRIO's whole-war high to its low?",
                lambda: _prio_whole_war()["high"] / _prio_whole_war()["low"],
                "add up the yearly low figures and the yearly high figures of PRIO's battle "
                'deaths, as "Open the box: the whole war" does, then divide the high total '
                "by the low one.",
                "PRIO's own range is wide.",
                decimals=2,
                unit="ratio",
                mistakes=[
                    Mistake(
                        lambda: _prio_whole_war()["low"] / _prio_whole_war()["high"],
                        "you divided the low by the high: put the high on top.",
                    ),
                    Mistake(
                        lambda: _prio_whole_war()["best"] / _prio_whole_war()["low"],
                        "that divides the best by the low. The question compares the high with "
                        "the low.",
                    ),
                    Mistake(
                        lambda: _prio_whole_war()["high"] / _prio_whole_war()["best"],
                        "that divides the high by the best. The question compares the high with "
                        "the low.",
                    ),
                ],
                hint_code=(
                    'analysis.select(estimates, measure="battle_deaths")["high"].sum() / '
                    'analysis.select(estimates, measure="battle_deaths")["low"].sum()'
                ),
            ),
            WordExercise(
                "Is PRIO's ratio larger or smaller than the ratio for China's dead?",
                lambda: (
                    "smaller"
                    if _prio_whole_war()["high"] / _prio_whole_war()["low"]
                    < analysis.spread(_korean_war(), "China", "dead")["ratio"]
                    else "larger"
                ),
                'set your ratio beside the one for China\'s dead (the rows with measure "dead"), '
                "worked out under 'Open the box', and answer with one of the two words the "
                "question offers.",
                "",
                mistakes={
                    "same": "the two ratios are not equal: look again at which is larger.",
                    "larger": "set the two ratios side by side again: which one is the bigger "
                    "number, PRIO's or China's? Make sure you took China's dead, not its killed.",
                    "wider": "the question asks about the ratios: answer with one of the two "
                    "words it offers.",
                    "narrower": "the question asks about the ratios: answer with one of the two "
                    "words it offers.",
                },
            ),
        ],
        meaning="One careful dataset's own uncertainty is almost as wide as the quarrel "
        "between Chinese and Western figures: a range is part of the answer, not a flaw in it.",
    ),
    "02.5": WrittenExercise(
        'A documentary says: "China lost 400,000 soldiers in Korea, more than twice what '
        'Beijing admits." What should a careful editor change in that sentence, and why?',
        "The 400,000 is not a count anyone signs: in the data it has no author, no method and "
        "no scope, so it should be named as an unattributed Western estimate, not stated as a "
        "fact. 'Admits' claims that China hides deaths it knows of, which the data cannot "
        "show: China's own counts differ because they count different groups, from soldiers dead "
        "of battle, wounds and illness to a register that adds labourers and the missing "
        "(about 149,000 to 198,000). And 'more than twice' sets the "
        "400,000 against counts of different groups: it is only just twice the largest "
        "Chinese count, which also takes in labourers, the missing and deaths up to 1958, not "
        "only soldiers. A fair sentence says who made each figure and what it counts.",
        ideas=[
            KeyIdea(
                "the 400,000 has no named maker or method: say whose estimate it is",
                [
                    "author*",
                    "attribut*",
                    "unattribut*",
                    "who made",
                    "who gave",
                    "who says",
                    "who said",
                    "who counted",
                    "whose",
                    "source*",
                    "sourced",
                    "method*",
                    "cite*",
                    "citation*",
                    "anonymous",
                    "nobody signs",
                    "no one signs",
                    "not a fact",
                    "as a fact",
                    "as fact",
                    "estimate not",
                    "origin*",
                    "where it comes from",
                    "where it came from",
                    "western estimate*",
                    "unofficial",
                    "unverified",
                    "claimed by",
                ],
                "Who made the 400,000, and how? What does the sentence tell its viewers "
                "about that?",
                absence=True,
            ),
            KeyIdea(
                "'admits' claims China hides deaths, which the data cannot show",
                [
                    "admit*",
                    "conceal*",
                    "hide",
                    "hides",
                    "hiding",
                    "hidden",
                    "cover up",
                    "covering up",
                    "cover-up",
                    "loaded",
                    "accus*",
                    "implies",
                    "insinuat*",
                    "suggests china",
                    "dishonest",
                    "acknowledg*",
                    "keeps quiet",
                    "secret*",
                    "knows of",
                    "knows about",
                ],
                "What does the word 'admits' suggest about China's own counts, and can the "
                "data show that?",
            ),
            KeyIdea(
                "'twice' depends on which Chinese count, and they count different people",
                [
                    "which count",
                    "which chinese count",
                    "which figure",
                    "which number",
                    "which of",
                    "depends",
                    "twice",
                    "double*",
                    "more than twice",
                    "labour*",
                    "labor*",
                    "missing",
                    "1958",
                    "scope",
                    "different count*",
                    "counts differ",
                    "different things",
                    "different people",
                    "not only soldiers",
                    "not just soldiers",
                    "several count*",
                    "many count*",
                    "more than one count",
                    "other count*",
                    "what it counts",
                    "what they count",
                    "what each counts",
                    "wider group",
                    "registers",
                    "records",
                ],
                "Against which of China's counts is the 400,000 'more than twice', and by how "
                "much? Do those counts take in only soldiers?",
            ),
        ],
        exercise_id="02.5",
        needed=2,
        nudges=[
            Nudge(
                [
                    "china is lying",
                    "china lies",
                    "china hides",
                    "china is hiding",
                    "china covers up",
                    "china is covering",
                    "beijing is lying",
                    "beijing lies",
                    "beijing hides",
                    "beijing is hiding",
                    "400,000 is true",
                    "400,000 is right",
                    "400,000 is correct",
                    "400,000 is the real",
                    "400,000 is the true",
                    "nothing should change",
                    "nothing needs to change",
                    "change nothing",
                    "sentence is fine",
                    "sentence is correct",
                ],
                "the data holds no evidence of what China knows and does not say, and nothing "
                "that backs the 400,000 as a count. What can you say from the figures "
                "themselves: who made each one, and what does each count?",
            ),
            Nudge(
                [
                    "fine to state",
                    "fine as fact",
                    "fine as a fact",
                    "state it as fact",
                    "state it as a fact",
                    "admits is fine",
                    "admit is fine",
                    "is fine as it is",
                    "twice whichever",
                    "whichever chinese count",
                    "whichever count",
                    "any chinese count",
                    "every count is only soldiers",
                    "is only soldiers",
                    "are only soldiers",
                    "all counts are soldiers",
                    "only count soldiers",
                    "only counts soldiers",
                ],
                "look again at each part of the sentence. Who stands behind the 400,000? What "
                "does 'admits' say about China? And set the 400,000 beside each of China's "
                "counts in the table: is it twice every one, and do they all count soldiers "
                "alone?",
            ),
        ],
        min_words=12,
    ),
}
