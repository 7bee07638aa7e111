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
