"""A corpus of hostile text for every place a stranger's words reach a page.

Each entry tries to run script: it sets `window.__pwned` or calls alert,
confirm or prompt. They are built systematically (tags x event handlers x
quoting, dangerous URL schemes x the ways Markdown and HTML make a link) and
completed by hand-written shapes that broke real sanitizers (mutation XSS,
comment and CDATA tricks, broken markup, encodings, Markdown's own syntax).

The allowlists at the bottom are written out here on purpose: what a page may
contain is the site's rule (clinicians' answers carry limited formatting;
patients' and commenters' words only paragraphs and links), not whatever the
code under test happens to allow.
"""

from __future__ import annotations

import base64
import re

from tests.forms import question_change_form

# --- what every payload tries to do --------------------------------------

_ACTIONS = (
    "window.__pwned={n}",
    "alert({n})",
    "confirm({n})",
    "prompt({n})",
)


def _js(n: int) -> str:
    return _ACTIONS[n % len(_ACTIONS)].format(n=n)


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


# --- 1. elements x event handlers x ways of writing the attribute ----------

# Each element with what makes its handler fire without a click where it can.
_ELEMENTS = [
    ("img", "src=x"),
    ("svg", ""),
    ("body", ""),
    ("iframe", ""),
    ("details", "open"),
    ("video", "src=x"),
    ("audio", "src=x"),
    ("input", "autofocus"),
    ("select", "autofocus"),
    ("textarea", "autofocus"),
    ("marquee", ""),
    ("object", "data=x"),
    ("div", "tabindex=0"),
    ("x-custom", "tabindex=0"),
    # Elements the answer allowlist keeps: only their attributes must go.
    ("a", 'href="https://example.org/"'),
    ("p", ""),
]
_HANDLERS = [
    "onerror",
    "onload",
    "onmouseover",
    "onfocus",
    "ontoggle",
    "onpointerenter",
]
# How the attribute is written: {h} is the handler, {js} the script.
_ATTRIBUTE_SPELLINGS = [
    " {h}={js}",
    ' {h}="{js}"',
    " {h}='{js}'",
    "/{h}={js}",
    "\n{h}={js}",
    " {H}={js}",
    "\t{h} = {js}",
    " {h}=`{js}`",
]


def _element_payloads(start: int) -> list[str]:
    out = []
    n = start
    for tag, trigger in _ELEMENTS:
        for k, handler in enumerate(_HANDLERS):
            spelling = _ATTRIBUTE_SPELLINGS[(k + len(out)) % len(_ATTRIBUTE_SPELLINGS)]
            attribute = (
                spelling.replace("{h}", handler)
                .replace("{H}", handler.upper())
                .replace("{js}", _js(n))
            )
            opening = f"<{tag}{' ' + trigger if trigger else ''}{attribute}>"
            out.append(f"{opening}hostile {n}</{tag}>")
            n += 1
    return out


# --- 2. dangerous URLs x the ways of making a link ------------------------

# {js} is the script; each is a URL a browser would run or load as a page.
_SCHEMES = [
    "javascript:{js}",
    "JaVaScRiPt:{js}",
    " javascript:{js}",
    "java\tscript:{js}",
    "java\nscript:{js}",
    "\x01javascript:{js}",
    "&#106;avascript:{js}",
    "&#x6A;avascript:{js}",
    "&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A{js}",
    "jav&#x09;ascript:{js}",
    "javascript&colon;{js}",
    "\uff4a\uff41\uff56\uff41\uff53\uff43\uff52\uff49\uff50\uff54\uff1a{js}",
    "vbscript:{js}",
    "data:text/html;base64,{b64}",
]
# {u} is the URL, {n} the payload's number.
_LINK_FORMS = [
    "[click here]({u})",
    '[click here]({u} "a title")',
    "<{u}>",
    "[click here][ref{n}]\n\n[ref{n}]: {u}",
    '<a href="{u}">click here</a>',
    "see {u} for more",
]


def _link_payloads(start: int) -> list[str]:
    out = []
    n = start
    for scheme in _SCHEMES:
        for form in _LINK_FORMS:
            script = _js(n)
            url = scheme.replace("{js}", script).replace(
                "{b64}", _b64(f"<script>{script}</script>")
            )
            out.append(form.replace("{u}", url).replace("{n}", str(n)))
            n += 1
    return out


# --- 3. written by hand ----------------------------------------------------

# {js} is replaced by the payload's script, {n} by its number, {b64} by the
# script in a base64 <script> element, {b64js} by the script alone in base64.
_HAND_WRITTEN = [
    # Mutation XSS: markup that parses differently once serialized and parsed again.
    "<svg><p><style><img src=x onerror={js}>",
    '<noscript><p title="</noscript><img src=x onerror={js}>">',
    '<math><mtext><table><mglyph><style><img src=x onerror="{js}">',
    '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror={js}&gt;">',
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror={js}>",
    '<svg></p><style><a id="</style><img src=1 onerror={js}>">',
    "<template><img src=x onerror={js}></template>",
    "<textarea><img src=x onerror={js}></textarea>",
    "<title><img src=x onerror={js}></title>",
    "<style><img src=x onerror={js}></style>",
    "<noembed><img src=x onerror={js}></noembed>",
    "<iframe><img src=x onerror={js}></iframe>",
    "<plaintext><img src=x onerror={js}>",
    "<select><template><style><img src=x onerror={js}></style></template></select>",
    "<table><caption><svg><title><img src=x onerror={js}>",
    '<math><annotation-xml encoding="text/html"><img src=x onerror={js}></annotation-xml></math>',
    "<svg><foreignObject><img src=x onerror={js}></foreignObject></svg>",
    "<p><svg><![CDATA[</p><img src=x onerror={js}>]]></svg>",
    '<a href="https://example.org/"><svg><a href="javascript:{js}">x</a></svg></a>',
    "<svg><animate onbegin={js} attributeName=x dur=1s>",
    "<svg><set attributeName=onmouseover to={js}></set><rect width=99 height=99></rect></svg>",
    "<svg><a><animate attributeName=href values=javascript:{js} /><text x=20 y=20>click</text></a></svg>",
    "<svg><script>{js}</script></svg>",
    '<svg><script href="data:,{js}"/></svg>',
    '<svg><use href="data:image/svg+xml;base64,{b64}#x"/></svg>',
    # Comments, CDATA and processing instructions that end earlier than they look.
    "<!--><img src=x onerror={js}>-->",
    "<!-- --!><img src=x onerror={js}>-->",
    "<!--<img src=x onerror={js}>-->",
    "<![CDATA[><img src=x onerror={js}>]]>",
    "<?xml ><img src=x onerror={js}>?>",
    "<!DOCTYPE x><img src=x onerror={js}>",
    # Closing what the page has open.
    "</p><img src=x onerror={js}>",
    "</div></section></article><script>{js}</script>",
    "</textarea><img src=x onerror={js}>",
    "</title><img src=x onerror={js}>",
    "</script><img src=x onerror={js}>",
    "</style><img src=x onerror={js}>",
    '"><img src=x onerror={js}>',
    '" autofocus onfocus="{js}',
    "--></script><script>{js}</script>",
    # Broken markup.
    "<img src=x onerror={js}",
    '<img src=x onerror="{js}"',
    '<a href="https://example.org/" onmouseover="{js}"',
    '<img """><script>{js}</script>">',
    "<<script>{js}//<</script>",
    "<scr<script>ipt>{js}</scr</script>ipt>",
    "<script>{js}<!--",
    "<script>{js}",
    "<img src=x onerror\x0c={js}>",
    "<img src=`x`onerror={js}>",
    '<img src="x"onerror="{js}">',
    "<a<img src=x onerror={js}>",
    "< img src=x onerror={js}>",
    # Scripts written every way.
    "<script>{js}</script>",
    '<script src="data:,{js}"></script>',
    "<script/src=data:,{js}></script>",
    '<script>eval(atob("{b64js}"))</script>',
    '<img src=x onerror=eval(atob("{b64js}"))>',
    # Elements that load or navigate.
    '<object data="data:text/html;base64,{b64}"></object>',
    '<embed src="javascript:{js}">',
    '<iframe src="javascript:{js}"></iframe>',
    '<iframe srcdoc="<script>{js}</script>"></iframe>',
    '<meta http-equiv="refresh" content="0;url=javascript:{js}">',
    '<base href="javascript:{js}//">',
    '<form><button formaction="javascript:{js}">go</button></form>',
    '<isindex action="javascript:{js}" type=submit>',
    '<input type="image" src=x onerror={js}>',
    '<img srcset=",,,x" onerror={js}>',
    "<video><source onerror={js}></video>",
    "<style>@keyframes k{}</style><div style=animation-name:k onanimationstart={js}></div>",
    '<p style="background:url(javascript:{js})">styled</p>',
    '<blockquote cite="javascript:{js}">quoted</blockquote>',
    # Allowed elements with what must not survive on them.
    '<a href="https://example.org/" title="x" onclick="{js}">x</a>',
    '<a href="https://example.org/"\nonmouseover={js}>x</a>',
    "<a href=https://example.org/ onfocus={js} autofocus>x</a>",
    '<a href="https://example.org/&quot;onmouseover=&quot;{js}">x</a>',
    '<a href="https://example.org/" style="position:fixed;inset:0" onmouseover="{js}">x</a>',
    '<a title="&quot;&gt;&lt;img src=x onerror={js}&gt;">x</a>',
    '<a href="mailto:x@example.org?subject=&quot;&gt;&lt;img src=x onerror={js}&gt;">mail</a>',
    '<h1 onclick="{js}">a title</h1>',
    '<h2 id="qa-title" onclick="{js}">a title</h2>',
    '<code class="x" onmouseover="{js}">code</code>',
    '<li value=1 onclick="{js}">item</li>',
    # Addresses that linkify: the link must stay a link and nothing more.
    'https://example.org/"onmouseover="{js}',
    "https://example.org/?q=<script>{js}</script>",
    'https://example.org/"><img src=x onerror={js}>',
    "www.example.org/'><img src=x onerror={js}>",
    "http://example.org/<svg/onload={js}>",
    'mailto:x@example.org?subject="><img src=x onerror={js}>',
    "https://exa<script>{js}</script>mple.org/",
    # Encodings that only a careless decoder turns back into markup.
    "&lt;script&gt;{js}&lt;/script&gt;",
    "&#60;img src=x onerror={js}&#62;",
    "&#x3C;img src=x onerror={js}&#x3E;",
    "\\u003cscript\\u003e{js}\\u003c/script\\u003e",
    "%3Cscript%3E{js}%3C/script%3E",
    "\uff1cscript\uff1e{js}\uff1c/script\uff1e",
    "\ufe64img src=x onerror={js}\ufe65",
    "+ADw-script+AD4-{js}+ADw-/script+AD4-",
    '<img src=x onerror="&#x77;indow.__pwned={n}">',
    "<img src=x onerror=\\u0061lert({n})>",
    '<a href="javas&#99;ript:{js}">x</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;{js}">x</a>',
    '<a href="javascript&#58;{js}">x</a>',
    '<a href="jav&Tab;ascript:{js}">x</a>',
    '<a href="\x0bjavascript:{js}">x</a>',
    '<a href="\u2028javascript:{js}">x</a>',
    '<a href="javascript\u00ad:{js}">x</a>',
    '<a href="java\u200bscript:{js}">x</a>',
    '<img src=x onerror="{js}" alt="\u202e">',
    # Null bytes: the forms refuse them (see NULL_BYTE).
    "<scr\x00ipt>{js}</script>",
    "<img src=x one\x00rror={js}>",
    '<a href="java\x00script:{js}">x</a>',
    "[x](java\x00script:{js})",
    # Markdown's own syntax.
    '![x](x" onerror="{js})',
    '![x](x "title\\" onerror=\\"{js}")',
    '![x"onerror="{js}](x)',
    '[x](https://example.org/ "t\\" onmouseover=\\"{js}")',
    '[x](https://example.org/"onmouseover="{js}")',
    "[x](<javascript:{js}>)",
    '[x](javascript:{js} "https://example.org")',
    '[x](#" onclick="{js})',
    "[<img src=x onerror={js}>](https://example.org/)",
    "[x](https://example.org/)<img src=x onerror={js}>",
    "[[x](javascript:{js})](https://example.org/)",
    "*<img src=x onerror={js}>*",
    "**<script>{js}</script>**",
    "`<script>{js}</script>`",
    "    <script>{js}</script>",
    "```html\n<script>{js}</script>\n```",
    "> <img src=x onerror={js}>",
    "- <details open ontoggle={js}>",
    "# <svg onload={js}>",
    "Setext heading\n===\n<img src=x onerror={js}>",
    '<div markdown="1">[x](javascript:{js})</div>',
    "<div>\n<script>{js}</script>\n</div>",
    "<div>\n\n[x](javascript:{js})\n\n</div>",
    "<p>[x](javascript:{js})</p>",
    "[x]\n\n[x]: javascript:{js}",
    '[x][]\n\n[x]: javascript:{js} "title"',
    '[x][y]\n\n[y]: https://example.org/ "a" onmouseover="{js}"',
    '<mailto:x@example.org?body="><img src=x onerror={js}>>',
    '<x@example.org"onmouseover="{js}>',
    "\\<img src=x onerror={js}>",
    "[^1]: <img src=x onerror={js}>",
    "| a |\n|---|\n| <img src=x onerror={js}> |",
    "***\n<iframe src=javascript:{js}>",
]


def _hand_written(start: int) -> list[str]:
    out = []
    for n, template in enumerate(_HAND_WRITTEN, start=start):
        script = _js(n)
        out.append(
            template.replace("{b64js}", _b64(script))
            .replace("{b64}", _b64(f"<script>{script}</script>"))
            .replace("{js}", script)
            .replace("{n}", str(n))
        )
    return out


def _build() -> list[str]:
    corpus = _element_payloads(1)
    corpus += _link_payloads(len(corpus) + 1)
    corpus += _hand_written(len(corpus) + 1)
    return corpus


HOSTILE: list[str] = _build()

# Django's forms refuse text with a NUL in it ("Null characters are not allowed.").
NULL_BYTE: frozenset[str] = frozenset(p for p in HOSTILE if "\x00" in p)


# --- what a page may contain where strangers' words go --------------------

# Clinicians' answers: limited formatting (paragraphs, lists, emphasis, links,
# subheadings, quotes, code, the urgent-advice box), nothing that runs or loads.
ANSWER_TAGS = frozenset(
    {
        "p",
        "br",
        "ul",
        "ol",
        "li",
        "em",
        "strong",
        "a",
        "h2",
        "h3",
        "h4",
        "blockquote",
        "code",
        "div",
    }
)
# The one element of an answer with a class, and its only value: a <div> is the
# urgent-advice box and nothing else.
ANSWER_CLASSES = {"div": "urgent-advice"}
ANSWER_LINK_ATTRIBUTES = frozenset({"href", "title", "rel"})
ANSWER_SCHEMES = ("http://", "https://", "mailto:")
# Patients' and commenters' plain text: paragraphs, line breaks, links.
PLAIN_TAGS = frozenset({"p", "br", "a"})
PLAIN_LINK_ATTRIBUTES = frozenset({"href", "rel"})
PLAIN_SCHEMES = ("http://", "https://")
LINK_REL = "nofollow ugc noopener noreferrer"

_WHITESPACE_AND_CONTROLS = re.compile(r"[\x00-\x20\x7f-\x9f]+")


def url_scheme_ok(url: str, schemes: tuple[str, ...]) -> bool:
    """Whether a URL, as a browser reads it (controls and spaces dropped), uses an allowed scheme."""
    return _WHITESPACE_AND_CONTROLS.sub("", url).lower().startswith(schemes)


# --- sending the corpus through the site's own forms ----------------------

STORABLE: list[str] = [p for p in HOSTILE if p not in NULL_BYTE]


def question_text_for(payload: str, n: int) -> str:
    """The payload, last (so an unclosed tag meets the end of the text), after
    enough harmless words for the form's 30-character minimum."""
    return f"Question {n} about my multiple sclerosis treatment:\n\n{payload}"


def subject_for(payload: str) -> str:
    subject = payload.strip()[:150]
    return subject if len(subject.strip()) >= 5 else f"{subject} (MS)"


def answer_source_for(payload: str, n: int) -> str:
    # A harmless first paragraph, so that a payload the sanitizer removes
    # entirely still leaves an answer that can be signed.
    return f"Answer {n}, from our clinician.\n\n{payload}"


def ask(client, payload: str, n: int):
    """Send the payload as a patient's subject, question and name through /ask/."""
    from tests.forms import form_fields

    data = {
        **form_fields(client, "/ask/"),
        "subject": subject_for(payload),
        "question": question_text_for(payload, n),
        "name": payload[:100],
        "ack_not_advice": "on",
        "ack_publish": "on",
    }
    return client.post("/ask/", data)


def reply(client, slug: str, payload: str):
    """Send the payload as a reader's comment (and name) through the reply form."""
    from tests.forms import form_fields

    url = f"/questions/{slug}/reply/"
    return client.post(url, {**form_fields(client, url), "comment": payload, "name": payload[:80]})


def answer_in_admin(client, question, source: str):
    """Save an answer as a clinician does: the Question change form, everything else as it was."""
    return client.post(
        f"/admin/questions/question/{question.pk}/change/",
        question_change_form(question, answer_source=source),
    )


def triaged_and_sent_naming_the_patient(question, *, moderator, expert, answer=None) -> None:
    """Assign and send for sign-off a public text that holds the patient's own words.

    The corpus publishes the patient's own words on purpose, to prove them
    inert on every page; a moderator would have removed the name, and the
    workflow refuses a text that still holds it. So the name is set aside for
    those steps and put back, as the tests of what the forms stored expect it;
    the other words marked as possibly identifying (a web address, a
    capitalised word) a moderator confirms, as on purpose. `answer` types the
    answer into the admin between the two steps."""
    from questions import services
    from questions.models import PatientSubmission, Question
    from questions.services.identifiers import identifiers_in_public_text

    stored = PatientSubmission.objects.filter(question_id=question.pk)
    name = stored.values_list("name", flat=True).get()
    stored.update(name="")
    found = identifiers_in_public_text(Question.objects.get(pk=question.pk))
    if found:
        services.question_confirm_identifiers_removed(
            question=question, actor=moderator, fingerprint=found.fingerprint
        )
    services.question_assign(question_id=question.pk, actor=moderator, expert=expert.expert_profile)
    question.refresh_from_db()
    if answer is not None:
        answer(question)
    services.question_submit_for_signoff(question_id=question.pk, actor=expert)
    stored.update(name=name)


def colleague_of(expert):
    """A second clinician with the expert's roles, who signs off what the
    expert wrote (an answer's author cannot sign it alone)."""
    from questions.models import ExpertProfile
    from tests.factories import ExpertProfileFactory

    username = f"{expert.username}.colleague"
    profile = ExpertProfile.objects.filter(user__username=username).first()
    if profile is None:
        profile = ExpertProfileFactory(user__username=username)
        profile.user.groups.add(*expert.groups.all())
    return profile.user


def send_corpus(payloads: list[str], *, moderator, expert, comment_on=None):
    """Every payload through all three forms, then through the real workflow.

    Payload n becomes the subject, question and patient's name of Q&A n (sent
    through /ask/), and its answer (typed into the admin by `expert`); the
    moderator assigns it, the expert sends it for sign-off, a colleague signs
    it and the expert publishes it. Every payload is also a comment (and commenter's name) on
    `comment_on`, approved by the moderator. Returns the published Q&As in
    corpus order. The caller sets the form limits (ASK_MIN_SECONDS=0 and
    generous rate and link limits).
    """
    from django.test import Client

    from questions import services
    from questions.models import Comment, Question

    patient, staff = Client(), Client()
    staff.force_login(expert)
    signer = colleague_of(expert)
    published = []
    for n, payload in enumerate(payloads, start=1):
        response = ask(patient, payload, n)
        assert response.status_code == 302, (n, payload, response.content[:2000])
        question = Question.objects.order_by("-pk").first()
        assert question.body == question_text_for(payload, n).strip(), (n, payload)

        def answer(question, payload=payload, n=n):
            response = answer_in_admin(staff, question, answer_source_for(payload, n))
            assert response.status_code == 302, (n, payload, response.content[:2000])

        triaged_and_sent_naming_the_patient(
            question, moderator=moderator, expert=expert, answer=answer
        )
        services.question_sign_off(question_id=question.pk, actor=signer)
        published.append(services.question_publish(question_id=question.pk, actor=expert))
    if comment_on is not None:
        reader = Client()
        before = Comment.objects.count()
        for n, payload in enumerate(payloads, start=1):
            response = reply(reader, comment_on.slug, payload)
            assert response.status_code == 302, (n, payload, response.content[:2000])
        new = list(Comment.objects.order_by("pk").values_list("pk", flat=True)[before:])
        assert len(new) == len(payloads)
        services.comment_moderate(comment_ids=new, actor=moderator, status="approved")
    return published


def publish_directly(payloads: list[str], *, moderator, expert, comment_on=None):
    """What `send_corpus` does, without the HTTP round trips: the same service
    calls the views make, with the text as the forms store it (stripped), and
    the answer saved the way the admin saves it. For the browser tests, whose
    time goes to rendering; tests/test_attacks.py proves the forms store
    exactly this."""
    import uuid

    from django.db import transaction

    batch = uuid.uuid4().hex  # form tokens are unique per form ever sent
    # One transaction for the lot: on PostgreSQL a commit per service call
    # would cost more than the rendering this is for.
    with transaction.atomic():
        return _publish_directly(payloads, moderator, expert, comment_on, batch)


def _publish_directly(payloads, moderator, expert, comment_on, batch):
    from questions import services
    from questions.models import Comment

    published = []
    signer = colleague_of(expert)
    for n, payload in enumerate(payloads, start=1):
        question, _token = services.question_submit(
            subject=subject_for(payload).strip(),
            text=question_text_for(payload, n).strip(),
            category=None,
            name=payload[:100].strip(),
            email="",
            notify=False,
            client_address="127.0.0.1",
            form_token=f"hostile-question-{batch}-{n}",
        )

        def answer(question, payload=payload, n=n):
            question.answer_source = answer_source_for(payload, n).strip()
            question.save()

        triaged_and_sent_naming_the_patient(
            question, moderator=moderator, expert=expert, answer=answer
        )
        services.question_sign_off(question_id=question.pk, actor=signer)
        published.append(services.question_publish(question_id=question.pk, actor=expert))
    if comment_on is not None:
        ids = [
            services.comment_submit(
                question=comment_on,
                name=payload[:80].strip(),
                email="",
                body=payload.strip(),
                client_address="127.0.0.1",
                form_token=f"hostile-comment-{batch}-{n}",
            ).pk
            for n, payload in enumerate(payloads, start=1)
        ]
        services.comment_moderate(comment_ids=ids, actor=moderator, status=Comment.Status.APPROVED)
    return published
