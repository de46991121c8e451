"""Attachments on commendations, gifts and security teams (issue 16)

The decision or certificate of an award or gift, and the chair's decision setting up a team.

Revision ID: 3b8f1d6c2a90
Revises: 3ba651270dc6
Create Date: 2026-12-01 17:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3b8f1d6c2a90'
down_revision = "3ba651270dc6"
branch_labels = None
depends_on = None

OLD_OWNERS = ("entry_id", "case_id", "tip_id")
NEW_OWNERS = OLD_OWNERS + ("award_id", "gift_id", "team_id")


def _one_owner(columns):
    return " + ".join(f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)" for c in columns) + " = 1"


def upgrade():
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('award_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('gift_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('team_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_attachment_award_id_award'), 'award', ['award_id'], ['id'], ondelete='CASCADE')
        batch_op.create_foreign_key(batch_op.f('fk_attachment_gift_id_gift'), 'gift', ['gift_id'], ['id'], ondelete='CASCADE')
        batch_op.create_foreign_key(batch_op.f('fk_attachment_team_id_security_team'), 'security_team', ['team_id'], ['id'], ondelete='CASCADE')
        batch_op.create_index('ix_attachment_award_id_id', ['award_id', 'id'], unique=False)
        batch_op.create_index('ix_attachment_gift_id_id', ['gift_id', 'id'], unique=False)
        batch_op.create_index('ix_attachment_team_id_id', ['team_id', 'id'], unique=False)
        batch_op.drop_constraint(batch_op.f('ck_attachment_one_owner'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_attachment_one_owner'), _one_owner(NEW_OWNERS))


def downgrade():
    # env.py refuses a downgrade that would drop data; without such files this is lossless.
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_attachment_one_owner'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_attachment_one_owner'), _one_owner(OLD_OWNERS))
        batch_op.drop_index('ix_attachment_team_id_id')
        batch_op.drop_index('ix_attachment_gift_id_id')
        batch_op.drop_index('ix_attachment_award_id_id')
        batch_op.drop_constraint(batch_op.f('fk_attachment_team_id_security_team'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_attachment_gift_id_gift'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_attachment_award_id_award'), type_='foreignkey')
        batch_op.drop_column('team_id')
        batch_op.drop_column('gift_id')
        batch_op.drop_column('award_id')
