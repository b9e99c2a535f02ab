"""config.yml loads the carrier pipeline built from the current insurance list."""

import yaml

from lantern.insurance.catalogue import load_catalogue
from lantern.insurance.ruler import carrier_pipeline_path
from lantern.paths import PROJECT_ROOT


def test_config_loads_the_pipeline_of_the_current_carrier_list() -> None:
    config = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text())
    [spacy_nlp] = [c for c in config["pipeline"] if c["name"] == "SpacyNLP"]
    rows = load_catalogue(PROJECT_ROOT / "clinic" / "insurance.yml").rows
    expected = carrier_pipeline_path(rows).relative_to(PROJECT_ROOT)
    assert spacy_nlp["model"] == str(expected), "run `make train`: it updates config.yml"
