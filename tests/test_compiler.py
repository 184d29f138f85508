"""Compiling rule packs: everything checkable before a report arrives is checked, with file:line."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from builders import RULES, pack_text, rule
from compliance import Engine, ir
from compliance.checks.each import EachCheck
from compliance.checks.forbidden import ForbiddenCheck
from compliance.checks.required import RequiredCheck
from compliance.compiler import compile_packs
from compliance.errors import Code, InputError, RulePackError
from compliance.loading import load_text
from compliance.program import Program


def compile_one(text: str) -> Program:
    return compile_packs([load_text(text, name="goi.yaml", format="yaml")])


def compile_error(text: str) -> RulePackError:
    with pytest.raises(RulePackError) as info:
        compile_one(text)
    return info.value


def required(where: dict[str, object], collection: str = "committees") -> dict[str, object]:
    return {"required": {"select": {"collection": collection, "where": where}}}


def test_unknown_field_in_a_condition_is_rejected_with_its_line() -> None:
    err = compile_error(pack_text(rule(required({"field": "establised_on", "exists": True}))))
    (p,) = err.problems
    assert "establised_on" in p.message.en and "established_on" in (p.fix.en if p.fix else "")
    assert p.file == "goi.yaml" and p.line is not None
    assert p.pointer == "/rules/0/check/required/select/where/field"


def test_unknown_code_is_rejected_with_the_allowed_codes() -> None:
    err = compile_error(pack_text(rule(required({"field": "kind", "eq": "BAN_CHI_DAO"}))))
    assert "BAN_CHI_DAO" in err.problems[0].message.vi
    assert "BCD_GDCT_CTHS_HDNGLL" in (err.problems[0].fix.vi if err.problems[0].fix else "")


def test_unknown_collection_is_rejected() -> None:
    err = compile_error(pack_text(rule(required({"field": "kind", "eq": "X"}, collection="commitees"))))
    assert "commitees" in err.problems[0].message.en


def test_ordering_a_text_field_is_rejected() -> None:
    err = compile_error(pack_text(rule(required({"field": "decision_so_hieu", "gt": 3}))))
    assert "gt" in err.problems[0].message.en


def test_constant_of_the_wrong_type_is_rejected() -> None:
    err = compile_error(pack_text(rule(required({"field": "members", "ge": "chín"}))))
    assert "chín" in err.problems[0].message.vi


def test_invalid_date_constant_is_rejected() -> None:
    err = compile_error(pack_text(rule(required({"field": "established_on", "le": "2024-02-30"}))))
    assert "2024-02-30" in err.problems[0].message.en


def test_invalid_regular_expression_is_rejected() -> None:
    err = compile_error(pack_text(rule(required({"field": "decision_so_hieu", "matches": "([0-9]+"}))))
    assert "regular expression" in err.problems[0].message.en


def test_unknown_parameter_is_rejected() -> None:
    check = {"required": {"select": {"collection": "drills"}, "min": {"param": "so_lan"}}}
    err = compile_error(pack_text(rule(check)))
    assert "so_lan" in err.problems[0].message.en


def test_duplicate_rule_ids_across_packs_are_rejected_with_both_places() -> None:
    first = load_text(
        pack_text(rule(required({"field": "kind", "eq": "TO_QL_CSVC"}))), name="a.yaml", format="yaml"
    )
    second = load_text(
        pack_text(rule(required({"field": "kind", "eq": "TO_QL_CSVC"})), pack="goi-khac"),
        name="b.yaml",
        format="yaml",
    )
    with pytest.raises(RulePackError) as info:
        compile_packs([first, second])
    (p,) = info.value.problems
    assert p.file == "b.yaml" and "a.yaml" in p.message.en


def test_rule_ids_that_differ_only_in_case_are_rejected_as_duplicates() -> None:
    """explain and the HTTP API find a rule by its id in any case: two would be one."""
    check = required({"field": "kind", "eq": "TO_QL_CSVC"})
    first = load_text(pack_text(rule(check, rule_id="TX-BAN-CHI-DAO")), name="a.yaml", format="yaml")
    second = load_text(
        pack_text(rule(check, rule_id="tx-ban-chi-dao"), pack="goi-khac"), name="b.yaml", format="yaml"
    )
    with pytest.raises(RulePackError) as info:
        compile_packs([first, second])
    (p,) = info.value.problems
    assert p.code == "duplicate-rule-id" and p.file == "b.yaml" and "a.yaml" in p.message.en


def test_a_check_needs_exactly_one_kind() -> None:
    text = pack_text(rule({"required": {"select": {}}, "forbidden": {"select": {"collection": "fees"}}}))
    err = compile_error(text)
    assert "exactly one" in err.problems[0].message.en


def test_every_problem_of_a_pack_is_reported_at_once() -> None:
    text = pack_text(
        rule(required({"field": "nope", "exists": True}), rule_id="R-1"),
        rule(required({"field": "kind", "eq": "NOPE"}), rule_id="R-2"),
    )
    assert len(compile_error(text).problems) == 2


def test_not_is_pushed_down_to_the_field_tests() -> None:
    where: dict[str, object] = {
        "not": {"all": [{"field": "kind", "eq": "TO_QL_CSVC"}, {"field": "members", "lt": 3}]}
    }
    program = compile_one(pack_text(rule(required(where))))
    check = program.rules[0].check
    assert isinstance(check, RequiredCheck) and check.candidates is not None
    assert check.candidates.where == ir.Or(
        (ir.Compare(("kind",), "ne", "TO_QL_CSVC"), ir.Compare(("members",), "ge", 3))
    )


def test_not_any_item_becomes_all_items_of_the_negation() -> None:
    quantified = {
        "field": "food_safety.supplier_commitments",
        "where": {"field": "signed_on", "exists": True},
    }
    check = {"forbidden": {"select": {"where": {"not": {"any_item": quantified}}}, "declared": "food_safety"}}
    forbidden = compile_one(pack_text(rule(check))).rules[0].check
    assert isinstance(forbidden, ForbiddenCheck)
    assert forbidden.select.where == ir.Quantified(
        ("food_safety", "supplier_commitments"), "all", ir.Exists(("signed_on",), False)
    )


def test_parameter_tests_are_decided_at_compile_time() -> None:
    where = {"any": [{"param": "cach_hieu", "eq": "hoac"}, {"field": "report_requested", "eq": True}]}
    params = {
        "cach_hieu": {
            "value": "hoac",
            "choices": ["hoac", "va"],
            "description": {"vi": "Cách hiểu", "en": "Reading"},
        }
    }
    check = {
        "each": {
            "for_each": {"collection": "incidents", "where": where},
            "key": "id",
            "require": {"documents": ["BC_DOT_XUAT"]},
            "match": "ad_hoc.incident_ids",
        }
    }
    loose = compile_one(pack_text(rule(check), parameters=params)).rules[0].check
    assert isinstance(loose, EachCheck) and loose.for_each.where == ir.TRUE
    strict = (
        compile_packs(
            [load_text(pack_text(rule(check), parameters=params), name="goi.yaml", format="yaml")],
            params={"kiem-thu.cach_hieu": "va"},
        )
        .rules[0]
        .check
    )
    assert isinstance(strict, EachCheck)
    assert strict.for_each.where == ir.Compare(("report_requested",), "eq", True)


def test_parameter_override_outside_its_choices_is_rejected() -> None:
    params = {
        "doc": {
            "value": "exclusive",
            "choices": ["exclusive", "inclusive"],
            "description": {"vi": "x", "en": "x"},
        }
    }
    check = {
        "deadline": {
            "report": {"documents": ["BC_SO_KET_HK1"]},
            "due": "2024-01-03",
            "reading": {"param": "doc"},
        }
    }
    loaded = load_text(pack_text(rule(check), parameters=params), name="goi.yaml", format="yaml")
    with pytest.raises(InputError) as info:
        compile_packs([loaded], params={"kiem-thu.doc": "sometimes"})
    assert not isinstance(info.value, RulePackError)  # the caller's input: the pack is valid
    assert "sometimes" in info.value.problems[0].message.en


def test_override_of_an_unknown_pack_is_rejected() -> None:
    loaded = load_text(
        pack_text(rule(required({"field": "kind", "eq": "TO_QL_CSVC"}))), name="goi.yaml", format="yaml"
    )
    with pytest.raises(InputError) as info:
        compile_packs([loaded], params={"khong-co.x": 1})
    assert not isinstance(info.value, RulePackError)
    assert "khong-co" in info.value.problems[0].message.en


# -- an override of the right type that the rules using it refuse


SO_LAN = {"so_lan": {"value": 1, "description": {"vi": "Số lần diễn tập tối thiểu", "en": "Fewest drills"}}}
DRILLS = {"required": {"select": {"collection": "drills"}, "min": {"param": "so_lan"}}}


def drill_rules(default: int = 1) -> str:
    parameters = {"so_lan": {**SO_LAN["so_lan"], "value": default}}
    rules = [rule(copy.deepcopy(DRILLS), rule_id=f"R-{n}") for n in (1, 2)]  # two checks, not a YAML alias
    return pack_text(*rules, parameters=parameters)


def test_an_override_the_rules_refuse_is_one_problem_at_param_for_every_rule_using_it() -> None:
    loaded = load_text(drill_rules(), name="goi.yaml", format="yaml")
    with pytest.raises(InputError) as info:
        compile_packs([loaded], params={"kiem-thu.so_lan": -1})
    assert not isinstance(info.value, RulePackError)
    ((p),) = info.value.problems  # once, though two rules use it
    assert p.code is Code.PARAM_VALUE_TYPE and p.file == "--param" and p.line is None
    assert p.message.en == (
        "--param kiem-thu.so_lan=-1: the parameter 'so_lan' must be a whole number, 0 or more; -1 is below 0"
    )
    assert (
        p.message.vi
        == "--param kiem-thu.so_lan=-1: tham số 'so_lan' phải là một số nguyên từ 0 trở lên; -1 là số âm"
    )


def test_the_packs_own_default_the_rules_refuse_is_still_blamed_on_the_pack() -> None:
    loaded = load_text(drill_rules(default=-1), name="goi.yaml", format="yaml")
    with pytest.raises(RulePackError) as info:
        compile_packs([loaded], params={"kiem-thu.so_lan": -1})  # the pack's own value, given again
    assert {(p.code, p.file, p.pointer) for p in info.value.problems} == {
        (Code.NOT_NATURAL, "goi.yaml", "/rules/0/check/required/min"),
        (Code.NOT_NATURAL, "goi.yaml", "/rules/1/check/required/min"),
    }
    assert all(p.line is not None for p in info.value.problems)


def test_an_invalid_pack_with_a_refused_override_lists_both_as_a_rule_pack_error() -> None:
    text = drill_rules().replace("collection: drills", "collection: dril", 1)
    with pytest.raises(RulePackError) as info:
        compile_packs([load_text(text, name="goi.yaml", format="yaml")], params={"kiem-thu.so_lan": -1})
    assert {p.code for p in info.value.problems} == {Code.PARAM_VALUE_TYPE, Code.UNKNOWN_COLLECTION}


def test_the_api_raises_input_error_not_rule_pack_error_for_a_bad_params_value() -> None:
    pack = RULES / "002-thanh-xuan-gdct-cths-2023-2024.yaml"
    with pytest.raises(InputError) as info:
        Engine.from_path(pack, params={"thanh-xuan-gdct-cths-2023-2024.dau_nam_hoc": dt.date(2025, 1, 1)})
    assert not isinstance(info.value, RulePackError)
    ((p),) = info.value.problems
    assert p.code is Code.PARAM_VALUE_TYPE and p.message.en.endswith("01/01/2025 is outside it")
    assert "within the school year 2023-2024 (01/08/2023–31/07/2024)" in p.message.en


def test_a_date_override_may_be_written_dd_mm_yyyy() -> None:
    pack = RULES / "002-thanh-xuan-gdct-cths-2023-2024.yaml"
    engine = Engine.from_path(pack, params={"thanh-xuan-gdct-cths-2023-2024.dau_nam_hoc": "20/10/2023"})
    check = engine.program.rules_by_id["TX2324-T-BAN-CHI-DAO"].check
    assert isinstance(check, RequiredCheck) and check.window_to == dt.date(2023, 10, 20)


def test_date_constants_are_typed_as_dates() -> None:
    program = compile_one(pack_text(rule(required({"field": "established_on", "le": "2023-10-31"}))))
    check = program.rules[0].check
    assert isinstance(check, RequiredCheck) and check.candidates is not None
    where = check.candidates.where
    assert isinstance(where, ir.Compare) and where.value.__class__.__name__ == "date"


def test_window_becomes_part_of_the_selection_and_the_due_date() -> None:
    check = {
        "required": {
            "select": {"collection": "drills"},
            "window": {"field": "held_on", "from": "2023-09-05", "to": "2023-12-31"},
        }
    }
    compiled = compile_one(pack_text(rule(check))).rules[0].check
    assert isinstance(compiled, RequiredCheck)
    assert isinstance(compiled.select.where, ir.And) and len(compiled.select.where.items) == 2
    assert compiled.due is not None and compiled.due.due == compiled.window_to


def test_without_a_window_items_must_be_dated_within_the_school_year() -> None:
    compiled = compile_one(pack_text(rule(required({"field": "kind", "eq": "TO_QL_CSVC"})))).rules[0].check
    assert isinstance(compiled, RequiredCheck) and isinstance(compiled.select.where, ir.And)
    assert compiled.select.where.items[-2:] == (
        ir.Compare(("established_on",), "ge", dt.date(2023, 8, 1)),
        ir.Compare(("established_on",), "le", dt.date(2024, 7, 31)),
    )


def test_bundled_packs_compile(bundled_engine: object) -> None:
    from compliance import Engine

    assert isinstance(bundled_engine, Engine)
    assert len(bundled_engine.rules) >= 22


# ----------------------------------------------------------------------------- the pack against itself


def _deadline(due: str, quote: str, **spec: object) -> dict[str, object]:
    check = {"deadline": {"report": {"documents": ["BC_SO_KET_HK1"]}, "due": due, **spec}}
    return rule(check, source={"document": "002_ef403fffc9314121.txt", "section": "C.II", "quote": quote})


def test_due_unlike_the_quoted_date_without_a_correction_is_rejected() -> None:
    err = compile_error(pack_text(_deadline("2024-01-10", "Báo cáo sơ kết học kỳ I trước ngày 05/01/2024")))
    (p,) = err.problems
    assert p.code is Code.DUE_DIFFERS and p.pointer == "/rules/0/check/deadline/due" and p.line is not None
    assert "05/01/2024" in p.message.en and "10/01/2024" in p.message.vi


def test_wrong_weekday_in_a_quote_is_rejected_unless_a_correction_records_it() -> None:
    quote = "Báo cáo sơ kết học kỳ I trước ngày 03/01/2023 (thứ Tư)"
    problems = {p.code: p for p in compile_error(pack_text(_deadline("2024-01-03", quote))).problems}
    assert set(problems) == {Code.QUOTE_WRONG_WEEKDAY, Code.DUE_DIFFERS}  # and 2024 is not the printed year
    assert "03/01/2023 is a Tuesday" in problems[Code.QUOTE_WRONG_WEEKDAY].message.en
    correction = {
        "printed": "03/01/2023 (thứ Tư)",
        "reason": {"vi": "In nhầm năm.", "en": "Misprinted year."},
    }
    compile_one(pack_text(_deadline("2024-01-03", quote, correction=correction)))


def test_levels_no_unit_type_of_the_rule_can_have_are_rejected() -> None:
    check = {"required": {"select": {"collection": "drills"}}}
    text = pack_text(rule(check, applies_to={"unit_types": ["PHONG_GDDT"], "levels": ["MN"]}))
    (p,) = compile_error(text).problems
    assert p.code is Code.LEVELS_NO_UNIT and p.pointer == "/rules/0/applies_to/levels"
