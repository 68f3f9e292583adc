"""The validator: the shipped data passes, and each rule catches a broken copy of the data.

Every broken-copy test edits one cell of a temporary copy and checks that the report names the
file, the line as a spreadsheet shows it (header = line 1), the column and the bad value. The
values typed in are wrong on purpose; every value expected is read from the data (see
``ledger.py``), so the tests hold after next year's handover is added.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import ledger
import pytest

from helpers import data
from helpers.datapackage import build
from helpers.datapackage.validate import DataError, validate_package
from helpers.paths import data_dir

#: The date limit for the data: today, or $COUNTING_THE_FALLEN_TODAY in a rehearsal.
TODAY = data.date_limit()


@pytest.fixture
def copy(tmp_path) -> Path:
    """A temporary copy of the shipped data folder."""
    target = tmp_path / "data"
    shutil.copytree(data_dir(), target)
    return target


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def write(path: Path, table: list[dict[str, str]], fieldnames=None) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=fieldnames or list(table[0]), lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(table)


def edit(path: Path, match: dict[str, str], column: str, value: str) -> int:
    """Set ``column`` to ``value`` in the first row matching ``match``; return its line number."""
    table = rows(path)
    index = next(i for i, row in enumerate(table) if all(row[k] == v for k, v in match.items()))
    table[index][column] = value
    write(path, table)
    return index + 2


def problems(folder: Path) -> list[str]:
    return [str(problem) for problem in validate_package(folder, TODAY).problems]


def assert_reported(folder: Path, *fragments: str) -> None:
    found = problems(folder)
    assert any(all(fragment in problem for fragment in fragments) for problem in found), found


def test_shipped_data_is_valid():
    report = validate_package(data_dir(), TODAY)
    assert report.current, report.summary()
    (free,) = ledger.next_claim_ids(data_dir(), 1)
    assert report.summary() == (
        f"ok: sources {len(report.tables['sources'])} rows, claims "
        f"{len(report.tables['claims'])} rows, remains_handovers "
        f"{len(report.tables['remains_handovers'])} rows, casualty_estimates "
        f"{len(report.tables['casualty_estimates'])} rows; next free claim id: {free}"
    )


#: "c192, line 193" or "c192 (line 193)" as data/README.md quotes a claim in a message.
QUOTED_CLAIM = re.compile(r"\b(c[0-9]{3,}),?\s+\(?line\s+([0-9]+)")


def test_readme_example_ids_and_lines_agree_with_the_ledger():
    """Each claim data/README.md quotes with its line is on that line, or would be if added.

    A claim the ledger has must be on the line quoted; one it does not have yet (the example's
    new claims) must be on the line it gets when the claims are numbered on at the end.
    """
    text = (data_dir() / "README.md").read_text(encoding="utf-8")
    claims = rows(data_dir() / "raw/claims.csv")
    line_of = {row["claim_id"]: line for line, row in enumerate(claims, start=2)}
    last = max(int(claim_id[1:]) for claim_id in line_of)
    quoted = QUOTED_CLAIM.findall(text)
    assert len(quoted) >= 6, quoted
    for claim_id, line in quoted:
        expected = line_of.get(claim_id, len(claims) + 1 + int(claim_id[1:]) - last)
        assert int(line) == expected, (claim_id, line, expected)
    new = sorted({c for c, _ in quoted if c not in line_of})
    said = re.search(
        r"new\s+claims are (c[0-9]+) to (c[0-9]+), on lines ([0-9]+) to ([0-9]+)", text
    )
    assert said, "data/README.md no longer says which ids the example's new claims have"
    first, final, first_line, final_line = said.groups()
    assert all(first <= claim_id <= final for claim_id in new), (new, said.groups())
    for claim_id, line in ((first, first_line), (final, final_line)):
        assert int(line) == line_of.get(claim_id, len(claims) + 1 + int(claim_id[1:]) - last)


def test_every_claim_is_used_or_set_aside_with_a_reason():
    claims = data.load_claims()
    assert set(claims["status"]) == {"used", "set aside"}
    assert claims.loc[claims["status"].eq("set aside"), "status_reason"].ne("").all()


def test_clean_tables_are_exactly_what_the_claims_build(copy):
    before = {p.name: p.read_bytes() for p in copy.glob("*.csv")}
    build.write_tables(copy)
    assert {p.name: p.read_bytes() for p in copy.glob("*.csv")} == before


def test_every_row_cites_a_known_source():
    sources = set(data.load_sources()["source_id"])
    for table in (data.load_handovers(), data.load_estimates()):
        cited = table["source_ids"].str.split(";").explode()
        assert cited.ne("").all() and cited.isin(sources).all()


def test_words_in_a_count(copy):
    line = edit(copy / "raw/claims.csv", {"claim_id": "c003"}, "value", "about 437")
    assert_reported(
        copy, "data/raw/claims.csv", f"line {line}", "column value", "'about 437'", "whole number"
    )


def test_fraction_in_a_count(copy):
    line = edit(copy / "raw/claims.csv", {"claim_id": "c004"}, "value", "68.5")
    assert_reported(copy, "data/raw/claims.csv", f"line {line}", "column value", "'68.5'")


def test_thousands_separator_in_a_count(copy):
    latest = ledger.latest_handover(copy)
    total = f"{latest['cumulative_returned']:,}"
    line = edit(
        copy / "remains_handovers.csv", {"year": str(latest["year"])}, "cumulative_returned", total
    )
    assert_reported(
        copy, "data/remains_handovers.csv", f"line {line}", "column cumulative_returned", total
    )


def test_negative_count(copy):
    line = edit(
        copy / "casualty_estimates.csv",
        {"estimate_id": "kw-china-dead-western"},
        "best",
        "-400000",
    )
    assert_reported(
        copy, "data/casualty_estimates.csv", f"line {line}", "column best", "at least 0"
    )


def test_date_that_is_not_a_date(copy):
    line = edit(copy / "remains_handovers.csv", {"year": "2021"}, "handover_date", "2021-02-30")
    assert_reported(
        copy, "data/remains_handovers.csv", f"line {line}", "column handover_date", "real date"
    )


def test_partial_date_that_is_not_a_date(copy):
    line = edit(copy / "raw/claims.csv", {"claim_id": "c100"}, "as_of", "2015-13")
    assert_reported(copy, "data/raw/claims.csv", f"line {line}", "column as_of", "real date")


def test_date_after_today(copy):
    next_month = (TODAY.replace(day=1) + dt.timedelta(days=32)).strftime("%Y-%m")
    line = edit(
        copy / "raw/claims.csv",
        {"estimate_id": "nk-casualties-nis-2026-02-12"},
        "as_of",
        next_month,
    )
    assert_reported(
        copy, "data/raw/claims.csv", f"line {line}", "column as_of", f"not after today ({TODAY})"
    )


def test_year_after_today(copy):
    table = rows(copy / "remains_handovers.csv")
    latest = ledger.latest_handover(copy)
    next_year = TODAY.year + 1
    table.append(
        {
            **table[-1],
            "year": str(next_year),
            "ceremony": str(latest["ceremony"] + 1),
            "handover_date": "",
        }
    )
    write(copy / "remains_handovers.csv", table)
    assert_reported(
        copy,
        "data/remains_handovers.csv",
        f"line {len(table) + 1}",
        "column year",
        f"not after {TODAY.year}",
    )


def test_duplicate_key(copy):
    line = edit(copy / "raw/claims.csv", {"claim_id": "c005"}, "claim_id", "c004")
    assert_reported(copy, "data/raw/claims.csv", f"line {line}", "column claim_id", "unique")


def test_unknown_source_id(copy):
    line = edit(copy / "raw/claims.csv", {"claim_id": "c003"}, "source_id", "xinhua-2020-09-28")
    assert_reported(copy, "data/raw/claims.csv", f"line {line}", "column source_id", "sources.csv")


def test_empty_source_id(copy):
    line = edit(copy / "raw/claims.csv", {"claim_id": "c003"}, "source_id", "")
    assert_reported(copy, "data/raw/claims.csv", f"line {line}", "column source_id", "required")


def test_unknown_source_in_a_list(copy):
    path = copy / "casualty_estimates.csv"
    line = edit(
        path,
        {"estimate_id": "kw-china-dead-western"},
        "source_ids",
        "afp-2018-03-26;no-such-source",
    )
    assert_reported(
        copy,
        "data/casualty_estimates.csv",
        f"line {line}",
        "column source_ids",
        "'no-such-source'",
    )


def test_running_total_that_does_not_add_up(copy):
    third = rows(copy / "remains_handovers.csv")[2]
    wrong = str(int(third["cumulative_returned"]) + 1)
    line = edit(
        copy / "remains_handovers.csv", {"year": third["year"]}, "cumulative_returned", wrong
    )
    assert_reported(
        copy, "data/remains_handovers.csv", f"line {line}", "column cumulative_returned", "sum of"
    )


def test_reported_total_that_disagrees_with_the_yearly_figures(copy):
    latest = ledger.latest_handover(copy)
    total = ledger.total_claim_of(copy, latest["year"])
    wrong = str(int(total["value"]) + 1)
    line = edit(copy / "raw/claims.csv", {"claim_id": total["claim_id"]}, "value", wrong)
    totals = ledger.read_rows(copy / "raw/claims.csv")
    agreeing = [
        row
        for row in totals
        if row["measure"] == "cumulative_returned"
        and row["status"] == "used"
        and row["refers_to"][:4] == str(latest["year"])
        and row["claim_id"] != total["claim_id"]
    ]
    if agreeing:  # other sources give the year's total: the claims disagree
        expected = [f"{total['claim_id']} (line {line}) says {wrong}", "disagree"]
    else:  # the total no longer adds up with the yearly figures
        expected = [f"{total['claim_id']}, line {line}", f"reported is {wrong}", "add up"]
    assert_reported(copy, "data/raw/claims.csv", "column value", *expected)


def test_ceremony_numbers_that_skip(copy):
    table = rows(copy / "remains_handovers.csv")
    for row in table[4:]:
        row["ceremony"] = str(int(row["ceremony"]) + 1)  # 1, 2, 3, 4, 6, 7...: no fifth
    write(copy / "remains_handovers.csv", table)
    assert_reported(
        copy,
        "data/remains_handovers.csv",
        f"line {4 + ledger.FIRST_DATA_LINE}",
        "column ceremony",
        f"'{table[4]['ceremony']}'",
        "none skipped",
    )


def test_reported_ceremony_number_that_disagrees(copy):
    claim = next(
        row
        for row in rows(copy / "raw/claims.csv")
        if row["measure"] == "ceremony_number" and row["status"] == "used"
    )
    wrong = str(int(claim["value"]) + 1)
    line = edit(copy / "raw/claims.csv", {"claim_id": claim["claim_id"]}, "value", wrong)
    assert_reported(copy, "data/raw/claims.csv", f"line {line}", "column value", "ceremony number")


def _estimate(folder: Path, wanted) -> dict[str, str]:
    """Return the first estimate row for which ``wanted(row)`` is true."""
    return next(row for row in rows(folder / "casualty_estimates.csv") if wanted(row))


def test_low_above_high(copy):
    path = copy / "casualty_estimates.csv"
    estimate = _estimate(copy, lambda row: row["low"] != "" and row["high"] != "")
    above = str(int(estimate["high"]) + 1000)
    line = edit(path, {"estimate_id": estimate["estimate_id"]}, "low", above)
    assert_reported(
        copy,
        "data/casualty_estimates.csv",
        f"line {line}",
        "column low",
        f"'{above}'",
        "not above high",
    )


def test_best_outside_low_and_high(copy):
    path = copy / "casualty_estimates.csv"
    estimate = _estimate(copy, lambda row: "" not in (row["low"], row["best"], row["high"]))
    above = str(int(estimate["high"]) + 1)
    line = edit(path, {"estimate_id": estimate["estimate_id"]}, "best", above)
    assert_reported(
        copy, "data/casualty_estimates.csv", f"line {line}", "column best", "not above high"
    )


def test_estimate_without_any_bound(copy):
    path = copy / "casualty_estimates.csv"
    line = edit(path, {"estimate_id": "kw-china-dead-western"}, "best", "")
    assert_reported(
        copy, "data/casualty_estimates.csv", f"line {line}", "at least one of low, best, high"
    )


@pytest.mark.parametrize("wrong", ["remain_returned", "Remains Returned"])
def test_misspelt_column(copy, wrong):
    path = copy / "remains_handovers.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("remains_returned", wrong, 1), encoding="utf-8")
    assert_reported(
        copy, "data/remains_handovers.csv", "line 1", "column remains_returned", "missing"
    )
    assert_reported(
        copy, "data/remains_handovers.csv", "line 1", f"column {wrong}", "unknown column"
    )


def test_missing_column(copy):
    table = rows(copy / "sources.csv")
    for row in table:
        del row["kind"]
    write(copy / "sources.csv", table)
    assert_reported(copy, "data/sources.csv", "line 1", "column kind", "missing")


def test_empty_file(copy):
    path = copy / "remains_handovers.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert_reported(copy, "data/remains_handovers.csv", "no data rows")


def test_zero_byte_file(copy):
    (copy / "sources.csv").write_bytes(b"")
    assert_reported(copy, "data/sources.csv", "the file is empty")


def test_missing_file(copy):
    (copy / "sources.csv").unlink()
    assert_reported(copy, "data/sources.csv", "missing")


def test_set_aside_without_a_reason(copy):
    line = edit(copy / "raw/claims.csv", {"claim_id": "c024"}, "status_reason", "")
    assert_reported(copy, "data/raw/claims.csv", f"line {line}", "column status_reason", "reason")


def test_claims_of_one_estimate_that_disagree(copy):
    line = edit(copy / "raw/claims.csv", {"claim_id": "c056"}, "value", "410000")
    assert_reported(copy, "data/raw/claims.csv", f"line {line}", "column value", "same value")


def test_readme_example_message_is_what_validate_prints(copy):
    """While the example's year is still the next one, its message is the one printed.

    The example's ids and lines stand for the next free ones (they are an example); after a
    real update of that year the example is about a year already in the data and is skipped.
    """
    text = (data_dir() / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```text\s+(data/raw/claims.csv, lines .*?)```", text, re.S)
    year = int(re.search(r"the running total for\s+([0-9]{4})", example.group(1)).group(1))
    if ledger.latest_handover(copy)["year"] + 1 != year:
        pytest.skip(f"the example's year {year} is no longer the next year of the data")
    new = ledger.add_next_year(copy)
    ledger.set_cell(copy / ledger.CLAIMS, {"claim_id": new.remains_claim}, "value", "52")
    (found,) = validate_package(copy, new.today, rebuild=True).problems
    said = re.search(r"new\s+claims are (c[0-9]+) to (c[0-9]+)", text).group(1)
    shift = int(said[1:]) - int(new.remains_claim[1:])
    mapping = {}
    for claim_id in (new.remains_claim, new.total_claim):  # to the example's ids and lines
        line = new.claim_line(claim_id)
        mapping[claim_id] = f"c{int(claim_id[1:]) + shift:03d}"
        mapping[str(line)] = str(line + shift)
    words = re.compile(r"\b(" + "|".join(map(re.escape, mapping)) + r")\b")
    printed = words.sub(lambda match: mapping[match.group(1)], re.sub(r"\s+", " ", str(found)))
    assert printed == re.sub(r"\s+", " ", example.group(1)).strip()


def test_tables_not_yet_rebuilt_are_a_note_not_a_problem(copy):
    """After a correct edit of the ledger, validate says the data is valid and exits 0."""
    handovers = rows(copy / "remains_handovers.csv")
    write(copy / "remains_handovers.csv", handovers[:-1])  # as before the latest year was added
    report = validate_package(copy, TODAY)
    assert report.ok and not report.current, report.summary()
    assert report.out_of_date == ["data/remains_handovers.csv"]
    summary = report.summary()
    assert summary.startswith("ok: ") and "problem" not in summary, summary
    for part in ("the data is valid", "not yet rebuilt", "`make run`"):
        assert part in summary, summary
    cli = subprocess.run(
        [sys.executable, "-m", "helpers", "validate", str(copy)], capture_output=True, text=True
    )
    assert cli.returncode == 0 and "not yet rebuilt" in cli.stdout, cli
    with pytest.raises(DataError, match="not yet rebuilt"):  # a lesson never reads them
        data.load_handovers(copy)
    build.write_tables(copy)
    assert validate_package(copy, TODAY).current


def test_hand_edited_clean_table_is_named_as_not_rebuilt(copy):
    edit(copy / "remains_handovers.csv", {"year": "2014"}, "notes", "edited by hand")
    report = validate_package(copy, TODAY)
    assert report.out_of_date == ["data/remains_handovers.csv"], report.summary()
    assert "edited by hand" in report.summary()


@pytest.mark.parametrize(
    ("crlf", "bom", "how", "shown"),
    [
        (True, True, "Windows line ends and a byte-order mark", "every line"),
        (True, False, "Windows line ends", "every line"),
        (False, True, "a byte-order mark", "its first line"),
    ],
)
def test_excel_csv_with_bom_or_crlf_is_read_said_and_stored_again(copy, crlf, bom, how, shown):
    originals = {}
    for path in [copy / "sources.csv", copy / "raw/claims.csv"]:
        originals[path] = path.read_bytes()
        text = path.read_text(encoding="utf-8")
        text = text.replace("\n", "\r\n") if crlf else text
        path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    report = validate_package(copy, TODAY)
    assert report.current, report.summary()
    for file in ("data/sources.csv", "data/raw/claims.csv"):
        assert report.saved_by_excel[file] == how
        assert f"note: {file} is saved with {how}, as Excel saves CSV" in report.summary()
    assert f"git would show {shown} as changed" in report.summary()
    written = build.write_tables(copy)
    for path, original in originals.items():
        assert path in written and path.read_bytes() == original
    assert "note" not in validate_package(copy, TODAY).summary()


def test_a_year_implied_by_two_totals_is_derived(copy):
    latest = ledger.latest_handover(copy)
    year = latest["year"]
    total, before = ledger.total_claim_of(copy, year), ledger.total_claim_of(copy, year - 1)
    claims = rows(copy / "raw/claims.csv")
    for row in claims:
        if row["measure"] == "remains_returned" and row["refers_to"].startswith(str(year)):
            row["status"] = "set aside"
            row["status_reason"] = f"test: pretend no source gives {year}"
    write(copy / "raw/claims.csv", claims)
    build.write_tables(copy)
    derived = next(row for row in rows(copy / "remains_handovers.csv") if row["year"] == str(year))
    assert derived["remains_returned"] == str(int(total["value"]) - int(before["value"]))
    assert derived["basis"] == "derived"
    for claim in (total, before):
        assert f"{int(claim['value']):,} ({claim['claim_id']})" in derived["derivation"]
    assert validate_package(copy, TODAY).ok


def test_loaders_stop_on_bad_data_with_the_same_message(copy):
    line = edit(copy / "raw/claims.csv", {"claim_id": "c003"}, "value", "four hundred")
    with pytest.raises(DataError, match=rf"raw/claims.csv, line {line}, column value"):
        data.load_handovers(copy)


def test_loaders_keep_counts_integer_and_missing_bounds_missing():
    estimates = data.load_estimates()
    assert str(estimates["best"].dtype) == "Int64"
    claims = data.load_claims()
    only_best = (
        claims[claims["status"].eq("used") & claims["estimate_id"].ne("")]
        .groupby("estimate_id")["bound"]
        .agg(set)
    )
    estimate_id = only_best[only_best.eq({"best"})].index[0]
    used = claims[claims["estimate_id"].eq(estimate_id) & claims["status"].eq("used")]
    row = estimates.set_index("estimate_id").loc[estimate_id]
    assert row["best"] == used["value"].iloc[0] and row["low"] is data.pd.NA
    handovers = data.load_handovers()
    assert str(handovers["remains_returned"].dtype) == "Int64"
    assert handovers.attrs["units"]["remains_returned"] == "sets of remains"


def test_frictionless_accepts_the_package():
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(data_dir() / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_column_dictionary_in_the_data_readme_is_current():
    from helpers.datapackage.dictionary import updated_readme

    readme = (data_dir() / "README.md").read_text(encoding="utf-8")
    assert updated_readme(readme, data_dir()) == readme, "run `python -m helpers build`"


# How estimates relate (part_of, same_as) and their two dates (as_of, reported).

ESTIMATES = "data/casualty_estimates.csv"


def edit_estimate(folder: Path, estimate_id: str, column: str, value: str) -> int:
    return edit(folder / "casualty_estimates.csv", {"estimate_id": estimate_id}, column, value)


def test_part_of_an_unknown_estimate(copy):
    line = edit_estimate(copy, "kw-us-dead-mnd", "part_of", "kw-un-dead-nobody")
    assert_reported(copy, ESTIMATES, f"line {line}", "column part_of", "another estimate")


def test_part_of_itself(copy):
    line = edit_estimate(copy, "kw-us-dead-mnd", "part_of", "kw-us-dead-mnd")
    assert_reported(copy, ESTIMATES, f"line {line}", "column part_of", "not the row's own")


def test_relations_that_go_round_in_a_cycle(copy):
    line = edit_estimate(copy, "kw-un-dead-mnd", "part_of", "kw-us-dead-mnd")
    assert_reported(copy, ESTIMATES, f"line {line}", "column part_of", "comes back round")


def test_part_larger_than_its_whole(copy):
    line = edit_estimate(copy, "kw-us-dead-mnd", "best", "40000")
    assert_reported(copy, ESTIMATES, f"line {line}", "column part_of", "at least as large")


def test_part_of_a_whole_with_only_a_lower_bound_has_no_ceiling(copy):
    edit_estimate(copy, "nk-killed-nis-2025-01-13", "best", "3500")
    assert not [p for p in problems(copy) if "at least as large" in p]


def test_repeat_of_a_different_measure(copy):
    line = edit_estimate(
        copy, "kw-china-dead-chinese-sources", "same_as", "kw-china-killed-official-2000"
    )
    assert_reported(copy, ESTIMATES, f"line {line}", "column same_as", "same measure")


def test_both_part_of_and_same_as(copy):
    line = edit_estimate(copy, "kw-us-dead-mnd", "same_as", "kw-un-dead-mnd")
    assert_reported(copy, ESTIMATES, f"line {line}", "column same_as", "at most one")


def test_estimate_with_neither_date(copy):
    line = edit_estimate(copy, "kw-skciv-massacred-statistics", "as_of", "")
    assert_reported(copy, ESTIMATES, f"line {line}", "column as_of", "own date")


def test_own_date_after_the_first_report(copy):
    line = edit_estimate(copy, "nk-killed-nis-2025-04-30", "as_of", "2025-05-01")
    assert_reported(
        copy, ESTIMATES, f"line {line}", "column as_of", "not after 2025-04-30", "column reported"
    )


def test_own_date_compared_at_the_coarser_precision(copy):
    # as_of 2025-01-15 against reported 2025-01 (a source dated by month only) is fine.
    found = [p for p in problems(copy) if "earliest report" in p]
    assert not found, found


def test_estimate_without_scope(copy):
    line = edit_estimate(copy, "kw-us-dead-mnd", "scope", "")
    assert_reported(copy, ESTIMATES, f"line {line}", "column scope", "required")


def test_claims_of_one_estimate_that_disagree_on_a_relation(copy):
    line = edit(copy / "raw/claims.csv", {"claim_id": "c098"}, "part_of", "kw-us-dead-mnd")
    assert_reported(copy, "data/raw/claims.csv", f"line {line}", "column part_of", "same part_of")


def test_reported_is_the_earliest_dated_source():
    estimates = data.load_estimates().set_index("estimate_id")
    assert estimates.loc["kw-china-dead-western", "reported"] == "2014-03"
    assert estimates.loc["kw-china-dead-western", "as_of"] == ""
    assert estimates.loc["kw-us-dead-mnd", "part_of"] == "kw-un-dead-mnd"
    assert estimates.loc["kw-china-dead-chinese-sources", "same_as"] == "kw-china-dead-museum-2010"


# Every date checked against its source: a claim is never dated after its source was published.

CLAIMS = "data/raw/claims.csv"


def _claim_and_source(folder: Path, wanted) -> tuple[dict[str, str], dict[str, str], int]:
    """Return the first claim for which ``wanted(claim, source)`` holds, its source and line."""
    sources = {row["source_id"]: row for row in rows(folder / "sources.csv")}
    claim = next(
        row for row in rows(folder / "raw/claims.csv") if wanted(row, sources[row["source_id"]])
    )
    source = sources[claim["source_id"]]
    return claim, source, ledger.line_of(folder / "sources.csv", "source_id", source["source_id"])


def _days_after(day: str, days: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()


@pytest.mark.parametrize("rebuild", [False, True], ids=["validate", "run"])
def test_handover_dated_after_its_source(copy, rebuild):
    claim, source, source_line = _claim_and_source(
        copy,
        lambda c, s: (
            c["measure"] == "remains_returned"
            and c["status"] == "used"
            and len(c["refers_to"]) == 10
            and len(s["date_published"]) == 10
        ),
    )
    later = _days_after(source["date_published"], 10)
    line = edit(copy / "raw/claims.csv", {"claim_id": claim["claim_id"]}, "refers_to", later)
    found = [str(p) for p in validate_package(copy, TODAY, rebuild=rebuild).problems]
    expected = [
        f"{CLAIMS}, line {line}, column refers_to: found '{later}'",
        f"not after {source['date_published']}",
        claim["claim_id"],
        source["source_id"],
        f"data/sources.csv, line {source_line}",
    ]
    assert any(all(part in problem for part in expected) for problem in found), found
    assert not [p for p in found if "remains_handovers.csv" in p], found


@pytest.mark.parametrize("rebuild", [False, True], ids=["validate", "run"])
def test_estimate_dated_after_its_source_names_the_claim_not_the_table(copy, rebuild):
    claim, source, _ = _claim_and_source(
        copy,
        lambda c, s: (
            c["status"] == "used" and len(c["as_of"]) == 10 and len(s["date_published"]) == 10
        ),
    )
    later = _days_after(source["date_published"], 6)
    line = edit(copy / "raw/claims.csv", {"claim_id": claim["claim_id"]}, "as_of", later)
    found = [str(p) for p in validate_package(copy, TODAY, rebuild=rebuild).problems]
    expected = [f"{CLAIMS}, line {line}, column as_of", claim["claim_id"], source["source_id"]]
    assert any(all(part in problem for part in expected) for problem in found), found
    assert any(f"not after {source['date_published']}" in problem for problem in found), found
    assert not [p for p in found if "casualty_estimates.csv" in p], found


def test_source_dated_by_month_only_is_compared_by_month(copy):
    claim, source, _ = _claim_and_source(
        copy, lambda c, s: c["as_of"] and len(s["date_published"]) == 7
    )
    month = source["date_published"]
    edit(copy / "raw/claims.csv", {"claim_id": claim["claim_id"]}, "as_of", f"{month}-28")
    assert not [p for p in problems(copy) if "published" in p]
    following = (dt.date.fromisoformat(f"{month}-01") + dt.timedelta(days=31)).strftime("%Y-%m")
    line = edit(copy / "raw/claims.csv", {"claim_id": claim["claim_id"]}, "as_of", following)
    assert_reported(
        copy,
        CLAIMS,
        f"line {line}",
        f"not after {month}",
        "gives only the month",
        claim["claim_id"],
    )


def test_a_span_is_compared_by_its_last_year():
    from helpers.datapackage.periods import later_than

    assert not later_than("1950-1953", "2000-10-19")
    assert later_than("1950-1953", "1952-07")
    assert not later_than("2025-09-20", "2025-09")
    assert later_than("2025-10", "2025-09-30")
    assert not later_than("2025", "")


# Spreadsheet saves in plain words.


@pytest.mark.parametrize(
    ("typed", "meant", "assumed"),
    [
        ("12/09/25", "2025-09-12", "day first"),
        ("25-09-12", "2025-09-12", "year first"),
        ("12.09.25", "2025-09-12", "day first"),
    ],
)
def test_two_digit_year_gets_did_you_mean_and_the_reading_assumed(copy, typed, meant, assumed):
    line = edit(copy / "raw/claims.csv", {"claim_id": "c003"}, "refers_to", typed)
    assert_reported(copy, "data/raw/claims.csv", f"line {line}", f"did you mean {meant}?", assumed)


def test_two_digit_year_with_one_reading_names_no_other():
    from helpers.datapackage.wording import date_guess

    assert date_guess("09/13/25", 2026) == " (did you mean 2025-09-13?)"
    assert date_guess("50-06-25", 2026) == " (did you mean 1950-06-25?)"
    assert "2026-09-12, day first" in date_guess("12/09/2026")  # four digits: both readings


def test_duplicated_claim_id_names_the_next_free_one(copy):
    ids = [row["claim_id"] for row in rows(copy / "raw/claims.csv")]
    line = edit(copy / "raw/claims.csv", {"claim_id": ids[-1]}, "claim_id", ids[0])
    (free,) = ledger.next_claim_ids(copy, 1)
    assert_reported(
        copy,
        "data/raw/claims.csv",
        f"line {line}",
        "unique",
        f"next free id is {free}: give it to one of the two rows (the one you added last)",
    )


def test_a_count_typed_with_a_thousands_comma_without_quotes_names_its_column(copy):
    path = copy / "raw/claims.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, text in enumerate(lines) if ",1011,exact," in text)
    lines[number] = lines[number].replace(",1011,exact,", ",1,011,exact,")
    path.write_text("\n".join(lines), encoding="utf-8")
    (problem,) = problems(copy)
    assert problem == (
        f"data/raw/claims.csv, line {number + 1}, column value: found '1,011'; typed with a "
        "thousands comma, which splits the row into 21 fields where the header has 20: type 1011"
    )


def test_a_comma_too_many_elsewhere_keeps_the_general_message(copy):
    path = copy / "raw/claims.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[1] = lines[1].replace(",", ",,", 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    (problem,) = problems(copy)
    assert "line 2: 21 fields, but the header has 20: a comma too many" in problem


def test_empty_cell_of_a_column_with_allowed_values_lists_them(copy):
    line = edit(copy / "raw/claims.csv", {"claim_id": "c003"}, "bound", "")
    assert_reported(
        copy,
        f"line {line}, column bound: found an empty cell",
        "this column is required; one of: exact, low, best, high",
    )


def test_empty_cell_is_named_in_words(copy):
    line = edit(copy / "sources.csv", {"source_id": "xinhua-2020-09-27"}, "publisher", "")
    assert_reported(copy, "data/sources.csv", f"line {line}", "found an empty cell")
    assert not [p for p in problems(copy) if "''" in p]


@pytest.mark.parametrize(("separator", "name"), [(";", "semicolons"), ("\t", "tabs")])
def test_file_saved_with_another_separator_gets_one_message(copy, separator, name):
    path = copy / "sources.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter=separator, lineterminator="\r\n").writerows(table)
    (problem,) = problems(copy)
    for part in ("data/sources.csv, line 1", f"separated by {name}", "Saving from a spreadsheet"):
        assert part in problem, problem
    if name == "semicolons":  # Excel's "CSV UTF-8 (Comma delimited)" is no way out alone
        for part in ("region settings", "List separator", "LibreOffice Calc or Google Sheets"):
            assert part in problem, problem


@pytest.mark.parametrize("rebuild", [False, True], ids=["validate", "run"])
def test_a_problem_the_claims_build_is_named_on_the_claims(copy, rebuild):
    claims = rows(copy / "raw/claims.csv")
    estimate = next(
        row["estimate_id"] for row in claims if row["part_of"] and row["status"] == "used"
    )
    used = [row for row in claims if row["estimate_id"] == estimate and row["status"] == "used"]
    for row in used:
        row["part_of"] = "kw-nobody"
    write(copy / "raw/claims.csv", claims)
    if not rebuild:
        build.write_tables(copy)
    found = [str(p) for p in validate_package(copy, TODAY, rebuild=rebuild).problems]
    lines = [str(ledger.line_of(copy / "raw/claims.csv", "claim_id", r["claim_id"])) for r in used]
    where = f"line {lines[0]}" if len(lines) == 1 else "lines "
    expected = ["data/raw/claims.csv, " + where, "column part_of", "'kw-nobody'"]
    expected += [row["claim_id"] for row in used] + [row["source_id"] for row in used]
    expected += [f"the row for estimate_id {estimate}", "expected the estimate_id of another"]
    assert any(all(part in problem for part in expected) for problem in found), found
    assert not [p for p in found if p.startswith("data/casualty_estimates.csv")], found
