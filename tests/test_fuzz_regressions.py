"""Regressions of the fuzz campaign (h-fuzz): each input crashed, hung or was read wrongly once.

Every case starts from a real report or the bundled Thanh Xuân pack and changes one thing.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import pytest
import yaml

from builders import EXAMPLES, RULES, engine_for, rule
from compliance import Engine
from compliance.compiler import compile_packs
from compliance.engine import document_from_data
from compliance.errors import Code, InputError, Location, Problem, RulePackError
from compliance.i18n import vn_number, vn_percent
from compliance.loading import load_text

THANH_XUAN = RULES / "002-thanh-xuan-gdct-cths-2023-2024.yaml"
QUAN_TRIET_TARGET = "        target: 1.0\n        due: {param: dau_nam_hoc}"  # TX2324-T-QUAN-TRIET, a ratio


def _pack_problems(text: str, params: dict[str, object] | None = None) -> list[Problem]:
    with pytest.raises(InputError) as info:  # refused when read (1e309) or compiled
        compile_packs([load_text(text, name=THANH_XUAN.name, format="yaml")], params=params)
    return list(info.value.problems)


def _with_target(written: str) -> str:
    text = THANH_XUAN.read_text(encoding="utf-8")
    assert text.count(QUAN_TRIET_TARGET) == 2
    return text.replace(QUAN_TRIET_TARGET, QUAN_TRIET_TARGET.replace("1.0", written), 1)


def _line_of_target() -> int:
    text = THANH_XUAN.read_text(encoding="utf-8")
    return text[: text.index(QUAN_TRIET_TARGET)].count("\n") + 1


# -- A5/A6: numbers of a rule pack are numbers as written, in range


@pytest.mark.parametrize("written", ['"90"', "'1.0'", "true", "1e309"])
def test_a_target_written_as_text_or_a_boolean_is_refused_at_its_line(written: str) -> None:
    (p,) = _pack_problems(_with_target(written))
    assert p.code in (Code.PACK_NOT_NUMBER, Code.NUMBER_NOT_FINITE)
    assert p.file == THANH_XUAN.name and p.line == _line_of_target()
    assert p.fix is not None and p.fix.vi and p.fix.en


def test_a_quoted_target_says_to_write_it_without_quotes() -> None:
    (p,) = _pack_problems(_with_target('"90"'))
    assert p.code == Code.PACK_NOT_NUMBER and "'90'" in p.message.vi and "quotes" in p.message.en


@pytest.mark.parametrize("written", ["1" + "0" * 400, "1" + "0" * 63, "1.0e308", "90", "-0.5"])
def test_a_ratio_target_outside_0_to_100_percent_is_a_compile_error_not_a_crash(written: str) -> None:
    (p,) = _pack_problems(_with_target(written))
    assert p.code == Code.TARGET_OUT_OF_RANGE and p.line == _line_of_target()
    assert "1.0 là 100%" in p.fix.vi if p.fix else False


def test_a_ratio_target_of_90_percent_compiles() -> None:
    compile_packs([load_text(_with_target("0.9"), name=THANH_XUAN.name, format="yaml")])


def _count_of_drills(target: object) -> dict[str, object]:
    return {
        "threshold": {
            "numerator": {"aggregate": "count", "select": {"collection": "drills"}},
            "target": target,
        }
    }


def test_a_count_target_above_10_to_15_is_refused() -> None:
    with pytest.raises(RulePackError) as info:
        engine_for(rule(_count_of_drills(10**16)))
    assert [p.code for p in info.value.problems] == [Code.TARGET_OUT_OF_RANGE]


def test_a_count_target_from_a_parameter_is_bounded_too() -> None:
    parameters = {"so_lan": {"value": 10**400, "description": {"vi": "Số lần", "en": "Times"}}}
    with pytest.raises(RulePackError) as info:
        engine_for(rule(_count_of_drills({"param": "so_lan"})), parameters=parameters)
    assert [p.code for p in info.value.problems] == [Code.TARGET_OUT_OF_RANGE]


def test_a_count_target_of_two_drills_compiles() -> None:
    engine_for(rule(_count_of_drills(2)))


# -- A2: the window of an `each` rule is bounded, its arithmetic total


def test_a_window_of_a_hundred_billion_days_is_refused_once_at_the_parameter() -> None:
    """The value came from the caller, not the pack: one problem at --param, whatever the number
    of rules that use it, saying what the parameter takes."""
    (p,) = _pack_problems(
        THANH_XUAN.read_text(encoding="utf-8"),
        params={"thanh-xuan-gdct-cths-2023-2024.so_ngay_bao_cao_dot_xuat": 99_999_999_999},
    )
    assert (p.code, p.file, p.line) == (Code.PARAM_VALUE_TYPE, "--param", None)
    assert "3660" in p.message.en and "so_ngay_bao_cao_dot_xuat" in p.message.vi


def test_a_window_written_as_text_is_refused() -> None:
    text = THANH_XUAN.read_text(encoding="utf-8").replace(
        "within_days: {param: so_ngay_bao_cao_dot_xuat}", 'within_days: "3"', 1
    )
    (p,) = _pack_problems(text)
    assert p.code == Code.PACK_NOT_WHOLE_NUMBER and p.line is not None


def _nhan_chinh(name: str) -> dict[str, Any]:
    """A report of THCS Nhân Chính as data (dates as the ISO text the file holds)."""
    data = yaml.safe_load((EXAMPLES / "thcs-nhan-chinh" / name).read_text(encoding="utf-8"))
    loaded: dict[str, Any] = json.loads(json.dumps(data, default=lambda d: d.isoformat()))
    return loaded


def _incident_rule(within_days: int) -> dict[str, object]:
    return rule(
        {
            "each": {
                "for_each": {"collection": "incidents"},
                "key": "id",
                "require": {"documents": ["BC_DOT_XUAT"]},
                "match": "ad_hoc.incident_ids",
                "from_field": "occurred_at",
                "to_field": "received_at",
                "within_days": within_days,
            }
        }
    )


@pytest.mark.parametrize(
    ("as_of", "status"),
    [(dt.date(2033, 12, 1), "pending"), (dt.date(2033, 12, 2), "fail")],  # 2023-12-04 + 3 650 days
)
def test_a_ten_year_window_is_open_to_its_last_day(as_of: dt.date, status: str) -> None:
    engine = engine_for(_incident_rule(3650))
    semester = document_from_data(_nhan_chinh("2024-01-02-so-ket-hk1.yaml"), name="so-ket.yaml")
    (finding,) = engine.check([semester], as_of=as_of).findings
    assert finding.status == status


# -- D14: the join finds every match once, whatever the order and repetition


def test_an_incident_named_by_two_ad_hoc_reports_is_judged_by_the_earliest() -> None:
    engine = engine_for(_incident_rule(3))
    semester = _nhan_chinh("2024-01-02-so-ket-hk1.yaml")
    incidents = semester["incidents"]
    assert isinstance(incidents, list)
    second = {**incidents[0], "id": "NC-2023-02", "occurred_at": "2023-12-10T08:00:00+07:00"}
    semester = {**semester, "incidents": [*incidents, second]}
    ad_hoc = _nhan_chinh("2023-12-04-dot-xuat.yaml")
    late = {
        **ad_hoc,
        "id": "NC-2324-BC-DX-02",
        "received_at": "2023-12-20T09:00:00+07:00",
        "ad_hoc": {"triggers": ["VU_VIEC"], "incident_ids": ["NC-2023-02", "NC-2023-01"]},
    }
    docs = [document_from_data(d, name=f"{i}.yaml") for i, d in enumerate([semester, ad_hoc, late])]
    (finding,) = engine.check(docs, as_of=dt.date(2024, 6, 30)).findings
    assert finding.status == "fail"
    assert "NC-2023-02 (7 day(s) late)" in finding.message.en and "NC-2023-01" not in finding.message.en


# -- vn_number is total


@pytest.mark.parametrize(
    ("value", "shown"),
    [(math.inf, "∞"), (-math.inf, "-∞"), (math.nan, "NaN"), (10**5000, "10^5000"), (1234.5, "1.234,5")],
    ids=["inf", "-inf", "nan", "10^5000", "1234.5"],
)
def test_vn_number_shows_every_number(value: float, shown: str) -> None:
    assert vn_number(value) == shown


def test_vn_percent_of_a_huge_ratio_is_infinite_not_an_overflow() -> None:
    assert vn_percent(1e308) == "∞%"


# -- C12/C13: the service refuses bytes, lengths and types in its one shape, with fitting words


@pytest.fixture(scope="module")
def client(bundled_engine: Engine) -> Any:
    pytest.importorskip("fastapi", reason="the server extra is not installed")
    from fastapi.testclient import TestClient

    from compliance.server import create_app

    return TestClient(create_app(bundled_engine, max_bytes=64 * 1024))


def _refusal(answer: Any) -> dict[str, Any]:
    (problem,) = answer.json()["problems"]
    assert problem["message"]["vi"] and problem["message"]["en"] and problem["fix"]["vi"]
    return dict(problem)


PHONG_SO_KET = EXAMPLES / "phong-gddt-thanh-xuan" / "2024-01-12-so-ket-hk1.json"


def test_a_report_with_one_byte_that_is_not_utf8_is_refused_with_its_offset(client: Any) -> None:
    body = PHONG_SO_KET.read_bytes()
    at = body.index("Thanh Xuân".encode()) + len("Thanh Xu")  # the first byte of "â"
    answer = client.post(
        "/v1/check",
        content=body[:at] + b"\xff" + body[at + 1 :],
        headers={"content-type": "application/json"},
    )
    assert answer.status_code == 400
    problem = _refusal(answer)
    assert problem["code"] == "body-not-utf8" and str(at) in problem["message"]["en"]


def test_the_same_report_in_utf8_is_checked(client: Any) -> None:
    answer = client.post(
        "/v1/check", content=PHONG_SO_KET.read_bytes(), headers={"content-type": "application/json"}
    )
    assert answer.status_code == 200 and answer.json()["findings"]


def test_a_negative_content_length_is_a_bad_request_not_too_large(client: Any) -> None:
    answer = client.post(
        "/v1/check",
        content=PHONG_SO_KET.read_bytes(),
        headers={"content-type": "application/json", "content-length": "-1"},
    )
    assert answer.status_code == 400 and _refusal(answer)["code"] == "bad-content-length"


def test_a_yaml_report_sent_as_text_is_told_to_be_json(client: Any) -> None:
    body = (EXAMPLES / "thcs-nhan-chinh" / "2023-12-04-dot-xuat.yaml").read_bytes()
    answer = client.post("/v1/check", content=body, headers={"content-type": "text/plain; charset=utf-8"})
    assert answer.status_code == 415
    problem = _refusal(answer)
    assert problem["code"] == "body-not-json" and "application/json" in problem["fix"]["en"]


# -- E15: a number that would silently be 0 is refused; a whole number written 5.0 is five

KIM_GIANG = EXAMPLES / "th-kim-giang" / "2024-01-05-so-ket-hk1.yaml"


def _kim_giang_members(written: str) -> str:
    text = KIM_GIANG.read_text(encoding="utf-8")
    assert "decision_so_hieu: 31/QĐ-THKG, established_on: 2023-10-02, members: 4}" in text
    return text.replace(
        "established_on: 2023-10-02, members: 4}", f"established_on: 2023-10-02, members: {written}}}"
    )


@pytest.mark.parametrize("written", ["1.0e-400", "4e-999"])
def test_a_yaml_count_that_underflows_is_refused_not_read_as_zero(written: str) -> None:
    with pytest.raises(InputError) as info:
        load_text(_kim_giang_members(written), name=KIM_GIANG.name, format="yaml")
    (p,) = info.value.problems
    assert p.code == Code.NUMBER_UNDERFLOW and p.line == 33 and written in p.message.vi


def test_a_json_figure_that_underflows_is_refused_at_its_line() -> None:
    text = PHONG_SO_KET.read_text(encoding="utf-8")
    assert text.count('"attendees": 58') == 1
    with pytest.raises(InputError) as info:
        load_text(
            text.replace('"attendees": 58', '"attendees": 5.8e-400'), name=PHONG_SO_KET.name, format="json"
        )
    (p,) = info.value.problems
    assert p.code == Code.NUMBER_UNDERFLOW and p.line == text[: text.index('"attendees"')].count("\n") + 1


def test_a_count_of_zero_written_with_an_exponent_is_zero() -> None:
    loaded = load_text(_kim_giang_members("0e-400"), name=KIM_GIANG.name, format="yaml")
    assert loaded.data["committees"][1]["members"] == 0


def test_a_count_written_as_4_point_0_is_four_members(bundled_engine: Engine) -> None:
    loaded = load_text(_kim_giang_members("4.0"), name=KIM_GIANG.name, format="yaml")
    data = json.loads(json.dumps(loaded.data, default=str))
    findings = bundled_engine.check(
        [document_from_data(data, name=KIM_GIANG.name)], as_of=dt.date(2024, 6, 30)
    )
    assert findings.findings  # validated and judged, not refused


# -- E16: an empty key is not shown as the document root


def test_an_empty_key_is_shown_apart_from_the_root() -> None:
    text = PHONG_SO_KET.read_text(encoding="utf-8").replace("{", '{"": 1, ', 1)
    with pytest.raises(InputError) as info:
        document_from_data(json.loads(text), name=PHONG_SO_KET.name)
    shown = [str(p.at) for p in info.value.problems]
    assert any(' /"" ' in s or s.endswith(' /""') for s in shown), shown
    assert str(Location("r.json", pointer="")).endswith(" /")
