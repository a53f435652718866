"""A writer process for the crash test: logs conversations and prints each id once it is saved."""

import datetime
import sys

from nettui.storage.models import Conversation
from nettui.storage.repository import Repository

repo = Repository(sys.argv[1])
people = repo.people()
for n in range(100_000):
    talk = Conversation(person=people[n % len(people)].id, date=datetime.date(2026, 1, 1), note=f"crash {n}")
    repo.log(talk)
    print(talk.id, flush=True)  # acknowledged: log() returns only after the fsync
