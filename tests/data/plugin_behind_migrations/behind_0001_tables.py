"""behind: a revision the test database never applies

Revision ID: behind_0001
Revises:
Create Date: 2026-11-27 15:30:00.000000

"""

revision = "behind_0001"
down_revision = None
branch_labels = ("behind",)
depends_on = "0001_core"


def upgrade():
    pass


def downgrade():
    pass
