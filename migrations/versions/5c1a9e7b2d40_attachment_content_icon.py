"""attachment_content.icon: a 128 px square for lists

Revision ID: 5c1a9e7b2d40
Revises: 110e5d4b8ee0
Create Date: 2026-12-01 18:30:00.000000

Images stored before this revision get their icon the first time a list asks for it
(intranet/evidence.py, stored_icon): a tip's files are sealed with keys the migration does
not hold, and a commune's few thousand photos cost nothing until they are shown.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5c1a9e7b2d40'
down_revision = '110e5d4b8ee0'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attachment_content', schema=None) as batch_op:
        batch_op.add_column(sa.Column('icon', sa.LargeBinary(), nullable=True))


def downgrade():
    with op.batch_alter_table('attachment_content', schema=None) as batch_op:
        batch_op.drop_column('icon')
