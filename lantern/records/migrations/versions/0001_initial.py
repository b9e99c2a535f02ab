"""Initial tables: crisis_events, screenings, staff_alerts, audit_log.

Revision ID: 0001
Revises:
Create Date: 2026-11-22

Written out in full rather than imported from the models, so this step stays what it was when
the models change. Names of constraints and indexes follow the models' naming convention.
"""

from typing import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIERS = "'EMERGENCY', 'URGENT', 'SOON', 'ROUTINE'"


def upgrade() -> None:
    op.create_table(
        "crisis_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=255), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("layer", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=True),
        sa.Column("message_id", sa.String(length=255), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crisis_events")),
        sa.UniqueConstraint(
            "conversation_id",
            "message_id",
            name=op.f("uq_crisis_events_conversation_id_message_id"),
        ),
        sa.CheckConstraint(
            "layer IN ('matcher', 'classifier')", name=op.f("ck_crisis_events_layer")
        ),
    )
    op.create_index(op.f("ix_crisis_events_conversation_id"), "crisis_events", ["conversation_id"])

    op.create_table(
        "screenings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=255), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("tier", sa.String(length=16), nullable=False),
        sa.Column("incomplete", sa.Boolean(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screenings")),
        sa.CheckConstraint(
            "status IN ('completed', 'exited', 'emergency_stop')", name=op.f("ck_screenings_status")
        ),
        sa.CheckConstraint(f"tier IN ({TIERS})", name=op.f("ck_screenings_tier")),
    )
    op.create_index(op.f("ix_screenings_conversation_id"), "screenings", ["conversation_id"])

    op.create_table(
        "staff_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("tier", sa.String(length=16), nullable=True),
        sa.Column("conversation_id", sa.String(length=255), nullable=False),
        sa.Column("reference", sa.String(length=16), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acknowledged_by", sa.String(length=128), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_alerts")),
        sa.UniqueConstraint("reference", name=op.f("uq_staff_alerts_reference")),
        sa.CheckConstraint(
            "kind IN ('crisis', 'screening', 'handoff')", name=op.f("ck_staff_alerts_kind")
        ),
        # A crisis alert has no tier: NULL passes, as a CHECK fails only on false.
        sa.CheckConstraint(f"tier IN ({TIERS})", name=op.f("ck_staff_alerts_tier")),
    )
    op.create_index(op.f("ix_staff_alerts_conversation_id"), "staff_alerts", ["conversation_id"])

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_at"), "audit_log", ["at"])
    op.create_index(op.f("ix_audit_log_subject"), "audit_log", ["subject"])


def downgrade() -> None:
    # Dropping a table drops its indexes and constraints with it, on SQLite and PostgreSQL.
    for table in ("audit_log", "staff_alerts", "screenings", "crisis_events"):
        op.drop_table(table)
