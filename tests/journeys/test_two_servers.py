"""Two app servers, one site: the deployment of N app servers behind a load
balancer (docs/operations.md), with two gunicorns on different ports sharing one
PostgreSQL and one Redis.

- A change made through one server is what the other serves at its next
  request: nothing either keeps in its own memory (the vocabulary of search, a
  page in the cache) outlives a change made through the other.
- Every cron command run on both servers at the same moment does its work once:
  each email leaves once, each subscriber gets one digest, the moderators one
  reminder, and what the retention purge erases is erased once.
"""

from __future__ import annotations

import re
import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests import servers

SYNONYM_WORD = "tuckered"  # a lay word no demo text uses


@pytest.fixture(scope="module")
def second(site: servers.Server) -> Iterator[servers.Server]:
    other = servers.start_another(site)
    yield other
    servers.stop_another(other)
    errors = [line for line in other.log if re.search(r"Traceback|ERROR|\" 5\d\d ", line)]
    assert errors == [], "".join(errors)


def read(server: servers.Server, path: str) -> str:
    request = urllib.request.Request(server.url + path, headers={"X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
        return response.read().decode()


def at_once(server: servers.Server, *commands: list[str]) -> list[str]:
    """Run each command on both app servers at the same moment (two processes
    each, as two crontabs would); their outputs."""
    started = [
        subprocess.Popen(  # noqa: S603 - our own commands
            [sys.executable, "manage.py", *command],
            cwd=servers.ROOT,
            env=server.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for command in commands
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=120)[0] for process in started]
    assert all(process.returncode == 0 for process in started), outputs
    return outputs


def test_a_change_made_through_one_server_is_served_fresh_by_the_other(
    person, site: servers.Server, second: servers.Server
) -> None:
    # The other server has the search vocabulary and the results page in hand.
    assert "search-hit" not in read(second, f"/search/?q={SYNONYM_WORD}")
    moderator = person()
    moderator.log_in("moderator")
    moderator.goto("/admin/search/synonym/add/")
    moderator.looks()
    moderator.page.get_by_label("Terms").fill(f"fatigue, {SYNONYM_WORD}")
    moderator.page.get_by_role("button", name="Save", exact=True).click()
    expect(moderator.page.get_by_text(re.compile("was added successfully"))).to_be_visible()
    moderator.looks()
    # The next search on the other server uses the new group.
    assert "search-hit" in read(second, f"/search/?q={SYNONYM_WORD}")

    # A comment approved through one server shows on the other's cached page.
    [(slug,)] = site.query(
        "SELECT slug FROM questions_question WHERE status = 'published' "
        "ORDER BY published_at DESC LIMIT 1"
    )
    page = read(second, f"/questions/{slug}/")
    assert "Served by the other server" not in page
    site.manage(
        "shell",
        "-c",
        "from questions.models import Comment, Question\n"
        f"Comment.objects.create(question=Question.objects.get(slug={slug!r}), "
        "author_name='', body='Served by the other server, fresh.')",
    )
    moderator.goto("/admin/questions/comment/?status__exact=pending")
    moderator.looks()
    row = moderator.page.locator("#result_list tbody tr").filter(has_text="Served by the other")
    row.get_by_role("button", name=re.compile(r"^Approve")).click()
    expect(moderator.page.get_by_text(re.compile(r"Comment \d+ approved\."))).to_be_visible()
    moderator.looks()
    assert "Served by the other server, fresh." in read(second, f"/questions/{slug}/")


def test_every_cron_command_on_both_servers_at_once_does_its_work_once(
    site: servers.Server, second: servers.Server
) -> None:
    site.send_mail()  # whatever the demo and other journeys left in the outbox
    addresses = [f"reader{n}@clinic.test" for n in range(6)]
    site.manage(
        "shell",
        "-c",
        "import datetime\n"
        "from django.utils import timezone\n"
        "from subscriptions.models import Subscription\n"
        "from subscriptions.services import subscription_request\n"
        f"for address in {addresses!r}:\n"
        "    subscription_request(email=address, categories=[], frequency='daily')\n"
        "long_ago = timezone.now() - datetime.timedelta(days=60)\n"
        # The first five confirmed long ago and due a digest; the last one never confirmed.
        f"Subscription.objects.filter(email__in={addresses[:5]!r}).update("
        "confirmed_at=long_ago, last_digest_at=long_ago, all_topics=True)\n"
        f"Subscription.objects.filter(email={addresses[5]!r}).update(mailed_at=long_ago)\n"
        "from questions.models import Comment, Question\n"
        "question = Question.objects.published().first()\n"
        "Comment.objects.create(question=question, author_name='', body='Waiting for a moderator.')",
    )
    before = len(site.mail.messages)
    at_once(site, ["send_outbox"])
    confirmations = site.mail.messages[before:]
    assert sorted(m["To"] for m in confirmations) == sorted(addresses), "each mail once"

    outputs = at_once(site, ["send_digests", "--frequency", "daily"])
    queued = sum(int(re.search(r"(\d+) daily digest", out)[1]) for out in outputs)
    assert queued == 5
    before = len(site.mail.messages)
    at_once(site, ["send_outbox"])
    digests = site.mail.messages[before:]
    assert sorted(m["To"] for m in digests) == sorted(addresses[:5]), "one digest each"

    outputs = at_once(site, ["notify_pending_comments"])
    before = len(site.mail.messages)
    at_once(site, ["send_outbox"])
    reminders = [m for m in site.mail.messages[before:] if "comment" in m["Subject"].lower()]
    assert len(reminders) == 1, [m["Subject"] for m in reminders]

    outputs = at_once(site, ["purge_personal_data"])
    erased = [int(re.search(r"(\d+) unconfirmed subscription", out)[1]) for out in outputs]
    assert sum(erased) == 1, outputs
    left = site.query(
        "SELECT count(*) FROM subscriptions_subscription WHERE email = %s", (addresses[5],)
    )
    assert left == [(0,)]
