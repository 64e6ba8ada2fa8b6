"""Developer tool: give exception classes the `…Error` names of issue 20 (ruff's N818).

    python -m tools.rename_errors              # rewrite app, tests, tools, benchmarks, docs
    python -m tools.rename_errors --dry-run    # only say which files would change

Each old name is replaced as a whole word (`NoSuchPerson`, never `NoSuchPersonaX`), so running
it twice changes nothing the second time. It exists for merging: a branch written before the
rename still says `NoSuchTrajectory`; after the merge, run this once and then `ruff check`.
User texts (msgids) never contain these names and stay as they are.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("app", "tests", "tools", "benchmarks", "docs")
SUFFIXES = (".py", ".md")
KEEP = ("tools/rename_errors.py", "tests/core/test_rename_errors.py")  # they list old names

# Old name -> new name. `progress.Cancelled` keeps its name: the user chose to stop, it is
# no error (like the standard library's KeyboardInterrupt).
RENAMES = {
    "AlreadyAnAction": "AlreadyAnActionError",
    "AlreadyErased": "AlreadyErasedError",
    "AmbiguousCampaign": "AmbiguousCampaignError",
    "AmbiguousPerson": "AmbiguousPersonError",
    "AmbiguousTrajectory": "AmbiguousTrajectoryError",
    "CampaignErased": "CampaignErasedError",
    "CampaignNotFound": "CampaignNotFoundError",
    "ConsentRequired": "ConsentRequiredError",
    "ConsentWithdrawn": "ConsentWithdrawnError",
    "IdeaMissing": "IdeaMissingError",
    "IdeaTitleMissing": "IdeaTitleMissingError",
    "InvalidBirthYear": "InvalidBirthYearError",
    "InvalidOutcome": "InvalidOutcomeError",
    "InvalidSettings": "InvalidSettingsError",
    "LogoInvalid": "LogoInvalidError",
    "NeedPassphrase": "NeedPassphraseError",
    "NoDataFile": "NoDataFileError",
    "NoEndDate": "NoEndDateError",
    "NoNameColumn": "NoNameColumnError",
    "NoParticipants": "NoParticipantsError",
    "NoPersonasToPrint": "NoPersonasToPrintError",
    "NoSuchCampaign": "NoSuchCampaignError",
    "NoSuchPerson": "NoSuchPersonError",
    "NoSuchTrajectory": "NoSuchTrajectoryError",
    "NoTrajectory": "NoTrajectoryError",
    "NoTrajectoryAtAll": "NoTrajectoryAtAllError",
    "NotEnoughTables": "NotEnoughTablesError",
    "ParticipantNameMissing": "ParticipantNameMissingError",
    "PartnerRequired": "PartnerRequiredError",
    "PersonNameRequired": "PersonNameRequiredError",
    "PersonRequired": "PersonRequiredError",
    "PersonaAgeInvalid": "PersonaAgeInvalidError",
    "PersonaNameMissing": "PersonaNameMissingError",
    "PhotoInvalid": "PhotoInvalidError",
    "ProtectionMissing": "ProtectionMissingError",
    "RetentionNotReached": "RetentionNotReachedError",
    "SamePerson": "SamePersonError",
    "SessionMissing": "SessionMissingError",
    "SessionTitleMissing": "SessionTitleMissingError",
    "SignupConsentMissing": "SignupConsentMissingError",
    "SignupNameMissing": "SignupNameMissingError",
    "TableCountInvalid": "TableCountInvalidError",
    "TableDamaged": "TableDamagedError",
    "TableEmpty": "TableEmptyError",
    "TableFormatUnsupported": "TableFormatUnsupportedError",
    "TableNotFound": "TableNotFoundError",
    "TableTooLarge": "TableTooLargeError",
    "UndeclaredFields": "UndeclaredFieldsError",
    "UnknownExample": "UnknownExampleError",
    "UnknownLayout": "UnknownLayoutError",
    "UnknownPhase": "UnknownPhaseError",
    "UnknownRiskGroup": "UnknownRiskGroupError",
    "VisitDateInFuture": "VisitDateInFutureError",
    "WishDateWithoutWish": "WishDateWithoutWishError",
}
PATTERN = re.compile(r"\b(" + "|".join(sorted(RENAMES, key=len, reverse=True)) + r")\b")


def rename(text: str) -> str:
    return PATTERN.sub(lambda m: RENAMES[m.group(1)], text)


def files(root: Path = ROOT) -> list[Path]:
    found = []
    for folder in FOLDERS:
        found += [p for p in sorted((root / folder).rglob("*"))
                  if p.suffix in SUFFIXES and p.is_file()
                  and p.relative_to(root).as_posix() not in KEEP]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="only list the files")
    parser.add_argument("--root", type=Path, default=ROOT, help="the tree to rewrite")
    args = parser.parse_args(argv)
    changed = 0
    for path in files(args.root):
        text = path.read_text(encoding="utf-8")
        new = rename(text)
        if new != text:
            changed += 1
            print(path.relative_to(args.root))
            if not args.dry_run:
                path.write_text(new, encoding="utf-8")
    print(f"{changed} files {'would change' if args.dry_run else 'changed'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
