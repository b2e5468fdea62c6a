"""A local feed farm for the fetcher bench: thousands of RSS feeds and their article pages.

Run as a process (``python bench/farm_feeds.py --feeds 10000 --port 0``); it prints its port on
the first line of stdout, serves only on 127.0.0.1, and exits after ``--lifetime`` seconds.

Feed ``n`` is at ``/feed/<n>.xml``; it has 20 items and an ETag naming its version. Each round
(``GET /_round`` advances it) a deterministic 30% of feeds publish one new item; the rest answer
304 to a matching If-None-Match. Item ``v`` of feed ``n`` links to ``/page/<n>/<v>``, an article
page of about 6 KB. HTTP/1.1 keep-alive, written on asyncio streams to stay out of the way.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import sys

ITEMS = 20
CHANGED_PERCENT = 30
PARAGRAPHS = [
    "Officials in the provincial capital said on Sunday that the main road to the border had "
    "been closed after overnight shelling damaged a bridge used by aid convoys.",
    "Residents described long queues at fuel stations and said prices had doubled in a week, "
    "while the local council appealed for calm and promised new deliveries.",
    "A spokesman for the relief agency said teams were assessing the damage and that medical "
    "supplies would be moved through a secondary crossing further south.",
    "The defence ministry said its forces had repelled an attack on a checkpoint east of the "
    "city, and that two soldiers had been wounded in the exchange of fire.",
]


class Farm:
    """Versions of every feed, advanced round by round."""

    def __init__(self, feeds: int, seed: str = "farm") -> None:
        self.feeds = feeds
        self.seed = seed
        self.round = 0
        self.version = [0] * feeds

    def advance(self) -> int:
        self.round += 1
        for n in range(self.feeds):
            if changed(self.seed, n, self.round):
                self.version[n] += 1
        return self.round

    def feed(self, n: int) -> tuple[str, bytes]:
        version = self.version[n]
        return f'"{n}-{version}"', rss(n, version)


def changed(seed: str, n: int, round_: int) -> bool:
    digest = hashlib.blake2b(f"{seed}:{n}:{round_}".encode(), digest_size=2).digest()
    return int.from_bytes(digest, "big") % 100 < CHANGED_PERCENT


def rss(n: int, version: int) -> bytes:
    items = "".join(
        f"<item><title>Feed {n} report {v}: road to the border closed after shelling</title>"
        f"<link>/page/{n}/{v}</link><guid isPermaLink=\"false\">f{n}-i{v}</guid>"
        f"<pubDate>Sun, 29 Nov 2026 {v % 24:02d}:{v % 60:02d}:00 GMT</pubDate>"
        f"<description>Report {v} from feed {n}. {PARAGRAPHS[v % 4]}</description></item>"
        for v in range(version + ITEMS - 1, version - 1, -1))
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Farm feed {n}</title><link>http://farm/</link><description>Farm"
            f"</description>{items}</channel></rss>").encode()


def page(n: int, v: int) -> bytes:
    body = "".join(f"<p>{PARAGRAPHS[(v + i) % 4]}</p>" for i in range(12))
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Report {v}'
            f'</title><meta property="article:published_time" content="2026-11-29T08:00:00Z">'
            f'</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article>'
            f"<h1>Feed {n} report {v}</h1>{body}</article><footer>Farm news</footer>"
            f"</body></html>").encode()


async def handle(farm: Farm, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            path = lines[0].split(" ")[1]
            headers = {k.lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:])}
            writer.write(respond(farm, path, headers))
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError, IndexError):
        pass
    finally:
        writer.close()


def respond(farm: Farm, path: str, headers: dict[str, str]) -> bytes:
    parts = path.strip("/").split("/")
    if parts[0] == "feed":
        etag, body = farm.feed(int(parts[1].split(".")[0]))
        if headers.get("if-none-match") == etag:
            return http(304, b"", {"ETag": etag})
        return http(200, body, {"ETag": etag, "Content-Type": "application/rss+xml"})
    if parts[0] == "page":
        return http(200, page(int(parts[1]), int(parts[2])), {"Content-Type": "text/html"})
    if parts[0] == "_round":
        return http(200, str(farm.advance()).encode(), {"Content-Type": "text/plain"})
    return http(404, b"", {})


def http(status: int, body: bytes, headers: dict[str, str]) -> bytes:
    reason = {200: "OK", 304: "Not Modified", 404: "Not Found"}[status]
    lines = [f"HTTP/1.1 {status} {reason}", f"Content-Length: {len(body)}",
             *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def main(feeds: int, port: int, lifetime: float) -> None:
    farm = Farm(feeds)
    server = await asyncio.start_server(lambda r, w: handle(farm, r, w), "127.0.0.1", port,
                                        backlog=1024)
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await asyncio.sleep(lifetime)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=10000)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--lifetime", type=float, default=600.0, help="exit after this long")
    args = parser.parse_args()
    try:
        asyncio.run(main(args.feeds, args.port, args.lifetime))
    except KeyboardInterrupt:
        sys.exit(0)
