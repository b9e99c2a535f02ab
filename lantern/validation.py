"""Reading the clinic's YAML files: one way to load them and one way to word what is wrong.

Each data file a clinic edits (the profile, the insurance list) is a YAML mapping validated by
pydantic; a mistake must come back as one line naming the file and the field, never a traceback.
"""

from pathlib import Path
from typing import Any, Dict, Sequence, Type

import yaml
from pydantic import ValidationError


def describe_errors(error: ValidationError, prefix: Sequence[str | int] = ()) -> str:
    """'phone.intake: field required; locations.0.timezone: unknown time zone ...'."""
    return "; ".join(
        f"{'.'.join(str(part) for part in (*prefix, *issue['loc']))}: {issue['msg']}"
        for issue in error.errors()
    )


def read_yaml_mapping(path: Path, what: str, error_type: Type[ValueError]) -> Dict[str, Any]:
    """The file's top-level mapping; `error_type` with the file's name if it is not one."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise error_type(f"{path}: cannot read the {what} ({error.strerror})") from error
    except yaml.YAMLError as error:
        raise error_type(f"{path}: not valid YAML ({error})") from error
    if not isinstance(raw, dict):
        raise error_type(f"{path}: expected a mapping of fields, found {type(raw).__name__}")
    return raw
