"""check allowed values: every enum column refuses values outside its enum

Issue 13: the allowed values of status, role, kind (and every other enum column) were only
checked by the ORM; a row written by hand, by a script or by a bug could hold any string. Each
column now has a CHECK constraint named ck_<table>_<enum>, as the models declare them
(models.base.str_enum). Batch mode, so that SQLite copies each table once with its new checks.
The values are frozen here as they stood at this revision.

Revision ID: 7c1d2e3f4a5b
Revises: 5ec0a1b2c3d4
Create Date: 2026-12-01 15:05:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '7c1d2e3f4a5b'
down_revision = '5ec0a1b2c3d4'
branch_labels = None
depends_on = None

# table: (column, constraint, allowed values)
CHECKS = {
    'organization': (
        (
            'kind',
            'ck_organization_orgkind',
            (
                'police', 'front', 'women', 'youth', 'justice', 'veterans', 'farmers', 'party',
                'people_committee', 'steering_committee', 'enterprise',
            ),
        ),
    ),
    'village': (
        ('kind', 'ck_village_villagekind', ('lang', 'thon', 'buon', 'plei',)),
    ),
    'user_account': (
        ('role', 'ck_user_account_role', ('member', 'approver', 'leader', 'admin',)),
    ),
    'activity_log': (
        (
            'kind',
            'ck_activity_log_logkind',
            (
                'propaganda', 'patrol', 'mediation', 'club', 'training', 'festival', 'pledge',
                'support', 'other',
            ),
        ),
        ('status', 'ck_activity_log_logstatus', ('draft', 'submitted', 'returned', 'approved',)),
    ),
    'award': (
        ('recipient_kind', 'ck_award_recipientkind', ('collective', 'individual',)),
        (
            'giver',
            'ck_award_awardgiver',
            (
                'commune_chair', 'provincial_police', 'provincial_committee', 'commune_police',
            ),
        ),
        ('form', 'ck_award_awardform', ('certificate', 'gift',)),
    ),
    'gift': (
        ('household_kind', 'ck_gift_householdkind', ('poor', 'policy',)),
    ),
    'incident_stat': (
        (
            'category',
            'ck_incident_stat_incidentcategory',
            (
                'crime', 'social_evils', 'traffic', 'fire', 'other',
            ),
        ),
    ),
    'mediation_case': (
        (
            'kind',
            'ck_mediation_case_disputekind',
            (
                'land', 'family', 'neighbours', 'debt', 'other',
            ),
        ),
        ('status', 'ck_mediation_case_casestatus', ('open', 'settled', 'not_settled', 'referred',)),
    ),
    'mediator': (
        ('gender', 'ck_mediator_gender', ('female', 'male',)),
    ),
    'pending_change': (
        ('kind', 'ck_pending_change_changekind', ('create', 'update', 'password',)),
        ('status', 'ck_pending_change_changestatus', ('pending', 'accepted', 'rejected',)),
    ),
    'team_member': (
        ('position', 'ck_team_member_position', ('leader', 'deputy', 'member',)),
    ),
    'tip': (
        (
            'channel',
            'ck_tip_tipchannel',
            (
                'in_person', 'phone', 'message', 'village_team', 'hotline',
            ),
        ),
        (
            'category',
            'ck_tip_tipcategory',
            (
                'drugs', 'theft', 'gambling', 'fights', 'traffic', 'political_security', 'other',
            ),
        ),
        (
            'status',
            'ck_tip_tipstatus',
            (
                'received', 'verifying', 'valuable', 'not_valuable', 'referred',
            ),
        ),
    ),
    'review_event': (
        (
            'action',
            'ck_review_event_reviewaction',
            (
                'create', 'edit', 'submit', 'resubmit', 'approve', 'return',
            ),
        ),
    ),
}


def _condition(column, values):
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def upgrade():
    for table, checks in CHECKS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, name, values in checks:
                batch_op.create_check_constraint(op.f(name), _condition(column, values))


def downgrade():
    for table, checks in reversed(CHECKS.items()):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for _column, name, _values in checks:
                batch_op.drop_constraint(op.f(name), type_='check')
