"""Listings: what an RSS/Atom feed or a sitemap answer is, and which article URLs it lists.

`kind_of()` tells a feed, a sitemap and a page apart by the root element, then the content type.
`feed_links()` uses trafilatura's feeds module (RSS, Atom, JSON feeds) and `sitemap_links()` its
sitemaps module (XML urlset / sitemapindex, text sitemaps) to find the links; `keep()` filters
them with courlan (tracking parameters dropped, spam, navigation pages and non-HTML files left
out) and, by default, keeps only the listing's own host. Nothing here fetches anything.
trafilatura, courlan and lxml are imported by the functions that use them: a run of local files
(which `pipeline.discover` plans too) never needs them.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urljoin, urlsplit


Kind = Literal["feed", "sitemap", "page"]

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json",
              "application/rss", "application/atom", "application/x-rss+xml", "application/x-atom+xml",
              "text/rss+xml", "text/atom+xml")
XML_TYPES = ("application/xml", "text/xml", "application/json")
LISTING_TYPES = FEED_TYPES + XML_TYPES  # accepted, beyond the page types, where a listing may answer
MAX_LINKS = 10_000   # links taken from one listing
MAX_URL = 2048

_ROOT = re.compile(rb"^\s*(?:<\?[^>]*\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<([A-Za-z_][\w.:-]*)", re.S)
_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


@dataclass
class Listed:
    pages: list[tuple[str, str | None]] = field(default_factory=list)  # (url, sitemap lastmod or None)
    sitemaps: list[str] = field(default_factory=list)                   # a sitemap index's sitemaps


def kind_of(body: bytes, content_type: str) -> Kind | None:
    """'feed', 'sitemap' or 'page' for an answer; None for XML or JSON that is neither."""
    head = body[:4096].lstrip(b"\xef\xbb\xbf")
    media = content_type.split(";")[0].strip().lower()
    match = _ROOT.match(head)
    root = match.group(1).decode("ascii", "replace").rpartition(":")[2].lower() if match else None
    if root in ("rss", "feed", "rdf"):
        return "feed"
    if root in ("urlset", "sitemapindex"):
        return "sitemap"
    if root == "html":
        return "page"
    if media in ("application/feed+json", "application/json") and head.lstrip().startswith(b"{"):
        return "feed"
    if media in FEED_TYPES:
        return "feed"
    if media in XML_TYPES or root is not None and media.endswith("xml") and root != "html":
        return None
    return "page"


def feed_links(text: str, url: str) -> list[str]:
    """The item links of an RSS, Atom or JSON feed (trafilatura.feeds), in feed order."""
    from courlan import get_hostinfo
    from trafilatura.feeds import FeedParameters, find_links

    domain, base = get_hostinfo(url)
    links = find_links(text.strip(), FeedParameters(base or url, domain or "", url))
    return links[:MAX_LINKS]


@functools.cache
def _collector():
    """trafilatura's sitemap reader, keeping every link as found (our own filter judges them)."""
    from trafilatura.sitemaps import SitemapObject

    class Collector(SitemapObject):
        def handle_link(self, link: str) -> None:
            if link != self.current_url:
                self.urls.append(link)
    return Collector


def sitemap_links(text: str, url: str) -> Listed:
    """The pages (with lastmod) of a urlset or text sitemap, or the sitemaps of a sitemap index."""
    from courlan import get_hostinfo
    from lxml import etree

    domain, base = get_hostinfo(url)
    collector = _collector()(base or url, domain or "", [])
    collector.current_url, collector.content = url, text
    collector.process()
    links = collector.urls[:MAX_LINKS]
    tree = _xml(text)
    if tree is not None and etree.QName(tree).localname == "sitemapindex":
        return Listed(sitemaps=links)
    lastmods = _lastmods(tree) if tree is not None else {}
    return Listed(pages=[(link, lastmods.get(link.strip())) for link in links])


def keep(links: list[str], listing_url: str, same_host: bool = True) -> list[str]:
    """Article URLs worth fetching from `links`: absolute http(s), cleaned by courlan (no tracking
    parameters, no fragment), not a site's front page, not spam, navigation or a non-HTML file,
    and on the listing's host when `same_host`. In order, without duplicates."""
    from courlan import clean_url
    from courlan.filters import extension_filter, type_filter

    home = _host(listing_url)
    kept: dict[str, None] = {}
    for link in links:
        absolute = urljoin(listing_url, link.strip())
        if len(absolute) > MAX_URL:
            continue
        cleaned = (clean_url(absolute) or "").split("#")[0]
        try:
            parts = urlsplit(cleaned)
        except ValueError:
            continue
        if parts.scheme not in ("http", "https") or not parts.hostname:
            continue
        if not parts.path.strip("/") and not parts.query:
            continue  # the site's front page is no article
        if not type_filter(cleaned) or not extension_filter(parts.path):
            continue
        if same_host and _host(cleaned) != home:
            continue
        kept[cleaned] = None
    return list(kept)


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def _xml(text: str):
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        return etree.fromstring(text.encode("utf-8"), parser)
    except (etree.XMLSyntaxError, ValueError):
        return None


def _lastmods(tree) -> dict[str, str]:
    found: dict[str, str] = {}
    for entry in tree.iter(f"{{{_SITEMAP_NS}}}url", "url"):
        loc = entry.findtext(f"{{{_SITEMAP_NS}}}loc") or entry.findtext("loc")
        lastmod = entry.findtext(f"{{{_SITEMAP_NS}}}lastmod") or entry.findtext("lastmod")
        if loc and lastmod:
            found[loc.strip()] = lastmod.strip()
    return found
