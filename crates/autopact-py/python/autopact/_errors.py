"""autopact's exceptions and warnings.

Every error autopact raises is an :class:`AutopactError`. Bad input — a
keyword argument, a file, a value the engine refuses — is an
:class:`InputError` (also a :class:`ValueError`) with the CLI's message and,
where known, the keyword argument (``field``) and the place in a file
(``file``, ``row``, ``column``). Anything else, a panic inside the engine
included, is a plain :class:`AutopactError`: a bug to report.
"""


class AutopactError(Exception):
    """An error from autopact (a plain instance: an internal error, a bug)."""


class InputError(AutopactError, ValueError):
    """Bad input, with the keyword argument and file location when known.

    Attributes:
        field: the keyword argument at fault (``"exporter"``), or None.
        file: the file (or named input) at fault, or None.
        row: its 1-based row (line), or None.
        column: its column (label or 1-based number, as text), or None.
    """

    def __init__(self, message, *, field=None, file=None, row=None, column=None):
        super().__init__(message)
        self.field = field
        self.file = file
        self.row = row
        self.column = column


class AutopactWarning(UserWarning):
    """A counted warning about a derivation (what the CLI prints as ``warning:``)."""
