"""course bindings, teaching experiences, retired course categories

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-30 12:44:16
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import storage.types


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('course_bindings',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=True),
    sa.Column('wizard_step', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('updated_at', storage.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_course_bindings_case_id_cases')),
    sa.ForeignKeyConstraint(['category_id'], ['course_categories.id'], name=op.f('fk_course_bindings_category_id_course_categories')),
    sa.PrimaryKeyConstraint('case_id', name=op.f('pk_course_bindings'))
    )
    op.create_table('teaching_experiences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.Column('verdict', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
    sa.Column('verdict_reason', sa.Text(), nullable=False),
    sa.Column('created_at', storage.types.UTCDateTime(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('organization', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('course_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('hours', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_teaching_experiences_case_id_cases')),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_teaching_experiences_owner_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_teaching_experiences'))
    )
    with op.batch_alter_table('teaching_experiences', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_teaching_experiences_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_teaching_experiences_owner_id'), ['owner_id'], unique=False)

    with op.batch_alter_table('course_categories', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retired_at', storage.types.UTCDateTime(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('course_categories', schema=None) as batch_op:
        batch_op.drop_column('retired_at')

    with op.batch_alter_table('teaching_experiences', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_teaching_experiences_owner_id'))
        batch_op.drop_index(batch_op.f('ix_teaching_experiences_case_id'))

    op.drop_table('teaching_experiences')
    op.drop_table('course_bindings')
