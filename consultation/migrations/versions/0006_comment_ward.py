"""comment ward: the ward a response came from, fixed when it was received

Reports count responses by ward across every channel. A web comment's ward
was only reachable through its author's account (gone after an erasure) and
an offline response's through a plugin table the core cannot read, so the
comment carries it. Existing web comments take their author's current ward.

Revision ID: 0006_comment_ward
Revises: 0005_thread_page_indexes
Create Date: 2026-11-27 18:10:00

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0006_comment_ward"
down_revision = "0005_thread_page_indexes"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("comment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ward_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_comment_ward_id"), ["ward_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_comment_ward_id_ward"), "ward", ["ward_id"], ["id"], ondelete="SET NULL"
        )
    op.execute(
        "UPDATE comment SET ward_id = (SELECT ward_id FROM user_account"
        " WHERE user_account.id = comment.author_id) WHERE author_id IS NOT NULL"
    )


def downgrade():
    with op.batch_alter_table("comment", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_comment_ward_id_ward"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_comment_ward_id"))
        batch_op.drop_column("ward_id")
