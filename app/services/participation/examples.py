"""Example personas, fictional and set in rural Flanders: at least one for each of the
toolkit's 13 risk groups. The text is English msgids, translated in participation.po, so an
example copied into a trajectory is stored in the user's current language and then adapted.
"""
from __future__ import annotations

from dataclasses import dataclass

from app.services.i18n import N_, _

DREAM_QUESTION = N_("What should happen in our village so that {name} feels less lonely?")


@dataclass(frozen=True)
class Example:
    key: str
    name: str  # names are not translated
    age: int
    picture: str
    risk_groups: tuple[str, ...]
    living_situation: str  # msgid
    village_context: str  # msgid
    social_needs: str  # msgid
    strengths: str  # msgid
    quote: str  # msgid

    def translated(self) -> dict:
        """The example's fields, as stored in a new persona (current language)."""
        return {
            "name": self.name,
            "age": self.age,
            "picture": self.picture,
            "risk_group_codes": list(self.risk_groups),
            "living_situation": _(self.living_situation),
            "village_context": _(self.village_context),
            "social_needs": _(self.social_needs),
            "strengths": _(self.strengths),
            "quote": _(self.quote),
            "dream_question": _(DREAM_QUESTION).format(name=self.name),
            "example_key": self.key,
        }


EXAMPLES: tuple[Example, ...] = (
    Example(
        "jozef", "Jozef", 58, "farmer", ("farmers", "living_alone"),
        N_("Runs the dairy farm of his parents on his own since his brother stopped. Not "
           "married; his days start at five and end after dark."),
        N_("A scattered hamlet of farms, two kilometres from the church. The dairy co-op "
           "and the village café closed; the farmers' guild meets less and less."),
        N_("Someone to talk to about worries over prices, rules and the future of the farm, "
           "without feeling judged. A reason to leave the yard now and then."),
        N_("Knows every field path and the old names of the farms. Good with machines and "
           "always ready to pull a car out of a ditch."),
        N_("The cows do not ask how I am doing. And in the village nobody does either."),
    ),
    Example(
        "mariette", "Mariette", 82, "older_woman", ("single_75", "older_75", "living_alone"),
        N_("Widow for six years, lives alone in the house where she raised four children. "
           "Her children live far away and phone on Sundays."),
        N_("The grocery shop and the bank office left the village; the nearest shop is six "
           "kilometres away. She gave up driving last winter."),
        N_("Daily contact that does not feel like charity, help to get to the shop and the "
           "doctor, and a place to sit with others over coffee."),
        N_("Bakes the best rice tart in the parish, knits for the grandchildren and still "
           "knows everyone's family history."),
        N_("I do not want to be a burden. But some days I speak to nobody at all."),
    ),
    Example(
        "zoe", "Zoë", 17, "teen", ("youth",),
        N_("Lives with her mother and stepfather on the edge of the village, goes to school "
           "in town and has a student job at weekends."),
        N_("The last bus back from town leaves before seven in the evening. The youth club "
           "closed when its leaders moved away; there is nowhere to hang out."),
        N_("Friends nearby, a place of her own to meet people her age, and a way home in "
           "the evening that does not depend on her parents."),
        N_("Creative with her phone: makes short films and edits photos. Patient with "
           "younger children; was a leader at the youth movement camp."),
        N_("Everyone in town goes out after school. I am already on the bus home."),
    ),
    Example(
        "sofie", "Sofie", 36, "parent", ("single_parent", "poverty"),
        N_("Single mother of two boys of six and nine. Works part-time in early and late "
           "shifts at a distribution centre twenty kilometres away."),
        N_("Moved to a cheaper rented house in the new housing estate after the divorce. "
           "She knows the neighbours only by their cars."),
        N_("Other parents to share the school run and childcare with, a babysitter she can "
           "trust, and an evening out that is not too expensive."),
        N_("Organised and resourceful, fixes almost anything with a video tutorial, and has "
           "a sharp sense of humour."),
        N_("I am always running. When the boys are asleep the house is so quiet."),
    ),
    Example(
        "ayse", "Ayşe", 41, "newcomer", ("newcomers",),
        N_("Came to Belgium three years ago with her husband and their daughter of twelve. "
           "Her husband works in a greenhouse; she follows Dutch lessons in town."),
        N_("They rent a flat above the former bakery. She knows the village mostly from the "
           "school gate, where the other mothers talk fast in dialect."),
        N_("People to practise Dutch with in everyday life, a first friend in the village, "
           "and a way to use her skills and feel useful."),
        N_("Trained as a seamstress, cooks for a crowd and speaks three languages. Warm and "
           "curious about the traditions here."),
        N_("I understand more every week. Now I would like someone to understand me."),
    ),
    Example(
        "luc", "Luc", 67, "carer", ("carers", "older_75"),
        N_("Looks after his wife, who has had dementia for four years. Their son lives "
           "abroad; the home nurse comes twice a day."),
        N_("A street of terraced houses along the main road. His card club and the "
           "cycling club went on without him; he cannot leave his wife alone for long."),
        N_("Breaks he can take without guilt, someone who listens, and contact with other "
           "carers who know what it is like."),
        N_("A former primary school teacher, patient and precise. Keeps a vegetable garden "
           "and likes to share the harvest."),
        N_("I do it with love. But I have lost myself a little along the way."),
    ),
    Example(
        "kevin", "Kevin", 44, "man_beard", ("poverty", "living_alone", "social_isolation"),
        N_("Lives alone on a benefit after losing his job at a factory that closed. He has "
           "debts and a budget plan with the OCMW."),
        N_("Rents a small house far from the village centre. No car; the bicycle is his "
           "only transport and the bus costs too much for many trips."),
        N_("Activities that cost nothing, respect instead of pity, and a way to contribute "
           "so that he is more than his problems."),
        N_("Handy with bicycles and small repairs; helps neighbours with their gardens. "
           "Loyal and honest."),
        N_("I say no to everything that costs money. After a while people stop asking."),
    ),
    Example(
        "rita", "Rita", 71, "woman_short", ("grief_loss", "living_alone"),
        N_("Lost her husband last spring after fifty years of marriage. Now lives alone in "
           "their bungalow with the dog."),
        N_("They did everything together, and their friends were couples. Since the funeral "
           "the invitations have stopped."),
        N_("Room to talk about her husband, new company that is not only for couples, and "
           "help with the paperwork he always did."),
        N_("Sang in the church choir for years, loves walking with the dog and is good at "
           "making people feel welcome."),
        N_("People avoid me because they do not know what to say. I just want them to say "
           "his name."),
    ),
    Example(
        "remi", "Rémi", 34, "young_man", ("health_disability",),
        N_("Lives with his parents since an epileptic seizure cost him his driving licence "
           "and his job. He also struggles with low moods."),
        N_("Without a car every appointment is a puzzle. His friends moved to the city and "
           "he feels he fell out of their lives."),
        N_("Transport that does not depend on his parents, something meaningful to do, and "
           "people who see more than his illness."),
        N_("Good with computers and numbers; helps the local football club with its website "
           "from home."),
        N_("I am not my illness. But that is all people ask me about."),
    ),
    Example(
        "walter", "Walter", 63, "neutral_a", ("social_isolation", "living_alone"),
        N_("Retired early and lives alone. After a quarrel with his brother over the "
           "inheritance he cut most contacts."),
        N_("The house lies on a lane without neighbours within sight. He goes to the "
           "supermarket in the next town so he does not have to meet anyone he knows."),
        N_("An easy way to meet people without having to explain himself, and a reason "
           "to go out that has nothing to do with his past."),
        N_("Knows a lot about birds and local history, keeps bees and is a careful "
           "handyman."),
        N_("I am fine on my own. At least, that is what I keep telling myself."),
    ),
    Example(
        "georges", "Georges", 79, "older_man", ("older_75",),
        N_("Lives with his wife in the house he built himself. Stopped driving after an "
           "eye problem; his wife never had a licence."),
        N_("The post office became a counter in the supermarket, and the Sunday market "
           "moved to the town centre. Bus stops are far and have no bench."),
        N_("Ways to keep going out as a couple, help with transport, and a role where his "
           "experience still counts."),
        N_("Former carpenter and member of the village band. Tells stories with a lot of "
           "humour."),
        N_("We never stayed at home. Now the week goes by and we have seen nobody."),
    ),
    Example(
        "els", "Els", 49, "neutral_b", ("living_alone",),
        N_("Divorced, lives alone since her children left home. Works full-time in an "
           "office in the city and commutes by car."),
        N_("She leaves early and comes home late, so the village has become a place to "
           "sleep. She does not know the new people in her street."),
        N_("Activities in the evening or at weekends, friends nearby, and a way in to "
           "associations that seem closed to newcomers."),
        N_("Social and well-organised, good at planning events and loves cycling and "
           "cooking for friends."),
        N_("At work I am busy all day. At home the silence waits for me."),
    ),
    Example(
        "josee", "Josée", 88, "older_woman", ("frail_older", "single_75", "health_disability"),
        N_("Lives alone with daily home care and meals on wheels. Her legs are weak and she "
           "fell twice this year."),
        N_("Her house is on the village square, but the pavement is uneven and she hardly "
           "goes out. The parish visits stopped when the volunteers grew old themselves."),
        N_("A regular visitor with time for a chat, safe ways to go outside now and then, "
           "and to stay at home as long as possible."),
        N_("Sharp memory, sings old songs and loves a game of cards. Gives advice to "
           "everyone who visits."),
        N_("The nurse is kind, but she has only ten minutes. The afternoons are long."),
    ),
)
_BY_KEY = {e.key: e for e in EXAMPLES}


def get(key: str) -> Example | None:
    return _BY_KEY.get(key)


def covered_risk_groups() -> set[str]:
    return {code for e in EXAMPLES for code in e.risk_groups}
