"""officer console: closing-date changes, outcome points and versions, staff teams

Revision ID: 0002_officer_console
Revises: 0001_core
Create Date: 2026-11-27 14:59:47.552373

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0002_officer_console"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "closing_date_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("previous_closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("new_closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["changed_by_id"],
            ["user_account.id"],
            name=op.f("fk_closing_date_change_changed_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_closing_date_change_consultation_id_consultation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_closing_date_change")),
    )
    with op.batch_alter_table("closing_date_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_closing_date_change_consultation_id"), ["consultation_id"], unique=False
        )

    op.create_table(
        "outcome_point",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outcome_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("submission_token", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["outcome_id"],
            ["outcome.id"],
            name=op.f("fk_outcome_point_outcome_id_outcome"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcome_point")),
        sa.UniqueConstraint("submission_token", name=op.f("uq_outcome_point_submission_token")),
    )
    with op.batch_alter_table("outcome_point", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outcome_point_outcome_id"), ["outcome_id"], unique=False
        )

    op.create_table(
        "outcome_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outcome_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("change_note", sa.Text(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["outcome_id"],
            ["outcome.id"],
            name=op.f("fk_outcome_version_outcome_id_outcome"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["published_by_id"],
            ["user_account.id"],
            name=op.f("fk_outcome_version_published_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcome_version")),
        sa.UniqueConstraint(
            "outcome_id", "number", name=op.f("uq_outcome_version_outcome_id_number")
        ),
    )
    op.create_table(
        "outcome_point_comment",
        sa.Column("point_id", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["comment.id"],
            name=op.f("fk_outcome_point_comment_comment_id_comment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["point_id"],
            ["outcome_point.id"],
            name=op.f("fk_outcome_point_comment_point_id_outcome_point"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("point_id", "comment_id", name=op.f("pk_outcome_point_comment")),
    )
    with op.batch_alter_table("outcome_point_comment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outcome_point_comment_comment_id"), ["comment_id"], unique=False
        )

    op.create_table(
        "outcome_point_thread",
        sa.Column("point_id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["point_id"],
            ["outcome_point.id"],
            name=op.f("fk_outcome_point_thread_point_id_outcome_point"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["thread.id"],
            name=op.f("fk_outcome_point_thread_thread_id_thread"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("point_id", "thread_id", name=op.f("pk_outcome_point_thread")),
    )
    with op.batch_alter_table("consultation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("submission_token", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_consultation_submission_token"), ["submission_token"]
        )

    with op.batch_alter_table("thread", schema=None) as batch_op:
        batch_op.add_column(sa.Column("submission_token", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_thread_submission_token"), ["submission_token"]
        )

    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("team", sa.String(length=40), nullable=True))


def downgrade():
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("team")

    with op.batch_alter_table("thread", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_thread_submission_token"), type_="unique")
        batch_op.drop_column("submission_token")

    with op.batch_alter_table("consultation", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_consultation_submission_token"), type_="unique")
        batch_op.drop_column("submission_token")

    op.drop_table("outcome_point_thread")
    with op.batch_alter_table("outcome_point_comment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outcome_point_comment_comment_id"))
    op.drop_table("outcome_point_comment")
    op.drop_table("outcome_version")
    with op.batch_alter_table("outcome_point", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outcome_point_outcome_id"))
    op.drop_table("outcome_point")
    with op.batch_alter_table("closing_date_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_closing_date_change_consultation_id"))
    op.drop_table("closing_date_change")
