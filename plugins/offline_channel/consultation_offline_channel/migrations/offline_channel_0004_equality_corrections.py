"""offline_channel: equality-monitoring answers (kept apart) and corrections by staff

Revision ID: offline_channel_0004
Revises: offline_channel_0003
Create Date: 2026-11-27 18:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "offline_channel_0004"
down_revision = "offline_channel_0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "offline_channel_equality",
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("age_band", sa.String(length=20), nullable=True),
        sa.Column("sex", sa.String(length=20), nullable=True),
        sa.Column("disability", sa.String(length=20), nullable=True),
        sa.Column("ethnic_group", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_offline_channel_equality_consultation_id_consultation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["offline_channel_response.id"],
            name=op.f("fk_offline_channel_equality_response_id_offline_channel_response"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("response_id", name=op.f("pk_offline_channel_equality")),
    )
    with op.batch_alter_table("offline_channel_equality", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_offline_channel_equality_consultation_id"),
            ["consultation_id"],
            unique=False,
        )

    op.create_table(
        "offline_channel_correction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("corrected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("corrected_by_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["corrected_by_id"],
            ["user_account.id"],
            name=op.f("fk_offline_channel_correction_corrected_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["offline_channel_response.id"],
            name=op.f("fk_offline_channel_correction_response_id_offline_channel_response"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offline_channel_correction")),
    )
    with op.batch_alter_table("offline_channel_correction", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_offline_channel_correction_response_id"),
            ["response_id"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("offline_channel_correction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offline_channel_correction_response_id"))
    op.drop_table("offline_channel_correction")
    with op.batch_alter_table("offline_channel_equality", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offline_channel_equality_consultation_id"))
    op.drop_table("offline_channel_equality")
