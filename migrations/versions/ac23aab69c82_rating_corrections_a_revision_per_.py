"""rating corrections and edited rating rules: a revision per decided ratings with its
reason; the team ratings' rules on the set version

Issue 17 item 3 (corrections of decided ratings): a police approver opens the next revision of
a year's decided ratings with a reason; the revision it corrects stays as it was decided, so
the unique key becomes (set, year, revision). Existing drafts are revision 1 without a reason.
Item 4 (the rules edited by the commune police): criteria_set.rating_rules keeps a version's
edited rules (the cap, the months, the labels' roles); empty means the shipped file's.

Revision ID: ac23aab69c82
Revises: d7e8f9a0b1c2
Create Date: 2026-12-01 18:15:52.542049

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ac23aab69c82'
down_revision = "d7e8f9a0b1c2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('rating_draft', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revision', sa.Integer(), nullable=False, server_default='1'))
        batch_op.add_column(sa.Column('reason', sa.Text(), nullable=False, server_default=''))
        batch_op.drop_constraint(batch_op.f('uq_rating_draft_set_id'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_rating_draft_set_id'), ['set_id', 'year', 'revision'])
    with op.batch_alter_table('rating_draft', schema=None) as batch_op:
        batch_op.alter_column('revision', server_default=None)
        batch_op.alter_column('reason', server_default=None)
    with op.batch_alter_table('criteria_set', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rating_rules', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('criteria_set', schema=None) as batch_op:
        batch_op.drop_column('rating_rules')
    # Only the first ratings of a year fit the old key: the corrections go (their rows cascade).
    op.execute("DELETE FROM rating_row WHERE draft_id IN (SELECT id FROM rating_draft WHERE revision > 1)")
    op.execute("DELETE FROM rating_draft WHERE revision > 1")
    with op.batch_alter_table('rating_draft', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_rating_draft_set_id'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_rating_draft_set_id'), ['set_id', 'year'])
        batch_op.drop_column('reason')
        batch_op.drop_column('revision')
