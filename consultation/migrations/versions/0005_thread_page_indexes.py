"""thread page indexes: one index range per page and per count, whatever the thread's size

With 1,000,000 comments both SQLite and PostgreSQL chose the parent_id index
for "parent_id IS NULL" and walked most of the table (0.4 s on SQLite, over
1 s on PostgreSQL per thread page). The new index serves the page, its count
and the consultation page's per-thread counts; the second one finds a
thread's newest change in one lookup, which lets a cached count be reused.

Revision ID: 0005_thread_page_indexes
Revises: 0004_plugin_state
Create Date: 2026-11-27 15:20:00

"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "0005_thread_page_indexes"
down_revision = "0004_plugin_state"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("comment", schema=None) as batch_op:
        batch_op.create_index(
            "ix_comment_thread_page",
            ["thread_id", "status", "parent_id", "created_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_comment_thread_updated", ["thread_id", "updated_at"], unique=False
        )
        # Its columns lead the new index, which serves every query it did.
        batch_op.drop_index("ix_comment_thread_status_created")


def downgrade():
    with op.batch_alter_table("comment", schema=None) as batch_op:
        batch_op.create_index(
            "ix_comment_thread_status_created", ["thread_id", "status", "created_at"], unique=False
        )
        batch_op.drop_index("ix_comment_thread_updated")
        batch_op.drop_index("ix_comment_thread_page")
