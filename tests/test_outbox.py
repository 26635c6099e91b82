"""Mail leaves the site only through the outbox job, each message exactly once.

A request stores its emails and returns; `send_outbox` (cron, every minute)
sends them. A mail server that accepts connections and never answers costs
the job a timeout per message and nobody else anything."""

from __future__ import annotations

import datetime
import io
import socket
import threading

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from core.models import OutgoingEmail
from questions.models import Question
from tests.conftest import send_outbox
from tests.factories import ask_form_data

PATIENT_EMAIL = "imogen.patient@patient.test"
RUNS = 4
MESSAGES = 40


class SilentMailServer:
    """Accepts TCP connections on 127.0.0.1 and never says a word, like a
    mail server that hangs; remembers every connection it accepted."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.05)  # so that the thread notices close()
        self.port = self.listener.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                connection, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted.append(connection)

    def close(self) -> None:
        self.stopping.set()
        self.thread.join()
        self.listener.close()
        for connection in self.accepted:
            connection.close()


@pytest.fixture
def silent_mail_server(settings):
    server = SilentMailServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 0.5
    yield server
    server.close()


@pytest.fixture(autouse=True)
def _moderators(ask_settings):
    ask_settings.MODERATOR_EMAILS = ["triage@clinic.test"]


def test_a_silent_mail_server_never_holds_up_a_patients_question(
    db, silent_mail_server, django_capture_on_commit_callbacks
):
    patient = Client()
    data = ask_form_data(patient, email=PATIENT_EMAIL)

    with django_capture_on_commit_callbacks(execute=True):
        response = patient.post("/ask/", data)

    assert response.status_code == 302
    assert (
        "Thank you. Your question was sent." in patient.get(response["Location"]).content.decode()
    )
    assert silent_mail_server.accepted == [], "the request never talked to the mail server"
    assert Question.objects.count() == 1
    assert sorted(OutgoingEmail.objects.values_list("to", "sent_at", "attempts")) == [
        (PATIENT_EMAIL, None, 0),
        ("triage@clinic.test", None, 0),
    ]


def test_send_outbox_gives_up_on_a_silent_mail_server_and_keeps_the_mail(
    db, silent_mail_server, django_capture_on_commit_callbacks
):
    patient = Client()
    with django_capture_on_commit_callbacks(execute=True):
        patient.post("/ask/", ask_form_data(patient, email=PATIENT_EMAIL))

    out = io.StringIO()
    call_command("send_outbox", stdout=out)

    assert out.getvalue().strip() == "0 sent, 2 still waiting."
    assert len(silent_mail_server.accepted) == 2, "it did try the mail server"
    assert sorted(
        OutgoingEmail.objects.values_list("to", "sent_at", "attempts", "last_error", "claimed_at")
    ) == [
        (PATIENT_EMAIL, None, 1, "SMTPServerDisconnected", None),
        ("triage@clinic.test", None, 1, "SMTPServerDisconnected", None),
    ]


def test_mail_refused_by_a_silent_server_goes_out_on_the_next_run_once_it_answers(
    db, silent_mail_server, settings, django_capture_on_commit_callbacks
):
    patient = Client()
    with django_capture_on_commit_callbacks(execute=True):
        patient.post("/ask/", ask_form_data(patient, email=PATIENT_EMAIL))
    send_outbox()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    delivered = send_outbox()
    assert sorted(m.to[0] for m in delivered) == [PATIENT_EMAIL, "triage@clinic.test"]
    assert send_outbox() == delivered, "nothing is sent twice"


def test_a_claim_left_by_a_crashed_run_is_retried_only_after_its_lease(db):
    now = timezone.now()
    for to, claimed_minutes_ago in [
        ("never-claimed@clinic.test", None),
        ("claimed-just-now@clinic.test", 1),
        ("claimed-9-minutes-ago@clinic.test", 9),
        ("claimed-11-minutes-ago@clinic.test", 11),
        ("claimed-an-hour-ago@clinic.test", 60),
    ]:
        OutgoingEmail.objects.create(
            to=to,
            subject="s",
            body="b",
            claimed_at=None
            if claimed_minutes_ago is None
            else now - datetime.timedelta(minutes=claimed_minutes_ago),
        )

    assert sorted(m.to[0] for m in send_outbox()) == [
        "claimed-11-minutes-ago@clinic.test",
        "claimed-an-hour-ago@clinic.test",
        "never-claimed@clinic.test",
    ]


_first_send = threading.local()
_all_runs_sending = threading.Barrier(RUNS)


class EveryRunAtOnceBackend(LocmemBackend):
    """Holds each run at its first send until every run has reached a send, so
    the runs overlap for sure: without claims they all send the first message."""

    def send_messages(self, messages):
        if not getattr(_first_send, "done", False):
            _first_send.done = True
            _all_runs_sending.wait(timeout=10)
        return super().send_messages(messages)


def test_runs_of_send_outbox_at_the_same_moment_send_each_message_exactly_once(
    run_in_threads, settings
):
    settings.EMAIL_BACKEND = "tests.test_outbox.EveryRunAtOnceBackend"
    _all_runs_sending.reset()
    OutgoingEmail.objects.bulk_create(
        OutgoingEmail(to=f"reader{n}@clinic.test", subject=f"Message {n}", body="b")
        for n in range(MESSAGES)
    )

    outputs = [io.StringIO() for _ in range(RUNS)]
    results = run_in_threads(
        *[lambda out=out: call_command("send_outbox", stdout=out) for out in outputs]
    )

    assert results == [None] * RUNS
    assert len(mail.outbox) == MESSAGES
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        f"reader{n}@clinic.test" for n in range(MESSAGES)
    )
    reported = sum(int(out.getvalue().split()[0]) for out in outputs)
    assert reported == MESSAGES
    [unsent] = run_in_threads(lambda: OutgoingEmail.objects.filter(sent_at__isnull=True).count())
    assert unsent == 0
