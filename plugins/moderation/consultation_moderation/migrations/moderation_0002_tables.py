"""moderation: queue, decisions, reports, reviews, word list, modes

Revision ID: moderation_0002
Revises: moderation_0001
Create Date: 2026-11-27 15:42:16.921777

"""

import sqlalchemy as sa
from alembic import op

# The plugin's tables; the branch root (moderation_0001) depends on the core's first revision.
revision = "moderation_0002"
down_revision = "moderation_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "moderation_term",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("phrase", sa.String(length=100), nullable=False),
        sa.Column("folded", sa.String(length=100), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("removed_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["added_by_id"],
            ["user_account.id"],
            name=op.f("fk_moderation_term_added_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["removed_by_id"],
            ["user_account.id"],
            name=op.f("fk_moderation_term_removed_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_term")),
    )
    with op.batch_alter_table("moderation_term", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_moderation_term_folded"), ["folded"], unique=False)

    op.create_table(
        "moderation_mode",
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(length=8), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["changed_by_id"],
            ["user_account.id"],
            name=op.f("fk_moderation_mode_changed_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_moderation_mode_consultation_id_consultation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("consultation_id", name=op.f("pk_moderation_mode")),
    )
    op.create_table(
        "moderation_appeal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("first_moderator_id", sa.Integer(), nullable=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("result", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user_account.id"],
            name=op.f("fk_moderation_appeal_author_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["comment.id"],
            name=op.f("fk_moderation_appeal_comment_id_comment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["first_moderator_id"],
            ["user_account.id"],
            name=op.f("fk_moderation_appeal_first_moderator_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_appeal")),
        sa.UniqueConstraint("comment_id", name=op.f("uq_moderation_appeal_comment_id")),
    )
    op.create_table(
        "moderation_flag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("details", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["comment.id"],
            name=op.f("fk_moderation_flag_comment_id_comment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_moderation_flag_user_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_flag")),
        sa.UniqueConstraint(
            "comment_id", "user_id", name=op.f("uq_moderation_flag_comment_id_user_id")
        ),
    )
    with op.batch_alter_table("moderation_flag", schema=None) as batch_op:
        batch_op.create_index(
            "ix_moderation_flag_open", ["comment_id", "resolved_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_moderation_flag_user_id"), ["user_id"], unique=False)

    op.create_table(
        "moderation_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("cause", sa.String(length=16), nullable=False),
        sa.Column("rule", sa.String(length=32), nullable=True),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("last_action", sa.String(length=16), nullable=True),
        sa.Column("excluded_moderator_id", sa.Integer(), nullable=True),
        sa.Column("alerted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["comment.id"],
            name=op.f("fk_moderation_item_comment_id_comment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_moderation_item_consultation_id_consultation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["user_account.id"],
            name=op.f("fk_moderation_item_decided_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["excluded_moderator_id"],
            ["user_account.id"],
            name=op.f("fk_moderation_item_excluded_moderator_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_item")),
        sa.UniqueConstraint("comment_id", name=op.f("uq_moderation_item_comment_id")),
    )
    with op.batch_alter_table("moderation_item", schema=None) as batch_op:
        batch_op.create_index(
            "ix_moderation_item_consultation_queue",
            ["consultation_id", "state", "entered_at"],
            unique=False,
        )
        batch_op.create_index("ix_moderation_item_decided", ["state", "decided_at"], unique=False)
        batch_op.create_index(
            "ix_moderation_item_queue", ["state", "entered_at", "id"], unique=False
        )
        batch_op.create_index(
            "ix_moderation_item_rule_queue", ["rule", "state", "entered_at"], unique=False
        )

    op.create_table(
        "moderation_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("old_status", sa.String(length=20), nullable=False),
        sa.Column("new_status", sa.String(length=20), nullable=False),
        sa.Column("waited_seconds", sa.Integer(), nullable=True),
        sa.Column("appeal", sa.Boolean(), nullable=False),
        sa.Column("comment_text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["user_account.id"],
            name=op.f("fk_moderation_decision_actor_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["comment.id"],
            name=op.f("fk_moderation_decision_comment_id_comment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_moderation_decision_consultation_id_consultation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["moderation_item.id"],
            name=op.f("fk_moderation_decision_item_id_moderation_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_decision")),
    )
    with op.batch_alter_table("moderation_decision", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_moderation_decision_comment_id"), ["comment_id"], unique=False
        )
        batch_op.create_index(
            "ix_moderation_decision_summary", ["consultation_id", "action"], unique=False
        )


def downgrade():
    with op.batch_alter_table("moderation_decision", schema=None) as batch_op:
        batch_op.drop_index("ix_moderation_decision_summary")
        batch_op.drop_index(batch_op.f("ix_moderation_decision_comment_id"))

    op.drop_table("moderation_decision")
    with op.batch_alter_table("moderation_item", schema=None) as batch_op:
        batch_op.drop_index("ix_moderation_item_rule_queue")
        batch_op.drop_index("ix_moderation_item_queue")
        batch_op.drop_index("ix_moderation_item_decided")
        batch_op.drop_index("ix_moderation_item_consultation_queue")

    op.drop_table("moderation_item")
    with op.batch_alter_table("moderation_flag", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_moderation_flag_user_id"))
        batch_op.drop_index("ix_moderation_flag_open")

    op.drop_table("moderation_flag")
    op.drop_table("moderation_appeal")
    op.drop_table("moderation_mode")
    with op.batch_alter_table("moderation_term", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_moderation_term_folded"))

    op.drop_table("moderation_term")
