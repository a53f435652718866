"""A writer process for the crash test: logs conversations and prints each id once it is saved.

    python writer.py DB [file|journal]

In ``journal`` mode it saves the way the dashboard does (a journal line per save) and folds
the journal into the file every 20 saves, so kills land in both kinds of write.
"""

import datetime
import sys

from nettui.storage.domain.models import Conversation
from nettui.storage.repository import Repository
from nettui.storage.session import Session

repo = Repository(sys.argv[1])
session = Session(repo) if len(sys.argv) > 2 and sys.argv[2] == "journal" else None
people = repo.people()
for n in range(100_000):
    talk = Conversation(person=people[n % len(people)].id, date=datetime.date(2026, 1, 1), note=f"crash {n}")
    repo.log(talk)
    print(talk.id, flush=True)  # acknowledged: log() returns only after the fsync
    if session is not None and n % 20 == 19:
        session.flush()
