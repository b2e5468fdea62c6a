"""A real HTTP server on 127.0.0.1 serving feeds and article pages from a dict, for tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from html import escape


class Site:
    """Paths → (content type, body); ``requests`` records every path asked for."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[str, bytes]] = {}
        self.requests: list[str] = []
        self.port = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def add(self, path: str, content_type: str, body: bytes) -> None:
        self.pages[path] = (content_type, body)


@contextmanager
def serve(site: Site) -> Iterator[Site]:
    """Serve ``site`` on a free loopback port for the duration of the block."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            site.requests.append(self.path)
            found = site.pages.get(self.path)
            if found is None:
                self.send_error(404)
                return
            content_type, body = found
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    site.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


def article_page(title: str, paragraphs: list[str], published: str) -> bytes:
    """A plausible news article page: navigation, the story, a footer."""
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{escape(title)}</title>
<meta property="article:published_time" content="{published}"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>{escape(title)}</h1>{body}</article>
<footer>Copyright the publisher. All rights reserved.</footer></body></html>""".encode()


def rss(title: str, items: list[tuple[str, str, str, str]]) -> bytes:
    """An RSS 2.0 feed; items are (title, link, guid, RFC 822 date)."""
    entries = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(link)}</link>"
        f"<guid>{escape(guid)}</guid><pubDate>{date}</pubDate>"
        f"<description>{escape(t)}</description></item>"
        for t, link, guid, date in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{escape(title)}</title><link>http://example.org/</link>"
            f"<description>{escape(title)}</description>{entries}</channel></rss>").encode()
