"""`analyzer corpus fetch` against a real HTTP server on 127.0.0.1."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

PAGES = {
    "/2019.html": "<html><head><title>2019年政府工作报告</title></head><body><p>扫黑除恶专项斗争。</p></body></html>",
    "/resolution.html": "<html><body><p>会议决定批准这个报告。</p></body></html>",
    "/notes.txt": "建设平安中国。",
}


class _Handler(BaseHTTPRequestHandler):
    hits: ClassVar[dict] = {}

    def do_GET(self):
        _Handler.hits[self.path] = _Handler.hits.get(self.path, 0) + 1
        if self.path == "/broken.html":
            self.send_error(500, "server broke")
            return
        body = PAGES.get(self.path)
        if body is None:
            self.send_error(404, "Not Found")
            return
        data = body.encode("utf-8")
        self.send_response(200)
        kind = "text/plain" if self.path.endswith(".txt") else "text/html"
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def server(monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    _Handler.hits = {}
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def _registry(tmp_path, base, extra=()):
    docs = [
        ('title = "2019年政府工作报告"', "year = 2019", f'url = "{base}/2019.html"'),
        ('title = "关于政府工作报告的决议"', f'url = "{base}/resolution.html"'),
        ('title = "2020年笔记"', "year = 2020", f'url = "{base}/notes.txt"'),
        *extra,
    ]
    lines = ["[corpora.test]", 'title = "Test corpus"', 'source = "local server"', ""]
    for doc in docs:
        lines += ["[[corpora.test.documents]]", *doc, ""]
    path = tmp_path / "registry.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_fetch_downloads_names_by_year_and_loads(tmp_path, server, invoke):
    registry = _registry(tmp_path, server)
    dest = tmp_path / "dl"
    result = invoke("corpus", "fetch", "test", "--dest", dest, "--registry", registry)
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in dest.iterdir())
    assert names == [
        ".manifest.json",
        "2019年政府工作报告.html",
        "2020年笔记.txt",
        "undated-关于政府工作报告的决议.html",
    ]
    manifest = json.loads((dest / ".manifest.json").read_text(encoding="utf-8"))
    assert {d["file"]: d["bytes"] for d in manifest["documents"]}["2020年笔记.txt"] == len(
        PAGES["/notes.txt"].encode()
    )
    info = json.loads(invoke("info", dest, "--format", "json").stdout)
    assert [(d["year"], d["chars"]) for d in info["documents"]] == [
        (2019, 9),
        (2020, 7),
        (None, 11),
    ]
    assert info["skipped"] == []


def test_second_fetch_reuses_intact_files(tmp_path, server, invoke):
    registry = _registry(tmp_path, server)
    dest = tmp_path / "dl"
    invoke("corpus", "fetch", "test", "--dest", dest, "--registry", registry)
    first = dict(_Handler.hits)
    result = invoke("corpus", "fetch", "test", "--dest", dest, "--registry", registry)
    assert result.exit_code == 0 and "3 already present" in result.stderr
    assert _Handler.hits == first


def test_failed_documents_are_listed_and_others_kept(tmp_path, server, invoke):
    extra = [
        ('title = "缺失"', "year = 2021", f'url = "{server}/missing.html"'),
        ('title = "故障"', "year = 2022", f'url = "{server}/broken.html"'),
    ]
    registry = _registry(tmp_path, server, extra)
    dest = tmp_path / "dl"
    result = invoke(
        "corpus", "fetch", "test", "--dest", dest, "--registry", registry, "--timeout", "5"
    )
    assert result.exit_code == 1
    assert "HTTP 404" in result.stderr and "HTTP 500" in result.stderr
    assert "2 of 5 documents could not be fetched" in result.stderr
    assert _Handler.hits["/broken.html"] == 3  # first try and two retries
    assert len([p for p in dest.iterdir() if not p.name.startswith(".")]) == 3


def test_unknown_corpus_and_list(tmp_path, server, invoke):
    registry = _registry(tmp_path, server)
    result = invoke("corpus", "fetch", "nope", "--registry", registry)
    assert result.exit_code == 1 and "no corpus named 'nope'" in result.stderr
    listing = invoke("corpus", "list", "--registry", registry)
    assert "test" in listing.stdout and "Test corpus" in listing.stdout


def test_bundled_registry_lists_the_national_reports(invoke):
    from analyzer.fetch import load_registry
    from analyzer.resources import registry_path

    entries = load_registry(registry_path())
    national = entries["national-gov-work-reports"]
    assert len(national.documents) == 72
    assert sum(1 for d in national.documents if "year" in d) == 52
    assert all(d["url"].startswith("https://zh.wikisource.org/") for d in national.documents)
