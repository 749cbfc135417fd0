"""One error hierarchy: every error carries an exit code and tells the user what to do."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    ok = 0
    bad_args = 2
    input_file = 3
    bad_template = 4
    missing_dependency = 5
    set_aside = 6  # scan: a file refused; status: pages not stored, set aside undecided, sheets missing pages
    validation_failed = 7
    database = 8
    unexpected = 9
    interrupted = 130


class SurveyError(Exception):
    """Base error; `str()` is the one-line message shown to the user."""

    exit_code = ExitCode.bad_args

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TemplateError(SurveyError):
    """A layout template or survey plan breaks a rule; the message names the JSON path."""

    exit_code = ExitCode.bad_template

    def __init__(self, file: str, path: str, problem: str) -> None:
        super().__init__(f"{file}: {path}: {problem}")
        self.file, self.path, self.problem = file, path, problem


class TemplateProblems(TemplateError):
    """Every problem found in one questionnaire, reported together so one round of edits fixes them all."""

    def __init__(self, problems: list[TemplateError]) -> None:
        first = problems[0]
        super().__init__(first.file, first.path, first.problem)
        self.problems = list(problems)
        self.message = "\n".join(p.message for p in problems)

    def lines(self) -> list[str]:
        return [p.message for p in self.problems]


class InputFileError(SurveyError):
    """An input file cannot be read; the batch sets it aside and carries on."""

    exit_code = ExitCode.input_file


class TooLarge(InputFileError):
    """A page too large to be a scan: refused before it is decoded or rendered."""


class MissingDependencyError(SurveyError):
    exit_code = ExitCode.missing_dependency


class DatabaseError(SurveyError):
    exit_code = ExitCode.database


class ValidationFailed(SurveyError):
    exit_code = ExitCode.validation_failed


class ProgramTimeout(SurveyError):
    """An external program (Tesseract, poppler, Chromium) ran past its time limit; one page is set aside for it."""

    exit_code = ExitCode.input_file


INTERRUPTED = ("đã dừng theo yêu cầu (Ctrl-C); chạy lại đúng lệnh này để làm tiếp / "
               "interrupted; run the same command again to resume")


class RequestRefused(SurveyError):
    """A request to the review page the server will not carry out; `status` is its 4xx answer, the message is shown."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
