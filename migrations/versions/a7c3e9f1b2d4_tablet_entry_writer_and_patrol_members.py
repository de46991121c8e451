"""tablet: who on the team wrote an entry, and who went on each patrol

Issue 14 item 4: a village tablet's entries record the team member who wrote them
(activity_log.written_by_id), and a patrol keeps its crew (patrol_member), so that the next
patrol's form ticks the same members. Nothing existing is rewritten: older entries have no
writer and older patrols no crew (their names stay in the description).

Revision ID: a7c3e9f1b2d4
Revises: 5ec0a1b2c3d4
Create Date: 2026-12-01 15:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3e9f1b2d4'
down_revision = 'b1c2d3e4f5a6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('patrol_member',
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['activity_log.id'], name=op.f('fk_patrol_member_entry_id_activity_log'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['team_member.id'], name=op.f('fk_patrol_member_member_id_team_member')),
    sa.PrimaryKeyConstraint('entry_id', 'member_id', name=op.f('pk_patrol_member'))
    )
    with op.batch_alter_table('activity_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('written_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_activity_log_written_by_id_team_member'), 'team_member', ['written_by_id'], ['id'])


def downgrade():
    with op.batch_alter_table('activity_log', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_activity_log_written_by_id_team_member'), type_='foreignkey')
        batch_op.drop_column('written_by_id')

    op.drop_table('patrol_member')
