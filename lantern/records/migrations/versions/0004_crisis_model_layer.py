"""Crisis events may come from the crisis model: `model` joins the allowed layers.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22

Written out in full, like the others, so this step stays what it was when the models change.
"""

from typing import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WITH_MODEL = "layer IN ('matcher', 'model', 'classifier')"
WITHOUT_MODEL = "layer IN ('matcher', 'classifier')"


def _replace_layer_check(condition: str) -> None:
    with op.batch_alter_table("crisis_events") as batch:
        batch.drop_constraint(op.f("ck_crisis_events_layer"), type_="check")
        batch.create_check_constraint(op.f("ck_crisis_events_layer"), condition)


def upgrade() -> None:
    _replace_layer_check(WITH_MODEL)


def downgrade() -> None:
    op.execute("UPDATE crisis_events SET layer = 'classifier' WHERE layer = 'model'")
    _replace_layer_check(WITHOUT_MODEL)
