"""decision report: representative comments, channel costs, final versions, ward population

The decision report counts every response from every channel; officers mark
representative comments for it, record what each channel cost, and mark it
final, which freezes a copy. Ward population gives responses per 1,000
residents.

Revision ID: 0007_decision_report
Revises: 0006_comment_ward
Create Date: 2026-11-27 18:20:00

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0007_decision_report"
down_revision = "0006_comment_ward"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("ward", schema=None) as batch_op:
        batch_op.add_column(sa.Column("population", sa.Integer(), nullable=True))

    op.create_table(
        "report_representative_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("marked_by_id", sa.Integer(), nullable=True),
        sa.Column("marked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["comment.id"],
            name=op.f("fk_report_representative_comment_comment_id_comment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_report_representative_comment_consultation_id_consultation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["marked_by_id"],
            ["user_account.id"],
            name=op.f("fk_report_representative_comment_marked_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_representative_comment")),
        sa.UniqueConstraint(
            "consultation_id",
            "comment_id",
            name=op.f("uq_report_representative_comment_consultation_id_comment_id"),
        ),
    )
    with op.batch_alter_table("report_representative_comment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_report_representative_comment_comment_id"), ["comment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_report_representative_comment_consultation_id"),
            ["consultation_id"],
            unique=False,
        )

    op.create_table(
        "report_channel_cost",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("staff_hours_hundredths", sa.Integer(), nullable=False),
        sa.Column("hourly_rate_pence", sa.Integer(), nullable=False),
        sa.Column("printing_pence", sa.Integer(), nullable=False),
        sa.Column("venue_pence", sa.Integer(), nullable=False),
        sa.Column("other_pence", sa.Integer(), nullable=False),
        sa.Column("other_note", sa.String(length=200), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_report_channel_cost_consultation_id_consultation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["user_account.id"],
            name=op.f("fk_report_channel_cost_updated_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_channel_cost")),
        sa.UniqueConstraint(
            "consultation_id",
            "channel",
            name=op.f("uq_report_channel_cost_consultation_id_channel"),
        ),
    )
    with op.batch_alter_table("report_channel_cost", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_report_channel_cost_consultation_id"), ["consultation_id"], unique=False
        )

    op.create_table(
        "report_final_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("finalised_by_id", sa.Integer(), nullable=True),
        sa.Column("finalised_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_report_final_version_consultation_id_consultation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["finalised_by_id"],
            ["user_account.id"],
            name=op.f("fk_report_final_version_finalised_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_final_version")),
        sa.UniqueConstraint(
            "consultation_id",
            "version",
            name=op.f("uq_report_final_version_consultation_id_version"),
        ),
    )
    with op.batch_alter_table("report_final_version", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_report_final_version_consultation_id"), ["consultation_id"], unique=False
        )


def downgrade():
    op.drop_table("report_final_version")
    op.drop_table("report_channel_cost")
    op.drop_table("report_representative_comment")
    with op.batch_alter_table("ward", schema=None) as batch_op:
        batch_op.drop_column("population")
