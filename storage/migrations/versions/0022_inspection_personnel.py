"""the register of inspection and testing personnel (检验检测人员信息登记)

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-01 10:30:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('inspection_personnel',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('registration_no', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('id_number', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('gender', sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
    sa.Column('employer', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('field', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('registered_on', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_personnel')),
    sa.UniqueConstraint('registration_no', name=op.f('uq_inspection_personnel_registration_no'))
    )
    with op.batch_alter_table('inspection_personnel', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_personnel_id_number'), ['id_number'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('inspection_personnel', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_personnel_id_number'))

    op.drop_table('inspection_personnel')
