"""tip channel VNeID: residents also report to the commune police through VNeID (issue 15)

The tip's channel CHECK constraint (7c1d2e3f4a5b) is made again with the new value.

Revision ID: b1c2d3e4f5a6
Revises: 7a3c5e9f1b2d
Create Date: 2026-12-01 16:20:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b1c2d3e4f5a6'
down_revision = '7a3c5e9f1b2d'
branch_labels = None
depends_on = None

BEFORE = ('in_person', 'phone', 'message', 'village_team', 'hotline')
AFTER = ('in_person', 'phone', 'message', 'vneid', 'village_team', 'hotline')


def _allow(values):
    with op.batch_alter_table('tip', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_tip_tipchannel'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_tip_tipchannel'),
            f"channel IN ({', '.join(repr(value) for value in values)})",
        )


def upgrade():
    _allow(AFTER)


def downgrade():
    vneid = op.get_bind().scalar(sa.text("SELECT count(*) FROM tip WHERE channel = 'vneid'"))
    if vneid:
        raise RuntimeError(
            f"Refusing to downgrade: {vneid} tips came through VNeID, a channel the older "
            "schema does not know. Nothing was changed."
        )
    _allow(BEFORE)
