"""Appendices 2 and 3 of the seed Appendix A (1 December 2022), as far as the paper's text carries them.

Both are pictures in the original paper (a diagram of CPLG's connections; the behaviour framework), and the
text extracted from it holds only their titles and the diagram's notes (../shared/seeds/004_….txt, the end).
What is here is taken from that paper word for word: each appendix's title, the notes printed with it, and
what the same paper says about it elsewhere (each passage with where in the paper it is). Nothing is added;
report/appendices.py says in the board's words that the picture is not reproduced.
"""

from __future__ import annotations

from data.seed_content import APPENDIX_A, SNAPSHOT_DEC

APPENDICES: list[dict[str, object]] = [
    {
        "number": 2,
        "title": "CPLG Connectivity to ICS Functions & Decision Making",
        "taken_from": APPENDIX_A,
        "as_at": SNAPSHOT_DEC,
        "picture": "diagram",
        "passages": [
            ("Note on the diagram", "Note this is at a point in time and may be subject to change."),
            (
                "Note on the diagram",
                "The Executive Groups are shown on this diagram for information only at this stage as they "
                "are still forming and the CPLG representation may change in light of the developments as "
                "necessary.",
            ),
            (
                "Leadership Roles: what we have achieved",
                "Mapping undertaken to create better understanding of CPLG connectivity and visibility across "
                "system governance and developments",
            ),
            (
                "Leadership Roles: what we have achieved",
                "Aligned CPLG senior leadership (Chair and Vice Chairs) with component parts of the system e.g. "
                "members of PCLB, Integrated Place Executive, Population Health and Strategic Commissioning "
                "Committee, Workforce Advisory Group, System Quality Group",
            ),
            (
                "CPLG agenda log: CPLG Terms of Reference",
                "CPLG connectivity to system governance also shared to aid understanding of where CPLG now "
                "fits. … [CPLG] noted the connectivity within the wider system governance",
            ),
        ],
    },
    {
        "number": 3,
        "title": (
            "Our agreed Distributed Clinical and Care Professional System Leadership Behaviour Framework"
        ),
        "taken_from": APPENDIX_A,
        "as_at": SNAPSHOT_DEC,
        "picture": "framework",
        "passages": [
            (
                "Leadership Development: what we have achieved",
                "Agreed a CCPL leadership behaviours framework to help clinical and professional leaders at "
                "all levels (not just those in formal leadership roles) to think and lead differently",
            ),
            (
                "Leadership Development: what will be different",
                "Ensure leadership capabilities and behaviours relevant to all leaders are embedded "
                "consistently",
            ),
            (
                "Appendix 1, Leadership Development: what do we need to do to get there?",
                "Develop a common framework of knowledge, skills and behaviours clinical and professional "
                "leaders at all levels should enact",
            ),
            (
                "Appendix 1, Leadership Development: what do we need to do to get there?",
                "Build a strong development offer to support collaborative behaviours and working as system "
                "leaders; not just those with a formal system leadership role",
            ),
        ],
    },
]
"""The seed paper's appendices 2 and 3: number, title, the paper they are taken from and its date, what the
picture is, and (where in the paper, passage) for every passage of its text about them."""
