"""The catalogue of problems: for each :class:`~compliance.errors.Code`, what a person reads.

Every problem is worded here and only here, in Vietnamese (as an education officer writes it) and
English, with the fix to apply: :func:`problem` fills a code's templates (``str.format``
placeholders) with the values of one occurrence. A value that itself depends on the language (a
type's name, "or", "(none)") is passed as a :class:`~compliance.i18n.Text`, made by the helpers at
the end of this module, and each language takes its own half.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from compliance.errors import Code, Location, Problem
from compliance.i18n import Text


class Template(NamedTuple):
    """A code's message and fix, in both languages."""

    vi: str
    en: str
    fix_vi: str
    fix_en: str


def problem(code: Code, /, *, at: Location, **values: object) -> Problem:
    """The problem ``code`` at ``at``, its templates filled with ``values``."""
    template = CATALOGUE[code]
    vi = {name: value.vi if isinstance(value, Text) else value for name, value in values.items()}
    en = {name: value.en if isinstance(value, Text) else value for name, value in values.items()}
    return Problem(
        code,
        at,
        Text(vi=template.vi.format(**vi), en=template.en.format(**en)),
        Text(vi=template.fix_vi.format(**vi), en=template.fix_en.format(**en)),
    )


_SPLIT = ("tách thành nhiều văn bản nhỏ hơn", "split it into smaller documents")
_UTF8 = ("lưu lại tệp với mã hóa UTF-8", "save the file again with the UTF-8 encoding")
_WRITE_CONTENT = ("viết nội dung văn bản vào tệp", "write the document's content into the file")
_ORDINARY_NUMBER = (
    "viết một số thông thường, hoặc null nếu không có số liệu",
    "write an ordinary number, or null if there is none",
)
_RULE_LANGUAGE = (
    "xem docs/rule-language.md và schemas/rule-pack.schema.json",
    "see docs/rule-language.md and schemas/rule-pack.schema.json",
)
_ONE_OF = ("dùng một trong: {allowed}", "use one of: {allowed}")
_FIX_VALUE = ("sửa giá trị", "fix the value")
_SWAP = ("đổi lại hai ngày", "swap the dates")
_REGEX_DOC = (
    "sửa biểu thức theo cú pháp RE2 (xem docs/rule-language.md, mục Biểu thức chính quy)",
    "fix the pattern in RE2 syntax (see docs/rule-language.md, Regular expressions)",
)
_AUDIT_DOC = ("xem docs/audit.md", "see docs/audit.md")


def _t(vi: str, en: str, fix: tuple[str, str]) -> Template:
    return Template(vi, en, *fix)


CATALOGUE: dict[Code, Template] = {
    # ------------------------------------------------------------------------- files and text
    Code.UNSUPPORTED_FILE_TYPE: _t(
        "không đọc được loại tệp '{suffix}'; chỉ nhận .yaml, .yml hoặc .json",
        "cannot read files of type '{suffix}'; only .yaml, .yml and .json are accepted",
        ("lưu tệp với đuôi .yaml, .yml hoặc .json", "save the file as .yaml, .yml or .json"),
    ),
    Code.IS_A_FOLDER: _t(
        "đây là thư mục, không phải tệp",
        "this is a folder, not a file",
        ("chỉ đến một tệp trong thư mục", "name a file inside the folder"),
    ),
    Code.NOT_A_REGULAR_FILE: _t(
        "đây không phải tệp thông thường",
        "this is not a regular file",
        ("chỉ đến một tệp .yaml hoặc .json", "name a .yaml or .json file"),
    ),
    Code.NO_SUCH_FILE: _t(
        "không tìm thấy tệp",
        "no such file",
        ("kiểm tra đường dẫn và tên tệp", "check the path and the file name"),
    ),
    Code.PERMISSION_DENIED: _t(
        "không có quyền đọc tệp",
        "permission denied: the file cannot be read",
        ("cấp quyền đọc cho tệp", "give read permission on the file"),
    ),
    Code.CANNOT_READ_FILE: _t(
        "không đọc được tệp: {reason}",
        "cannot read the file: {reason}",
        ("kiểm tra đường dẫn và quyền đọc", "check the path and the permissions"),
    ),
    Code.FILE_TOO_LARGE: _t(
        "tệp quá lớn ({size}; tối đa {limit} byte)",
        "the file is too large ({size}; at most {limit} bytes)",
        _SPLIT,
    ),
    Code.NOT_UTF8: _t(
        "tệp không phải UTF-8: byte thứ {offset} (0x{byte:02X}) không hợp lệ",
        "the file is not UTF-8: byte {offset} (0x{byte:02X}) is invalid",
        _UTF8,
    ),
    Code.LONE_SURROGATE: _t(
        "văn bản chứa ký tự U+{char:04X} không hợp lệ (nửa cặp thay thế)",
        "the text holds the invalid character U+{char:04X} (a lone surrogate)",
        _UTF8,
    ),
    Code.EMPTY_FILE: _t("tệp rỗng", "the file is empty (an empty document)", _WRITE_CONTENT),
    Code.TOO_COMPLEX: _t(
        "tệp quá lớn hoặc lồng nhau quá sâu để đọc",
        "the file is too large or too deeply nested to load",
        _SPLIT,
    ),
    Code.NESTED_TOO_DEEP: _t(
        "lồng nhau quá sâu (tối đa {limit} cấp)",
        "nested too deeply (at most {limit} levels)",
        ("giảm số cấp lồng nhau của danh sách và đối tượng", "flatten the nested lists and objects"),
    ),
    Code.TOO_MANY_VALUES: _t(
        "tệp có quá nhiều giá trị (hơn {limit})",
        "the file holds too many values (more than {limit})",
        _SPLIT,
    ),
    Code.DUPLICATE_KEY: _t(
        "khóa '{key}' bị lặp: dòng {line} lặp lại khóa đã viết ở dòng {first}",
        "duplicate key '{key}': line {line} repeats the key written at line {first}",
        ("xóa hoặc gộp một trong hai", "delete or merge one of them"),
    ),
    # ------------------------------------------------------------------------- YAML
    Code.YAML_SYNTAX: _t(
        "lỗi cú pháp YAML: {detail}",
        "YAML syntax error: {detail}",
        (
            "kiểm tra thụt lề, dấu ':' và dấu nháy quanh vị trí này",
            "check the indentation, the ':' and the quotes around this place",
        ),
    ),
    Code.YAML_CHARACTER: _t(
        "ký tự U+{char:04X} không được phép trong YAML",
        "the character U+{char:04X} is not allowed in YAML ({reason})",
        ("xóa ký tự điều khiển này", "delete this control character"),
    ),
    Code.YAML_ERROR: _t("lỗi YAML: {detail}", "YAML error: {detail}", ("sửa tệp YAML", "fix the YAML file")),
    Code.YAML_NO_DOCUMENT: _t(
        "tệp rỗng: không có văn bản YAML nào", "the file is empty: it holds no YAML document", _WRITE_CONTENT
    ),
    Code.YAML_MANY_DOCUMENTS: _t(
        "tệp có nhiều hơn một văn bản YAML (phân cách bằng '---')",
        "the file holds more than one YAML document (separated by '---')",
        ("mỗi tệp chỉ chứa một văn bản; tách ra nhiều tệp", "put each document in its own file"),
    ),
    Code.YAML_TAG: _t(
        "thẻ YAML '{tag}' không được phép ở đây: tệp chỉ chứa dữ liệu; không nhận thẻ nào ngoài "
        "các thẻ chuẩn !!str, !!int, !!float, !!bool, !!null, !!map, !!seq",
        "the YAML tag '{tag}' is not allowed here: the file holds data only; tags other than the "
        "standard !!str, !!int, !!float, !!bool, !!null, !!map and !!seq are not accepted",
        (
            "xóa thẻ; chỉ dùng chuỗi, số, true/false, null, danh sách và đối tượng",
            "remove the tag; use only text, numbers, true/false, null, lists and objects",
        ),
    ),
    Code.YAML_UNKNOWN_ALIAS: _t(
        "bí danh '*{name}' không trỏ tới neo '&{name}' nào đã viết xong trước nó",
        "the alias '*{name}' refers to no complete anchor '&{name}' before it",
        ("viết neo '&{name}' trước khi dùng '*{name}'", "write the anchor '&{name}' before using '*{name}'"),
    ),
    Code.YAML_ALIAS_EXPANSION: _t(
        "bí danh YAML ('*') mở rộng quá lớn: hơn {limit} giá trị",
        "YAML aliases ('*') expand too far: more than {limit} values",
        (
            "viết thẳng giá trị thay vì lồng bí danh vào nhau",
            "write the values out instead of nesting aliases in each other",
        ),
    ),
    Code.YAML_MERGE: _t(
        "giá trị của khóa gộp '<<' phải là một đối tượng hoặc danh sách đối tượng",
        "the merge key '<<' needs an object or a list of objects",
        (
            "viết '<<: *ten_neo' với neo trỏ tới một đối tượng",
            "write '<<: *anchor_name' with the anchor on an object",
        ),
    ),
    Code.KEY_NOT_TEXT: _t(
        "khóa phải là chuỗi văn bản; khóa '{key}' được đọc là {kind}",
        "keys must be text; the key '{key}' reads as {kind}",
        ('đặt khóa trong dấu nháy: "{written}"', 'quote it: "{written}"'),
    ),
    Code.KEY_IS_COLLECTION: _t(
        "khóa phải là chuỗi văn bản, không phải danh sách hay đối tượng",
        "a key must be text, not a list or an object",
        ("viết khóa là một chuỗi", "write the key as text"),
    ),
    Code.VALUE_UNREADABLE: _t(
        "'{value}' không đọc được là {kind}",
        "'{value}' cannot be read as {kind}",
        (
            "sửa giá trị, hoặc bỏ thẻ và đặt giá trị trong dấu nháy để giữ là chuỗi",
            "fix the value, or remove any tag and quote the value to keep it as text",
        ),
    ),
    Code.NUMBER_NOT_FINITE: _t(
        "'{value}' không phải số hữu hạn; JSON không có vô cực hay NaN",
        "'{value}' is not a finite number; JSON has no infinity or NaN",
        _ORDINARY_NUMBER,
    ),
    # ------------------------------------------------------------------------- JSON
    Code.JSON_SYNTAX: _t(
        "lỗi cú pháp JSON: {detail}",
        "JSON syntax error: {detail}",
        ("kiểm tra dấu phẩy, dấu ngoặc và dấu nháy kép", "check the commas, brackets and double quotes"),
    ),
    Code.JSON_UNREADABLE: _t(
        "không đọc được JSON: {detail}",
        "cannot read the JSON: {detail}",
        ("sửa giá trị này", "fix this value"),
    ),
    Code.JSON_NUMBER: _t(
        "'{value}' không phải số JSON dùng được (NaN, vô cực hoặc quá lớn)",
        "'{value}' is not a usable JSON number (NaN, infinite or too large)",
        _ORDINARY_NUMBER,
    ),
    Code.JSON_ESCAPED_SURROGATE: _t(
        "chuỗi chứa mã thoát \\u của nửa cặp thay thế, không phải ký tự Unicode",
        "the text holds a \\u escape of a lone surrogate, which is not a Unicode character",
        (
            "viết ký tự trực tiếp thay vì dùng mã thoát \\u",
            "write the character itself instead of a \\u escape",
        ),
    ),
    # ------------------------------------------------------------------------- reports: the schema
    Code.SCHEMA_UNKNOWN_KEY: _t(
        "khóa '{key}' không có trong định dạng báo cáo",
        "unknown key '{key}'",
        (
            "kiểm tra chính tả; các khóa hợp lệ: {allowed}; khóa mở rộng phải bắt đầu bằng 'x-'",
            "check the spelling; valid keys: {allowed}; extension keys must start with 'x-'",
        ),
    ),
    Code.SCHEMA_REQUIRED: _t(
        "thiếu khóa bắt buộc '{key}'",
        "required key '{key}' is missing",
        ("thêm '{key}' (xem docs/report-format.md)", "add '{key}' (see docs/report-format.md)"),
    ),
    Code.SCHEMA_TYPE: _t(
        "cần {expected}, nhận {got}",
        "expected {expected}, got {got}",
        ("viết {expected}", "write {expected}"),
    ),
    Code.SCHEMA_ENUM: _t("giá trị {got} không thuộc danh mục", "{got} is not an allowed code", _ONE_OF),
    Code.SCHEMA_CONST: _t(
        "giá trị phải là {value!r}", "the value must be {value!r}", ("viết {value!r}", "write {value!r}")
    ),
    Code.SCHEMA_DATE: _t(
        "{got} không phải ngày hợp lệ",
        "{got} is not a valid date",
        (
            "viết ngày có thật theo dạng YYYY-MM-DD, ví dụ 2024-01-03 (không dùng dd/mm/yyyy trong tệp)",
            "write a real date as YYYY-MM-DD, e.g. 2024-01-03 (not dd/mm/yyyy in files)",
        ),
    ),
    Code.SCHEMA_DATE_DAY_FIRST: _t(
        "{got} được viết theo kiểu ngày trước (dd/mm/yyyy), không phải ngày theo dạng của tệp",
        "{got} is written day first (dd/mm/yyyy), not as a date is written in a file",
        (
            "viết {iso} (dạng YYYY-MM-DD: không dùng dd/mm/yyyy trong tệp)",
            "write {iso} (YYYY-MM-DD: not dd/mm/yyyy in files)",
        ),
    ),
    Code.SCHEMA_DATE_TIME: _t(
        "{got} không phải ngày hoặc thời điểm hợp lệ",
        "{got} is not a valid date or date-time",
        ("viết YYYY-MM-DD hoặc YYYY-MM-DDTHH:MM:SS+07:00", "write YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+07:00"),
    ),
    Code.SCHEMA_PATTERN: _t(
        "{got} không đúng mẫu {pattern}",
        "{got} does not match the pattern {pattern}",
        ("xem mô tả của trường trong docs/report-format.md", "see the field in docs/report-format.md"),
    ),
    Code.SCHEMA_RANGE: _t(
        "{got} ngoài giới hạn ({bound} {limit})",
        "{got} is out of range ({bound} {limit})",
        (
            "viết số trong giới hạn ({bound} {limit}); kiểm tra xem có gõ nhầm, gõ thừa chữ số không",
            "write a number within the limit ({bound} {limit}); check for a typo or extra digits",
        ),
    ),
    Code.SCHEMA_EMPTY: _t("chuỗi rỗng", "empty text", ("điền giá trị", "fill in a value")),
    Code.SCHEMA_UNIQUE: _t(
        "danh sách có phần tử trùng",
        "the list has duplicate items",
        ("bỏ phần tử trùng", "remove the duplicates"),
    ),
    Code.SCHEMA_INVALID: _t(
        "không hợp lệ ({validator})",
        "not valid ({validator}): {detail}",
        ("xem docs/report-format.md", "see docs/report-format.md"),
    ),
    # ------------------------------------------------------------------------- reports: beyond the schema
    Code.SCHOOL_YEAR: _t(
        "năm học '{year}' không phải hai năm liên tiếp",
        "school year '{year}' is not two consecutive years",
        ("ví dụ 2023-2024", "e.g. 2023-2024"),
    ),
    Code.REACHED_OVER_TOTAL: _t(
        "số người được quán triệt ({reached}) lớn hơn tổng số ({total})",
        "people reached ({reached}) exceed the group size ({total})",
        ("sửa reached hoặc total", "fix reached or total"),
    ),
    Code.ATTENDEES_OVER_STAFF: _t(
        "số người dự lớn hơn tổng số cán bộ",
        "attendees exceed the staff total",
        ("sửa attendees hoặc staff_total", "fix attendees or staff_total"),
    ),
    Code.DUPLICATE_INCIDENT_ID: _t(
        "mã vụ việc '{id}' bị trùng với /incidents/{first}",
        "incident id '{id}' repeats /incidents/{first}",
        ("mỗi vụ việc một mã riêng", "give each incident its own id"),
    ),
    Code.PERIOD_REVERSED: _t("kỳ báo cáo có 'from' sau 'to'", "the period's 'from' is after 'to'", _SWAP),
    # ------------------------------------------------------------------------- rule packs: the rule language
    Code.PACK_MISSING_FIELD: _t(
        "thiếu trường bắt buộc '{key}'", "the required field '{key}' is missing", _RULE_LANGUAGE
    ),
    Code.PACK_UNKNOWN_KEY: _t(
        "khóa '{key}' không có trong ngôn ngữ tiêu chí (sai chính tả?)",
        "unknown key '{key}' (a typo?)",
        _RULE_LANGUAGE,
    ),
    Code.PACK_CHOICE: _t(
        "{got} không hợp lệ; cần một trong: {expected}",
        "{got} is not allowed; expected one of: {expected}",
        _RULE_LANGUAGE,
    ),
    Code.PACK_PATTERN: _t(
        "{got} không đúng mẫu {pattern}", "{got} does not match the pattern {pattern}", _RULE_LANGUAGE
    ),
    Code.PACK_DATE: _t(
        "{got} không phải ngày YYYY-MM-DD hợp lệ", "{got} is not a valid YYYY-MM-DD date", _RULE_LANGUAGE
    ),
    Code.PACK_EMPTY: _t("danh sách hoặc chuỗi không được rỗng", "must not be empty", _RULE_LANGUAGE),
    Code.PACK_TYPE: _t(
        "{got} sai kiểu, cần {wanted}", "{got} has the wrong type; {wanted} expected", _RULE_LANGUAGE
    ),
    Code.PACK_VALUE: _t("không hợp lệ: {detail}", "not valid: {detail}", _RULE_LANGUAGE),
    Code.PACK_INVALID: _t(
        "không đúng ngôn ngữ tiêu chí: {detail}", "not valid in the rule language: {detail}", _RULE_LANGUAGE
    ),
    # ------------------------------------------------------------------------- rule packs: compiling
    Code.DUPLICATE_RULE_ID: _t(
        "mã tiêu chí '{rule_id}' bị trùng (đã dùng ở {first})",
        "duplicate rule id '{rule_id}' (already used at {first})",
        (
            "đặt một mã khác, duy nhất trong mọi bộ tiêu chí (không phân biệt chữ hoa, chữ thường: "
            "lệnh explain và API tìm tiêu chí theo mã viết hoa hay thường đều được)",
            "choose an id that is unique across all packs, whatever its case (explain and the HTTP "
            "API find a rule by its id in any case)",
        ),
    ),
    Code.NO_SUCH_PARAMETER: _t(
        "gói '{pack}' không có tham số '{name}'",
        "pack '{pack}' has no parameter '{name}'",
        ("các tham số: {known}", "parameters: {known}"),
    ),
    Code.NO_PACK_FOR_PARAMETER: _t(
        "không có bộ tiêu chí '{pack}' để đặt tham số",
        "no rule pack '{pack}' to set a parameter of",
        ("dùng dạng MÃ_GÓI.TÊN_THAM_SỐ=GIÁ_TRỊ", "use PACK_ID.PARAMETER=VALUE"),
    ),
    Code.PARAMETER_CHOICE: _t(
        "tham số '{name}' = {value!r} không thuộc các lựa chọn {choices}",
        "parameter '{name}' = {value!r} is not one of {choices}",
        ("chọn một giá trị trong danh sách 'choices'", "pick one of the listed choices"),
    ),
    Code.UNDECLARED_PARAMETER: _t(
        "không có tham số '{name}' trong 'parameters' của gói",
        "no parameter '{name}' in the pack's 'parameters'",
        ("khai báo tham số ở đầu gói, kèm mô tả", "declare it under 'parameters' with a description"),
    ),
    Code.PACK_SCHOOL_YEAR: _t(
        "năm học '{year}' không hợp lệ",
        "school year '{year}' is not valid",
        (
            "viết hai năm liên tiếp (từ 1900 đến 2100), ví dụ 2023-2024",
            "write two consecutive years (1900 to 2100), e.g. 2023-2024",
        ),
    ),
    Code.CODE_NOT_IN_LIST: _t(
        "mã '{value}' không có trong danh mục của '{field}'",
        "code '{value}' is not a value of '{field}'",
        _ONE_OF,
    ),
    Code.BAD_DATE: _t(
        "'{value}' không phải ngày hợp lệ",
        "'{value}' is not a valid date",
        ("viết ngày theo dạng YYYY-MM-DD", "write the date as YYYY-MM-DD"),
    ),
    Code.NOT_NATURAL: _t(
        "'{value}' phải là số nguyên không âm", "'{value}' must be a whole number ≥ 0", _FIX_VALUE
    ),
    Code.UNKNOWN_FIELD: _t(
        "trường '{field}' không có trong schemas/report.schema.json (ở vị trí này)",
        "field '{field}' does not exist in schemas/report.schema.json (at this level)",
        ("các trường có ở đây: {known}", "fields available here: {known}"),
    ),
    Code.UNKNOWN_COLLECTION: _t(
        "'{collection}' không phải một mảng đối tượng trong schemas/report.schema.json",
        "'{collection}' is not an array of objects in schemas/report.schema.json",
        ("kiểm tra chính tả; xem docs/report-format.md", "check the spelling; see docs/report-format.md"),
    ),
    Code.FIELD_TYPE: _t(
        "trường '{field}' có kiểu {kind}, cần {needed}",
        "field '{field}' is of type {kind}; {needed} is needed",
        ("chọn trường khác", "choose another field"),
    ),
    Code.FIELD_NOT_OBJECTS: _t(
        "'{field}' không phải mảng đối tượng",
        "'{field}' is not an array of objects",
        ("dùng contains cho mảng giá trị", "use contains for arrays of values"),
    ),
    Code.FIELD_NOT_VALUES: _t(
        "'{field}' không phải mảng giá trị",
        "'{field}' is not an array of values",
        (
            "dùng eq/in cho một giá trị, any_item cho mảng đối tượng",
            "use eq/in for a single value, any_item for an array of objects",
        ),
    ),
    Code.FIELD_NOT_COMPARABLE: _t(
        "'{field}' có kiểu {kind}, không so sánh được",
        "'{field}' is of type {kind} and cannot be compared",
        ("so sánh một trường con, hoặc dùng exists/any_item", "compare a sub-field, or use exists/any_item"),
    ),
    Code.MATCHES_NOT_TEXT: _t(
        "matches chỉ dùng cho trường chuỗi",
        "matches only applies to text fields",
        ("dùng eq/in", "use eq/in"),
    ),
    Code.PATTERN_TOO_LONG: _t(
        "biểu thức chính quy quá dài (> {limit} ký tự)",
        "regular expression too long (> {limit} characters)",
        (
            "rút gọn biểu thức, hoặc tách thành nhiều điều kiện",
            "shorten it, or split it into several conditions",
        ),
    ),
    Code.BAD_REGEX: _t(
        "biểu thức chính quy sai (cú pháp RE2): {detail}",
        "invalid regular expression (RE2 syntax): {detail}",
        _REGEX_DOC,
    ),
    Code.ORDER_NOT_NUMERIC: _t(
        "'{op}' chỉ dùng cho số và ngày",
        "'{op}' only applies to numbers and dates",
        ("dùng eq/ne/in", "use eq/ne/in"),
    ),
    Code.CONSTANT_NOT_A_CODE: _t(
        "'{value}' không thuộc danh mục của trường này", "'{value}' is not one of this field's codes", _ONE_OF
    ),
    Code.CONSTANT_TYPE: _t(
        "giá trị {value!r} không cùng kiểu với trường ({kind})",
        "value {value!r} does not match the field's type ({kind})",
        ("sửa hằng số cho đúng kiểu", "write a constant of the field's type"),
    ),
    Code.DEADLINE_ON_COLLECTION: _t(
        "hạn nộp áp dụng cho văn bản, không cho một mảng",
        "a deadline applies to documents, not to an array",
        ("bỏ 'collection'", "remove 'collection'"),
    ),
    Code.BAD_READING: _t(
        "cách hiểu '{reading}' không hợp lệ",
        "reading '{reading}' is not valid",
        ("dùng auto, exclusive hoặc inclusive", "use auto, exclusive or inclusive"),
    ),
    Code.NOT_BOOLEAN: _t("phải là true/false", "must be true or false", _FIX_VALUE),
    Code.MATCH_NOT_VALUE: _t(
        "'match' phải là giá trị hoặc mảng giá trị",
        "'match' must be a value or an array of values",
        ("chọn trường mã", "choose an id field"),
    ),
    Code.DECLARED_MISSING: _t(
        "cần 'declared': trường phải được khai để kết luận không vi phạm",
        "'declared' is needed: the field that must be declared before 'none found' counts",
        ("thêm 'declared: <đường dẫn>'", "add 'declared: <path>'"),
    ),
    Code.WINDOW_REVERSED: _t(
        "cửa sổ thời gian có 'from' sau 'to'", "the window's 'from' is after 'to'", _SWAP
    ),
    Code.TARGET_NOT_NUMBER: _t(
        "ngưỡng phải là một số", "the target must be a number", ("ví dụ 1.0 cho 100%", "e.g. 1.0 for 100%")
    ),
    # ------------------------------------------------------------------------- rule packs (h-rules): patterns, dates,
    # and the checks of a pack against itself that lint alone used to make
    Code.REGEX_UNSUPPORTED: Template(
        "biểu thức chính quy dùng {construct}, bộ máy RE2 của chương trình không có",
        "the regular expression uses {construct}, which the RE2 engine does not have",
        "{fix} (xem docs/rule-language.md, mục Biểu thức chính quy)",
        "{fix} (see docs/rule-language.md, Regular expressions)",
    ),
    Code.REGEX_BRACE: _t(
        "dấu ngoặc nhọn “{text}” không phải số lần lặp {{n}}, {{n,}} hay {{n,m}}",
        "the brace “{text}” is not a repetition {{n}}, {{n,}} or {{n,m}}",
        (
            "viết {{0,m}} thay cho {{,m}}; nếu là dấu ngoặc nhọn thật, viết \\{{",
            "write {{0,m}} instead of {{,m}}; for a literal brace write \\{{",
        ),
    ),
    Code.REGEX_REPEAT: _t(
        "số lần lặp {count} vượt quá {limit} (tính cả tích của các lần lặp lồng nhau)",
        "the repetition count {count} exceeds {limit} (nested repetitions multiply)",
        ("dùng * hoặc + thay cho số lần lặp lớn", "use * or + instead of a large count"),
    ),
    Code.REGEX_TOO_LARGE: _t(
        "biểu thức chính quy quá lớn khi biên dịch (vượt {limit} KiB)",
        "the regular expression is too large once compiled (over {limit} KiB)",
        (
            "giảm số lần lặp, nhất là của lớp ký tự lớn như \\pL{{100}}",
            "reduce counted repetitions, above all of large classes such as \\pL{{100}}",
        ),
    ),
    Code.PACK_DATE_RANGE: _t(
        "ngày {got} nằm ngoài khoảng cho phép (năm {low}–{high})",
        "the date {got} is outside the allowed range (years {low} to {high})",
        ("kiểm tra lại năm; viết ngày dạng YYYY-MM-DD", "check the year; write the date as YYYY-MM-DD"),
    ),
    Code.DUPLICATE_PACK_ID: _t(
        "mã gói '{pack}' đã dùng ở {first}",
        "pack id '{pack}' is already used at {first}",
        ("đặt một mã gói khác, duy nhất trong mọi bộ tiêu chí", "choose a pack id unique across all packs"),
    ),
    Code.DUE_OUTSIDE_YEAR: _t(
        "hạn {due} nằm ngoài năm học {year} ({start}–{end})",
        "due {due} is outside school year {year} ({start}–{end})",
        (
            "kiểm tra năm của ngày hạn, hoặc đưa tiêu chí vào gói của năm học đó",
            "check the year of the due date, or move the rule to the pack of that school year",
        ),
    ),
    Code.DUE_BEFORE_ISSUE: _t(
        "hạn {due} trước ngày ban hành kế hoạch {issued}",
        "due {due} is before the plan was issued ({issued})",
        (
            "kiểm tra ngày hạn và document.issuer.issued_on",
            "check the due date and document.issuer.issued_on",
        ),
    ),
    Code.DEADLINE_UNMEETABLE: _t(
        "không ai đáp ứng được hạn này: đọc “trước ngày {due}” thì hạn chót là {last}, trước ngày {first} "
        "là ngày sớm nhất một báo cáo được tính",
        "no one can meet this deadline: read as “before {due}”, its last allowed day is {last}, before "
        "{first}, the first day a report counts from",
        (
            "nếu kế hoạch tính cả ngày {due} thì ghi reading: inclusive; nếu không, kiểm tra lại ngày hạn "
            "và not_before",
            "if the plan counts {due} itself, write reading: inclusive; otherwise check the due date and "
            "not_before",
        ),
    ),
    Code.DUE_DIFFERS: _t(
        "hạn {due} khác ngày trong trích dẫn ({quoted}) mà không ghi đính chính",
        "due {due} differs from the quoted date ({quoted}) and no correction is recorded",
        (
            "dùng ngày trong trích dẫn, hoặc ghi 'correction' (printed, reason)",
            "use the quoted date, or record a 'correction' (printed, reason)",
        ),
    ),
    Code.QUOTE_WRONG_WEEKDAY: _t(
        "“{text}”: ngày {day} là {weekday}, không phải “{stated}”",
        "“{text}”: {day} is a {weekday}, not “{stated}”",
        (
            "ghi 'check.deadline.correction' (printed: phần in sai, reason) với ngày đúng",
            "record 'check.deadline.correction' (printed text, reason) with the intended date",
        ),
    ),
    Code.LEVELS_NO_UNIT: _t(
        "không loại đơn vị nào trong {unit_types} có cấp học {levels}: tiêu chí không áp dụng cho ai",
        "none of the unit types {unit_types} can have the levels {levels}: the rule applies to nobody",
        ("bỏ 'levels' hoặc thêm loại đơn vị là trường", "drop 'levels' or add a school unit type"),
    ),
    Code.EFFECTIVE_EMPTY: _t(
        "thời gian hiệu lực rỗng (từ {start} đến {end}): tiêu chí không áp dụng cho ai",
        "the effective window is empty (from {start} to {end}): the rule applies to nobody",
        ("đổi lại 'from' và 'to'", "swap 'from' and 'to'"),
    ),
    Code.EFFECTIVE_BEFORE_ISSUE: _t(
        "tiêu chí hết hiệu lực ({to}) trước khi kế hoạch được ban hành ({issued})",
        "the rule lapses ({to}) before the plan was issued ({issued})",
        (
            "kiểm tra 'effective.to' và document.issuer.issued_on",
            "check 'effective.to' and document.issuer.issued_on",
        ),
    ),
    # ------------------------------------------------------------------------- finding and reading inputs
    Code.NO_SUCH_PATH: _t(
        "không tìm thấy tệp hoặc thư mục", "no such file or folder", ("kiểm tra đường dẫn", "check the path")
    ),
    Code.NO_REPORTS_IN_FOLDER: _t(
        "không tìm thấy báo cáo: thư mục không có tệp .yaml, .yml, .json hay .xlsx nào",
        "no reports found: the folder has no .yaml, .yml, .json or .xlsx file",
        ("chỉ đến thư mục chứa báo cáo", "point at a folder of reports"),
    ),
    Code.NO_SUCH_PACK_PATH: _t(
        "không tìm thấy tệp hoặc thư mục bộ tiêu chí",
        "no such rule pack file or folder",
        (
            "kiểm tra đường dẫn --rules (bỏ --rules để dùng các bộ tiêu chí kèm theo)",
            "check the --rules path (leave out --rules to use the bundled packs)",
        ),
    ),
    Code.NO_PACKS_IN_FOLDER: _t(
        "thư mục không có bộ tiêu chí (.yaml)",
        "the folder has no rule packs (.yaml)",
        ("chỉ đến thư mục rules/", "point at a rules/ folder"),
    ),
    Code.NOT_JSON_DATA: _t(
        "dữ liệu không phải JSON: {detail}",
        "data is not JSON: {detail}",
        (
            "chỉ dùng chuỗi, số, true/false, danh sách, đối tượng (và date, datetime của Python cho ngày)",
            "use only strings, numbers, booleans, lists and objects (and Python date or datetime for dates)",
        ),
    ),
    Code.NO_UNIT_KEY: _t(
        "không xác định được đơn vị và năm học của văn bản",
        "the document does not say its unit and school year",
        ("ghi submitter.unit_id và school_year", "give submitter.unit_id and school_year"),
    ),
    Code.NO_SUCH_RULE: _t(
        "không có tiêu chí '{rule_id}'",
        "no rule '{rule_id}'",
        ("{known}", "{known}"),
    ),
    Code.ROSTER_UNREADABLE: _t(
        "không đọc được danh sách: {detail}",
        "cannot read the roster: {detail}",
        ("lưu tệp CSV dạng UTF-8", "save the CSV as UTF-8"),
    ),
    Code.ROSTER_NO_HEADER: _t(
        "thiếu dòng tiêu đề có cột unit_id", "no header row with a unit_id column", _AUDIT_DOC
    ),
    Code.ROSTER_NO_UNITS: _t(
        "danh sách cần khóa 'units' là một danh sách", "the roster needs a 'units' list", _AUDIT_DOC
    ),
    Code.ROSTER_NO_UNIT_ID: _t("thiếu unit_id", "unit_id is missing", ("ghi mã đơn vị", "give the unit id")),
    Code.ROSTER_UNIT_TYPE: _t(
        "loại đơn vị '{unit_type}' không hợp lệ", "unit type '{unit_type}' is not valid", _ONE_OF
    ),
    Code.ROSTER_LEVELS: _t(
        "cấp học không hợp lệ: {levels}",
        "invalid levels: {levels}",
        ("dùng MN, TH, THCS, THPT, GDTX", "use MN, TH, THCS, THPT, GDTX"),
    ),
    Code.ROSTER_NO_LEVELS: _t(
        "trường học (TRUONG) phải ghi cấp học school_levels, ít nhất một cấp: không có cấp học thì "
        "không tiêu chí nào áp dụng được cho trường, và trường không gửi gì cũng không bị thiếu gì",
        "a school (TRUONG) must list its school levels in school_levels, at least one: without them "
        "no rule can apply to it, and a school that sent nothing would owe nothing",
        (
            "ghi cấp học của trường vào school_levels, ví dụ THCS (trong tệp CSV, nhiều cấp cách "
            "nhau bằng dấu cách hoặc |: TH|THCS)",
            "write the school's levels in school_levels, e.g. THCS (in a CSV file, several separated "
            "by spaces or |: TH|THCS)",
        ),
    ),
    Code.ROSTER_SCHOOL_YEAR: _t(
        "thiếu hoặc sai năm học (YYYY-YYYY)",
        "school_year missing or not YYYY-YYYY",
        ("ghi school_year, ví dụ 2023-2024", "give school_year, e.g. 2023-2024"),
    ),
    Code.ROSTER_DUPLICATE: _t(
        "đơn vị '{unit}' lặp lại", "unit '{unit}' is listed twice", ("xóa dòng trùng", "remove the duplicate")
    ),
    # -- the register of received documents, audit --register (issue 14 item 4, compliance.register)
    Code.REGISTER_UNREADABLE: _t(
        "không đọc được sổ văn bản đến: {detail}",
        "cannot read the register of received documents: {detail}",
        (
            "xuất sổ ra tệp CSV (UTF-8) hoặc XLSX từ hệ thống quản lý văn bản (xem docs/register.md)",
            "export the register as CSV (UTF-8) or XLSX from the document system (see docs/register.md)",
        ),
    ),
    Code.REGISTER_NO_HEADER: _t(
        "không tìm thấy dòng tiêu đề của sổ văn bản đến có đủ các cột; thiếu: {missing}",
        "no heading row with every column the register needs; missing: {missing}",
        (
            "đặt tên cột như sổ văn bản đến: Số đến, Ngày đến, Nơi gửi, Số, ký hiệu (và Trích yếu); "
            "xem docs/register.md",
            "name the columns as in the register: Số đến, Ngày đến, Nơi gửi, Số, ký hiệu (and Trích yếu); "
            "see docs/register.md",
        ),
    ),
    Code.REGISTER_EMPTY: _t(
        "sổ văn bản đến không có dòng nào dưới dòng tiêu đề",
        "the register of received documents has no row below its headings",
        (
            "xuất lại sổ có các văn bản đến của năm học, hoặc bỏ --register",
            "export the register again with the school year's incoming documents, or leave out --register",
        ),
    ),
    Code.REGISTER_EMPTY_CELL: _t(
        "dòng này của sổ văn bản đến không ghi '{column}'",
        "this row of the register of received documents has no '{column}'",
        (
            "ghi '{column}' như trong sổ giấy, hoặc xóa dòng nếu không phải văn bản đến",
            "fill in '{column}' as in the paper register, or delete the row if it is no incoming document",
        ),
    ),
    Code.REGISTER_BAD_DATE: _t(
        "ngày đến '{text}' không đọc được: {reason}",
        "date received '{text}' cannot be read: {reason}",
        (
            "ghi ngày đến dạng dd/mm/yyyy (ví dụ 08/01/2024), YYYY-MM-DD, hoặc dùng ô kiểu ngày",
            "write the date received as dd/mm/yyyy (e.g. 08/01/2024), YYYY-MM-DD, or use a date cell",
        ),
    ),
    Code.REGISTER_FORMULA: _t(
        "ô này chứa công thức ({text}); sổ văn bản đến chỉ nhận giá trị",
        "this cell holds a formula ({text}); the register is read as values only",
        (
            "sao chép cột rồi dán dạng giá trị (Paste Special › Values) trước khi lưu",
            "copy the column and paste it as values (Paste Special › Values) before saving",
        ),
    ),
    Code.WAIVER_UNKNOWN_KEY: _t(
        "miễn trừ không có mục '{key}'{guess}",
        "a waiver has no field '{key}'{guess}",
        (
            "sửa tên mục; các mục của một miễn trừ: {known}",
            "fix the name; the fields of a waiver: {known}",
        ),
    ),
    Code.WAIVER_MISSING_FIELD: _t(
        "miễn trừ thiếu mục '{key}'",
        "the waiver lacks its '{key}' field",
        (
            "thêm {key} (xem docs/waivers.md); mỗi miễn trừ cần unit_id, rule_id, reason, legal_basis, approved_by",
            "add {key} (see docs/waivers.md); each waiver needs unit_id, rule_id, reason, legal_basis, approved_by",
        ),
    ),
    Code.INVALID_WAIVER: _t(
        "miễn trừ không hợp lệ: {detail}",
        "invalid waiver: {detail}",
        (
            "mỗi mục cần unit_id, rule_id, reason, legal_basis, approved_by; starts, expires dạng "
            "YYYY-MM-DD hoặc dd/mm/yyyy (xem docs/waivers.md)",
            "each entry needs unit_id, rule_id, reason, legal_basis, approved_by; starts, expires as "
            "YYYY-MM-DD or dd/mm/yyyy (see docs/waivers.md)",
        ),
    ),
    # waivers (issue 12 item 5)
    Code.WAIVER_NO_LEGAL_BASIS: _t(
        "miễn trừ không ghi căn cứ pháp lý (legal_basis): thanh tra không kiểm tra được miễn trừ này",
        "the waiver gives no legal basis (legal_basis): an inspector cannot audit it",
        (
            "thêm dòng legal_basis với số, ký hiệu và ngày của văn bản cho phép miễn trừ, ví dụ "
            "legal_basis: Công văn số 123/PGDĐT-VP ngày 05/3/2024",
            "add a legal_basis line naming the number, code and date of the document that allows the "
            "waiver, e.g. legal_basis: Công văn số 123/PGDĐT-VP ngày 05/3/2024",
        ),
    ),
    Code.WAIVER_DATES_REVERSED: _t(
        "miễn trừ bắt đầu ngày {starts}, sau ngày hết hạn {expires}",
        "the waiver starts on {starts}, after it expires on {expires}",
        (
            "sửa starts hoặc expires (có thể hai ngày bị đổi chỗ) để starts không sau expires",
            "fix starts or expires (they may be swapped) so that starts is not after expires",
        ),
    ),
    Code.SOURCE_UNREADABLE: _t(
        "không đọc được văn bản nguồn (UTF-8)",
        "cannot read the source ({detail})",
        ("lưu văn bản nguồn dạng UTF-8 và cấp quyền đọc", "save the source as UTF-8 and make it readable"),
    ),
    # ------------------------------------------------------------------------- the command line
    Code.DATE_UNREADABLE: _t(
        "Không đọc được ngày '{text}'. Hãy viết {accepted}.",
        "Cannot read the date '{text}'. Write {accepted}.",
        ("gõ lại ngày, ví dụ 30/06/2024", "type the date again, e.g. 30/06/2024"),
    ),
    Code.DATE_IMPOSSIBLE: _t(
        "Ngày '{text}' không có thật (ngày {day}, tháng {month}, năm {year}). Hãy viết {accepted}.",
        "The date '{text}' does not exist (day {day}, month {month}, year {year}). Write {accepted}.",
        (
            "kiểm tra ngày và tháng: tháng 2 có 28 hoặc 29 ngày; tháng 4, 6, 9, 11 có 30 ngày",
            "check the day and the month: February has 28 or 29 days; April, June, September and "
            "November have 30",
        ),
    ),
    Code.PARAM_MALFORMED: _t(
        "--param '{item}' sai dạng",
        "--param '{item}' is malformed",
        ("dùng --param MÃ_GÓI.THAM_SỐ=GIÁ_TRỊ", "use --param PACK.NAME=VALUE"),
    ),
    Code.JOBS_TOO_FEW: _t(
        "--jobs phải ≥ 1", "--jobs must be at least 1", ("ví dụ --jobs 2", "e.g. --jobs 2")
    ),
    Code.UNKNOWN_EVALUATOR: _t(
        "không có bộ máy đánh giá '{name}'",
        "there is no evaluator '{name}'",
        ("chọn một trong: {known}", "choose one of: {known}"),
    ),
    Code.UNKNOWN_EVALUATOR_OPTION: _t(
        "bộ máy '{name}' không có tùy chọn '{option}'",
        "the '{name}' evaluator has no option '{option}'",
        ("{known}", "{known}"),
    ),
    Code.EVALUATOR_OPTION_VALUE: _t(
        "tùy chọn '{option}' của bộ máy '{name}' phải là {wanted}, không phải {value}",
        "option '{option}' of the '{name}' evaluator must be {wanted}, not {value}",
        ("{option}: {meaning}", "{option}: {meaning}"),
    ),
    Code.NO_SOURCE_FOLDER: _t(
        "không có thư mục nguồn '{folder}'",
        "no source folder '{folder}'",
        ("chỉ đến thư mục seeds/", "point at the seeds/ folder"),
    ),
    Code.SERVER_NOT_INSTALLED: _t(
        "chưa cài gói phục vụ HTTP",
        "the HTTP server is not installed",
        ("pip install 'compliance[server]'", "pip install 'compliance[server]'"),
    ),
    Code.CANNOT_WRITE: _t(
        "không ghi được '{path}': {reason}",
        "cannot write '{path}': {reason}",
        ("chọn đường dẫn khác", "choose another path"),
    ),
    # ------------------------------------------------------------------------- the command line (h-cli)
    Code.FORMAT_MISMATCH: _t(
        "--format {format} không hợp với tệp '{path}': đuôi {suffix} là của định dạng {suited}",
        "--format {format} does not suit '{path}': the suffix {suffix} is for {suited}",
        (
            "bỏ --format (đuôi tệp chọn định dạng) hoặc đổi đuôi tệp cho hợp",
            "leave out --format (the suffix picks the format) or change the file's suffix",
        ),
    ),
    Code.BINARY_TO_TERMINAL: _t(
        "định dạng {format} là tệp nhị phân, không in ra màn hình được",
        "the {format} format is binary and is not written to a terminal",
        (
            "ghi ra tệp: --out ket-qua.{format} (hoặc chuyển hướng: > ket-qua.{format})",
            "write it to a file: --out report.{format} (or redirect: > report.{format})",
        ),
    ),
    Code.PARAM_NOT_A_CHOICE: _t(
        "--param {key}={value}: không phải một lựa chọn của tham số '{name}'",
        "--param {key}={value}: not a choice of the parameter '{name}'",
        ("dùng một trong: {choices}", "use one of: {choices}"),
    ),
    Code.PARAM_VALUE_TYPE: _t(
        "--param {key}={value}: tham số '{name}' phải là {wanted}",
        "--param {key}={value}: the parameter '{name}' must be {wanted}",
        ("ví dụ --param {key}={example}", "e.g. --param {key}={example}"),
    ),
    Code.DURABLE_UNAVAILABLE: _t(
        "không dùng được --engine durable: không nạp được durable-rules ({detail})",
        "--engine durable cannot be used: durable-rules does not import ({detail})",
        (
            "cài trình biên dịch C và tệp tiêu đề Python (Debian/Ubuntu: build-essential python3-dev) rồi "
            "cài lại: pip install --force-reinstall durable-rules; với Python 3.13 xem docs/engines.md; "
            "hoặc dùng --engine python (mặc định, cùng kết quả)",
            "install a C compiler and the Python headers (Debian/Ubuntu: build-essential python3-dev), "
            "then reinstall: pip install --force-reinstall durable-rules; on Python 3.13 see "
            "docs/engines.md; or use --engine python (the default, same results)",
        ),
    ),
    Code.PORT_OUT_OF_RANGE: _t(
        "cổng {port} không hợp lệ: cổng là số từ 1 đến 65535",
        "port {port} is not valid: a port is a number from 1 to 65535",
        ("ví dụ --port 8080", "e.g. --port 8080"),
    ),
    Code.CANNOT_LISTEN: _t(
        "không mở được cổng {port} trên {host}: {reason}",
        "cannot listen on {host} port {port}: {reason}",
        (
            "cổng đang được dùng hoặc địa chỉ không có trên máy này: chọn cổng khác (--port) hoặc địa chỉ khác "
            "(--host)",
            "the port is in use or the address is not on this machine: choose another --port or --host",
        ),
    ),
    Code.CONFIG_UNREADABLE: _t(
        "không đọc được tệp cấu hình: {detail}",
        "cannot read the configuration file: {detail}",
        ("sửa cú pháp tệp (xem docs/cli.md)", "fix the file's syntax (see docs/cli.md)"),
    ),
    Code.CONFIG_UNKNOWN_KEY: _t(
        "khóa '{key}' không có trong cấu hình của compliance",
        "'{key}' is not a compliance setting",
        ("các khóa: {known}", "settings: {known}"),
    ),
    Code.CONFIG_VALUE: _t(
        "giá trị của '{key}' không hợp lệ: cần {wanted}",
        "the value of '{key}' is not valid: expected {wanted}",
        ("xem docs/cli.md", "see docs/cli.md"),
    ),
    # ------------------------------------------------------------------------- the HTTP service
    Code.UNAUTHORIZED: _t(
        "thiếu hoặc sai mã truy cập",
        "missing or wrong bearer token",
        ("gửi tiêu đề Authorization: Bearer <mã truy cập>", "send the header Authorization: Bearer <token>"),
    ),
    Code.REQUEST_TOO_LARGE: _t(
        "yêu cầu lớn hơn {limit} byte",
        "request larger than {limit} bytes",
        ("gửi ít văn bản hơn trong mỗi yêu cầu", "send fewer documents in each request"),
    ),
    Code.NOT_A_DOCUMENT_LIST: _t(
        "documents phải là danh sách các báo cáo (đối tượng JSON)",
        "documents must be a list of report objects",
        (
            'gửi một báo cáo, hoặc {{"documents": [báo cáo, …], "as_of": "YYYY-MM-DD"}}',
            'send one report, or {{"documents": [report, …], "as_of": "YYYY-MM-DD"}}',
        ),
    ),
    Code.BAD_AS_OF: _t(
        "as_of phải có dạng YYYY-MM-DD",
        "as_of must be YYYY-MM-DD",
        ('ví dụ "as_of": "2024-06-30"', 'e.g. "as_of": "2024-06-30"'),
    ),
    Code.UNKNOWN_SCHEMA: _t(
        "không có schema '{name}'",
        "unknown schema '{name}'",
        ("dùng một trong: {known}", "use one of: {known}"),
    ),
    Code.BODY_NOT_JSON: _t(
        "nội dung yêu cầu không phải JSON hợp lệ",
        "the request body is not valid JSON",
        (
            "gửi một báo cáo JSON với Content-Type: application/json, hoặc gửi tệp YAML/XLSX "
            "dạng multipart/form-data (trường files)",
            "send a JSON report with Content-Type: application/json, or upload YAML/XLSX files "
            "as multipart/form-data (field files)",
        ),
    ),
    Code.REQUEST_INVALID: _t(
        "giá trị '{where}' của yêu cầu không hợp lệ",
        "the request's '{where}' is not valid",
        ("xem /openapi.json", "see /openapi.json"),
    ),
    Code.REQUEST_UNKNOWN_KEY: _t(
        "yêu cầu có khóa '{key}' mà dịch vụ không dùng, nên không được bỏ qua",
        "the request has a key '{key}' the service does not take, so it is not ignored",
        (
            "sửa tên khóa; các khóa của yêu cầu: {allowed}; khóa mở rộng bắt đầu bằng 'x-'",
            "fix the key; the request's keys: {allowed}; extension keys start with 'x-'",
        ),
    ),
    Code.REQUEST_CHOICE: _t(
        "{name} = {got} không phải một giá trị dịch vụ nhận",
        "{name} = {got} is not a value the service takes",
        ("dùng một trong: {allowed}", "use one of: {allowed}"),
    ),
    Code.NO_SUCH_ENDPOINT: _t(
        "không có địa chỉ '{path}'",
        "there is no endpoint '{path}'",
        (
            "xem danh sách địa chỉ trong /openapi.json (docs/http.md)",
            "see the endpoints in /openapi.json (docs/http.md)",
        ),
    ),
    Code.METHOD_NOT_ALLOWED: _t(
        "địa chỉ '{path}' không nhận phương thức {method}",
        "'{path}' does not accept {method}",
        ("xem /openapi.json", "see /openapi.json"),
    ),
    # ------------------------------------------------------------------------- scope (engine, scope)
    Code.NO_DOCUMENTS: _t(
        "không có văn bản nào để kiểm tra",
        "there is no document to check",
        (
            "gửi ít nhất một báo cáo; một lần kiểm tra không có văn bản nào không chứng minh điều gì",
            "send at least one report: a check of nothing proves nothing",
        ),
    ),
    # ------------------------------------------------------------------------- hostile or surprising input
    # (loading, validate, dates): what a person could not see or would read otherwise is refused
    Code.CONTROL_CHARACTER: _t(
        "tệp chứa {what} U+{char:04X}: ký tự này không hiển thị và không được phép",
        "the file holds {what} U+{char:04X}, which does not display and is not allowed",
        (
            "xóa ký tự này (thường lọt vào khi sao chép từ Word, Excel hay trang web); "
            "cần xuống dòng thì dùng xuống dòng thường",
            "delete it (it usually comes with text copied from Word, Excel or a web page); "
            "for a line break use an ordinary one",
        ),
    ),
    Code.YAML_AMBIGUOUS_NUMBER: _t(
        "'{value}' viết không có dấu nháy nên dễ bị đọc sai: {reading}",
        "'{value}' without quotes is easily misread: {reading}",
        (
            'nếu là số, viết {number}; nếu là chữ (mã, số hiệu, giờ…), đặt trong dấu nháy: "{value}"',
            "if it is a number, write {number}; if it is text (a code, a document number, a time…), "
            'quote it: "{value}"',
        ),
    ),
    Code.SCHEMA_DATE_YEAR: _t(
        "{got}: năm {year} nằm ngoài khoảng 1900–2100",
        "{got}: the year {year} is outside 1900–2100",
        (
            "kiểm tra lại năm (gõ nhầm?); viết ngày có thật, ví dụ 2024-01-05 hoặc 2024-01-05T10:20:00+07:00",
            "check the year (a typo?); write a real date, e.g. 2024-01-05 or 2024-01-05T10:20:00+07:00",
        ),
    ),
    Code.SCHEMA_DIGITS: _t(
        "{got} chứa chữ số '{char}' (U+{code:04X}), không phải chữ số 0-9 thông thường",
        "{got} holds the digit '{char}' (U+{code:04X}), not one of the ordinary digits 0-9",
        (
            "gõ lại bằng chữ số 0-9 (tắt chế độ toàn độ rộng của bộ gõ): {suggestion}",
            "retype it with the digits 0-9 (turn off the keyboard's full-width mode): {suggestion}",
        ),
    ),
    Code.SCHEMA_SCHOOL_YEAR: _t(
        "năm học {got} không đúng dạng YYYY-YYYY (năm từ 1900 đến 2100)",
        "the school year {got} is not YYYY-YYYY (years from 1900 to 2100)",
        ('viết hai năm liền nhau, ví dụ "2023-2024"', 'write two consecutive years, e.g. "2023-2024"'),
    ),
    Code.SCHEMA_INVISIBLE: _t(
        "{got} chứa ký tự ẩn U+{code:04X} ({name}) ở ký tự thứ {index}: không nhìn thấy "
        "nhưng làm tên, mã không khớp",
        "{got} holds the invisible character U+{code:04X} ({name}) at character {index}: it cannot "
        "be seen but stops names and codes from matching",
        (
            "xóa ký tự ẩn (thường lọt vào khi sao chép từ trang web, Word hay Zalo): gõ lại giá trị, "
            "ví dụ {clean}",
            "delete it (it usually comes with text copied from a web page, Word or a chat app): "
            "retype the value, e.g. {clean}",
        ),
    ),
    Code.SCHEMA_SCHOOL_LEVELS: _t(
        "trường học (TRUONG) phải ghi cấp học school_levels, ít nhất một cấp: không có cấp học "
        "thì không tiêu chí nào áp dụng được cho trường",
        "a school (TRUONG) must list its school levels in school_levels, at least one: without "
        "them no rule can apply to it",
        (
            "thêm school_levels, ví dụ school_levels: [THCS]; các cấp: {allowed}",
            "add school_levels, e.g. school_levels: [THCS]; the levels: {allowed}",
        ),
    ),
    Code.DATE_OUT_OF_RANGE: _t(
        "'{text}': năm {year} nằm ngoài khoảng 1900–2100",
        "'{text}': the year {year} is outside 1900–2100",
        ("kiểm tra lại năm; viết {accepted}", "check the year; write {accepted}"),
    ),
    # ------------------------------------------------------------------------- audits: paths and faults
    Code.FOLDER_UNREADABLE: _t(
        "không mở được thư mục ({reason}); các văn bản trong đó chưa được kiểm tra",
        "cannot open the folder ({reason}); the documents in it were not checked",
        (
            "cấp quyền đọc và mở thư mục (chmod u+rx), hoặc loại nó ra bằng --exclude",
            "give read and search permission on the folder (chmod u+rx), or leave it out with --exclude",
        ),
    ),
    Code.BROKEN_LINK: _t(
        "liên kết tượng trưng trỏ tới '{target}', nơi không tồn tại",
        "the symbolic link points to '{target}', which does not exist",
        ("sửa hoặc xóa liên kết", "fix or remove the link"),
    ),
    Code.LINK_LOOP: _t(
        "liên kết tượng trưng tạo thành vòng lặp, không dẫn tới tệp nào",
        "the symbolic link is a loop and leads to no file",
        ("sửa hoặc xóa liên kết", "fix or remove the link"),
    ),
    Code.ALL_REPORTS_EXCLUDED: _t(
        "mọi tệp báo cáo trong thư mục đều bị loại ({count} mục, theo --exclude hoặc .complianceignore)",
        "every report file in the folder is excluded ({count} entries, by --exclude or .complianceignore)",
        (
            "kiểm tra các mẫu loại trừ (xem docs/audit.md)",
            "check the exclusion patterns (see docs/audit.md)",
        ),
    ),
    Code.EXCLUDE_PATTERN: _t(
        "mẫu loại trừ '{pattern}' không hợp lệ",
        "the exclusion pattern '{pattern}' is not valid",
        (
            "viết mẫu như trong .gitignore, ví dụ luu-tru/ hoặc *.nhap.yaml (xem docs/audit.md)",
            "write it as in .gitignore, e.g. luu-tru/ or *.nhap.yaml (see docs/audit.md)",
        ),
    ),
    Code.UNEXPECTED_ERROR: _t(
        "lỗi không lường trước khi xử lý tệp ({error}); các hồ sơ khác vẫn được kiểm tra",
        "unexpected error while processing the file ({error}); the other portfolios were still checked",
        (
            "báo lỗi này cho nhóm phát triển, gửi kèm tệp",
            "report this error to the developers, with the file",
        ),
    ),
    Code.WORKER_DIED: _t(
        "tiến trình kiểm tra bị dừng đột ngột hai lần khi xử lý tệp này (có thể do hết bộ nhớ)",
        "the worker process handling this file died twice (perhaps out of memory)",
        (
            "kiểm tra riêng tệp này (compliance check TỆP), hoặc chạy lại với ít tiến trình hơn (--jobs)",
            "check this file alone (compliance check FILE), or run again with fewer workers (--jobs)",
        ),
    ),
    # ------------------------------------------------------------------------- fuzz findings (h-fixes)
    Code.PACK_NOT_NUMBER: _t(
        "{got} không phải là số: số trong bộ tiêu chí viết không có ngoặc kép, không phải true/false",
        "{got} is not a number: numbers in a rule pack are written without quotes, not as true/false",
        (
            "viết số trần, ví dụ target: 1.0 (100%) hoặc target: 0.9 (90%), hoặc {{param: tên_tham_số}}",
            "write a bare number, e.g. target: 1.0 (100%) or target: 0.9 (90%), or {{param: name}}",
        ),
    ),
    Code.PACK_NOT_WHOLE_NUMBER: _t(
        "{got} không phải là số nguyên: ở đây cần một số nguyên không âm viết không có ngoặc kép",
        "{got} is not a whole number: a whole number ≥ 0 written without quotes is needed here",
        (
            "viết số nguyên trần, ví dụ within_days: 3 hoặc min: 1, hoặc {{param: tên_tham_số}}",
            "write a bare whole number, e.g. within_days: 3 or min: 1, or {{param: name}}",
        ),
    ),
    Code.WINDOW_TOO_LONG: _t(
        "thời hạn {value} ngày quá dài: within_days phải từ 0 đến {high} ngày (10 năm)",
        "a window of {value} days is too long: within_days must be 0 to {high} days (10 years)",
        (
            "ghi số ngày kế hoạch quy định (ví dụ 3 cho 'chậm nhất 3 ngày')",
            "write the number of days the plan sets (e.g. 3 for 'within 3 days')",
        ),
    ),
    Code.TARGET_OUT_OF_RANGE: _t(
        "ngưỡng {value} nằm ngoài khoảng {low} đến {high} ({meaning})",
        "the target {value} is outside {low} to {high} ({meaning})",
        (
            "với tỉ lệ (có denominator) viết phân số: 1.0 là 100%, 0.9 là 90%; với số lượng viết số như "
            "kế hoạch nêu",
            "for a ratio (with a denominator) write a fraction: 1.0 is 100%, 0.9 is 90%; for a count "
            "write the number the plan sets",
        ),
    ),
    Code.BODY_NOT_UTF8: _t(
        "nội dung yêu cầu không phải văn bản UTF-8 (byte sai ở vị trí {offset})",
        "the request body is not UTF-8 text (invalid byte at offset {offset})",
        (
            "gửi báo cáo dạng JSON mã hoá UTF-8 (Content-Type: application/json)",
            "send the report as UTF-8 encoded JSON (Content-Type: application/json)",
        ),
    ),
    Code.BAD_CONTENT_LENGTH: _t(
        "tiêu đề Content-Length '{value}' không phải là một số byte",
        "the Content-Length header '{value}' is not a number of bytes",
        (
            "bỏ tiêu đề này để chương trình gửi tự tính, hoặc ghi đúng độ dài nội dung",
            "leave the header out for the client to compute, or give the body's exact length",
        ),
    ),
    Code.NUMBER_UNDERFLOW: _t(
        "số {value} quá nhỏ, sẽ bị đọc thành 0",
        "the number {value} is too small and would be read as 0",
        (
            "ghi 0 nếu giá trị là 0, hoặc ghi số như trong sổ sách",
            "write 0 if the value is zero, or the figure as it is in the records",
        ),
    ),
    # ------------------------------------------------------------------------- the audit store, history, diff,
    # baselines (h-store: compliance.store, docs/history.md)
    Code.STORE_MISSING: _t(
        "chưa có kho lưu kết quả kiểm tra tại {path}",
        "there is no audit store at {path}",
        (
            "lưu một lần kiểm tra trước (compliance audit THƯ-MỤC --save), hoặc chỉ ra kho bằng --store TỆP "
            "(xem docs/history.md)",
            "save an audit first (compliance audit FOLDER --save), or name the store with --store FILE "
            "(see docs/history.md)",
        ),
    ),
    Code.STORE_NOT_A_DATABASE: _t(
        "tệp {path} không phải kho lưu kết quả kiểm tra: không đọc được như cơ sở dữ liệu SQLite "
        "(tệp hỏng hoặc là loại tệp khác: {detail})",
        "{path} is not an audit store: it cannot be read as an SQLite database (a damaged file or "
        "another kind of file: {detail})",
        (
            "chỉ --store tới đúng tệp kho; nếu kho bị hỏng, khôi phục từ bản sao lưu hoặc dùng một tệp mới "
            "(các lần kiểm tra trong tệp hỏng không đọc lại được)",
            "point --store at the right file; if the store is damaged, restore it from a backup or use a new "
            "file (the audits in the damaged file cannot be read back)",
        ),
    ),
    Code.STORE_FOREIGN: _t(
        "tệp {path} là cơ sở dữ liệu SQLite của chương trình khác, không phải kho lưu kết quả kiểm tra",
        "{path} is another program's SQLite database, not an audit store",
        (
            "chỉ --store tới một tệp khác (tệp chưa có sẽ được tạo mới); không ghi đè dữ liệu của chương trình khác",
            "point --store at another file (a file that does not exist is created); another program's data "
            "is never overwritten",
        ),
    ),
    Code.STORE_NEWER: _t(
        "kho {path} được ghi bởi phiên bản compliance mới hơn (lược đồ phiên bản {found}; phiên bản này "
        "chỉ đọc được tới {supported})",
        "the store {path} was written by a newer compliance (schema version {found}; this version reads "
        "up to {supported})",
        (
            "cập nhật compliance lên phiên bản mới (pip install -U compliance) rồi chạy lại",
            "upgrade compliance (pip install -U compliance) and run again",
        ),
    ),
    Code.STORE_CANNOT_WRITE: _t(
        "không mở hoặc không ghi được kho {path}: {reason}; lần kiểm tra này chưa được lưu",
        "cannot open or write the store {path}: {reason}; this audit was not saved",
        (
            "kiểm tra quyền ghi vào thư mục và dung lượng đĩa, hoặc chỉ ra chỗ khác bằng --store TỆP",
            "check the write permission on the folder and the free disk space, or save elsewhere with "
            "--store FILE",
        ),
    ),
    Code.STORE_BUSY: _t(
        "kho {path} đang bị tiến trình khác giữ quá {seconds} giây",
        "the store {path} has been held by another process for more than {seconds} seconds",
        (
            "chờ lần lưu kia xong rồi chạy lại; nếu kho nằm trên ổ mạng, chuyển kho về ổ của máy này",
            "wait for the other save to finish and run again; if the store is on a network drive, keep it "
            "on a local disk",
        ),
    ),
    Code.RUN_REFERENCE: _t(
        "'{ref}' không phải số của một lần kiểm tra, latest, latest~N, cũng không phải tệp có sẵn",
        "'{ref}' is neither a run number, latest, latest~N, nor an existing file",
        (
            "dùng số lần kiểm tra (xem compliance history), latest (lần gần nhất), latest~1 (lần trước đó), "
            "hoặc đường dẫn tới tệp JSON kết quả (--format json)",
            "use a run number (see compliance history), latest (the last run), latest~1 (the one before), "
            "or the path of an audit JSON file (--format json)",
        ),
    ),
    Code.NO_SUCH_RUN: _t(
        "kho {path} không có lần kiểm tra '{ref}' (các lần đã lưu: {known})",
        "the store {path} holds no run '{ref}' (runs saved: {known})",
        (
            "xem danh sách bằng compliance history; lưu lần kiểm tra bằng compliance audit … --save",
            "list them with compliance history; save a run with compliance audit … --save",
        ),
    ),
    Code.NOT_AN_AUDIT_JSON: _t(
        "tệp không phải kết quả kiểm tra dạng JSON của compliance: {detail}",
        "the file is not a compliance audit JSON: {detail}",
        (
            "dùng tệp do compliance audit … --format json --out TỆP (hoặc compliance check … --format json) "
            "tạo ra, không sửa tay",
            "use a file written by compliance audit … --format json --out FILE (or compliance check … "
            "--format json), unedited",
        ),
    ),
    Code.NOT_IN_STORE: _t(
        "kho {path} không có đơn vị hay tiêu chí nào mang mã '{name}'",
        "the store {path} holds no unit and no rule with the id '{name}'",
        (
            "kiểm tra lại mã (có phải: {suggestions}?); xem mã trong kết quả kiểm tra",
            "check the id (did you mean: {suggestions}?); the ids are in the audit's findings",
        ),
    ),
    # ------------------------------------------------------------------------- spreadsheet reports (intake)
    Code.UNSUPPORTED_REPORT_TYPE: _t(
        "không đọc được báo cáo loại tệp '{suffix}'; chỉ nhận .yaml, .yml, .json hoặc .xlsx",
        "cannot read reports of type '{suffix}'; only .yaml, .yml, .json and .xlsx are accepted",
        (
            "lưu báo cáo với đuôi .xlsx (Excel Workbook) hoặc .yaml; tệp .xls cũ: mở bằng Excel rồi Lưu thành .xlsx",
            "save the report as .xlsx (Excel Workbook) or .yaml; an old .xls: open it in Excel and Save As .xlsx",
        ),
    ),
    Code.XLSX_MACROS: _t(
        "tệp Excel có macro (VBA) không được nhận: macro có thể chạy mã trên máy người mở",
        "an Excel file with macros (VBA) is refused: macros can run code on the opener's computer",
        (
            "trong Excel chọn Lưu thành (Save As) kiểu Excel Workbook (.xlsx), không có macro",
            "in Excel use Save As, type Excel Workbook (.xlsx), without macros",
        ),
    ),
    Code.XLSX_NOT_A_WORKBOOK: _t(
        "tệp không phải bảng tính .xlsx đọc được ({detail})",
        "the file is not a readable .xlsx workbook ({detail})",
        (
            "mở tệp bằng Excel hoặc LibreOffice rồi Lưu thành kiểu Excel Workbook (.xlsx), không đặt mật khẩu",
            "open it in Excel or LibreOffice and Save As Excel Workbook (.xlsx), without a password",
        ),
    ),
    Code.XLSX_UNPACKED_TOO_LARGE: _t(
        "tệp .xlsx khi giải nén lớn {size} byte (hoặc có {members} thành phần), quá giới hạn {limit} byte",
        "the .xlsx unpacks to {size} bytes (or holds {members} parts), over the limit of {limit} bytes",
        (
            "xóa các trang tính, hình ảnh không cần thiết, hoặc tách thành nhiều báo cáo",
            "delete unneeded sheets and pictures, or split it into several reports",
        ),
    ),
    Code.XLSX_UNKNOWN_SHEET: _t(
        "trang tính '{sheet}' không thuộc biểu mẫu báo cáo",
        "the sheet '{sheet}' is not part of the report form",
        (
            "đổi tên trang tính cho đúng biểu mẫu hoặc xóa nó; các trang tính được nhận: {known}",
            "rename the sheet as in the form or delete it; the sheets read are: {known}",
        ),
    ),
    Code.XLSX_DUPLICATE_SHEET: _t(
        "trang tính '{sheet}' trùng với trang tính '{first}' (cùng một mục '{key}')",
        "the sheet '{sheet}' repeats the sheet '{first}' (the same section '{key}')",
        ("gộp hai trang tính làm một", "merge the two sheets into one"),
    ),
    Code.XLSX_UNKNOWN_COLUMN: _t(
        "cột '{heading}' không thuộc trang tính '{sheet}' của biểu mẫu",
        "the column '{heading}' is not part of the sheet '{sheet}' of the form",
        (
            "sửa tiêu đề cho đúng biểu mẫu (compliance template; gần nhất: {known}), hoặc đặt tiêu đề "
            "bắt đầu bằng 'x-' cho cột mở rộng",
            "correct the heading as in the form (compliance template; closest: {known}), or start it with "
            "'x-' for an extension",
        ),
    ),
    Code.XLSX_DUPLICATE_COLUMN: _t(
        "mục '{heading}' có hai lần trong trang tính '{sheet}' (lần đầu ở ô {first})",
        "'{heading}' appears twice in the sheet '{sheet}' (first in cell {first})",
        ("xóa một trong hai", "delete one of them"),
    ),
    Code.XLSX_NO_HEADING: _t(
        "ô có giá trị nhưng cột (hoặc dòng) của nó không có tiêu đề",
        "the cell holds a value but its column (or row) has no heading",
        (
            "ghi tiêu đề như biểu mẫu ở dòng 1 (cột A ở trang Thông tin chung), hoặc xóa giá trị",
            "write the heading as in the form in row 1 (column A on the Thông tin chung sheet), or delete the value",
        ),
    ),
    Code.XLSX_TOO_MANY_ROWS: _t(
        "trang tính '{sheet}' có hơn {limit} dòng",
        "the sheet '{sheet}' has more than {limit} rows",
        _SPLIT,
    ),
    Code.XLSX_TOO_MANY_COLUMNS: _t(
        "trang tính '{sheet}' dùng cột quá cột thứ {limit}",
        "the sheet '{sheet}' uses a column past column {limit}",
        ("xóa các cột thừa bên phải", "delete the extra columns on the right"),
    ),
    Code.XLSX_FORMULA: _t(
        "ô chứa công thức {formula}; công thức không phải số liệu báo cáo (giá trị tính sẵn có thể đã cũ)",
        "the cell holds the formula {formula}; a formula is not reported data (its stored result may be stale)",
        (
            "chép ô rồi Dán đặc biệt › Chỉ giá trị (Paste Special › Values) để thay công thức bằng giá trị",
            "copy the cell and use Paste Special › Values to replace the formula by its value",
        ),
    ),
    Code.XLSX_CELL_ERROR: _t(
        "ô chứa lỗi {value}",
        "the cell holds the error {value}",
        ("ghi giá trị đúng vào ô", "write the right value into the cell"),
    ),
    Code.XLSX_DATE: _t(
        "'{got}' không phải ngày hợp lệ",
        "'{got}' is not a valid date",
        (
            "nhập ngày dạng dd/mm/yyyy (ví dụ 03/01/2024 là ngày 3 tháng 1) hoặc dùng ô kiểu ngày",
            "type the date as dd/mm/yyyy (e.g. 03/01/2024 is 3 January) or use a date cell",
        ),
    ),
    Code.XLSX_NUMBER: _t(
        "'{got}' không phải số nguyên",
        "'{got}' is not a whole number",
        (
            "ghi một số nguyên, không kèm đơn vị hay dấu phân cách (ví dụ 1250)",
            "write a whole number, without units or separators (e.g. 1250)",
        ),
    ),
    Code.XLSX_YES_NO: _t(
        "'{got}' không phải Có hoặc Không",
        "'{got}' is not Có (yes) or Không (no)",
        ("chọn Có hoặc Không trong danh sách", "pick Có or Không from the list"),
    ),
    Code.XLSX_LABEL: _t(
        "'{got}' không có trong danh mục của cột này",
        "'{got}' is not in this column's list",
        ("chọn một trong danh sách: {allowed}", "pick one from the list: {allowed}"),
    ),
    Code.XLSX_CANNOT_HOLD: _t(
        "giá trị này không ghi được vào bảng tính ({detail})",
        "this value cannot be written into a spreadsheet ({detail})",
        (
            "chuyển báo cáo sang YAML hoặc JSON thay vì XLSX, hoặc sửa giá trị",
            "convert the report to YAML or JSON instead of XLSX, or change the value",
        ),
    ),
    Code.BODY_NOT_XLSX: _t(
        "nội dung gửi lên có kiểu '{type}', không phải tệp .xlsx",
        "the body was sent as '{type}', not as an .xlsx file",
        (
            "gửi nguyên tệp với Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "send the file itself with Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ),
    Code.CONVERT_NO_FORMAT: _t(
        "không rõ chuyển sang định dạng nào",
        "which format to convert to is not said",
        (
            "thêm --to xlsx, --to yaml hoặc --to json (hoặc --out có đuôi .xlsx, .yaml, .json)",
            "add --to xlsx, --to yaml or --to json (or an --out ending in .xlsx, .yaml, .json)",
        ),
    ),
    # ------------------------------------------------------------------------- several --out in one run
    # (cli: compliance.cli.output, docs/cli.md)
    Code.OUT_REPEATED: _t(
        "--out {path} được ghi hai lần trong cùng một lệnh",
        "--out {path} is given twice in one command",
        (
            "mỗi --out ghi một tệp riêng: bỏ --out lặp lại hoặc đặt tên tệp khác (ví dụ kiem-tra.html, kiem-tra.xlsx)",
            "each --out writes a file of its own: drop the repeated --out or give another name "
            "(e.g. audit.html, audit.xlsx)",
        ),
    ),
    # ------------------------------------------------------------------------- the report format, version 2
    # (format: issue 14 item 5, docs/report-format.md)
    Code.SCHEMA_SO_HIEU: _t(
        "báo cáo theo định dạng phiên bản 2 phải ghi số hiệu văn bản (Thông tin văn bản, mục Số hiệu)",
        "a report in format version 2 must state its document number (document.so_hieu)",
        (
            "ghi số hiệu như trên văn bản đã ký, ví dụ document: {{so_hieu: 12/BC-THCSNC}}",
            "write the number as on the signed document, e.g. document: {{so_hieu: 12/BC-THCSNC}}",
        ),
    ),
    Code.DUPLICATE_RECEIPT: _t(
        "nơi nhận '{unit}' được ghi hai lần trong mục nơi nhận đã nhận (lần đầu ở /receipts/{first})",
        "recipient '{unit}' is listed twice among the receipts (first at /receipts/{first})",
        (
            "mỗi nơi nhận ghi một dòng với ngày đến của nơi đó; bỏ dòng lặp lại",
            "one row per recipient with its own received date; drop the repeated row",
        ),
    ),
    Code.RECEIPT_BEFORE_SENT: _t(
        "nơi nhận '{unit}' nhận ngày {received}, trước ngày gửi {sent}",
        "recipient '{unit}' received it on {received}, before it was sent on {sent}",
        (
            "kiểm tra lại ngày gửi và ngày đến của nơi nhận theo sổ văn bản đến của nơi đó",
            "check the date sent (submitted_at) and the recipient's received date in its register",
        ),
    ),
    # ------------------------------------------------------------------------- audits on Dask (dask)
    Code.DASK_NOT_INSTALLED: _t(
        "--executor dask cần gói distributed, chưa được cài",
        "--executor dask needs the distributed package, which is not installed",
        (
            "pip install '{extra}', hoặc bỏ --executor dask",
            "pip install '{extra}', or leave out --executor dask",
        ),
    ),
    Code.DASK_NO_SCHEDULER: _t(
        "không kết nối được bộ điều phối Dask '{address}': {reason}",
        "cannot reach the Dask scheduler '{address}': {reason}",
        (
            "kiểm tra địa chỉ (tcp://MÁY:CỔNG) và bộ điều phối đang chạy (dask scheduler)",
            "check the address (tcp://HOST:PORT) and that the scheduler is running (dask scheduler)",
        ),
    ),
    Code.DASK_SCHEDULER_WITHOUT_EXECUTOR: _t(
        "--scheduler chỉ dùng cùng --executor dask",
        "--scheduler is used only with --executor dask",
        ("thêm --executor dask, hoặc bỏ --scheduler", "add --executor dask, or leave out --scheduler"),
    ),
    # the HTTP service for portals (srvapi: issue 15 items 1-3, docs/http.md)
    Code.INTERNAL_ERROR: _t(
        "dịch vụ gặp lỗi nội bộ ({error})",
        "the service failed internally ({error})",
        (
            "gửi lại yêu cầu; nếu vẫn lỗi, báo cho quản trị kèm mã yêu cầu (X-Request-ID)",
            "send the request again; if it fails again, tell the administrator its request id (X-Request-ID)",
        ),
    ),
    Code.SERVER_BUSY: _t(
        "dịch vụ đang bận: đã có {limit} yêu cầu đang được kiểm tra",
        "the service is busy: {limit} requests are being checked already",
        (
            "gửi lại sau {retry} giây (tiêu đề Retry-After)",
            "send it again after {retry} s (the Retry-After header)",
        ),
    ),
    Code.BODY_TIMEOUT: _t(
        "nội dung yêu cầu không đến đủ trong {seconds} giây",
        "the request body did not arrive in full within {seconds} s",
        (
            "gửi lại trên đường truyền ổn định hơn, hoặc gửi ít tệp hơn mỗi lần",
            "send it again on a steadier connection, or send fewer files at a time",
        ),
    ),
    Code.NO_SUCH_AUDIT: _t(
        "không có đợt rà soát '{job}' (đã quá cũ hoặc mã sai)",
        "no audit '{job}' (too old, or a wrong id)",
        (
            "gửi lại các tệp tới POST /v1/audit và dùng địa chỉ trong tiêu đề Location",
            "send the files to POST /v1/audit again and use the address in its Location header",
        ),
    ),
    Code.NO_FILES: _t(
        "yêu cầu không kèm tệp báo cáo nào (trường '{field}')",
        "the request carries no report file (field '{field}')",
        (
            "gửi multipart/form-data với một hoặc nhiều tệp trong trường '{field}'",
            "send multipart/form-data with one or more files in the field '{field}'",
        ),
    ),
    Code.UPLOAD_NOT_A_REPORT: _t(
        "tệp '{name}' không phải báo cáo .yaml, .yml, .json hay .xlsx",
        "the file '{name}' is not a .yaml, .yml, .json or .xlsx report",
        (
            "gửi tệp báo cáo với đuôi .yaml, .yml, .json hoặc .xlsx",
            "send report files named .yaml, .yml, .json or .xlsx",
        ),
    ),
    Code.NOT_READY: _t(
        "dịch vụ chưa sẵn sàng: chưa nạp được tiêu chí nào",
        "the service is not ready: no rule is loaded",
        ("kiểm tra --rules của compliance serve", "check the --rules of compliance serve"),
    ),
    Code.ANONYMOUS_ON_NETWORK: _t(
        "không chạy dịch vụ trên địa chỉ mạng '{host}' khi chưa có mã truy cập (biến {var})",
        "will not serve on the network address '{host}' without a token (variable {var})",
        (
            "đặt mã truy cập vào biến {var}, hoặc thêm --allow-anonymous nếu mạng này tin cậy được",
            "put a token in the variable {var}, or add --allow-anonymous if this network is trusted",
        ),
    ),
    # ------------------------------------------------------------------------- reports at a URL (remote)
    Code.REMOTE_NEEDS_FSSPEC: _t(
        "đọc báo cáo từ một địa chỉ URL cần thư viện fsspec, chưa được cài",
        "reading reports from a URL needs the fsspec library, which is not installed",
        (
            "pip install '{extra}' (thêm s3fs, gcsfs hoặc adlfs để đọc kho S3, Google Cloud Storage "
            "hoặc Azure), hoặc chép báo cáo về máy và chỉ đến thư mục đó",
            "pip install '{extra}' (and s3fs, gcsfs or adlfs for S3, Google Cloud Storage or Azure), "
            "or copy the reports to this machine and give that folder",
        ),
    ),
    Code.REMOTE_NEEDS_DRIVER: _t(
        "đọc địa chỉ {scheme}:// cần gói {package}, chưa được cài",
        "reading {scheme}:// addresses needs the {package} package, which is not installed",
        (
            "pip install {package} (trên máy này và trên mọi máy kiểm tra của cụm Dask)",
            "pip install {package} (here and on every worker machine of a Dask cluster)",
        ),
    ),
    Code.REMOTE_UNKNOWN_SCHEME: _t(
        "không biết đọc địa chỉ dạng {scheme}://",
        "no file system is known for {scheme}:// addresses",
        (
            "dùng địa chỉ file://, s3://, gs://, az://, http(s)://, hoặc một đường dẫn trong máy",
            "use a file://, s3://, gs://, az:// or http(s):// address, or a path on this machine",
        ),
    ),
    Code.REMOTE_LISTING_FAILED: _t(
        "không liệt kê được các tệp ở địa chỉ này ({reason}); chưa kiểm tra văn bản nào trong đó",
        "cannot list the files at this address ({reason}); none of its documents was checked",
        (
            "kiểm tra địa chỉ, kết nối mạng và thông tin đăng nhập vào kho (cấu hình fsspec hoặc biến môi "
            "trường như AWS_PROFILE, GOOGLE_APPLICATION_CREDENTIALS; xem docs/scale.md)",
            "check the address, the network and the store's credentials (fsspec's configuration or "
            "variables such as AWS_PROFILE, GOOGLE_APPLICATION_CREDENTIALS; see docs/scale.md)",
        ),
    ),
    # ------------------------------------------------------------------------- deadline calendars (ics)
    Code.CALENDAR_NO_UNIT: _t(
        "chưa nói lịch của đơn vị nào",
        "no unit is named for the calendar",
        (
            "ghi --unit MÃ_ĐƠN_VỊ --unit-type LOẠI, hoặc --roster DANH_SÁCH (có thể kèm --unit)",
            "give --unit UNIT_ID --unit-type TYPE, or --roster FILE (optionally with --unit)",
        ),
    ),
    Code.CALENDAR_NEEDS_UNIT_TYPE: _t(
        "chỉ có mã đơn vị '{unit}' thì không biết tiêu chí nào áp dụng",
        "a unit id alone ('{unit}') does not say which rules apply",
        (
            "ghi thêm --unit-type (và --levels cho trường học), hoặc --roster có dòng của đơn vị",
            "add --unit-type (and --levels for a school), or a --roster that lists the unit",
        ),
    ),
    Code.CALENDAR_UNIT_TYPE: _t(
        "loại đơn vị '{unit_type}' không có trong danh mục",
        "there is no unit type '{unit_type}'",
        _ONE_OF,
    ),
    Code.CALENDAR_NOT_IN_ROSTER: _t(
        "danh sách không có đơn vị '{unit}'",
        "the roster does not list the unit '{unit}'",
        ("kiểm tra mã đơn vị (unit_id) trong danh sách", "check the unit id (unit_id) in the roster"),
    ),
    Code.CALENDAR_ROSTER_NO_YEAR: _t(
        "danh sách không có dòng nào của năm học {school_year}",
        "the roster has no row for the school year {school_year}",
        (
            "kiểm tra --school-year và cột school_year của danh sách",
            "check --school-year and the roster's school_year",
        ),
    ),
    Code.CALENDAR_NOTHING_APPLIES: _t(
        "không tiêu chí nào áp dụng cho đơn vị {unit} ({unit_type}) năm học {school_year}; lịch sẽ trống",
        "no rule applies to {unit} ({unit_type}) in the school year {school_year}; the calendar would be empty",
        (
            "kiểm tra loại đơn vị, cấp học, năm học, tỉnh/huyện và các bộ tiêu chí (--rules)",
            "check the unit type, levels, school year, province/district and the rule packs (--rules)",
        ),
    ),
    Code.CALENDAR_OUT_NOT_FOLDER: _t(
        "với --roster, --out là thư mục (mỗi đơn vị một tệp .ics); '{path}' không phải thư mục",
        "with --roster, --out is a folder (one .ics file per unit); '{path}' is not a folder",
        (
            "ghi --out THƯ_MỤC, hoặc thêm --unit để lấy lịch một đơn vị",
            "give --out FOLDER, or add --unit for one unit's calendar",
        ),
    ),
    Code.CALENDAR_PENDING_SOURCE: _t(
        "--pending-only cần kết quả kiểm tra để biết việc nào đã xong",
        "--pending-only needs an audit's results to know what is done",
        (
            "thêm --findings KQ.json (từ compliance audit --format json) hoặc --reports THƯ_MỤC_BÁO_CÁO",
            "add --findings AUDIT.json (from compliance audit --format json) or --reports REPORTS",
        ),
    ),
    # ------------------------------------------------------------------------- the web page (compliance.web)
    Code.UPLOAD_ZIP_UNREADABLE: _t(
        "không mở được tệp nén: {reason}",
        "cannot open the zip file: {reason}",
        (
            "nén lại thư mục báo cáo thành tệp .zip (Gửi tới > Thư mục nén) rồi tải lên lại",
            "zip the folder of reports again (Send to > Compressed folder) and upload it again",
        ),
    ),
    Code.UPLOAD_ZIP_UNSAFE_NAME: _t(
        "tệp nén chứa tên tệp không an toàn '{name}' (đường dẫn tuyệt đối, '..' hoặc liên kết); tệp này bị bỏ qua",
        "the zip holds an unsafe name '{name}' (an absolute path, '..' or a link); it was left out",
        (
            "nén lại từ chính thư mục báo cáo, không chứa liên kết hay đường dẫn ra ngoài thư mục",
            "zip the folder of reports itself, with no links and no paths leading out of it",
        ),
    ),
    Code.UPLOAD_ZIP_NESTED: _t(
        "tệp nén nằm trong tệp nén không được đọc",
        "a zip inside the zip is not read",
        (
            "giải nén tệp bên trong rồi nén lại cả thư mục một lần",
            "unzip the inner file and zip the whole folder once",
        ),
    ),
    Code.UPLOAD_TOO_MANY_FILES: _t(
        "quá nhiều tệp trong một lần tải lên (tối đa {limit}); các tệp sau bị bỏ qua",
        "too many files in one upload (at most {limit}); the rest were left out",
        (
            "chia thành nhiều lần kiểm tra, hoặc dùng lệnh compliance audit THƯ-MỤC",
            "split it into several checks, or run compliance audit FOLDER",
        ),
    ),
    Code.UPLOAD_TOO_LARGE: _t(
        "nội dung giải nén vượt quá {limit} byte; các tệp sau bị bỏ qua",
        "the unzipped content exceeds {limit} bytes; the rest were left out",
        (
            "chia thành nhiều lần kiểm tra, hoặc dùng lệnh compliance audit THƯ-MỤC",
            "split it into several checks, or run compliance audit FOLDER",
        ),
    ),
    Code.WEB_NO_SUCH_RESULT: _t(
        "không còn kết quả kiểm tra '{id}' (máy chủ chỉ giữ các lần gần nhất, và quên khi khởi động lại)",
        "there is no longer a result '{id}' (the server keeps only the latest ones, and forgets them on restart)",
        ("tải các báo cáo lên và kiểm tra lại", "upload the reports and check them again"),
    ),
    Code.WEB_UNKNOWN_FORMAT: _t(
        "không có định dạng tải về '{value}'",
        "there is no download format '{value}'",
        ("dùng một trong: {known}", "use one of: {known}"),
    ),
    Code.WEB_NO_STORE: _t(
        "máy chủ chưa được chỉ ra kho lưu kết quả kiểm tra",
        "the server has no audit store",
        (
            "chạy compliance serve --store TỆP (xem docs/history.md)",
            "run compliance serve --store FILE (see docs/history.md)",
        ),
    ),
    Code.WEB_UNAUTHORIZED: _t(
        "trang này cần mã truy cập của máy chủ",
        "this page needs the server's access token",
        (
            "khi trình duyệt hỏi, nhập tên bất kỳ và mật khẩu là mã truy cập (người quản trị máy chủ cung cấp)",
            "when the browser asks, type any user name and the access token as the password (ask the server's administrator)",
        ),
    ),
    Code.WEB_BAD_FORM: _t(
        "không đọc được biểu mẫu đã gửi: {reason}",
        "the form sent cannot be read: {reason}",
        (
            "mở lại trang /, chọn tệp rồi bấm Kiểm tra (tối đa 2 000 tệp một lần)",
            "open the page / again, choose the files and press Check (at most 2,000 files at once)",
        ),
    ),
    # ------------------------------------------------------------------------- compliance draft
    # (draft: issue 18 items 1-2, compliance.draft, docs/draft.md)
    Code.DRAFT_FILE_TYPE: _t(
        "không soạn được bản nháp từ tệp '{suffix}'; chỉ nhận văn bản .txt hoặc .docx",
        "cannot draft from a '{suffix}' file; only plain text (.txt) and .docx are read",
        (
            "lưu kế hoạch thành tệp .txt (UTF-8) hoặc .docx",
            "save the plan as a .txt (UTF-8) or .docx file",
        ),
    ),
    Code.DRAFT_UNREADABLE: _t(
        "không đọc được kế hoạch: {detail}",
        "cannot read the plan: {detail}",
        (
            "kiểm tra đường dẫn; văn bản .txt phải mã hóa UTF-8, tệp .docx phải mở được bằng Word",
            "check the path; a .txt file must be UTF-8, a .docx file must open in Word",
        ),
    ),
    Code.DRAFT_SCHOOL_YEAR: _t(
        "năm học '{value}' không đúng dạng YYYY-YYYY gồm hai năm liền nhau",
        "the school year '{value}' is not YYYY-YYYY with two consecutive years",
        ("viết năm học như --school-year 2023-2024", "write the school year as --school-year 2023-2024"),
    ),
    Code.DRAFT_NO_SCHOOL_YEAR: _t(
        "kế hoạch không ghi năm học ('năm học 2023-2024') và không có ngày ban hành để suy ra",
        "the plan names no school year ('năm học 2023-2024') and has no issue date to infer it from",
        (
            "thêm --school-year, ví dụ --school-year 2023-2024",
            "add --school-year, for example --school-year 2023-2024",
        ),
    ),
    Code.DRAFT_NOTHING_FOUND: _t(
        "không tìm thấy câu nào giống một nghĩa vụ (hạn báo cáo, thành lập ban, tổ, tỷ lệ, diễn tập, hội nghị, điều cấm, kế hoạch) trong kế hoạch",
        "no obligation-like sentence (report deadline, committee, coverage rate, drill, meeting, prohibition, plan) was found in the plan",
        (
            "kiểm tra đây đúng là văn bản kế hoạch (không phải bản quét hay tệp rỗng); bộ tiêu chí phải viết tay nếu văn bản không có nghĩa vụ nào",
            "check that this is the plan's text (not a scan or an empty file); write the pack by hand if the plan states no obligation",
        ),
    ),
    Code.DRAFT_ONLY_SET_ASIDE: _t(
        "không câu nào soạn được thành tiêu chí: {count} câu giống nghĩa vụ phải gác lại — {listed}",
        "no sentence could be drafted as a rule: {count} obligation-like sentence(s) had to be set aside — {listed}",
        (
            "sửa trong văn bản kế hoạch (hoặc hỏi lại nơi ban hành) những chỗ nêu trên rồi soạn lại, "
            "hoặc viết bộ tiêu chí bằng tay",
            "fix what is named above in the plan's text (or ask its issuer) and draft again, or write "
            "the pack by hand",
        ),
    ),
    # ------------------------------------------------------------------------- reminder letters (letters)
    Code.LETTERS_OPTION_NEEDS_FOLDER: _t(
        "{options} chỉ dùng khi AUDIT là thư mục báo cáo; tệp kết quả '{path}' đã được kiểm tra với các "
        "tham số của lần kiểm tra đó",
        "{options} apply only when AUDIT is a folder of reports; the findings file '{path}' was audited with "
        "that run's own options",
        (
            "bỏ {options}, hoặc đưa thư mục báo cáo thay cho tệp kết quả, hoặc chạy lại compliance audit với "
            "các tham số đó rồi dùng tệp mới",
            "leave out {options}, or give the folder of reports instead of the findings file, or run "
            "compliance audit again with those options and use its file",
        ),
    ),
    Code.LETTERS_NO_FINDINGS: _t(
        "'{path}' không có kết luận nào: không biết đơn vị nào cần đôn đốc",
        "'{path}' holds no findings: there is no way to tell which units to remind",
        (
            "kiểm tra lại thư mục báo cáo, danh sách đơn vị (--roster) và bộ tiêu chí (--rules), rồi chạy lại",
            "check the folder of reports, the roster (--roster) and the rule packs (--rules), then run again",
        ),
    ),
    # ------------------------------------------------------------------------- --out naming no file, the
    # config file's parameters (cli: compliance.cli.output, compliance.cli.common, docs/cli.md)
    Code.OUT_NO_NAME: _t(
        "--out '' không có tên tệp",
        "--out '' names no file",
        (
            "ghi tên tệp sau --out, ví dụ --out {example}, hoặc --out - để in ra màn hình",
            "give a file name after --out, e.g. --out {example}, or --out - for standard output",
        ),
    ),
    Code.OUT_IS_A_FOLDER: _t(
        "--out '{path}' là tên một thư mục, không phải tên tệp",
        "--out '{path}' names a folder, not a file",
        (
            "--out nhận tên một tệp: ghi cả tên tệp, ví dụ --out {example}",
            "--out takes a file name: give the file's name too, e.g. --out {example}",
        ),
    ),
    Code.CONFIG_PARAM_VALUE_TYPE: _t(
        "tham số '{name}' ({key}) trong tệp cấu hình là '{value}', nhưng phải là {wanted}",
        "the parameter '{name}' ({key}) in the configuration file is '{value}', but it must be {wanted}",
        (
            "sửa giá trị trong tệp cấu hình, ví dụ {key}: {example}",
            "fix the value in the file, e.g. {key}: {example}",
        ),
    ),
    Code.CONFIG_PARAM_NOT_A_CHOICE: _t(
        "tham số '{name}' ({key}) trong tệp cấu hình là '{value}', không phải một lựa chọn của tham số này",
        "the parameter '{name}' ({key}) in the configuration file is '{value}', which is not one of its choices",
        (
            "sửa giá trị trong tệp cấu hình, dùng một trong: {choices}",
            "fix the value in the file: use one of: {choices}",
        ),
    ),
}


# ----------------------------------------------------------------------------- words inside messages

_WORDS: dict[str, Text] = {
    # what a YAML scalar was read as (VALUE_UNREADABLE)
    "value.null": Text(vi="null", en="null"),
    "value.bool": Text(vi="true hay false", en="true or false"),
    "value.int": Text(vi="số nguyên", en="an integer"),
    "value.float": Text(vi="số", en="a number"),
    # what a YAML key was read as (KEY_NOT_TEXT)
    "key.null": Text(vi="null", en="null"),
    "key.bool": Text(vi="true/false", en="true/false"),
    "key.int": Text(vi="số", en="a number"),
    "key.float": Text(vi="số", en="a number"),
    "key.ambiguous": Text(vi="số", en="a number"),
    "key.dict": Text(vi="đối tượng", en="an object"),
    "key.list": Text(vi="danh sách", en="a list"),
    # JSON Schema types (SCHEMA_TYPE)
    "type.string": Text(vi="chuỗi", en="text"),
    "type.integer": Text(vi="số nguyên", en="a whole number"),
    "type.number": Text(vi="số", en="a number"),
    "type.boolean": Text(vi="true/false", en="true/false"),
    "type.object": Text(vi="đối tượng (các cặp khóa: giá trị)", en="an object (key: value pairs)"),
    "type.array": Text(vi="danh sách", en="a list"),
    "type.null": Text(vi="null", en="null"),
    # bounds (SCHEMA_RANGE)
    "bound.minimum": Text(vi="nhỏ nhất", en="at least"),
    "bound.maximum": Text(vi="lớn nhất", en="at most"),
    # what a refused character is (CONTROL_CHARACTER)
    "char.control": Text(vi="ký tự điều khiển", en="the control character"),
    "char.noncharacter": Text(vi="ký tự không dùng (noncharacter)", en="the noncharacter"),
    "char.unnamed": Text(vi="chưa đặt tên", en="unassigned"),
    # how YAML reads an unquoted number written in a surprising way (YAML_AMBIGUOUS_NUMBER)
    "yaml-number.octal": Text(
        vi="YAML 1.1 đọc số có chữ số 0 ở đầu là số bát phân {yaml11}, không phải {yaml12}",
        en="YAML 1.1 reads a number with a leading zero as the octal {yaml11}, not {yaml12}",
    ),
    "yaml-number.leading-zero": Text(
        vi="số có chữ số 0 ở đầu: đọc là số thì mất chữ số 0 ({yaml12}), đọc là chữ thì giữ; "
        "không rõ người viết muốn cách nào",
        en="a number with a leading zero: read as a number it loses its zeros ({yaml12}), read as "
        "text it keeps them; which was meant is unclear",
    ),
    "yaml-number.text": Text(vi="chuỗi", en="text"),
    "yaml-number.base": Text(
        vi="YAML đọc là số viết theo hệ cơ số khác (0x: hệ 16, 0o: hệ 8, 0b: hệ 2), bằng {value}",
        en="YAML reads a number in another base (0x: 16, 0o: 8, 0b: 2), equal to {value}",
    ),
    "yaml-number.underscore": Text(
        vi="YAML 1.1 bỏ dấu '_' và đọc là {value}, YAML 1.2 coi là chuỗi",
        en="YAML 1.1 drops the '_' and reads {value}, YAML 1.2 reads text",
    ),
    "yaml-number.sexagesimal": Text(
        vi="YAML 1.1 đọc là số hệ 60 bằng {value} (không phải giờ:phút), YAML 1.2 coi là chuỗi",
        en="YAML 1.1 reads a base-60 number equal to {value} (not hours:minutes), YAML 1.2 reads text",
    ),
    "no-extension": Text(vi="(không có đuôi)", en="(no extension)"),
    "none": Text(vi="(không có)", en="(none)"),
}

ACCEPTED_DATES = Text(
    vi="dd/mm/yyyy (ví dụ 03/01/2024 là ngày 3 tháng 1), d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy hoặc YYYY-MM-DD (2024-01-03)",
    en="dd/mm/yyyy (e.g. 03/01/2024 is 3 January), d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy or YYYY-MM-DD (2024-01-03)",
)


def word(key: str) -> Text:
    """A word a message is filled with, e.g. ``word("type.integer")``; ``key`` itself if unknown."""
    return _WORDS.get(key) or Text(vi=key.partition(".")[2] or key, en=key.partition(".")[2] or key)


def reading(key: str, **values: object) -> Text:
    """A word of :data:`_WORDS` with its placeholders filled, e.g. how YAML reads ``010``."""
    template = word(key)
    vi = {name: value.vi if isinstance(value, Text) else value for name, value in values.items()}
    en = {name: value.en if isinstance(value, Text) else value for name, value in values.items()}
    return Text(vi=template.vi.format(**vi), en=template.en.format(**en))


def byte_size(size: int | None, limit: int) -> Text:
    """A file's size, or "more than the limit" when only that is known."""
    if size is not None:
        return Text(vi=f"{size} byte", en=f"{size} bytes")
    return Text(vi=f"hơn {limit} byte", en=f"more than {limit} bytes")


def either(items: Iterable[str]) -> Text:
    """``a hoặc b`` / ``a or b``."""
    items = list(items)
    return Text(vi=" hoặc ".join(items), en=" or ".join(items))


def listing(items: Iterable[str]) -> Text:
    """``a, b, c``, or ``(không có)`` / ``(none)`` for no items."""
    shown = ", ".join(items)
    return Text(vi=shown, en=shown) if shown else _WORDS["none"]
