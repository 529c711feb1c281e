"""PDF previews of Word and PowerPoint course documents

Revision ID: 0021
Revises: 0020
Create Date: 2026-11-30 16:45:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('stored_files', schema=None) as batch_op:
        batch_op.add_column(sa.Column('preview_name', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('stored_files', schema=None) as batch_op:
        batch_op.drop_column('preview_name')
