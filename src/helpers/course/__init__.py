"""Course tooling: what instructors and developers run, never what a lesson imports.

Belongs here: the command line (:mod:`.cli`, behind ``python -m helpers`` and the Makefile),
the main job ``make run`` (:mod:`.pipeline`), executing notebooks (:mod:`.notebooks`), exporting
charts while lessons run (:mod:`.figures`) and the static site (:mod:`.site`).

It may import every other part of ``helpers``; nothing outside it imports it. Importing any
module here does not load matplotlib: drawing code is imported inside the functions that need
it, and only in the kernels that run the lessons.
"""
