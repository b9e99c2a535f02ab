"""Hand-off and SMS: handoff_requests, sms_opt_outs, sms_messages_seen, sms_senders,
outbound_contacts.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

Written out in full, like 0001, so this step stays what it was when the models change.
"""

from typing import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIERS = "'EMERGENCY', 'URGENT', 'SOON', 'ROUTINE'"
HANDOFF_STATUSES = ", ".join(
    f"'{status}'"
    for status in (
        "received",
        "not_configured",
        "twilio_failed",
        "callback_pending",
        "call_queued",
        "call_initiated",
        "call_ringing",
        "call_in_progress",
        "call_completed",
        "call_busy",
        "call_no_answer",
        "call_failed",
        "call_canceled",
    )
)


def upgrade() -> None:
    op.create_table(
        "handoff_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("conversation_id", sa.String(length=255), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("client_key", sa.String(length=64), nullable=True),
        sa.Column("phone_e164", sa.String(length=16), nullable=False),
        sa.Column("phone_key", sa.String(length=64), nullable=False),
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("preferred_time", sa.String(length=200), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("tier", sa.String(length=16), nullable=True),
        sa.Column("crisis", sa.Boolean(), nullable=False),
        sa.Column("call_sid", sa.String(length=64), nullable=True),
        sa.Column("message_sid", sa.String(length=64), nullable=True),
        sa.Column("message_status", sa.String(length=32), nullable=True),
        sa.Column("twilio_error_code", sa.String(length=32), nullable=True),
        sa.Column("oncall_status", sa.String(length=48), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handoff_requests")),
        sa.UniqueConstraint("call_sid", name=op.f("uq_handoff_requests_call_sid")),
        sa.UniqueConstraint("message_sid", name=op.f("uq_handoff_requests_message_sid")),
        sa.CheckConstraint("kind IN ('call', 'callback')", name=op.f("ck_handoff_requests_kind")),
        sa.CheckConstraint(
            f"status IN ({HANDOFF_STATUSES})", name=op.f("ck_handoff_requests_status")
        ),
        sa.CheckConstraint(f"tier IN ({TIERS})", name=op.f("ck_handoff_requests_tier")),
    )
    for column in ("created_at", "conversation_id", "client_key", "phone_key"):
        op.create_index(op.f(f"ix_handoff_requests_{column}"), "handoff_requests", [column])

    op.create_table(
        "sms_opt_outs",
        sa.Column("phone_key", sa.String(length=64), nullable=False),
        sa.Column("opted_out_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("opted_in_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("phone_key", name=op.f("pk_sms_opt_outs")),
    )

    op.create_table(
        "sms_messages_seen",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_sid", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sms_messages_seen")),
        sa.UniqueConstraint("message_sid", name=op.f("uq_sms_messages_seen_message_sid")),
    )
    op.create_index(op.f("ix_sms_messages_seen_received_at"), "sms_messages_seen", ["received_at"])

    op.create_table(
        "sms_senders",
        sa.Column("phone_key", sa.String(length=64), nullable=False),
        sa.Column("phone_e164", sa.String(length=16), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("phone_key", name=op.f("pk_sms_senders")),
    )

    op.create_table(
        "outbound_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("phone_key", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbound_contacts")),
        sa.CheckConstraint("kind IN ('call', 'sms')", name=op.f("ck_outbound_contacts_kind")),
    )
    op.create_index(op.f("ix_outbound_contacts_phone_key"), "outbound_contacts", ["phone_key"])
    op.create_index(op.f("ix_outbound_contacts_at"), "outbound_contacts", ["at"])


def downgrade() -> None:
    # Only this step's tables; their indexes and constraints go with them.
    for table in (
        "outbound_contacts",
        "sms_senders",
        "sms_messages_seen",
        "sms_opt_outs",
        "handoff_requests",
    ):
        op.drop_table(table)
