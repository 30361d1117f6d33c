"""How many real agenda layouts import right, printed as JSON.

    python benchmarks/corpus.py [--set corpus|heldout|all]

Each fixture under tests/fixtures/agendas/<set>/ is imported through the
public entry point (store.importers.load_agenda, no --tz: the zone must be
inferred) and compared with its <name>.expected.yaml. Prints
``{"corpus": {"total": N, "right": K, "failures": {name: [first 3 diffs]}}, ...}``.
The figure of "heldout" is the one issue 13 reports: nobody tuned on those,
so their differences are not printed (they would show the pages' content)
unless --reveal is given, which is for after the final measurement.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.agenda_corpus import SETS, check, fixtures  # noqa: E402


def measure(set_name: str, *, reveal: bool = True) -> dict[str, Any]:
    failures: dict[str, list[str]] = {}
    found = fixtures(set_name)
    for fixture in found:
        diffs = check(fixture)
        if diffs:
            failures[fixture.name] = (
                diffs[:3] if reveal else [f"{len(diffs)} differences (held out)"]
            )
    return {"total": len(found), "right": len(found) - len(failures), "failures": failures}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=(*SETS, "all"), default="all", dest="which")
    parser.add_argument(
        "--reveal",
        action="store_true",
        help="print the held-out differences too (after tuning only)",
    )
    args = parser.parse_args(argv)
    names = SETS if args.which == "all" else (args.which,)
    figures = {n: measure(n, reveal=args.reveal or n != "heldout") for n in names}
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
