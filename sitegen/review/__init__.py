"""`sitegen review`: advice on weak performance targets, before publishing.

One module per concern:

- ``catalog``  the rules that exist: id, Chinese name, what each asks (no imports, so
               sitegen.config can validate ``review: {disable: [...]}`` against it)
- ``words``    the vocabulary the rules read indicator names with (率, 人数, 小时 ...)
- ``history``  one project across years (its ``series``): previous year, changes in
               funds and targets; shared by the funds rule and the project page
- ``rules``    the checks: site -> findings, each with file:line, rule id and reason
- ``report``   findings -> text, JSON or a printable HTML page
- ``cli``      the ``review`` subcommand

Review advises; it never blocks a build and never changes content.
"""
