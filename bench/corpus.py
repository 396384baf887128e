"""The synthetic corpus: N award pages as .html files, from bench/phrases.py's own words.

Page i depends only on (seed, i), so the first 1,000 pages of the 10,000-page corpus are the
1,000-page corpus. Thousands of districts (city and state pairs from the `zipcodes` package,
named the way each state names its districts), three article shapes (a feature on one
district, a round-up of several honorees, a press release) with varied phrasing, and the
boilerplate a real page has: cookie banner, menus, breadcrumbs, share buttons, a "most read"
sidebar, a newsletter box, comments, a footer.
"""
from __future__ import annotations

import html as htmlmod
import json
import random
import time
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from bench.phrases import (COUNTY_STATES, FIRST, LAST, ROLES, ORGS, PROGRAMS, SITES, COOKIE, MOST_READ, COMMENTS, INITIATIVES, LEADS, FACTS, DETAILS, PROGRAM_ABOUT, ALSO, QUOTES, QUOTE_FORMS, CLOSES, ROUNDUP_INTROS, ROUNDUP_ENTRIES, ROUNDUP_SECTION, PRESS_LEADS, PRESS_ABOUT, HEADLINES, TOPICS, SITEMAP, MONTHS, WEEKDAYS)

DEFAULT_SEED = 20240611

@dataclass(frozen=True)
class District:
    name: str        # full name as an article gives it first
    short: str       # the short form used later in the text
    city: str
    state: str       # USPS code
    state_name: str
    ap: str          # AP-style abbreviation ("Calif."), or the name where AP spells it out
    county: str



@lru_cache(maxsize=4)
def district_pool(seed: int = DEFAULT_SEED, size: int = 4000) -> tuple[District, ...]:
    """`size` districts: real city / state / county triples (zipcodes), named in each state's style."""
    import us
    import zipcodes

    states = {s.abbr: s for s in us.states.STATES}
    triples = sorted({(z["city"], z["state"], z.get("county") or "") for z in zipcodes.list_all()
                      if z["zip_code_type"] == "STANDARD" and z["state"] in states and z.get("county")
                      and z["city"].replace(" ", "").isalpha()})
    rng = random.Random(f"pool:{seed}")
    out, seen = [], set()
    for city, st, county in rng.sample(triples, min(len(triples), size * 2)):
        if (city, st) in seen:
            continue
        seen.add((city, st))
        s = states[st]
        kind = rng.random()
        if st == "TX":
            name, short = f"{city} Independent School District", f"{city} ISD"
        elif st == "CA":
            name, short = (f"{city} Unified School District", f"{city} Unified") if kind < .7 else \
                (f"{city} Elementary School District", f"{city} Elementary")
        elif st == "PA":
            name, short = f"{city} Area School District", f"{city} Area"
        elif st in COUNTY_STATES and kind < .6 and county.endswith(" County"):
            name, short = f"{county} Public Schools", f"{county} Schools"
        elif st == "OH":
            name, short = (f"{city} City Schools", f"{city} City") if kind < .5 else \
                (f"{city} Local School District", f"{city} Local")
        elif st in {"IA", "IL"}:
            name, short = f"{city} Community School District", f"{city} CSD"
        elif st == "NY":
            name, short = f"{city} Central School District", f"{city} Central"
        elif kind < .5:
            name, short = f"{city} Public Schools", f"{city} Public Schools"
        else:
            name, short = f"{city} School District", f"{city} schools"
        out.append(District(name, short, city, st, s.name, s.ap_abbr or s.name, county))
        if len(out) == size:
            break
    return tuple(out)


def _enrollment(rng: random.Random) -> tuple[int, int]:
    enroll = int(rng.lognormvariate(8.6, 1.1))
    enroll = max(180, min(enroll, 640_000))
    schools = max(1, min(1900, round(enroll / rng.uniform(450, 800))))
    return enroll, schools


def _fmt(n: int) -> str:
    return f"{n:,}"


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _inits(rng: random.Random, k: int) -> list[tuple[str, str]]:
    ids = rng.sample(sorted(INITIATIVES), k)
    return [(i, rng.choice(INITIATIVES[i])) for i in ids]


def _facts(rng: random.Random, d: District, enroll: int, schools: int) -> dict:
    return dict(name=d.name, short=d.short, city=d.city, st=d.state, county=d.county,
                city_up=d.city.upper(), place=rng.choice([d.state_name, d.ap, d.state_name]),
                enroll=_fmt(enroll), schools=schools, sqmi=rng.randint(12, 900),
                staff=_fmt(max(10, enroll // rng.randint(14, 19))), hs=max(1, schools // 5))


def _paragraphs(rng: random.Random) -> dict:
    """The variable bits of one article's own framing: program, organisation, dates."""
    year = rng.randint(2019, 2025)
    published = date(year, 1, 1) + timedelta(days=rng.randint(0, 364))
    y0 = rng.randint(2012, year - 2)
    g0 = rng.randint(68, 85)
    return dict(year=year, published=published, program=rng.choice(PROGRAMS), org=rng.choice(ORGS),
                month=rng.choice(MONTHS), day=rng.randint(1, 28), weekday=rng.choice(WEEKDAYS),
                season=rng.choice(["spring", "summer", "fall", "winter"]), grant=_fmt(rng.choice([5, 10, 25, 50]) * 1000),
                pool=rng.choice([80, 120, 150, 200, 300]), k=rng.randint(3, 9), y0=y0, y1=year - 1,
                g0=g0, g1=min(99, g0 + rng.randint(3, 12)))


def _feature(rng: random.Random, pool, frame: dict) -> tuple[str, list[str], list[tuple[str, str]]]:
    d = rng.choice(pool)
    enroll, schools = _enrollment(rng)
    f = {**frame, **_facts(rng, d, enroll, schools)}
    inits = _inits(rng, rng.randint(2, 4))
    person, role = _person(rng), rng.choice(ROLES)
    blocks = [("p", rng.choice(LEADS).format(init=inits[0][1], **f)),
              ("p", rng.choice(FACTS).format(**f))]
    details = rng.sample(DETAILS, rng.randint(6, 10))
    blocks.append(("p", details[0].format(**f) + " " + rng.choice(ALSO).format(init=inits[1][1], **f)))
    blocks.append(("p", rng.choice(QUOTE_FORMS).format(quote=rng.choice(QUOTES), person=person, role=role, **f)))
    blocks.append(("p", rng.choice(PROGRAM_ABOUT).format(**f)))
    if rng.random() < .5:
        blocks.append(("h2", "What changed in the classroom"))
    for extra, text in zip(inits[2:], details[1:]):
        blocks.append(("p", text.format(**f) + " " + rng.choice(ALSO).format(init=extra[1], **f)))
    for text in details[len(inits) - 1:]:
        blocks.append(("p", text.format(**f)))
    if rng.random() < .5:
        others = rng.sample(pool, rng.randint(1, 3))
        blocks.append(("p", "Other finalists this year were " + ", ".join(
            f"{o.name} in {o.city}, {o.ap}" for o in others).rstrip(".") + "."))
    blocks.append(("p", rng.choice(CLOSES).format(**f)))
    headline = rng.choice([h for h in HEADLINES if "{count}" not in h]).format(
        topic=TOPICS[inits[0][0]], **f)
    return headline, blocks, inits


def _roundup(rng: random.Random, pool, frame: dict):
    ds = rng.sample(pool, rng.randint(3, 8))
    f0 = {**frame, "count": len(ds)}
    blocks = [("p", rng.choice(ROUNDUP_INTROS).format(**f0)),
              ("p", rng.choice(PROGRAM_ABOUT).format(**f0))]
    as_list = rng.random() < .5
    entries, inits = [], []
    for d in ds:
        enroll, schools = _enrollment(rng)
        f = {**frame, **_facts(rng, d, enroll, schools)}
        (iid, phrase), = _inits(rng, 1)
        inits.append((iid, phrase))
        if as_list:
            entries.append(rng.choice(ROUNDUP_ENTRIES).format(init=phrase, **f))
        else:
            blocks.append(("h2", d.name))
            blocks.append(("p", rng.choice(ROUNDUP_SECTION).format(init=phrase, detail=rng.choice(DETAILS).format(**f), **f)))
            blocks.append(("p", rng.choice(DETAILS).format(**f)))
    if as_list:
        blocks.append(("ul", entries))
        blocks += [("p", text.format(**f0)) for text in rng.sample(DETAILS, rng.randint(2, 4))]
    blocks.append(("p", rng.choice(QUOTE_FORMS).format(quote=rng.choice(QUOTES), person=_person(rng),
                                                       role="chair of the selection committee",
                                                       short=f0["org"]) ))
    blocks.append(("p", rng.choice(CLOSES).format(**f0)))
    headline = rng.choice(["{count} districts earn {year} {program}", "{org} names {year} winners",
                           "{program}: this year's honorees"]).format(**f0)
    return headline, blocks, inits


def _press(rng: random.Random, pool, frame: dict):
    d = rng.choice(pool)
    enroll, schools = _enrollment(rng)
    f = {**frame, **_facts(rng, d, enroll, schools)}
    inits = _inits(rng, rng.randint(2, 3))
    blocks = [("p", rng.choice(PRESS_LEADS).format(init=inits[0][1], **f)),
              ("p", rng.choice(QUOTE_FORMS).format(quote=rng.choice(QUOTES), person=_person(rng),
                                                   role=rng.choice(ROLES), **f))]
    for iid, phrase in inits[1:]:
        blocks.append(("p", rng.choice(ALSO).format(init=phrase, **f) + " " + rng.choice(DETAILS).format(**f)))
    for text in rng.sample(DETAILS, rng.randint(3, 6)):
        blocks.append(("p", text.format(**f)))
    blocks.append(("p", rng.choice(PROGRAM_ABOUT).format(**f)))
    blocks.append(("h2", f"About {d.name}"))
    blocks.append(("p", rng.choice(PRESS_ABOUT).format(**f)))
    blocks.append(("p", f"Media contact: {_person(rng)}, communications office, {d.short}."))
    headline = rng.choice(["{short} receives {program}", "{short} honored by {org}"]).format(**f)
    return headline, blocks, inits


def _block_html(kind: str, body) -> str:
    e = htmlmod.escape
    if kind == "ul":
        return "<ul class=\"honorees\">\n" + "\n".join(f"  <li>{e(x)}</li>" for x in body) + "\n</ul>"
    return f"<{kind}>{e(body)}</{kind}>"


def page(i: int, seed: int = DEFAULT_SEED) -> str:
    """Page i of the corpus: a whole HTML document, the same for the same (seed, i)."""
    rng = random.Random(f"page:{seed}:{i}")
    pool = district_pool(seed)
    frame = _paragraphs(rng)
    shape = rng.random()
    make = _feature if shape < .55 else _roundup if shape < .8 else _press
    headline, blocks, _ = make(rng, pool, frame)
    site, menu = rng.choice(SITES)
    author = _person(rng)
    e = htmlmod.escape
    published = frame["published"]
    nav = "\n".join(f'        <li><a href="/{m.lower().replace(" ", "-")}">{e(m)}</a></li>' for m in menu)
    most = rng.sample(MOST_READ, 5)
    sidebar = "\n".join(f'        <li><a href="/news/{j}">{e(t)}</a></li>' for j, t in enumerate(most))
    body = "\n      ".join(_block_html(k, b) for k, b in blocks)
    comments = ""
    if rng.random() < .3:
        cs = rng.sample(COMMENTS, 2)
        comments = ('\n    <section class="comments" id="comments"><h3>2 comments</h3>\n' + "\n".join(
            f'      <div class="comment"><span class="comment-author">{e(_person(rng))}</span>'
            f"<p>{e(c)}</p></div>" for c in cs) + "\n    </section>")
    related = "\n".join(
        f'    <div class="teaser"><a href="/news/r{j}"><h4>{e(t)}</h4></a><p>{e(rng.choice(DETAILS).format(**frame))[:140]}...</p></div>'
        for j, t in enumerate(rng.sample(MOST_READ, 3)))
    sitemap = "\n".join(
        f'      <div class="col"><h4>{e(col)}</h4><ul>' + "".join(
            f'<li><a href="/{col.lower()}/{k}">{e(item)}</a></li>' for k, item in enumerate(items)) + "</ul></div>"
        for col, items in SITEMAP)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{e(headline)} | {e(site)}</title>
  <meta property="og:type" content="article">
  <meta property="og:title" content="{e(headline)}">
  <meta property="og:site_name" content="{e(site)}">
  <meta property="article:published_time" content="{published.isoformat()}T08:00:00-05:00">
  <meta name="author" content="{e(author)}">
  <link rel="stylesheet" href="/assets/site.css">
  <script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
</head>
<body class="article-page">
  <div class="cookie-banner" id="cookie-consent" role="dialog">
    <p>{e(rng.choice(COOKIE))}</p>
    <button>Accept all</button> <button>Manage settings</button> <a href="/privacy">Privacy policy</a>
  </div>
  <header class="site-header">
    <a class="logo" href="/">{e(site)}</a>
    <nav class="main-menu" aria-label="Main">
      <ul>
{nav}
      </ul>
    </nav>
    <form class="search" action="/search"><input type="search" name="q" placeholder="Search"><button>Go</button></form>
    <a class="subscribe" href="/subscribe">Subscribe</a> <a class="login" href="/login">Sign in</a>
  </header>
  <div class="breadcrumbs"><a href="/">Home</a> &rsaquo; <a href="/news">News</a> &rsaquo; <a href="/awards">Awards</a></div>
  <main>
    <article class="post">
      <h1>{e(headline)}</h1>
      <p class="byline">By <a href="/authors/{i % 97}">{e(author)}</a> | <time datetime="{published.isoformat()}">{published:%B} {published.day}, {published.year}</time></p>
      {body}
      <div class="share">Share this story: <a href="#">Facebook</a> <a href="#">X</a> <a href="#">LinkedIn</a> <a href="#">Email</a> <a href="#">Print</a></div>
      <p class="tags">Tags: <a href="/tag/awards">awards</a>, <a href="/tag/districts">districts</a></p>
    </article>{comments}
    <aside class="sidebar">
      <h3>Most read</h3>
      <ul>
{sidebar}
      </ul>
      <div class="newsletter"><h3>Get the morning briefing</h3><p>News about schools and the people who run them, in your inbox every weekday.</p>
        <form action="/newsletter"><input type="email" placeholder="Your email"><button>Sign up</button></form></div>
      <div class="ad" data-slot="sidebar-1">Advertisement</div>
    </aside>
  </main>
  <section class="related">
    <h3>Related stories</h3>
{related}
  </section>
  <footer class="site-footer">
    <div class="sitemap">
{sitemap}
    </div>
    <nav><a href="/about">About us</a> | <a href="/contact">Contact</a> | <a href="/advertise">Advertise</a> |
      <a href="/privacy">Privacy policy</a> | <a href="/terms">Terms of use</a> | <a href="/accessibility">Accessibility</a></nav>
    <p>&copy; {published.year} {e(site)}. All rights reserved. {rng.randint(100, 9999)} Main Street, Suite {rng.randint(100, 900)}.</p>
  </footer>
</body>
</html>
"""


def generate(directory: str | Path, n: int, seed: int = DEFAULT_SEED) -> dict:
    """Write pages 0..n-1 as page-NNNNNN.html under `directory` (kept when already there)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    marker = directory / ".corpus.json"
    if marker.exists():
        meta = json.loads(marker.read_text())
        if meta.get("seed") == seed and meta.get("pages") == n:
            return meta
    for old in directory.glob("page-*.html"):
        old.unlink()
    started = time.perf_counter()
    size = 0
    for i in range(n):
        data = page(i, seed).encode("utf-8")
        (directory / f"page-{i:06d}.html").write_bytes(data)
        size += len(data)
    meta = {"seed": seed, "pages": n, "bytes": size, "seconds": round(time.perf_counter() - started, 2)}
    marker.write_text(json.dumps(meta))
    return meta


def corpus_paths(directory: str | Path, n: int | None = None) -> list[Path]:
    paths = sorted(Path(directory).glob("page-*.html"))
    return paths[:n] if n is not None else paths
