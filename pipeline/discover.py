"""Discovery: sources lines -> the pages to read this run, with feeds, sitemaps and conditional GET.

`plan()` runs once per run, in the flow's process, before the read step. For every URL line it
makes one request, conditional when an earlier run stored the answer's validators (ETag /
Last-Modified: If-None-Match / If-Modified-Since), and looks at the answer:
- a feed (RSS, Atom, JSON) or a sitemap (urlset, or an index whose sitemaps are read in turn;
  `feed:` / `sitemap:` force it; else root element, then content type decide) lists article URLs
  (pipeline.listings). Those not stored yet, or changed (a sitemap lastmod after the last check),
  are fetched, at most `max_per_source` per listing and `max_per_run` in all; the rest are
  recorded as 'pending' and come first next run. A listing that answers 304 lists what it
  listed before (from the seen state), so nothing it listed is forgotten;
- a page is kept as its raw snapshot, handed to the read step (Source.page) so it is not
  fetched twice; a 304 hands on the snapshot of the earlier answer, with nothing downloaded.
Every URL asked or listed becomes a row for the warehouse's `seen_urls` table (the flow writes
them with warehouse.seen.record; `state` is what warehouse.seen.state read back, with each row's
`run_status` and `ever_stored`: this module never imports the warehouse). Fetch failures are
rejects with their reason, as for any page. A listed page is asked again only while it is
unfinished: pending, fetched by a run that died before loading it, or failed for a passing reason
(timeout, 5xx); a page rejected for good (4xx, refused, no article text) waits for a sign that it
changed (a newer sitemap lastmod).
"""
from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from pipeline import robots
from pipeline.fetch import FetchError, Fetched, Stored, Validators, fetch, snapshot, snapshot_path
from pipeline.listings import LISTING_TYPES, Listed, feed_links, keep, kind_of, sitemap_links
from pipeline.settings import Settings
from pipeline.sources import Source
from pipeline.text import TextError, decode
from schemas.records import Reject

THREADS = 8          # pages fetched at once (each host still waits its turn: fetch.HostClock)
MAX_SITEMAPS = 50    # sitemaps read from one index (and its indexes), per run
MAX_DEPTH = 3        # index -> index -> urlset

Row = dict[str, Any]  # one seen_urls row: the columns of warehouse/migrations/005_seen_urls.sql


@dataclass
class Plan:
    sources: list[Source]                              # files and pages for the read step
    rejects: list[Reject] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)      # for warehouse.seen.record


def fetch_source(source: Source, settings: Settings) -> Fetched:
    """The read step's way to a URL source's page: its snapshot when discovery fetched it
    already, else a fetch (a source that did not go through discovery, or a lost snapshot)."""
    if source.page is not None:
        try:
            return source.page.load(source.location, settings.raw_dir)
        except OSError:
            pass
    return fetch(source.location, settings)


def plan(sources: list[Source], settings: Settings, state: Mapping[str, Row],
         stored: Mapping[str, str] | frozenset[str] = frozenset()) -> Plan:
    """What to read this run. `state`: seen_urls rows by URL; `stored`: the URL sources whose
    article is in the warehouse for the current extractor version (those are not fetched again
    when a listing names them)."""
    robots.forget()  # a run starts: robots.txt is asked afresh, once per host
    run = _Run(settings, state, stored)
    out = [source for source in sources if source.kind == "file"]
    lines = [source for source in sources if source.kind != "file"]  # resolve() dropped duplicates
    with ThreadPoolExecutor(max_workers=THREADS, thread_name_prefix="discover") as pool:
        for start in range(0, len(lines), THREADS * 4):  # a few answers in memory at a time
            group = lines[start:start + THREADS * 4]
            for source, answer in zip(group, pool.map(run.ask, group)):
                run.line(source, answer)
    out += run.fetch_pages()
    return Plan(out, run.rejects, list(run.rows.values()))


class _Run:
    def __init__(self, settings: Settings, state: Mapping[str, Row], stored) -> None:
        self.settings, self.state, self.stored = settings, state, stored
        self.now = datetime.now(timezone.utc)
        self.rows: dict[str, Row] = {}
        self.rejects: list[Reject] = []
        self.pages: list[Source] = []              # pages fetched while reading the lines
        self.queue: list[tuple[str, str]] = []     # (article URL, listing) to fetch
        self.claimed: set[str] = set()
        self.children: dict[tuple[str | None, str | None], list[str]] = {}  # (via, kind) -> URLs, in state order
        for url, row in state.items():
            self.children.setdefault((row.get("via"), row.get("kind")), []).append(url)

    # --- a sources line ---------------------------------------------------------------------
    def ask(self, source: Source) -> Fetched | FetchError:
        """The answer to a sources line (conditional when it can be); safe to call from threads."""
        kinds = ("*",) if source.kind != "url" else self.settings.content_types + LISTING_TYPES
        try:
            return self._get(source.location, self.state.get(source.location), kinds,
                             with_snapshot=source.kind == "url")
        except FetchError as exc:
            return exc

    def line(self, source: Source, answer: Fetched | FetchError) -> None:
        url, forced = source.location, None if source.kind == "url" else source.kind
        if url in self.claimed:  # a listing read earlier in this run named it already
            return
        self.claimed.add(url)
        prior = self.state.get(url)
        if isinstance(answer, FetchError):
            self._reject(url, forced or (prior or {}).get("kind") or "page", None, answer.reason)
            return
        if answer.not_modified:
            kind = prior["kind"]
            if kind == "page":
                self.pages.append(self._unchanged_page(url, None, prior, answer))
            else:
                self._row(url, kind, None, "unchanged", answer, prior)
                self._listing_unchanged(url, kind, url, depth=0)
            return
        kind = forced or kind_of(answer.body, answer.content_type)
        if kind is None:
            self._reject(url, "page", None, "XML or JSON that is neither an RSS/Atom feed nor a sitemap", answer)
        elif kind == "page":
            self.pages.append(self._fresh_page(url, None, prior, answer))
        else:
            self._listing(url, kind, url, None, prior, answer, depth=0)

    # --- feeds and sitemaps -------------------------------------------------------------------
    def _listing(self, url: str, kind: str, top: str, via: str | None, prior: Row | None,
                 answer: Fetched, depth: int) -> None:
        try:
            text = decode(answer.body, answer.content_type)
        except TextError as exc:
            self._reject(url, kind, via, f"{kind} is not text: {exc.reason}", answer)
            return
        if kind == "feed":
            listed = Listed(pages=[(link, None) for link in feed_links(text, answer.final_url)])
        else:
            listed = sitemap_links(text, answer.final_url)
        if not listed.pages and not listed.sitemaps and kind_of(answer.body, answer.content_type) != kind:
            what = "an RSS/Atom feed" if kind == "feed" else "a sitemap"
            self._reject(url, kind, via, f"not {what}, or one that lists no links", answer)
            return
        self._row(url, kind, via, "fetched", answer, prior, changed=True)
        for sitemap in listed.sitemaps[:MAX_SITEMAPS]:
            self._sitemap(sitemap, top, url, depth + 1)
        pages: dict[str, str | None] = {}
        for link, lastmod in listed.pages:
            for page in keep([link], answer.final_url, self.settings.same_host):
                pages.setdefault(page, lastmod)
        self._candidates(url, top, list(pages.items()))

    def _listing_unchanged(self, url: str, kind: str, top: str, depth: int) -> None:
        """A listing answered 304: its sitemaps are still read; its pages are the ones it listed."""
        if kind == "sitemap":
            for sitemap in self._children(url, "sitemap")[:MAX_SITEMAPS]:
                self._sitemap(sitemap, top, url, depth + 1)
        self._candidates(url, top, [])

    def _sitemap(self, url: str, top: str, via: str, depth: int) -> None:
        if url in self.claimed or depth > MAX_DEPTH:
            return
        self.claimed.add(url)
        prior = self.state.get(url)
        try:
            answer = self._get(url, prior, ("*",), with_snapshot=False)
        except FetchError as exc:
            self._reject(url, "sitemap", via, exc.reason)
            return
        if answer.not_modified:
            self._row(url, "sitemap", via, "unchanged", answer, prior)
            self._listing_unchanged(url, "sitemap", top, depth)
        else:
            self._listing(url, "sitemap", top, via, prior, answer, depth)

    def _candidates(self, listing: str, top: str, listed: list[tuple[str, str | None]]) -> None:
        """Queue the listed pages that are new, unfinished or changed, within the limits; earlier
        runs' unfinished pages of this listing first."""
        leftovers = [(u, None) for u in self._children(listing, "page") if not self._settled(u)]
        for url, lastmod in leftovers + listed:
            if url in self.claimed:
                continue
            self.claimed.add(url)
            prior = self.state.get(url)
            if self._settled(url) and not _changed_since(lastmod, prior):
                continue  # seen and settled, not changed since: no request at all
            taken = sum(1 for _, t in self.queue if t == top)
            if taken >= self.settings.max_per_source or len(self.queue) >= self.settings.max_per_run:
                self._pending(url, listing, prior, lastmod)
                continue
            self.queue.append((url, top))
            self.rows[url] = {**_base(url, "page", listing, prior, self.now), "lastmod": lastmod}

    def _settled(self, url: str) -> bool:
        """Nothing left to do for this page until its listing says it changed: its article is
        stored (this extractor version); or a run that completed read it and the read or extract
        step rejected it (never stored by any version); or it failed for good (4xx, refused)."""
        if url in self.stored:
            return True
        row = self.state.get(url) or {}
        status, reason = row.get("status"), row.get("reason") or ""
        if status in ("fetched", "unchanged"):
            return row.get("run_status") == "completed" and not row.get("ever_stored")
        return status == "rejected" and reason.startswith(("HTTP 4", "refused", "redirect to"))

    def _children(self, listing: str, kind: str) -> list[str]:
        return self.children.get((listing, kind), [])

    # --- pages ------------------------------------------------------------------------------
    def fetch_pages(self) -> list[Source]:
        """Fetch the queued pages (a few at once), each as a Source the read step will not fetch."""
        with ThreadPoolExecutor(max_workers=THREADS, thread_name_prefix="discover") as pool:
            done = list(pool.map(self._page, [url for url, _ in self.queue]))
        return self.pages + [source for source in done if source is not None]

    def _page(self, url: str) -> Source | None:
        row = self.rows[url]
        prior = self.state.get(url)
        try:
            answer = self._get(url, prior, self.settings.content_types, with_snapshot=True)
        except FetchError as exc:
            self._reject(url, "page", row["via"], exc.reason)
            return None
        if answer.not_modified:
            return self._unchanged_page(url, row["via"], prior, answer)
        return self._fresh_page(url, row["via"], prior, answer)

    def _fresh_page(self, url: str, via: str | None, prior: Row | None, answer: Fetched) -> Source:
        path = snapshot(answer.body, self.settings.raw_dir)  # a disk that cannot be written stops the run
        digest = path.stem
        self._row(url, "page", via, "fetched", answer, prior, changed=(prior or {}).get("raw_sha256") != digest,
                  raw_sha256=digest)
        return Source("url", url, Stored(answer.final_url, answer.content_type, digest, answer.etag,
                                         answer.last_modified, answer.fetched_at))

    def _unchanged_page(self, url: str, via: str | None, prior: Row, answer: Fetched) -> Source:
        self._row(url, "page", via, "unchanged", answer, prior, raw_sha256=prior["raw_sha256"])
        return Source("url", url, Stored(prior.get("final_url") or url, prior.get("content_type") or "",
                                         prior["raw_sha256"], answer.etag or prior.get("etag"),
                                         answer.last_modified or prior.get("last_modified"), answer.fetched_at))

    # --- requests and rows ------------------------------------------------------------------
    def _get(self, url: str, prior: Row | None, kinds: tuple[str, ...], with_snapshot: bool) -> Fetched:
        """GET `url`, conditional when `prior` has validators (and, for a page, its snapshot)."""
        validators = None
        if prior and (prior.get("etag") or prior.get("last_modified")):
            usable = not with_snapshot or prior.get("kind") != "page" or (
                prior.get("raw_sha256") and snapshot_path(prior["raw_sha256"], self.settings.raw_dir).is_file())
            if usable:
                validators = _validators(prior)
        return fetch(url, self.settings, validators, content_types=kinds)

    def _row(self, url: str, kind: str, via: str | None, status: str, answer: Fetched, prior: Row | None,
             changed: bool = False, **extra: Any) -> None:
        row = _base(url, kind, via, prior, self.now)
        if (queued := self.rows.get(url)) and queued.get("lastmod"):
            row["lastmod"] = queued["lastmod"]  # as the sitemap that listed it gave it, this run
        row.update(status=status, reason=None, http_status=answer.status, last_checked=self.now,
                   etag=answer.etag or (prior or {}).get("etag") if answer.not_modified else answer.etag,
                   last_modified=(answer.last_modified or (prior or {}).get("last_modified")
                                  if answer.not_modified else answer.last_modified))
        if not answer.not_modified:
            row.update(content_type=answer.content_type, final_url=answer.final_url)
        if changed:
            row["last_changed"] = self.now
        row.update(extra)
        self.rows[url] = row

    def _pending(self, url: str, via: str, prior: Row | None, lastmod: str | None) -> None:
        row = _base(url, "page", via, prior, self.now)
        row.update(status="pending", reason="over the discovery limit: fetched next run", lastmod=lastmod)
        self.rows[url] = row

    def _reject(self, url: str, kind: str, via: str | None, reason: str, answer: Fetched | None = None) -> None:
        self.rejects.append(Reject(source=url, stage="fetch", reason=reason))
        row = _base(url, kind, via, self.state.get(url), self.now)
        row.update(status="rejected", reason=reason, last_checked=self.now,
                   http_status=answer.status if answer else None)
        self.rows[url] = row


def _base(url: str, kind: str, via: str | None, prior: Row | None, now: datetime) -> Row:
    """A row carrying over what `prior` knew (first seen, validators, snapshot) unless replaced."""
    row: Row = {"url": url, "kind": kind, "via": via, "first_seen": now, "last_checked": None,
                "last_changed": None, "status": None, "reason": None, "http_status": None, "etag": None,
                "last_modified": None, "lastmod": None, "raw_sha256": None, "content_type": None,
                "final_url": None}
    if prior:
        row.update({k: prior.get(k) for k in row if k not in ("url", "kind", "via") and prior.get(k) is not None})
        row["via"] = via if via is not None else prior.get("via")
    return row


def _validators(prior: Row) -> Validators:
    return Validators(prior.get("etag"), prior.get("last_modified"))


def _changed_since(lastmod: str | None, prior: Row | None) -> bool:
    """Does a sitemap's lastmod say the page changed after we last checked it?"""
    if not lastmod or not prior or not prior.get("last_checked"):
        return False
    try:
        when = datetime.fromisoformat(lastmod.strip().replace("Z", "+00:00"))
    except ValueError:
        return False
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    checked = prior["last_checked"]
    if isinstance(checked, datetime) and checked.tzinfo is None:
        checked = checked.replace(tzinfo=timezone.utc)
    return when > checked

