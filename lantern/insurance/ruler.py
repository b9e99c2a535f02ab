"""A spaCy pipeline that proposes carrier mentions: the clinic's names as entity-ruler patterns.

Rasa's SpacyNLP loads it by path (`model: models/spacy/carriers-<hash>`), so entity
extraction sees every name and alias in the insurance list; the resolver then settles typos
and picks the carrier. The folder's name is a hash of its inputs (the names and spaCy's
version), so a changed alias gives a new folder and an unchanged list reuses the old one.
"""

import hashlib
import json
import shutil
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any, Dict, Iterable, List

from lantern.paths import SPACY_MODELS_DIR

LABEL = "CARRIER"
PREFIX = "carriers-"


def _names(rows: Iterable[Any]) -> Dict[str, List[str]]:
    """Carrier -> its names (canonical first), from rows with `carrier` and `aliases`."""
    names: Dict[str, Dict[str, None]] = {}
    for row in rows:
        names.setdefault(row.carrier, {row.carrier: None}).update(dict.fromkeys(row.aliases))
    return {carrier: list(aliases) for carrier, aliases in names.items()}


def _fingerprint(names: Dict[str, List[str]]) -> str:
    """12 hex digits over the sorted names and spaCy's version (row order does not count)."""
    canonical = {carrier: sorted(aliases) for carrier, aliases in sorted(names.items())}
    payload = json.dumps({"names": canonical, "spacy": metadata.version("spacy")}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:12]


def carrier_pipeline_path(rows: Iterable[Any], out_dir: Path = SPACY_MODELS_DIR) -> Path:
    """Where the pipeline for these rows lives (built or not)."""
    return out_dir / f"{PREFIX}{_fingerprint(_names(rows))}"


def build_carrier_pipeline(rows: Iterable[Any], out_dir: Path = SPACY_MODELS_DIR) -> Path:
    """Build the pipeline for these rows unless it is already there; returns its folder.

    A blank English pipeline with one `entity_ruler` matching on LOWER, so case does not
    matter; each pattern's id is the canonical carrier name. Written to a temporary folder
    and renamed, so a reader never sees half a pipeline.
    """
    rows = list(rows)
    path = carrier_pipeline_path(rows, out_dir)
    if (path / "meta.json").exists():
        return path
    import spacy  # here, not at the top: spaCy loads slowly and only building needs it

    nlp = spacy.blank("en")
    nlp.meta["name"] = "lantern_carriers"
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(  # type: ignore[attr-defined]
        [
            {"label": LABEL, "pattern": name, "id": carrier}
            for carrier, names in _names(rows).items()
            for name in names
        ]
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{path.name}-", dir=out_dir))
    try:
        nlp.to_disk(staging)
        try:
            staging.rename(path)
        except OSError:
            if not (path / "meta.json").exists():  # not a concurrent build of the same thing
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return path
