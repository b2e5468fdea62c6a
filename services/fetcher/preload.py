"""Imported once by the worker pool's forkserver, before it forks any worker.

It loads trafilatura, feedparser and the language model (~75 MB of numpy arrays) in the
forkserver, so every worker forked from it shares those pages copy-on-write instead of
loading its own copy; the event loop's process never loads them at all. The objects loaded are
then frozen out of the garbage collector: a collection in a worker would otherwise write to
every one of them and so copy their pages into each worker.
"""

from __future__ import annotations

import gc

import py3langid

import services.fetcher.article  # noqa: F401 - trafilatura, lxml
import services.fetcher.parse  # noqa: F401 - feedparser

py3langid.classify("The model is loaded here, once, and shared by every worker.")
gc.collect()
gc.freeze()
