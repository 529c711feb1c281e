"""子专业 (sub-specialties) of 人员注册申请 and of certificates

Revision ID: 0023
Revises: 0022
Create Date: 2026-11-30 20:30:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None

TABLES = ('registration_applications', 'certificates')


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('sub_field', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('sub_field')
