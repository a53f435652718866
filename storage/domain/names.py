"""NAME resolution: an id or a unique id prefix (6+ characters), then the name exactly, then
uniquely by prefix, then fuzzily; ambiguity is an error listing the candidates with their
company and id prefix, so two people with one name can always be told apart."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol, TypeVar

from nettui.storage.domain.text import clean, fold
from nettui.storage.errors import NotFoundError

FUZZY_CUTOFF = 80.0
FUZZY_MARGIN = 8.0


class Named(Protocol):
    name: str


T = TypeVar("T", bound=Named)
Item = TypeVar("Item")


def normalize(name: str) -> str:
    """Case-, accent- and space-insensitive form of a name."""
    return " ".join(fold(name).split())


ID_PREFIX = 6
_ID_LIKE = re.compile(r"^[0-9a-f][0-9a-f-]{5,}$")


def label(item: Named) -> str:
    """A name with what tells it apart: "Ada Lovelace (Engines, 3f2a9c1b)"."""
    extra = [x for x in (getattr(item, "company", ""), str(getattr(item, "id", ""))[:8]) if x]
    return f"{item.name} ({', '.join(extra)})" if extra else item.name


def _listing(items: list[T]) -> str:
    names = sorted(label(item) for item in items)
    shown = ", ".join(names[:8])
    return shown + (f" and {len(names) - 8} more" if len(names) > 8 else "")


def resolve(query: str, items: Iterable[T], *, what: str = "person") -> T:
    """The one item ``query`` names, or a NotFoundError saying why not."""
    pool = list(items)
    query = clean(query)  # as names are stored: no control characters, undecodable bytes as �
    wanted = normalize(query)
    if not wanted:
        raise NotFoundError(f"Give a {what}'s name.")
    key = query.strip().lower()
    if _ID_LIKE.match(key):
        by_id = [item for item in pool if str(getattr(item, "id", "")).startswith(key)]
        if len(by_id) == 1:
            return by_id[0]
    exact = [item for item in pool if normalize(item.name) == wanted]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise NotFoundError(
            f"{len(exact)} people are called {query!r}: {_listing(exact)}; give an id prefix instead."
        )
    prefix = [item for item in pool if _starts(normalize(item.name), wanted)]
    if len(prefix) == 1:
        return prefix[0]
    if len(prefix) > 1:
        raise NotFoundError(f"{query!r} could be {_listing(prefix)}: say which.")
    from rapidfuzz import fuzz, process  # deferred: only a fuzzy match needs it

    choices = {index: normalize(item.name) for index, item in enumerate(pool)}
    found = process.extract(wanted, choices, scorer=fuzz.WRatio, limit=3, score_cutoff=FUZZY_CUTOFF)
    if not found:
        raise NotFoundError(f"No {what} matches {query!r}.")
    best = found[0][1]
    close = [pool[key] for _, score, key in found if best - score < FUZZY_MARGIN]
    if len(close) > 1:
        raise NotFoundError(f"{query!r} could be {_listing(close)}: say which.")
    return close[0]


def _starts(name: str, wanted: str) -> bool:
    """A prefix of the whole name or of any word in it ("ada", "lovelace", "ada lov")."""
    if name.startswith(wanted):
        return True
    return any(word.startswith(wanted) for word in name.split(" ")[1:]) and " " not in wanted


def by_id_prefix(prefix: str, items: Iterable[Item], what: str, where: str = "") -> Item:
    """The one item whose id starts with ``prefix`` (at least :data:`ID_PREFIX` characters,
    as ids are shown); ``where`` names the command that lists them."""
    wanted = prefix.strip().lower()
    see = f": see `{where}`" if where else ""
    if len(wanted) < ID_PREFIX:
        raise NotFoundError(f"Give at least {ID_PREFIX} characters of the {what}'s id, not {prefix!r}{see}.")
    matches = [item for item in items if str(getattr(item, "id", "")).startswith(wanted)]
    if not matches:
        raise NotFoundError(f"No {what} has the id {prefix!r}{see}.")
    if len(matches) > 1:
        raise NotFoundError(f"The id {prefix!r} matches {len(matches)} of them: give more of it.")
    return matches[0]
