"""Demo content for a fresh site: categories, staff and Q&As in every state.

Pure data, loaded by `manage.py load_demo`. Everything here was written for
this project: the clinicians, patients and commenters are invented, and so are
their towns and details. Long texts are wrapped for reading; the loader joins
the lines of each paragraph and list item, so what is stored has no hard
line breaks inside a paragraph.

Dates are calendar days in the clinic's time zone (settings.TIME_ZONE);
`datetime.datetime` values are naive clinic-local times. They tell the story as
seen on AS_OF: the loader moves every one of them by the days between AS_OF and
the day it runs, so a demo loaded any day has Q&As from the past months up to a
few weeks ago, the newest still open to comments. The loader builds the aware
datetimes and the timeline of each question from them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# "Today" in the story below: every date here is before it. drugs.demo_content uses it too.
AS_OF = dt.date(2026, 11, 21)

# ---------------------------------------------------------------------------
# Shapes
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CategorySpec:
    name: str
    slug: str
    description: str


@dataclass(frozen=True)
class ExpertSpec:
    username: str
    first_name: str
    last_name: str
    email: str
    display_name: str
    credentials: str
    titles: str  # one title per line
    institution: str
    bio: str


@dataclass(frozen=True)
class StaffSpec:
    username: str
    first_name: str
    last_name: str
    email: str
    group: str


@dataclass(frozen=True)
class SubmissionSpec:
    """What the patient typed. Private; never shown on a public page."""

    original_subject: str
    original_text: str
    name: str = ""
    email: str = ""
    notify: bool = False


@dataclass(frozen=True)
class CommentSpec:
    author_name: str
    body: str
    created: dt.datetime  # clinic-local
    approved: bool = True
    author_email: str = ""


@dataclass(frozen=True)
class RevisionSpec:
    """An edit of a published answer, signed again on `signed` (clinic-local noon)."""

    signed: dt.date
    answer: str
    note: str


@dataclass(frozen=True)
class PublishedQA:
    title: str
    category: str  # category slug
    expert: str  # username of the answering clinician
    submitted: dt.date
    published: dt.date
    body: str  # public, de-identified question (plain text)
    answer: str  # Markdown
    submission: SubmissionSpec
    revision: RevisionSpec | None = None
    comments: tuple[CommentSpec, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class OpenQuestion:
    """A question that is not published: new, assigned, awaiting sign-off or rejected."""

    state: str  # "new" | "assigned" | "awaiting_signoff" | "rejected"
    title: str
    body: str
    submitted: dt.date
    submission: SubmissionSpec
    handled: dt.date | None = None  # day of the last transition (assign / submit / reject)
    category: str = ""
    expert: str = ""
    answer: str = ""
    reject_reason: str = ""
    reject_note: str = ""
    duplicate_of: str = ""  # title of the published Q&A a duplicate points to


# ---------------------------------------------------------------------------
# Categories and people
# ---------------------------------------------------------------------------

CATEGORIES: list[CategorySpec] = [
    CategorySpec(
        "Treatment",
        "treatment",
        "Disease-modifying therapies, relapse treatment and switching between them.",
    ),
    CategorySpec(
        "Infusion therapies",
        "infusion-therapies",
        "Ocrevus, Tysabri, Lemtrada and other drugs given through a vein: what to expect.",
    ),
    CategorySpec(
        "Pregnancy and breastfeeding",
        "pregnancy-and-breastfeeding",
        "Planning a family, pregnancy, the months after birth and breastfeeding with MS.",
    ),
    CategorySpec(
        "Symptoms",
        "symptoms",
        "Fatigue, heat sensitivity, numbness, vision and other everyday symptoms of MS.",
    ),
    CategorySpec(
        "Diagnosis",
        "diagnosis",
        "First symptoms, MRI, spinal fluid tests and how an MS diagnosis is made and followed.",
    ),
    CategorySpec(
        "Living with MS",
        "living-with-ms",
        "Exercise, work, travel and family life with multiple sclerosis.",
    ),
    CategorySpec(
        "Research and clinical trials",
        "research-and-clinical-trials",
        "Investigational treatments, stem cells and how to find a trial.",
    ),
]

EXPERTS: list[ExpertSpec] = [
    ExpertSpec(
        username="dr.alvarez",
        first_name="Maria",
        last_name="Alvarez",
        email="maria.alvarez@example.org",
        display_name="Maria Alvarez, MD",
        credentials="MSc in clinical research; board certified in neurology",
        titles="Neurologist, Multiple Sclerosis Program\nMedical Director, Infusion Clinic",
        institution="Virtual MS Center",
        bio=(
            "Dr. Alvarez is a fictional clinician created for this demo site. In the story of the "
            "site she trained in neurology and neuroimmunology, runs the center's infusion "
            "clinic, and has a special interest in family planning and pregnancy with MS."
        ),
    ),
    ExpertSpec(
        username="dr.okafor",
        first_name="Daniel",
        last_name="Okafor",
        email="daniel.okafor@example.org",
        display_name="Daniel Okafor, MD, PhD",
        credentials="Board certified in neurology; fellowship in neuroimmunology",
        titles=(
            "Clinical Associate Professor of Neurology\nDirector, MS Imaging and Diagnosis Clinic"
        ),
        institution="Virtual MS Center",
        bio=(
            "Dr. Okafor is a fictional clinician created for this demo site. In the story of the "
            "site he leads the center's diagnosis and imaging clinic and works on symptom "
            "management, rehabilitation and exercise for people living with MS."
        ),
    ),
]

MODERATOR = StaffSpec(
    username="moderator",
    first_name="Site",
    last_name="Moderator",
    email="moderator@example.org",
    group="Moderators",
)

EXPERTS_GROUP = "Experts"


# ---------------------------------------------------------------------------
# Published Q&As, oldest first
# ---------------------------------------------------------------------------

PUBLISHED: list[PublishedQA] = [
    # (a) Breastfeeding after an anti-CD20 infusion --------------------------
    PublishedQA(
        title="Can I breastfeed and still be protected from relapses after Ocrevus?",
        category="pregnancy-and-breastfeeding",
        expert="dr.alvarez",
        submitted=dt.date(2026, 6, 24),
        published=dt.date(2026, 7, 8),
        body="""
            My last Ocrevus infusion was a few months before I became pregnant, which was not
            quite planned. I'm in my second trimester and, to my surprise, I have had no MS
            symptoms at all while off treatment. The part that keeps me up at night is the
            time after the birth. My neurologist warned me that attacks become more common in
            the first months after having a baby, and nursing my baby matters a lot to me. Is
            there a way to stay protected while breastfeeding? If I go back on Ocrevus, does
            that mean giving up breastfeeding, or does only a little of the drug end up in the
            milk? Thank you for any guidance.
        """,
        answer="""
            Congratulations, and it is good to hear you are feeling well. Many people have a
            calm pregnancy with MS, because relapses tend to become less frequent, especially
            in the last trimester. Your concern about the months after delivery is reasonable:
            the relapse rate rises for roughly the first three months postpartum and then
            settles back to where it was before the pregnancy.

            **Ocrelizumab and breast milk.** Ocrelizumab (Ocrevus) is a monoclonal antibody,
            a very large protein. Molecules of that size pass into mature breast milk only in
            tiny amounts, and what a baby swallows is largely broken down in the stomach and
            gut rather than absorbed intact. Small studies that measured anti-CD20 antibodies
            in milk found very low levels, and the babies followed in those reports have so far
            grown and developed normally. The evidence is still limited, so I cannot promise
            zero exposure, but the expected exposure is very small.

            Many MS teams wait until the first days of colostrum are over, roughly a week after
            the birth, before giving an infusion, because early milk lets more large proteins
            through.

            **Planning ahead.** Because your last infusion was before you conceived, your baby
            should have had little exposure during the pregnancy. The practical questions are:

            - How active was your MS before Ocrevus? People who had frequent relapses or many
              new MRI lesions usually do better restarting soon after delivery.
            - If your disease was quiet, some teams hold treatment while you breastfeed and
              repeat an MRI two to three months after the birth to look for silent activity.
            - Your baby's pediatrician should know about your treatment, mainly for the timing
              of vaccines.

            Exclusive breastfeeding was linked to fewer postpartum relapses in some studies,
            but it is not a substitute for a treatment plan if your MS was active.

            Please make a postpartum plan with your MS team during the pregnancy, ideally
            together with your obstetrician, so that the timing of your next infusion is
            settled before the baby arrives.
        """,
        submission=SubmissionSpec(
            name="Dana Whitcombe",
            email="dana.whitcombe@example.com",
            notify=True,
            original_subject="ocrevus + breastfeeding??",
            original_text="""
                Hi, I'm Dana, 33, from Tacoma. Had my last Ocrevus at the infusion center in
                January, then in May the test was positive!! 14 weeks now, no symptoms even with
                no meds. My sister nursed both her kids and I really want that too, but Dr.
                Gill said relapses go up after the baby comes and now I'm freaking out. What
                can I do to not get an attack while nursing? If I restart Ocrevus can I still
                nurse, or does it go in the milk?? Thanks so much!!
            """,
        ),
        comments=(
            CommentSpec(
                author_name="Jess",
                body="""
                    Thank you for this. I was in the same spot last year. My team waited about
                    ten days after my son was born before the infusion and I breastfed for eight
                    months. We are both doing well.
                """,
                created=dt.datetime(2026, 7, 12, 20, 15),
            ),
            CommentSpec(
                author_name="R. K.",
                body="""
                    Really helpful to see the reasons laid out like this. I printed it to bring
                    to my next appointment.
                """,
                created=dt.datetime(2026, 8, 3, 9, 40),
            ),
        ),
    ),
    # (b) Infusion day ---------------------------------------------------------
    PublishedQA(
        title="What actually happens on an Ocrevus infusion day?",
        category="infusion-therapies",
        expert="dr.okafor",
        submitted=dt.date(2026, 7, 1),
        published=dt.date(2026, 7, 15),
        body="""
            My first Ocrevus infusion is scheduled for next month and I'm nervous because I
            don't know what to expect. How long will I be there? Do they give me other
            medicines first? I've read stories online about people having reactions during the
            drip and now I'm a bit scared. Should I have someone drive me home, and can I go
            back to work the next day? Also, what side effects should make me call the clinic
            afterwards? I'd like to be prepared rather than surprised.
        """,
        answer="""
            It is very normal to feel nervous before a first infusion. Knowing the routine
            usually helps, so here is what a typical ocrelizumab (Ocrevus) day looks like. Your
            own infusion center may differ in the details.

            **Before the drip starts.** A nurse checks your temperature, blood pressure and
            pulse and asks about signs of infection; an active infection is a reason to
            postpone. About 30 to 60 minutes before the infusion you receive premedication:
            methylprednisolone 100 mg through the vein and an antihistamine, often with
            acetaminophen. These lower the chance and the severity of an infusion reaction.

            **How long it takes.** The first dose is split into two 300 mg infusions two weeks
            apart, each taking about two and a half hours. After that you receive 600 mg every
            six months, which runs over about three and a half hours, or about two hours if you
            have not had a serious reaction before. The drip starts slowly and is sped up step
            by step.

            **Afterwards.** You are observed for at least one hour after the infusion ends.
            Reactions such as itching, rash, a scratchy throat, flushing, headache or fever
            happen to roughly a third of people, most often with the very first infusion, and
            are usually mild. Nurses manage them by slowing or pausing the drip. The
            antihistamine can make you drowsy, so arrange a ride home. Most people are back to
            their usual activities the next day.

            **Call your team** if you notice:

            - a fever above 100 °F (37.8 °C), chills or other signs of infection
            - a rash or any other effect that lasts longer than expected or worries you
            - trouble breathing, swelling of the face or throat, or a racing heartbeat: for
              these, call emergency services

            Headache and tiredness for a day or two are common and usually pass. Please go over
            your own center's instructions with your MS team before the first visit.
        """,
        revision=RevisionSpec(
            signed=dt.date(2026, 10, 14),
            note="Added a paragraph on the subcutaneous form after readers asked about it.",
            answer="""
                It is very normal to feel nervous before a first infusion. Knowing the routine
                usually helps, so here is what a typical ocrelizumab (Ocrevus) day looks like.
                Your own infusion center may differ in the details.

                **Before the drip starts.** A nurse checks your temperature, blood pressure and
                pulse and asks whether you have signs of an infection, which would mean
                postponing. About 30 to 60 minutes before the infusion you receive
                premedication: methylprednisolone 100 mg through the vein and an antihistamine,
                often with acetaminophen. These make an infusion reaction less likely and
                milder.

                **How long it takes.** The first dose is split into two 300 mg infusions two
                weeks apart, each taking about two and a half hours. After that you receive
                600 mg every six months, which runs over about three and a half hours, or about
                two hours if you have not had a serious reaction before.

                **Afterwards.** You are observed for at least one hour after the infusion ends.
                Reactions such as itching, rash, a scratchy throat, flushing, headache or fever
                happen to roughly a third of people, most often with the very first infusion,
                and are usually mild. Nurses manage them by slowing or pausing the drip. The
                antihistamine can make you drowsy, so arrange a ride home.

                **Call your team** if you notice:

                - a fever above 100 °F (37.8 °C), chills or other signs of infection
                - a rash or any other effect that lasts longer than expected or worries you
                - trouble breathing, swelling of the face or throat, or a racing heartbeat: for
                  these, call emergency services

                **Update.** Readers have asked about the form given under the skin. A
                subcutaneous version of ocrelizumab (Ocrevus Zunovo), approved in the United
                States in September 2024, is injected into the belly over about ten minutes
                twice a year, still with premedication and observation afterwards. It is not
                offered everywhere; ask your team whether it suits you.

                Headache and tiredness for a day or two are common and usually pass. Please go
                over your own center's instructions with your MS team before the first visit.
            """,
        ),
        submission=SubmissionSpec(
            name="",
            email="",
            original_subject="first infusion nerves",
            original_text="""
                hello. my first ocrevus is on the 12th at the Riverside clinic and I am super
                nervous, I have no idea what happens. how long does it take? do they give other
                meds first?? I read on a facebook group that a woman had a bad reaction and had
                to be taken to the ER. should my husband Mike drive me, can I work the next
                day? (I work at the post office in Yakima and have to be on my feet). what side
                effects mean I should call? thanks
            """,
        ),
        comments=(
            CommentSpec(
                author_name="Marcus",
                body="""
                    My first infusion was last week. The itchy throat started about an hour in,
                    they slowed it down and it went away. Bring a blanket, the room was cold!
                """,
                created=dt.datetime(2026, 7, 29, 18, 5),
            ),
            CommentSpec(
                author_name="Linda P.",
                author_email="lindap@example.net",
                body="""
                    Does the steroid in the premedication raise blood sugar? I have type 2
                    diabetes and nobody mentioned it.
                """,
                created=dt.datetime(2026, 11, 18, 14, 30),
                approved=False,
            ),
        ),
    ),
    # Heat sensitivity -----------------------------------------------------------
    PublishedQA(
        title="Why do my symptoms get worse in hot weather?",
        category="symptoms",
        expert="dr.alvarez",
        submitted=dt.date(2026, 7, 9),
        published=dt.date(2026, 7, 24),
        body="""
            Every summer the same thing happens. When it gets hot, or after a hot shower, my
            vision gets blurry in one eye and my legs feel like lead. Once I cool down it gets
            better within a few hours. Is this a relapse every time? Am I damaging my nerves by
            going out in the heat? We're planning a family trip somewhere warm next month and
            I'm already dreading it.
        """,
        answer="""
            What you describe is a well-known effect called Uhthoff's phenomenon, and the
            reassuring part is that it is temporary and does not cause new damage.

            **Why it happens.** Nerves that have lost some of their myelin coating carry
            signals less reliably. A small rise in body temperature, even half a degree, makes
            this worse, so old symptoms reappear for a while: blurred vision in an eye that
            once had optic neuritis, weakness, numbness or fatigue. When you cool down, the
            signals get through again and the symptoms fade, usually within minutes to hours.
            Hot showers, saunas, exercise, fever and warm weather are the usual triggers.

            **Is it a relapse?** No. A relapse is new inflammation and lasts at least 24 hours
            without another explanation such as heat or an infection. If symptoms that started
            with heat have not gone away a day after you have cooled down, or if something
            completely new appears, contact your team.

            **Planning the trip.** Many people with heat sensitivity travel happily with a bit
            of preparation:

            - Choose air-conditioned accommodation and plan outdoor time for the cooler morning
              and evening.
            - Carry cold drinks and sip them often; iced drinks cool you from the inside.
            - Try a cooling vest, neck wrap or spray bottle; they are inexpensive and easy to
              pack.
            - Swim in pools that are cool rather than warm, and take lukewarm showers.
            - Rest in the shade before you feel overheated, not after.

            **One thing to watch:** a fever from an infection can bring on the same kind of
            temporary worsening. If you feel unwell or feverish, or notice burning when you
            urinate, get checked.

            Heat sensitivity can be frustrating, but it does not mean your MS is getting worse.
            Please share your travel plans with your MS team, who can suggest what has worked
            for other patients and make sure your medicines are sorted before you go.
        """,
        submission=SubmissionSpec(
            name="Ken Ostrowski",
            email="ken.o@example.com",
            notify=True,
            original_subject="Heat making MS worse",
            original_text="""
                Dear doctor, every summer here in Fresno when it hits 105 my left eye gets
                blurry (I had optic neuritis in 2019) and my legs feel like lead. After a hot
                shower too. Cooling off fixes it in a few hours. Is this a relapse every time?
                Am I hurting my nerves going outside? We are taking the grandkids to Phoenix in
                August and I am dreading it. Ken
            """,
        ),
        comments=(
            CommentSpec(
                author_name="Tasha",
                body="""
                    A cooling vest changed my summers. Frozen grapes in a small cooler help
                    too!
                """,
                created=dt.datetime(2026, 7, 27, 16, 45),
            ),
        ),
    ),
    # High-dose IV steroids ---------------------------------------------------------
    PublishedQA(
        title="Are high-dose IV steroids worth it for a relapse?",
        category="treatment",
        expert="dr.alvarez",
        submitted=dt.date(2026, 7, 22),
        published=dt.date(2026, 8, 5),
        body="""
            I've had numbness and pins and needles in both legs for about a week, and my
            neurologist thinks it's a relapse. She offered three days of IV steroids. The last
            time I had them, years ago, I couldn't sleep, felt jittery and had a horrible metal
            taste. Do steroids actually help in the long run, or do they just make things go
            away faster? Is it okay to skip them this time and wait? I also have diabetes,
            which makes me more worried.
        """,
        answer="""
            This is a common and sensible question. The honest answer is that steroids help you
            recover faster, but they do not change how well you recover in the end or the
            long-term course of MS.

            **What they do.** High-dose methylprednisolone, commonly 1 gram a day through a vein
            for three to five days, calms the inflammation of a relapse. People given steroids
            regain function sooner, but some months later those who had them and those who did
            not tend to end up in a similar place. Steroids are not a disease-modifying therapy
            and do not prevent the next relapse.

            **When they are worth it.** The decision depends on how much the relapse affects
            your life. Weakness that makes walking unsafe, a significant loss of vision or poor
            balance are good reasons to treat. Mild numbness or tingling that does not stop you
            from working or sleeping is often just watched, because it tends to improve on its
            own.

            **The side effects you remember** are typical: a metallic taste, poor sleep, feeling
            wired or moody, flushing and an upset stomach. They usually fade within days of the
            last dose. High-dose tablets by mouth work about as well as the drip for many
            people and are an alternative if getting to an infusion center is hard.

            **Because you have diabetes,** steroids will raise your blood sugar, sometimes
            sharply, for several days. If you take them, plan extra glucose checks and possibly
            a temporary change in your diabetes medicines with whoever manages your diabetes.
            Blood pressure can rise too.

            It is also worth making sure this is a true relapse. An infection, such as a bladder
            infection, or being overheated can bring old symptoms back for a while.

            Choosing not to treat a mild relapse is a reasonable option. Please talk through
            the benefits and risks with your MS team, and tell them if your symptoms spread or
            get worse.
        """,
        submission=SubmissionSpec(
            name="Alicia Brandt",
            email="",
            original_subject="steroids again?",
            original_text="""
                Hi, I'm Alicia. For about a week both my legs are numb and tingly and Dr. Soto
                thinks it's a relapse. She wants me to come to the hospital in Boise for 3 days
                of IV steroids. Last time (2018) I didn't sleep for a week, I was jittery and
                everything tasted like metal. Do they actually help long term or just speed it
                up? Can I skip them? I'm type 1 diabetic so I'm worried about my sugars.
            """,
        ),
    ),
    # Fatigue -----------------------------------------------------------------------
    PublishedQA(
        title="Why am I so tired all the time, and what can help?",
        category="symptoms",
        expert="dr.okafor",
        submitted=dt.date(2026, 7, 30),
        published=dt.date(2026, 8, 13),
        body="""
            My biggest problem with MS is not my legs or my eyes, it's the exhaustion. I sleep
            eight or nine hours and still wake up tired, and by two in the afternoon I can
            barely think. My family thinks I'm just lazy or depressed. My last MRI was stable,
            so why is this happening? Are there medicines for MS fatigue, or things I can do
            myself? Some days I'm afraid I'll have to stop working.
        """,
        answer="""
            What you describe is real, common and not laziness. Fatigue is one of the most
            frequent symptoms of MS, reported by most people with the disease, and it can be
            there even when an MRI shows no new activity. It often feels different from ordinary
            tiredness: it comes on quickly, is out of proportion to what you did, and tends to be
            worse in the heat or later in the day.

            **First, look for other causes.** Several treatable problems add to MS fatigue, and
            each is worth checking:

            - poor sleep from getting up to urinate at night, restless legs, pain or sleep apnea
            - low mood or depression, which is common in MS and treatable
            - anemia, thyroid problems or low vitamin D
            - side effects of medicines, for example for pain, spasms or bladder symptoms
            - loss of fitness, or being overheated

            **What helps.** The approaches with the best evidence are not pills:

            - regular aerobic exercise, started gently and built up; it eases fatigue for many
              people, even though that sounds backwards
            - pacing: planning the day, doing demanding tasks when you are freshest, and taking
              short planned rests before you run out
            - cooling on warm days
            - cognitive behavioral therapy and structured fatigue-management courses, often run
              by occupational therapists

            **Medicines.** Drugs such as amantadine or modafinil are sometimes tried. Their
            benefit in studies has been small, and a recent trial did not find them better than
            placebo, so at most they are an add-on for some people.

            **At work,** an occupational therapist can help you think through adjustments such
            as flexible hours, some days working from home, or a quieter space. Many people
            keep working with the right changes.

            Please ask your MS team for a fatigue review, including blood tests and a look at
            your sleep and medicines, and for a referral to therapy services.
        """,
        submission=SubmissionSpec(
            name="Greg Amundsen",
            email="g.amundsen@example.com",
            notify=False,
            original_subject="Exhausted",
            original_text="""
                My biggest problem isn't my legs or eyes, it's being exhausted ALL the time. I
                sleep 9 hours and wake up tired, by 2pm I can't think straight at my desk at
                the insurance office. My wife Karen thinks I'm depressed. MRI in June was stable at
                Dr. Lee's office so why?? Any pills for this? I'm afraid I'll get fired.
                - Greg, Spokane
            """,
        ),
        comments=(
            CommentSpec(
                author_name="Sam",
                body="""
                    The point about sleep was spot on for me. It turned out I had sleep apnea,
                    and treating it helped more than anything else I tried.
                """,
                created=dt.datetime(2026, 8, 30, 21, 10),
            ),
        ),
    ),
    # Natalizumab, JCV and PML ----------------------------------------------------
    PublishedQA(
        title="My JCV test came back positive on Tysabri. Do I have to stop?",
        category="infusion-therapies",
        expert="dr.alvarez",
        submitted=dt.date(2026, 8, 6),
        published=dt.date(2026, 8, 19),
        body="""
            I have been on Tysabri for almost three years and it has worked really well for me:
            no relapses and a stable MRI. At my last check my JCV antibody test came back
            positive for the first time, and my neurologist mentioned PML. I went home and read
            about it and now I'm terrified. How high is my risk really? Do I need to stop
            Tysabri right away, and if I switch, will my MS come back?
        """,
        answer="""
            I understand why that result is frightening, and it is good that you are asking
            rather than stopping on your own. Stopping natalizumab without a plan can let MS
            activity return, sometimes strongly, within a few months.

            **What the test means.** Natalizumab (Tysabri) keeps immune cells from entering the
            brain and spinal cord. The trade-off is a rare brain infection called progressive
            multifocal leukoencephalopathy (PML), caused by the JC virus; it carries a boxed
            warning. Many adults carry this virus without ever being ill from it. The antibody
            test tells us whether you have been exposed, and the index value gives a rough
            sense of how strongly.

            Three things raise the risk of PML on natalizumab:

            1. a positive anti-JCV antibody test, especially with a high index
            2. treatment for longer than about two years
            3. earlier treatment with immunosuppressants, such as mitoxantrone

            You now have the first two, so your risk is higher than before, but the actual
            figure depends on your index and history. Your neurologist can estimate it with
            you.

            **The usual options.**

            - Switch to another highly effective therapy, such as an anti-CD20 infusion. The
              gap between the last natalizumab dose and the new drug is kept short to limit a
              rebound.
            - In some situations, especially with a low index, continue with closer safety
              monitoring: more frequent MRI scans, which can find PML early, and sometimes
              dosing every six weeks instead of four. Extended-interval dosing is not in the US
              label, but observational studies suggest it lowers the risk of PML.

            Natalizumab is prescribed through a restricted program (TOUCH), and your infusion
            center asks about new symptoms before every dose. Report promptly any weakness,
            clumsiness, or change in vision, thinking or personality that builds up over days
            to weeks.

            Please decide on the next step together with your MS team, soon, and with your
            index value in hand.
        """,
        submission=SubmissionSpec(
            name="Renée Fortier",
            email="renee.fortier@example.com",
            notify=True,
            original_subject="JCV positive - panicking",
            original_text="""
                Hello, my name is Renée, I've had Tysabri every 4 weeks at the infusion
                suite in Salem since October 2023. No relapses, MRI stable. Last Tuesday my JCV
                came back positive (index 1.2) for the first time and Dr. Hale said PML. I read
                about it all night and I'm terrified. What is my real risk? Do I have to stop
                right now? Will my MS come back if I switch?
            """,
        ),
    ),
    # Alemtuzumab monitoring --------------------------------------------------------
    PublishedQA(
        title="Do I really need monthly blood tests for four years after Lemtrada?",
        category="infusion-therapies",
        expert="dr.okafor",
        submitted=dt.date(2026, 8, 12),
        published=dt.date(2026, 8, 27),
        body="""
            I finished my second round of Lemtrada about seven months ago and honestly I feel
            better than I have in years. But the monthly blood and urine tests are wearing me
            down. I have to take time off work every month and sometimes I forget. A friend who
            had Lemtrada at another hospital says she stopped the tests after a year. Is it
            really necessary to keep doing them for four years? What exactly are they looking
            for?
        """,
        answer="""
            I am glad you are feeling well. The monthly tests after alemtuzumab (Lemtrada) are
            tedious, but they are one of the most important parts of the treatment, and I would
            encourage you not to stop them.

            **Why they matter.** Alemtuzumab depletes T and B lymphocytes, and as the immune
            system rebuilds itself it can turn against the body's own tissues. These autoimmune
            conditions carry a boxed warning and can appear months or years after a course, not
            only early on. The main ones are:

            - **thyroid disease** (an overactive or underactive thyroid), the most common, and
              usually treatable
            - **immune thrombocytopenia**, in which platelets drop and bleeding can become
              dangerous
            - **anti-GBM disease** and other kidney inflammation, rare but serious

            The label asks for a complete blood count, creatinine and a urine test every month,
            and thyroid tests every three months, until 48 months after the last dose. Finding
            a low platelet count or blood in the urine early, before symptoms, is what makes
            these problems manageable. That is why the drug is only given through a restricted
            program (REMS) that tracks the testing.

            **Making it easier.** Ask your team whether a lab near your home or work can draw
            the samples, whether you can get text reminders, and whether a nurse can follow the
            results for you. Many centers have a coordinator just for this.

            **Between tests,** contact your team promptly if you notice easy bruising, small red
            or purple spots on the skin, bleeding gums or nosebleeds that are hard to stop,
            unusually heavy periods, blood in the urine, swollen legs, or coughing up blood.

            Your friend's schedule may have differed for reasons neither of us can know, but for
            your own safety please keep to the plan, and talk with your MS team about how to
            make the testing fit your life.
        """,
        submission=SubmissionSpec(
            name="Tom Reyes",
            email="tomreyes@example.com",
            original_subject="Lemtrada blood tests",
            original_text="""
                I finished round 2 of Lemtrada at the neuro clinic in Bellevue in January and
                feel great. But the monthly blood + urine tests are killing me, I drive a
                delivery route for a grocery chain and have to take unpaid time off every
                month. My friend Becky had Lemtrada at the university hospital and she says she
                stopped after a year. Do I really have to do 4 years? What are they even looking
                for? - Tom
            """,
        ),
    ),
    # CIS / diagnosis after a first episode -------------------------------------------
    PublishedQA(
        title="I had one episode of optic neuritis. Do I have MS?",
        category="diagnosis",
        expert="dr.okafor",
        submitted=dt.date(2026, 8, 24),
        published=dt.date(2026, 9, 3),
        body="""
            Two months ago I lost part of the vision in one eye, and it hurt to move the eye.
            It has mostly come back now. The eye doctor said it was optic neuritis and sent me
            for an MRI, which showed a few spots in my brain. The neurologist called it a
            clinically isolated syndrome and wants me to start treatment. I don't understand.
            If I've only had one episode, how can they say it's MS? Do I really need to start
            medication now?
        """,
        answer="""
            It is a lot to take in, especially when your eye is getting better and you feel
            almost well again. Here is what the terms mean and why your neurologist is
            suggesting treatment.

            **Clinically isolated syndrome (CIS)** is the name for a first episode of
            symptoms, lasting at least 24 hours, caused by inflammation in the brain, spinal
            cord or optic nerves, that looks like MS. Optic neuritis, with painful eye movement
            and blurred vision that improves over weeks, is one of the most typical first
            episodes.

            **Why the MRI matters so much.** To diagnose MS, doctors need evidence that the
            disease has affected more than one area of the nervous system and at more than one
            point in time. The McDonald criteria let that evidence come from MRI and spinal
            fluid as well as from symptoms. Depending on where your spots are, whether some of
            them light up with contrast, and whether a lumbar puncture shows oligoclonal bands,
            you may already meet the criteria for MS after a single episode. If not, the term
            CIS is used.

            **What the spots say about the future.** Long-term studies of people with optic
            neuritis found that the chance of a second episode over the following years was
            well over half when the first MRI showed typical lesions, and about one in four
            when it was normal. So your scan does raise the likelihood.

            **Why treat now.** Several disease-modifying therapies are approved for CIS,
            including injections, tablets and infusions such as ocrelizumab (Ocrevus). Starting
            early has been shown to delay a second episode and reduce new MRI lesions. The
            choice of drug depends on how active things look, your other health issues, your
            plans for pregnancy and your preferences.

            You do not have to decide today. Ask your neurologist to show you your scans and go
            over the options and their side effects, and take the time you need with your MS
            team to make a plan you are comfortable with.
        """,
        submission=SubmissionSpec(
            name="Hannah Lindqvist",
            email="hannah.lindqvist@example.com",
            notify=True,
            original_subject="CIS?? confused",
            original_text="""
                In June I lost part of the vision in my left eye right before my nursing
                finals in Chico, it hurt to move it. It's mostly back now. Dr. Patel the
                eye doctor said optic neuritis and the MRI at the hospital showed spots in my brain.
                Now the neurologist says "clinically isolated syndrome" and wants to start
                meds. It was only one time!! How is that MS? Do I have to start now? Hannah
            """,
        ),
    ),
    # Rituximab off-label vs ocrelizumab -------------------------------------------------
    PublishedQA(
        title="My insurance wants me to switch from Ocrevus to rituximab. Is that safe?",
        category="treatment",
        expert="dr.alvarez",
        submitted=dt.date(2026, 8, 31),
        published=dt.date(2026, 9, 10),
        body="""
            I've been on Ocrevus for two years with no problems. Now my insurance says they
            will only cover rituximab, which I had never heard of. My pharmacist said it isn't
            even approved for MS. That makes me nervous. Is rituximab the same thing as Ocrevus
            or a weaker version? Will the infusions be different? I don't want to lose the
            stability I've worked so hard for.
        """,
        answer="""
            It is understandable to feel uneasy when a change comes from an insurer rather than
            from your medical needs. The good news is that the two drugs are close relatives.

            **How they are alike.** Ocrelizumab (Ocrevus) and rituximab (Rituxan and several
            biosimilars) are both antibodies against CD20, a marker on B cells, and both
            deplete those cells, which is thought to be how they calm MS. Rituximab came first
            and was developed for lymphoma and rheumatoid arthritis. Ocrelizumab was designed
            later and tested in large MS trials (OPERA I and II in relapsing MS, ORATORIO in
            primary progressive MS) that led to its FDA approval in 2017.

            **How they differ.**

            - Rituximab is a chimeric antibody, partly built from mouse protein, while
              ocrelizumab is humanized. In theory that makes infusion reactions and antibodies
              against the drug somewhat more likely with rituximab.
            - Rituximab has no FDA approval for MS, so using it is off-label. It has not been
              through large phase 3 trials in MS, but smaller trials and many years of registry
              data, notably from Sweden, suggest it controls relapsing MS well.
            - There is no MS dose on its label. A common schedule is 1 gram twice, two weeks
              apart, then every six months; people switching from ocrelizumab often go straight
              to the six-monthly dose.
            - The rituximab label carries boxed warnings for infusion reactions, hepatitis B
              reactivation and PML, risks similar in kind to those of ocrelizumab.

            **What you can do.** Ask your neurologist whether the switch makes medical sense for
            you. If your team believes Ocrevus should continue, they can appeal with your
            history. If you do switch, the same precautions apply: premedication, observation
            after the infusion, infection checks and careful timing of vaccines.

            Please talk with your MS team before your next infusion is due, so that there is no
            gap in treatment while the insurance question is sorted out.
        """,
        submission=SubmissionSpec(
            name="",
            email="",
            original_subject="Insurance switching me to rituximab",
            original_text="""
                I've been on Ocrevus 2 years at the neurology clinic in Reno, zero problems. Now
                BlueHarbor Health says they'll only pay for rituximab, never heard of it. The
                pharmacist at my drugstore on Kietzke Lane said it's not even approved for MS!! Is
                it the same as Ocrevus or a cheaper weaker version? Are the infusions different?
                I don't want to lose what I've worked so hard for.
            """,
        ),
    ),
    # Exercise --------------------------------------------------------------------------
    PublishedQA(
        title="Is it safe to exercise with MS?",
        category="living-with-ms",
        expert="dr.okafor",
        submitted=dt.date(2026, 9, 4),
        published=dt.date(2026, 9, 17),
        body="""
            Before MS I used to run and go to the gym. Since my diagnosis last year I've
            stopped almost everything because I'm afraid exercise will trigger a relapse or
            make my symptoms worse. When I tried jogging my legs went numb and I panicked. Is
            exercise bad for MS? What kind of exercise is safe, and how much should I do? I
            miss feeling strong.
        """,
        answer="""
            Please do not give up on exercise. It is one of the most helpful things you can do
            for yourself with MS, and there is no evidence that it triggers relapses.

            **What happened when you jogged.** Numbness or weakness during exercise is usually
            the heat effect (Uhthoff's phenomenon): as your body warms up, nerves with damaged
            myelin carry signals less well and old symptoms come back. It is temporary and
            settles as you cool down, usually within minutes to an hour. It is not a sign of
            new damage, although it is a signal to slow down and cool off.

            **What exercise can do.** Studies in people with MS show that regular exercise
            improves fitness, strength, walking, balance, fatigue and mood. Whether it also
            protects the brain over time is being studied, and is less certain.

            **How to restart.**

            - Begin below what you think you can do, and build up gradually over weeks.
            - Mix aerobic activity (walking, cycling, swimming, rowing) with strength training
              twice a week and some balance and stretching work.
            - A reasonable long-term aim is around 150 minutes of moderate activity a week, but
              any amount helps.
            - Keep cool: exercise in the morning or evening, use a fan, drink cold water, or
              swim in a cool pool.
            - Break sessions into intervals with short rests if your legs tire.
            - Running is fine if you enjoy it; it may simply need more cooling breaks than
              before.

            **Get help setting it up.** A physical therapist who knows MS can design a program
            around any weakness, balance problem or stiffness, and check that you are exercising
            safely.

            Stop and get advice if you have chest pain, feel faint or fall, or if symptoms that
            started during exercise have not settled after a day. Please talk with your MS team
            about a plan and a referral to physical therapy.
        """,
        submission=SubmissionSpec(
            name="Oliver Strand",
            email="oliver.strand@example.com",
            original_subject="running again?",
            original_text="""
                I ran the Portland half marathon twice and lifted 4x a week at the Y. Since my
                diagnosis last October I stopped almost everything, I'm scared it will cause a
                relapse. Tried jogging along the Willamette last week and my legs went numb and
                I freaked out. Is exercise bad for MS? What's safe and how much? I miss being
                strong. Oliver
            """,
        ),
    ),
    # Plasma exchange ---------------------------------------------------------------------
    PublishedQA(
        title="What is plasma exchange, and why is it offered when steroids did not work?",
        category="treatment",
        expert="dr.okafor",
        submitted=dt.date(2026, 9, 14),
        published=dt.date(2026, 9, 24),
        body="""
            Three weeks ago I lost a lot of strength in one leg and now I need a cane. I had
            five days of IV steroids and barely anything changed. Now my doctor is talking about
            plasma exchange and says I'd need a special line put in. I've never heard of this
            for MS. What does it involve, how many sessions is it, and does it actually work?
            I'm scared this means my MS is getting much worse.
        """,
        answer="""
            I'm sorry you are going through this. A relapse that leaves you needing a cane is
            hard, and it is natural to read the new suggestion as bad news. Mostly it reflects
            that your team wants to give your recovery every chance.

            **What it is.** Plasma exchange, also called plasmapheresis, is a procedure rather
            than a drug. Your blood passes through a machine that separates the plasma, the
            liquid part that carries antibodies and other inflammatory factors, and replaces it
            with a protein solution, usually albumin. Your blood cells are returned to you. It
            is used for severe relapses that have not responded well to high-dose steroids.

            **What to expect.** A typical course is about five to seven exchanges, usually every
            other day, over one to two weeks. Each session takes a few hours. Because the
            machine needs a strong blood flow, many people need a temporary catheter in a large
            vein, often in the neck or chest; some can use the veins in their arms.

            **Does it help?** In a small randomized trial and in larger case series, a good
            share of people with steroid-resistant relapses improved after plasma exchange,
            often around half. Results tend to be better when it starts within a few weeks of
            the relapse, which is why your team is moving quickly. It does not help everyone,
            and improvement can come gradually over weeks.

            **Risks** include infection or clotting around the catheter, low blood pressure or
            light-headedness during sessions, bleeding, and tingling around the mouth from low
            calcium, which the team watches for and treats.

            A severe relapse is also a good moment to review whether your disease-modifying
            therapy is controlling your MS well enough, and your team will probably talk with
            you about that separately. Please ask them about your own chances of improvement
            and the plan for the line, and keep up physical therapy alongside.
        """,
        submission=SubmissionSpec(
            name="Bea Castellanos",
            email="",
            original_subject="Plasma exchange??",
            original_text="""
                Hi, this is Bea. On Labor Day my right leg gave out at my daughter's
                quinceañera and now I use a cane. 5 days IV steroids at the hospital in Roseville,
                barely any change. Dr. Nguyen now wants plasma exchange and says I need a line
                in my neck. Never heard of this for MS. What is it, how many times, does it
                work? Does this mean my MS is getting much worse?
            """,
        ),
    ),
    # Vaccines before anti-CD20 ------------------------------------------------------------
    PublishedQA(
        title="Which vaccines should I get before starting an anti-CD20 infusion?",
        category="treatment",
        expert="dr.alvarez",
        submitted=dt.date(2026, 9, 25),
        published=dt.date(2026, 10, 7),
        body="""
            My neurologist and I decided that I'll start Ocrevus in a couple of months. The
            nurse told me to sort out my vaccines first but didn't give me a list, and I'm
            confused. I have two little kids who bring home every bug going. Which vaccines do
            I need before the first infusion, and how long before? Can I still have the flu
            shot afterwards? And can my kids still get their normal vaccines?
        """,
        answer="""
            Your nurse's advice is good: the weeks before starting an anti-CD20 therapy are the
            best time to catch up on vaccines, because afterwards the body responds to them
            less strongly.

            **Timing.** For ocrelizumab (Ocrevus), the label advises giving any **live or
            live-attenuated vaccine at least four weeks** before the first infusion, and
            **non-live vaccines at least two weeks** before, where possible. Live vaccines are
            not recommended during treatment or until B cells have recovered.

            **What your team will usually check.**

            - **Hepatitis B.** Blood tests are required before starting, because anti-CD20
              drugs can reawaken a hidden infection; if you are not immune, you may be offered
              the vaccine.
            - **Chickenpox, measles, mumps and rubella.** If you are not immune, these live
              vaccines are given before treatment starts.
            - **Shingles.** The recombinant shingles vaccine (Shingrix) is not live and is
              commonly offered to adults on B-cell therapies.
            - Other non-live vaccines that are due: influenza, COVID-19, pneumococcal, tetanus,
              and HPV where appropriate.

            **During treatment.** Non-live vaccines such as the yearly flu shot are safe and
            still recommended. The response may be smaller, so many teams time them for the
            weeks just before the next infusion, when B cells have had the longest time to
            recover.

            **Your children** should keep up with all their routine vaccines, including live
            ones such as MMR and chickenpox; protecting them also protects you. The rotavirus
            vaccine babies swallow is live too, so wash your hands well after diaper changes
            for a few weeks after a dose.

            Bring your vaccination records to your next visit and ask your MS team for a
            written plan with dates, so that everything is done in time for the first infusion.
        """,
        submission=SubmissionSpec(
            name="Mei-Lin Carver",
            email="meilin.carver@example.com",
            notify=True,
            original_subject="vaccines before ocrevus",
            original_text="""
                Dr. Brooks and I decided I'll start Ocrevus in November. The nurse Trish said
                get my vaccines sorted but didn't give me a list. My twins (3) go to a
                daycare in Medford and bring home everything. Which vaccines before the
                first infusion and how long before? Flu shot after? Can the twins still get
                their shots? Thank you, Mei-Lin
            """,
        ),
    ),
    # MRI follow-up --------------------------------------------------------------------------
    PublishedQA(
        title="Why do I need an MRI every year if I feel fine?",
        category="diagnosis",
        expert="dr.okafor",
        submitted=dt.date(2026, 10, 5),
        published=dt.date(2026, 10, 21),
        body="""
            I was diagnosed with relapsing MS three years ago and have been stable on
            treatment. My neurologist still orders an MRI with contrast every year. I feel
            completely fine, so is it really necessary? I hate the noise and being in the tube,
            and I've read that the contrast dye can stay in the brain. Could I skip it, or have
            it less often?
        """,
        answer="""
            These are fair questions. Feeling well is the goal, and it is good that you are
            stable. MRI is still useful because it sees what you cannot feel.

            **Silent activity.** Most new MS lesions cause no symptoms; studies find several
            new lesions on MRI for every relapse a person notices. New lesions while on
            treatment are one of the main signs that a therapy is not working well enough,
            often long before you would notice any change. A clean follow-up scan is good
            evidence that your treatment is doing its job.

            **How often.** A common pattern is a scan before starting or changing treatment,
            another about six months later as a new reference point, and then roughly one a
            year while things are stable. After several stable years some teams space scans
            further apart. People on natalizumab (Tysabri) with a positive JCV test may need
            more frequent scans for safety reasons.

            **Contrast.** Gadolinium contrast shows lesions that are inflamed right now. For
            routine monitoring, comparing a scan without contrast with the previous one often
            answers the main question, whether there are new or enlarging lesions. Many MS
            centers now use contrast only when it adds something, for example at diagnosis or
            when symptoms or the scan suggest new activity. Small amounts of gadolinium can stay
            in the brain after repeated doses. No harm from this has been shown, and the agents
            used today are more stable types that leave less behind, but it is a reasonable
            thing to ask about.

            **Making the scan easier.**

            - Ask for earplugs or headphones with music.
            - Ask whether a wider scanner is available, or a mild sedative if you feel
              claustrophobic.
            - Try to use the same scanner and protocol each time, which makes comparisons more
              reliable.

            Please discuss with your MS team whether contrast is needed for your next scan and
            which schedule fits your situation.
        """,
        submission=SubmissionSpec(
            name="Priya Venkataraman",
            email="priya.v@example.com",
            original_subject="Yearly MRI necessary?",
            original_text="""
                Hi, I'm Priya (38), diagnosed RRMS in 2023 in San Jose,
                stable on Kesimpta. Dr. Moreau orders an MRI with contrast every year at the
                imaging center on Bascom Ave. I feel totally fine. Is it really needed? The
                noise and the tube make me panic and I read gadolinium stays in your brain.
                Can I skip it or do it every 2-3 years?
            """,
        ),
    ),
    # Stem cell trials ------------------------------------------------------------------------
    PublishedQA(
        title="Should I look into a stem cell trial for MS?",
        category="research-and-clinical-trials",
        expert="dr.alvarez",
        submitted=dt.date(2026, 10, 13),
        published=dt.date(2026, 10, 28),
        body="""
            I keep seeing stories about people whose MS was "cured" with stem cells, some of
            them travelling abroad for treatment. I've had MS for eight years, I've tried three
            different medications and I still have relapses. I feel like I'm running out of
            options. Are stem cell treatments real? How would I even get into a trial, and is
            it dangerous?
        """,
        answer="""
            It is understandable to look further when treatments have not kept your MS under
            control. Stem cell research is real, and parts of it are promising, but "stem cell
            treatment" covers very different things.

            **Autologous hematopoietic stem cell transplant (aHSCT)** is the approach with the
            most evidence. Your own blood stem cells are collected, chemotherapy removes much
            of the immune system, and the stem cells are returned so that a new immune system
            can grow. In people with highly active relapsing MS, many stay free of relapses and
            new MRI lesions for years afterwards. It is not a cure for everyone, and the risks
            are real: serious infections, infertility, other autoimmune problems and, rarely,
            death, with the lowest rates at experienced centers. Randomized trials comparing
            aHSCT with the best available drugs, such as the BEAT-MS trial in the United
            States, are under way.

            **Mesenchymal stem cells** and other cell products are investigational. They are
            being studied for effects on the immune system and for possible repair, mostly in
            small early-phase trials. No stem cell treatment is approved for MS.

            **Be careful with commercial clinics.** Clinics that sell stem cell injections for
            MS, at home or abroad, often charge large sums for treatments without good
            evidence, and some have caused serious harm. A genuine trial is registered, follows
            a published protocol and does not charge you for the experimental treatment.

            **Your situation.** Relapses despite three therapies is exactly the kind of history
            that calls for a fresh look at options. These may include highly effective drugs
            you have not yet tried, such as anti-CD20 infusions like ocrelizumab (Ocrevus),
            natalizumab (Tysabri) or alemtuzumab (Lemtrada), and possibly a referral to a
            center that offers aHSCT or a trial. You can search registered trials at
            [ClinicalTrials.gov](https://clinicaltrials.gov/).

            Please ask your MS team to review your treatment history with you and to say
            whether a referral to a specialized center makes sense.
        """,
        submission=SubmissionSpec(
            name="Aaron Feldman",
            email="aaron.feldman@example.com",
            notify=True,
            original_subject="stem cells",
            original_text="""
                I'm 36, MS since 2018, tried Copaxone, Tecfidera and Gilenya and still having
                relapses (last one in July, left arm). My cousin in Tel Aviv sent me a video of
                a clinic in Mexico that "cured" MS with stem cells for $55,000. Is this real?
                How do I get into a trial? Is it dangerous? I feel like I'm running out of
                options. Aaron, Sacramento
            """,
        ),
    ),
]


# ---------------------------------------------------------------------------
# Questions not (yet) published, oldest first
# ---------------------------------------------------------------------------

OPEN_QUESTIONS: list[OpenQuestion] = [
    OpenQuestion(
        state="awaiting_signoff",
        title="Should I take vitamin D for my MS?",
        category="living-with-ms",
        expert="dr.alvarez",
        submitted=dt.date(2026, 11, 2),
        handled=dt.date(2026, 11, 16),
        body="""
            I keep reading that vitamin D is important in MS and that people with low levels
            do worse. My last blood test said my level was "a bit low" but nobody told me what
            to do about it. Should I be taking a supplement, and how much? Can vitamin D replace
            my MS medication if I take a lot of it? I'd like to do something natural to help
            myself.
        """,
        answer="""
            Wanting to do something for yourself is a good instinct, and vitamin D is a
            reasonable place to start, as long as expectations are realistic.

            **What we know.** Low vitamin D levels are linked to a higher risk of developing MS
            and, in people who have it, to more relapses and MRI activity. Whether taking
            vitamin D changes the course of MS is less clear. Trials of supplements added to
            standard treatment have had mixed results; some suggest a modest benefit,
            especially early in the disease, while others found little difference.

            **What that means in practice.**

            - Correcting a low level is sensible for bone health and general health, and may
              help your MS a little.
            - Your team can suggest a daily dose based on your blood level, and recheck it
              after a few months.
            - More is not better. Very high doses without monitoring can raise calcium in the
              blood and cause kidney stones and other problems.
            - Vitamin D is not a replacement for a disease-modifying therapy. Stopping your
              MS medication in favor of supplements would expose you to relapses that the
              medication is there to prevent.

            A balanced diet, not smoking, regular exercise and good sleep are other things
            within your control that are good for people with MS.

            Please ask your MS team or primary care doctor what your level was and what dose
            they recommend for you.
        """,
        submission=SubmissionSpec(
            name="Carla Jimenez",
            email="carla.j@example.com",
            notify=True,
            original_subject="vitamin D",
            original_text="""
                My naturopath in Ashland says vitamin D can replace my Aubagio if I take
                50,000 units a day. My blood test in October said "slightly low".
                Should I take it and how much? Could I stop my MS pills? I want to do something
                natural. Thanks, Carla
            """,
        ),
    ),
    OpenQuestion(
        state="assigned",
        title="Why do my symptoms come back in the weeks before my next Ocrevus infusion?",
        category="infusion-therapies",
        expert="dr.okafor",
        submitted=dt.date(2026, 11, 10),
        handled=dt.date(2026, 11, 11),
        body="""
            I've been on Ocrevus for a year and a half and it has helped a lot. But in the last
            month before each infusion I feel more tired, my legs are weaker and my balance is
            off. A few days after the infusion I feel better again. My nurse said it's probably
            in my head. Is this a real thing? Could I have the infusions more often?
        """,
        answer="""
            DRAFT, not finished.

            Many people on anti-CD20 therapies such as ocrelizumab (Ocrevus) describe a
            "wearing-off" feeling in the weeks before the next dose, so you are not alone.

            Points still to cover: what the studies found (B cells usually stay depleted,
            so the cause is unclear); other explanations such as infections, heat and
            stress; why shorter intervals are not standard and what is known about them;
            keeping a symptom diary to bring to the next visit.
        """,
        submission=SubmissionSpec(
            name="Nadia Okonkwo-Berg",
            email="",
            original_subject="wearing off before infusion",
            original_text="""
                On Ocrevus 18 months at the infusion center in Klamath Falls. About a
                month before each infusion I'm wiped out, legs weak, balance off, I almost fell
                at my son Eli's soccer game. 3-4 days after the infusion I'm better. Nurse
                Debbie says it's in my head. Is it real? Can I get it every 4 months instead?
            """,
        ),
    ),
    OpenQuestion(
        state="rejected",
        title="Is it safe to breastfeed if I restart Ocrevus after the birth?",
        submitted=dt.date(2026, 11, 12),
        handled=dt.date(2026, 11, 13),
        body="""
            I'm 30 weeks pregnant and was on Ocrevus until shortly before the pregnancy. I really
            want to breastfeed, but my MS was pretty active before I started treatment, with
            several relapses in one year, so I'm worried about going without it for long after
            the birth. If I restart Ocrevus soon after the baby is born, can I still breastfeed
            safely, or does the drug pass into the milk? Should I wait a while before the first
            infusion?
        """,
        reject_reason="duplicate",
        duplicate_of="Can I breastfeed and still be protected from relapses after Ocrevus?",
        reject_note="""
            Thank you for writing. This question is answered in our published Q&A "Can I
            breastfeed and still be protected from relapses after Ocrevus?", which you can find
            in the Pregnancy and breastfeeding category.
        """,
        submission=SubmissionSpec(
            name="",
            email="",
            original_subject="breastfeeding and ocrevus",
            original_text="""
                30 weeks pregnant with my first, was on Ocrevus until last fall in Portland. Had 3
                relapses in 2024 before starting. Can I breastfeed if I restart after the baby
                comes in January?
            """,
        ),
    ),
    OpenQuestion(
        state="new",
        title="Can MS affect my memory and concentration?",
        submitted=dt.date(2026, 11, 19),
        body="""
            Lately I keep losing my train of thought in the middle of sentences, and I forget
            why I walked into a room. At work I have to read emails several times before they
            make sense. I was diagnosed with MS four years ago. Is this part of MS, or could it
            be something else? Is there anything that can be done? I'm scared it will get
            worse.
        """,
        submission=SubmissionSpec(
            name="Lena Hartwick",
            email="lena.hartwick@example.com",
            notify=True,
            original_subject="brain fog / memory",
            original_text="""
                Hi, I'm Lena, 41, I teach third grade at an elementary school in Walla Walla.
                Lately I lose my train of thought in the middle of a lesson and the kids notice.
                I forget why I walked into a room, and I reread parent emails 3 times. Dr.
                Pruitt diagnosed me in 2022. Is this MS or something else (my mom had early
                Alzheimer's)? Can anything be done? I'm scared it will get worse. Lena
            """,
        ),
    ),
]
