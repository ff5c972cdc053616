"""Common nicknames and short forms of given names (Bob for Robert, Liz for Elizabeth), for matching.

A small table of the short forms people write on petitions and sign-in sheets in the US, not a complete
one: a name missing here is only not recognised as a nickname. A short form that is the start of the
name (Dan, Daniel) needs no entry: `organizer.domain.names.may_be_same_given` covers those. Two names
in one group may be one person's; that is never certain (Pat is Patrick or Patricia, Harry is Henry or
Harold), so a match by nickname is for a person to confirm.
"""

from __future__ import annotations

from functools import cache

# The formal name (folded: lower case, letters only) and the short forms written for it.
_GROUPS: dict[str, tuple[str, ...]] = {
    "abigail": ("abby", "abbie", "gail"),
    "alexander": ("alex", "al", "sandy", "xander", "sasha"),
    "alexandra": ("alex", "lexi", "sandy", "sasha", "sandra"),
    "andrew": ("andy", "drew"),
    "anthony": ("tony",),
    "barbara": ("barb", "babs"),
    "benjamin": ("ben", "benny", "benji"),
    "catherine": ("cathy", "kate", "katie", "cat", "kay"),
    "charles": ("charlie", "chuck", "chas", "chaz"),
    "christina": ("chris", "tina", "chrissy"),
    "christine": ("chris", "tina", "chrissy"),
    "christopher": ("chris", "kit", "topher"),
    "daniel": ("dan", "danny"),
    "david": ("dave", "davey"),
    "deborah": ("deb", "debbie", "debby"),
    "donald": ("don", "donnie"),
    "dorothy": ("dot", "dottie", "dolly"),
    "edward": ("ed", "eddie", "ted", "ned"),
    "eleanor": ("ellie", "nell", "nora"),
    "elizabeth": ("liz", "lizzie", "beth", "betty", "betsy", "eliza", "libby", "liza", "bess"),
    "frances": ("fran", "frannie"),
    "francis": ("frank", "fran"),
    "frederick": ("fred", "freddie"),
    "gerald": ("jerry", "gerry"),
    "gregory": ("greg",),
    "guadalupe": ("lupe",),
    "harold": ("harry", "hal"),
    "henry": ("hank", "harry", "hal"),
    "james": ("jim", "jimmy", "jamie"),
    "jeffrey": ("jeff",),
    "jennifer": ("jen", "jenny", "jenn"),
    "jessica": ("jess", "jessie"),
    "john": ("jack", "johnny", "jon"),
    "jonathan": ("jon", "jonny"),
    "jose": ("pepe",),
    "joseph": ("joe", "joey"),
    "judith": ("judy",),
    "katharine": ("kate", "katie", "kathy", "kat", "kay", "kit"),
    "katherine": ("kate", "katie", "kathy", "kat", "kay", "kit"),
    "kathryn": ("kate", "katie", "kathy", "kat", "kay"),
    "kenneth": ("ken", "kenny"),
    "kimberly": ("kim",),
    "lawrence": ("larry",),
    "margaret": ("maggie", "meg", "peggy", "marge", "margie", "greta", "maisie"),
    "mary": ("molly", "polly", "mae"),
    "matthew": ("matt",),
    "michael": ("mike", "mikey", "mick"),
    "nicholas": ("nick", "nicky"),
    "patricia": ("pat", "patty", "trish", "tricia"),
    "patrick": ("pat", "paddy"),
    "raymond": ("ray",),
    "rebecca": ("becky", "becca"),
    "richard": ("dick", "rick", "ricky", "rich", "richie"),
    "robert": ("bob", "bobby", "rob", "robbie", "bert"),
    "ronald": ("ron", "ronnie"),
    "samuel": ("sam", "sammy"),
    "sarah": ("sally", "sadie"),
    "stephen": ("steve", "stevie"),
    "steven": ("steve", "stevie"),
    "susan": ("sue", "susie", "suzy"),
    "theodore": ("ted", "teddy", "theo"),
    "thomas": ("tom", "tommy"),
    "timothy": ("tim", "timmy"),
    "victoria": ("vicky", "vickie", "tori"),
    "virginia": ("ginny", "ginger"),
    "william": ("bill", "billy", "will", "willie", "liam"),
}


@cache
def _groups_of() -> dict[str, frozenset[int]]:
    """Each name of the table and the groups (by position) it belongs to."""
    found: dict[str, set[int]] = {}
    for n, (formal, short) in enumerate(_GROUPS.items()):
        for name in (formal, *short):
            found.setdefault(name, set()).add(n)
    return {name: frozenset(groups) for name, groups in found.items()}


def is_nickname_pair(a: str, b: str) -> bool:
    """Whether two different folded given names are one name and its nickname, or two nicknames of one name
    ("bob" and "robert", "bob" and "rob"); not two formal names that share a nickname ("henry", "harold")."""
    if not a or not b or a == b:
        return False
    groups = _groups_of()
    return bool(groups.get(a, frozenset()) & groups.get(b, frozenset()))
