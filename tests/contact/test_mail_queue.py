"""Mail never holds up a request: the forms only queue it, a worker sends it, and a message that could not be
delivered shows as such in the admin.

The fake mail servers are threads on 127.0.0.1: one that accepts connections and never answers (a mail server
that hangs), and a minimal SMTP responder that takes every message.
"""

import json
import socket
import threading
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from contact.models import ContactRequest, Proposal
from core.mail import MAX_ATTEMPTS
from taskqueue.models import QueuedTask
from tests.helpers.pages import page_text
from tests.helpers.tasks import queued_tasks, run_queued_tasks

pytestmark = pytest.mark.django_db

G_TOWN = "g-town"  # Gorinchem, West-Nederland
QUESTION = {
    "name": "Fatima el Amrani",
    "email": "fatima@basisschool-voorbeeld.nl",
    "organisation": "Basisschool De Regenboog",
    "message": "Hoe hebben jullie de ouders bij G-Town betrokken?",
    "consent": "on",
    "website": "",
}
APPROACH = {
    "title": "Taalhuis Gorinchem",
    "place": "gorinchem",
    "other_place": "",
    "region": "",
    "context": "Veel ouders spreken thuis een andere taal dan Nederlands.",
    "approach": "Een taalhuis in de bibliotheek, met vrijwilligers en de scholen in de wijk.",
    "results": "",
    "themes": ["meertaligheid"],
    "name": "Jan de Vries",
    "email": "jan@taalhuis-voorbeeld.nl",
    "organisation": "Bibliotheek",
    "consent": "on",
    "website": "",
}
SMTP = "django.core.mail.backends.smtp.EmailBackend"


class FakeMailServer:
    """A TCP server on a free port of 127.0.0.1 that counts connections and hands each to `answer`."""

    def __init__(self, answer):
        self.answer = answer
        self.connections = 0
        self.messages: list[bytes] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.1)
        self.port = self.listener.getsockname()[1]
        self.open: list[socket.socket] = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stopping.is_set():
            try:
                conn, _address = self.listener.accept()
            except TimeoutError:
                continue
            self.connections += 1
            self.open.append(conn)
            threading.Thread(target=self.answer, args=(self, conn), daemon=True).start()

    def stop(self):
        self.stopping.set()
        self.thread.join(5)
        for conn in self.open:
            conn.close()
        self.listener.close()


def never_answer(server, conn):
    """Accept, then say nothing: smtplib waits for the greeting until EMAIL_TIMEOUT."""
    server.stopping.wait()


def answer_smtp(server, conn):
    """Just enough SMTP for smtplib: greeting, EHLO, MAIL, RCPT, DATA, QUIT."""
    lines = conn.makefile("rb")
    conn.sendall(b"220 fake ESMTP\r\n")
    data: list[bytes] | None = None
    for line in lines:
        if data is not None:
            if line == b".\r\n":
                server.messages.append(b"".join(data))
                data = None
                conn.sendall(b"250 OK queued\r\n")
            else:
                data.append(line)
            continue
        command = line[:4].upper()
        if command == b"EHLO":
            conn.sendall(b"250-fake\r\n250 8BITMIME\r\n")
        elif command == b"DATA":
            data = []
            conn.sendall(b"354 go ahead\r\n")
        elif command == b"QUIT":
            conn.sendall(b"221 bye\r\n")
            break
        else:
            conn.sendall(b"250 OK\r\n")


@pytest.fixture
def hanging_mail_server():
    server = FakeMailServer(never_answer)
    with override_settings(EMAIL_BACKEND=SMTP, EMAIL_HOST="127.0.0.1", EMAIL_PORT=server.port, EMAIL_TIMEOUT=1):
        yield server
    server.stop()


@pytest.fixture
def working_mail_server():
    server = FakeMailServer(answer_smtp)
    with override_settings(EMAIL_BACKEND=SMTP, EMAIL_HOST="127.0.0.1", EMAIL_PORT=server.port, EMAIL_TIMEOUT=5):
        yield server
    server.stop()


@pytest.fixture
def west_has_an_address(coordinator_west):
    coordinator_west.user.email = "west@gka-voorbeeld.nl"
    coordinator_west.user.save()
    return coordinator_west


def contact_url():
    return reverse("contact:find_each_other", args=[G_TOWN])


def superuser_client():
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("super", "super@gka-voorbeeld.nl", "x"))
    return client


def test_a_hanging_mail_server_never_delays_the_visitor_and_the_failure_shows_in_the_admin(
    visitor, west_has_an_address, hanging_mail_server
):
    response = visitor.post(contact_url(), QUESTION)

    # The request answered without ever connecting to the mail server: the mail waits in the queue.
    assert response.status_code == 302
    assert hanging_mail_server.connections == 0
    stored = ContactRequest.objects.get()
    assert (stored.mail_status, stored.mail_attempts) == ("queued", 0)
    assert queued_tasks() == ["send_message_mail"]
    # The queue holds which message, not what it says or who sent it.
    arguments = json.dumps(QueuedTask.objects.get().args_kwargs)
    assert QUESTION["email"] not in arguments and "G-Town betrokken" not in arguments

    started = time.monotonic()
    assert run_queued_tasks() == 1
    waited = time.monotonic() - started

    # The worker gave up after EMAIL_TIMEOUT (1 s), not after a hang, and planned the next attempt.
    assert hanging_mail_server.connections == 1
    assert 0.9 < waited < 10
    stored.refresh_from_db()
    assert (stored.mail_status, stored.mail_attempts) == ("queued", 1)
    assert stored.mail_error == "Time-out: de mailserver antwoordde niet op tijd (EMAIL_TIMEOUT)."
    retry = QueuedTask.objects.get(status="READY")
    assert timezone.now() + timedelta(seconds=30) < retry.run_after < timezone.now() + timedelta(minutes=2)
    assert run_queued_tasks() == 0  # not yet due

    assert run_queued_tasks(include_scheduled=True) == MAX_ATTEMPTS - 1

    stored.refresh_from_db()
    assert (stored.mail_status, stored.mail_attempts) == ("failed", MAX_ATTEMPTS)
    assert queued_tasks() == []
    assert mail.outbox == []
    changelist = west_has_an_address.get(
        reverse("admin:contact_contactrequest_changelist") + "?mail_status__exact=failed"
    )
    assert changelist.status_code == 200
    row = page_text(changelist)
    assert "Fatima el Amrani" in row and "Mislukt" in row
    detail = page_text(west_has_an_address.get(reverse("admin:contact_contactrequest_change", args=[stored.pk])))
    assert "E-mail aan de regio" in detail
    assert "Time-out: de mailserver antwoordde niet op tijd" in detail


def test_the_worker_delivers_through_a_working_mail_server_and_marks_it_sent(
    visitor, west_has_an_address, working_mail_server
):
    visitor.post(contact_url(), QUESTION)
    assert working_mail_server.connections == 0

    out = StringIO()
    call_command("db_worker", "--batch", stdout=out)

    assert "gestopt na 1 taak/taken" in out.getvalue()
    [delivered] = working_mail_server.messages
    assert b"Subject: Vind elkaar: vraag over G-Town" in delivered
    assert b"Reply-To: fatima@basisschool-voorbeeld.nl" in delivered
    stored = ContactRequest.objects.get()
    assert (stored.mail_status, stored.mail_attempts, stored.mail_error) == ("sent", 1, "")
    assert stored.mail_sent_at is not None
    changelist = page_text(west_has_an_address.get(reverse("admin:contact_contactrequest_changelist")))
    assert "Verzonden" in changelist
    assert QueuedTask.objects.get().status == "SUCCESSFUL"


def test_a_proposal_is_queued_too_and_marked_sent_once_mailed(visitor, west_has_an_address):
    assert visitor.post(reverse("contact:share"), APPROACH).status_code == 302
    assert mail.outbox == []
    assert Proposal.objects.get().mail_status == "queued"

    run_queued_tasks()

    [sent] = mail.outbox
    assert sent.to == ["west@gka-voorbeeld.nl"]
    assert Proposal.objects.get().mail_status == "sent"


def test_without_anyone_to_mail_the_message_shows_as_failed_with_the_reason(visitor, settings):
    settings.MANAGERS = []
    visitor.post(contact_url(), QUESTION)

    run_queued_tasks(include_scheduled=True)

    stored = ContactRequest.objects.get()
    # Nobody to send to does not pass with time: no retries, the reason in the admin.
    assert (stored.mail_status, stored.mail_attempts) == ("failed", 1)
    assert stored.mail_error.startswith("Geen ontvanger: de regio heeft geen actieve coördinator met e-mailadres")
    assert mail.outbox == []


def test_a_coordinator_sends_a_failed_message_again_once_the_mail_server_works(visitor, west_has_an_address):
    with override_settings(EMAIL_BACKEND=SMTP, EMAIL_HOST="127.0.0.1", EMAIL_PORT=9, EMAIL_TIMEOUT=1):
        visitor.post(contact_url(), QUESTION)  # port 9: nothing listens, every attempt is refused
        run_queued_tasks(include_scheduled=True)
    stored = ContactRequest.objects.get()
    assert (stored.mail_status, stored.mail_error) == ("failed", "De mailserver weigerde de verbinding.")

    response = west_has_an_address.post(
        reverse("admin:contact_contactrequest_changelist"),
        {"action": "resend_mail", "_selected_action": [stored.pk]},
        follow=True,
    )

    assert "1 bericht(en) opnieuw in de wachtrij gezet voor verzending." in page_text(response)
    stored.refresh_from_db()
    assert stored.mail_status == "queued"
    run_queued_tasks()
    stored.refresh_from_db()
    assert stored.mail_status == "sent"
    [sent] = mail.outbox
    assert sent.to == ["west@gka-voorbeeld.nl"]


def test_a_password_reset_is_queued_without_its_link_and_mailed_by_the_worker(client, hanging_mail_server):
    get_user_model().objects.create_user("marleen", "marleen@example.org", "een-lang-wachtwoord", is_staff=True)

    response = client.post(reverse("password_reset"), {"email": "marleen@example.org"})

    assert response.status_code == 302
    assert hanging_mail_server.connections == 0
    [queued] = QueuedTask.objects.all()
    assert queued.task_name == "send_password_reset_mail"
    # No working link to the admin, and no address, in the tasks table.
    assert "marleen@example.org" not in json.dumps(queued.args_kwargs)
    assert "token" not in json.dumps(queued.args_kwargs)

    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        run_queued_tasks()

    [sent] = mail.outbox
    assert sent.to == ["marleen@example.org"]
    assert "/account/wachtwoord/" in sent.body


def test_a_password_reset_mail_that_fails_every_attempt_is_a_failed_task_in_the_admin(client, hanging_mail_server):
    get_user_model().objects.create_user("marleen", "marleen@example.org", "een-lang-wachtwoord", is_staff=True)
    client.post(reverse("password_reset"), {"email": "marleen@example.org"})

    run_queued_tasks(include_scheduled=True)

    assert hanging_mail_server.connections == MAX_ATTEMPTS
    assert list(QueuedTask.objects.order_by("enqueued_at").values_list("status", flat=True)) == [
        *["SUCCESSFUL"] * (MAX_ATTEMPTS - 1),
        "FAILED",
    ]
    failed = QueuedTask.objects.get(status="FAILED")
    assert "core.mail.MailNotSent" in failed.errors[0]["exception_class_path"]
    assert "marleen@example.org" not in json.dumps(failed.errors)
    page = page_text(superuser_client().get(reverse("admin:taskqueue_queuedtask_changelist") + "?status__exact=FAILED"))
    assert "send_password_reset_mail" in page and "Mislukt" in page


def test_finished_tasks_are_pruned_after_30_days_and_waiting_ones_never(visitor, west_has_an_address):
    visitor.post(contact_url(), QUESTION)
    visitor.post(contact_url(), QUESTION)
    old, recent = QueuedTask.objects.order_by("enqueued_at")
    run_queued_tasks()
    QueuedTask.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=31))
    waiting = QueuedTask.objects.create(backend_name="default", task_path="contact.tasks.send_message_mail")
    QueuedTask.objects.filter(pk=waiting.pk).update(enqueued_at=timezone.now() - timedelta(days=90))

    out = StringIO()
    call_command("prune_db_task_results", stdout=out)

    assert "Verwijderd: 1 afgeronde taak/taken ouder dan 30 dagen." in out.getvalue()
    assert set(QueuedTask.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
