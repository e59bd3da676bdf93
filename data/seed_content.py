"""The content of the two seed papers, in their words, as the default trackers hold it.

Sources (see ../shared/seeds/):
- APPENDIX_A: "Appendix A: Supplementary Information: CCPL Developments - Progress and Forward Plan",
  1 December 2022 (themes, achievements, priorities, CPLG agenda log, principles, framework table).
- COVER_REPORT: Integrated Care Partnership, 8 February 2023, item 10 (what happened since).

Everything here is taken from those papers except what is marked as an assumption:
- the coverage of principles by themes (the paper's ticks were lost in text extraction);
- due dates the paper does not give (the end of the six-month window from 1 December 2022);
- priority statuses, which the papers describe in words rather than as RAG ratings (the note on each
  row quotes the evidence);
- the themes each CPLG agenda item and each engagement event bears on, and each agenda item's outcome
  category (read by rule from the recommendation: loaders/outcomes.py);
- the day of the October 2022 engagement event (the papers give only the month).
Owners are recorded only where the papers name one.
"""

from __future__ import annotations

import datetime as dt

APPENDIX_A = "Appendix A, 1 December 2022"
COVER_REPORT = "ICP cover report, 8 February 2023"
SNAPSHOT_DEC = dt.date(2022, 12, 1)
SNAPSHOT_FEB = dt.date(2023, 2, 8)
WINDOW_END = dt.date(2023, 5, 31)
"""End of the six-month window that began on 1 December 2022: the assumed due date."""

THEMES: list[dict[str, str]] = [
    {
        "theme_id": "T1",
        "theme": "Model/ Narrative",
        "what_will_be_different": (
            "We have a clear model and narrative that resonates and is applicable at all levels; enabling a "
            "cultural shift towards a collective vision/set of priorities which informs decision making"
        ),
        "how_we_get_there": "\n".join(
            [
                "Use language that is inclusive, relevant and applicable across the system - including Local "
                "Authorities and the voluntary sector",
                "Further define what is meant by CPL (multidisciplinary/ multiagency) – build consistent "
                "understanding",
                "Consider how the model speaks to/represents operational leaders – socialise and test further",
            ]
        ),
    },
    {
        "theme_id": "T2",
        "theme": "Distributed leadership",
        "what_will_be_different": "\n".join(
            [
                "Clinical and care professional voices are heard and listened to, enabling dialogue across "
                "professions and developments with the ability to influence wider JUCD priorities",
                "Interdependencies and synergies across the system are recognised, including how we connect, "
                "support people and the roles of individual organisations",
            ]
        ),
        "how_we_get_there": "\n".join(
            [
                "Facilitate broader clinical and professional leadership which is connected and representative",
                "Build trusted, open relationships with wider networks; by tapping into existing networks "
                "(mapping exercise) and ICS developments (including Place and Provider Collaboratives)",
                "Develop roles as strategic leaders and ambassadors",
            ]
        ),
    },
    {
        "theme_id": "T3",
        "theme": "Diversity & Inclusivity",
        "what_will_be_different": "\n".join(
            [
                "Mechanisms are in place to ensure the broadest engagement across the system, including Local "
                "Authorities and the voluntary sector to have an impact on the wider determinates of health",
                "Subsequent feedback from NHS Elect colleagues to note national emphasis being place not only on "
                "diversity and inclusivity from a broad range of professional leaders but also leaders "
                "reflective of all protected characteristics. Our leaders will reflect EDI",
            ]
        ),
        "how_we_get_there": "Consider how the model links with the ICP through Place and CPLG",
    },
    {
        "theme_id": "T4",
        "theme": "Leadership Roles",
        "what_will_be_different": "\n".join(
            [
                "We will have defined clinical and care professional roles, responsibilities and representation "
                "at the heart of decision making throughout ICS developments",
                "Leaders will act as ambassadors connected to CPLG",
            ]
        ),
        "how_we_get_there": "\n".join(
            [
                "Create clarity about the mandate, resources and support for leadership roles across the system",
                "Inspire confidence and establish credibility across organisational and professional boundaries "
                "so clinicians are able to work with peers and facilitate conversations to bring the right "
                "people together, galvanise support and deal with naysayers",
                "Develop the understanding of what happens where to enhance connectivity and visibility "
                "connectivity (e.g. Place and Local Place Alliances)",
                "Influence and support the identification of professionals to sit within various groups, "
                "committees and boards, ensuring clear lines of sight between forums and how they link in "
                "together",
                "Build on the experience of Primary Care and Place-based development",
            ]
        ),
    },
    {
        "theme_id": "T5",
        "theme": "Leadership Development",
        "what_will_be_different": "\n".join(
            [
                "Working with the Workforce Advisory Group we will:",
                "Ensure new leaders are identified and nurtured by providing broader system leadership "
                "opportunities",
                "Ensure leadership capabilities and behaviours relevant to all leaders are embedded consistently",
                "Create an environment and culture which gives leaders a voice and freedom to act beyond the "
                "constraints of organisational boundaries",
                "Ensure every professional group has some population health understanding",
            ]
        ),
        "how_we_get_there": "\n".join(
            [
                "Develop a common framework of knowledge, skills and behaviours clinical and professional "
                "leaders at all levels should enact",
                "Build a strong development offer to support collaborative behaviours and working as system "
                "leaders; not just those with a formal system leadership role",
                "Build on what is already in place and works well, e.g. mentorship and coaching - build upwards "
                "and outwards to provide an equitable development provision",
                "Recognise different stages of maturity and target developments to address needs",
                "Make stronger links with system OD so a consistent support offer for clinical and care "
                "professional leaders at all levels is created which enables learning and development "
                "opportunities alongside non-clinical leaders",
                "Promote and utilise initiatives/development opportunities already happening in the system "
                "(e.g. Clinical Directors forums to be opened up to other clinical and professional colleagues "
                "including primary care and PALM in Place Partnerships)",
                "Promote the personalisation agenda (i.e. person at the centre of decisions) to drive "
                "improvements",
            ]
        ),
    },
    {
        "theme_id": "T6",
        "theme": "Support",
        "what_will_be_different": (
            "Leaders are provided with the necessary time and resource (including aligned management support)"
        ),
        "how_we_get_there": "\n".join(
            [
                "Consider CPL resourcing (not solely through dedicated funding but also through wraparound "
                "support/infrastructure)",
                "Review what we have now, identify gaps and realign to new ways of working",
                "Create learning networks and peer support forums",
            ]
        ),
    },
    {
        "theme_id": "T7",
        "theme": "Comms & Engagement",
        "what_will_be_different": "\n".join(
            [
                "Knowledge and understanding of the ICS, its vision and priorities are clearly articulated to "
                "give leaders confidence in the new arrangements and the value their contributions add to the "
                "system",
                "Greater visibility, engagement and awareness between clinicians, professionals, managers and "
                "the public",
                "Simplified processes with better connectivity between developments taking place at different "
                "levels to reduce duplication and complexity",
            ]
        ),
        "how_we_get_there": "\n".join(
            [
                "Develop a communication and engagement strategy/approach to create consistent messages across "
                "the system and broaden understanding of the ICS",
                "Actively seek the views of frontline colleagues, for example through regular engagement "
                "exercises and annual pulse checks",
                "Build a library of evidence/learning and 'good news stories' of working together",
                "Consider other ways to support clinical and care professionals to have a better understanding "
                "of the system",
            ]
        ),
    },
    {
        "theme_id": "T8",
        "theme": "CPLG Role",
        "what_will_be_different": (
            "In the context of our agreed model and the development discussions, the role and positioning of "
            "CPLG will be strengthened to genuinely act as the 'glue' that binds the distributed CCPL "
            "developments together and acts as a strategic system group to advise the wider ICS"
        ),
        "how_we_get_there": "\n".join(
            [
                "Consider how best to connect other professionals and engage with more isolated groups (e.g. "
                "housing, environmental health, social prescribing leads)",
                "Review Clinical & Professional mapping exercise to identify gaps and initiate discussions to "
                "consider opportunities for alignment/bringing people/groups together",
                "Inform the development of an evidence based HI strategy (led through Strategic Intent)",
                "Development of a system decision making framework aligned to the Quadruple Aim to provide "
                "consistency for decision making all levels; aligned to system priorities, evidence based, and "
                "addressing population health needs – recommendations made by CPLG to be accepted by the ICB "
                "and wider system",
                "Develop mechanisms so that CPLG is routinely utilised and sighted on key ICS developments with "
                "mechanisms to enable feedback by exception where CPLG advice is required over and above/ "
                "adding value",
                "Clarity, recognition and utilisation of Senate Advisory Role and how to influence decisions in "
                "that capacity",
                "Tap into existing groups/networks and better connect Primary Care",
                "Strengthen the role of CPLG and how it fits within future governance arrangements (including "
                "the ICB, ICP, place-based partnerships, Provider collaboratives and Delivery Boards) and any "
                "sub-committees; being clear about what we do and what others do and how we all connect",
                "Ensuring broader clinical and professional leadership (beyond CPLG) is represented on all key "
                "decision making groups responsible for progressing the design and delivery of integrated care "
                "and are connected to CPLG",
                "CPLG act as ambassadors to support consistent implementation of system-wide, best practice "
                "approaches (e.g. quality framework developed through SQG)",
            ]
        ),
    },
]

# (theme, achievement) from the "What have we achieved?" column of Appendix A, in the paper's order.
ACHIEVEMENTS_DEC: list[tuple[str, str]] = [
    (
        "T1",
        "Co-produce our CCPL framework in response to the national guidance, which includes the vision and "
        "model for distributed clinical and care professional leadership for JUCD and the role of CPLG within "
        "that. We have done this through various forums (inc. Shadow Provider Collaborative Leadership Board, "
        "Integrated Community Place Board, Place Development Sub-Committee, People and Culture Board, GP "
        "Provider Board and the Alliance for Clinical Transformation (ACT)); all feedback incorporated into our "
        "model and framework and further informed by our launch event in May 2022.",
    ),
    ("T1", "Considered to be one of the strongest system CCPL frameworks."),
    (
        "T1",
        "Launch event in May with circa 150 attendees, key messages informed the design of the October event",
    ),
    (
        "T2",
        "We have strengthened the role of CPLG as the 'glue' that binds distributed leadership together (this "
        "is not about having everyone around the CPLG table but how that system leadership group facilitates "
        "beyond the group itself); recognising that distributed leadership already happening in the system "
        "space and the approach is to connect and recognise this more effectively where appropriate",
    ),
    (
        "T2",
        "Undertaken an initial mapping exercise to understand what is already established and where clinical "
        "and professional leaders are driving forward developments",
    ),
    (
        "T2",
        "2nd Engagement event held in October with circa 100 attendees to further develop consistent "
        "understanding of what good distributed leadership looks like by using positive experiences/ "
        "leadership in action",
    ),
    (
        "T2",
        "Key message from the May event was that people needed greater emphasis on practical tools/methods to "
        "recognise their distributed leadership roles – the session was designed initiate the coproduction of "
        "an applied leadership offer",
    ),
    ("T3", "Reviewed CPLG membership to include a broader range of professionals"),
    ("T4", "Chair of CPLG is a member of both the ICB and ICP"),
    ("T4", "Reviewed membership of CPLG to ensure broader range of professionals"),
    (
        "T4",
        "Agreed 3 vice chairs with defined areas of responsibility (placeholder for LA vice chair to ensure all "
        "aspects of the ICS are covered in the future and not solely NHS)",
    ),
    (
        "T4",
        "Aligned CPLG senior leadership (Chair and Vice Chairs) with component parts of the system e.g. members "
        "of PCLB, Integrated Place Executive, Population Health and Strategic Commissioning Committee, "
        "Workforce Advisory Group, System Quality Group",
    ),
    (
        "T4",
        "Mapping undertaken to create better understanding of CPLG connectivity and visibility across system "
        "governance and developments (see appendix 2)",
    ),
    (
        "T5",
        "Through the CCPL engagement events we have started to shape a better understanding of leadership needs "
        "and established a working group to develop a system applied leadership offer. The offer will build on "
        "what is already in place (e.g. mentorship and coaching)",
    ),
    (
        "T5",
        "Agreed a CCPL leadership behaviours framework to help clinical and professional leaders at all levels "
        "(not just those in formal leadership roles) to think and lead differently (see appendix 3)",
    ),
    (
        "T7",
        "2 system wide engagement events held to shape our direction of travel/ framework, engage and seek "
        "views on key issues to inform future developments and to share information in relation to CCPL in the "
        "context of the wider ICS for example). Extremely positive feedback received with a desire for the "
        "events to continue regularly",
    ),
    ("T7", "CPLG updates now included regularly in JUCD newsletters"),
    (
        "T8",
        "Strengthened the role of CPLG and how it fits within future governance arrangements (including the "
        "ICB, ICP, place-based partnerships, Provider collaboratives and Delivery Boards) and any "
        "sub-committees; being clear about what we do and what others do and how we all connect",
    ),
    (
        "T8",
        "Developed a clinical pathways development process which has been approved by the PHSCC and PCLB to "
        "provide consistency, with recommendations made by CPLG accepted and recognised in decision making",
    ),
]

# (theme, achievement, date, source) reported by the cover report of 8 February 2023.
ACHIEVEMENTS_FEB: list[tuple[str, str, dt.date | None, str]] = [
    (
        "T8",
        "This update and proposals were considered by the NHS Executive at its meeting on 6 January and the ICB "
        "Board on 16 January and were broadly supported with a mandate to continue progressing with the "
        "developments.",
        dt.date(2023, 1, 16),
        f"{COVER_REPORT}, 4.6",
    ),
    (
        "T8",
        "The ICB Board approved the new CPLG ToR and noted the approved clinical pathways development process "
        "embedded within the ToR",
        dt.date(2023, 1, 16),
        f"{COVER_REPORT}, 4.7",
    ),
    (
        "T4",
        "The ICB Board approved the new CPLG Chair Job Description and the appointment process.",
        dt.date(2023, 1, 16),
        f"{COVER_REPORT}, 4.10",
    ),
    (
        "T8",
        "The ICB Board supported the NHSE offer and committed to encouraging target group/strategic leader "
        "participation.",
        dt.date(2023, 1, 16),
        f"{COVER_REPORT}, 4.14",
    ),
    (
        "T6",
        "It is proposed that responsibility for the other GP clinical leads (e.g. Local Place Alliances and "
        "EAFs) be devolved to CPLG to oversee and manage. The ICB Board supported this direction of travel.",
        dt.date(2023, 1, 16),
        f"{COVER_REPORT}, 4.16",
    ),
]

NO_UPDATE = "No update in the cover report of 8 February 2023."

# Each priority: id, theme, text, owner (only where the papers name one), due date, whether the due date is
# assumed, and (status, note) at each snapshot. A missing FEB entry means "unchanged since December".
PRIORITIES: list[dict] = [
    {
        "id": "P01",
        "theme": "T1",
        "text": "Continue to review language being used to ensure it is inclusive, relevant and applicable across "
        "the system - including Local Authorities and the voluntary sector – build a consistent understanding "
        "of what is meant by distributed CCPL",
        "dec": ("On track", "Continuing work ('continue to review'), per Appendix A."),
    },
    {
        "id": "P02",
        "theme": "T1",
        "text": "Consider how the model speaks to/represents operational leaders – continue to socialise and test "
        "further",
        "dec": ("On track", "Continuing work ('continue to socialise and test further'), per Appendix A."),
    },
    {
        "id": "P03",
        "theme": "T2",
        "text": "Build trusted, open relationships with wider networks; by tapping into existing networks and ICS "
        "developments (including Place and Provider Collaboratives); further develop mapping exercise and look "
        "at opportunities for alignment and refinement",
        "dec": ("On track", "Builds on the initial mapping exercise already undertaken (Appendix A)."),
    },
    {
        "id": "P04",
        "theme": "T2",
        "text": "Continue to facilitate broader clinical and professional leadership which is connected and "
        "representative",
        "dec": ("On track", "Continuing work ('continue to facilitate'), per Appendix A."),
    },
    {
        "id": "P05",
        "theme": "T2",
        "text": "Provide the necessary tools to support individuals to step into the leadership space. 13 "
        "individuals volunteered to develop the offer at the Oct event. 2 focus groups have been arranged for "
        "the end of Nov and early Dec to test out content and delivery, with the aim to get offer ready from "
        "April.",
        "owner": "Programme Director, People Services Collaborative",
        "due": dt.date(2023, 4, 1),
        "dec": ("On track", "Focus groups arranged for the end of November and early December (Appendix A)."),
    },
    {
        "id": "P06",
        "theme": "T3",
        "text": "Work through the People Service Collaborative to embed the CCPL distributed leadership model and "
        "ensure that it is connected with the 7X5 EDI workstream",
        "owner": "People Services Collaborative",
        "dec": ("Not started", "New priority in Appendix A."),
    },
    {
        "id": "P07",
        "theme": "T4",
        "text": "Work with Local Authority colleagues to form a plan to create a stronger social care leadership "
        "voice in the CPLG space (with clear objectives and shared purpose aligned to the Integrated Care "
        "strategy)",
        "dec": ("Not started", "New priority in Appendix A."),
        "feb": (
            "On track",
            "A meeting took place with Local Authority colleagues (Helen Jones and Andy Smith) on 15 December; "
            "agreed to reconvene with LA colleagues in April, using the integrated care strategy to frame the "
            "strategic leadership needs (cover report 4.17-4.18).",
        ),
    },
    {
        "id": "P08",
        "theme": "T4",
        "text": "Work with clinical pathway groups e.g. EAFs to create clarity about the mandate, objectives, "
        "resources and support for leadership roles",
        "dec": ("Not started", "New priority in Appendix A."),
    },
    {
        "id": "P09",
        "theme": "T5",
        "text": "Develop stronger links with system OD so CCPL leadership development is considered part of the "
        "whole and not as a separate entity",
        "dec": ("Not started", "New priority in Appendix A."),
    },
    {
        "id": "P10",
        "theme": "T5",
        "text": "Promote and utilise initiatives/development opportunities already happening in the system (e.g. "
        "Clinical Directors forums to be opened up to other clinical and professional colleagues including "
        "primary care and PALM in Place Partnerships)",
        "dec": ("Not started", "New priority in Appendix A."),
    },
    {
        "id": "P11",
        "theme": "T5",
        "text": "CPLG development to be included as part of wider system OD",
        "dec": ("Not started", "New priority in Appendix A."),
    },
    {
        "id": "P12",
        "theme": "T6",
        "text": "Confirm resourcing of strategic leaders",
        "dec": ("Not started", "New priority in Appendix A."),
        "feb": (
            "On track",
            "The Chair's role is resourced through ICB programme spend for 2 days/week; the proposal for a "
            "substantive Chair working 2 days/week for a 3 year term was supported by the ICB Board (cover "
            "report 4.8, 4.10).",
        ),
    },
    {
        "id": "P13",
        "theme": "T6",
        "text": "Review what we have now to determine resource available, identify gaps and realign to new ways of "
        "working/ priorities",
        "dec": ("Not started", "New priority in Appendix A."),
    },
    {
        "id": "P14",
        "theme": "T6",
        "text": "Develop plans to devolve leadership oversight and resource (namely GP Clinical Leads currently "
        "aligned to EAFs) to CPLG",
        "dec": ("Not started", "New priority in Appendix A."),
        "feb": (
            "On track",
            "The ICB Board supported the direction of travel: responsibility for the other GP clinical leads "
            "(e.g. Local Place Alliances and EAFs) to be devolved to CPLG to oversee and manage (cover report "
            "4.15-4.16).",
        ),
    },
    {
        "id": "P15",
        "theme": "T6",
        "text": "Create learning networks and peer support forums",
        "dec": ("Not started", "New priority in Appendix A."),
    },
    {
        "id": "P16",
        "theme": "T7",
        "text": "Develop a communication and engagement strategy/approach to create consistent messages across the "
        "system and broaden understanding of the ICS",
        "dec": ("Not started", "New priority in Appendix A."),
    },
    {
        "id": "P17",
        "theme": "T7",
        "text": "Consider other ways to support clinical and care professionals to have a better understanding of "
        "the system and think 'system first'",
        "dec": ("Not started", "New priority in Appendix A."),
    },
    {
        "id": "P18",
        "theme": "T7",
        "text": "Actively seek the views of frontline colleagues, for example through regular engagement "
        "exercises and annual pulse checks",
        "dec": ("Not started", "New priority in Appendix A."),
    },
    {
        "id": "P19",
        "theme": "T7",
        "text": "Develop NHS Futures as a platform for sharing information",
        "dec": ("Not started", "New priority in Appendix A."),
    },
    {
        "id": "P20",
        "theme": "T8",
        "text": "Seek approval of revised TOR (separate paper)",
        "dec": ("On track", "CPLG approved the amended Terms of Reference in September 2022 (agenda log)."),
        "feb": (
            "Complete",
            "The ICB Board approved the new CPLG ToR and noted the approved clinical pathways development "
            "process embedded within the ToR (cover report 4.7).",
        ),
    },
    {
        "id": "P21",
        "theme": "T8",
        "text": "Substantive Chair to be in place from 1 April 2023 (separate paper)",
        "due": dt.date(2023, 4, 1),
        "dec": ("On track", "Separate paper on the substantive Chair prepared (Appendix A)."),
        "feb": (
            "On track",
            "The ICB Board approved the new CPLG Chair Job Description and the appointment process (cover "
            "report 4.10).",
        ),
    },
    {
        "id": "P22",
        "theme": "T8",
        "text": "Continue to review and develop role and functioning of CPLG within the wider ICS developments",
        "dec": ("On track", "Continuing work ('continue to review and develop'), per Appendix A."),
    },
    {
        "id": "P23",
        "theme": "T8",
        "text": "Seek system support to undertake NHSE Support offer in February, focusing on strategic decision "
        "makers with the aim of embedding CPLG positioning in the system",
        "owner": "CPLG Senior Leadership Team",
        "due": dt.date(2023, 2, 28),
        "dec": ("Not started", "Offer from the NHSE national team; to take place in February (Appendix A)."),
        "feb": (
            "On track",
            "The workshop has been set for the afternoon of Thursday, 16 February; the ICB Board supported the "
            "NHSE offer and committed to encouraging target group/strategic leader participation (cover report "
            "4.13-4.14).",
        ),
        "feb_due": dt.date(2023, 2, 16),
    },
    {
        "id": "P24",
        "theme": "T8",
        "text": "Develop plan with the Local Authority for Senior Social Care representative and input to CPLG by "
        "considering merit of potential support offer from NHSE delivered by Sir David Pearson",
        "dec": ("Not started", "New priority in Appendix A."),
        "feb": (
            "Deferred",
            "It was felt that there was a timing issue, and this offer may be better utilised once the "
            "Integrated Care Strategy is developed; the potential for this offer will be explored in the next "
            "financial year (cover report 4.17).",
        ),
    },
]

PRINCIPLES: list[dict] = [
    {
        "principle": 1,
        "title": "Full range of leaders in decision-making",
        "text": "Ensure that the full range of clinical and professional leaders from diverse backgrounds are "
        "integrated into system decision-making at all levels, supporting this with a flow of communications "
        "and opportunities for dialogue.",
        "detail": "\n".join(
            [
                "Fully inclusive multiprofessional clinical and care professional leadership (including general "
                "practice, other primary care and community service partners) is central to designing and "
                "delivering integrated care and meeting the complex needs of people, rather than just treating "
                "their individual conditions.",
                "This includes allied health professionals, pharmacists, doctors, nurses, social "
                "workers/practitioners, psychologists, healthcare scientists, physician associates, midwives, "
                "dentists, optometrists, orthoptists and public health professionals, among others.",
                "Work equally with local government, social care and other partners.",
            ]
        ),
    },
    {
        "principle": 2,
        "title": "A culture of shared learning",
        "text": "Creating a culture that systematically embraces shared learning, supporting clinical and care "
        "professional leaders to collaborate and innovate with a wide range of partners, including patients "
        "and local communities.",
        "detail": "Be systematic in assessment of current arrangements.",
    },
    {
        "principle": 3,
        "title": "Involved in ICS planning and delivery",
        "text": "Support clinical and care professional leaders throughout the system to be involved and invested "
        "in ICS planning and delivery, with appropriate protected time, support and infrastructure to carry "
        "out this work",
        "detail": "\n".join(
            [
                "Ensure clinical and care professional leaders are fully integrated into decision-making on all "
                "aspects of ICS functions and governance at every level of the system and create an environment "
                "in which distributed leadership can thrive.",
                "Make tangible improvements to the way clinical and care professionals are integrated into "
                "system decision-making and to support them in their system roles and in their development as "
                "system leaders (links to principles 4 & 5)",
            ]
        ),
    },
    {
        "principle": 4,
        "title": "A support offer for leaders",
        "text": "Create a support offer for clinical and care professional leaders at all levels of the system, "
        "one which enables them to learn and develop alongside non-clinical leaders (e.g. managers and other "
        "non-clinical professionals in local government and the VCSE sector), and provides training and "
        "development opportunities that recognise the different kind of leadership skills required when "
        "working effectively across organisational and professional boundaries and at the different levels of "
        "the system (particularly at place).",
        "detail": None,
    },
    {
        "principle": 5,
        "title": "Transparent recruitment of leaders",
        "text": "Adopt a transparent approach to identifying and recruiting leaders which promotes equity of "
        "opportunity and creates a professionally and demographically diverse talent pipeline that reflects "
        "the community served and ensures that appointments are based on ability and skillset to perform the "
        "intended function.",
        "detail": None,
    },
]

COVERAGE_ASSUMPTION = (
    "ASSUMPTION, editable: the paper's ticks were lost when the framework table was extracted to text, so "
    "these marks were assigned from each theme's content. Edit the marks to match the original table."
)

# theme -> (principle -> mark), and the reason, from each theme's 'what will be different' and actions.
COVERAGE: dict[str, tuple[dict[int, str], str]] = {
    "T1": ({1: "Primary", 2: "Supporting"}, "A shared model and narrative for leaders at all levels."),
    "T2": (
        {1: "Primary", 2: "Supporting", 3: "Primary"},
        "Voices heard across professions and dialogue (1); connected networks (2); distributed leadership in "
        "decision-making (3).",
    ),
    "T3": (
        {1: "Primary", 5: "Primary"},
        "Broadest engagement including Local Authorities and the voluntary sector (1); leaders reflecting EDI "
        "and protected characteristics (5).",
    ),
    "T4": (
        {1: "Supporting", 3: "Primary", 5: "Supporting"},
        "Defined roles and representation at the heart of decision making (3); identifying professionals for "
        "groups and boards (5).",
    ),
    "T5": (
        {2: "Supporting", 4: "Primary"},
        "A development offer alongside non-clinical leaders (4); building on what works (2).",
    ),
    "T6": (
        {3: "Primary", 4: "Supporting"},
        "Time, resource and management support (3); peer support forums (4).",
    ),
    "T7": (
        {1: "Primary", 2: "Primary"},
        "Flow of communications and dialogue (1); a library of learning and good news stories (2).",
    ),
    "T8": (
        {1: "Primary", 2: "Supporting", 3: "Primary"},
        "CPLG as the system's clinical and professional voice in decision-making (1, 3); shared learning and "
        "best practice (2).",
    ),
}

EVENTS: list[dict] = [
    {
        "event_id": "E01",
        "date": dt.date(2022, 5, 10),
        "date_month_only": False,
        "event": "CCPL framework launch event (1st system engagement event)",
        "attendees": 150,
        "attendance_approximate": True,
        "volunteers": None,
        "theme_ids": ("T1", "T7"),
        "notes": "Launch event in May with circa 150 attendees, key messages informed the design of the October "
        "event (Appendix A). Date from the CPLG log of 5 April 2022: 'plans for launch event on 10 May'.",
    },
    {
        "event_id": "E02",
        "date": dt.date(2022, 10, 1),
        "date_month_only": True,
        "event": "2nd system engagement event",
        "attendees": 100,
        "attendance_approximate": True,
        "volunteers": 13,
        "theme_ids": ("T2", "T5", "T7"),
        "notes": "Held in October with circa 100 attendees to further develop consistent understanding of what "
        "good distributed leadership looks like by using positive experiences/ leadership in action. 13 "
        "volunteers put their names forward to work with the Programme Director, People Services Collaborative "
        "to design an applied leadership offer (Appendix A; cover report 4.3). The papers give only the month "
        "(Month only: the 1st stands for the month).",
    },
]

# The CPLG agenda log, earliest first. Dates as the paper prints them (including its "20 September 2002").
# Facets exist only from August 2022. Themes are an editable assumption.
AGENDA: list[dict] = [
    {
        "date": dt.date(2022, 1, 11),
        "item": "Current System Pressures",
        "presenter": "Ben Pearson, Executive Medical Director (DCHS)",
        "overview": "CPLG were asked to consider and support difficult decisions needing to be enacted due to the "
        "current system pressures",
        "recommendation": "CPLG supported the measures proposed, noting the need to continue to work "
        "collaboratively as a system to address these issues. Letter of support sent out to all organisations "
        "from CPLG.",
        "themes": ("T8", "T7"),
    },
    {
        "date": dt.date(2022, 2, 8),
        "item": "Headache Pathway",
        "presenter": "Dom Moore, Deputy Chief Pharmacist (UHDB)",
        "overview": "CPLG were asked to receive and review the proposed headache pathway. Clinical agreement was "
        "sought to publish through JUCD",
        "recommendation": "CPLG were unable to support the pathway in its current state - DM was asked to refine "
        "the tool based on CPLG feedback and return to CPLG once developed further.",
        "themes": ("T8",),
    },
    {
        "date": dt.date(2022, 2, 8),
        "item": "SEC Ethics Request",
        "presenter": "William Jones, Chief Operating Officer (DCHS) & Kirsty McMillan, Director of Integration "
        "and Direct Services (Derby City Council)",
        "overview": "CPLG were asked to consider increasing the risk appetite for delayed discharges.",
        "recommendation": "There was an appetite from CPLG members to look at potential solutions to address the "
        "challenges highlighted - CPLG members were happy to support a task and finish approach to progress "
        "this work.",
        "themes": ("T8",),
    },
    {
        "date": dt.date(2022, 3, 8),
        "item": "CCPL Framework Development",
        "presenter": "Avi Bhatia - CPLG Chair & Sukhi Mahil - JUCD Assistant Director",
        "overview": "CPLG were asked to provide feedback on the agreed narrative following socialisation within "
        "respective groups, discuss the role of CPLG, and agree next steps",
        "recommendation": "Support was given for the CCPL Model and Framework, and the direction of travel",
        "themes": ("T1", "T8"),
    },
    {
        "date": dt.date(2022, 3, 22),
        "item": "Liberty Protection Safeguards",
        "presenter": "Michelle Grant, Designated Nurse Safeguarding Adults/MCA Lead",
        "overview": "CPLG were informed of the transition from the Deprivation of Liberty Safeguards Framework to "
        "the Liberty Protection Safeguards - implications for clinical and care professional colleagues were "
        "discussed",
        "recommendation": "CPLG colleagues noted the update",
        "themes": ("T7",),
    },
    {
        "date": dt.date(2022, 3, 22),
        "item": "Strategic Clinical Planning",
        "presenter": "James Crampton, Interim Executive Medical Director (UHDB)",
        "overview": "CPLG were asked to support with the UHDB review of strategic clinical planning",
        "recommendation": "CPLG supported the UHDB Clinical Strategy refresh and agreed there was a need for "
        "wider clinical and professional input to be included (e.g. primary care); this was considered a great "
        "opportunity to see how the system works together across partner organisations. It was noted that in "
        "the future there was a need to consolidate organisational clinical strategy developments.",
        "themes": ("T2",),
    },
    {
        "date": dt.date(2022, 4, 5),
        "item": "CCPL Framework Development",
        "presenter": "Sukhi Mahil - JUCD Assistant Director",
        "overview": "An overview of the CCPL framework development was provided and plans for launch event on 10 "
        "May to socialise and develop further were discussed. Chair arrangements were considered",
        "recommendation": "CPLG approved the CCPL framework, direction of travel and proposals for the Chair "
        "arrangements. CPLG members encouraged to continue endorsing and promoting CCPL.",
        "themes": ("T1", "T4", "T7"),
    },
    {
        "date": dt.date(2022, 4, 5),
        "item": "Virtual Wards",
        "presenter": "Reeve Palmer, Commissioning Manager (DDCCG)",
        "overview": "Virtual ward proposal was shared for comment/support",
        "recommendation": "Feedback provided around staffing, clear lines of clinical accountability and "
        "consideration of digital exclusion in the development of virtual wards. Feedback was also given around "
        "the need to build on existing programmes, such as Team Up, and to ensure appropriate system-wide "
        "engagement",
        "themes": ("T8",),
    },
    {
        "date": dt.date(2022, 5, 3),
        "item": "CCPL Framework Development",
        "presenter": "Sukhi Mahil - JUCD Assistant Director",
        "overview": "Vice Chair arrangements to be confirmed in context of wider CCPL leadership requirements and "
        "system developments",
        "recommendation": "CPLG confirmed preference towards option 2 (2x Vice Chairs – 1 NHS facing and 1x ICP "
        "facing) CPLG members were asked to put forward their expressions of interest in the roles.",
        "themes": ("T4",),
    },
    {
        "date": dt.date(2022, 5, 3),
        "item": "Post-Covid Service",
        "presenter": "Steve Lloyd: Executive Medical Director (DDCCG)",
        "overview": "CPLG were updated on the new Post-Covid Service pathway, which now encompasses "
        "rehabilitation as well as assessment",
        "recommendation": "CPLG supported the approach being taken",
        "themes": ("T8",),
    },
    {
        "date": dt.date(2022, 5, 17),
        "item": "Dermatology Advice & Guidance",
        "presenter": "Hal Spencer, Interim Chief Executive (CRH)",
        "overview": "Test case for clinical governance and decision making processes across the ICS - ensuring "
        "appropriate clinical engagement across the system",
        "recommendation": "It was agreed that the dermatology advice and guidance pathway would be reviewed "
        "again later in the year. Further discussions would be had around increasing the GP workload as a "
        "result of the pathway change. This case triggered the development of the Clinical Pathway Development "
        "Process which has since been approved by the PHSCC.",
        "themes": ("T8",),
    },
    {
        "date": dt.date(2022, 5, 17),
        "item": "JUCD Quality Strategy",
        "presenter": "Helen Hipkiss, Director of Quality (DDICB)",
        "overview": "Draft JUCD quality strategy shared with colleagues for comment and support",
        "recommendation": "CPLG provided feedback and support of the strategy. HH took away an action to collate "
        "comments to inform a further version of the draft strategy before re-circulating for final comment "
        "virtually, ahead of the final version being taken to the Shadow ICB Board in June 2022",
        "themes": ("T8",),
    },
    {
        "date": dt.date(2022, 6, 14),
        "item": "Clinical Governance Model",
        "presenter": "Avi Bhatia - CPLG Chair",
        "overview": "Discussion around the development of a clinical governance model to ensure appropriate and "
        "system-wide engagement before pathway changes are implemented.",
        "recommendation": "Agreement by CPLG for the development of a clinical governance model that avoids "
        "duplication, has some input into finance and other key considerations, and has a clear route of where "
        "recommendations feed into and how to escalate.",
        "themes": ("T8",),
    },
    {
        "date": dt.date(2022, 6, 28),
        "item": "Dental Services for the ICS",
        "presenter": "Rami Khatib, Chair of the Derbyshire County Local Dental Committee",
        "overview": "RK shared updates on how dentistry sits in the ICS and to share insight into the pressures "
        "dentistry is currently facing, and the wider role dentistry has in the populations overall health",
        "recommendation": "CPLG noted the presentation and reflected on the challenges shared across the system",
        "themes": ("T3",),
    },
    {
        "date": dt.date(2022, 8, 2),
        "item": "CPLG Terms of Reference",
        "facet": "CCPL Development",
        "presenter": "Sukhi Mahil - JUCD Assistant Director",
        "overview": "Revised CPLG Terms of Reference shared with members for comment and approval; incorporating "
        "the Vice Chair roles and responsibilities",
        "recommendation": "CPLG members approved the Vice Chair roles/responsibilities and were happy for these to "
        "be embedded into the revised CPLG Terms of Reference",
        "themes": ("T4", "T8"),
    },
    {
        "date": dt.date(2022, 8, 2),
        "item": "GP with Extended Roles Proposal",
        "facet": "CCPL Development",
        "presenter": "Kath Bagshaw, Deputy Medical Director DDICB and GP in Erewash",
        "overview": "Feedback sought on pilot roles proposal - 3 x roles at CRH and 3 x roles at UHDB. The pilot "
        "aims to improve GP retention, particularly for mid-career GPs, and also aims to improve the primary "
        "and secondary interface and quality of referrals",
        "recommendation": "CPLG supported the pilot, noting that if the only outcome is improved GP retention, "
        "that is a great positive. If the pilot supports knowledge/skill sets coming back into community, "
        "that's an even better result. KB will feedback outcomes of pilot at a future CPLG",
        "themes": ("T4",),
    },
    {
        "date": dt.date(2022, 8, 2),
        "item": "Primary & Secondary Care Interface",
        "facet": "CCPL Development",
        "presenter": "Andy Mott, GP and Interim Chair of GP Provider Board",
        "overview": "Document developed by Alliance for Clinical Transformation (ACT) aiming to improve interface "
        "between primary and secondary care. The document details guiding principles on behaviours all "
        "professionals should be undertaking to improve communication and keep the patient at the centre of "
        "decision making",
        "recommendation": "CPLG supported the document, noting its relevance to the wider system. CPLG members "
        "took away actions to socialise the model with colleagues across the system",
        "themes": ("T2",),
    },
    {
        # Printed as "20 September 2002" in Appendix A; kept as printed so the loader's date check flags it.
        "date": dt.date(2002, 9, 20),
        "item": "CPLG Terms of Reference",
        "facet": "CCPL Development",
        "presenter": "Sukhi Mahil - JUCD Assistant Director",
        "overview": "Revised CPLG Terms of Reference shared with members for comment and approval. CPLG "
        "connectivity to system governance also shared to aid understanding of where CPLG now fits.",
        "recommendation": "CPLG approved the amended Terms of Reference, with the inclusion dental, pharmacy and "
        "ophthalmology colleagues and ensure representation at CPLG to future proof ahead of March 2023, and "
        "noted the connectivity within the wider system governance",
        "themes": ("T8", "T3"),
    },
    {
        "date": dt.date(2022, 9, 20),
        "item": "Headache Pathway",
        "facet": "ICB (NHS)",
        "presenter": "Dom Moore, Deputy Chief Pharmacist (UHDB)",
        "overview": "Amendments made to pathway since initially being presented to CPLG in February 2022",
        "recommendation": "CPLG noted the pathways but further development was required re: engagement with "
        "primary care and CRH before full support could be given",
        "themes": ("T8",),
    },
    {
        "date": dt.date(2022, 11, 15),
        "item": "Provider Collaborative Leadership Board Priorities",
        "facet": "ICB (NHS)",
        "presenter": "Tamsin Hooton, Programme Director",
        "overview": "An overview of the potential PCLB priority areas and initial thinking in relation to fragile "
        "services and how they inform prioritisation",
        "recommendation": "CPLG agreed it would be beneficial to hold a wider workshop discussion in relation to "
        "fragile services early in the new year and would support the development of that.",
        "themes": ("T8",),
    },
    {
        "date": dt.date(2022, 11, 15),
        "item": "Cancer Referral Optimisation",
        "facet": "ICB (NHS)",
        "presenter": "Monica McAlindon, Head of Cancer",
        "overview": "To enable clinical and professional discussion regarding Cancer Referral Optimisation with "
        "regards to FIT uptake in particular",
        "recommendation": "CPLG agreed priority audits needed to be undertaken to facilitate peer to peer "
        "discussions in referral practices and to explore the options for primary/secondary care joint "
        "education focusing on cancer referrals",
        "themes": ("T8",),
    },
]

# The follow-ups the CPLG recommendations state, in the papers' words (Appendix A's agenda log). Keyed by the
# agenda item they came from (C02 is the second item above). Owners only where the recommendation names one
# (initials expanded from the presenter); no recommendation records a due date or what happened next, so the
# status is "Not recorded". Which sentences are actions is an editable assumption.
ACTIONS_BASIS = (
    "Assumption: read from the recommendation of {item}; the follow-up was not recorded in the papers."
)
ACTIONS: list[dict] = [
    {
        "item": "C02",
        "action": "DM was asked to refine the tool based on CPLG feedback and return to CPLG once developed "
        "further.",
        "owner": "Dom Moore (DM)",
    },
    {
        "item": "C03",
        "action": "CPLG members were happy to support a task and finish approach to progress this work.",
    },
    {
        "item": "C07",
        "action": "CPLG members encouraged to continue endorsing and promoting CCPL.",
        "owner": "CPLG members",
    },
    {
        "item": "C09",
        "action": "CPLG members were asked to put forward their expressions of interest in the roles.",
        "owner": "CPLG members",
    },
    {
        "item": "C11",
        "action": "It was agreed that the dermatology advice and guidance pathway would be reviewed again later in "
        "the year. Further discussions would be had around increasing the GP workload as a result of the pathway "
        "change.",
    },
    {
        "item": "C12",
        "action": "HH took away an action to collate comments to inform a further version of the draft strategy "
        "before re-circulating for final comment virtually, ahead of the final version being taken to the Shadow "
        "ICB Board in June 2022",
        "owner": "Helen Hipkiss (HH)",
    },
    {
        "item": "C16",
        "action": "KB will feedback outcomes of pilot at a future CPLG",
        "owner": "Kath Bagshaw (KB)",
    },
    {
        "item": "C17",
        "action": "CPLG members took away actions to socialise the model with colleagues across the system",
        "owner": "CPLG members",
    },
    {
        "item": "C19",
        "action": "CPLG noted the pathways but further development was required re: engagement with primary care "
        "and CRH before full support could be given",
    },
    {
        "item": "C20",
        "action": "CPLG agreed it would be beneficial to hold a wider workshop discussion in relation to fragile "
        "services early in the new year and would support the development of that.",
    },
    {
        "item": "C21",
        "action": "CPLG agreed priority audits needed to be undertaken to facilitate peer to peer discussions in "
        "referral practices and to explore the options for primary/secondary care joint education focusing on "
        "cancer referrals",
    },
]
