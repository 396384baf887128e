"""`awardex review --serve`: the workbench as a small FastAPI app on 127.0.0.1.

Pages are built here from escaped text; the one script and the style sheet are files in
review/static/ (package data), so the Content-Security-Policy allows no inline script or
style and nothing from another origin. Requests must name 127.0.0.1 or localhost as their
host (no DNS rebinding), a save must come from the page's own origin as JSON, and
articles are addressed by id: anything else is refused.
"""
from __future__ import annotations

import html
import socket
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

from review.page import COLOURS, STATIC, Span, highlight, spans
from review.workbench import Refused, Workbench

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
           "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}


def create_app(bench: Workbench) -> FastAPI:
    app = FastAPI(title="awardex workbench", docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=["127.0.0.1", "localhost"])

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.update(HEADERS)
        return response

    @app.exception_handler(Refused)
    async def refused(request: Request, exc: Refused):
        status = 403 if str(exc).startswith("refused") else 404
        return JSONResponse({"error": str(exc)}, status_code=status)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/", response_class=HTMLResponse)
    def index() -> str:
        return index_page(bench)

    @app.get("/article/{article_id:path}", response_class=HTMLResponse)
    def article(article_id: str) -> str:
        return article_page(bench, article_id)

    @app.get("/api/article/{article_id:path}")
    def article_data(article_id: str) -> dict:
        return bench.view(article_id)

    @app.post("/api/article/{article_id:path}")
    async def save(article_id: str, request: Request):
        origin = request.headers.get("origin")
        if origin is not None and origin != f"{request.url.scheme}://{request.headers.get('host')}":
            return JSONResponse({"error": "refused: a save must come from the workbench's own page"}, 403)
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            return JSONResponse({"error": "a save is a JSON body (application/json)"}, 415)
        try:
            body = await request.json()
        except ValueError:
            return JSONResponse({"error": "the body is not JSON"}, 400)
        try:
            return bench.save(article_id, body)
        except Refused:
            raise
        except ValueError as exc:
            return JSONResponse({"error": str(exc)}, 422)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def _shell(title: str, body: str) -> str:
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title><link rel=\"stylesheet\" href=\"/static/base.css\">"
            "<link rel=\"stylesheet\" href=\"/static/workbench.css\">"
            "<script src=\"/static/workbench.js\" defer></script></head>"
            f"<body>{body}</body></html>")


def index_page(bench: Workbench) -> str:
    reviewed, fresh = bench.index()
    rows = []
    for r in reviewed:
        link = f'<a href="/article/{quote(r["article_id"])}">{html.escape(r["article_id"])}</a>'
        if r.get("error") or "record_f1" not in r:
            rows.append(f'<tr><td>{link}</td><td class="wrong" colspan="4">{html.escape(r.get("error") or "")}</td></tr>')
            continue
        rows.append(f'<tr><td>{link}</td><td>{r["record_f1"]:.2f}</td><td>{r["district_f1"]:.2f}</td>'
                    f'<td>{r["gold"]} / {r["pred"]}</td><td>{r["differences"]}</td></tr>')
    risky = []
    for r in fresh:
        name = html.escape(r["article_id"])
        link = name if r.get("error") else f'<a href="/article/{quote(r["article_id"])}">{name}</a>'
        why = html.escape(r.get("error") or r["why"])
        risk = "" if r.get("error") else f'{r["risk"]:.2f}'
        risky.append(f'<tr><td>{link}</td><td>{risk}</td><td class="why">{why}</td></tr>')
    if not risky:
        risky = ['<tr><td colspan="3" class="why">none: every article here has a fixture</td></tr>']
    if not rows:
        rows = ['<tr><td colspan="5" class="why">none yet: save an article below to create its fixture</td></tr>']
    body = (f'<header><h1>awardex workbench</h1><p class="meta">{html.escape(str(bench.root))} · fixtures in '
            f'{html.escape(str(bench.fixtures))}</p></header><main class="index">'
            f'<h2>Reviewed: worst record F1 first</h2><table id="reviewed"><tr><th>article</th><th>record F1</th>'
            f'<th>district F1</th><th>districts fixture / extracted</th><th>differences</th></tr>{"".join(rows)}</table>'
            f'<h2>Not reviewed yet: riskiest first</h2><p class="meta">Risk is the lowest precision, measured on '
            f'the fixtures, of the rules that fired in the article.</p><table id="fresh"><tr><th>article</th>'
            f'<th>risk (precision)</th><th>why it is here</th></tr>{"".join(risky)}</table></main>')
    return _shell("awardex workbench", body)


def article_page(bench: Workbench, article_id: str) -> str:
    view = bench.view(article_id)
    entry = bench.entry(article_id)
    gold = bench.gold(entry)
    marks: list[Span] = spans(entry.pred, gold)
    legend = "".join(f'<span class="f-{f}">{f}</span>' for f in COLOURS)
    body = (f'<header><p class="meta"><a href="/">all articles</a></p>'
            f'<h1>{html.escape(view["title"] or view["article_id"])}</h1>'
            f'<p class="meta">{html.escape(view["source"])} · fixture {html.escape(view["fixture_file"])}'
            f'{"" if view["has_fixture"] else " (not written yet)"}</p><div class="legend">{legend}</div></header>'
            f'<main id="workbench" data-article="{html.escape(view["article_id"])}">'
            f'<div id="text" class="text">{highlight(view["text"], marks, offsets=True)}</div>'
            '<aside><div class="toolbar"><button id="add-district" type="button">Add district from selection</button>'
            '<button id="save" type="button">Save fixture</button></div>'
            '<p id="status" class="status" role="status"></p><div id="program"></div><div id="districts"></div>'
            '<div id="extracted-only"></div><h2>Differences</h2><ul id="differences" class="diff"></ul></aside></main>')
    return _shell(f"awardex workbench: {view['article_id']}", body)


def serve(root: Path, fixtures: Path, texts: Path, port: int, out) -> int:
    """Start the workbench on 127.0.0.1:`port` (0: any free port), print its URL, serve until stopped."""
    import uvicorn

    bench = Workbench(root, fixtures, texts)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError as exc:
        raise ValueError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}") from exc
    sock.listen(128)  # connections from here on wait in the backlog until uvicorn accepts them
    url = f"http://127.0.0.1:{sock.getsockname()[1]}/"
    print(f"awardex workbench: {url} ({len(bench.entries)} articles; Ctrl-C stops it)", flush=True)
    server = uvicorn.Server(uvicorn.Config(create_app(bench), log_level="warning", lifespan="off"))
    server.run(sockets=[sock])
    return 0
