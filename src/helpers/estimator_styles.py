"""One colour and one marker per estimator, the same in every chart of the collection.

What belongs here: the table that gives each estimator (the ``estimator`` column of
``casualty_estimates.csv``) its kind and its marker, and the colour of each kind. What does not:
drawing (that is :mod:`helpers.charts`, which reads this table) and any figure.

The colour says what kind of estimator made the estimate:

- **official**: a government counting its own side's dead (China's figures, South Korea's
  defence ministry, the US Department of Veterans Affairs, North Korea on its own soldiers);
- **foreign government**: a government or its officials estimating another country's losses
  (South Korea's intelligence service on North Korean troops, Ukraine, the UK, the US);
- **scholar or dataset**: a research dataset with a published method (PRIO);
- **unattributed press**: a figure a newspaper or wire service gives without naming who made
  it ("Western estimates", "an estimated 3 million").

The marker tells estimators of one kind apart. Styles are assigned by name, never by position,
so adding an estimator never changes anyone else's colour or marker.

Adding an estimator: add one line to :data:`ESTIMATORS` with its kind and a marker that no
other estimator of that kind uses (the tests check every estimator in the data has a line and
that no two lines share a colour and marker).
"""

from __future__ import annotations

from typing import NamedTuple

#: The colour of each kind of estimator (Okabe-Ito colours, safe for colour-blind readers).
KIND_COLOURS: dict[str, str] = {
    "official": "#0072B2",
    "foreign government": "#D55E00",
    "scholar or dataset": "#009E73",
    "unattributed press": "#CC79A7",
}

#: Readable names of the markers used below, for the printed key.
MARKER_NAMES: dict[str | tuple, str] = {
    "o": "circle",
    "s": "square",
    "D": "diamond",
    "P": "plus (filled)",
    "X": "cross (filled)",
    "*": "star",
    "h": "hexagon",
    "p": "pentagon",
    "d": "thin diamond",
    "H": "hexagon on its side",
    "8": "octagon",
    (4, 1, 0): "four-pointed star",
}


class EstimatorStyle(NamedTuple):
    """How an estimator is drawn: its kind, the kind's colour, its own marker, a short name."""

    estimator: str
    kind: str
    colour: str
    marker: str | tuple
    short: str


#: Every estimator in the data: its kind and its marker. Add new estimators at the end of
#: their kind's block, with a marker not yet used in that block.
ESTIMATORS: dict[str, tuple[str, str | tuple]] = {
    # official: a government counting its own side
    "Chinese official figures": ("official", "o"),
    "Chinese sources": ("official", "s"),
    "South Korean Ministry of National Defense": ("official", "D"),
    "South Korean government statistics": ("official", "P"),
    "US government (Department of Veterans Affairs)": ("official", "X"),
    "North Korea (as relayed by South Korean media)": ("official", "*"),
    "North Korea (Kim Jong Un, via KCNA)": ("official", "h"),
    # foreign government: a government or its officials estimating another country's losses
    "South Korea's National Intelligence Service": ("foreign government", "o"),
    "South Korea's Joint Chiefs of Staff": ("foreign government", "s"),
    "UK Ministry of Defence": ("foreign government", "D"),
    "US Department of Defense": ("foreign government", "P"),
    "Ukraine's president (Zelenskyy)": ("foreign government", "X"),
    "Ukraine's military intelligence (HUR)": ("foreign government", "*"),
    "Ukrainian officials": ("foreign government", "h"),
    "Western officials (to the BBC)": ("foreign government", "p"),
    "US government (at the UN)": ("foreign government", "d"),
    "South Korea (government)": ("foreign government", (4, 1, 0)),
    "Military Armistice Commission handbook": ("foreign government", "8"),
    # scholar or dataset: a published dataset or study with a stated method
    "PRIO Battle Deaths Dataset": ("scholar or dataset", "o"),
    # unattributed press: a figure the press gives without naming who made it
    "Western estimates": ("unattributed press", "o"),
    "Unattributed estimate (Al Jazeera)": ("unattributed press", "s"),
    "Unattributed estimate (Press TV)": ("unattributed press", "D"),
    "Unattributed estimate (Korea Herald)": ("unattributed press", "P"),
    "Unattributed estimate (wire copy)": ("unattributed press", "X"),
    "Unattributed estimate (Chosun Ilbo)": ("unattributed press", "*"),
    "Unattributed estimate (AFP)": ("unattributed press", "h"),
}


#: Shorter names, where the full name is long: every label, legend and the key use them, so
#: one estimator has one name in every chart. One missing here is labelled with its full name.
SHORT_NAMES: dict[str, str] = {
    "South Korean Ministry of National Defense": "South Korean defence ministry",
    "US government (Department of Veterans Affairs)": "US Veterans Affairs",
    "North Korea (as relayed by South Korean media)": "North Korea (via South Korean media)",
    "Military Armistice Commission handbook": "Armistice Commission handbook",
    "PRIO Battle Deaths Dataset": "PRIO",
    "Unattributed estimate (Al Jazeera)": "Al Jazeera, unattributed",
    "Unattributed estimate (Press TV)": "Press TV, unattributed",
    "Unattributed estimate (Korea Herald)": "Korea Herald, unattributed",
    "Unattributed estimate (wire copy)": "Wire copy, unattributed",
    "Unattributed estimate (Chosun Ilbo)": "Chosun Ilbo, unattributed",
    "Unattributed estimate (AFP)": "AFP, unattributed",
}


class UnknownEstimatorError(KeyError):
    """An estimator has no line in :data:`ESTIMATORS`, so no chart style."""

    def __str__(self) -> str:  # KeyError would print the message with quotes around it
        return str(self.args[0])


def style(estimator: str) -> EstimatorStyle:
    """Return the colour and marker of ``estimator`` (its kind's colour, its own marker).

    Raises:
        UnknownEstimatorError: the estimator has no line yet; the message says where to add it.
    """
    try:
        kind, marker = ESTIMATORS[estimator]
    except KeyError:
        raise UnknownEstimatorError(
            f"The estimator {estimator!r} has no chart style. Add a line for it to ESTIMATORS "
            f"in src/helpers/estimator_styles.py, with its kind (one of "
            f"{', '.join(KIND_COLOURS)}) and a marker no other estimator of that kind uses."
        ) from None
    return EstimatorStyle(
        estimator, kind, KIND_COLOURS[kind], marker, SHORT_NAMES.get(estimator, estimator)
    )
