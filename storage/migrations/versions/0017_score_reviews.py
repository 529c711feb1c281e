"""score reviews

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-27 15:45:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import storage.types


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('score_reviews',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('exam_id', sa.Integer(), nullable=True),
    sa.Column('admission_no', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=True),
    sa.Column('original_score', sa.Numeric(precision=5, scale=1), nullable=True),
    sa.Column('reviewed_score', sa.Numeric(precision=5, scale=1), nullable=True),
    sa.Column('wizard_step', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('updated_at', storage.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_score_reviews_case_id_cases')),
    sa.ForeignKeyConstraint(['exam_id'], ['exams.id'], name=op.f('fk_score_reviews_exam_id_exams')),
    sa.ForeignKeyConstraint(['registration_id'], ['exam_registrations.id'], name=op.f('fk_score_reviews_registration_id_exam_registrations')),
    sa.PrimaryKeyConstraint('case_id', name=op.f('pk_score_reviews')),
    sa.UniqueConstraint('registration_id', name=op.f('uq_score_reviews_registration_id'))
    )


def downgrade() -> None:
    op.drop_table('score_reviews')
