"""reporters/text.py: the terminal report, a table per unit, details of what is not met, the
audit's totals; colour only when asked for (on a terminal)."""

from __future__ import annotations

import datetime as dt

from builders import report
from compliance import CheckResult, Engine
from compliance.reporters import text
from hostile import FORBIDDEN, hostile


def test_each_unit_has_a_header_with_its_name_year_and_as_of_date(example_audit: CheckResult) -> None:
    out = text.render(example_audit, "en", color=False, width=200)
    for unit_id, name in {(f.unit_id, f.unit_name or f.unit_id) for f in example_audit.findings}:
        assert f"Unit: {name} ({unit_id}) — school year 2023-2024, as of 30/06/2024" in out


def test_what_is_not_met_is_detailed_with_source_evidence_and_remedy(example_audit: CheckResult) -> None:
    out = text.render(example_audit, "vi", color=False, width=200)
    assert "Chi tiết các mục không đạt" in out
    assert (
        "Căn cứ: Kế hoạch ngày 21/9/2023 của Phòng GDĐT quận Thanh Xuân, mục C.II: “Báo cáo sơ kết triển khai"
        in out
    )
    assert "2024-01-05-so-ket-hk1.yaml:19:14 /received_at" in out
    assert "Cách khắc phục: Gửi Phòng GDĐT báo cáo sơ kết học kỳ I" in out


def test_an_audit_ends_with_its_units_and_totals(example_audit: CheckResult) -> None:
    out = text.render(example_audit, "en", color=False, width=200)
    documents = len(example_audit.documents)
    assert f"Units reporting: 4/5; documents: {documents}; unreadable: 0" in out
    assert "Sent nothing: VN-HN-TX-TH-KHUONGMAI" in out
    assert f"Total: {len(example_audit.findings)} findings (met " in out


def test_colour_only_when_asked_for(example_audit: CheckResult) -> None:
    assert "\x1b[" in text.render(example_audit, "en", color=True)
    assert "\x1b[" not in text.render(example_audit, "en", color=False)


def test_a_portfolio_no_pack_applies_to_is_shown_as_an_error_with_the_fix(bundled_engine: Engine) -> None:
    result = bundled_engine.check(report(school_year="2030-2031"), as_of=dt.date(2031, 6, 30))
    out = text.render(result, "en", color=False, width=200)
    assert "compliance/no-applicable-pack" in out
    assert "There is no rule pack for school year 2030-2031, so nothing was checked." in out
    assert "What to do: Check the documents' school_year" in out


def test_no_findings_says_that_nothing_was_checked(bundled_engine: Engine) -> None:
    result = bundled_engine.check_documents([], as_of=dt.date(2024, 6, 30))
    assert "No findings: no document was checked." in text.render(result, "en", color=False)


def test_hostile_text_cannot_drive_the_terminal(example_audit: CheckResult) -> None:
    out = text.render(hostile(example_audit), "vi", color=False, width=300)
    assert not set(FORBIDDEN + "\r") & set(out)
    assert "Đơn vị Trường\ufffd số\ufffd 1\ufffd <b>&\ufffd\ufffd[31m đỏ\ufffd" in out
    coloured = text.render(hostile(example_audit), "vi", color=True, width=300)
    assert "\x1b[31m đỏ" not in coloured and "\ufffd[31m đỏ" in coloured


def test_a_rule_id_that_looks_like_markup_or_an_emoji_code_is_shown_as_written(
    example_audit: CheckResult,
) -> None:
    """Rich reads ``[red]…[/]`` and ``:fire:`` in a plain string; every cell is given as text."""
    first = example_audit.findings[0]
    shown = first.model_copy(update={"rule_id": "[bold red]TX-1[/] :fire:"})
    result = example_audit.model_copy(update={"findings": [shown, *example_audit.findings[1:]]})
    out = text.render(result, "en", color=False, width=200)
    assert "[bold red]TX-1[/] :fire:" in out
