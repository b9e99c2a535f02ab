"""Where the project's files live, so every entry point resolves them the same way."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CLINIC_DIR = PROJECT_ROOT / "clinic"
DEFAULT_PROFILE_PATH = CLINIC_DIR / "profile.yml"
VAR_DIR = PROJECT_ROOT / "var"
GENERATED_DOMAIN_PATH = PROJECT_ROOT / "domain" / "clinic_profile.yml"
DEFAULT_SCREENING_RULES_PATH = CLINIC_DIR / "screening.yml"
DEFAULT_INSURANCE_PATH = CLINIC_DIR / "insurance.yml"
# spaCy pipelines built from the clinic's data (e.g. the carrier entity ruler), one folder each.
SPACY_MODELS_DIR = PROJECT_ROOT / "models" / "spacy"
GENERATED_CARRIER_LOOKUP_PATH = PROJECT_ROOT / "data" / "nlu" / "carriers_lookup.yml"
