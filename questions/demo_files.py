"""Read the demo content in questions/demo/: categories and staff in TOML, one
Markdown file per Q&A with a TOML header between `+++` lines.

Hand-written because the format is three lines of parsing on top of the
standard library's `tomllib`; a front-matter package would add a dependency
for nothing. Every mistake is reported with the file it is in.

Dates are days before the day the demo is loaded, counted in the site's time
zone, so a demo loaded any day has Q&As from the past months up to a few weeks
ago. Texts in a Q&A file are wrapped for reading; `unwrap()` joins the lines
of each paragraph and list item again.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from django.utils import timezone

from core.demo_files import DemoFileError, display, read_toml, take
from questions.models import Answer, Question

DEMO_DIR = Path(__file__).resolve().parent / "demo"

STATES = ("published", "new", "assigned", "awaiting_signoff", "rejected")

# A line that starts a new Markdown block item rather than continuing the previous line.
_BLOCK_START = re.compile(r"(?:[-*+] |\d+\. |#)")


def unwrap(text: str) -> str:
    """Join the lines of each paragraph or list item, keeping blank lines between
    paragraphs, so what is stored has no hard line breaks inside a paragraph."""
    blocks = []
    for block in re.split(r"\n[ \t]*\n", textwrap.dedent(text).strip()):
        lines: list[str] = []
        for raw in block.splitlines():
            line = raw.strip()
            if lines and not _BLOCK_START.match(line):
                lines[-1] = f"{lines[-1]} {line}"
            else:
                lines.append(line)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def days_ago(path: Path, table: dict, key: str) -> dt.date:
    """The day `table[key]` days before the load day; at least one, so never in the future."""
    days = table[key]
    if not isinstance(days, int) or isinstance(days, bool) or days < 1:
        raise DemoFileError(f"{display(path)}: {key} must be a whole number of days, at least 1")
    return timezone.localdate() - dt.timedelta(days=days)


def local(day: dt.date, at: dt.time) -> dt.datetime:
    """An aware datetime at a clinic-local time of day (the site's TIME_ZONE)."""
    return timezone.make_aware(dt.datetime.combine(day, at))


@dataclass(frozen=True)
class Patient:
    """What the patient typed. Private; never shown on a public page."""

    subject: str
    wording: str
    name: str = ""
    email: str = ""
    notify: bool = False


@dataclass(frozen=True)
class Revision:
    signed: dt.date
    note: str
    answer: str


@dataclass(frozen=True)
class EnglishUpdate:
    """A change of the English signed after its translation: the paragraph
    added to the answer, and whether the change is clinical or editorial."""

    signed: dt.date
    kind: str
    note: str
    added: str


@dataclass(frozen=True)
class DemoReply:
    by: str  # an expert's username
    posted: dt.datetime
    body: str


@dataclass(frozen=True)
class DemoReference:
    """A source of the answer: by title and publisher, with a web address only
    where one is known for certain."""

    title: str
    publisher: str = ""
    url: str = ""
    accessed: dt.date | None = None


@dataclass(frozen=True)
class DemoComment:
    author: str
    posted: dt.datetime
    body: str
    email: str = ""
    approved: bool = True
    reply: DemoReply | None = None


@dataclass(frozen=True)
class DemoQA:
    path: Path
    title: str
    status: str
    question: str  # the public, de-identified wording
    patient: Patient
    submitted: dt.date
    answer: str = ""  # Markdown
    in_short: str = ""  # the answer's "In short", plain text, signed with it
    category: str = ""
    expert: str = ""
    signer: str = ""
    published: dt.date | None = None
    handled: dt.date | None = None  # day of the last transition of an unpublished question
    revision: Revision | None = None
    comments: tuple[DemoComment, ...] = ()
    references: tuple[DemoReference, ...] = ()
    reject_reason: str = ""
    reject_note: str = ""
    duplicate_of: str = ""
    language: str = "en"  # the one the patient asked in


def read_categories(directory: Path) -> list[dict]:
    path = directory / "categories.toml"
    rows = read_toml(path).get("category", [])
    return [take(path, row, {"slug", "name", "description"}, set()) for row in rows]


def read_people(directory: Path) -> tuple[dict, list[dict]]:
    """The moderator and the experts."""
    path = directory / "people.toml"
    data = read_toml(path)
    user = {"username", "first_name", "last_name", "email", "group"}
    profile = {"display_name", "credentials", "titles", "institution", "bio"}
    moderator = take(path, data.get("moderator", {}), user, set(), "moderator")
    experts = [
        take(path, row, user | profile, {"languages"}, "expert") for row in data.get("expert", [])
    ]
    return moderator, experts


def read_qas(directory: Path, *, categories: set[str], experts: set[str]) -> list[DemoQA]:
    """Every Q&A file, in the order of their names (oldest first)."""
    qas = [_read_qa(path, categories, experts) for path in sorted((directory / "qas").glob("*.md"))]
    seen: dict[str, Path] = {}
    for qa in qas:
        if qa.title in seen:
            raise DemoFileError(f"{display(qa.path)}: same title as {display(seen[qa.title])}")
        seen[qa.title] = qa.path
        if qa.duplicate_of and qa.duplicate_of not in {
            q.title for q in qas if q.status == "published" and q.path < qa.path
        }:
            raise DemoFileError(
                f"{display(qa.path)}: duplicate_of names no published Q&A before this file"
            )
    return qas


def _time(path: Path, row: dict) -> dt.time:
    if not isinstance(row["time"], dt.time):
        raise DemoFileError(f"{display(path)}: a comment's time must look like 20:15:00")
    return row["time"]


def _reply(path: Path, row: dict, experts: set[str]) -> DemoReply:
    """A clinician's reply under a comment ([comments.reply] after its [[comments]])."""
    row = take(path, row, {"by", "posted_days_ago", "time", "body"}, set())
    if row["by"] not in experts:
        raise DemoFileError(f"{display(path)}: unknown clinician {row['by']!r} for a reply")
    return DemoReply(
        by=row["by"],
        posted=local(days_ago(path, row, "posted_days_ago"), _time(path, row)),
        body=unwrap(row["body"]),
    )


def _split(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("+++\n") or "\n+++\n" not in text[3:]:
        raise DemoFileError(f"{display(path)}: no TOML header between two '+++' lines")
    header, body = text[4:].split("\n+++\n", 1)
    try:
        return tomllib.loads(header), unwrap(body)
    except tomllib.TOMLDecodeError as exc:
        raise DemoFileError(f"{display(path)}: {exc}") from None


def _read_qa(path: Path, categories: set[str], experts: set[str]) -> DemoQA:
    head, answer = _split(path)

    def fail(problem: str) -> NoReturn:
        raise DemoFileError(f"{display(path)}: {problem}")

    status = head.get("status")
    required = {"title", "status", "question", "patient", "submitted_days_ago"}
    optional = {"category", "expert", "in_short", "language"}
    if status == "published":
        required |= {"category", "expert", "signer", "published_days_ago"}
        optional |= {"revision", "comments", "references"}
    elif status in {"assigned", "awaiting_signoff"}:
        required |= {"category", "expert", "handled_days_ago"}
    elif status == "rejected":
        required |= {"handled_days_ago", "reject_reason", "reject_note"}
        optional |= {"duplicate_of"}
    elif status != "new":
        fail(f"status is {status!r}, not one of {', '.join(STATES)}")
    take(path, head, required, optional)
    if "category" in head and head["category"] not in categories:
        fail(f"unknown category {head['category']!r}")
    for role in ("expert", "signer"):
        if role in head and head[role] not in experts:
            fail(f"unknown {role} {head[role]!r}")
    if status == "rejected" and head["reject_reason"] not in Question.RejectReason.values:
        fail(f"reject_reason must be one of {', '.join(Question.RejectReason.values)}")
    if head.get("reject_reason") == "duplicate" and "duplicate_of" not in head:
        fail("a duplicate needs duplicate_of, the title of the published Q&A")
    if status in {"published", "assigned", "awaiting_signoff"} and not answer:
        fail("no answer below the header")

    submitted = days_ago(path, head, "submitted_days_ago")
    published = days_ago(path, head, "published_days_ago") if status == "published" else None
    handled = days_ago(path, head, "handled_days_ago") if "handled_days_ago" in head else None
    patient = take(path, head["patient"], {"subject", "wording"}, {"name", "email", "notify"})
    revision = None
    if "revision" in head:
        row = take(path, head["revision"], {"signed_days_ago", "note", "answer"}, set())
        signed = days_ago(path, row, "signed_days_ago")
        revision = Revision(signed, row["note"], unwrap(row["answer"]))
    comments = tuple(
        DemoComment(
            author=row["author"],
            posted=local(days_ago(path, row, "posted_days_ago"), _time(path, row)),
            body=unwrap(row["body"]),
            email=row.get("email", ""),
            approved=row.get("approved", True),
            reply=_reply(path, row["reply"], experts) if "reply" in row else None,
        )
        for row in (
            take(
                path,
                c,
                {"author", "posted_days_ago", "time", "body"},
                {"email", "approved", "reply"},
            )
            for c in head.get("comments", [])
        )
    )

    references = tuple(
        DemoReference(
            title=row["title"],
            publisher=row.get("publisher", ""),
            url=row.get("url", ""),
            accessed=days_ago(path, row, "accessed_days_ago")
            if "accessed_days_ago" in row
            else None,
        )
        for row in (
            take(path, r, {"title"}, {"publisher", "url", "accessed_days_ago"})
            for r in head.get("references", [])
        )
    )
    if published and (published - submitted).days < 2:
        fail("published less than two days after submission")
    if handled and handled <= submitted:
        fail("handled on or before the day it was submitted")
    if revision or comments:
        # Only a published Q&A has them: take() refused them in any other.
        assert published is not None
        if revision and revision.signed <= published:
            fail("the revision must be signed after publication")
        for comment in comments:
            if comment.posted <= local(published, dt.time(12)):
                fail(f"the comment by {comment.author} is posted before publication")
            if comment.reply and not comment.approved:
                fail(f"the comment by {comment.author} has a reply but is not approved")
            if comment.reply and comment.reply.posted <= comment.posted:
                fail(f"the reply to {comment.author} is posted before the comment")
    return DemoQA(
        path=path,
        title=head["title"],
        status=head["status"],
        question=unwrap(head["question"]),
        answer=answer,
        in_short=unwrap(head.get("in_short", "")),
        patient=Patient(**{**patient, "wording": unwrap(patient["wording"])}),
        submitted=submitted,
        category=head.get("category", ""),
        expert=head.get("expert", ""),
        signer=head.get("signer", ""),
        published=published,
        handled=handled,
        revision=revision,
        comments=comments,
        references=references,
        reject_reason=head.get("reject_reason", ""),
        reject_note=unwrap(head.get("reject_note", "")),
        duplicate_of=head.get("duplicate_of", ""),
        language=head.get("language", "en"),
    )


@dataclass(frozen=True)
class DemoTranslation:
    path: Path
    language: str
    english_title: str  # of the published Q&A it translates (the file of the same name)
    title: str
    in_short: str
    question: str
    answer: str  # Markdown
    english_update: EnglishUpdate | None = None
    # The clinician wrote the answer in this language first: the English translates it.
    written_first: bool = False


def read_translations(
    directory: Path, qas: list[DemoQA]
) -> tuple[dict[str, dict], list[DemoTranslation]]:
    """Per language (a folder of translations/): who translates and who signs,
    with the categories' names (signing.toml, categories.toml), and its
    translated Q&As, each in a file named as the English one it translates."""
    published = {qa.path.name: qa for qa in qas if qa.status == "published"}
    setup: dict[str, dict] = {}
    translations: list[DemoTranslation] = []
    for folder in sorted(p for p in (directory / "translations").glob("*") if p.is_dir()):
        language = folder.name
        signing = take(
            folder / "signing.toml",
            read_toml(folder / "signing.toml"),
            {"translator", "signer"},
            set(),
        )
        names = [
            take(folder / "categories.toml", row, {"slug", "name"}, {"description"})
            for row in read_toml(folder / "categories.toml").get("category", [])
        ]
        setup[language] = {**signing, "categories": names}
        for path in sorted(folder.glob("*.md")):
            head, answer = _split(path)
            take(path, head, {"title", "in_short", "question"}, {"english_update", "written_first"})
            english = published.get(path.name)
            if english is None:
                raise DemoFileError(f"{display(path)}: no published Q&A file of the same name")
            if not answer:
                raise DemoFileError(f"{display(path)}: no answer below the header")
            translations.append(
                DemoTranslation(
                    path=path,
                    language=language,
                    english_title=english.title,
                    title=unwrap(head["title"]),
                    in_short=unwrap(head["in_short"]),
                    question=unwrap(head["question"]),
                    answer=answer,
                    english_update=_english_update(path, head.get("english_update")),
                    written_first=head.get("written_first") is True,
                )
            )
    return setup, translations


def _english_update(path: Path, row: dict | None) -> EnglishUpdate | None:
    if row is None:
        return None
    row = take(path, row, {"signed_days_ago", "kind", "note", "added"}, set(), "english_update")
    if row["kind"] not in Answer.ChangeKind.values:
        raise DemoFileError(f"{display(path)}: kind must be clinical or editorial")
    return EnglishUpdate(
        days_ago(path, row, "signed_days_ago"), row["kind"], row["note"], unwrap(row["added"])
    )
