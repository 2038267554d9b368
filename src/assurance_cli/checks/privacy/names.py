"""A child's (or a family member's) full name, beside a word that says whose it is. Linear
time on any text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from assurance_cli.checks.privacy.detection import Detection, words

# --- a child's (or family member's) full name -------------------------------------------------

# A name word: capitalised (Jane, McDonald, O'Brien, Smith-Jones) or in capitals (SMITH,
# O'BRIEN), as case notes often write surnames. The look back keeps a search from starting
# again inside a word (McDonald, SMITH), which would make it quadratic on a long one.
_NAME = (
    r"[A-Z](?<![\w'’-][A-Z])(?:[a-z]+(?:[A-Z][a-z]+)?|['’][A-Z][a-z]+|['’]?[A-Z]+)"
    r"(?:-[A-Z](?:[a-z]+|[A-Z]+))?"
)
_NAME_PAIR = re.compile(
    # A title may keep its full stop ("Mrs. Smith (mother)"). The pattern opens with [A-Z], so
    # the engine skips to capitals.
    rf"(?P<first>{_NAME})(?:(?<=Mr|Ms|Mx|Dr)\.|(?<=Mrs)\.|(?<=Miss)\.)?\s+(?P<last>{_NAME})"
    r"(?=['’]s\b|(?![\w'’-]))"  # a whole word, or one with a possessive ("Tom Brown's")
)
# Matched just after a name. Each of these looks back first, so that a search (as the regex
# fuzz test makes) cannot start again at every space of a long run.
_NEXT_NAME = re.compile(rf"(?<!\s)\s+{_NAME}(?![\w'’-])")
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr"})

_FAMILY_WORDS = (
    r"child|baby|infant|toddler|son|daughter|boy|girl|twin|brother|sister"
    r"|sibling|(?:half|step)-?(?:brother|sister|mother|father|son|daughter)|mother|father|mum"
    r"|mom|dad|parent|grandmother|grandfather|grandparent|grandma|grandad|granddad|nan|aunt"
    r"|auntie|uncle|cousin|nephew|niece|carer|guardian|pupil|teenager|young\s+person|victim"
)
_AGE_OLD = (  # "7-year-old", "seven year old", "14 month old"
    r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
    r"|fourteen|fifteen|sixteen|seventeen|eighteen)[- ](?:year|month|week)s?[- ]old"
)
# Just before a name: a family word or an age, then a comma, a colon, a dash, a bracket or
# "named", and perhaps a title ("her mother, Mrs Jane Smith", "Dad (Mark Jones)").
_FAMILY_BEFORE = re.compile(
    rf"(?<![\w-])(?:{_FAMILY_WORDS}|{_AGE_OLD})"
    r"(?:\s*+[,:(–—-]\s*+|\s++(?:named\s+|called\s+|known\s+as\s+)?)"
    r"(?:(?:mrs?|ms|miss|mx|dr)\.?\s+)?\Z",
    re.IGNORECASE,
)
_FAMILY_REACH = 40  # characters before a name in which to look for the family word
# Just after a name: the person's family role ("Ms Jane Smith (mum)", "Jane Smith, mother of
# Child A", "Jane Smith (the child)"), ending there: "Jane Smith, the child's social worker" is
# a professional.
_RELATIVE = (
    r"(?:(?:maternal|paternal|birth|foster|adoptive|older|younger|elder|eldest|youngest|twin"
    r"|step|half|great)[ \t-]*+){0,3}"  # bounded: a search stays linear on "twin twin..."
    r"(?:child|children|baby|babies|infant|son|daughter|boy|girl|twin|brother|sister|sibling"
    r"|mother|father|mum|mom|dad|parent|grandmother|grandfather|grandparent|grandma|grandad"
    r"|granddad|nan|aunt|auntie|uncle|cousin|nephew|niece|carer|guardian|young[ \t]+person"
    r"|victim)s?"
)
_ROLE_AFTER = re.compile(
    r"(?<![ \t])[ \t]*+[(,–—-]?[ \t]*+(?:(?:the|a|her|his|their)[ \t]+)?"
    rf"{_RELATIVE}"
    r"(?=[ \t]*+(?:[),;:.!?\n]|\Z|(?:of|to|and|who|was|is|has|had|attended|aged?)\b))"
    # or a relative of the person named, in lower case: "Tom Brown's mother" (not "the Local
    # Authority's Children Missing Education protocol")
    rf"|['’]s[ \t]+(?-i:{_RELATIVE})\b",
    re.IGNORECASE,
)
# Just after a name: an age ("Tom Brown, aged 7", "Tom Brown (7 yrs)", "Tom Brown, 14 months,"),
# never a time span that goes on ("the Inspection, 3 months later"), nor a bare number ("Local
# Authority (3), Police (2)", "West Bromwich, 12, Oldbury, 4": a count as often as an age).
_AGE_AFTER = re.compile(
    r"(?<![ \t])[ \t]*+[(,–—-]?[ \t]*+(?:"
    # one age, not a range ("Young People aged 16-25") or a time ("age 10:30")
    r"aged?[ \t]*+:?[ \t]*+\d{1,2}(?!\d|[:.]\d|[ \t]*+(?:-|–|to)[ \t]*+\d)"
    r"|\d{1,2}[ \t]*+-?[ \t]*+(?:years?|yrs?|months?|mths?|weeks?)[ \t-]*+old\b"
    r"|\d{1,2}[ \t]*+(?:y/?o|yrs?|years?|months?|mths?)(?:[ \t]*+[),–—-]|\b(?=[ \t]*+\Z))"
    r"|\d{1,2}[ \t]*+y/?o\b"
    r")",
    re.IGNORECASE,
)
_FOLLOWING_WORD = re.compile(r"(?<![ \t])[ \t]+([A-Za-z]+)")
# Capitalised words that follow a family word in the names of services, roles, offences and
# programmes ("Child Sexual Exploitation", "Parent Carer Forum", "Guardian Ad Litem", "Pupil
# Premium Grant"), acronyms written in capitals, or words that start a sentence after a colon
# ("child: The Review"): never a first or last name.
_NOT_A_NAME = words(
    """
    a abuse academy act action ad advocacy advocate after all also an and any are as
    assessment association at authorities authority be board box but by care carer carers
    case centre centres
    champion chair charity child children clinic college commissioner community conference
    coordinator council court criminal day death deaths designated development director
    doctor during each early education every exploitation family first following for forum
    foundation framework friendly from fund funding grant group guardian guidance had has
    have he head health help her his home hospital house hub if in information inspection
    into is it its lead liaison litem looked manager mental minding missing named need needs
    neglect network new no not nurse nursery nursing of office officer on online or our
    overview panel parent partnership pathway plan plans policy poverty practice
    practitioner premium procedure procedures programme project protection protocol
    psychology referral report review reviews safe safeguarding scheme school service
    services sexual she social society some space standard standards strategy support
    surgery teacher team that the their these they this those to trafficking trust unit
    voice was we welfare were when where which who with worker workers young people person
    persons adult adults women men girls boys students pupils learners leavers
    camhs cafcass cin cla cse cce ehc lac lado lscb mash mappa marac nhs ofsted pru send
    sen senco sscb iro idva yot yos
    """
)
# The next word naming a thing, not a person: "the young person Safe Space project".
_THING_WORDS = words(
    """
    academy alliance app appeal approach association audit award awards board campaign
    centre center charity charter clinic club college committee conference consortium
    course cafe day days event festival forum foundation framework fund funding grant group
    guidance hub initiative model network office panel partnership pathway pilot plan
    pledge policy portal programme program project protocol report review room scheme
    school service services session society strategy survey team toolkit training trust
    unit week workshop
    """
)


def find_child_names(text: str) -> Iterator[Detection]:
    yield from _capitalised_names(text)
    yield from _lower_case_names(text)


def _capitalised_names(text: str) -> Iterator[Detection]:
    """Capitalised pairs first (fast to find), then a family word before or a family role or
    an age after each."""
    position = 0
    while found := _NAME_PAIR.search(text, position):
        position = found.end("first")  # pairs overlap: "Child Jane Smith" holds "Jane Smith"
        start, end = found.start(), found.end()
        first, last = found.group("first"), found.group("last")
        if not (_is_name(first) and _is_name(last)):
            continue
        if first.rstrip(".").lower() in _TITLES and _NEXT_NAME.match(text, end):
            continue  # "Ms Jane Smith": the pair is "Jane Smith", found next
        following = _FOLLOWING_WORD.match(text, end)
        if last.lower() in _THING_WORDS or (following and following[1].lower() in _THING_WORDS):
            continue  # "Recruitment Campaign", "Safe Space project"
        if (
            _FAMILY_BEFORE.search(text, max(0, start - _FAMILY_REACH), start)
            or _ROLE_AFTER.match(text, end)
            or _AGE_AFTER.match(text, end)
        ):
            yield Detection(start, end, "privacy-child-name")


def _is_name(word: str) -> bool:
    lower = word.lower()
    if lower in _NOT_A_NAME:
        return False
    # Initials and acronyms in capitals ("GS", "CP", "DSL") have no vowel; names do.
    return not word.isupper() or any(vowel in lower for vowel in "aeiouy")


# A name in lower case after a child word ("the child tom brown"): capital letters cannot
# mark it, so the first word must be a common first name (not one that is also an everyday
# word: will, grace, mark...) and the second must not be an everyday word ("the child amy
# was seen" holds no surname). Child words are found from a literal part of each that starts
# with a letter shared with others (child and Child from "hild"; baby, boy, brother, sibling
# from "b"...): one pattern per letter opens with it, so the regex engine skips through the
# text to that letter, and the text is scanned once per letter, not once per word (one
# pattern with every word would try them all at every character).
_CHILD_WORDS = (  # (word, where its literal part starts; from 1 a capital first letter too)
    ("child", 1), ("baby", 0), ("boy", 0), ("brother", 0), ("sibling", 2), ("girl", 0),
    ("daughter", 3), ("teenager", 5), ("young person", 0), ("twin", 1), ("pupil", 0),
    ("infant", 2), ("toddler", 2), ("son", 0), ("sister", 0),
)  # fmt: skip


def _after_childwords(words: list[tuple[str, int]]) -> re.Pattern[str]:
    """One pattern for the child words whose literal parts start with the same letter."""
    letter = words[0][0][words[0][1]]
    alternatives = []
    for word, literal_from in words:
        head = f"[{word[0]}{word[0].upper()}]" if literal_from else re.escape(word[0])
        whole = head + re.escape(word[1:])  # the whole word, looked back at
        alternatives.append(f"{re.escape(word[literal_from + 1 :])}(?<={whole})(?<![\\w-]{whole})")
    return re.compile(
        rf"{re.escape(letter)}(?:{'|'.join(alternatives)})"
        r"(?:[ \t]*+[,:][ \t]*+|[ \t]++(?:(?:named|called|known[ \t]+as)[ \t]+)?)"
        r"(?P<first>[a-z]+)[ \t]+(?P<last>[a-z]+(?:-[a-z]+)?)(?![\w'’-])"
    )


def _by_letter(words: tuple[tuple[str, int], ...]) -> list[list[tuple[str, int]]]:
    groups: dict[str, list[tuple[str, int]]] = {}
    for word, literal_from in words:
        groups.setdefault(word[literal_from], []).append((word, literal_from))
    return list(groups.values())


_LOWER_CASE_AFTER = tuple(_after_childwords(group) for group in _by_letter(_CHILD_WORDS))

# Common first names of children in England and Wales (a hand-made list, not every name),
# without those that are also everyday words (will, mark, grace, hope, joy, may, june, rose,
# summer, bill, frank).
_FIRST_NAMES = words(
    """
    aaliyah aaron abbie abdul abdullah abi abigail abu ada adam aden adrian ahmed aidan aiden
    aimee aisha alana albert aleena alex alexa alexander alexandra alexis alfie alfred ali
    alice alicia alisha alison alissa amaya amelia amelie amina amir amira amy ana andre
    andrea andrew andy angela angus anna annabelle anne annie anthony antonio archer
    archie arlo aria arianna ariana arthur arya asher ashley ashton aston aurora austin ava
    ayaan ayesha bailey beatrice bella ben benjamin bethan bethany billy blake bobbie bonnie
    bradley brandon brian brooke bryony caleb callum calvin cameron carl carla caroline
    carter casey cassie catherine charles charlie charlotte chelsea chloe christian
    christopher ciara cian ciaran clara cody cole connor conor courtney daisy dale daniel
    danielle danny darcey darcie darcy david dean declan demi denise dexter dominic dylan
    eden edward eleanor elena eli elijah eliza elizabeth ella ellie elliot elliott ellis
    eloise elsie emilia emily emma erin esme ethan eva evan evelyn evie ezra faisal farah
    fatima finlay finley finn florence francesca freddie frederick freya gabriel gabriella
    gemma george georgia georgina gracie hamza hana hannah harley harper harriet harrison
    harry harvey hassan hayden hayley hazel heidi holly hugo hussain ibrahim ida imogen isaac
    isabel isabella isabelle isaiah isla isma ivy jack jacob jade jake james jamie jane jared
    jasmine jason jayden jeremy jenna jennifer jenson jessica jesse jodie joe joel john
    jonathan jordan joseph josh joshua josie jude julia julie justin kacey kai kaitlyn kane
    karen karl kate katherine katie kayden kayla keira kelly kenzie kevin kian kieran kyle
    lacey laila lara laura lauren layla leah lee leighton leo leon lewis lexi liam lilly lily
    lisa logan lola louie louis louise lucas lucy luke luna lydia lyla macie maddison madison
    maisie maisy malachi maria mariam marie martha martin maryam mason matilda matthew max
    maya megan mia michael michelle mila millie mohammad mohammed mollie molly morgan
    muhammad mya nancy naomi natalie nathan nathaniel neil nicholas nicole noah nora olivia
    oliver ollie omar oscar owen paige patrick paul peter phoebe piper poppy rachel reece
    reggie rebecca rhys riley robert rory rosie ruby ryan sadie safa sam samantha samuel sara
    sarah scarlett sean sebastian sienna sofia sophia sophie stanley stella stephen steven
    susan tanya taylor teddy thea theo theodore thomas toby tom tommy tyler
    valentina victoria violet william willow yasmin yusuf zac zach zachary zain zara zoe
    zuzanna
    """
)
# Everyday words that follow a child's first name in a sentence: after "the child amy" such
# a word means there is no surname to report.
_NOT_A_SURNAME = words(
    """
    a about after again against all also always an and any are as asked at attended attends
    be became because been before began being both but by came can cannot continued could
    cried did disclosed does doing during each either else ended even ever felt for from
    gave goes going got had has have having he her here him his how if in into is it its
    just later left lived lives made may might more moved much must never next no nor not
    now of often on once only or other our out over refused remained reported returned said
    says saw seemed seems she should since so some started stated stayed still such talked
    than that the their them then there these they this those though through to told too
    under until up very was went were what when where whether which while who whom whose why
    will with within without would yet you
    """
)


def _lower_case_names(text: str) -> Iterator[Detection]:
    for after_child_word in _LOWER_CASE_AFTER:
        for found in after_child_word.finditer(text):
            first, last = found.group("first"), found.group("last")
            if first in _FIRST_NAMES and last not in _NOT_A_SURNAME and last not in _NOT_A_NAME:
                yield Detection(found.start("first"), found.end("last"), "privacy-child-name")
