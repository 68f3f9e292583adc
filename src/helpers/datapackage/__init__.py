"""The data package: its schema, its checks, and the build of the clean tables from the ledger.

Belongs here: reading ``datapackage.json`` (:mod:`.schema`), reading and writing the package's
CSV files as text (:mod:`.files`), the rules of the claims ledger (:mod:`.ledger`), building the
clean tables (:mod:`.build`), checking every table (:mod:`.validate`) and the column dictionary
of ``data/README.md`` (:mod:`.dictionary`).

Does not belong here: anything a lesson calls (loaders, analysis, charts live one layer up),
anything that draws (this layer never imports matplotlib), and anything that runs the course.
Nothing here knows a lesson.
"""
