"""councillor_responses: councillors, requests, reminders

Revision ID: councillor_responses_0002
Revises: councillor_responses_0001
Create Date: 2026-11-27 15:39:00.204065

"""

import sqlalchemy as sa
from alembic import op

# The plugin's tables, on its own branch (the root revision depends on the core's).
revision = "councillor_responses_0002"
down_revision = "councillor_responses_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "councillor_responses_councillor",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("committees", sa.Text(), nullable=False),
        sa.Column("portfolio", sa.String(length=200), nullable=False),
        sa.Column("term_starts", sa.Date(), nullable=True),
        sa.Column("term_ends", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_councillor_responses_councillor_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_councillor_responses_councillor")),
    )
    op.create_table(
        "councillor_responses_pre_election_period",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_councillor_responses_pre_election_period_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_councillor_responses_pre_election_period")),
        sa.UniqueConstraint(
            "starts_on",
            "ends_on",
            name=op.f("uq_councillor_responses_pre_election_period_starts_on_ends_on"),
        ),
    )
    op.create_table(
        "councillor_responses_consultation_rule",
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("ward_councillors", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_councillor_responses_consultation_rule_consultation_id_consultation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "consultation_id", name=op.f("pk_councillor_responses_consultation_rule")
        ),
    )
    op.create_table(
        "councillor_responses_councillor_ward",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("ward_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["councillor_responses_councillor.user_id"],
            name=op.f(
                "fk_councillor_responses_councillor_ward_user_id_councillor_responses_councillor"
            ),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["ward_id"],
            ["ward.id"],
            name=op.f("fk_councillor_responses_councillor_ward_ward_id_ward"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "user_id", "ward_id", name=op.f("pk_councillor_responses_councillor_ward")
        ),
    )
    with op.batch_alter_table("councillor_responses_councillor_ward", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_councillor_responses_councillor_ward_ward_id"), ["ward_id"], unique=False
        )

    op.create_table(
        "councillor_responses_thread_rule",
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("route_comments", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["thread.id"],
            name=op.f("fk_councillor_responses_thread_rule_thread_id_thread"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("thread_id", name=op.f("pk_councillor_responses_thread_rule")),
    )
    op.create_table(
        "councillor_responses_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=True),
        sa.Column("ward_id", sa.Integer(), nullable=True),
        sa.Column("councillor_id", sa.Integer(), nullable=True),
        sa.Column("origin", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("working_days", sa.Integer(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("reply_comment_id", sa.Integer(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("escalated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("dedupe_key", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["answered_by_id"],
            ["user_account.id"],
            name=op.f("fk_councillor_responses_request_answered_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["comment.id"],
            name=op.f("fk_councillor_responses_request_comment_id_comment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_councillor_responses_request_consultation_id_consultation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["councillor_id"],
            ["user_account.id"],
            name=op.f("fk_councillor_responses_request_councillor_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_councillor_responses_request_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["reply_comment_id"],
            ["comment.id"],
            name=op.f("fk_councillor_responses_request_reply_comment_id_comment"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["thread.id"],
            name=op.f("fk_councillor_responses_request_thread_id_thread"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["ward_id"],
            ["ward.id"],
            name=op.f("fk_councillor_responses_request_ward_id_ward"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_councillor_responses_request")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_councillor_responses_request_dedupe_key")),
    )
    with op.batch_alter_table("councillor_responses_request", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_councillor_responses_request_comment_id"), ["comment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_councillor_responses_request_consultation_id"),
            ["consultation_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_councillor_responses_request_councillor_id"),
            ["councillor_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_councillor_responses_request_status"), ["status"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_councillor_responses_request_thread_id"), ["thread_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_councillor_responses_request_ward_id"), ["ward_id"], unique=False
        )

    op.create_table(
        "councillor_responses_handover",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("to_ward_id", sa.Integer(), nullable=True),
        sa.Column("to_councillor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["by_id"],
            ["user_account.id"],
            name=op.f("fk_councillor_responses_handover_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["councillor_responses_request.id"],
            name=op.f("fk_councillor_responses_handover_request_id_councillor_responses_request"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["to_councillor_id"],
            ["user_account.id"],
            name=op.f("fk_councillor_responses_handover_to_councillor_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["to_ward_id"],
            ["ward.id"],
            name=op.f("fk_councillor_responses_handover_to_ward_id_ward"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_councillor_responses_handover")),
    )
    with op.batch_alter_table("councillor_responses_handover", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_councillor_responses_handover_by_id"), ["by_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_councillor_responses_handover_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "councillor_responses_reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["councillor_responses_request.id"],
            name=op.f("fk_councillor_responses_reminder_request_id_councillor_responses_request"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_councillor_responses_reminder_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_councillor_responses_reminder")),
        sa.UniqueConstraint(
            "request_id",
            "user_id",
            "kind",
            "sent_on",
            name=op.f("uq_councillor_responses_reminder_request_id_user_id_kind_sent_on"),
        ),
    )
    with op.batch_alter_table("councillor_responses_reminder", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_councillor_responses_reminder_request_id"), ["request_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_councillor_responses_reminder_user_id"), ["user_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("councillor_responses_reminder", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_councillor_responses_reminder_user_id"))
        batch_op.drop_index(batch_op.f("ix_councillor_responses_reminder_request_id"))

    op.drop_table("councillor_responses_reminder")
    with op.batch_alter_table("councillor_responses_handover", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_councillor_responses_handover_request_id"))
        batch_op.drop_index(batch_op.f("ix_councillor_responses_handover_by_id"))

    op.drop_table("councillor_responses_handover")
    with op.batch_alter_table("councillor_responses_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_councillor_responses_request_ward_id"))
        batch_op.drop_index(batch_op.f("ix_councillor_responses_request_thread_id"))
        batch_op.drop_index(batch_op.f("ix_councillor_responses_request_status"))
        batch_op.drop_index(batch_op.f("ix_councillor_responses_request_councillor_id"))
        batch_op.drop_index(batch_op.f("ix_councillor_responses_request_consultation_id"))
        batch_op.drop_index(batch_op.f("ix_councillor_responses_request_comment_id"))

    op.drop_table("councillor_responses_request")
    op.drop_table("councillor_responses_thread_rule")
    with op.batch_alter_table("councillor_responses_councillor_ward", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_councillor_responses_councillor_ward_ward_id"))

    op.drop_table("councillor_responses_councillor_ward")
    op.drop_table("councillor_responses_consultation_rule")
    op.drop_table("councillor_responses_pre_election_period")
    op.drop_table("councillor_responses_councillor")
