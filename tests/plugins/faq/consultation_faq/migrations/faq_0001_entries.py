"""faq: questions and answers

Revision ID: faq_0001
Revises:
Create Date: 2026-11-27 15:06:34.519531

"""

import sqlalchemy as sa
from alembic import op

# The root of the plugin's own branch; it needs the core's consultation table.
revision = "faq_0001"
down_revision = None
branch_labels = ("faq",)
depends_on = "0001_core"


def upgrade():
    op.create_table(
        "faq_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.String(length=200), nullable=False),
        sa.Column("answer_html", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_faq_entry_consultation_id_consultation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_faq_entry")),
        sa.UniqueConstraint(
            "consultation_id", "question", name=op.f("uq_faq_entry_consultation_id_question")
        ),
    )
    with op.batch_alter_table("faq_entry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_faq_entry_consultation_id"), ["consultation_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("faq_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_faq_entry_consultation_id"))
    op.drop_table("faq_entry")
