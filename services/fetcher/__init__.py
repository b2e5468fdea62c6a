"""The fetcher: polls outlets' feeds politely, reads new items' pages, produces articles."""
