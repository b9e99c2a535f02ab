"""Insurance: insurance_plans (the accepted-insurance list), verification_requests (staff queue).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

Written out in full, like 0001, so this step stays what it was when the models change.
"""

from typing import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "insurance_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("carrier", sa.String(length=128), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("plan_types", sa.JSON(), nullable=False),
        sa.Column("states", sa.JSON(), nullable=False),
        sa.Column("network_status", sa.String(length=32), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("example_data", sa.Boolean(), nullable=False),
        sa.Column("updated_by", sa.String(length=128), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_insurance_plans")),
        sa.CheckConstraint(
            "network_status IN ('in_network', 'out_of_network_reimbursement', 'not_accepted')",
            name=op.f("ck_insurance_plans_network_status"),
        ),
    )
    op.create_index(op.f("ix_insurance_plans_carrier"), "insurance_plans", ["carrier"])

    op.create_table(
        "verification_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("conversation_id", sa.String(length=255), nullable=False),
        sa.Column("carrier_text", sa.String(length=500), nullable=True),
        sa.Column("resolved_carrier", sa.String(length=128), nullable=True),
        sa.Column("plan_type", sa.String(length=64), nullable=True),
        sa.Column("state", sa.String(length=2), nullable=True),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("handled_by", sa.String(length=128), nullable=True),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verification_requests")),
        sa.CheckConstraint(
            "reason IN ('not_accepted', 'no_insurance', 'unknown', 'requested')",
            name=op.f("ck_verification_requests_reason"),
        ),
        sa.CheckConstraint(
            "status IN ('open', 'done')", name=op.f("ck_verification_requests_status")
        ),
    )
    op.create_index(
        op.f("ix_verification_requests_conversation_id"),
        "verification_requests",
        ["conversation_id"],
    )
    op.create_index(op.f("ix_verification_requests_status"), "verification_requests", ["status"])


def downgrade() -> None:
    # Only this step's tables; their indexes and constraints go with them.
    for table in ("verification_requests", "insurance_plans"):
        op.drop_table(table)
