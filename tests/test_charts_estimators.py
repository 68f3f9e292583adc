"""One colour and marker per estimator across the collection, and range charts that draw it."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import analysis, charts, data, estimator_styles
from helpers.course.figures import ChartExporter


def test_every_estimator_in_the_data_has_a_style():
    missing = sorted(set(data.load_estimates()["estimator"]) - set(estimator_styles.ESTIMATORS))
    assert not missing, f"add these to ESTIMATORS in estimator_styles.py: {missing}"


def test_every_style_uses_a_known_maker_and_a_named_marker():
    makers = {"government", *estimator_styles.KIND_COLOURS} - {"official", "foreign government"}
    for estimator, (maker, marker) in estimator_styles.ESTIMATORS.items():
        assert maker in makers, estimator
        assert marker in estimator_styles.MARKER_NAMES, estimator
        if maker == "government":
            assert estimator in estimator_styles.OWN_SIDE, estimator


def test_no_estimator_has_a_reserved_marker():
    for estimator, (_, marker) in estimator_styles.ESTIMATORS.items():
        assert marker not in estimator_styles.RESERVED_MARKERS, estimator
        assert marker not in {"_", "|", ".", ",", "x", "+"}, estimator


def test_no_two_estimators_of_one_strand_share_a_marker():
    table = data.load_estimates()
    for strand, members in estimator_styles.STRANDS.items():
        markers = [estimator_styles.ESTIMATORS[name][1] for name in members]
        assert len(markers) == len(set(markers)), strand
        in_data = set(table.loc[table["conflict"] == strand, "estimator"])
        assert in_data <= set(members), (strand, in_data - set(members))
    every = [name for members in estimator_styles.STRANDS.values() for name in members]
    assert sorted(every) == sorted(estimator_styles.ESTIMATORS)


def test_one_rule_gives_the_kind_from_the_estimator_and_whose_dead_it_counts():
    kind_of = estimator_styles.kind_of
    ministry = "South Korean Ministry of National Defense"
    assert kind_of(ministry, "South Korea") == "official"
    assert kind_of(ministry, "UN forces") == "foreign government"
    assert kind_of(ministry, "United States") == "foreign government"
    assert kind_of("South Korea's National Intelligence Service", "North Korea") == (
        "foreign government"
    )
    assert kind_of("Chinese official figures", "China") == "official"
    assert kind_of("North Korea (Kim Jong Un, via KCNA)", "North Korea") == "official"
    assert kind_of("PRIO Battle Deaths Dataset", "all") == "scholar or dataset"
    assert kind_of("Western estimates", "China") == "unattributed press"


def test_lesson_03_estimators_get_the_same_kind_with_or_without_the_party():
    table = data.load_estimates()
    strand = table[table["conflict"] == "North Korean troops in Russia's war against Ukraine"]
    for _, row in strand.iterrows():
        with_party = estimator_styles.kind_of(row["estimator"], row["party"])
        assert estimator_styles.kind_of(row["estimator"]) == with_party, row["estimate_id"]


def test_a_style_does_not_depend_on_which_other_estimators_are_drawn():
    everyone = charts.estimator_key().set_index("estimator")
    some = charts.estimator_key(["Western estimates", "Chinese official figures"])
    for _, row in some.iterrows():
        assert tuple(row[["kind", "colour", "marker"]]) == tuple(
            everyone.loc[row["estimator"], ["kind", "colour", "marker"]]
        )


def test_an_unknown_estimator_is_a_clear_error_saying_where_to_add_it():
    with pytest.raises(estimator_styles.UnknownEstimatorError) as error:
        charts.estimator_style("A new ministry")
    message = str(error.value)
    assert "A new ministry" in message and "estimator_styles.py" in message
    assert "ESTIMATORS" in message


def test_the_key_is_drawn_once_per_estimator():
    ax = charts.plot_estimator_key()
    drawn = [c.get_gid() for c in ax.collections]
    assert len(drawn) == len(estimator_styles.ESTIMATORS)
    assert f"{len(estimator_styles.ESTIMATORS)} estimators" in charts.alt_text(ax)
    assert charts.footer_text(ax).startswith("Colour: the kind of estimate, by one rule")
    assert "Official: a government counting its own side's dead" in charts.footer_text(ax)


def test_a_key_built_from_the_rows_drawn_lists_only_what_is_drawn():
    table = data.load_estimates()
    rows = table[
        table["estimate_id"].isin(["kw-sk-killed-mnd", "kw-un-dead-mnd", "kw-china-dead-western"])
    ]
    key = charts.estimator_key(rows)
    assert set(zip(key["estimator"], key["kind"], strict=True)) == {
        ("South Korean Ministry of National Defense", "official"),
        ("South Korean Ministry of National Defense", "foreign government"),
        ("Western estimates", "unattributed press"),
    }
    ax = charts.plot_estimator_key(rows)
    assert len([c for c in ax.collections if c.get_gid().startswith("key-")]) == 3
    assert "2 estimators" in charts.alt_text(ax)


def test_the_key_can_be_exported_like_any_chart(tmp_path):
    entry = ChartExporter(tmp_path, "lesson")(charts.plot_estimator_key())
    assert entry["title"].startswith("Who made each estimate")
    assert (tmp_path / entry["png"]).exists()


def test_an_estimator_has_the_same_colour_and_marker_in_both_estimate_charts():
    table = data.load_estimates()
    nk_killed = analysis.select(table, party="North Korea", measure="killed")
    shorts = {charts.estimator_style(name).short: name for name in nk_killed["estimator"]}
    ranges = charts.plot_estimate_ranges(nk_killed)
    over_time = charts.plot_estimates_over_time(nk_killed)
    for ax in (ranges, over_time):
        entries = {
            handle.get_label(): (handle.get_markeredgecolor(), handle.get_marker())
            for handle in ax.get_legend().legend_handles
            if handle.get_label() in shorts
        }
        for short, (colour, marker) in entries.items():
            style = charts.estimator_style(shorts[short])
            assert (colour.upper(), marker) == (style.colour.upper(), style.marker)


def chinese_dead():
    table = data.load_estimates()
    return analysis.select(table, party="China", measure=["dead", "killed"])


def test_range_chart_keeps_killed_and_all_dead_apart_and_names_each_group():
    ax = charts.plot_estimate_ranges(chinese_dead())
    headings = [t.get_text() for t in ax.texts if t.get_gid() == "group-heading"]
    assert sorted(headings) == ["Dead (all causes)", "Dead, scope not stated", "Killed in battle"]
    assert "3 groups drawn apart" in charts.alt_text(ax)


def test_a_figure_whose_scope_is_not_stated_stays_out_of_the_band_of_those_that_say():
    ax = charts.plot_estimate_ranges(chinese_dead())
    edges = {
        round(x)
        for span in ax.collections
        if span.get_gid() == "span"
        for x in span.get_paths()[0].vertices[:, 0]
    }
    assert 400000 not in edges and 148977 in edges and 183108 in edges


def _band_edges(ax) -> set:
    return {
        round(x)
        for span in ax.collections
        if span.get_gid() == "span"
        for x in span.get_paths()[0].vertices[:, 0]
    }


def test_the_band_joins_only_figures_that_count_the_same_thing():
    ax = charts.plot_estimate_ranges(chinese_dead())
    edges = _band_edges(ax)
    # the register counts labourers and the missing too (a wider scope); the 171,687 is a
    # count its source calls incomplete; the 180,000 and 114,000 repeat other figures
    assert not edges & {197653, 171687, 180000, 114000}
    assert {148977, 183108, 114084, 115000} <= edges
    legend_text = " ".join(t.get_text() for t in ax.get_legend().get_texts())
    assert "of one measure, for the same people" in legend_text


def test_the_band_is_not_grey_and_repeats_are_marked_apart():
    ax = charts.plot_estimate_ranges(chinese_dead())
    (fill,) = {tuple(c.get_facecolor()[0][:3]) for c in ax.collections if c.get_gid() == "span"}
    assert len({round(channel, 2) for channel in fill}) > 1, "a grey band has r = g = b"
    values = [t.get_text() for t in ax.texts if t.get_gid() == "value"]
    assert "= 183,108, given as 180,000" in values
    assert any("a repeat of another figure" in t.get_text() for t in ax.get_legend().get_texts())


def test_range_chart_draws_the_span_of_each_group_as_a_range():
    rows = chinese_dead()
    ax = charts.plot_estimate_ranges(rows)
    spans = [c for c in ax.collections if c.get_gid() == "span"]
    assert len(spans) == rows["measure"].nunique()
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(text.startswith("Band: lowest to highest") for text in legend)


def test_range_chart_legend_alt_text_and_drawing_agree():
    rows = chinese_dead()
    ax = charts.plot_estimate_ranges(rows)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    drawn_estimators = {charts.estimator_style(name).short for name in rows["estimator"]}
    assert drawn_estimators <= set(legend)
    listed = any(text.startswith("Low to high range") for text in legend)
    drawn = any(getattr(line, "mark_role", None) == "range" for line in ax.lines)
    assert listed == drawn, "the range entry is listed exactly when a range is drawn"
    bound_only = rows["best"].isna() & (rows["low"].isna() != rows["high"].isna())
    if not bound_only.any():
        assert not any(text.startswith("Hollow") for text in legend)
        assert "bound" not in charts.alt_text(ax)
    alt = charts.alt_text(ax)
    assert f"{len(rows)} estimates" in alt
    assert f"by {rows['estimator'].nunique()} estimators" in alt


def test_range_chart_draws_prio_low_best_high_as_a_range():
    prio = analysis.select(data.load_estimates(), measure="battle_deaths")
    ax = charts.plot_estimate_ranges(prio, group_by=None)
    assert sum(getattr(line, "mark_role", None) == "range" for line in ax.lines) == len(prio)
    assert f"{len(prio)} drawn as a low-to-high range" in charts.alt_text(ax)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(text.startswith("Low to high range") for text in legend)


def test_range_chart_names_bound_only_estimates_in_legend_and_alt_text():
    rows = pd.DataFrame(
        {
            "estimate_id": ["a", "b"],
            "party": "North Korea",
            "measure": "killed",
            "estimator": ["UK Ministry of Defence", "Unattributed estimate (AFP)"],
            "as_of": ["2025", "2025"],
            "low": pd.Series([100, None], dtype="Int64"),
            "best": pd.Series([None, None], dtype="Int64"),
            "high": pd.Series([None, 300], dtype="Int64"),
            "source_ids": ["a-1", "a-1"],
        }
    )
    sources = pd.DataFrame({"source_id": ["a-1"], "publisher": ["Alpha"], "date_published": [""]})
    ax = charts.plot_estimate_ranges(rows, sources=sources)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Hollow (any marker): only more than (arrow right)\nor up to (arrow left)" in legend
    alt = charts.alt_text(ax)
    assert "1 as a lower bound only" in alt and "1 as an upper bound only" in alt
    assert "range" not in " ".join(legend)


def test_labels_carry_the_estimates_own_date_or_the_year_it_was_reported():
    row = pd.Series({"estimator": "Western estimates", "as_of": "", "reported": "2014-03-17"})
    assert charts.estimate_label(row) == "Western estimates, reported 2014"
    row = pd.Series({"estimator": "Chinese official figures", "as_of": "2010-06"})
    assert charts.estimate_label(row) == "Chinese official figures, 2010-06"


def test_a_row_that_is_part_of_or_repeats_another_says_so_in_its_label():
    rows = chinese_dead()
    ax = charts.plot_estimate_ranges(rows)
    labels = " ".join(tick.get_text().replace("\n", " ") for tick in ax.get_yticklabels())
    for _, row in rows.iterrows():
        if row["same_as"]:
            assert "repeats the" in labels and "(not independent)" in labels
        if row["part_of"]:
            assert "part of the" in labels
    assert "repeat or are part of another estimate" in charts.alt_text(ax)


def test_a_repeat_is_left_out_of_the_span():
    rows = chinese_dead()
    copies = rows[rows["same_as"].fillna("") != ""]
    assert not copies.empty
    ax = charts.plot_estimate_ranges(rows)
    spans = [c for c in ax.collections if c.get_gid() == "span"]
    edges = {round(x) for span in spans for x in span.get_paths()[0].vertices[:, 0]}
    originals = rows[
        (rows["same_as"].fillna("") == "") & ~rows["scope"].str.contains("not stated")
    ]
    assert 114000 not in edges  # the Korea Herald's rounding of 114,084
    assert 180000 not in edges  # "Chinese sources", the museum's 183,108 rounded
    assert {114084, 183108} <= edges and not originals.empty


def test_an_estimator_drawn_only_as_ranges_is_a_line_in_the_legend():
    table = data.load_estimates()
    dod = table[table["estimate_id"] == "nk-deployed-dod-2024-11-04"]
    assert dod["best"].isna().all() and dod["low"].notna().all() and dod["high"].notna().all()
    for ax in (charts.plot_estimate_ranges(dod), charts.plot_estimates_over_time(dod)):
        entry = next(
            h
            for h in ax.get_legend().legend_handles
            if h.get_label() == "US Department of Defense"
        )
        assert entry.get_marker() in ("None", None, "")
        assert "best" not in charts.footer_text(ax).split("Colour")[0]


def test_a_series_given_at_one_date_is_labelled_by_period():
    prio = analysis.select(data.load_estimates(), measure="battle_deaths")
    ax = charts.plot_estimate_ranges(prio, group_by=None)
    labels = [tick.get_text().split("\n")[0] for tick in ax.get_yticklabels()]
    assert labels == [f"PRIO: {year}" for year in prio["refers_to"]]


def test_a_label_says_which_date_it_gives():
    ax = charts.plot_estimate_ranges(chinese_dead())
    labels = [tick.get_text().split("\n")[0] for tick in ax.get_yticklabels()]
    assert "Chinese official figures, dated 2010-06" in labels
    assert "Western estimates, reported 2014" in labels
    assert '"reported": the year of the earliest report' in charts.footer_text(ax)


def test_one_estimator_takes_the_kind_of_whose_dead_it_counts():
    table = data.load_estimates()
    rows = table[table["estimate_id"].isin(["kw-sk-killed-mnd", "kw-un-dead-mnd"])]
    ax = charts.plot_estimate_ranges(rows, group_by="party")
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend.index("Official:") < legend.index("Foreign government:")
    assert legend.count("South Korean defence ministry") == 2


def test_each_mark_names_the_claims_it_shows():
    table = data.load_estimates()
    prio = analysis.select(table, measure="battle_deaths").iloc[[0]]
    ax = charts.plot_estimate_ranges(prio)
    line = next(line for line in ax.lines if getattr(line, "mark_role", None) == "range")
    best = next(c for c in ax.collections if getattr(c, "mark_role", None) == "best")
    assert line.get_gid().startswith("mark-") and best.get_gid() == "mark-c113"
    assert set(line.get_gid()[len("mark-") :].split(".")) == {"c112", "c114"}


def test_the_key_names_each_estimator_as_the_legends_do():
    rows = chinese_dead()
    key = charts.plot_estimator_key(rows["estimator"])
    key_texts = {t.get_text().replace("\n", " ") for t in key.texts}
    legend = charts.plot_estimate_ranges(rows).get_legend()
    shown = {t.get_text() for t in legend.get_texts()}
    for name in rows["estimator"].unique():
        short = charts.estimator_style(name).short
        assert short in key_texts and short in shown


def test_a_span_has_edges_so_a_narrow_one_still_shows():
    rows = chinese_dead()
    ax = charts.plot_estimate_ranges(rows)
    spans = [c for c in ax.collections if c.get_gid() == "span"]
    edges = [c for c in ax.collections if c.get_gid() == "span-edge"]
    assert len(edges) == len(spans)
    for edge in edges:
        assert len(edge.get_segments()) == 2


def test_a_star_is_drawn_larger_than_a_circle_to_look_the_same_size():
    table = data.load_estimates()
    rows = table[
        table["estimate_id"].isin(["kw-china-dead-medical-records", "kw-china-dead-western"])
    ]
    assert len(rows) == 2, "the two rows this test draws are missing from the data"
    ax = charts.plot_estimate_ranges(rows, group_by="party")
    sizes = {
        charts.estimator_style(name).marker: collection.get_sizes()[0]
        for name, collection in zip(
            rows.reset_index()["estimator"],
            [c for c in ax.collections if getattr(c, "mark_role", None) == "best"],
            strict=True,
        )
    }
    assert sizes["*"] > sizes["o"]


def test_the_alt_text_counts_an_estimator_drawn_in_two_kinds_once():
    table = data.load_estimates()
    rows = table[table["estimate_id"].isin(["kw-sk-killed-mnd", "kw-un-dead-mnd"])]
    ax = charts.plot_estimate_ranges(rows, group_by="party")
    assert "by 1 estimators" in charts.alt_text(ax)


def test_the_lesson_02_key_leaves_out_the_wire_copy_no_chart_draws():
    korean_war = data.load_estimates().query("conflict == 'Korean War'")
    measures = ["killed", "dead", "massacred", "non_battle_deaths", "battle_deaths"]
    charted = analysis.select(korean_war, measure=measures)
    charted = charted[(charted["party"] != "China") | charted["measure"].isin(["killed", "dead"])]
    key = charts.estimator_key(charted)
    assert "Unattributed estimate (wire copy)" not in set(key["estimator"])
    assert not key.duplicated(["estimator", "kind"]).any()
    assert key.groupby("estimator")["marker"].nunique().eq(1).all()
