"""The words of generate_large_dataset's sample Q&As and comments: data, kept
apart from the command that writes them."""

from dataclasses import dataclass

from questions.models import Comment

TOPICS = [
    "Fatigue",
    "Relapses",
    "MRI and scans",
    "Disease-modifying therapy",
    "Infusions",
    "Pregnancy",
    "Bladder and bowel",
    "Walking and balance",
    "Vision",
    "Memory and thinking",
    "Mood",
    "Pain",
    "Heat and exercise",
    "Diet",
    "Vaccines",
    "Work and travel",
    "Children and family",
    "Progressive MS",
    "Diagnosis",
    "Research",
]

QUESTION_SUBJECTS = [
    "how long does this usually last",
    "is this something to worry about",
    "should I change my treatment",
    "what tests should I ask for",
    "can exercise help with this",
    "is this a relapse or something else",
    "does this get worse with heat",
    "what do other patients do about this",
    "when should I call my neurologist",
    "is there anything I can do at home",
    "does my age change the advice",
    "how do I explain this to my family",
]

# Lorem-like but readable: the shape of a patient's question, no real story.
QUESTION_BODIES = [
    "Sample text. I have had relapsing MS for a few years and lately I notice this more "
    "in the afternoon. My last scan was stable. What would you suggest?",
    "Sample text. My neurologist mentioned this at my last visit, but we ran out of time. "
    "I would like to understand the options before my next appointment.",
    "Sample text. Since my diagnosis I read a lot online and the advice does not agree. "
    "Could you explain what the evidence says, in plain words?",
    "Sample text. I am on a disease-modifying therapy and feel mostly well. Lorem ipsum "
    "dolor sit amet: is there anything I should keep an eye on?",
    "Sample text. A friend with MS told me about this. I do not have the problem myself "
    "yet, but I wonder whether it is common and whether it can be prevented.",
    "Sample text. This started two months ago and comes and goes.\n\n"
    "It is worse when I am tired. Is it related to my MS?",
    "Sample text. I was diagnosed last spring. Consectetur adipiscing elit: my family "
    "asks many questions and I want to give them correct answers.",
    "Sample text. My scans show a few new spots but I feel no different. Should that "
    "change anything, and how often should I be scanned?",
]

# Markdown, as a clinician writes it; each is rendered once. Some name
# therapies, as real answers do, so the drug pages have Q&As to list.
ANSWER_SOURCES = [
    "Sample answer. Thank you for your question. This is common in MS and usually "
    "improves.\n\n* Keep a short diary of when it happens.\n* Bring it to your next visit."
    "\n\nLorem ipsum dolor sit amet; ask your team if it changes.",
    "Sample answer. There is no single rule here. Most people do well with a few simple "
    "steps:\n\n1. Rest when you need to.\n2. Stay active on good days.\n3. Tell your "
    "neurologist about new symptoms.",
    "Sample answer. Treatments such as **ocrelizumab** (Ocrevus) lower the number of "
    "relapses. They do not treat every symptom, so other help is still worth asking "
    "for.\n\nSed do eiusmod tempor: your team can tell you more.",
    "Sample answer. A relapse is a new or worse symptom that lasts more than a day "
    "without fever or infection. A short course of IV steroids can speed recovery but "
    "does not change the long-term course.",
    "Sample answer. *Natalizumab* (Tysabri) is given by infusion every four weeks. Your "
    "team checks a blood test for the JC virus before and during treatment.\n\nUt enim ad "
    "minim veniam.",
    "Sample answer. Scans are usually repeated once a year when things are stable, and "
    "sooner after a change of treatment.\n\n## What to ask\n\n* Were there new lesions?\n"
    "* Do they change the plan?",
    "Sample answer. Heat can bring back old symptoms for a while; this is not a relapse. "
    "Cooling down usually helps within hours.\n\n> Duis aute irure dolor in reprehenderit.",
    "Sample answer. Many people plan a pregnancy while on treatment. Talk with your team "
    "early: some therapies, like rituximab, are timed around it.",
    "Sample answer. Research is moving quickly. Trials are listed at "
    "[ClinicalTrials.gov](https://clinicaltrials.gov/); your clinic can tell you which "
    "ones are near you.",
    "Sample answer. Mood changes are common and treatable. Please mention them at your "
    "next appointment; you do not have to wait for a crisis.\n\nExcepteur sint occaecat "
    "cupidatat non proident.",
]

COMMENT_BODIES = [
    "Thank you, this helped me prepare for my next visit.",
    "Same here. Keeping a diary made the conversation with my neurologist much easier.",
    "Lorem ipsum dolor sit amet. Very clear explanation.",
    "I printed this for my family. Thank you for writing in plain words.",
    "Does this also apply to progressive MS?",
    "My clinic said something similar last year.\n\nGood to read it here too.",
    "Consectetur adipiscing elit. I wish I had read this sooner.",
    "Could you write more about this topic?",
]

# How often a comment ends in each state; spam and rejected ones are moderated too.
COMMENT_STATES = [
    (Comment.Status.APPROVED, 90),
    (Comment.Status.PENDING, 3),
    (Comment.Status.REJECTED, 2),
    (Comment.Status.SPAM, 5),
]


@dataclass(frozen=True)
class Texts:
    """Which of the sample texts a published Q&A uses (indexes into the lists)."""

    subject: int
    body: int
    answer: int
