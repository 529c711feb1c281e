"""training: course filings, unbindings, training plans

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-30 13:14:06
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import storage.types


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('case_teachers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('teacher_id', sa.Integer(), nullable=False),
    sa.Column('answer', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('opinion', sa.Text(), nullable=False),
    sa.Column('answered_at', storage.types.UTCDateTime(), nullable=True),
    sa.Column('unbound_at', storage.types.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_teachers_case_id_cases')),
    sa.ForeignKeyConstraint(['teacher_id'], ['users.id'], name=op.f('fk_case_teachers_teacher_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_teachers'))
    )
    with op.batch_alter_table('case_teachers', schema=None) as batch_op:
        batch_op.create_index('ix_case_teachers_case_teacher', ['case_id', 'teacher_id'], unique=True)
        batch_op.create_index(batch_op.f('ix_case_teachers_teacher_id'), ['teacher_id'], unique=False)

    op.create_table('course_filing_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('file_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_course_filing_files_case_id_cases')),
    sa.ForeignKeyConstraint(['file_id'], ['stored_files.id'], name=op.f('fk_course_filing_files_file_id_stored_files')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_course_filing_files'))
    )
    with op.batch_alter_table('course_filing_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_course_filing_files_case_id'), ['case_id'], unique=False)

    op.create_table('course_filings',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('course_name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=True),
    sa.Column('outline', sa.Text(), nullable=False),
    sa.Column('wizard_step', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('updated_at', storage.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_course_filings_case_id_cases')),
    sa.ForeignKeyConstraint(['category_id'], ['course_categories.id'], name=op.f('fk_course_filings_category_id_course_categories')),
    sa.PrimaryKeyConstraint('case_id', name=op.f('pk_course_filings'))
    )
    op.create_table('training_plans',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('plan_no', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('filing_case_id', sa.Integer(), nullable=True),
    sa.Column('start_on', sa.Date(), nullable=True),
    sa.Column('end_on', sa.Date(), nullable=True),
    sa.Column('online', sa.Boolean(), nullable=True),
    sa.Column('place', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('terminated_at', storage.types.UTCDateTime(), nullable=True),
    sa.Column('termination_reason', sa.Text(), nullable=False),
    sa.Column('wizard_step', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('updated_at', storage.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_training_plans_case_id_cases')),
    sa.ForeignKeyConstraint(['filing_case_id'], ['cases.id'], name=op.f('fk_training_plans_filing_case_id_cases')),
    sa.PrimaryKeyConstraint('case_id', name=op.f('pk_training_plans'))
    )
    with op.batch_alter_table('training_plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_plans_plan_no'), ['plan_no'], unique=False)

    op.create_table('course_unbindings',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('filing_case_id', sa.Integer(), nullable=False),
    sa.Column('link_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('open_key', sa.Integer(), nullable=True),
    sa.Column('wizard_step', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('updated_at', storage.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_course_unbindings_case_id_cases')),
    sa.ForeignKeyConstraint(['filing_case_id'], ['cases.id'], name=op.f('fk_course_unbindings_filing_case_id_cases')),
    sa.ForeignKeyConstraint(['link_id'], ['case_teachers.id'], name=op.f('fk_course_unbindings_link_id_case_teachers')),
    sa.PrimaryKeyConstraint('case_id', name=op.f('pk_course_unbindings')),
    sa.UniqueConstraint('open_key', name=op.f('uq_course_unbindings_open_key'))
    )
    with op.batch_alter_table('course_unbindings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_course_unbindings_filing_case_id'), ['filing_case_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('course_unbindings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_course_unbindings_filing_case_id'))

    op.drop_table('course_unbindings')
    with op.batch_alter_table('training_plans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_plans_plan_no'))

    op.drop_table('training_plans')
    op.drop_table('course_filings')
    with op.batch_alter_table('course_filing_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_course_filing_files_case_id'))

    op.drop_table('course_filing_files')
    with op.batch_alter_table('case_teachers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_teachers_teacher_id'))
        batch_op.drop_index('ix_case_teachers_case_teacher')

    op.drop_table('case_teachers')
