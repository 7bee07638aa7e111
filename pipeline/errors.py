"""Errors that pantau turns into one readable line (never a traceback).

Each class's docstring is its message template, as in sqlite-utils.
"""


class PantauError(Exception):
    """pantau failed: {detail}"""

    def __init__(self, detail: str = ""):
        self.detail = detail
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return (self.__doc__ or "{detail}").strip().format(detail=self.detail)


class InputError(PantauError):
    """{detail}"""


class ExtractionError(PantauError):
    """{detail}"""


class ModelMissing(PantauError):
    """{detail}"""

def one_line(exc: BaseException) -> str:
    """A readable one-line reason for any exception."""
    if isinstance(exc, PantauError):
        return exc.message
    text = " ".join(str(exc).split()) or "no details"
    return f"{type(exc).__name__}: {text}"[:500]
