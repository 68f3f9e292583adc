"""Chart functions, checked through their artists (titles, labels, bars, ranges, footers)."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import analysis, charts, data, sources

SOURCES = pd.DataFrame(
    {
        "source_id": ["a-1", "b-2", "c-3"],
        "publisher": ["Alpha News", "Beta Agency", "Gamma Daily"],
        "date_published": ["2020-01-02", "2021", ""],
    }
)


def handovers(basis=("reported", "reported", "derived")):
    return pd.DataFrame(
        {
            "year": pd.Series([2014, 2015, 2016], dtype="Int64"),
            "remains_returned": pd.Series([437, 68, 36], dtype="Int64"),
            "cumulative_returned": pd.Series([437, 505, 541], dtype="Int64"),
            "basis": list(basis),
            "source_ids": ["a-1", "a-1;b-2", "b-2"],
        }
    )


def estimates():
    return pd.DataFrame(
        {
            "estimate_id": ["r", "b", "l", "h"],
            "party": "China",
            "measure": "dead",
            "estimator": [
                "PRIO Battle Deaths Dataset",
                "Chinese official figures",
                "UK Ministry of Defence",
                "Unattributed estimate (AFP)",
            ],
            "as_of": ["2010", "2014-05", "2018-03-26", "2020"],
            "low": pd.Series([100, None, 300, None], dtype="Int64"),
            "best": pd.Series([150, 183, None, None], dtype="Int64"),
            "high": pd.Series([200, None, None, 900], dtype="Int64"),
            "source_ids": ["a-1", "b-2", "b-2", "a-1"],
        }
    )


def test_source_line_is_sorted_deduplicated_and_grouped_by_publisher():
    line = sources.source_line(["b-2", "a-1", "c-3", "a-1"], SOURCES)
    assert line == "Source: Alpha News, 2020; Beta Agency, 2021; Gamma Daily."


def test_source_line_rejects_unknown_ids():
    with pytest.raises(KeyError, match="zzz"):
        sources.source_line(["zzz"], SOURCES)


def test_yearly_bars_are_labelled_and_cite_only_drawn_rows():
    ax = charts.plot_yearly_handovers(handovers().iloc[:1], sources=SOURCES)
    assert ax.get_title(loc="left") == "Remains handed over each year"
    assert "2014-2014" in charts.subtitle_text(ax)
    assert ax.get_ylabel() == "Sets of remains" and ax.get_xlabel() == "Year of handover"
    bars = [patch for patch in ax.patches]
    assert len(bars) == 1
    assert [text.get_text() for text in ax.texts if text.get_text() == "437"]
    assert charts.footer_text(ax) == "Source: Alpha News, 2020."
    assert ax.get_ylim()[0] == 0


def test_derived_years_are_hatched_with_a_note():
    ax = charts.plot_yearly_handovers(handovers(), sources=SOURCES)
    assert [bar.get_hatch() for bar in ax.patches] == [None, None, "//"]
    assert charts.footer_text(ax).startswith("Hatched bars: derived")
    assert [tick.get_text() for tick in ax.get_xticklabels()] == ["2014", "2015", "2016"]


def test_alt_text_is_one_sentence_with_the_numbers():
    ax = charts.plot_yearly_handovers(handovers(), sources=SOURCES)
    text = charts.alt_text(ax)
    assert text.endswith(".") and text.count(". ") == 0
    assert "437 in 2014" in text


def test_running_total_overlays_reported_totals():
    claims = pd.DataFrame(
        {
            "claim_id": ["c1", "c2"],
            "source_id": ["c-3", "c-3"],
            "strand": "handovers",
            "measure": "cumulative_returned",
            "status": "used",
            "refers_to": ["2015", "2016"],
            "value": pd.Series([505, 541], dtype="Int64"),
        }
    )
    ax = charts.plot_running_total(handovers(), claims, sources=SOURCES)
    reported = next(c for c in ax.collections if c.get_label() == "_reported-totals")
    assert len(reported.get_offsets()) == 2
    assert charts.footer_text(ax).endswith(
        "No source reported a total for 2014, so no dash there. "
        "Source: Alpha News, 2020; Beta Agency, 2021; Gamma Daily."
    )
    assert "all 2 used totals match" in charts.alt_text(ax)


def test_estimate_ranges_draw_each_estimate_as_what_it_is():
    ax = charts.plot_estimate_ranges(estimates(), title="Chinese dead", sources=SOURCES)
    gids = [artist.get_gid() for artist in ax.collections + ax.lines]
    assert gids.count("range") == 1 and gids.count("best") == 2
    assert gids.count("lower-bound") == 1 and gids.count("upper-bound") == 1
    labels = [tick.get_text() for tick in ax.get_yticklabels()]
    assert labels[0] == "PRIO, dated 2010"
    assert labels[-1] == "AFP, unattributed, dated 2020"
    words = {text.get_text() for text in ax.texts}
    assert {"100 to 200, best 150", "183", "more than 300", "up to 900"} <= words
    assert charts.footer_text(ax).endswith("Source: Alpha News, 2020; Beta Agency, 2021.")
    # just left of zero, so a small figure never sits on the axis line
    assert -0.05 * 900 < ax.get_xlim()[0] < 0


def test_estimates_over_time_one_series_per_estimator():
    ax = charts.plot_estimates_over_time(estimates(), title="Over time", sources=SOURCES)
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == [
        "Official:",
        "Chinese official figures",
        "Foreign government:",
        "UK Ministry of Defence",
        "Scholar or dataset:",
        "PRIO",
        "Unattributed press:",
        "AFP, unattributed",
        "Low to high range",
        "Hollow: only one bound",
    ]
    assert ax.get_ylim()[0] == 0
    assert "4 estimates" in charts.alt_text(ax)


def test_decay_fit_draws_fit_and_extension():
    frame = handovers()
    fit = analysis.fit_decay(frame, 2014, 2015)
    ax = charts.plot_decay_fit(frame, fit, sources=SOURCES)
    assert {line.get_gid() for line in ax.get_lines()} == {"fit", "extension"}
    assert "half-life" in charts.footer_text(ax)
    assert charts.alt_text(ax).endswith("the later years lie far above the extended curve.")
    below = frame.assign(remains_returned=pd.Series([437, 68, 1], dtype="Int64"))
    ax = charts.plot_decay_fit(below, fit, sources=SOURCES)
    assert charts.alt_text(ax).endswith("the later years lie below the extended curve.")


def test_two_charts_in_one_figure_share_a_footer_citing_both():
    import matplotlib.pyplot as plt

    _, (left, right) = plt.subplots(1, 2)
    charts.plot_yearly_handovers(handovers().iloc[:1], ax=left, sources=SOURCES)
    charts.plot_estimate_ranges(estimates().iloc[1:2], ax=right, sources=SOURCES)
    assert charts.footer_text(left) == "Source: Alpha News, 2020."
    assert (
        "Beta Agency" in left.figure.get_supxlabel()
        and "Alpha News" in left.figure.get_supxlabel()
    )


def test_charts_accept_the_shipped_tables_with_missing_bounds():
    table = data.load_estimates()
    nk = analysis.select(table, measure="casualties", party="North Korea")
    assert nk[["low", "best", "high"]].isna().any().any()
    ax = charts.plot_estimates_over_time(nk)
    assert charts.footer_text(ax).startswith("Filled markers")


def test_saved_files_are_identical_on_every_run(tmp_path):
    paths = []
    for run in range(2):
        ax = charts.plot_yearly_handovers(handovers(), sources=SOURCES)
        paths.append(charts.save(ax, tmp_path / f"run{run}" / "chart"))
    for first, second in zip(*paths, strict=True):
        assert first.read_bytes() == second.read_bytes()
