"""One colour and one marker per estimator, the same in every chart of the collection.

What belongs here: the table that gives each estimator (the ``estimator`` column of
``casualty_estimates.csv``) its kind and its marker, and the colour of each kind. What does not:
drawing (that is :mod:`helpers.charts`, which reads this table) and any figure.

The colour says what kind of estimate it is, by one rule, the same in every lesson
(:func:`kind_of`; the key chart and docs/visual_language.md state it too):

- **official**: a government (or its agency) counting its own side's dead (China on Chinese
  soldiers, South Korea's defence ministry on South Korean soldiers, the US Department of
  Veterans Affairs on US soldiers, North Korea on its own soldiers);
- **foreign government**: a government or its officials estimating another side's losses
  (South Korea's defence ministry on the UN forces, South Korea's intelligence service on North
  Korean troops, Ukraine, the UK, the US);
- **scholar or dataset**: a research dataset with a published method (PRIO);
- **unattributed press**: a figure a newspaper or wire service gives without naming who made
  it ("Western estimates", "an estimated 3 million").

So the kind depends on the estimator and on whose dead it counts (the ``party`` of the
estimate): :data:`ESTIMATORS` says who made it, :data:`OWN_SIDE` which parties are a
government's own side. Nothing is set by hand per chart.

The marker tells estimators apart: within one strand of the collection (the estimators that can
share a chart, :data:`STRANDS`) no two estimators share a marker, and none has a marker kept
for marks that are not estimates (:data:`RESERVED_MARKERS`). Styles are assigned by name, never
by position, so adding an estimator never changes anyone else's colour or marker.

Adding an estimator: add one line to :data:`ESTIMATORS` in its strand's block, with a marker no
other estimator of that strand uses, and (for a government) its own side to :data:`OWN_SIDE`.
The tests check every estimator in the data has a line and that markers are unique per strand.
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
    "^": "triangle",
    "v": "triangle pointing down",
    "<": "triangle pointing left",
    ">": "triangle pointing right",
    (4, 1, 0): "four-pointed star",
}


class EstimatorStyle(NamedTuple):
    """How an estimator is drawn: its kind, the kind's colour, its own marker, a short name."""

    estimator: str
    kind: str
    colour: str
    marker: str | tuple
    short: str


#: Every estimator in the data: who made it and its marker. Who made it is "government" (its
#: kind then depends on whose dead it counts, see :data:`OWN_SIDE` and :func:`kind_of`),
#: "scholar or dataset" or "unattributed press". Markers are unique within each strand of the
#: collection (the Korean War; North Korean troops in Russia), so no chart draws two
#: estimators with one marker. The markers ``_ | . , x +`` are never given to an estimator:
#: the charts keep them for marks that are not an estimate (see ``helpers.charts.marks``).
ESTIMATORS: dict[str, tuple[str, str | tuple]] = {
    # --- the Korean War (lesson 02) ---
    "Chinese official figures": ("government", "o"),
    "Chinese sources": ("government", "s"),
    "South Korean Ministry of National Defense": ("government", "D"),
    "South Korean government statistics": ("government", "P"),
    "US government (Department of Veterans Affairs)": ("government", "X"),
    "Military Armistice Commission handbook": ("government", "8"),
    # a four-pointed star: a hexagon read as the handbook's octagon at chart size
    "PRIO Battle Deaths Dataset": ("scholar or dataset", (4, 1, 0)),
    "Western estimates": ("unattributed press", "*"),
    "Unattributed estimate (Al Jazeera)": ("unattributed press", "v"),
    "Unattributed estimate (Press TV)": ("unattributed press", ">"),
    "Unattributed estimate (Korea Herald)": ("unattributed press", "p"),
    "Unattributed estimate (wire copy)": ("unattributed press", "H"),
    "Unattributed estimate (Chosun Ilbo)": ("unattributed press", "<"),
    "Unattributed estimate (AFP)": ("unattributed press", "^"),
    # --- North Korean troops in Russia (lesson 03) ---
    "South Korea's National Intelligence Service": ("government", "o"),
    "South Korea's Joint Chiefs of Staff": ("government", "s"),
    "UK Ministry of Defence": ("government", "D"),
    "US Department of Defense": ("government", "P"),
    "Ukraine's president (Zelenskyy)": ("government", "X"),
    "Ukraine's military intelligence (HUR)": ("government", "*"),
    "Ukrainian officials": ("government", "h"),
    "Western officials (to the BBC)": ("government", "p"),
    "US government (at the UN)": ("government", "d"),
    "South Korea (government)": ("government", (4, 1, 0)),
    "South Korea's NIS (counting North Korea's award ceremonies)": ("government", "^"),
    "North Korea (Kim Jong Un, via KCNA)": ("government", "v"),
}

#: Markers no estimator may have: kept for marks that are not an estimate (a recomputed total,
#: a total a source reported, tick and grid marks).
RESERVED_MARKERS: frozenset[str] = frozenset({"_", "|", ".", ",", "x", "+"})

#: Each strand of the collection: the estimators that can share one chart. A marker is used
#: at most once per strand (the tests check it).
STRANDS: dict[str, tuple[str, ...]] = {
    "Korean War": (
        "Chinese official figures",
        "Chinese sources",
        "South Korean Ministry of National Defense",
        "South Korean government statistics",
        "US government (Department of Veterans Affairs)",
        "Military Armistice Commission handbook",
        "PRIO Battle Deaths Dataset",
        "Western estimates",
        "Unattributed estimate (Al Jazeera)",
        "Unattributed estimate (Press TV)",
        "Unattributed estimate (Korea Herald)",
        "Unattributed estimate (wire copy)",
        "Unattributed estimate (Chosun Ilbo)",
        "Unattributed estimate (AFP)",
    ),
    "North Korean troops in Russia's war against Ukraine": (
        "South Korea's National Intelligence Service",
        "South Korea's Joint Chiefs of Staff",
        "UK Ministry of Defence",
        "US Department of Defense",
        "Ukraine's president (Zelenskyy)",
        "Ukraine's military intelligence (HUR)",
        "Ukrainian officials",
        "Western officials (to the BBC)",
        "US government (at the UN)",
        "South Korea (government)",
        "South Korea's NIS (counting North Korea's award ceremonies)",
        "North Korea (Kim Jong Un, via KCNA)",
    ),
}

#: For each government estimator, the parties that are its own side: counting them, it is
#: "official"; counting anyone else, a "foreign government".
OWN_SIDE: dict[str, frozenset[str]] = {
    "Chinese official figures": frozenset({"China"}),
    "Chinese sources": frozenset({"China"}),
    "South Korean Ministry of National Defense": frozenset(
        {"South Korea", "South Korean civilians"}
    ),
    "South Korean government statistics": frozenset({"South Korea", "South Korean civilians"}),
    "US government (Department of Veterans Affairs)": frozenset({"United States"}),
    # the Commission's UN Command side published the handbook; it counts North Korea's dead
    "Military Armistice Commission handbook": frozenset({"UN forces"}),
    "South Korea's National Intelligence Service": frozenset({"South Korea"}),
    "South Korea's Joint Chiefs of Staff": frozenset({"South Korea"}),
    "UK Ministry of Defence": frozenset({"United Kingdom"}),
    "US Department of Defense": frozenset({"United States"}),
    "Ukraine's president (Zelenskyy)": frozenset({"Ukraine"}),
    "Ukraine's military intelligence (HUR)": frozenset({"Ukraine"}),
    "Ukrainian officials": frozenset({"Ukraine"}),
    "Western officials (to the BBC)": frozenset(),
    "US government (at the UN)": frozenset({"United States"}),
    "South Korea (government)": frozenset({"South Korea"}),
    "South Korea's NIS (counting North Korea's award ceremonies)": frozenset({"South Korea"}),
    "North Korea (Kim Jong Un, via KCNA)": frozenset({"North Korea"}),
}

#: The party a government estimator is taken to count when a chart does not say whose dead a
#: mark counts: in lesson 03 every estimate counts North Korea's troops. Elsewhere the charts
#: always pass the party (a Korean War estimator with no party is taken to count its own side).
DEFAULT_PARTY: dict[str, str] = {
    "North Korean troops in Russia's war against Ukraine": "North Korea"
}


#: Shorter names, where the full name is long: every label, legend and the key use them, so
#: one estimator has one name in every chart. One missing here is labelled with its full name.
SHORT_NAMES: dict[str, str] = {
    "South Korean Ministry of National Defense": "South Korean defence ministry",
    "US government (Department of Veterans Affairs)": "US Veterans Affairs",
    "South Korea's NIS (counting North Korea's award ceremonies)": "NIS, from award ceremonies",
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


def kind_of(estimator: str, party: str | None = None) -> str:
    """Return the kind of an estimate by ``estimator`` of ``party``'s dead: the one rule.

    A government (or its agency) counting its own side is "official"; a government counting
    another side is a "foreign government"; a research dataset is a "scholar or dataset"; a
    figure the press gives without naming who made it is "unattributed press". So South
    Korea's defence ministry is official on South Korea's dead and a foreign government on the
    UN forces' dead. With no ``party``, a government is taken to count its strand's usual party
    (:data:`DEFAULT_PARTY`), else its own side.

    Raises:
        UnknownEstimatorError: the estimator has no line yet; the message says where to add it.
    """
    maker = _line(estimator)[0]
    if maker != "government":
        return maker
    own = OWN_SIDE[estimator]
    if party is None:
        strand = next((name for name, members in STRANDS.items() if estimator in members), "")
        party = DEFAULT_PARTY.get(strand)
        if party is None:
            return "official"
    return "official" if party in own else "foreign government"


def _line(estimator: str) -> tuple[str, str | tuple]:
    """Return ``estimator``'s line of :data:`ESTIMATORS` (who made it, its marker)."""
    try:
        return ESTIMATORS[estimator]
    except KeyError:
        raise UnknownEstimatorError(
            f"The estimator {estimator!r} has no chart style. Add a line for it to ESTIMATORS "
            f"in src/helpers/estimator_styles.py, with who made it (government, scholar or "
            f"dataset, unattributed press) and a marker no other estimator of its strand "
            f"uses; a government also needs its own side in OWN_SIDE."
        ) from None


def style(estimator: str, party: str | None = None) -> EstimatorStyle:
    """Return how ``estimator``'s estimate of ``party`` is drawn: the kind's colour (by
    :func:`kind_of`), the estimator's own marker, its short name.

    Raises:
        UnknownEstimatorError: the estimator has no line yet; the message says where to add it.
    """
    marker = _line(estimator)[1]
    kind = kind_of(estimator, party)
    return EstimatorStyle(
        estimator, kind, KIND_COLOURS[kind], marker, SHORT_NAMES.get(estimator, estimator)
    )
