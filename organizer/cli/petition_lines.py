"""Petition commands on lines: enter, import, list, check, review, look up, sample and export."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from organizer.cli.output import print_json, shown
from organizer.cli.report_lines import print_notices, print_row_issues
from organizer.domain.text import counted
from organizer.errors import UserError
from organizer.services.container import Services, open_chapter


def _run(db_path: Path, work: Any) -> Any:
    services = open_chapter(db_path)
    try:
        return work(services)
    finally:
        services.close()


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def cmd_sign(args: argparse.Namespace, db_path: Path) -> int:
    """Enter one line."""
    from organizer.services.petitions import SignatureInput

    data = SignatureInput(args.given, args.family, args.address, args.zip, args.sheet, args.line, args.date)
    row = _run(db_path, lambda s: s.petitions.add_signature(args.petition, data))
    if args.json:
        print_json(row.to_json())
    else:
        print(f"Signature {row.id}: {shown(row.printed_name)}")
    return 0


def cmd_import(args: argparse.Namespace, db_path: Path) -> int:
    """Import a spreadsheet of lines into a petition (the import machinery: mapping, report, undo)."""
    from organizer.services.importing.layout import parse_map_options
    from organizer.services.imports import ImportOptions, OutputRequest, SourceOptions

    if not args.file.is_file():
        raise UserError(f"There is no file at {args.file}.")
    options = ImportOptions(source=SourceOptions(sheet=args.sheet), header_row=args.header_row,
                            overrides=parse_map_options(args.map), dry_run=args.dry_run, target=str(args.petition))
    errors_to = OutputRequest(args.errors, args.force) if args.errors is not None else None

    def work(s: Services) -> Any:
        s.petitions.get(args.petition)  # an unknown petition is refused before the file is read
        return s.imports.run(args.file, "signatures", options, errors_to=errors_to)

    report = _run(db_path, work)
    if args.json:
        print_json(report.to_json())
        return 0
    what = "Dry run of" if report.batch is None else f"Import {report.batch}:"
    print(f"{what} {shown(report.file_name)}: {counted(report.rows, 'row')} — {report.created:,} signatures added, "
          f"{report.unchanged:,} unchanged, {report.rejected:,} rejected")
    print_notices(report)
    print_row_issues(report)
    return 0


def cmd_signatures(args: argparse.Namespace, db_path: Path) -> int:
    """List a petition's lines."""
    rows = _run(db_path, lambda s: s.petitions.signatures(args.petition, args.status))
    if args.json:
        print_json([r.to_json() for r in rows])
        return 0
    print("Id\tSheet\tLine\tName\tAddress\tStatus\tReason\tVoter id")
    for r in rows:
        print("\t".join(shown(v if v is not None else "") for v in (
            r.id, r.sheet, r.line, r.printed_name, r.address, r.status, r.reason, r.voter_id)))
    return 0


def cmd_check(args: argparse.Namespace, db_path: Path) -> int:
    """Check a petition's lines against the voter roll."""
    from organizer.domain.petition_rules import reason_text

    result = _run(db_path, lambda s: s.petitions.check(args.petition))
    if args.json:
        print_json(result.to_json())
        return 0
    counted = ", ".join(f"{n:,} {k.replace('_', ' ')}" for k, n in result.counts.items())
    print(f"{result.total:,} signatures: {counted}")
    print(f"Projected valid: {result.projected_valid:,}")
    if result.at_risk:
        print(f"{result.at_risk:,} valid signatures are at risk: their sheets' circulator statements are not in order")
    for code, n in result.reasons.items():
        print(f"  {n:,}\t{shown(reason_text(code))}")
    return 0


def cmd_candidates(args: argparse.Namespace, db_path: Path) -> int:
    """The voters who may be a line's signer."""
    rows = _run(db_path, lambda s: s.petitions.candidates(args.signature))
    _print_voters(rows, args.json)
    return 0


def _print_voters(rows: list[Any], as_json: bool) -> None:
    if as_json:
        print_json([asdict(r) for r in rows])
        return
    print("Voter id\tName\tAddress\tZIP\tStatus\tParty\tScore")
    for r in rows:
        print("\t".join(shown(v) for v in (r.voter_id, r.name, r.address, r.postal_code, r.status, r.party, r.score)))


def cmd_decide(args: argparse.Namespace, db_path: Path) -> int:
    """A person's decision on a line."""
    def work(s: Services) -> Any:
        voter = None
        if args.voter:
            found = [c for c in s.petitions.candidates(args.signature) if c.voter_id == args.voter]
            voter = found[0].voter_row_id if found else s.petitions.voter_row_for(args.voter)
        return s.petitions.decide(args.signature, voter)

    row = _run(db_path, work)
    if args.json:
        print_json(row.to_json())
    else:
        print(f"Signature {row.id}: {row.status} (decided; a re-check keeps it)")
    return 0


def cmd_lookup(args: argparse.Namespace, db_path: Path) -> int:
    """Registered voters by the name and street typed so far."""
    rows = _run(db_path, lambda s: s.petitions.lookup(args.given, args.family, args.address, args.zip))
    _print_voters(rows, args.json)
    if not rows and not args.json:
        print("No registered voter found: the signer may need to register first.")
    return 0


def cmd_sample(args: argparse.Namespace, db_path: Path) -> int:
    """Simulate the clerk's random sample."""
    out = _run(db_path, lambda s: s.petitions.sample(args.petition, args.rate, args.minimum, args.seed))
    if args.json:
        print_json(asdict(out))
        return 0
    print(f"Sample of {out.sample_size:,} of {out.raw:,}: {out.valid_in_sample:,} valid, "
          f"{out.duplicates_in_sample:,} duplicates")
    print(f"Projected valid {out.projected_valid:,} (95%: {out.low:,}–{out.high:,}): {out.outcome.replace('_', ' ')}")
    if out.more_for_qualifying:
        print(f"About {out.more_for_qualifying:,} more raw signatures would project 'qualifies'.")
    return 0


def cmd_export(args: argparse.Namespace, db_path: Path) -> int:
    """Write the signature list or the per-circulator summary."""
    rows = _run(db_path, lambda s: s.petitions.export(args.petition, args.out, args.what, force=args.force))
    print(f"Wrote {counted(rows, 'row')} to {shown(args.out)}")
    return 0
