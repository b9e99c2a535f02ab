"""Writes the carrier lookup table that lets the intent classifier see a carrier's name.

"do you take humana" is an insurance question because Humana is a carrier, which the words
alone do not tell DIET. A lookup table of every carrier name and alias gives the
RegexFeaturizer a "names a carrier" feature. It is generated from clinic/insurance.yml by
`lantern domain`, never edited by hand; names added later in the database are still resolved
by the action, only without this help to the classifier until the next training.
"""

from pathlib import Path
from typing import Iterable, List

import yaml

from lantern.insurance.resolver import carrier_names

HEADER = (
    "# Generated from clinic/insurance.yml by `lantern domain`: do not edit.\n"
    "# Edit clinic/insurance.yml instead; `make run` and `make test` regenerate this file.\n"
)


def carrier_lookup(rows: Iterable[object]) -> List[str]:
    """Every carrier name and alias, once, sorted."""
    names = {name for entry in carrier_names(rows) for name in (entry.carrier, *entry.aliases)}
    return sorted(names, key=str.lower)


def write_carrier_lookup(rows: Iterable[object], path: Path) -> bool:
    """Write the NLU lookup table; returns whether the file changed."""
    data = {"version": "3.1", "nlu": [{"lookup": "carrier", "examples": ""}]}
    examples = "".join(f"- {name}\n" for name in carrier_lookup(rows))
    text = HEADER + yaml.safe_dump(data, sort_keys=False).replace(
        "examples: ''\n",
        "examples: |\n" + "".join(f"    {line}\n" for line in examples.splitlines()),
    )
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True
