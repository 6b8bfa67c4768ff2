"""moderation: the root of the plugin's own branch

Revision ID: moderation_0001
Revises:
Create Date: 2026-11-27 15:10:00.000000

"""

# The root of the plugin's branch; later revisions (down_revision = "moderation_0001")
# add the plugin's tables, each named "moderation_…".
revision = "moderation_0001"
down_revision = None
branch_labels = ("moderation",)
depends_on = "0001_core"


def upgrade():
    pass


def downgrade():
    pass
