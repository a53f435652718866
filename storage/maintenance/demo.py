"""Realistic, varied sample data for trying nettui and for benchmarks (seeded, repeatable)."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import Counter

from nettui.storage import clock
from nettui.storage.domain.jobs import describe
from nettui.storage.domain.models import (
    Community,
    Conversation,
    FollowUp,
    Intro,
    Model,
    Person,
    Plan,
    Reflection,
    Strength,
)
from nettui.storage.errors import InputError
from nettui.storage.repository import Repository

FIRST = [
    "Ada",
    "Alan",
    "Grace",
    "Linus",
    "Margaret",
    "Barbara",
    "Ken",
    "Radia",
    "Tim",
    "Frances",
    "Donald",
    "Edsger",
    "Hedy",
    "Katherine",
    "Guido",
    "Yukihiro",
    "Sophie",
    "Anita",
    "Dennis",
    "Bjarne",
    "Carol",
    "Jean",
    "Shafi",
    "Leslie",
    "Ruth",
    "Niklaus",
    "Adele",
    "Joan",
    "Mary",
    "Lynn",
    "Annie",
    "Sandi",
    "Priya",
    "Tariq",
    "Amara",
    "Kenji",
    "Ingrid",
    "Mateo",
    "Lucia",
    "Omar",
    "Chen",
    "Fatima",
    "Nia",
    "Jonas",
    "Elif",
    "Rafael",
    "Mei",
    "Kwame",
    "Aisha",
    "Henrik",
    "Zara",
    "Diego",
    "Yara",
    "Pavel",
    "Noor",
    "Hugo",
    "Leila",
    "Tomas",
    "Ines",
]
LAST = [
    "Lovelace",
    "Turing",
    "Hopper",
    "Torvalds",
    "Hamilton",
    "Liskov",
    "Thompson",
    "Perlman",
    "Berners-Lee",
    "Allen",
    "Knuth",
    "Dijkstra",
    "Lamarr",
    "Johnson",
    "van_Rossum",
    "Matsumoto",
    "Wilson",
    "Borg",
    "Ritchie",
    "Stroustrup",
    "Shaw",
    "Sammet",
    "Goldwasser",
    "Lamport",
    "Teitelbaum",
    "Wirth",
    "Goldberg",
    "Clarke",
    "Keller",
    "Conway",
    "Easley",
    "Metz",
    "Raman",
    "Haddad",
    "Okafor",
    "Tanaka",
    "Larsen",
    "Alvarez",
    "Moreno",
    "Rahman",
    "Wei",
    "Hassan",
    "Mensah",
    "Becker",
    "Yilmaz",
    "Costa",
    "Zhang",
    "Owusu",
    "Khan",
    "Nilsson",
    "Ahmed",
    "Ruiz",
    "Haddad",
    "Novak",
    "Siddiqui",
    "Laurent",
    "Rossi",
    "Petrov",
    "Silva",
]
COMPANIES = (
    "Acme Robotics", "Northwind", "Globex", "Initech", "Umbrella Health", "Stark Analytics",
    "Wayne Logistics", "Hooli", "Pied Piper", "Vandelay Imports", "Soylent Labs", "Tyrell Bio",
    "Cyberdyne", "Wonka Foods", "Oceanic Air", "Monarch Studio", "Blue Sun", "Gringotts Bank",
    "Aperture Science", "Black Mesa", "", "",
)  # fmt: skip
ROLES = (
    "Engineer", "Staff Engineer", "Product Manager", "Designer", "Founder", "CTO", "Data Scientist",
    "Recruiter", "Engineering Manager", "Researcher", "Consultant", "Writer", "Teacher", "",
)  # fmt: skip
CITIES = ("Berlin", "Lisbon", "London", "Toronto", "Austin", "Nairobi", "Tokyo", "Oslo", "")
TAGS = ("mentor", "python", "design", "hiring", "climate", "founder", "writing", "ml", "friend")
HOW_MET = (
    "PyCon hallway track", "introduced over coffee", "old colleague", "LinkedIn message",
    "book club", "neighbour", "university", "Slack community", "",
)  # fmt: skip
WORKING_ON = (
    "a new data platform", "raising a seed round", "a book on team habits", "moving to Lisbon",
    "a career change into design", "an open-source scheduler", "", "",
)  # fmt: skip
STORY = (
    "Started as a teacher, moved into software after a bootcamp.",
    "Grew up in a family of engineers; loves climbing.",
    "Left a big company to build a small, calm one.", "", "",
)  # fmt: skip
NOTES = (
    "Talked about hiring and how to keep teams small.",
    "Swapped book recommendations; promised to send the deck.",
    "Long chat about career changes; very energizing.",
    "Caught up on the launch; they want feedback on pricing.",
    "Quick check-in, a bit rushed.", "Walked by the river, talked about burnout and rest.",
    "Brainstormed a talk proposal together.", "Group dinner, hard to hear anyone.", "",
)  # fmt: skip
CHANNEL_WEIGHTS = {
    "coffee": 30, "call": 20, "video": 18, "message": 12, "meal": 8, "walk": 6, "event": 4,
    "other": 2,
}  # fmt: skip
CHANNEL_ENERGY = {
    "coffee": 1.3, "walk": 1.5, "call": 0.6, "video": 0.3, "meal": 0.8, "message": 0.0,
    "event": -1.2, "other": 0.0,
}  # fmt: skip
MY_STRENGTHS = ("listening", "small groups", "teaching", "writing", "asking questions")
FOLLOW_UPS = ("send the deck", "intro to a recruiter", "share the article", "review their CV")
PITCH = "I build calm data tools for small teams; I'd like to meet climate founders and editors."
COMMUNITIES = (("PyData board", "board"), ("Rust Discord", "online"), ("Women in Tech", "org"))


def _energy(rng: random.Random, channel: str, group: int) -> int | None:
    if rng.random() < 0.12:
        return None
    mean = CHANNEL_ENERGY[channel] - 0.4 * (group - 1)
    return max(-2, min(2, round(rng.gauss(mean, 0.8))))


def build(people: int, conversations: int, seed: int, today: dt.date) -> dict[str, list[Model]]:
    """Sample data as models, indexes filled in, ready for one bulk insert."""
    rng = random.Random(seed)
    stamp = clock.now_iso()
    communities = [Community(name=n, kind=k, created=stamp) for n, k in COMMUNITIES]
    persons: list[Person] = []
    names: Counter[str] = Counter()
    for index in range(people):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST).replace('_', ' ')}"
        names[name] += 1
        if names[name] > 1:
            name = f"{name} {names[name]}"
        company = rng.choice(COMPANIES)
        added = today - dt.timedelta(days=rng.randint(30, 900))
        person = Person(
            name=name,
            id=_uuid(rng),
            emails=[f"{name.split()[0].lower()}.{index}@example.com"] if rng.random() < 0.7 else [],
            company=company,
            role=rng.choice(ROLES),
            city=rng.choice(CITIES),
            how_met=rng.choice(HOW_MET),
            tags=sorted(set(rng.sample(TAGS, rng.randint(0, 2)))),
            every=rng.choice(("2w", "4w", "4w", "3m", "3m", "6m", None, None)),
            working_on=rng.choice(WORKING_ON),
            story=rng.choice(STORY),
            communities=[rng.choice(communities).id] if rng.random() < 0.25 else [],
            created=added.isoformat() + "T12:00:00Z",
        )
        if persons and rng.random() < 0.15:
            person.introduced_by = rng.choice(persons).id
        persons.append(person)
    talks: list[Conversation] = []
    # A few close people get most conversations, as in real life.
    weights = [rng.paretovariate(1.2) for _ in persons]
    chosen = rng.choices(persons, weights=weights, k=conversations) if persons else []
    channels, channel_weights = zip(*CHANNEL_WEIGHTS.items(), strict=True)
    for person in chosen:
        channel = rng.choices(channels, weights=channel_weights)[0]
        others = []
        if channel in ("event", "meal") and rng.random() < 0.6 and len(persons) > 3:
            others = [p.id for p in rng.sample(persons, rng.randint(1, 3)) if p is not person]
        offset = int(rng.expovariate(1 / 150)) % 730
        if offset < 7 and rng.random() < 0.92:
            offset += 7  # a small social battery: few conversations this week
        day = today - dt.timedelta(days=offset)
        talk = Conversation(
            person=person.id,
            date=day,
            channel=channel,
            id=_uuid(rng),
            energy=_energy(rng, channel, 1 + len(others)),
            note=rng.choice(NOTES),
            strengths=rng.sample(MY_STRENGTHS, rng.randint(0, 2)),
            with_=others,
            created=stamp,
        )
        talks.append(talk)
    by_id = {p.id: p for p in persons}
    for talk in talks:
        for pid in (talk.person, *talk.with_):
            person = by_id[pid]
            if person.last_talked is None or talk.date > person.last_talked:
                person.last_talked = talk.date
            person.channel_counts[talk.channel] = person.channel_counts.get(talk.channel, 0) + 1
    plans, follow_ups = _plans_and_follow_ups(rng, persons, today, stamp)
    plans += _news(random.Random(seed + 1), persons, today, stamp)  # its own stream: the rest stays
    strengths = [Strength(text=s, created=stamp) for s in MY_STRENGTHS[:4]]
    reflections = [
        Reflection(text=t, date=today - dt.timedelta(days=d), strengths=s, created=stamp)
        for t, d, s in (
            ("Walks beat coffee shops: quieter, and the talk goes deeper.", 3, ["listening"]),
            ("Two calls in one afternoon was one too many.", 10, []),
            ("Teaching the intern energized me more than the conference did.", 24, ["teaching"]),
        )
    ]
    intros = _intros(rng, persons, today, stamp)
    return {
        "intros": intros,
        "people": persons,
        "conversations": talks,
        "plans": plans,
        "follow_ups": follow_ups,
        "communities": communities,
        "strengths": strengths,
        "reflections": reflections,
    }


def _intros(rng: random.Random, persons: list[Person], today: dt.date, stamp: str) -> list[Model]:
    """A few introductions in every stage, asked of and made by me."""
    if len(persons) < 4:
        return []
    intros: list[Model] = []
    wanted = ("a CTO in Lisbon", "someone hiring designers", "a climate founder", "a book editor")
    for index, stage in enumerate(("asked", "made", "met", "thanked")):
        day = today - dt.timedelta(days=5 + 9 * index)
        dates = {s: day.isoformat() for s in ("asked", "made", "met", "thanked")[: index + 1]}
        intros.append(
            Intro(
                stage=stage,
                date=day,
                introducer=rng.choice(persons).id,
                wanted=wanted[index],
                id=_uuid(rng),
                stage_dates=dates,
                created=stamp,
            )
        )
    a, b = rng.sample(persons, 2)
    intros.append(Intro(stage="made", date=today - dt.timedelta(days=2), people=[a.id, b.id],
                        made_by_me=True, id=_uuid(rng), created=stamp))  # fmt: skip
    return intros


def _uuid(rng: random.Random) -> str:
    """A seeded version-4 UUID, so a seed always gives the same file."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _plans_and_follow_ups(
    rng: random.Random, persons: list[Person], today: dt.date, stamp: str
) -> tuple[list[Model], list[Model]]:
    plans: list[Model] = []
    follow_ups: list[Model] = []
    if not persons:
        return plans, follow_ups
    for person in rng.sample(persons, min(len(persons), max(2, len(persons) // 40))):
        plans.append(
            Plan(
                person=person.id,
                date=today + dt.timedelta(days=rng.randint(0, 20)),
                channel=rng.choice(("coffee", "call", "video", "walk")),
                topic=rng.choice(("catch up", "their new role", "talk proposal", "hiring", "")),
                id=_uuid(rng),
                created=stamp,
            )
        )
    for person in rng.sample(persons, min(len(persons), max(2, len(persons) // 50))):
        follow_ups.append(
            FollowUp(
                person=person.id,
                text=rng.choice(FOLLOW_UPS),
                due=today + dt.timedelta(days=rng.randint(-6, 14)),
                id=_uuid(rng),
                created=stamp,
            )
        )
    return plans, follow_ups


def _news(rng: random.Random, persons: list[Person], today: dt.date, stamp: str) -> list[Model]:
    """Reasons to get in touch: birthdays (some without a year), a few recent job changes, and
    a plan whose day has passed without a log (a debrief). Returns that plan."""
    for person in persons:
        if rng.random() < 0.35:
            born = dt.date(rng.randint(1960, 2000), rng.randint(1, 12), rng.randint(1, 28))
            person.birthday = born.isoformat() if rng.random() < 0.7 else born.strftime("--%m-%d")
    for person in rng.sample(persons, min(len(persons), max(1, len(persons) // 20))):
        before = rng.choice([c for c in COMPANIES if c != person.company])
        day = today - dt.timedelta(days=rng.randint(2, 25))
        was, now = describe(before, person.role), describe(person.company, person.role)
        person.job_changes.append({"date": day.isoformat(), "source": "linkedin", "from": was, "to": now})
        person.last_import = {"kind": "linkedin", "company": person.company, "role": person.role}
    if not persons:
        return []
    person = rng.choice(persons)
    day = today - dt.timedelta(days=2)
    return [
        Plan(
            person=person.id,
            date=day,
            channel="coffee",
            topic="their side project",
            id=_uuid(rng),
            created=stamp,
        )
    ]


def fill(repo: Repository, people: int, conversations: int, seed: int, today: dt.date) -> dict[str, int]:
    """Write demo data into an empty database in one atomic write."""
    if people < 0 or conversations < 0:
        raise InputError("--people and --conversations must be zero or more.")
    if conversations and not people:
        raise InputError("Conversations need people: give --people 1 or more.")
    if repo.people():
        raise InputError(f"{repo.path} already holds people; demo data goes into a new file (use --db).")
    rows = build(people, conversations, seed, today)
    with repo.transaction():
        repo.bulk_insert(rows)
        if people:
            repo.set_setting("pitch", PITCH)
    return {name: len(models) for name, models in rows.items()}
