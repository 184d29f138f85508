"""Audits of reports at a URL, read through fsspec (:mod:`compliance.remote`): a ``file://`` copy
of the examples gives the local audit's findings under the URLs' names; ``memory://`` (in this
process) for broken, missing and excluded files; a real S3 API on loopback (moto's server, read by
s3fs) end to end, from Dask workers too. Nothing is mocked but a missing fsspec.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import os
import shutil
import sys
import tempfile
import threading
import uuid
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builders import EXAMPLES, ROSTER
from compliance import CheckResult, Status
from compliance.audit import EngineSpec, audit
from compliance.cli import main
from compliance.errors import Code, InputError
from compliance.loading import Limits, load_file
from compliance.paths import find_reports
from compliance.portfolio import read_documents
from compliance.remote import is_url
from compliance.roster import load_roster

fsspec = pytest.importorskip("fsspec", reason="fsspec is not installed: pip install 'compliance[remote]'")

AS_OF = dt.date(2024, 6, 30)
KIM_GIANG = "VN-HN-TX-TH-KIMGIANG"
SO_KET = "th-kim-giang/2024-01-05-so-ket-hk1.yaml"


def json_of(result: CheckResult, *, named: tuple[str, str] | None = None) -> str:
    """The audit's JSON, with the file names of ``named`` = (as given, as locally) mapped."""
    text = result.model_dump_json()
    return text.replace(*named) if named else text


def codes(problems: Any) -> list[tuple[str, str]]:
    return [(p.file or "", p.code) for p in problems]


# ----------------------------------------------------------------------------- what a URL is


@pytest.mark.parametrize(
    "name", ["s3://so-gd/bao-cao", "file:///mnt/chung/bao-cao", "memory://x", "simplecache::s3://b/k"]
)
def test_a_name_with_a_scheme_is_a_url(name: str) -> None:
    assert is_url(name)


@pytest.mark.parametrize("name", ["bao-cao/", "/mnt/chung/bao-cao", "C://bao-cao", "bao-cao/s3://x", "://x"])
def test_a_path_is_no_url(name: str) -> None:
    assert not is_url(name)


# ----------------------------------------------------------------------------- file:// as the local path


@pytest.fixture
def district(tmp_path: Path) -> Path:
    folder = tmp_path / "bao-cao"
    shutil.copytree(EXAMPLES, folder)
    (folder / "hong.json").write_text('{"kind": "BC_SO_KET_HK1",}', encoding="utf-8")
    return folder


@pytest.mark.parametrize("jobs", [1, 2], ids=["one-process", "pool"])
def test_a_file_url_gives_the_findings_of_the_local_path(district: Path, jobs: int) -> None:
    url = district.as_uri()
    roster = load_roster(ROSTER)
    here = audit([district], spec=EngineSpec(), as_of=AS_OF, roster=roster, jobs=jobs)
    there = audit([url], spec=EngineSpec(), as_of=AS_OF, roster=roster, jobs=jobs)
    assert here.findings and here.problems
    assert json_of(there, named=(url, str(district))) == json_of(here)


def test_the_findings_name_the_files_by_their_urls(district: Path) -> None:
    url = district.as_uri()
    result = audit([url], spec=EngineSpec(), as_of=AS_OF, jobs=1)
    assert {f.file for f in result.documents} >= {f"{url}/{SO_KET}"}
    evidence = {e.document for f in result.findings for e in f.evidence}
    assert evidence and all(name.startswith(url + "/") for name in evidence)
    assert [p.file for p in result.problems] == [f"{url}/hong.json"]


def test_a_file_url_and_its_folder_read_it_once(district: Path) -> None:
    url = district.as_uri()
    found = find_reports([url, f"{url}/{SO_KET}"])
    assert len(found.names()) == len(found.urls) - 1 == 10


def test_the_command_line_audits_a_file_url(district: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["audit", "--as-of", "30/06/2024", "--format", "json", "--jobs", "1"]
    assert main([*args, str(district)]) == 1  # the examples hold failures
    local = capsys.readouterr().out
    assert main([*args, district.as_uri()]) == 1
    assert capsys.readouterr().out.replace(district.as_uri(), str(district)) == local


# ----------------------------------------------------------------------------- memory:// in this process


@pytest.fixture
def memory() -> Iterator[str]:
    """A folder of the examples in fsspec's in-memory file system (this process only)."""
    root = f"memory://bao-cao-{uuid.uuid4().hex[:8]}"
    fs = fsspec.filesystem("memory")
    for path in sorted(EXAMPLES.rglob("*")):
        if path.is_file():
            fs.pipe(f"{root}/{path.relative_to(EXAMPLES).as_posix()}", path.read_bytes())
    yield root
    fs.rm(root, recursive=True)


def put(url: str, data: bytes) -> None:
    fsspec.filesystem("memory").pipe(url, data)


def test_a_memory_folder_is_audited_as_the_examples(memory: str) -> None:
    here = audit([EXAMPLES], spec=EngineSpec(), as_of=AS_OF, jobs=1)
    there = audit([memory], spec=EngineSpec(), as_of=AS_OF, jobs=1)
    assert json_of(there, named=(memory, str(EXAMPLES))) == json_of(here)


def test_a_broken_file_at_a_url_is_a_problem_and_the_audit_goes_on(memory: str) -> None:
    put(f"{memory}/hong.yaml", b"kind: BC_SO_KET_HK1\nschool_year: [\n")
    put(f"{memory}/latin1.yaml", "kind: Báo cáo\n".encode("latin-1"))
    result = audit([memory], spec=EngineSpec(), as_of=AS_OF, jobs=1)
    assert codes(result.problems) == [
        (f"{memory}/hong.yaml", Code.YAML_SYNTAX),
        (f"{memory}/latin1.yaml", Code.NOT_UTF8),
    ]
    assert result.summary.units == 4 and result.audit is not None and result.audit.unreadable == 2


def test_a_missing_url_is_unusable(memory: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(InputError) as caught:
        audit([memory, f"{memory}-khong-co"], spec=EngineSpec(), as_of=AS_OF, jobs=1)
    assert codes(caught.value.problems) == [(f"{memory}-khong-co", Code.NO_SUCH_PATH)]
    assert main(["audit", f"{memory}/khong-co.yaml", "--lang", "vi"]) == 2
    assert "không tìm thấy tệp hoặc thư mục" in capsys.readouterr().err


def test_a_file_gone_between_listing_and_reading_is_no_such_file(memory: str) -> None:
    with pytest.raises(InputError) as caught:
        load_file(f"{memory}/khong-co.yaml")
    assert codes(caught.value.problems) == [(f"{memory}/khong-co.yaml", Code.NO_SUCH_FILE)]


def test_exclusions_and_the_ignore_file_apply_to_a_url(memory: str) -> None:
    put(f"{memory}/luu-tru/cu.yaml", b"kind: [\n")
    put(f"{memory}/mn-hoa-sen/ban-nhap.nhap.yaml", b"kind: [\n")
    put(f"{memory}/.complianceignore", "# lưu trữ\nluu-tru/\n".encode())
    put(f"{memory}/ghi-chu.txt", b"not a report")
    put(f"{memory}/th-kim-giang/~$so-ket.xlsx", b"an Excel lock file")
    result = audit([memory], spec=EngineSpec(), as_of=AS_OF, jobs=1, exclude=["*.nhap.yaml"])
    assert not result.problems and result.audit is not None and result.audit.documents == 9
    assert any("2 tệp hoặc thư mục được loại" in note.vi for note in result.notes)


def test_a_url_whose_reports_are_all_excluded_is_unusable(memory: str) -> None:
    with pytest.raises(InputError) as caught:
        audit([memory], spec=EngineSpec(), as_of=AS_OF, jobs=1, exclude=["*/"])
    assert codes(caught.value.problems) == [(memory, Code.ALL_REPORTS_EXCLUDED)]


def test_a_url_without_reports_is_unusable() -> None:
    put("memory://khong-bao-cao/ghi-chu.txt", b"nothing to audit")
    found = find_reports(["memory://khong-bao-cao"])
    assert codes(found.unusable) == [("memory://khong-bao-cao", Code.NO_REPORTS_IN_FOLDER)]


def test_a_file_over_the_limit_at_a_url_is_refused_by_its_size(memory: str) -> None:
    url = f"{memory}/{SO_KET}"
    size = len(fsspec.filesystem("memory").cat_file(url))
    with pytest.raises(InputError) as caught:
        load_file(url, limits=Limits(max_bytes=100))
    (refused,) = caught.value.problems
    assert refused.code is Code.FILE_TOO_LARGE and refused.file == url
    assert f"{size:,}".replace(",", ".") in refused.message.vi or str(size) in refused.message.en


def test_a_check_reads_documents_at_a_url(memory: str) -> None:
    documents, problems = read_documents([f"{memory}/th-kim-giang"])
    assert [d.name for d in documents] == [f"{memory}/{SO_KET}"] and not problems


def test_sarif_names_a_file_read_at_a_url_by_its_absolute_uri(memory: str) -> None:
    from compliance.reporters.sarif import to_sarif

    put(f"{memory}/báo cáo hỏng.yaml", b"kind: [\n")
    log = to_sarif(audit([memory], spec=EngineSpec(), as_of=AS_OF, jobs=1), every=True)
    places = [
        where["physicalLocation"]["artifactLocation"]
        for result in log["runs"][0]["results"]
        for where in result.get("locations", [])
    ]
    uris = {place["uri"] for place in places}
    assert f"{memory}/{SO_KET}" in uris and f"{memory}/b%C3%A1o%20c%C3%A1o%20h%E1%BB%8Fng.yaml" in uris
    assert all("uriBaseId" not in place for place in places)


_NAMES = st.sampled_from(
    ["so-ket.yaml", "tong-ket.JSON", "ban-nhap.nhap.yaml", "ghi-chu.txt", "~$mau.xlsx", "mau.xlsx", "goc.yml"]
)
_FOLDERS = st.sampled_from(["th-kim-giang", "luu-tru", "mn-hoa-sen", "cu"])
_TREES = st.lists(
    st.tuples(st.lists(_FOLDERS, max_size=3), _NAMES).map(lambda t: "/".join([*t[0], t[1]])),
    max_size=12,
    unique=True,
)
_PATTERNS = st.lists(
    st.sampled_from(["luu-tru/", "*.nhap.yaml", "/goc.yml", "cu/**", "!cu/so-ket.yaml", "*.json", "mn-*/"]),
    max_size=3,
)


@settings(max_examples=40, deadline=None)
@given(tree=_TREES, exclude=_PATTERNS, ignore=_PATTERNS)
def test_a_url_folder_is_walked_as_the_same_local_folder(
    tree: list[str], exclude: list[str], ignore: list[str]
) -> None:
    """Whatever the tree and the exclusions: the same reports (by their names below the folder),
    the same count excluded, the same refusal of a folder with none."""
    names = [n for n in tree if not any(other.startswith(n + "/") for other in tree)]  # a file is no folder
    url = f"memory://cay-{uuid.uuid4().hex[:8]}"
    fs = fsspec.filesystem("memory")
    with tempfile.TemporaryDirectory() as tmp:
        local = Path(tmp) / "bao-cao"
        local.mkdir()
        for name in names:
            (local / name).parent.mkdir(parents=True, exist_ok=True)
            (local / name).write_bytes(b"kind: x\n")
            fs.pipe(f"{url}/{name}", b"kind: x\n")
        if ignore:
            (local / ".complianceignore").write_text("\n".join(ignore), encoding="utf-8")
            fs.pipe(f"{url}/.complianceignore", "\n".join(ignore).encode())
        if not names and not ignore:
            fs.pipe(f"{url}/ghi-chu.txt", b"")  # an empty prefix does not exist in a store
            (local / "ghi-chu.txt").write_bytes(b"")
        try:
            here, there = find_reports([local], exclude=exclude), find_reports([url], exclude=exclude)
        finally:
            fs.rm(url, recursive=True)
    assert [u.removeprefix(url + "/") for u in there.urls] == [
        f.relative_to(local).as_posix() for f in here.files
    ]
    assert there.excluded == here.excluded
    assert [p.code for p in there.unusable] == [p.code for p in here.unusable]


# ----------------------------------------------------------------------------- what is not installed or reachable


def test_without_fsspec_a_url_names_the_extra_to_install(
    district: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "fsspec", None)  # `import fsspec` raises ImportError
    monkeypatch.setitem(sys.modules, "fsspec.core", None)
    assert main(["audit", district.as_uri(), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "compliance[remote]" in err and "fsspec" in err and district.as_uri() in err


def test_a_scheme_without_its_driver_names_the_package(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "s3fs", None)  # `import s3fs` raises ImportError
    assert main(["audit", "s3://so-gd/bao-cao", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "[remote-needs-driver]" in err and "pip install s3fs" in err


def test_an_unknown_scheme_is_unusable(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "khong-la-giao-thuc://so-gd/bao-cao", "--lang", "vi"]) == 2
    assert (
        "[remote-unknown-scheme] không biết đọc địa chỉ dạng khong-la-giao-thuc://" in capsys.readouterr().err
    )


def test_a_store_that_cannot_be_reached_is_unusable_with_the_reason() -> None:
    pytest.importorskip("aiohttp", reason="fsspec's HTTP file system needs aiohttp")
    url = "http://127.0.0.1:9/bao-cao/"  # the discard port: nothing listens on loopback
    found = find_reports([url])
    (unusable,) = found.unusable
    assert unusable.code is Code.REMOTE_LISTING_FAILED and unusable.file == url
    assert "AWS_PROFILE" in unusable.fix.en and "thông tin đăng nhập" in unusable.fix.vi


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_a_folder_served_over_http_is_audited_as_the_local_copy(district: Path) -> None:
    """fsspec's HTTP file system walks the links of the folder's page (Python's http.server)."""
    pytest.importorskip("aiohttp", reason="fsspec's HTTP file system needs aiohttp")
    handler = functools.partial(_Quiet, directory=str(district.parent))
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            url = f"http://127.0.0.1:{server.server_address[1]}/{district.name}/"
            there = audit([url], spec=EngineSpec(), as_of=AS_OF, jobs=1)
        finally:
            server.shutdown()
    here = audit([district], spec=EngineSpec(), as_of=AS_OF, jobs=1)
    assert json_of(there, named=(url.rstrip("/"), str(district))) == json_of(here)


# ----------------------------------------------------------------------------- S3 on loopback (moto + s3fs)


@pytest.fixture(scope="module")
def s3() -> Iterator[str]:
    """A bucket on moto's S3 server on loopback, the examples in it under ``bao-cao/``; s3fs finds
    the server from the environment (AWS_ENDPOINT_URL), as Dask workers started here do too."""
    pytest.importorskip("s3fs", reason="the S3 tests need s3fs: pip install s3fs")
    server_module = pytest.importorskip(
        "moto.server", reason="the S3 tests need moto: pip install 'moto[server]'"
    )
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    # moto 5.0.0, the lower bound, has no get_host_and_port() yet; its werkzeug server has the port
    found = getattr(server, "get_host_and_port", None)
    host, port = found() if found else server._server.server_address[:2]
    env = {
        "AWS_ENDPOINT_URL": f"http://{host}:{port}",
        "AWS_ACCESS_KEY_ID": "kiem-tra",
        "AWS_SECRET_ACCESS_KEY": "kiem-tra",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    before = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    _fresh_forkserver()
    fs = fsspec.filesystem("s3", skip_instance_cache=True)
    bucket = f"so-gd-{uuid.uuid4().hex[:8]}"
    fs.mkdir(bucket)
    for path in sorted(EXAMPLES.rglob("*")):
        if path.is_file():
            fs.pipe(f"{bucket}/bao-cao/{path.relative_to(EXAMPLES).as_posix()}", path.read_bytes())
    fs.pipe(f"{bucket}/bao-cao/hong.json", b'{"kind": "BC_SO_KET_HK1",}')
    try:
        yield f"s3://{bucket}/bao-cao"
    finally:
        server.stop()
        for key, value in before.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        _fresh_forkserver()


def _fresh_forkserver() -> None:
    """Stop multiprocessing's fork server if an earlier test started it: the local pool's workers
    are forked from it, with the environment it had when it started (without the S3 server's
    address, here). The next pool starts a new one (``_stop`` is the method CPython's own tests
    use for this)."""
    from multiprocessing import forkserver

    forkserver._forkserver._stop()  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def local_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("s3") / "bao-cao"
    shutil.copytree(EXAMPLES, folder)
    (folder / "hong.json").write_text('{"kind": "BC_SO_KET_HK1",}', encoding="utf-8")
    return folder


def test_an_s3_prefix_is_listed_read_and_audited_as_the_local_copy(s3: str, local_copy: Path) -> None:
    roster = load_roster(ROSTER)
    here = audit([local_copy], spec=EngineSpec(), as_of=AS_OF, roster=roster, jobs=1)
    there = audit([s3], spec=EngineSpec(), as_of=AS_OF, roster=roster, jobs=1)
    assert [p.file for p in there.problems] == [f"{s3}/hong.json"]
    assert json_of(there, named=(s3, str(local_copy))) == json_of(here)


def test_the_local_pool_reads_s3_in_its_workers(s3: str) -> None:
    """The parent has used s3fs (the listing) before the pool's processes start: each one makes
    its own connections."""
    one = audit([s3], spec=EngineSpec(), as_of=AS_OF, jobs=1)
    pool = audit([s3], spec=EngineSpec(), as_of=AS_OF, jobs=2)
    assert pool.findings and pool.model_dump_json() == one.model_dump_json()


def test_a_missing_s3_key_and_a_missing_bucket(s3: str) -> None:
    found = find_reports([f"{s3}/khong-co.yaml", "s3://khong-co-thung-nay/bao-cao"])
    assert [p.code for p in found.unusable] == [Code.NO_SUCH_PATH, Code.NO_SUCH_PATH]
    with pytest.raises(InputError) as caught:
        load_file(f"{s3}/khong-co.yaml")
    assert [p.code for p in caught.value.problems] == [Code.NO_SUCH_FILE]


def test_an_s3_key_given_on_its_own_is_read(s3: str) -> None:
    result = audit([f"{s3}/{SO_KET}"], spec=EngineSpec(), as_of=AS_OF, jobs=1)
    assert {f.unit_id for f in result.findings} == {KIM_GIANG}
    assert any(f.status is Status.pass_ for f in result.findings)


@pytest.fixture(scope="module")
def scheduler(s3: str) -> Iterator[str]:
    """A LocalCluster of two worker processes, started once the S3 server's address is in the
    environment (the workers inherit it, as workers on other machines would be configured)."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        scheduler_kwargs={"dashboard": False},
        silence_logs=logging.ERROR,
    ) as cluster:
        yield cluster.scheduler_address


def test_dask_workers_read_the_reports_from_s3(s3: str, scheduler: str, local_copy: Path) -> None:
    roster = load_roster(ROSTER)
    here = audit([s3], spec=EngineSpec(), as_of=AS_OF, roster=roster, jobs=1)
    dask = audit([s3], spec=EngineSpec(), as_of=AS_OF, roster=roster, executor="dask", scheduler=scheduler)
    assert dask.findings and dask.model_dump_json() == here.model_dump_json()


def test_the_command_line_audits_s3_on_the_cluster(
    s3: str, scheduler: str, local_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["audit", "--as-of", "30/06/2024", "--format", "json"]
    assert main([*args, str(local_copy), "--jobs", "1"]) == 1
    local = json.loads(capsys.readouterr().out)
    assert main([*args, s3, "--executor", "dask", "--scheduler", scheduler]) == 1
    remote = json.loads(capsys.readouterr().out.replace(s3, str(local_copy)))
    assert remote == local
