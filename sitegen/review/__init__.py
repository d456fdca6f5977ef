"""`sitegen review`: advice on weak performance targets, before publishing.

One module per concern:

- ``rules``    the checks: site -> findings, each with file:line, rule id and reason
- ``report``   findings -> text, JSON or a printable HTML page
- ``cli``      the ``review`` subcommand

Beside it, in the main chain (the settings and the project page use them too):
sitegen.rulebook (the rules that exist), sitegen.words (the vocabulary the rules
read indicator names with) and sitegen.history (one project across years).

Review advises; it never blocks a build and never changes content.
"""
