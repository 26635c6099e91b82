"""The people whose details the privacy tests send in, and what of theirs must never be public."""

from __future__ import annotations

import re

PATIENTS = [
    {
        "name": "Wilhelmina Zarkovic",
        "email": "wilhelmina.zarkovic@patient-private.test",
        "address": "203.0.113.71",
        "subject": "Wilhelmina from Quenby Falls: Ocrevus and breastfeeding",
        "question": "My name is Wilhelmina Zarkovic, I teach at Quenby Falls Elementary, "
        "and my neurologist Dr Okonkwo-Haldane said my MRI from 3 March showed "
        "two new lesions. Can I breastfeed after my Ocrevus infusion?",
        "public_title": "Breastfeeding after an Ocrevus infusion",
        "public_body": "A reader asks whether she can breastfeed after an Ocrevus infusion.",
        "fate": "published",
    },
    {
        "name": "Aurelio Pennywhistle",
        "email": "aurelio.pennywhistle@patient-private.test",
        "address": "203.0.113.72",
        "subject": "Aurelio, 52, Marrowdale: fatigue on Tysabri",
        "question": "I am Aurelio Pennywhistle, 52, a bus driver in Marrowdale, patient "
        "number MRN-88412207. Why am I so tired the day after my Tysabri infusion?",
        "public_title": "Tiredness the day after a Tysabri infusion",
        "public_body": "A reader asks why they feel tired the day after a Tysabri infusion.",
        "fate": "published",
    },
    {
        "name": "Ottoline Brackenbury",
        "email": "ottoline.brackenbury@patient-private.test",
        "address": "203.0.113.73",
        "subject": "Ottoline Brackenbury wants a second opinion",
        "question": "Ottoline Brackenbury here, from 14 Thistledown Lane. Please check "
        "the report my doctor wrote about me and tell me what it means.",
        "fate": "declined",
    },
    {
        "name": "Casimir Featherstonehaugh",
        "email": "casimir.f@patient-private.test",
        "address": "203.0.113.74",
        "subject": "Casimir in Lowmoor Cross: heat and symptoms",
        "question": "This is Casimir Featherstonehaugh of Lowmoor Cross. My symptoms get "
        "worse in a hot bath. Is that a relapse?",
        "fate": "waiting",
    },
]
COMMENTERS = [
    {
        "name": "Bartholomew Quillsby",
        "email": "bart.quillsby@reader-private.test",
        "address": "198.51.100.23",
        "comment": "Thank you, this matched my own experience with the infusions.",
        "approve": True,
        # Asks for one email when a clinician replies; a clinician does.
        "notify_reply": True,
        "reply": "Thank you for sharing this. Tiredness after an infusion often eases within days.",
    },
    {
        "name": "Henrietta Vanderpool",
        "email": "henrietta.vanderpool@reader-private.test",
        "address": "198.51.100.24",
        "comment": "Pending words from Henrietta that no one has approved (QZX-PENDING).",
        "approve": False,
    },
]
SUBSCRIBERS = [
    {
        "email": "peregrine.ashcombe@subscriber-private.test",
        "address": "192.0.2.91",
        "ends": False,
    },
    {
        "email": "sorrel.kingsbridge@subscriber-private.test",
        "address": "192.0.2.92",
        "ends": True,  # unsubscribes, asking never to be emailed again
    },
]


def secrets_of(person: dict) -> list[str]:
    """What must never be public: contact details, addresses and the exact words
    a patient used (distinctive fragments of them)."""
    found = [person["email"], person["address"]]
    if "name" in person:
        found += [person["name"], *person["name"].split()]
    if "subject" in person:
        found += [person["subject"], person["question"]]
        found += re.findall(
            r"Quenby Falls|Okonkwo-Haldane|Marrowdale|MRN-\d+|Thistledown "
            r"Lane|Lowmoor Cross",
            person["question"],
        )
    if not person.get("approve", True):
        found.append(person["comment"])
    return found


ALL_SECRETS = sorted({s for p in PATIENTS + COMMENTERS + SUBSCRIBERS for s in secrets_of(p)})


def leaks(text: str) -> list[str]:
    lowered = text.lower()
    return [s for s in ALL_SECRETS if s.lower() in lowered]
