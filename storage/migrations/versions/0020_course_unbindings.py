"""course unbindings

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-30 13:11:35
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import storage.types


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
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
    sa.ForeignKeyConstraint(['link_id'], ['course_filing_teachers.id'], name=op.f('fk_course_unbindings_link_id_course_filing_teachers')),
    sa.PrimaryKeyConstraint('case_id', name=op.f('pk_course_unbindings')),
    sa.UniqueConstraint('open_key', name=op.f('uq_course_unbindings_open_key'))
    )
    with op.batch_alter_table('course_unbindings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_course_unbindings_filing_case_id'), ['filing_case_id'], unique=False)

    with op.batch_alter_table('course_filing_teachers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unbound_at', storage.types.UTCDateTime(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('course_filing_teachers', schema=None) as batch_op:
        batch_op.drop_column('unbound_at')

    with op.batch_alter_table('course_unbindings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_course_unbindings_filing_case_id'))

    op.drop_table('course_unbindings')
