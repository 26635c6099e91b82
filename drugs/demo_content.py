"""Demo entries for the drug reference, loaded by `manage.py load_demo_drugs`.

Pure data. The facts come from the US labels and the trials named in each
entry; the wording was written for this project, for patients and families.
The reviewers are the invented demo clinicians of `questions.demo_content`.

Review days are told as seen on `questions.demo_content.AS_OF`; the loader moves
them by the days between AS_OF and the day it runs, like the Q&As.

Long texts are wrapped for reading: `_text()` joins the lines of each
paragraph and keeps a blank line between paragraphs, so every paragraph here
is one paragraph on the page.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass


def _text(value: str) -> str:
    blocks = textwrap.dedent(value).strip().split("\n\n")
    return "\n\n".join(" ".join(line.strip() for line in block.splitlines()) for block in blocks)


def _lines(*items: str) -> str:
    return "\n".join(items)


def dailymed(query: str) -> str:
    return (
        f"US prescribing information ({query}), DailyMed, US National Library of Medicine: "
        f"https://dailymed.nlm.nih.gov/dailymed/search.cfm?labeltype=all&query={query}"
    )


@dataclass(frozen=True)
class DrugSpec:
    slug: str
    generic_name: str
    group: str
    status: str
    route: str
    ms_types: frozenset[str]  # keys of drugs.models.MS_TYPES
    mechanism_short: str
    schedule_short: str
    risks_short: str
    summary: str
    reviewer: str  # username of a demo expert
    reviewed_on: dt.date
    display_name: str = ""
    brand_names: str = ""
    biosimilars: str = ""
    other_names: str = ""
    drug_class: str = ""
    target_mechanism: str = ""
    approval_year: int | None = None
    approval_note: str = ""
    used_for: str = ""
    dose_schedule: str = ""
    infusion_time: str = ""
    premedication_observation: str = ""
    cumulative_dose_limits: str = ""
    screening: str = ""
    vaccines: str = ""
    restricted_program: str = ""
    boxed_warnings: str = ""
    serious_risks: str = ""
    common_side_effects: str = ""
    pregnancy_breastfeeding: str = ""
    monitoring: str = ""
    key_trials: str = ""
    references: str = ""


ANTI_CD20_VACCINES = _text(
    """
    Live and live-attenuated vaccines (for example MMR, chickenpox or yellow fever) must be
    given at least 4 weeks before the first dose. They are not given during treatment, or
    after it until the B cells have come back.

    Other vaccines, such as the flu shot or COVID-19 and pneumonia vaccines, are best given
    at least 2 weeks before the first dose. They are safe during treatment, but the body
    answers them less strongly once B cells are gone, so it pays to catch up first.
    """
)

DRUGS: list[DrugSpec] = [
    # ---------------------------------------------------------------- ocrelizumab
    DrugSpec(
        slug="ocrelizumab",
        generic_name="ocrelizumab",
        brand_names="Ocrevus, Ocrevus Zunovo",
        group="disease_modifying",
        status="approved",
        route="iv",
        ms_types=frozenset({"cis", "rrms", "active_spms", "ppms"}),
        mechanism_short="Removes B cells (anti-CD20 antibody)",
        schedule_short="Every 6 months, after two half doses 2 weeks apart",
        risks_short="Infusion reactions, infections, hepatitis B flaring up again",
        summary=(
            "An antibody that removes B cells, given by infusion twice a year. It is approved "
            "for relapsing forms of MS and was the first medicine approved for primary "
            "progressive MS."
        ),
        drug_class="Anti-CD20 monoclonal antibody (humanized)",
        target_mechanism=_text(
            """
            Ocrelizumab is an antibody made to stick to CD20, a marker on the surface of most
            B cells. Once it is attached, the immune system clears those B cells from the
            blood. B cells help drive the inflammation behind relapses and new MRI lesions,
            so with far fewer of them there are far fewer attacks.

            The effect lasts: B cells stay low between doses and only come back slowly, over
            months, after the last infusion.
            """
        ),
        approval_year=2017,
        approval_note=_text(
            """
            Approved by the FDA in March 2017 for adults with relapsing forms of MS and with
            primary progressive MS. A form given as an injection under the skin, Ocrevus
            Zunovo, was approved in September 2024.
            """
        ),
        used_for=_text(
            """
            Adults with a relapsing form of MS: a clinically isolated syndrome,
            relapsing-remitting MS or active secondary progressive MS.

            Adults with primary progressive MS. In its trial it slowed the worsening of
            disability, although the effect is smaller than in relapsing MS.

            It must not be given to someone with an active hepatitis B infection, or to
            someone who had a life-threatening reaction to an earlier ocrelizumab infusion.
            """
        ),
        dose_schedule=_text(
            """
            Start: 300 mg into a vein, and another 300 mg two weeks later.

            After that: 600 mg into a vein once every 6 months.

            Ocrevus Zunovo, the form given under the skin, is one injection into the belly
            every 6 months and takes about 10 minutes.
            """
        ),
        infusion_time=_text(
            """
            Each of the two starting half doses runs for about 2.5 hours. The 600 mg dose runs
            for about 3.5 hours, or about 2 hours for someone who has never had a serious
            infusion reaction.

            Plan for a longer visit: the medicines beforehand and the hour of watching
            afterwards add to the time.
            """
        ),
        premedication_observation=_text(
            """
            About half an hour before every infusion you get 100 mg of methylprednisolone (a
            steroid) into the vein and an antihistamine, and often acetaminophen for fever.
            Together they make an infusion reaction less likely.

            Nurses watch you during the infusion and for at least one hour after it ends.
            """
        ),
        cumulative_dose_limits="There is no lifetime limit.",
        screening=_text(
            """
            Hepatitis B blood tests. Treatment cannot start during an active hepatitis B
            infection, and someone who had hepatitis B in the past may need a liver
            specialist's advice first.

            Immunoglobulin (antibody) levels, to compare with later results: they can fall
            after years of treatment.

            A check for infections. If you have one, the first infusion waits until it has
            cleared.
            """
        ),
        vaccines=ANTI_CD20_VACCINES,
        serious_risks=_text(
            """
            Infusion reactions. In the trials between a third and two fifths of people (34 to
            40 percent) had at least one, most often with the first infusion. Most are mild,
            such as itching, a rash, flushing or a scratchy throat; a few are severe.

            Infections, mostly of the nose, throat and chest, and herpes infections such as
            cold sores and shingles.

            Hepatitis B can flare up again in someone who has had it.

            PML, a rare viral infection of the brain, is possible; a few cases have been
            reported, mostly in people with other risk factors.

            Cancer: in the trials a few more cancers, including breast cancer, were found than
            with the comparison treatments. Keep up with breast cancer screening.

            Low antibody levels after years of treatment, which can make infections more
            likely.
            """
        ),
        common_side_effects=_text(
            """
            Infusion reactions, colds and other infections of the nose and throat, skin
            infections and cold sores. Some people feel tired or have a headache for a day
            or two after an infusion.
            """
        ),
        pregnancy_breastfeeding=_text(
            """
            Use reliable birth control during treatment and for 6 months after the last
            infusion, unless you and your team have planned a pregnancy together. A baby
            exposed in the womb can be born with low B cells; tell the baby's doctor before
            any live vaccine.

            Ocrelizumab is a large protein, and studies found only tiny amounts in breast
            milk and none to speak of in breastfed babies. Many MS teams now restart it after
            the birth in mothers who breastfeed. Talk this through with your team.
            """
        ),
        monitoring=_text(
            """
            Immunoglobulin (antibody) levels from time to time, often once a year.

            Tell your team about infections between visits, especially a fever.

            Breast cancer screening, as recommended for anyone your age.

            MRI scans as your team advises, to check that the MS stays quiet.
            """
        ),
        key_trials=_text(
            """
            OPERA I and OPERA II (relapsing MS): ocrelizumab against interferon beta-1a
            injections for two years. It cut the yearly relapse rate roughly in half and
            almost stopped new inflammatory lesions on MRI.

            ORATORIO (primary progressive MS): ocrelizumab against placebo. Fewer people had
            a lasting worsening of disability with ocrelizumab.
            """
        ),
        references=_lines(
            "Hauser SL, et al. Ocrelizumab versus interferon beta-1a in relapsing multiple "
            "sclerosis. N Engl J Med. 2017;376:221-234.",
            "Montalban X, et al. Ocrelizumab versus placebo in primary progressive multiple "
            "sclerosis. N Engl J Med. 2017;376:209-220.",
            dailymed("ocrelizumab"),
        ),
        reviewer="dr.alvarez",
        reviewed_on=dt.date(2026, 10, 6),
    ),
    # ---------------------------------------------------------------- natalizumab
    DrugSpec(
        slug="natalizumab",
        generic_name="natalizumab",
        brand_names="Tysabri",
        biosimilars="Tyruko",
        group="disease_modifying",
        status="approved",
        route="iv",
        ms_types=frozenset({"cis", "rrms", "active_spms"}),
        mechanism_short="Keeps immune cells out of the brain and spinal cord",
        schedule_short="Every 4 weeks",
        risks_short="PML, a rare brain infection (boxed warning); herpes infections; liver injury",
        summary=(
            "An antibody infusion, given every four weeks, that stops immune cells from "
            "getting into the brain and spinal cord. It works well against relapses but can "
            "allow PML, a rare brain infection, so it comes with a restricted program and "
            "regular JC virus tests."
        ),
        drug_class="Integrin receptor antagonist: humanized antibody against α4-integrin",
        target_mechanism=_text(
            """
            To get from the blood into the brain and spinal cord, immune cells first have to
            grip the wall of a blood vessel. They use a surface molecule called α4-integrin
            for that grip. Natalizumab covers α4-integrin, so the cells stay in the blood and
            fewer of them reach the nervous system to start new inflammation.

            The same effect also weakens the immune system's watch over the brain, which is
            why the PML virus can take hold there.
            """
        ),
        approval_year=2004,
        approval_note=_text(
            """
            First approved by the FDA in November 2004. It was taken off the market in
            February 2005 after cases of PML, and came back in 2006 with a boxed warning and
            a restricted program. A biosimilar, Tyruko, was approved in 2023.
            """
        ),
        used_for=_text(
            """
            Adults with a relapsing form of MS: a clinically isolated syndrome,
            relapsing-remitting MS or active secondary progressive MS. It is given on its
            own, never together with other medicines that suppress the immune system.

            It is often chosen for very active relapsing MS, especially by people who test
            negative for antibodies to the JC virus, whose risk of PML is the lowest.
            """
        ),
        dose_schedule=_text(
            """
            300 mg into a vein once every 4 weeks.

            Some MS centers space the doses to every 5 or 6 weeks once a person is stable,
            which seems to lower the PML risk. That is not the labelled schedule; your team
            decides whether it suits you.
            """
        ),
        infusion_time="About one hour.",
        premedication_observation=_text(
            """
            No medicines are needed beforehand as a rule.

            You are watched during the infusion and for one hour afterwards, at least for the
            first 12 infusions; after that, as your team decides.
            """
        ),
        cumulative_dose_limits=_text(
            """
            No fixed limit, but the PML risk rises after two years of treatment, so the
            decision to carry on is reviewed regularly with your JC virus results.
            """
        ),
        screening=_text(
            """
            A blood test for antibodies to the JC virus, the virus that causes PML. A
            positive result, especially a high level (the "index"), means a higher risk.

            A recent brain MRI, as a baseline to compare later scans with.

            A look at your earlier treatments: medicines that suppressed the immune system
            raise the PML risk.

            Liver tests.
            """
        ),
        vaccines=_text(
            """
            The label sets no special vaccine rules. It is still wise to catch up on
            recommended vaccines before starting, and to ask your team before any live
            vaccine.
            """
        ),
        restricted_program=_text(
            """
            In the US, Tysabri is given only through the TOUCH prescribing program, and
            Tyruko through a similar program of its own. Only enrolled doctors, infusion
            centers and pharmacies can give it. Before every infusion you are asked about new
            symptoms and infections, and you get a guide that explains PML.
            """
        ),
        boxed_warnings=_text(
            """
            PML (progressive multifocal leukoencephalopathy), a rare viral infection of the
            brain that can cause severe disability or death.

            The risk is higher in people who have antibodies to the JC virus, who have had
            natalizumab for longer (above all for more than two years), or who took
            immune-suppressing medicines before.
            """
        ),
        serious_risks=_text(
            """
            PML: see the boxed warning. Its early signs can look like an MS relapse but get
            worse over days or weeks: weakness on one side, clumsiness, changes in vision,
            speech, thinking, memory or personality. Report them at once.

            Herpes infections of the brain and its coverings (encephalitis and meningitis),
            and a rare herpes infection at the back of the eye (acute retinal necrosis).

            Liver injury: report yellow skin or eyes, dark urine, or sickness and vomiting.

            Allergic reactions, rarely severe, mostly within two hours of the start of an
            infusion.

            MS coming back after stopping: relapses can return within months, sometimes
            strongly, so the next treatment is planned before the last dose.
            """
        ),
        common_side_effects=_text(
            """
            Headache, tiredness, joint pain, bladder and chest infections, an upset stomach,
            and feeling achy or unwell on the day of an infusion.
            """
        ),
        pregnancy_breastfeeding=_text(
            """
            Some women continue natalizumab into pregnancy, because stopping it can bring
            back very active MS; decide this with your MS team. A baby exposed late in
            pregnancy can have low platelet and red blood cell counts at birth, so the baby
            should have a blood count.

            Small amounts pass into breast milk. Discuss breastfeeding with your team.
            """
        ),
        monitoring=_text(
            """
            A JC virus antibody test about every 6 months.

            Regular brain MRI. People at higher risk of PML may have a scan every 3 to 6
            months, to find PML early, when it is easier to treat.

            Questions about new symptoms before every infusion, and liver tests if symptoms
            suggest a problem.
            """
        ),
        key_trials=_text(
            """
            AFFIRM: natalizumab on its own against placebo in relapsing MS for two years. It
            cut the yearly relapse rate by about two thirds and slowed the worsening of
            disability.

            SENTINEL: natalizumab added to interferon beta-1a. The first PML cases were seen
            with this combination; natalizumab is now given alone.
            """
        ),
        references=_lines(
            "Polman CH, et al. A randomized, placebo-controlled trial of natalizumab for "
            "relapsing multiple sclerosis. N Engl J Med. 2006;354:899-910.",
            "Rudick RA, et al. Natalizumab plus interferon beta-1a for relapsing multiple "
            "sclerosis. N Engl J Med. 2006;354:911-923.",
            dailymed("natalizumab"),
        ),
        reviewer="dr.alvarez",
        reviewed_on=dt.date(2026, 10, 13),
    ),
    # ---------------------------------------------------------------- alemtuzumab
    DrugSpec(
        slug="alemtuzumab",
        generic_name="alemtuzumab",
        brand_names="Lemtrada",
        group="disease_modifying",
        status="approved",
        route="iv",
        ms_types=frozenset({"rrms", "active_spms"}),
        mechanism_short="Removes most T and B cells, which then grow back (anti-CD52)",
        schedule_short="Two courses a year apart: 5 days, then 3 days",
        risks_short="Other autoimmune diseases, infusion reactions, stroke, cancer (boxed warning)",
        summary=(
            "A very strong antibody treatment given in two short courses a year apart. It "
            "rebuilds much of the immune system and can keep MS quiet for years, but it can "
            "cause other autoimmune diseases, so it needs monthly tests for four years after "
            "the last course."
        ),
        drug_class="Anti-CD52 monoclonal antibody (humanized)",
        target_mechanism=_text(
            """
            Alemtuzumab sticks to CD52, a marker on T and B lymphocytes (two kinds of white
            blood cell), and the body destroys those cells. Over the following months new
            lymphocytes grow back, and the rebuilt immune system attacks the nervous system
            much less.

            Because the effect lasts long after the infusions, most people need no other MS
            medicine for years. The way the immune system regrows is also what causes the
            autoimmune side effects.
            """
        ),
        approval_year=2014,
        approval_note="Approved by the FDA in November 2014 for relapsing forms of MS.",
        used_for=_text(
            """
            Adults with relapsing-remitting MS or active secondary progressive MS.

            Because of its risks it is usually kept for people whose MS stayed active
            despite two or more other treatments. It is not recommended for a clinically
            isolated syndrome, and must not be given to people with HIV.
            """
        ),
        dose_schedule=_text(
            """
            First course: 12 mg into a vein once a day on 5 days in a row.

            Second course: 12 months later, 12 mg a day on 3 days in a row.

            If MS becomes active again, further 3-day courses can follow, each at least 12
            months after the one before.
            """
        ),
        infusion_time=_text(
            """
            About 4 hours each day. With the medicines beforehand and the watching
            afterwards, plan on most of the day.
            """
        ),
        premedication_observation=_text(
            """
            1,000 mg (1 g) of methylprednisolone into the vein on the first three days of
            each course, to soften infusion reactions; antihistamines and acetaminophen as
            needed.

            Tablets against herpes (such as acyclovir) from the first day of each course for
            at least two months, or until certain white cells have recovered.

            You are watched for at least 2 hours after each infusion. Strokes and tears in
            the arteries of the neck have happened within days of an infusion: go to an
            emergency department at once with sudden weakness or numbness, trouble speaking,
            a drooping face, a severe headache or neck pain.
            """
        ),
        cumulative_dose_limits=_text(
            """
            No fixed lifetime limit. Most people need only the two planned courses.
            """
        ),
        screening=_text(
            """
            A full blood count, kidney tests (creatinine), a urine test and thyroid tests, as
            a baseline for the years of checks that follow.

            Tests for tuberculosis, hepatitis B and C, and HIV.

            Immunity to chickenpox: someone who never had chickenpox or its vaccine is
            vaccinated first.

            A skin check for melanoma and, for women, cervical (HPV) screening.
            """
        ),
        vaccines=_text(
            """
            Finish any vaccines you need at least 6 weeks before the first course. Live
            vaccines are not given after a course until your team says the immune system has
            recovered.
            """
        ),
        restricted_program=_text(
            """
            In the US, Lemtrada is available only through a restricted program (a REMS).
            Prescribers and infusion centers must be certified, and patients enrol and agree
            to the monthly blood and urine tests for four years after the last dose.
            """
        ),
        boxed_warnings=_text(
            """
            Autoimmune diseases, some of them life-threatening, such as a low platelet count
            that causes bleeding (immune thrombocytopenia) and a kidney disease
            (anti-glomerular basement membrane disease).

            Serious and life-threatening infusion reactions.

            Stroke, including in the days after an infusion.

            Cancers, including thyroid cancer, melanoma and lymphoma.
            """
        ),
        serious_risks=_text(
            """
            Thyroid disease is the most common autoimmune effect: about one person in three
            develops an overactive or underactive thyroid in the years after treatment. It
            can be treated, but it has to be found.

            Immune thrombocytopenia: watch for easy bruising, tiny red or purple spots on the
            skin, bleeding gums, nosebleeds or unusually heavy periods.

            Kidney disease: watch for blood in the urine, swollen legs or feet, or coughing
            up blood.

            Other autoimmune problems, including of the liver.

            Infections, including herpes and listeria (around each course, avoid undercooked
            meat, unpasteurized milk and cheese, and deli meats), and rarely PML.
            """
        ),
        common_side_effects=_text(
            """
            Infusion reactions (rash, headache, fever, flushing, nausea), hives, itching,
            tiredness, trouble sleeping, and infections of the nose, throat and bladder.
            """
        ),
        pregnancy_breastfeeding=_text(
            """
            Use reliable birth control during each course and for 4 months after it. A
            planned pregnancy usually starts at least 4 months after a course. Thyroid
            disease during pregnancy needs careful treatment because it can affect the baby.

            It is not known whether alemtuzumab passes into human breast milk. Talk to your
            team before breastfeeding during a course or in the 4 months after it.
            """
        ),
        monitoring=_text(
            """
            Every month, until 48 months (4 years) after the last course: a full blood
            count, creatinine and a urine test.

            Every 3 months over the same years: thyroid tests.

            Every year: a skin check, and cervical screening for women.

            The tests go on even when you feel well, because the autoimmune problems can
            start years after the last infusion.
            """
        ),
        key_trials=_text(
            """
            CARE-MS I: in people not treated before, alemtuzumab against interferon beta-1a
            injections for two years. It cut relapses by about half.

            CARE-MS II: in people who had relapses despite earlier treatment, it cut
            relapses and also slowed the worsening of disability compared with interferon
            beta-1a.
            """
        ),
        references=_lines(
            "Cohen JA, et al. Alemtuzumab versus interferon beta 1a as first-line treatment "
            "for patients with relapsing-remitting multiple sclerosis (CARE-MS I). Lancet. "
            "2012;380:1819-1828.",
            "Coles AJ, et al. Alemtuzumab for patients with relapsing multiple sclerosis after "
            "disease-modifying therapy (CARE-MS II). Lancet. 2012;380:1829-1839.",
            dailymed("alemtuzumab"),
        ),
        reviewer="dr.okafor",
        reviewed_on=dt.date(2026, 10, 20),
    ),
    # ---------------------------------------------------------------- mitoxantrone
    DrugSpec(
        slug="mitoxantrone",
        generic_name="mitoxantrone",
        brand_names="Novantrone",
        group="disease_modifying",
        status="rarely_used",
        route="iv",
        ms_types=frozenset({"rrms", "active_spms"}),
        mechanism_short="Chemotherapy that holds back immune cells",
        schedule_short="Every 3 months, up to a lifetime limit",
        risks_short="Heart damage and leukemia (boxed warning)",
        summary=(
            "A chemotherapy medicine once used to slow worsening MS. It can damage the heart "
            "and cause leukemia, and safer, more effective treatments now exist, so it is "
            "rarely used for MS today."
        ),
        drug_class="Anthracenedione (cancer chemotherapy)",
        target_mechanism=_text(
            """
            Mitoxantrone wedges itself into DNA and blocks an enzyme, topoisomerase II, that
            cells need in order to divide. Immune cells that multiply fast, including the T
            cells, B cells and macrophages that drive MS inflammation, are held back or die.
            """
        ),
        approval_year=2000,
        approval_note=_text(
            """
            Approved for MS by the FDA in October 2000; it was already in use for some
            cancers. It is still approved, but MS specialists seldom choose it now.
            """
        ),
        used_for=_text(
            """
            Adults whose MS is getting worse: secondary progressive MS, progressive-relapsing
            MS, or relapsing-remitting MS that keeps worsening. It is not approved for
            primary progressive MS.

            Today it is considered only when other options are unsuitable, because of its
            lifetime dose limit and its risks to the heart and the blood.
            """
        ),
        dose_schedule=_text(
            """
            12 mg per square meter of body surface (worked out from height and weight) into
            a vein once every 3 months.
            """
        ),
        infusion_time="A short infusion of about 5 to 15 minutes.",
        premedication_observation=_text(
            """
            Anti-sickness medicine is often given first. The nurse makes sure the drip stays
            in the vein, because mitoxantrone damages the skin if it leaks.

            The medicine is dark blue: for a day or two your urine may look blue-green, and
            the whites of the eyes can look slightly blue. This is harmless.
            """
        ),
        cumulative_dose_limits=_text(
            """
            A lifetime maximum of 140 mg per square meter (US label): at the usual dose,
            about two to three years of treatment. Above it the risk of heart damage rises
            steeply.
            """
        ),
        screening=_text(
            """
            Heart function: the pumping strength of the heart (left ventricular ejection
            fraction, LVEF) by an echocardiogram or a MUGA scan. It is not started if the
            heart already pumps less well than it should.

            A full blood count and liver tests.

            A pregnancy test for anyone who could be pregnant.
            """
        ),
        vaccines=_text(
            """
            Live vaccines are avoided during treatment and for some time afterwards, because
            the immune system is suppressed. Ask your team when other vaccines fit in.
            """
        ),
        boxed_warnings=_text(
            """
            Heart damage (cardiotoxicity) that can lead to heart failure, even years after
            the last dose. The risk grows with the total dose over a lifetime.

            Secondary acute myeloid leukemia, a blood cancer caused by the treatment.

            It must be given by a doctor experienced with chemotherapy, only into a vein, and
            must not leak out of the vein.
            """
        ),
        serious_risks=_text(
            """
            Heart failure: tell your team about breathlessness, swollen ankles, or a racing or
            uneven heartbeat.

            Leukemia: see the boxed warning.

            Low blood counts in the weeks after each dose, with more risk of infection and
            bleeding.

            Liver problems.

            Periods can stop, sometimes for good.
            """
        ),
        common_side_effects=_text(
            """
            Nausea, thinning hair, mouth sores, missed or irregular periods, bladder and
            airway infections, and tiredness for a few days after a dose.
            """
        ),
        pregnancy_breastfeeding=_text(
            """
            Mitoxantrone can harm an unborn baby. A pregnancy test is needed before every
            dose, even with birth control, and reliable birth control is essential during
            treatment.

            It passes into breast milk and can be found there for about four weeks after a
            dose. Do not breastfeed during treatment.
            """
        ),
        monitoring=_text(
            """
            Before every dose: heart function (LVEF), a full blood count, liver tests and,
            when relevant, a pregnancy test.

            After treatment ends: a heart check every year, because damage can appear late,
            and blood counts to find leukemia early.
            """
        ),
        key_trials=_text(
            """
            MIMS (Mitoxantrone in Multiple Sclerosis): in people with worsening relapsing or
            secondary progressive MS, mitoxantrone every three months slowed the worsening of
            disability and reduced relapses compared with placebo over two years.
            """
        ),
        references=_lines(
            "Hartung HP, et al. Mitoxantrone in progressive multiple sclerosis: a "
            "placebo-controlled, double-blind, randomised, multicentre trial. Lancet. "
            "2002;360:2018-2025.",
            dailymed("mitoxantrone"),
        ),
        reviewer="dr.okafor",
        reviewed_on=dt.date(2026, 10, 20),
    ),
    # ---------------------------------------------------------------- rituximab
    DrugSpec(
        slug="rituximab",
        generic_name="rituximab",
        brand_names="Rituxan",
        biosimilars="Truxima, Ruxience, Riabni",
        group="disease_modifying",
        status="off_label",
        route="iv",
        ms_types=frozenset({"rrms", "active_spms", "ppms"}),
        mechanism_short="Removes B cells (anti-CD20 antibody)",
        schedule_short="Usually every 6 months (no MS label)",
        risks_short="Infusion reactions, hepatitis B flaring up, PML, infections (boxed warning)",
        summary=(
            "An older anti-CD20 antibody, approved for lymphoma and rheumatoid arthritis, that "
            "works much like ocrelizumab. It is not approved for MS, but many MS centers use "
            "it off-label, often because it costs less."
        ),
        drug_class="Anti-CD20 monoclonal antibody (chimeric: part mouse, part human)",
        target_mechanism=_text(
            """
            Like ocrelizumab, rituximab sticks to CD20 on B cells and the body clears those
            cells. Part of the antibody comes from a mouse protein, which makes infusion
            reactions, and antibodies against the drug itself, somewhat more likely than with
            the fully humanized anti-CD20 medicines.
            """
        ),
        approval_note=_text(
            """
            Not approved for MS: there is no MS label, and so no official MS dose. It was
            first approved in 1997 for a kind of lymphoma, and later for rheumatoid arthritis
            and other diseases. Several biosimilars are approved.
            """
        ),
        used_for=_text(
            """
            Adults with relapsing MS, and in some centers progressive MS, when patient and
            team choose it over an approved medicine, for example because of cost or
            insurance.

            Smaller trials and large registries suggest it controls relapsing MS well, but it
            has not been through the large trials that lead to an approval for MS.
            """
        ),
        dose_schedule=_text(
            """
            There is no MS dose on the label. A common practice is 1,000 mg into a vein on
            day 1 and day 15, then a dose every 6 months. Some centers use lower or less
            frequent doses.
            """
        ),
        infusion_time=_text(
            """
            The first infusion runs slowly, often 4 to 6 hours. Later ones can run faster,
            often in 3 to 4 hours.
            """
        ),
        premedication_observation=_text(
            """
            A steroid (usually methylprednisolone), an antihistamine and acetaminophen
            before each infusion. You are watched during the infusion and for a while
            afterwards.
            """
        ),
        cumulative_dose_limits="There is no lifetime limit.",
        screening=_text(
            """
            Hepatitis B blood tests: rituximab can wake up an old hepatitis B infection.

            Immunoglobulin (antibody) levels.

            A check for infections before the first infusion.
            """
        ),
        vaccines=ANTI_CD20_VACCINES,
        boxed_warnings=_text(
            """
            Infusion reactions that can be fatal, mostly with the first infusion.

            Severe reactions of the skin and mouth (mucocutaneous reactions), some fatal.

            Hepatitis B flaring up again (reactivation), sometimes causing liver failure.

            PML, a rare viral infection of the brain.

            These warnings come from its use in cancer and other diseases, often at higher
            doses and together with chemotherapy.
            """
        ),
        serious_risks=_text(
            """
            Infusion reactions.

            Infections, some serious, and herpes infections.

            Low antibody levels after years of treatment, which make infections more likely.

            A drop in some white blood cells (neutropenia), sometimes months after a dose.

            Hepatitis B and PML: see the boxed warning.
            """
        ),
        common_side_effects=_text(
            """
            Infusion reactions (chills, fever, itching, a scratchy throat), colds and other
            infections, tiredness and headache.
            """
        ),
        pregnancy_breastfeeding=_text(
            """
            The label advises birth control during treatment and for 12 months after the
            last dose. In practice some MS teams plan a pregnancy sooner after a dose,
            because the antibody leaves the blood within months; plan this with your team.
            A baby exposed in the womb can have low B cells at birth.

            Very little passes into breast milk, and many specialists consider it compatible
            with breastfeeding.
            """
        ),
        monitoring=_text(
            """
            Immunoglobulin levels and blood counts from time to time.

            Tell your team about infections, especially a fever.

            MRI scans as your team advises.
            """
        ),
        key_trials=_text(
            """
            HERMES (relapsing MS): a phase 2 trial in which rituximab sharply reduced new
            inflammatory lesions on MRI compared with placebo.

            OLYMPUS (primary progressive MS): rituximab did not slow disability overall;
            younger people with active lesions seemed to do better. These results shaped how
            the later ocrelizumab trials were designed.
            """
        ),
        references=_lines(
            "Hauser SL, et al. B-cell depletion with rituximab in relapsing-remitting multiple "
            "sclerosis. N Engl J Med. 2008;358:676-688.",
            "Hawker K, et al. Rituximab in patients with primary progressive multiple "
            "sclerosis: results of a randomized double-blind placebo-controlled multicenter "
            "trial. Ann Neurol. 2009;66:460-471.",
            dailymed("rituximab"),
        ),
        reviewer="dr.alvarez",
        reviewed_on=dt.date(2026, 10, 27),
    ),
    # ---------------------------------------------------------------- ublituximab
    DrugSpec(
        slug="ublituximab",
        generic_name="ublituximab",
        brand_names="Briumvi",
        group="disease_modifying",
        status="approved",
        route="iv",
        ms_types=frozenset({"cis", "rrms", "active_spms"}),
        mechanism_short="Removes B cells (anti-CD20 antibody)",
        schedule_short="Every 24 weeks, after two starting doses 2 weeks apart",
        risks_short="Infusion reactions, infections, hepatitis B flaring up again",
        summary=(
            "A newer anti-CD20 antibody, approved in 2022 for relapsing MS. After two "
            "starting doses it is given twice a year, and later infusions take about an hour."
        ),
        drug_class="Anti-CD20 monoclonal antibody (chimeric, glycoengineered)",
        target_mechanism=_text(
            """
            Ublituximab sticks to CD20 on B cells, like ocrelizumab, and the immune system
            clears those cells. Its sugar chains were altered so that it sets off that
            clearing strongly, which is why a smaller dose and a shorter infusion are enough.
            """
        ),
        approval_year=2022,
        approval_note="Approved by the FDA in December 2022 for adults with relapsing forms of MS.",
        used_for=_text(
            """
            Adults with a relapsing form of MS: a clinically isolated syndrome,
            relapsing-remitting MS or active secondary progressive MS. It is not approved for
            primary progressive MS, and must not be given during an active hepatitis B
            infection.
            """
        ),
        dose_schedule=_text(
            """
            First dose: 150 mg into a vein.

            Second dose: 450 mg two weeks later.

            After that: 450 mg every 24 weeks, roughly every six months.
            """
        ),
        infusion_time=_text(
            """
            The first 150 mg infusion takes about 4 hours. The second and later infusions
            take about 1 hour.
            """
        ),
        premedication_observation=_text(
            """
            A steroid and an antihistamine 30 to 60 minutes before each infusion, often with
            acetaminophen. You are watched for at least one hour after each of the first two
            infusions.
            """
        ),
        cumulative_dose_limits="There is no lifetime limit.",
        screening=_text(
            """
            Hepatitis B blood tests.

            Immunoglobulin (antibody) levels.

            A check for infections before the first infusion.
            """
        ),
        vaccines=ANTI_CD20_VACCINES,
        serious_risks=_text(
            """
            Infusion reactions, most often with the first infusion.

            Infections, including herpes; hepatitis B can flare up again in someone who has
            had it.

            PML is possible, as with the other anti-CD20 medicines.

            Low antibody levels after long treatment.
            """
        ),
        common_side_effects=_text(
            """
            Infusion reactions (fever, chills, headache, feeling flu-ish) and infections of
            the nose, throat and airways.
            """
        ),
        pregnancy_breastfeeding=_text(
            """
            Use reliable birth control during treatment and for 6 months after the last
            dose. A baby exposed in the womb can have low B cells at birth.

            There is little information about breastfeeding; as a large antibody, only small
            amounts are expected in breast milk. Talk it through with your team.
            """
        ),
        monitoring=_text(
            """
            Immunoglobulin levels from time to time, attention to infections, and MRI scans
            as your team advises.
            """
        ),
        key_trials=_text(
            """
            ULTIMATE I and ULTIMATE II (relapsing MS): ublituximab against teriflunomide
            tablets for 96 weeks. It cut the yearly relapse rate by about half and greatly
            reduced new MRI lesions. The trials found no clear difference in the worsening
            of disability over that time.
            """
        ),
        references=_lines(
            "Steinman L, et al. Ublituximab versus teriflunomide in relapsing multiple "
            "sclerosis. N Engl J Med. 2022;387:704-714.",
            dailymed("ublituximab"),
        ),
        reviewer="dr.alvarez",
        reviewed_on=dt.date(2026, 11, 3),
    ),
    # ---------------------------------------------------------------- IV steroids
    DrugSpec(
        slug="iv-methylprednisolone",
        generic_name="methylprednisolone",
        display_name="High-dose IV methylprednisolone",
        brand_names="Solu-Medrol",
        other_names="IV steroids, intravenous steroids, IV methylprednisolone",
        group="other_infusion",
        status="relapse_only",
        route="iv",
        ms_types=frozenset({"cis", "rrms", "active_spms"}),
        mechanism_short="A steroid that calms the inflammation of a relapse",
        schedule_short="Once a day for 3 to 5 days, only during a relapse",
        risks_short="Poor sleep, mood changes, high blood sugar, upset stomach",
        summary=(
            "A short course of a strong steroid, given by infusion during a relapse. It helps "
            "a relapse settle sooner but does not change how MS develops in the long run."
        ),
        drug_class="Glucocorticoid (corticosteroid)",
        target_mechanism=_text(
            """
            Methylprednisolone is a man-made relative of cortisol, a hormone the body makes.
            At high doses it quickly damps down inflammation in the brain and spinal cord
            and helps seal the leaky blood-brain barrier that lets immune cells in during a
            relapse.
            """
        ),
        approval_note=_text(
            """
            Used for MS relapses for decades; flare-ups of MS are among the uses listed on
            methylprednisolone labels. It is not a disease-modifying therapy, so it does not
            replace one.
            """
        ),
        used_for=_text(
            """
            People having a relapse that gets in the way of daily life, such as loss of
            vision, weakness or trouble walking. A mild relapse, for example a patch of
            numbness, often recovers well without it.

            It speeds up recovery from the relapse. How much you recover in the end, and the
            long-term course of MS, are about the same with or without it.
            """
        ),
        dose_schedule=_text(
            """
            Commonly 1,000 mg (1 g) into a vein once a day for 3 to 5 days.

            High-dose tablets at a matching dose work about as well for many people and save
            trips to an infusion center. Some doctors add a short course of tablets that
            tapers off afterwards.
            """
        ),
        infusion_time=_text(
            """
            About an hour each day, at an infusion center or sometimes at home with a
            visiting nurse.
            """
        ),
        premedication_observation=_text(
            """
            No medicines are needed beforehand. Some people take a medicine to protect the
            stomach during the course, and a morning dose makes for better sleep.
            """
        ),
        cumulative_dose_limits=_text(
            """
            No fixed limit, but courses add up: many courses over the years raise the risk of
            thin bones, cataracts and other long-term steroid effects, so they are kept for
            the relapses that need them.
            """
        ),
        screening=_text(
            """
            A check that it is a real relapse and not a flare of old symptoms from an
            infection or heat. A urine test is common, because a bladder infection can look
            like a relapse.

            Blood sugar if you have diabetes, and blood pressure.

            A check for infections.
            """
        ),
        vaccines=_text(
            """
            Ask your team before a live vaccine in the weeks around a course. Other vaccines
            can be given, though they may work a little less well right after one.
            """
        ),
        serious_risks=_text(
            """
            High blood sugar, which can be serious for people with diabetes.

            Mood changes: feeling high, irritable or anxious; rarely, severe mood or
            psychotic symptoms.

            Infections.

            Rarely, damage to the hip bone (avascular necrosis) or bleeding in the stomach,
            mostly after many courses.
            """
        ),
        common_side_effects=_text(
            """
            A metallic taste during the infusion, trouble sleeping, mood changes, a flushed
            face, a bigger appetite, some fluid retention, raised blood sugar and an upset
            stomach. These settle within days of the last dose.
            """
        ),
        pregnancy_breastfeeding=_text(
            """
            High-dose steroids can be used for a serious relapse during pregnancy, with care,
            avoiding the first three months when possible.

            Only small amounts pass into breast milk. Some mothers wait 2 to 4 hours after an
            infusion before the next feed to lower the amount further.
            """
        ),
        monitoring=_text(
            """
            Blood sugar during the course for people with diabetes, and blood pressure where
            needed. Your team follows how the relapse recovers over the next weeks.
            """
        ),
        key_trials=_text(
            """
            Optic Neuritis Treatment Trial: IV methylprednisolone sped up the recovery of
            vision after optic neuritis, although vision a year later was much the same with
            or without it.

            COPOUSEP: for MS relapses, high-dose methylprednisolone by mouth worked as well
            as the same dose by infusion.
            """
        ),
        references=_lines(
            "Beck RW, et al. A randomized, controlled trial of corticosteroids in the "
            "treatment of acute optic neuritis. N Engl J Med. 1992;326:581-588.",
            "Le Page E, et al. Oral versus intravenous high-dose methylprednisolone for "
            "treatment of relapses in patients with multiple sclerosis (COPOUSEP). Lancet. "
            "2015;386:974-981.",
            dailymed("methylprednisolone"),
        ),
        reviewer="dr.okafor",
        reviewed_on=dt.date(2026, 11, 3),
    ),
    # ---------------------------------------------------------------- plasma exchange
    DrugSpec(
        slug="plasma-exchange",
        generic_name="plasma exchange",
        display_name="Plasma exchange",
        other_names="plasmapheresis, PLEX",
        group="other_infusion",
        status="procedure",
        route="procedure",
        ms_types=frozenset({"cis", "rrms", "active_spms"}),
        mechanism_short="Filters antibodies and other proteins out of the blood",
        schedule_short="5 to 7 sessions over 1 to 2 weeks, for a severe relapse",
        risks_short="Catheter infections, low blood pressure, bleeding",
        summary=(
            "A procedure, not a drug: a machine takes out the liquid part of the blood, the "
            "plasma, and replaces it. It is used for severe relapses that do not improve "
            "enough with steroids."
        ),
        drug_class="Apheresis (a blood-filtering procedure)",
        target_mechanism=_text(
            """
            Blood flows through a needle or a thin tube (catheter) into a machine that
            separates the blood cells from the plasma. The plasma carries antibodies and
            other proteins that may be fuelling the attack on the nervous system; it is
            thrown away. The blood cells go back into your body with a replacement fluid,
            usually albumin (a protein solution) or donated plasma.
            """
        ),
        approval_note=_text(
            """
            As a procedure it needs no approval as a drug. Neurology guidelines support it
            for severe relapses that have not responded to steroids.
            """
        ),
        used_for=_text(
            """
            People with a severe relapse, such as losing much of their sight or strength,
            that has not recovered enough after high-dose steroids. The sooner it starts, the
            better it seems to work, ideally within weeks of the relapse.
            """
        ),
        dose_schedule=_text(
            """
            A course of usually 5 to 7 exchanges, every other day, over one to two weeks.
            """
        ),
        infusion_time="About 2 to 3 hours per session.",
        premedication_observation=_text(
            """
            The fluid that keeps blood from clotting in the machine can lower calcium and
            cause tingling around the mouth or in the fingers; calcium is given if needed.
            Blood pressure is checked during and after every session.
            """
        ),
        screening=_text(
            """
            Blood counts, clotting tests and blood salts.

            A look at your veins: if they cannot take repeated large needles, a temporary
            catheter is placed in a large vein in the neck or chest.

            A review of your medicines, since the exchange also washes some of them out of
            the blood.
            """
        ),
        serious_risks=_text(
            """
            Infection or blood clots around a catheter.

            Low blood pressure and fainting.

            Bleeding, because clotting proteins leave with the plasma.

            Rarely, an allergic reaction to donated plasma.
            """
        ),
        common_side_effects=_text(
            """
            Tiredness after a session, light-headedness, tingling around the mouth or in the
            fingers, chills, and bruising where the needle went in.
            """
        ),
        pregnancy_breastfeeding=_text(
            """
            Plasma exchange can be done during pregnancy when it is needed; no medicine
            reaches the baby. Breastfeeding can go on.
            """
        ),
        monitoring=_text(
            """
            Blood pressure, blood counts, clotting and blood salts during the course, and a
            daily look at the catheter site.
            """
        ),
        key_trials=_text(
            """
            A randomized, sham-controlled trial at the Mayo Clinic: in people with severe
            attacks of demyelinating disease that had not responded to steroids, about four
            in ten improved clearly with plasma exchange, against very few with the sham
            treatment.
            """
        ),
        references=_lines(
            "Weinshenker BG, et al. A randomized trial of plasma exchange in acute central "
            "nervous system inflammatory demyelinating disease. Ann Neurol. 1999;46:878-886.",
            "Cortese I, et al. Evidence-based guideline update: plasmapheresis in neurologic "
            "disorders. Neurology. 2011;76:294-300.",
        ),
        reviewer="dr.okafor",
        reviewed_on=dt.date(2026, 11, 10),
    ),
    # ---------------------------------------------------------------- stem cells
    DrugSpec(
        slug="stem-cell-therapies",
        generic_name="stem cell therapy",
        display_name="Stem cell therapies",
        other_names=(
            "stem cell, stem cells, stem cell transplant, aHSCT, HSCT, mesenchymal stem cells"
        ),
        group="investigational",
        status="investigational",
        route="procedure",
        ms_types=frozenset({"rrms", "active_spms", "ppms"}),
        mechanism_short="Rebuilds the immune system (aHSCT), or may calm and repair it (MSC)",
        schedule_short="Once, inside a clinical trial",
        risks_short="Serious infections, infertility, other autoimmune disease, rarely death",
        summary=(
            "Two very different treatments, both still under study: a stem cell transplant "
            "that rebuilds the immune system, and infusions of mesenchymal stem cells. Neither "
            "is approved for MS; they belong in registered clinical trials."
        ),
        drug_class="Cell therapy (investigational)",
        target_mechanism=_text(
            """
            Autologous hematopoietic stem cell transplant (aHSCT): your own blood-forming
            stem cells are collected and stored. Chemotherapy then removes most of the immune
            system, and the stored cells are given back by drip so that a new immune system
            grows, one that in many people no longer attacks the nervous system.

            Mesenchymal stem cells (MSC): cells usually taken from bone marrow or fat are
            grown in a laboratory and infused. They are being studied for calming the immune
            system and perhaps for repair; the evidence so far comes from small, early
            trials.
            """
        ),
        approval_note=_text(
            """
            Not approved by the FDA for MS. Clinics that sell stem cell treatments for MS
            outside registered trials offer unproven products, and some have caused serious
            harm.
            """
        ),
        used_for=_text(
            """
            Only within clinical trials, or at a few specialist centers for highly active
            relapsing MS that kept relapsing despite strong medicines.

            aHSCT works best in younger people with active inflammation and shorter
            disease; it helps little once MS is progressive without signs of inflammation.
            """
        ),
        dose_schedule=_text(
            """
            Set by the trial protocol. aHSCT is done once: the stem cells are collected,
            chemotherapy follows, and the cells are returned, with a hospital stay of a few
            weeks.
            """
        ),
        infusion_time=_text(
            """
            aHSCT: several weeks in hospital and months of recovery. MSC: an infusion of a
            few hours, as the trial sets out.
            """
        ),
        premedication_observation=_text(
            """
            As the trial protocol sets out. After aHSCT, medicines against bacteria, viruses
            and fungi protect you while the new immune system grows.
            """
        ),
        screening=_text(
            """
            The trial's own checks: MRI, blood tests, heart, lung and kidney tests, and a
            review of your MS and earlier treatments.

            Questions worth asking: is the trial registered (for example on
            ClinicalTrials.gov)? Who runs it? Would you pay for the treatment? Genuine trials
            do not charge for the experimental treatment.
            """
        ),
        vaccines=_text(
            """
            After aHSCT the childhood vaccines are usually given again, because the new
            immune system has lost the old protection.
            """
        ),
        serious_risks=_text(
            """
            aHSCT: serious infections during recovery, infertility and early menopause, new
            autoimmune disease such as thyroid disease, a small risk of cancer later, and a
            small risk of death, lowest at experienced centers.

            MSC: long-term effects are unknown. Products sold outside trials may be
            contaminated or not what they claim to be.
            """
        ),
        common_side_effects=_text(
            """
            aHSCT: hair loss, nausea, mouth sores, tiredness and fevers in the weeks after
            chemotherapy. MSC: in trials so far, mostly mild infusion reactions.
            """
        ),
        pregnancy_breastfeeding=_text(
            """
            The chemotherapy used for aHSCT can cause infertility, so freezing eggs or sperm
            is offered beforehand. Trials ask participants to avoid a pregnancy for a set
            time after treatment. Breastfeeding is not possible during the treatment.
            """
        ),
        monitoring=_text(
            """
            Set by the trial: regular visits, MRI scans and blood tests, often for years.
            """
        ),
        key_trials=_text(
            """
            MIST: a randomized trial in relapsing MS in which aHSCT delayed the worsening of
            disability much more than staying on disease-modifying medicines.

            Trials under way, such as BEAT-MS, compare aHSCT with today's most effective
            medicines.

            Mesenchymal stem cells have been tested in small phase 1 and 2 trials; none has
            shown a clear benefit yet.
            """
        ),
        references=_lines(
            "Burt RK, et al. Effect of nonmyeloablative hematopoietic stem cell "
            "transplantation vs continued disease-modifying therapy on disease progression "
            "in patients with relapsing-remitting multiple sclerosis: a randomized clinical "
            "trial. JAMA. 2019;321:165-174.",
            "ClinicalTrials.gov, the registry of clinical studies: https://clinicaltrials.gov/",
        ),
        reviewer="dr.alvarez",
        reviewed_on=dt.date(2026, 11, 10),
    ),
]
