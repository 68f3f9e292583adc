"""Plain words for the slips that stop a lesson's cell before any check can run.

``answer = slower`` (quotes forgotten) makes Python look for a name ``slower``: the cell stops
with a NameError before ``exercises.check`` runs. ``answer = 3,050`` and ``answer = Yes they
do`` stop it before it runs at all (Python reads ``050`` as a number with a leading zero, and
cannot read words without quotes). :func:`explain_slips`, called once
in a lesson's first code cell, asks the running IPython kernel to show those two errors as one
plain sentence that says what to type. The cell still fails, as it should: the kernel reports
an error, so ``make run`` and nbval still stop on it. Every other error, and a NameError that
is not a forgotten pair of quotes, is shown as before (a NameError with one plain line added).

What belongs here: recognising those slips and the kernel hook. What does not: the checks
(:mod:`helpers.exercises.checking`). Importing this module changes nothing; nor does calling
:func:`explain_slips` outside IPython. IPython is never imported: the kernel's shell is found
through ``get_ipython``, which IPython puts among Python's built-in names.
"""

from __future__ import annotations

import builtins
import linecache
import re
from types import TracebackType

#: Where a cell's code lives, as IPython names it ("<ipython-input-..." or a temporary file).
_WORD = re.compile(r"[A-Za-z_]\w*")


def _cell_line(tb: TracebackType | None) -> str:
    """Return the line of the student's cell the error came from, or an empty string."""
    line = ""
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_name == "<module>":
            line = linecache.getline(code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return line.rstrip("\n")


def forgotten_quotes(name: str, line: str) -> str | None:
    """Return the corrected line when ``name`` in ``line`` is text that lost its quotes.

    That is when the line gives an answer (it sets ``answer`` or calls an exercise) and the
    name stands alone as a value there: not followed by ``(``, ``[`` or ``.``, which would
    mean it was meant as something defined in an earlier cell. Returns None otherwise.
    """
    code = line.split("#", 1)[0]
    if not re.match(r"\s*answer\s*=", code) and "exercises." not in code:
        return None
    alone = re.compile(rf"(?<![\w.\"']){re.escape(name)}(?![\w\"'])(?!\s*[(\[.])")
    if not alone.search(code):
        return None
    fixed = alone.sub(f'"{name}"', code).strip()
    return re.sub(r'^(answer\s*=\s*"\w+")\s*,\s*$', r"\1", fixed)


def stray_comma(line: str) -> bool:
    """Return True when ``line`` sets ``answer`` to one value followed by a lone comma."""
    code = line.split("#", 1)[0]
    return re.match(r"\s*answer\s*=\s*[^,()\[\]]+,\s*$", code) is not None


def name_message(name: str, line: str) -> str | None:
    """Return the plain message for a NameError of ``name`` raised in ``line``, if a slip."""
    fixed = forgotten_quotes(name, line)
    if fixed is None:
        return None
    comma = (
        " (The comma after it is gone too: a comma after your answer makes Python read it as "
        "a list of answers.)"
        if stray_comma(line)
        else ""
    )
    return (
        f"Not yet: Python took {name} for the name of something in the lesson, and nothing "
        f"has that name: text goes inside quotes. Type:  {fixed}  and run the cell again."
        f"{comma}"
    )


def comma_message(line: str) -> str | None:
    """Return the plain message for ``line`` when it holds numbers typed with commas.

    Every such number is named once, with the digits to type instead.
    """
    found = re.findall(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?![\d.])", line)
    if not found:
        return None
    typed = " and ".join(found)
    plain = " and ".join(number.replace(",", "") for number in found)
    return (
        f"Not yet: write numbers without commas. Python reads the commas in {typed} as breaks "
        f"between separate numbers. Type {plain} instead, then run the cell again."
    )


class TypingSlip(Exception):
    """What the kernel shows in place of a SyntaxError that is a number typed with commas.

    IPython always draws a SyntaxError its own way, so the plain message travels in an error of
    this kind; the cell has failed already (the kernel reports the SyntaxError as its result).
    """

    def __init__(self, message: str) -> None:
        super().__init__("")  # the message is shown once, as the traceback, not twice
        self.message = message

    def _render_traceback_(self) -> list[str]:
        """Return the lines IPython shows for this error: the plain message alone."""
        return [self.message]


def unreadable_answer_message(line: str) -> str | None:
    """Return the plain message for an ``answer = ...`` line Python cannot read, else None.

    The usual cause is text typed without its quotes (or with only one of them), as in
    ``answer = Yes they contradict``: the message shows the line with the text in quotes.
    """
    found = re.match(r"\s*answer\s*=\s*(.+?)\s*$", line.split("\n")[0])
    if found is None:
        return None
    text = found.group(1)
    if text[0] in "\"'":  # one quote typed at the start, perhaps one at the end too
        text = text[1:-1] if len(text) > 1 and text[-1] == text[0] else text[1:]
    quote = "'" if '"' in text else '"'
    return (
        "Not yet: Python could not read this answer. If it is text, put it inside quotes, one "
        f"at each end:  answer = {quote}{text}{quote}  and run the cell again. A number needs "
        "no quotes; two parts go in round brackets, separated by a comma."
    )


#: The line :func:`explain_slips` prints in a kernel.
SWITCHED_ON = (
    "Plain messages are on: if you forget the quotes around a word or type commas in a "
    "number, you will be told what to type."
)


def _handler(shell, etype, value, tb, tb_offset=None):
    """Show a slip in plain words, and every other error as IPython would (plus a hint)."""
    if issubclass(etype, SyntaxError):
        line = value.text or ""
        if "leading zeros" in str(value):
            message = comma_message(line)
        elif not issubclass(etype, IndentationError):
            message = unreadable_answer_message(line)
        else:
            message = None
        if message is None:
            shell.showsyntaxerror()
        else:
            shell.showtraceback((TypingSlip, TypingSlip(message), None))
        return None
    name = getattr(value, "name", None) or ""
    message = name_message(name, _cell_line(tb)) if _WORD.fullmatch(name) else None
    if message is not None:
        value._render_traceback_ = lambda: [message]
    else:
        plain = (
            f"(In plain words: Python does not know the name {name or 'used here'}. Check its "
            "spelling, or run the cells above first, from the top.)"
        )
        usual = shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset)
        value._render_traceback_ = lambda: [*usual, plain]
    shell.showtraceback((etype, value, tb))
    return None


def _shell():
    """Return the running IPython shell, or None outside IPython."""
    get_ipython = getattr(builtins, "get_ipython", None)
    shell = get_ipython() if get_ipython is not None else None
    return shell if hasattr(shell, "set_custom_exc") else None


def explain_slips() -> None:
    """Make the running IPython kernel show forgotten quotes and commas in plain words.

    Outside IPython (plain Python, tests) it changes nothing. Only NameError and SyntaxError
    are handled; a cell with either still fails. In a kernel it prints one line saying what
    it switched on, so the student sees that it worked; outside IPython it prints nothing.
    Returns None.
    """
    shell = _shell()
    if shell is not None:
        shell.set_custom_exc((NameError, SyntaxError), _handler)
        print(SWITCHED_ON)


def switched_on() -> bool:
    """Return True when the running IPython kernel explains slips (see :func:`explain_slips`)."""
    shell = _shell()
    handled = getattr(shell, "custom_exceptions", ())
    return shell is not None and handled == (NameError, SyntaxError)
