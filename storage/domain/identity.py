"""What identifies a person across imports: the keys an import matches on."""

from __future__ import annotations

from typing import Protocol

from nettui.storage.domain.names import normalize


class Identified(Protocol):
    name: str
    company: str
    emails: list[str]
    linkedin_url: str
    vcard_uid: str


def identity_keys(person: Identified) -> list[str]:
    """UID, e-mails, LinkedIn URL; else the name with the company. Kept for people deleted
    earlier only as salted one-way hashes, so re-importing a file does not bring them back
    and nothing of theirs can be read out of the file."""
    keys = [f"uid:{person.vcard_uid}"] if person.vcard_uid else []
    keys += [f"email:{e.casefold()}" for e in person.emails]
    if person.linkedin_url:
        keys.append(f"url:{person.linkedin_url.casefold().rstrip('/')}")
    return keys or [f"name:{normalize(person.name)}|{normalize(person.company)}"]
