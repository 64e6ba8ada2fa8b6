"""Credit to the method's makers, shown in the About box, the guide, the README and the plan
report: the app follows the toolkit of Lise Switsers and Wim Wouters (Thomas More), in its own
words. Names and the toolkit's title are not translated; the sentences around them are."""
from __future__ import annotations

from app.services.i18n import N_, _

TOOLKIT_TITLE = "Eenzaamheid op het platteland"  # the toolkit's own (Dutch) title
AUTHORS = ("Lise Switsers", "Wim Wouters")
INSTITUTION = "Thomas More"
RESEARCH_GROUP = "Mobilab & Care"
# The toolkit's footnote under its table 1: the reviews and meta-analyses behind the ★.
PROVEN_SOURCES = ("Eccles & Qualter, 2021", "Gardiner et al., 2018", "Masi et al., 2011",
                  "Beckers et al., 2022", "Veronese et al., 2021")

_CREDIT = N_("The method comes from the toolkit “{title}” by {authors}, {institution} "
             "(expertise centre Care and Well-being, research group {group}): seven steps "
             "with practical tips for a local approach to loneliness. Buurtverbinder follows "
             "those steps in its own words.")
_PROVEN = N_("★ Proven effective in several reviews and meta-analyses ({sources}), as the "
             "toolkit reports.")


def credit() -> str:
    """One paragraph in the current language naming the toolkit, its authors and institution."""
    return _(_CREDIT).format(title=TOOLKIT_TITLE, authors=_("{first} and {second}").format(
        first=AUTHORS[0], second=AUTHORS[1]), institution=INSTITUTION, group=RESEARCH_GROUP)


def proven_note() -> str:
    """What the ★ of an effective element means, with the toolkit's sources."""
    return _(_PROVEN).format(sources="; ".join(PROVEN_SOURCES))
