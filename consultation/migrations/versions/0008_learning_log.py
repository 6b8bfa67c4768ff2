"""learning log: one evaluation per consultation, written after its outcome

Officers record what worked and what did not (reach against the groups they
aimed for, channels, cost, what they would change, tags), so the next team
starts from what the last one learned.

Revision ID: 0008_learning_log
Revises: 0007_decision_report
Create Date: 2026-11-27 18:40:00

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0008_learning_log"
down_revision = "0007_decision_report"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "learning_evaluation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("target_groups", sa.Text(), nullable=False),
        sa.Column("reach", sa.String(length=16), nullable=False),
        sa.Column("reach_notes", sa.Text(), nullable=False),
        sa.Column("channels_worked", sa.JSON(), nullable=False),
        sa.Column("channel_notes", sa.Text(), nullable=False),
        sa.Column("cost_pence", sa.Integer(), nullable=True),
        sa.Column("went_well", sa.Text(), nullable=False),
        sa.Column("would_change", sa.Text(), nullable=False),
        sa.Column("tags", sa.String(length=500), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_learning_evaluation_consultation_id_consultation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_learning_evaluation_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["user_account.id"],
            name=op.f("fk_learning_evaluation_updated_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learning_evaluation")),
        sa.UniqueConstraint("consultation_id", name=op.f("uq_learning_evaluation_consultation_id")),
    )


def downgrade():
    op.drop_table("learning_evaluation")
