"""exam applications

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-27 15:50:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import storage.types


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('exam_applications',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('exam_id', sa.Integer(), nullable=True),
    sa.Column('exam_city_id', sa.Integer(), nullable=True),
    sa.Column('photo_file_id', sa.Integer(), nullable=True),
    sa.Column('nationality', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('ethnicity', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('education', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('residence_city', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('employer', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('contact', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=True),
    sa.Column('wizard_step', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('updated_at', storage.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_exam_applications_case_id_cases')),
    sa.ForeignKeyConstraint(['exam_city_id'], ['exam_cities.id'], name=op.f('fk_exam_applications_exam_city_id_exam_cities')),
    sa.ForeignKeyConstraint(['exam_id'], ['exams.id'], name=op.f('fk_exam_applications_exam_id_exams')),
    sa.ForeignKeyConstraint(['photo_file_id'], ['stored_files.id'], name=op.f('fk_exam_applications_photo_file_id_stored_files')),
    sa.ForeignKeyConstraint(['registration_id'], ['exam_registrations.id'], name=op.f('fk_exam_applications_registration_id_exam_registrations')),
    sa.PrimaryKeyConstraint('case_id', name=op.f('pk_exam_applications'))
    )
    # a plain column: SQLite adds it in place (a batch copy of cases would be refused while other tables refer to it)
    op.add_column('cases', sa.Column('route', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('route')
    op.drop_table('exam_applications')
