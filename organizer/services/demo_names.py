"""Word tables for the demo chapter: names, streets, tags, offices and event templates."""

from __future__ import annotations

import random
from typing import NamedTuple

from organizer.domain.codes import (
    DoorResult,
    EngagementLevel,
    PhoneResult,
    SignatureStatus,
    VolunteerStatus,
)


class NameGroup(NamedTuple):
    """Given and family names that go together, and the home language some speakers keep."""

    female: tuple[str, ...]
    male: tuple[str, ...]
    family: tuple[str, ...]
    language: str
    language_share: float
    weight: float


def _t(words: str) -> tuple[str, ...]:
    """A table written one entry per comma, so names may hold spaces and apostrophes."""
    return tuple(w.strip() for w in words.split(",") if w.strip())


NAME_GROUPS: dict[str, NameGroup] = {
    "anglo": NameGroup(
        _t("Emily, Sarah, Hannah, Zoë, Margaret, Renée, Claire, Abigail, Katherine, Susan, Linda, Megan,"
           "Brooke, Heather, Ashley, Caroline, Ellen, Molly"),
        _t("James, Michael, William, Robert, Daniel, Ethan, Caleb, Tyler, Thomas, Brian, Matthew, Wyatt,"
           "Patrick, Andrew, Graham, Dale"),
        _t("Smith, Miller, Wilson, Moore, Taylor, Anderson, Thompson, Allen, Baker, Hall, O'Brien,"
           "McAllister, Sullivan, Kowalski, Schmidt, Byrd, Pope, Godwin, Barefoot, Honeycutt, Lassiter,"
           "Whitfield, Pennington, Fischer, Olsen"),
        "", 0.0, 0.38,
    ),
    "black": NameGroup(
        _t("Aaliyah, Imani, Jasmine, Keisha, Tamika, Ebony, Latoya, Shanice, Monique, Destiny, Denise,"
           "Gloria, Brianna, Nia, Yolanda, Tiana"),
        _t("DeShawn, Jamal, Darius, Marcus, Terrence, Andre, Tyrone, Malik, Jalen, Reginald, Cedric,"
           "Kendrick, Darnell, Xavier, Isaiah, Curtis"),
        _t("Washington, Jefferson, Jackson, Williams, Johnson, Brown, Jones, Davis, Robinson, Harris,"
           "Mitchell, Coleman, Battle, Hinton, McNeill, Cherry, Dunston, Alston, Faison, Bullock, Lucas,"
           "Ricks, Wilkins, Tillman, Murchison"),
        "", 0.0, 0.26,
    ),
    "hispanic": NameGroup(
        _t("María, Guadalupe, Sofía, Valentina, Ana, Lucía, Inés, Carmen, Rosa, Ximena, Yesenia,"
           "Daniela, Marisol, Araceli, Beatriz"),
        _t("José, Luis, Carlos, Juan, Miguel, Jesús, Andrés, Ramón, Diego, Alejandro, Héctor, Javier,"
           "Óscar, Rafael, Mateo"),
        _t("García, Martínez, Hernández, López, González, Rodríguez, Pérez, Sánchez, Ramírez, Torres,"
           "Flores, Rivera, Gómez, Díaz, Cruz, Morales, Ortiz, Gutiérrez, Chávez, Ramos, Muñoz, Peña,"
           "De la Cruz, Vásquez, Ibarra"),
        "Spanish", 0.75, 0.18,
    ),
    "vietnamese": NameGroup(
        _t("Linh, Mai, Thao, Hoa, Ngoc, Trang, Lan"),
        _t("Minh, Duc, Tuan, Quang, Bao, Khoa, Huy"),
        _t("Nguyen, Tran, Le, Pham, Hoang, Vu, Dang"),
        "Vietnamese", 0.5, 0.04,
    ),
    "east_asian": NameGroup(
        _t("Mei, Xiu, Ji-woo, Seo-yeon, Yuki, Hana, Jing"),
        _t("Wei, Jian, Min-jun, Seung-ho, Kenji, Hiroshi, Hao"),
        _t("Chen, Wang, Liu, Zhang, Kim, Park, Choi, Tanaka, Yamamoto"),
        "Mandarin", 0.3, 0.04,
    ),
    "south_asian": NameGroup(
        _t("Priya, Anjali, Deepa, Kavya, Sunita, Aisha, Meera"),
        _t("Raj, Arjun, Vikram, Rohan, Sanjay, Amit, Karthik"),
        _t("Patel, Shah, Singh, Kumar, Reddy, Iyer, Desai, Chaudhry"),
        "Hindi", 0.35, 0.05,
    ),
    "arab": NameGroup(
        _t("Fatima, Layla, Amira, Nour, Yasmin, Rania, Huda"),
        _t("Muhammad, Omar, Yusuf, Khaled, Tariq, Sami, Karim"),
        _t("Haddad, Khalil, Mansour, Nasser, Saleh, Abdullah, Farah, Hamdan, Al-Masri"),
        "Arabic", 0.6, 0.05,
    ),
}

NEUTRAL_GIVEN = _t("Alex, Jordan, Riley, Sam, Jamie, Quinn, River, Avery, Rowan")
MIDDLE_NAMES = _t("Marie, Ann, Lee, Lynn, James, Ray, Elizabeth, Grace, Michael, Louise, Jean, Dawn")
SUFFIXES = _t("Jr., Sr., III")

COUNTY = "Alder County"
CITY = "Pine Hollow"
REGION = "NC"
STATE_NAME = "North Carolina"


class Street(NamedTuple):
    """A street of the demo county, the precinct and ZIP it lies in, and whether it has apartments."""

    name: str
    precinct: str
    postal_code: str
    apartments: bool


STREETS: tuple[Street, ...] = (
    Street("Oakwood Ave", "01-01", "27601", False),
    Street("N Person St", "01-01", "27601", False),
    Street("E Martin St", "01-01", "27601", True),
    Street("Hargett St", "01-01", "27601", False),
    Street("Boundary St", "01-02", "27604", False),
    Street("Glenwood Ave", "01-02", "27604", True),
    Street("Old Wake Forest Rd", "01-02", "27604", False),
    Street("Tryon Hill Dr", "01-02", "27604", False),
    Street("Poole Rd", "04-03", "27610", True),
    Street("Rock Quarry Rd", "04-03", "27610", False),
    Street("Battle Bridge Rd", "04-03", "27610", False),
    Street("Magnolia Ct", "04-03", "27610", False),
    Street("Cedar Ridge Ln", "04-04", "27616", False),
    Street("Martin Luther King Jr Blvd", "04-04", "27616", True),
    Street("Old Garner Rd", "04-04", "27616", False),
)

PRECINCT_DISTRICT = {"01-01": "District 1", "01-02": "District 1", "04-03": "District 2", "04-04": "District 2"}
PRECINCT_WARD = {"01-01": "Ward 1", "01-02": "Ward 1", "04-03": "Ward 4", "04-04": "Ward 4"}

EMAIL_DOMAINS = _t("example.org, example.com, example.net")
PHONE_AREA_CODES = ("919", "984", "252", "336")

TAGS = _t(
    "Spanish speaker, Door knocker, Phone banker, Teacher, Union member, Parent, Student, Has car,"
    "Petition circulator, Host, Data entry, Social media"
)
# Tag -> share of people who carry it ("Spanish speaker" follows the languages people speak).
TAG_SHARES = {
    "Door knocker": 0.14, "Phone banker": 0.1, "Teacher": 0.07, "Union member": 0.1, "Parent": 0.22,
    "Student": 0.08, "Has car": 0.18, "Host": 0.04, "Data entry": 0.05, "Social media": 0.07,
}
SKILLS = _t(
    "Canvassing, Phone banking, Spanish translation, Graphic design, Spreadsheets, Public speaking,"
    "Event planning, Driving, Social media, Writing, Photography, Childcare, Cooking, Fundraising"
)
AVAILABILITY = _t(
    "Weeknights, Saturdays, Sundays after church, Weekends, Weekday mornings, Tuesday and Thursday evenings,"
    "Flexible, Saturday mornings only, Evenings after 6"
)
PRONOUNS = _t("she/her, he/him, they/them, she/they")
SHIRT_SIZES = _t("S, M, M, L, L, XL, 2XL")
EMPLOYERS = _t(
    "Alder County Schools, WakeMed, City of Pine Hollow, NC State University, Food Lion, Self-employed,"
    "Retired, Duke Energy, UPS, Alder County Library, Walmart, Rex Hospital"
)
PERSON_NOTES = _t(
    "Met at the library rally; wants to help with Spanish outreach.,"
    "Prefers texts to calls.,"
    "Can host a house party in the spring.,"
    "Retired teacher; great at training new canvassers.,"
    "Asked about running for school board someday.,"
    "Works nights; weekends only.,"
    "Has a truck for moving tables and signs.,"
    "Signed up at the farmers market table.,"
    "Brings her two kids; needs childcare at meetings.,"
    "Former union steward at the UPS hub."
)
SURVEY_ISSUES = _t("Libraries, Schools, Housing costs, Transit, Wages, Health care, Public safety, Roads")
REFERRAL_SOURCES = _t(
    "Met at chapter meeting, Run for Something referral, PTA president suggested, Union local,"
    "Library petition signer, Neighborhood association, Church congregation, Self-nominated"
)


class Office(NamedTuple):
    """An office the chapter recruits for."""

    office: str
    jurisdiction: str
    district: str


OFFICES: tuple[Office, ...] = (
    Office("School Board", "Alder County Board of Education", "District 2"),
    Office("City Council", "City of Pine Hollow", "District 2"),
    Office("City Council", "City of Pine Hollow", "District 1"),
    Office("County Commission", "Alder County Board of Commissioners", "District 4"),
    Office("Soil and Water Conservation Supervisor", "Alder Soil and Water Conservation District", ""),
    Office("County Board of Elections", "Alder County Board of Elections", ""),
)

# Stage, office index, next step (empty when the prospect's story is over), eligibility note.
PROSPECT_PLANS: tuple[tuple[str, int, str, str], ...] = (
    ("identified", 1, "Ask a mutual friend for an introduction", "Lives in District 2; registration not yet checked."),
    ("intro_call", 0, "First call: listen to why she cares about schools", "Two kids at Poole Rd Elementary."),
    ("questionnaire", 1, "Chase the questionnaire (sent three weeks ago)", "Registered voter since 2012."),
    ("vetting", 3, "Public-records check and talk to references", "Check residency: moved within the county in 2025."),
    ("endorsed", 2, "Announce endorsement at the chapter meeting", "Eligible; no conflicts found."),
    ("trained", 1, "Draft a campaign budget with the finance volunteer", "Finished candidate training in March."),
    ("filed", 5, "Collect the filing receipt and file the first finance report", "Nominated by the county party."),
    ("on_ballot", 2, "Recruit a volunteer treasurer", "Petition certified by the Board of Elections."),
    ("won", 0, "Thank-you call and ask about staff picks", "Served two terms on the PTA board."),
    ("lost", 4, "Debrief and ask about a 2028 run", "Lost by 312 votes; strong in precinct 04-03."),
    ("withdrew", 3, "", "Withdrew for family reasons; open to running later."),
    ("not_a_fit", 1, "", "Works for the city: would have to resign to serve."),
)
PROSPECT_PATH = _t("identified, intro_call, questionnaire, vetting, endorsed, trained, filed, on_ballot")

LIBRARY_PETITION_TEXT = (
    "We, the undersigned residents of Alder County, ask the Board of Commissioners to restore "
    "library hours cut in the last budget and fund the county's public libraries fully."
)


class EventPlan(NamedTuple):
    """An event relative to today: day offset, local start hour and length, and where it happens."""

    title: str
    event_type: str
    day_offset: int
    hour: int
    hours: float
    location: str
    virtual: bool
    capacity: int | None
    status: str
    precincts: tuple[str, ...] = ()


LOCATIONS = {
    "church": ("First Baptist Church fellowship hall", "1101 E Martin St, Pine Hollow, NC 27601"),
    "library": ("Public library room B", "310 Glenwood Ave, Pine Hollow, NC 27604"),
    "union": ("Union hall, Local 1402", "2211 Poole Rd, Pine Hollow, NC 27610"),
    "park": ("Moore Square", "200 S Blount St, Pine Hollow, NC 27601"),
    "home": ("A member's home (address sent on RSVP)", ""),
    "rec": ("Roberts Park community center", "1300 E Martin St, Pine Hollow, NC 27601"),
    "market": ("Saturday farmers market", "Cedar Ridge Ln and Old Garner Rd, Pine Hollow, NC 27616"),
    "online": ("Online", ""),
}

EVENT_PLANS: tuple[EventPlan, ...] = (
    EventPlan("Canvass training for new volunteers", "training", -150, 18, 2, "library", False, 25, "confirmed"),
    EventPlan("Library petition canvass: precinct 04-03", "canvass", -122, 10, 5.5, "union", False, None,
              "confirmed", ("04-03",)),
    EventPlan("Phone bank: library budget hearing", "phone_bank", -95, 18, 2.5, "online", True, 30, "confirmed"),
    EventPlan("Rally for our libraries", "rally", -80, 11, 2, "park", False, None, "confirmed"),
    EventPlan("Ballot access canvass: District 2", "canvass", -45, 10, 5.5, "union", False, None, "confirmed",
              ("04-03", "04-04")),
    EventPlan("Voter registration table", "voter_registration", -30, 9, 4, "market", False, 12, "confirmed"),
    EventPlan("Phone bank: petition follow-up", "phone_bank", -16, 18, 2.5, "online", True, 30, "cancelled"),
    EventPlan("Ballot access canvass: precinct 04-04", "canvass", -9, 10, 5.5, "union", False, None,
              "confirmed", ("04-04",)),
    EventPlan("Candidate training: so you want to run", "training", 12, 18, 2.5, "library", True, 30,
              "confirmed"),
    EventPlan("Weekend of action canvass", "canvass", 26, 10, 5.5, "union", False, None, "confirmed",
              ("04-03", "04-04")),
    EventPlan("House party with District 2 candidate", "house_party", 40, 19, 2, "home", False, 25,
              "tentative"),
)
MEETING_TITLE = "Monthly chapter meeting"
MEETING_LOCATIONS = ("church", "library", "church", "rec")
VIRTUAL_LINK = "https://meet.example.org/alder-chapter"
CANVASS_SHIFTS = (("Morning shift", 0.0, 2.5), ("Afternoon shift", 3.0, 2.5), ("Evening shift", 5.5, 2.0))
ROLES = _t("Facilitator, Note taker, Greeter, Sign-in table")
EVENT_DESCRIPTIONS = {
    "meeting": "Reports from committees, the petition count, and what we do next. Childcare and snacks provided.",
    "training": "Hands-on practice with scripts and role play. No experience needed.",
    "canvass": "Knock doors in pairs with a walk list and a short script. Meet at the union hall for turf.",
    "phone_bank": "Bring a laptop and a phone; we call from the online dialer together.",
    "rally": "Bring signs and friends. Speakers from the library workers' union and parents.",
    "house_party": "Meet our District 2 candidate over dinner and hear why they are running.",
    "voter_registration": "Register neighbors at the market table; bring a clipboard and a pen.",
}
EVENT_SIZES = {
    "meeting": (32, 50), "training": (14, 24), "canvass": (16, 28), "phone_bank": (10, 18), "rally": (50, 80),
    "house_party": (12, 20), "voter_registration": (8, 12),
}
STREET_WORDS = {"St": "Street", "Ave": "Avenue", "Rd": "Road", "Dr": "Drive"}

# Weighted tables: value -> relative weight.
VOLUNTEER_STATUSES = {VolunteerStatus.ACTIVE: 75, VolunteerStatus.INACTIVE: 18, VolunteerStatus.ALUMNI: 7}
ENGAGEMENT_LEVELS = {
    EngagementLevel.SIGNED_UP: 25, EngagementLevel.ATTENDED: 30, EngagementLevel.TOOK_SHIFT: 25,
    EngagementLevel.LED_SHIFT: 12, EngagementLevel.LEADS_TEAM: 8,
}
PARTIES = {"DEM": 38, "REP": 24, "UNA": 34, "LIB": 2, "GRE": 2}
DOOR_RESULTS = {
    DoorResult.CANVASSED: 30, DoorResult.NOT_HOME: 45, DoorResult.REFUSED: 7, DoorResult.COME_BACK: 6,
    DoorResult.MOVED: 4, DoorResult.INACCESSIBLE: 3, DoorResult.LANGUAGE_BARRIER: 3, DoorResult.DECEASED: 1,
    DoorResult.DO_NOT_WALK: 1,
}
PHONE_RESULTS = {
    PhoneResult.NOT_HOME: 35, PhoneResult.LEFT_MESSAGE: 40, PhoneResult.REFUSED: 8, PhoneResult.WRONG_NUMBER: 8,
    PhoneResult.DISCONNECTED: 5, PhoneResult.DO_NOT_CALL: 4,
}
SUPPORT_LEVELS = {1: 30, 2: 25, 3: 20, 4: 13, 5: 12}
# What the clerk's check found on a checked ballot-access sheet.
CHECK_OUTCOMES = {
    SignatureStatus.VALID: 68, SignatureStatus.OUTSIDE_DISTRICT: 9, SignatureStatus.NOT_REGISTERED: 7,
    SignatureStatus.DUPLICATE: 5, SignatureStatus.NEEDS_REVIEW: 5, SignatureStatus.INACTIVE: 3,
    SignatureStatus.ILLEGIBLE: 3,
}
# Person flag -> share of people who carry it.
FLAG_SHARES = {"do_not_call": 0.03, "do_not_text": 0.03, "do_not_email": 0.02, "do_not_walk": 0.02,
               "moved": 0.01, "deceased": 0.004}
EMAIL_PATTERNS = {"{g}.{f}": 30, "{g}{f}": 20, "{i}{f}": 25, "{f}.{g}{y}": 15, "{g}_{f}{y}": 10}


def household_addresses(rng: random.Random, size: int) -> list[tuple[Street, str]]:
    """At least `size` distinct address lines on the demo streets, some in apartment buildings, shuffled."""
    per_street = size // len(STREETS) + 1
    pool: list[tuple[Street, str]] = []
    for street in STREETS:
        numbers = rng.sample(range(100, 100 + max(3000, per_street * 4)), per_street)
        for k, number in enumerate(numbers):
            if street.apartments and k < 2:
                pool.extend((street, f"{number} {street.name} Apt {f}{u}") for f in "123" for u in "ABCD")
            else:
                pool.append((street, f"{number} {street.name}"))
    rng.shuffle(pool)
    return pool


def phone_numbers(rng: random.Random) -> list[str]:
    """Every fictional 555-01xx number of the NC area codes as people write them, 919 first."""
    pool: list[str] = []
    for area in PHONE_AREA_CODES:
        block = [rng.choice(("({a}) 555-{k:04d}", "{a}-555-{k:04d}", "{a}.555.{k:04d}")).format(a=area, k=k)
                 for k in range(100, 200)]
        rng.shuffle(block)
        pool.extend(block)
    return pool
