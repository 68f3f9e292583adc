"""Every exercise checker, with expected answers taken from the data (never typed in here).

For each exercise: its own expected answer is accepted; the placeholder is "not answered yet";
no wrong answer's message contains the expected answer; the hint's code, run on the data, gives
the expected answer; and the general diagnoses (text for a number, fraction for a percent, a
sign error) fire where they apply.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from helpers import analysis, data, exercises
from helpers.exercises import (
    ChoiceExercise,
    NumberExercise,
    TwoPartExercise,
    WordExercise,
    WrittenExercise,
    slips,
)

IDS = sorted(exercises.EXERCISES)
WRONG_ANSWERS = [123456789, -0.000123, "a guess", True, [1, 2], (1, 2, 3), "zz"]


def _right_answer(exercise):
    return exercise.expected()


def _spellings(value) -> set[str]:
    """Ways the expected answer could appear in a message."""
    if isinstance(value, tuple):
        return set().union(*(_spellings(part) for part in value))
    if isinstance(value, str):
        return {value.strip().casefold()} if len(value.strip()) > 2 else set()
    number = float(value)
    found = {f"{number:g}", f"{number:,.0f}" if abs(number) >= 1000 else f"{number:g}"}
    if number == int(number):
        found.add(str(int(number)))
    return {spelling for spelling in found if len(spelling.lstrip("-")) >= 2}


def _namespace() -> dict:
    return {
        "analysis": analysis,
        "data": data,
        "np": np,
        "pd": pd,
        "handovers": data.load_handovers(),
        "estimates": data.load_estimates(),
        "claims": data.load_claims(),
        "sources": data.load_sources(),
    }


@pytest.mark.parametrize("exercise_id", IDS)
def test_right_answer_is_accepted(exercise_id):
    exercise = exercises.EXERCISES[exercise_id]
    message = exercises.feedback(exercise_id, _right_answer(exercise))
    assert message.startswith(("Right!", "Thanks!")), message


@pytest.mark.parametrize("exercise_id", IDS)
def test_placeholder_is_not_answered_yet(exercise_id):
    assert exercises.feedback(exercise_id, ...).startswith("Not answered yet")


@pytest.mark.parametrize("exercise_id", IDS)
@pytest.mark.parametrize("wrong", WRONG_ANSWERS, ids=repr)
def test_wrong_answer_never_contains_the_answer(exercise_id, wrong):
    exercise = exercises.EXERCISES[exercise_id]
    message = exercises.feedback(exercise_id, wrong)
    assert message.startswith("Not yet:"), message
    if isinstance(exercise, WrittenExercise):
        assert exercise.model_answer not in message
        return
    for spelling in _spellings(exercise.expected()):
        assert spelling not in message.casefold(), (spelling, message)


#: Every exercise with a hint in code, and every part of a two-part exercise with one.
HINTED = [
    (f"{exercise_id}-part{number}" if number else exercise_id, checked)
    for exercise_id, exercise in sorted(exercises.EXERCISES.items())
    for number, checked in (
        enumerate(exercise.parts, start=1)
        if isinstance(exercise, TwoPartExercise)
        else [(0, exercise)]
    )
    if getattr(checked, "hint_code", None)
]


@pytest.mark.parametrize(("label", "exercise"), HINTED, ids=[label for label, _ in HINTED])
def test_hint_followed_literally_gives_the_answer(label, exercise):
    result = eval(exercise.hint_code, _namespace())  # the hint's own code, from this package
    expected = exercise.expected()
    if isinstance(expected, str):
        assert str(result) == expected
    else:
        assert exercise.feedback(float(result)).startswith("Right!"), (result, expected)


@pytest.mark.parametrize("exercise_id", IDS)
def test_named_mistakes_are_wrong_and_do_not_reveal(exercise_id):
    exercise = exercises.EXERCISES[exercise_id]
    parts = exercise.parts if isinstance(exercise, TwoPartExercise) else [exercise]
    for part in parts:
        if isinstance(part, NumberExercise):
            for mistake in part.mistakes:
                message = part.feedback(mistake.value())
                assert message.startswith("Not yet:"), message
                for spelling in _spellings(part.expected()):
                    assert spelling not in message.casefold()
        if isinstance(part, WordExercise):
            for wrong in part.mistakes:
                assert part.feedback(wrong).startswith("Not yet:")


@pytest.mark.parametrize("exercise_id", IDS)
def test_number_typed_as_text_is_told_it_is_text(exercise_id):
    exercise = exercises.EXERCISES[exercise_id]
    if not isinstance(exercise, NumberExercise):
        pytest.skip("not a number exercise")
    message = exercise.feedback(f"{exercise.expected()}")
    assert "text" in message and "quotes" in message


def test_fraction_for_percent_sign_error_and_rounding():
    exercise = NumberExercise("q", lambda: -84.4321, "hint", "m", decimals=1, unit="percent")
    assert "fraction" in exercise.feedback(-0.844)
    assert "sign" in exercise.feedback(84.4)
    assert "one decimal" in exercise.feedback(-85.0)
    assert exercise.feedback(-84.4).startswith("Right!")
    assert exercise.feedback(-84.4321).startswith("Right!")
    assert exercise.feedback(-84.43).startswith("Not yet:")
    assert "84" not in exercise.feedback(-0.844)


def test_choice_explains_each_option():
    exercise = ChoiceExercise(
        "q",
        {
            "a": exercises.Option("yes", False, "Because A is wrong."),
            "b": exercises.Option("no", True, "Because B holds."),
        },
    )
    assert exercise.feedback("a") == "Not yet: Because A is wrong."
    assert exercise.feedback(" B ").startswith("Right! Because B holds.")
    assert "one of the letters" in exercise.feedback("c")
    with pytest.raises(ValueError):
        ChoiceExercise("q", {"a": exercises.Option("x", False, "")})


def test_written_answer_is_judged_by_its_ideas():
    exercise = WrittenExercise(
        "q",
        "The model answer.",
        [
            exercises.KeyIdea("wounded", ["wound*"], "What else does it count?"),
            exercises.KeyIdea("part", ["part of"], "Could one sit inside the other?"),
        ],
        exercise_id="99.9",
        nudges=[exercises.Nudge(["they contradict*"], "Look at the words again.")],
    )
    assert exercise.feedback("too short").startswith("Not yet:")
    message = exercise.feedback("I think the two counts differ: they count different things")
    assert message.startswith("Not yet:") and "The model answer." not in message
    assert "What else does it count?" in message and 'model_answer("99.9")' in message
    good = exercise.feedback("The killed can be part of the casualties, which add the wounded.")
    assert good.startswith("Thanks!") and "The model answer." in good
    assert exercise.feedback("Clearly they contradict each other, and the numbers differ a lot.")
    assert "Look at the words again." in exercise.feedback(
        "Clearly they contradict each other, the wounded are part of it."
    )
    assert "Look at the words" not in exercise.feedback(
        "They do not contradict each other: the killed are part of the wounded and dead."
    )


WRITTEN = [
    key for key, exercise in exercises.EXERCISES.items() if isinstance(exercise, WrittenExercise)
]

#: Answers that must get neither praise nor the model answer: filler, off-topic, opposite.
POOR = {
    "filler": "I do not know what to write here",
    "letters": "a b c d e f g h i j k l",
    "off-topic": "The weather in Seoul was sunny all week and the football match ended in a "
    "draw, which pleased nobody in the stadium.",
    "lying": "North Korea is lying about its losses and that is the only real reason here.",
}
OPPOSITE = {
    "00.6": "Yes, they contradict each other",
    "01.5": "The curve was wrong and the data is wrong too, the 117 must be a typing mistake "
    "by someone.",
    "02.5": "Nothing should change: China is lying about its dead and the 400,000 is the real "
    "number.",
    "03.5": "North Korea is lying about its losses and that is the only real reason here.",
    "04.5": "Used: the report comes from Yonhap, a trusted news agency, and its yearly figure "
    "for 2022 matches the ledger.",
}
#: Two paraphrases of each model answer, in other words: both must be judged good.
PARAPHRASES = {
    "00.6": [
        "No. Casualties means killed and wounded together, so the 300 dead could be part of "
        "the 3,000.",
        "They need not contradict: the first figure counts injured soldiers as well as the "
        "dead, the second only deaths, so both can be right.",
    ],
    "01.5": [
        "The 2020 handover was in September, about eighteen months after April 2019, so it "
        "may hold two seasons of finds; the numbers cannot tell us how much excavation was "
        "done or why more remains were identified.",
        "There was a longer wait before the 2020 handover, delayed by the pandemic; what the "
        "count cannot say is how many remains were dug up or what the governments decided.",
    ],
    "02.5": [
        "The editor should say who made the 400,000 estimate, since it has no named source, "
        "and drop 'admits', which suggests China hides deaths the data cannot show.",
        "Name the 400,000 as an unattributed Western estimate, not a fact; and 'twice' "
        "depends on which Chinese count you pick, since the largest also counts labourers "
        "and the missing.",
    ],
    "03.5": [
        "North Korea may count only soldiers it has confirmed and named, while the NIS "
        "infers deaths including the missing; the figures may also cover different periods. "
        "I would want the original statement and how each was counted.",
        "The two could count different things, for instance only bodies brought home against "
        "presumed dead, and one may lag behind by months; before using either I would want "
        "to know the period each covers and the method.",
    ],
    "04.5": [
        "Set aside: its running total does not match the sum of the yearly figures through "
        "2022, and the Yonhap story it carries gives a total that does.",
        "Not used: the total differs from the yearly figures added up to 2022; the original "
        "Yonhap story has the right total, and this copy adds no independent source.",
    ],
}


@pytest.mark.parametrize("exercise_id", WRITTEN)
@pytest.mark.parametrize("kind", [*POOR, "opposite"])
def test_poor_written_answers_get_neither_praise_nor_the_model(exercise_id, kind):
    answer = OPPOSITE[exercise_id] if kind == "opposite" else POOR[kind]
    exercise = exercises.EXERCISES[exercise_id]
    message = exercises.feedback(exercise_id, answer)
    assert message.startswith("Not yet:"), message
    assert exercise.model_answer not in message
    assert "Thanks" not in message


@pytest.mark.parametrize("exercise_id", WRITTEN)
def test_opposite_answer_gets_a_nudge(exercise_id):
    exercise = exercises.EXERCISES[exercise_id]
    message = exercises.feedback(exercise_id, OPPOSITE[exercise_id])
    assert any(nudge.says in message for nudge in exercise.nudges), message


@pytest.mark.parametrize("exercise_id", WRITTEN)
def test_model_answer_and_two_paraphrases_are_good(exercise_id):
    exercise = exercises.EXERCISES[exercise_id]
    assert set(PARAPHRASES) == set(WRITTEN)
    for answer in [exercise.model_answer, *PARAPHRASES[exercise_id]]:
        message = exercises.feedback(exercise_id, answer)
        assert message.startswith("Thanks!") and exercise.model_answer in message, message


@pytest.mark.parametrize("exercise_id", WRITTEN)
def test_model_answer_on_request(exercise_id, capsys):
    exercises.model_answer(exercise_id)
    assert exercises.EXERCISES[exercise_id].model_answer in capsys.readouterr().out


def test_missing_ideas_are_asked_as_questions_that_do_not_answer():
    for exercise_id in WRITTEN:
        exercise = exercises.EXERCISES[exercise_id]
        for idea in exercise.ideas:
            assert idea.question.rstrip().endswith("?"), idea.question
            assert idea.question not in exercise.model_answer


@pytest.mark.parametrize(
    ("exercise_id", "right", "wrong"),
    [
        ("02.1", [2.42, 2.4186046511627906], [2.41, 2.4186, 2.43, 2.4]),
        ("03.2", [31.7, 31.666666666666664], [31.6, 31.67, 31.8]),
        ("02.3", [76.6], [76.5, 76.58, 76.7]),
    ],
)
def test_one_rounding_rule(exercise_id, right, wrong):
    exercise = exercises.EXERCISES[exercise_id]
    assert exercise.feedback(exercise.expected()).startswith("Right!")
    for given in right:
        assert exercise.feedback(given).startswith("Right!"), given
    for given in wrong:
        message = exercise.feedback(given)
        assert message.startswith("Not yet:"), (given, message)
    words = "two decimals" if exercise.decimals == 2 else "one decimal"
    assert words in exercise.feedback(wrong[0])


def test_thousands_separators_are_named():
    two_part = exercises.EXERCISES["03.4"]
    assert "without commas" in two_part.feedback((3, 0, "b"))
    number = exercises.EXERCISES["00.2"]
    assert "without commas" in number.feedback((3, 0))
    assert "2 parts" in two_part.feedback((1.5, "b", "c"))


def test_swapped_parts_are_named():
    message = exercises.EXERCISES["01.3"].feedback(("slower", 1.57))
    assert "wrong order" in message and "number first" in message


#: Words of Python or pandas the lessons never teach; no student-facing message may use them.
JARGON = re.compile(
    r"\b(Series|DataFrame|StringArray|ndarray|dtype|NoneType|tuple|float|Int64|int64|str|"
    r"traceback|Traceback|NameError|TypeError|SyntaxError|KeyError|exception|object)\b"
)
ODD_ANSWERS = [
    ...,
    None,
    "zz",
    "12",
    1,
    0.5,
    -3,
    True,
    (1, 2),
    (3, 0),
    ("slower", 1.5),
    (1, 2, 3),
    [1],
    {"a": 1},
    pd.Series([1, 2]),
    pd.Series([5]),
    pd.Series(["a", "b"], dtype="string").array,
    pd.Series(["a"]).unique(),
    pd.DataFrame({"a": [1]}),
    np.int64(3),
    np.array([1.0, 2.0]),
    len,
    "a b c d e f g h i j k l",
    "I do not know what to write here",
]


def _all_messages() -> list[str]:
    messages = []
    for exercise_id, exercise in exercises.EXERCISES.items():
        parts = exercise.parts if isinstance(exercise, TwoPartExercise) else [exercise]
        for answer in [*ODD_ANSWERS, exercise.expected()]:
            messages.append(exercises.feedback(exercise_id, answer))
        for part in parts:
            for answer in ODD_ANSWERS:
                messages.append(part.feedback(answer))
            if isinstance(part, NumberExercise):
                exact = float(part.expected())
                for given in (exact * 1.01, exact + 0.04, exact / 100, exact * 100, -exact):
                    messages.append(part.feedback(given))
                messages += [part.feedback(mistake.value()) for mistake in part.mistakes]
            if isinstance(part, WordExercise):
                messages += [part.feedback(wrong) for wrong in part.mistakes]
            if isinstance(part, ChoiceExercise):
                messages += [part.feedback(letter) for letter in part.options]
                messages.append(part.choices())
        if isinstance(exercise, WrittenExercise):
            messages += [idea.question for idea in exercise.ideas]
            messages += [nudge.says for nudge in exercise.nudges]
            messages += [exercises.feedback(exercise_id, answer) for answer in OPPOSITE.values()]
    messages += [
        slips.name_message("slower", "answer = slower"),
        slips.comma_message("answer = 3,050"),
        slips.unreadable_answer_message("answer = Yes they do"),
    ]
    return messages


def test_no_library_jargon_in_any_message():
    found = [message for message in _all_messages() if JARGON.search(message)]
    assert not found, found[:5]


def test_plain_description_of_what_was_given():
    assert "column" in exercises.EXERCISES["00.2"].feedback(pd.Series([1, 2]))
    assert ".iloc[0]" in exercises.EXERCISES["00.2"].feedback(pd.Series([5]))
    assert "text" in exercises.EXERCISES["00.1"].feedback(3) or "quotes" in (
        exercises.EXERCISES["00.1"].feedback(3)
    )


@pytest.mark.parametrize(
    ("line", "fixed"),
    [
        ("answer = b", 'answer = "b"'),
        ("answer = slower  # my guess", 'answer = "slower"'),
        ("answer = (1.57, slower)", 'answer = (1.57, "slower")'),
        ('exercises.check("01.3", (1.57, slower))', 'exercises.check("01.3", (1.57, "slower"))'),
    ],
)
def test_forgotten_quotes_are_recognised(line, fixed):
    name = "b" if "= b" in line else "slower"
    assert slips.forgotten_quotes(name, line) == fixed
    assert fixed in slips.name_message(name, line)


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("by_yr", "answer = by_yr[2020]"),
        ("my_fit", "answer = my_fit.half_life"),
        ("rnd", "answer = rnd(2.4, 1)"),
        ("slower", "print(slower)"),
    ],
)
def test_other_name_errors_are_not_called_forgotten_quotes(name, line):
    assert slips.forgotten_quotes(name, line) is None


def test_commas_in_a_number_are_recognised():
    assert "Type 3050 instead" in slips.comma_message("answer = (3,050, 'b')")
    assert "Type 1234567 instead" in slips.comma_message("answer = 1,234,567")
    assert slips.comma_message("answer = (3, 50)") is None


def test_an_unreadable_answer_line_is_told_to_use_quotes():
    message = slips.unreadable_answer_message("answer = Yes they contradict\n")
    assert 'answer = "Yes they contradict"' in message
    assert "answer = 'He said \"no\"'" in slips.unreadable_answer_message('answer = He said "no"')
    assert slips.unreadable_answer_message("for x in y") is None


def _run_in_a_kernel(cells: list[str], allow_errors: bool):
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(
        notebook, kernel_name="python3", allow_errors=allow_errors, timeout=120
    ).execute()
    return notebook


def test_slips_in_a_real_kernel_are_plain_and_still_fail_the_cell():
    from nbclient.exceptions import CellExecutionError

    start = "from helpers import exercises\nexercises.explain_slips()"
    cells = [start, "answer = slower", "answer = 3,050", "answer = by_yr[2020]", "1 / 0", "x = (1"]
    notebook = _run_in_a_kernel(cells, allow_errors=True)
    shown = ["\n".join(out["traceback"]) for cell in notebook.cells[1:] for out in cell.outputs]
    assert [cell.outputs[0]["output_type"] for cell in notebook.cells[1:]] == ["error"] * 5
    assert shown[0].startswith("Not yet:") and 'answer = "slower"' in shown[0]
    assert "Traceback" not in shown[0] and "Type 3050 instead" in shown[1]
    assert "NameError" in shown[2] and "In plain words" in shown[2]
    assert "ZeroDivisionError" in shown[3] and "plain" not in shown[3]
    assert "SyntaxError" in shown[4] and "Not yet" not in shown[4]
    for slip in cells[1:3]:  # the two softened slips: make run and nbval still stop on them
        with pytest.raises(CellExecutionError):
            _run_in_a_kernel([start, slip], allow_errors=False)


def test_explain_slips_changes_nothing_outside_ipython():
    assert slips.explain_slips() is None
    assert not slips.switched_on()


def test_data_documentation_is_reachable(capsys):
    data.documentation()
    listing = capsys.readouterr().out
    assert "Discrepancies" in listing and "data.documentation(" in listing
    assert data.documentation_text("discrep").startswith("## Discrepancies")
    with pytest.raises(KeyError, match="sections"):
        data.documentation_text("no such section")


def test_two_part_checks_both_parts():
    exercise = TwoPartExercise(
        "q",
        [
            NumberExercise("q1", lambda: 1.5, "hint one", "m", decimals=2),
            WordExercise("q2", lambda: "slower", "hint two", "m"),
        ],
    )
    assert exercise.feedback((1.5, "slower")).startswith("Right!")
    assert "part 2" in exercise.feedback((1.5, "faster"))
    assert "part 1: right" in exercise.feedback((1.5, "faster"))
    assert "2 parts" in exercise.feedback(1.5)
    assert "wrong order" in exercise.feedback(("slower", 1.5))


def test_check_prints_the_feedback(capsys):
    exercises.check(IDS[0], ...)
    assert capsys.readouterr().out.startswith("Not answered yet")


def test_confirm_is_silent_when_true_and_stops_when_false(capsys):
    exercises.confirm("the sky is blue", True)
    assert capsys.readouterr().out == ""
    with pytest.raises(AssertionError, match="no longer bears out"):
        exercises.confirm("the sky is green", False)


def test_a_near_year_is_not_called_a_rounding_slip():
    exercise = NumberExercise("q", lambda: 2020, "look again", "m", unit="year")
    assert exercise.feedback(2021) == "Not yet: look again"
    assert exercise.feedback(2020).startswith("Right!")


@pytest.mark.parametrize("lesson", sorted({exercise_id[:2] for exercise_id in IDS}))
def test_each_lesson_has_four_exercises_and_a_written_one(lesson):
    own = [exercise for key, exercise in exercises.EXERCISES.items() if key.startswith(lesson)]
    assert len(own) >= 4
    assert any(isinstance(exercise, WrittenExercise) for exercise in own)


# --- Findings of the student tryouts of lessons 01-03 (notes/ex2.md): each answer quoted. ---

#: Written answers from the tryouts that were praised and must not be: keyword salad,
#: answers arguing the wrong way, filler credited with an idea.
TRYOUT_POOR = [
    ("03.5", "different deaths different periods original statement method lag..."),
    (
        "03.5",
        "different deaths different periods original statement method lag confirmed named "
        "missing timing sources",
    ),
    (
        "02.5",
        "...Admits and twice and soldiers are words the editor should look at because they "
        "depend on which count and labourers and the missing.",
    ),
    (
        "01.5",
        "the wait was not longer and excavation does not matter, the data says everything "
        "about why, so nothing is unknown",
    ),
    (
        "01.5",
        "the longer wait... fully explains the jump, and the numbers tell us exactly how the "
        "remains were found",
    ),
    (
        "02.5",
        "Unattributed 400,000 with no author is fine to state as fact; admits is fine; it is "
        "twice whichever Chinese count you take, and every count is only soldiers.",
    ),
    (
        "03.5",
        "Both figures count the same deaths over the same period... I do not need the "
        "original statement or the method... the NIS is simply right",
    ),
    (
        "03.5",
        "they come from different sources... I would want to know more about the sources",
    ),
]


@pytest.mark.parametrize(("exercise_id", "answer"), TRYOUT_POOR)
def test_tryout_answers_get_neither_praise_nor_the_model(exercise_id, answer):
    exercise = exercises.EXERCISES[exercise_id]
    message = exercise.feedback(answer)
    assert message.startswith("Not yet:"), message
    assert "Thanks" not in message and exercise.model_answer not in message
    assert not exercise.is_good(answer)


@pytest.mark.parametrize(("exercise_id", "answer"), TRYOUT_POOR[3:7])
def test_tryout_answers_arguing_the_wrong_way_get_a_nudge(exercise_id, answer):
    exercise = exercises.EXERCISES[exercise_id]
    message = exercise.feedback(answer)
    assert any(nudge.says in message for nudge in exercise.nudges), message


@pytest.mark.parametrize(("exercise_id", "answer"), TRYOUT_POOR[3:7])
def test_denied_or_dismissed_signals_touch_no_idea_even_without_nudges(exercise_id, answer):
    """The nudges catch these answers first; the sentence and negation rules would too."""
    exercise = exercises.EXERCISES[exercise_id]
    plain = WrittenExercise(
        exercise.question,
        exercise.model_answer,
        exercise.ideas,
        exercise_id,
        needed=exercise.needed,
        min_words=exercise.min_words,
    )
    assert not plain.is_good(answer)
    assert plain.feedback(exercise.model_answer).startswith("Thanks!")


def test_a_list_of_keywords_is_asked_for_sentences():
    message = exercises.feedback(
        "03.5",
        "different deaths different periods original statement method lag confirmed named "
        "missing timing sources",
    )
    assert "full sentences" in message


def test_filler_about_sources_is_credited_with_no_idea():
    answer = "they come from different sources... I would want to know more about the sources"
    assert exercises.EXERCISES["03.5"].touched(answer) == []


def test_negation_denies_an_idea_but_not_one_about_something_missing():
    exercise = exercises.EXERCISES["02.5"]
    about_missing = "The 400,000 has no author and no method, so the editor must say whose it is."
    assert exercise.ideas[0] in exercise.touched(about_missing)
    denied = exercises.EXERCISES["01.5"]
    assert denied.ideas[0] not in denied.touched("The wait was not longer than a year at all.")
    assert denied.ideas[0] in denied.touched("The wait before 2020 was much longer than a year.")


@pytest.mark.parametrize("exercise_id", WRITTEN)
def test_written_cell_says_how_many_ideas_bring_the_model_answer(exercise_id):
    import json

    from helpers.course.notebooks import lesson_paths

    exercise = exercises.EXERCISES[exercise_id]
    lesson = next(path for path in lesson_paths() if path.name.startswith(exercise_id[:2]))
    cells = json.loads(lesson.read_text(encoding="utf-8"))["cells"]
    text = next(
        "".join(cell["source"])
        for cell in cells
        if "".join(cell["source"]).startswith(f"**Exercise {exercise_id}")
    )
    assert f"once yours touches {exercise.needs_in_words()}." in " ".join(text.split())
    needed = len(exercise.ideas) if exercise.needed is None else exercise.needed
    assert ("two of" in exercise.needs_in_words()) == (needed == 2 < len(exercise.ideas))


def test_the_01_5_model_answer_agrees_with_the_lesson_and_cites_a_registered_source():
    model = exercises.EXERCISES["01.5"].model_answer
    assert "pandemic put it off" not in model and "documentation" not in model
    assert "do not say why" in model and "Xinhua" in model and "28 September 2020" in model
    sources = data.load_sources()
    xinhua = sources[sources["source_id"] == "xinhua-2020-09-27"]
    assert str(xinhua["date_published"].iloc[0])[:10] == "2020-09-28"


def test_stray_comma_after_forgotten_quotes():
    """Tryout: `answer = b,` was told to type `answer = "b",`, then "1 values in brackets"."""
    assert slips.forgotten_quotes("b", "answer = b,") == 'answer = "b"'
    message = slips.name_message("b", "answer = b,")
    assert 'answer = "b"  and' in message and '"b",' not in message
    assert "a comma after your answer makes Python read it as a list of answers" in message
    for exercise_id in ("01.4", "00.1", "01.2"):
        told = exercises.feedback(exercise_id, ("b",))
        assert told.startswith("Not yet:") and "values in brackets" not in told
        assert "comma after your answer makes Python read it as a list of answers" in told
        assert "remove the comma" in told
    assert "values in brackets" not in exercises.feedback("01.4", (1, 2))


def test_a_missing_name_is_not_said_to_be_defined_earlier():
    """Tryout: "Python read slower as the name of something defined earlier"."""
    message = slips.name_message("slower", "answer = slower")
    assert "defined earlier" not in message
    assert message.startswith(
        "Not yet: Python took slower for the name of something in the lesson, and nothing has "
        'that name: text goes inside quotes. Type:  answer = "slower"'
    )


def test_every_number_typed_with_commas_is_named_once():
    """Tryout: `114,084 / 148,977 * 100` was told "Type 114084 instead" twice."""
    message = slips.comma_message("answer = 114,084 / 148,977 * 100")
    assert message.count("114084") == 1 and message.count("148977") == 1
    assert str(slips.TypingSlip(message)) == ""  # shown once, as the kernel's message only


@pytest.mark.parametrize(("exercise_id", "given"), [("01.1", 1070.0), ("02.3", 76.58)])
def test_rounding_advice_says_what_round_does(exercise_id, given):
    exercise = exercises.EXERCISES[exercise_id]
    messages = [exercise._rounding_advice(given), exercise._rounding_advice(76.6)]
    for message in messages:
        assert "round(value, 1) keeps one decimal" in message


@pytest.mark.parametrize("given", [0.3, 0.32, 0.317])
def test_a_fraction_for_a_rate_per_100_is_caught_and_worded_as_asked(given):
    """Tryout: for 03.2, 0.317 was called a fraction "for a percent", 0.3 and 0.32 not at all."""
    message = exercises.feedback("03.2", given)
    assert "fraction" in message and "a number per 100" in message and "percent" not in message


@pytest.mark.parametrize("given", [0.77, 0.766, 0.8])
def test_a_fraction_for_a_percent_is_caught_within_rounding(given):
    """Tryout: 02.3 answered 0.77 got the whole method instead."""
    message = exercises.feedback("02.3", given)
    assert "fraction" in message and "a percent" in message


#: The tryouts' answers that got the generic hint, and code the hint must not spell out.
HINT_GIVEAWAYS = [
    ("01.1", 1070.0, ["by_year[", "(later - earlier) / earlier * 100"]),
    ("01.1", -6.8, ["by_year[", "(later - earlier) / earlier * 100"]),
    ("02.1", 1.73, ["analysis.select(", 'party="North Korea"']),
    ("02.3", 5.0, ["by_id.loc[", "divide the first by the second and multiply by 100"]),
]


@pytest.mark.parametrize(("exercise_id", "given", "code"), HINT_GIVEAWAYS)
def test_generic_hints_name_the_steps_not_the_finished_code(exercise_id, given, code):
    message = exercises.feedback(exercise_id, given)
    assert message == f"Not yet: {exercises.EXERCISES[exercise_id].hint}", message
    for piece in code:
        assert piece not in message
    assert re.search(r'"[A-Z][^"]+\?"', message), "the hint names the worked example's heading"


def test_explain_slips_prints_one_plain_line_in_a_kernel():
    notebook = _run_in_a_kernel(
        ["from helpers import exercises\nexercises.explain_slips()"], allow_errors=False
    )
    text = "".join(output.get("text", "") for output in notebook.cells[0].outputs)
    assert text == slips.SWITCHED_ON + "\n"
    assert not JARGON.search(text)


def _hints(exercise):
    if isinstance(exercise, TwoPartExercise):
        return [hint for part in exercise.parts for hint in _hints(part)]
    return [getattr(exercise, "hint", "")]


@pytest.mark.parametrize("exercise_id", IDS)
def test_headings_named_in_hints_are_in_the_lesson(exercise_id):
    import json

    from helpers.course.notebooks import lesson_paths

    lesson = next(path for path in lesson_paths() if path.name.startswith(exercise_id[:2]))
    cells = json.loads(lesson.read_text(encoding="utf-8"))["cells"]
    headings = {
        line.lstrip("#").strip()
        for cell in cells
        if cell["cell_type"] == "markdown"
        for line in "".join(cell["source"]).splitlines()
        if line.startswith("#")
    }
    for hint in _hints(exercises.EXERCISES[exercise_id]):
        for named in re.findall(r'"([A-Z][^"]{8,})"', hint):
            assert named in headings, named


def test_handovers_since_2020_praise_is_true_to_the_table():
    """Tryout: 00.2's "Right!" said "finds of remains have become rarer"."""
    message = exercises.feedback("00.2", exercises.EXERCISES["00.2"].expected())
    assert "rarer" not in message and "small next to the first" not in message
    handovers = data.load_handovers().set_index("year")["remains_returned"]
    since = handovers[handovers.index >= 2020]
    assert "rose and fell" in message
    assert (since.diff().dropna() > 0).any() and (since.diff().dropna() < 0).any()


@pytest.mark.parametrize(
    "answer",
    [
        "No. Casualties counts killed plus wounded, so 3,000 casualties can include the 300 "
        "killed; the rest are wounded.",
        "No. Casualties are killed plus wounded, so the 300 killed are among the 3,000 "
        "casualties.",
        "No. The 3,000 casualties include all 300 killed, plus the wounded.",
    ],
)
def test_casualties_answer_in_other_word_order_is_good(answer):
    """Tryout: "can include the 300 killed" was rejected for its word order."""
    assert exercises.feedback("00.6", answer).startswith("Thanks!")


def test_killed_not_part_of_casualties_is_nudged():
    """Tryout: "the 300 killed are not part of that number and the two reports clash"."""
    exercise = exercises.EXERCISES["00.6"]
    answer = (
        "The 3,000 casualties are mostly wounded, so the 300 killed are not part of that "
        "number and the two reports clash."
    )
    message = exercises.feedback("00.6", answer)
    assert message.startswith("Not yet:") and exercise.nudges[0].says in message
    assert exercises.feedback(
        "00.6",
        "No, the two reports do not clash: casualties add the "
        "wounded to the killed, so the 300 killed are part of them.",
    ).startswith("Thanks!")


def test_thousands_message_says_type_the_digits_without_underscores():
    """Tryout: `answer = 3,000` was told "an underscore may separate the thousands"."""
    message = exercises.feedback("00.2", (3, 0))
    assert "underscore" not in message and "type 3000" in message


@pytest.mark.parametrize(
    "answer",
    [
        "Set aside: 940 913 Yonhap para 4 sum yearly figures recomputed does not match copy "
        "original ok ok",
        "Set aside: the total of 940 matches 913 from the yearly figures, and the Yonhap story "
        "it carries gives 913 too.",
        "Set aside: the total does not match the sum of the yearly figures through 2022.",
    ],
)
def test_report_reason_salad_contradiction_and_half_answers_are_not_praised(answer):
    """Tryout: 04.5 praised a keyword salad, a self-contradiction and a half answer."""
    message = exercises.feedback("04.5", answer)
    assert message.startswith("Not yet:") and "Thanks" not in message, message
    assert exercises.EXERCISES["04.5"].model_answer not in message


def test_report_reason_half_answer_is_asked_about_the_original():
    message = exercises.feedback(
        "04.5", "Set aside: the total does not match the sum of the yearly figures through 2022."
    )
    assert "What does the story the report carries (04.1) give as the total?" in message


@pytest.mark.parametrize(
    ("answer", "question"),
    [
        ("wrong", "use it, or set it aside?"),
        ("Set aside: the total is wrong.", "What did you compare the report's total with"),
    ],
)
def test_lazy_report_reason_gets_a_pointing_question(answer, question):
    """Tryout: "wrong" and "Set aside: the total is wrong." got only "write at least 12 words"."""
    message = exercises.feedback("04.5", answer)
    assert "write at least 12 words" in message and question in message


def test_three_sources_for_2022_covers_both_routes():
    """Tryout: 3 was told only "a publisher that carries Xinhua ... count those as Xinhua"."""
    message = exercises.feedback("04.3", 3)
    assert "count it as Xinhua" in message
    assert "two stories by one publisher are one source too" in message


def test_recomputed_total_for_the_difference_is_diagnosed():
    """Tryout: 04.2 answered with the recomputed total got only the generic hint."""
    recomputed = int(data.load_handovers().query("year <= 2022")["remains_returned"].sum())
    message = exercises.feedback("04.2", recomputed)
    assert "that is the recomputed total itself" in message
    assert "report's total minus it" in message


def test_01_5_a_jump_read_as_a_wrong_count_or_as_caused_by_covid_gets_a_nudge():
    """The second student tryout's answers: neither praise nor the model answer."""
    for answer in (
        "I think the jump proves the count went wrong in 2020: the numbers show South Korea "
        "found many more remains because they dug more, and Covid caused it.",
        "I think South Korea dug much more in 2020 because of Covid, so the count of 2020 must "
        "be wrong.",
    ):
        said = exercises.feedback("01.5", answer)
        assert said.startswith("Not yet") and "model answer:" not in said, said


def test_04_5_a_reason_that_cites_its_source_is_a_sentence():
    """The third student tryout: citing the source id or its date must not hide the idea."""
    for answer in (
        "Set aside: the report's running total of 940 is 27 more than 913, the sum of the "
        "yearly figures through 2022; the original Yonhap story it carries "
        "(yonhap-2022-09-16, para 4) gives 913.",
        "Set aside: the report's running total of 940 is 27 more than 913, the sum of the "
        "yearly figures through 2022; Yonhap's own report of 16 September 2022 gives 913.",
    ):
        assert exercises.feedback("04.5", answer).startswith("Thanks!"), answer


def test_02_5_naming_the_bad_reading_to_reject_it_is_not_holding_it():
    """The third tryout: "rather than state it as fact", "'admits' suggests China hides"."""
    answer = (
        "The editor should name the 400,000 as an unattributed Western estimate with no author, "
        "and say who gives it rather than state it as fact. The word admits suggests China "
        "hides its dead, which the data cannot show. And twice depends on which Chinese count "
        "you take, since the largest also counts labourers and the missing."
    )
    assert exercises.feedback("02.5", answer).startswith("Thanks!")


def test_last_tryouts_a_keyword_run_is_not_praised_and_plain_prose_is_read():
    keywords = (
        "no author no method unattributed scope not stated depends on which count admits "
        "suggests hiding wider group register labourers"
    )
    said = exercises.feedback("02.5", keywords)
    assert said.startswith("Not yet") and "model answer:" not in said, said
    prose = (
        "Set aside because the total of 940 does not match the 913 recomputed from the yearly "
        "figures, and the Yonhap story gives 913."
    )
    assert exercises.feedback("04.5", prose).startswith("Thanks!")


def test_an_answer_rounded_to_fewer_decimals_than_asked_is_told_so():
    message = exercises.feedback("01.3", (1.6, "slower"))
    assert message.startswith("Not yet:")
    assert "You gave one decimal" in message and "two decimals" in message


def test_a_number_with_a_thousands_comma_in_a_two_part_answer_is_named():
    message = exercises.feedback("02.4", (3, 0))
    assert "without commas" in message


def test_a_short_written_answer_is_asked_about_the_idea_it_misses():
    message = exercises.feedback("04.5", "Set aside. I compared it.")
    assert "use it, or set it aside" not in message


@pytest.mark.parametrize(
    ("exercise_id", "answer"),
    [
        (
            "02.5",
            "The editor should say that the 400,000 is an unattributed Western estimate with "
            "no author or method. 'Admits' makes it sound like China is hiding deaths, but the "
            "data cannot show that anything was hidden. And 'more than twice' depends on which "
            "Chinese count you pick, since they count different groups.",
        ),
        (
            "03.5",
            "Before using either I would want to know how the NIS got its number and what "
            "dates each figure covers. The ceremonies show only some of the dead, and the NIS "
            "infers its figure.",
        ),
    ],
)
def test_paraphrases_from_the_tryouts_pass(exercise_id, answer):
    assert exercises.feedback(exercise_id, answer).startswith("Thanks!")


def test_data_documentation_finds_one_item_or_sub_section():
    item = data.documentation_text("When was the handover agreed")
    assert item.startswith("- **When was the handover agreed: 2013 or 2014?**")
    assert "Chinese dead" not in item and "Handovers in spring" not in item
    assert data.documentation_text("`sources.csv`").startswith("### `sources.csv`")
    assert data.documentation_text("Discrepancies").startswith("## Discrepancies")


def test_04_5_a_filler_copy_is_not_the_original_giving_the_total():
    """The fourth tryout: "only a newspaper copy" was credited with the original's total."""
    answer = "Set aside: it is not very reliable because it is only a newspaper copy."
    exercise = exercises.EXERCISES["04.5"]
    message = exercises.feedback("04.5", answer)
    assert "Thanks" not in message and exercise.model_answer not in message, message
    idea = "the original Yonhap story it carries gives the total that matches"
    assert idea not in [touched.name for touched in exercise.touched(answer)]
    assert idea not in message
    assert "What does the story the report carries (04.1) give as the total?" in message


@pytest.mark.parametrize(
    "answer",
    [
        "Set aside: it is a copy of Yonhap, and the total does not match the sum of the yearly "
        "figures.",
        "Set aside: the report is Yonhap's wire copy, and its total of 940 is more than the "
        "sum of the yearly figures.",
    ],
)
def test_04_5_naming_the_agency_without_its_total_is_asked_about_the_original(answer):
    message = exercises.feedback("04.5", answer)
    assert message.startswith("Not yet:"), message
    assert "What does the story the report carries (04.1) give as the total?" in message


@pytest.mark.parametrize(
    "answer",
    [
        "Set aside: the Courier says 940 but the yearly figures add up to 913, and the Yonhap "
        "story it copies says 913 in para 4, so the copy looks mistyped.",
        "Set aside: the sum of the yearly figures through 2022 is 913, not 940, and the "
        "original Yonhap report gives the right total.",
        "Not used: the yearly figures add up to 913 through 2022, and 913 is also what the "
        "original story says.",
    ],
)
def test_04_5_the_original_giving_the_total_in_other_words_passes(answer):
    assert exercises.feedback("04.5", answer).startswith("Thanks!"), answer


def test_04_1_right_says_where_the_originals_value_is_needed():
    """The fourth tryout: 04.1's praise sent the student to 04.4 for the value."""
    message = exercises.feedback("04.1", exercises.EXERCISES["04.1"].expected())
    assert message.startswith("Right!") and "04.4 and 04.5" in message, message
