"""Errors a person can act on: what kind of problem, which file, where in it, how to fix it.

Every problem with user input (a report, a rule pack, a command-line value, an HTTP request) is
raised as an :class:`InputError` carrying one or more :class:`Problem` s. A problem has a
:class:`Code` (stable, for machines and for looking it up), a :class:`Location` and its message
and fix in Vietnamese and English, built from the catalogue of :mod:`compliance.messages` — the
only place that words problems. The CLI prints them and exits 2; nothing else ever reaches the
user as a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from compliance.i18n import Lang, Text


class Code(StrEnum):
    """One value per kind of problem; each has its message and fix in :mod:`compliance.messages`."""

    # files and text (compliance.loading)
    UNSUPPORTED_FILE_TYPE = "unsupported-file-type"
    IS_A_FOLDER = "is-a-folder"
    NOT_A_REGULAR_FILE = "not-a-regular-file"
    NO_SUCH_FILE = "no-such-file"
    PERMISSION_DENIED = "permission-denied"
    CANNOT_READ_FILE = "cannot-read-file"
    FILE_TOO_LARGE = "file-too-large"
    NOT_UTF8 = "not-utf8"
    LONE_SURROGATE = "lone-surrogate"
    EMPTY_FILE = "empty-file"
    TOO_COMPLEX = "too-complex"
    NESTED_TOO_DEEP = "nested-too-deep"
    TOO_MANY_VALUES = "too-many-values"
    DUPLICATE_KEY = "duplicate-key"
    # YAML
    YAML_SYNTAX = "yaml-syntax"
    YAML_CHARACTER = "yaml-character"
    YAML_ERROR = "yaml-error"
    YAML_NO_DOCUMENT = "yaml-no-document"
    YAML_MANY_DOCUMENTS = "yaml-many-documents"
    YAML_TAG = "yaml-tag"
    YAML_UNKNOWN_ALIAS = "yaml-unknown-alias"
    YAML_ALIAS_EXPANSION = "yaml-alias-expansion"
    YAML_MERGE = "yaml-merge"
    KEY_NOT_TEXT = "key-not-text"
    KEY_IS_COLLECTION = "key-is-collection"
    VALUE_UNREADABLE = "value-unreadable"
    NUMBER_NOT_FINITE = "number-not-finite"
    # JSON
    JSON_SYNTAX = "json-syntax"
    JSON_UNREADABLE = "json-unreadable"
    JSON_NUMBER = "json-number"
    JSON_ESCAPED_SURROGATE = "json-escaped-surrogate"
    # reports against schemas/report.schema.json (compliance.validate)
    SCHEMA_UNKNOWN_KEY = "schema-unknown-key"
    SCHEMA_REQUIRED = "schema-required"
    SCHEMA_TYPE = "schema-type"
    SCHEMA_ENUM = "schema-enum"
    SCHEMA_CONST = "schema-const"
    SCHEMA_DATE = "schema-date"
    SCHEMA_DATE_TIME = "schema-date-time"
    SCHEMA_DATE_DAY_FIRST = "schema-date-day-first"
    SCHEMA_PATTERN = "schema-pattern"
    SCHEMA_RANGE = "schema-range"
    SCHEMA_EMPTY = "schema-empty"
    SCHEMA_UNIQUE = "schema-unique"
    SCHEMA_INVALID = "schema-invalid"
    # what JSON Schema cannot say about a report
    SCHOOL_YEAR = "school-year"
    REACHED_OVER_TOTAL = "reached-over-total"
    ATTENDEES_OVER_STAFF = "attendees-over-staff"
    DUPLICATE_INCIDENT_ID = "duplicate-incident-id"
    PERIOD_REVERSED = "period-reversed"
    # rule packs against the rule language (compliance.rulepack, through pydantic)
    PACK_MISSING_FIELD = "pack-missing-field"
    PACK_UNKNOWN_KEY = "pack-unknown-key"
    PACK_CHOICE = "pack-choice"
    PACK_PATTERN = "pack-pattern"
    PACK_DATE = "pack-date"
    PACK_EMPTY = "pack-empty"
    PACK_TYPE = "pack-type"
    PACK_VALUE = "pack-value"
    PACK_INVALID = "pack-invalid"
    # compiling rule packs (compliance.compiler, compliance.checks)
    DUPLICATE_RULE_ID = "duplicate-rule-id"
    NO_SUCH_PARAMETER = "no-such-parameter"
    NO_PACK_FOR_PARAMETER = "no-pack-for-parameter"
    PARAMETER_CHOICE = "parameter-choice"
    UNDECLARED_PARAMETER = "undeclared-parameter"
    PACK_SCHOOL_YEAR = "pack-school-year"
    CODE_NOT_IN_LIST = "code-not-in-list"
    BAD_DATE = "bad-date"
    NOT_NATURAL = "not-natural"
    UNKNOWN_FIELD = "unknown-field"
    UNKNOWN_COLLECTION = "unknown-collection"
    FIELD_TYPE = "field-type"
    FIELD_NOT_OBJECTS = "field-not-objects"
    FIELD_NOT_VALUES = "field-not-values"
    FIELD_NOT_COMPARABLE = "field-not-comparable"
    MATCHES_NOT_TEXT = "matches-not-text"
    PATTERN_TOO_LONG = "pattern-too-long"
    BAD_REGEX = "bad-regex"
    ORDER_NOT_NUMERIC = "order-not-numeric"
    CONSTANT_NOT_A_CODE = "constant-not-a-code"
    CONSTANT_TYPE = "constant-type"
    DEADLINE_ON_COLLECTION = "deadline-on-collection"
    BAD_READING = "bad-reading"
    NOT_BOOLEAN = "not-boolean"
    MATCH_NOT_VALUE = "match-not-value"
    DECLARED_MISSING = "declared-missing"
    WINDOW_REVERSED = "window-reversed"
    TARGET_NOT_NUMBER = "target-not-number"
    # rule packs (h-rules): patterns in the RE2 dialect (compliance.patterns), dates in range, and
    # the checks of a pack against itself that only lint used to make (compliance.compiler)
    REGEX_UNSUPPORTED = "regex-unsupported"
    REGEX_BRACE = "regex-brace"
    REGEX_REPEAT = "regex-repeat"
    REGEX_TOO_LARGE = "regex-too-large"
    PACK_DATE_RANGE = "pack-date-range"
    DUPLICATE_PACK_ID = "duplicate-pack-id"
    DUE_OUTSIDE_YEAR = "due-outside-year"
    DUE_BEFORE_ISSUE = "due-before-issue"
    DEADLINE_UNMEETABLE = "deadline-unmeetable"
    DUE_DIFFERS = "due-differs"
    QUOTE_WRONG_WEEKDAY = "quote-wrong-weekday"
    LEVELS_NO_UNIT = "levels-no-unit"
    EFFECTIVE_EMPTY = "effective-empty"
    EFFECTIVE_BEFORE_ISSUE = "effective-before-issue"
    # finding and reading inputs (engine, portfolio, audit, roster, waivers, lint)
    NO_SUCH_PATH = "no-such-path"
    NO_REPORTS_IN_FOLDER = "no-reports-in-folder"
    NO_SUCH_PACK_PATH = "no-such-pack-path"
    NO_PACKS_IN_FOLDER = "no-packs-in-folder"
    NOT_JSON_DATA = "not-json-data"
    NO_UNIT_KEY = "no-unit-key"
    NO_SUCH_RULE = "no-such-rule"
    ROSTER_UNREADABLE = "roster-unreadable"
    ROSTER_NO_HEADER = "roster-no-header"
    ROSTER_NO_UNITS = "roster-no-units"
    ROSTER_NO_UNIT_ID = "roster-no-unit-id"
    ROSTER_UNIT_TYPE = "roster-unit-type"
    ROSTER_LEVELS = "roster-levels"
    ROSTER_NO_LEVELS = "roster-no-levels"
    ROSTER_SCHOOL_YEAR = "roster-school-year"
    ROSTER_DUPLICATE = "roster-duplicate"
    # the register of received documents, audit --register (issue 14 item 4, compliance.register)
    REGISTER_UNREADABLE = "register-unreadable"
    REGISTER_NO_HEADER = "register-no-header"
    REGISTER_EMPTY = "register-empty"
    REGISTER_EMPTY_CELL = "register-empty-cell"
    REGISTER_BAD_DATE = "register-bad-date"
    REGISTER_FORMULA = "register-formula"
    INVALID_WAIVER = "invalid-waiver"
    # waivers (issue 12 item 5)
    WAIVER_NO_LEGAL_BASIS = "waiver-no-legal-basis"
    WAIVER_UNKNOWN_KEY = "waiver-unknown-key"
    WAIVER_MISSING_FIELD = "waiver-missing-field"
    WAIVER_DATES_REVERSED = "waiver-dates-reversed"
    SOURCE_UNREADABLE = "source-unreadable"
    # the command line
    DATE_UNREADABLE = "date-unreadable"
    DATE_IMPOSSIBLE = "date-impossible"
    PARAM_MALFORMED = "param-malformed"
    JOBS_TOO_FEW = "jobs-too-few"
    UNKNOWN_EVALUATOR = "unknown-evaluator"
    UNKNOWN_EVALUATOR_OPTION = "unknown-evaluator-option"
    EVALUATOR_OPTION_VALUE = "evaluator-option-value"
    NO_SOURCE_FOLDER = "no-source-folder"
    SERVER_NOT_INSTALLED = "server-not-installed"
    CANNOT_WRITE = "cannot-write"
    # the command line: output targets, parameters, back ends, the server, config files (h-cli)
    FORMAT_MISMATCH = "format-mismatch"
    BINARY_TO_TERMINAL = "binary-to-terminal"
    PARAM_NOT_A_CHOICE = "param-not-a-choice"
    PARAM_VALUE_TYPE = "param-value-type"
    DURABLE_UNAVAILABLE = "durable-unavailable"
    PORT_OUT_OF_RANGE = "port-out-of-range"
    CANNOT_LISTEN = "cannot-listen"
    CONFIG_UNREADABLE = "config-unreadable"
    CONFIG_UNKNOWN_KEY = "config-unknown-key"
    CONFIG_VALUE = "config-value"
    # the HTTP service
    UNAUTHORIZED = "unauthorized"
    REQUEST_TOO_LARGE = "request-too-large"
    NOT_A_DOCUMENT_LIST = "not-a-document-list"
    BAD_AS_OF = "bad-as-of"
    UNKNOWN_SCHEMA = "unknown-schema"
    BODY_NOT_JSON = "body-not-json"
    REQUEST_INVALID = "request-invalid"
    REQUEST_UNKNOWN_KEY = "request-unknown-key"
    REQUEST_CHOICE = "request-choice"
    NO_SUCH_ENDPOINT = "no-such-endpoint"
    METHOD_NOT_ALLOWED = "method-not-allowed"
    # scope: what a check is about (compliance.engine, compliance.scope)
    NO_DOCUMENTS = "no-documents"
    # hostile or surprising input (loading, validate, dates): refused with the fix, never guessed
    CONTROL_CHARACTER = "control-character"
    YAML_AMBIGUOUS_NUMBER = "yaml-ambiguous-number"
    SCHEMA_DATE_YEAR = "schema-date-year"
    SCHEMA_DIGITS = "schema-digits"
    SCHEMA_SCHOOL_YEAR = "schema-school-year"
    SCHEMA_INVISIBLE = "schema-invisible-character"
    SCHEMA_SCHOOL_LEVELS = "schema-school-levels"
    DATE_OUT_OF_RANGE = "date-out-of-range"
    # audits: every path accounted for, faults cost one portfolio (compliance.paths, compliance.audit)
    FOLDER_UNREADABLE = "folder-unreadable"
    BROKEN_LINK = "broken-link"
    LINK_LOOP = "link-loop"
    ALL_REPORTS_EXCLUDED = "all-reports-excluded"
    EXCLUDE_PATTERN = "exclude-pattern"
    UNEXPECTED_ERROR = "unexpected-error"
    WORKER_DIED = "worker-died"
    # fuzz findings (h-fixes): numbers of a rule pack as written and in range, request bodies,
    # JSON numbers that underflow
    PACK_NOT_NUMBER = "pack-not-number"
    PACK_NOT_WHOLE_NUMBER = "pack-not-whole-number"
    WINDOW_TOO_LONG = "window-too-long"
    TARGET_OUT_OF_RANGE = "target-out-of-range"
    BODY_NOT_UTF8 = "body-not-utf8"
    BAD_CONTENT_LENGTH = "bad-content-length"
    NUMBER_UNDERFLOW = "number-underflow"
    # the audit store, history, diff and baselines (h-store: compliance.store)
    STORE_MISSING = "store-missing"
    STORE_NOT_A_DATABASE = "store-not-a-database"
    STORE_FOREIGN = "store-foreign"
    STORE_NEWER = "store-newer"
    STORE_CANNOT_WRITE = "store-cannot-write"
    STORE_BUSY = "store-busy"
    RUN_REFERENCE = "run-reference"
    NO_SUCH_RUN = "no-such-run"
    NOT_AN_AUDIT_JSON = "not-an-audit-json"
    NOT_IN_STORE = "not-in-store"
    # spreadsheet reports: templates, the XLSX reader, convert (intake: compliance.layout,
    # compliance.loading._xlsx, compliance.template)
    UNSUPPORTED_REPORT_TYPE = "unsupported-report-type"
    XLSX_MACROS = "xlsx-macros"
    XLSX_NOT_A_WORKBOOK = "xlsx-not-a-workbook"
    XLSX_UNPACKED_TOO_LARGE = "xlsx-unpacked-too-large"
    XLSX_UNKNOWN_SHEET = "xlsx-unknown-sheet"
    XLSX_DUPLICATE_SHEET = "xlsx-duplicate-sheet"
    XLSX_UNKNOWN_COLUMN = "xlsx-unknown-column"
    XLSX_DUPLICATE_COLUMN = "xlsx-duplicate-column"
    XLSX_NO_HEADING = "xlsx-no-heading"
    XLSX_TOO_MANY_ROWS = "xlsx-too-many-rows"
    XLSX_TOO_MANY_COLUMNS = "xlsx-too-many-columns"
    XLSX_FORMULA = "xlsx-formula"
    XLSX_CELL_ERROR = "xlsx-cell-error"
    XLSX_DATE = "xlsx-date"
    XLSX_NUMBER = "xlsx-number"
    XLSX_YES_NO = "xlsx-yes-no"
    XLSX_LABEL = "xlsx-label"
    XLSX_CANNOT_HOLD = "xlsx-cannot-hold"
    CONVERT_NO_FORMAT = "convert-no-format"
    BODY_NOT_XLSX = "body-not-xlsx"
    # several --out in one run (cli: compliance.cli.output, docs/cli.md)
    OUT_REPEATED = "out-repeated"
    # the report format, version 2 (format: issue 14 item 5, docs/report-format.md)
    SCHEMA_SO_HIEU = "schema-so-hieu"
    DUPLICATE_RECEIPT = "duplicate-receipt"
    RECEIPT_BEFORE_SENT = "receipt-before-sent"
    # audits on a Dask cluster (dask: issue 16 item 5, docs/scale.md)
    DASK_NOT_INSTALLED = "dask-not-installed"
    DASK_NO_SCHEDULER = "dask-no-scheduler"
    DASK_SCHEDULER_WITHOUT_EXECUTOR = "dask-scheduler-without-executor"
    # the HTTP service for portals (srvapi: issue 15 items 1-3, docs/http.md)
    INTERNAL_ERROR = "internal-error"
    SERVER_BUSY = "server-busy"
    BODY_TIMEOUT = "body-timeout"
    NO_SUCH_AUDIT = "no-such-audit"
    NO_FILES = "no-files"
    UPLOAD_NOT_A_REPORT = "upload-not-a-report"
    NOT_READY = "not-ready"
    ANONYMOUS_ON_NETWORK = "anonymous-on-network"
    # reports on shared storage or an object store, read through fsspec (remote: issue 16 item 5,
    # docs/scale.md)
    REMOTE_NEEDS_FSSPEC = "remote-needs-fsspec"
    REMOTE_NEEDS_DRIVER = "remote-needs-driver"
    REMOTE_UNKNOWN_SCHEME = "remote-unknown-scheme"
    REMOTE_LISTING_FAILED = "remote-listing-failed"
    # deadline calendars, compliance calendar (ics: issue 18 item 3, docs/calendar.md)
    CALENDAR_NO_UNIT = "calendar-no-unit"
    CALENDAR_NEEDS_UNIT_TYPE = "calendar-needs-unit-type"
    CALENDAR_UNIT_TYPE = "calendar-unit-type"
    CALENDAR_NOT_IN_ROSTER = "calendar-not-in-roster"
    CALENDAR_ROSTER_NO_YEAR = "calendar-roster-no-year"
    CALENDAR_NOTHING_APPLIES = "calendar-nothing-applies"
    CALENDAR_OUT_NOT_FOLDER = "calendar-out-not-folder"
    CALENDAR_PENDING_SOURCE = "calendar-pending-source"
    # the web page (compliance.web): uploads, results kept by id, downloads, the stored audits
    UPLOAD_ZIP_UNREADABLE = "upload-zip-unreadable"
    UPLOAD_ZIP_UNSAFE_NAME = "upload-zip-unsafe-name"
    UPLOAD_ZIP_NESTED = "upload-zip-nested"
    UPLOAD_TOO_MANY_FILES = "upload-too-many-files"
    UPLOAD_TOO_LARGE = "upload-too-large"
    WEB_NO_SUCH_RESULT = "web-no-such-result"
    WEB_UNKNOWN_FORMAT = "web-unknown-format"
    WEB_NO_STORE = "web-no-store"
    WEB_BAD_FORM = "web-bad-form"
    WEB_UNAUTHORIZED = "web-unauthorized"
    # a draft rule pack from a plan's text (draft: issue 18 items 1-2, docs/draft.md)
    DRAFT_FILE_TYPE = "draft-file-type"
    DRAFT_UNREADABLE = "draft-unreadable"
    DRAFT_SCHOOL_YEAR = "draft-school-year"
    DRAFT_NO_SCHOOL_YEAR = "draft-no-school-year"
    DRAFT_NOTHING_FOUND = "draft-nothing-found"
    # reminder letters (letters: issue 18 item 4, compliance.letters, docs/letters.md)
    LETTERS_OPTION_NEEDS_FOLDER = "letters-option-needs-folder"
    LETTERS_NO_FINDINGS = "letters-no-findings"
    DRAFT_ONLY_SET_ASIDE = "draft-only-set-aside"
    # --out naming no file, and the config file's parameters (cli: compliance.cli, docs/cli.md)
    OUT_NO_NAME = "out-no-name"
    OUT_IS_A_FOLDER = "out-is-a-folder"
    CONFIG_PARAM_VALUE_TYPE = "config-param-value-type"
    CONFIG_PARAM_NOT_A_CHOICE = "config-param-not-a-choice"


@dataclass(frozen=True, slots=True)
class Location:
    """Where a problem is: the file (or ``<command line>``, ``--as-of`` …), the 1-based line and
    column, the JSON pointer into the document (``""`` is the root), and in a workbook the cell
    (``Quán triệt kế hoạch!C7``) instead of a line. Any of them may be unknown."""

    file: str | None = None
    line: int | None = None
    column: int | None = None
    pointer: str | None = None
    cell: str | None = None  # a spreadsheet's sheet and cell, "Sheet!C7" (compliance.loading._xlsx)

    def __str__(self) -> str:
        """``bao-cao.yaml:12:5 /submitter/unit_id``, ``bao-cao.xlsx › Quán triệt kế hoạch!C7 /briefings/4/reached``;
        unknown parts are left out, the root is ``/``, an empty key ``/""``."""
        text = self.file or "<input>"
        if self.cell is not None:
            text += f" › {self.cell}"
        elif self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        if self.pointer is not None:
            # the root is "/"; an empty key is shown '""' so that {"": …} is not the root ("/" too)
            pointer = "/" + "/".join(part or '""' for part in self.pointer.split("/")[1:])
            # a pointer holds keys as written: a 1 MB key is shown cut, like every received value
            text += " " + (pointer if len(pointer) <= 80 else pointer[:79] + "…")
        return text


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one input. Build it with :func:`compliance.messages.problem`."""

    code: Code
    at: Location
    message: Text
    fix: Text

    @property
    def file(self) -> str | None:
        return self.at.file

    @property
    def line(self) -> int | None:
        return self.at.line

    @property
    def column(self) -> int | None:
        return self.at.column

    @property
    def pointer(self) -> str | None:
        return self.at.pointer

    def render(self, lang: Lang = "vi") -> str:
        """``bao-cao.yaml:3:7 /kind [schema-enum] …`` and, indented below, the fix."""
        label = "Cách sửa" if lang == "vi" else "Fix"
        return f"{self.at} [{self.code}] {self.message.pick(lang)}\n    {label}: {self.fix.pick(lang)}"

    def as_dict(self) -> dict[str, object]:
        """The JSON form shared by the findings' ``problems`` and the HTTP service's answers; a
        workbook's ``cell`` only where there is one."""
        out: dict[str, object] = {
            "code": self.code.value,
            "file": self.at.file,
            "line": self.at.line,
            "column": self.at.column,
            "pointer": self.at.pointer,
            "message": self.message.as_dict(),
            "fix": self.fix.as_dict(),
        }
        if self.at.cell is not None:
            out["cell"] = self.at.cell
        return out


class ComplianceError(Exception):
    """Base class of every error this package raises on purpose."""


class InputError(ComplianceError):
    """Invalid input: the CLI exits 2 and prints every problem."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("InputError needs at least one problem")
        super().__init__(self.render("en"))

    def render(self, lang: Lang = "vi") -> str:
        return "\n".join(p.render(lang) for p in self.problems)


class ReportError(InputError):
    """A report document cannot be loaded or does not match schemas/report.schema.json."""


class RulePackError(InputError):
    """A rule pack cannot be loaded, does not match the rule language, or does not compile."""
