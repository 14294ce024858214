"""Email outbox: a stable Message-ID per email and when a sender claimed it.

Revision ID: mail_0001
Revises: orders_0001
"""
from email.utils import make_msgid

from alembic import op
import sqlalchemy as sa

from ocop_shop.types import UTCDateTime

revision = "mail_0001"
down_revision = "orders_0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_emails", schema=None) as batch_op:
        batch_op.add_column(sa.Column("message_id", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("claimed_at", UTCDateTime(timezone=True), nullable=True))
    outbox = sa.table("outbox_emails", sa.column("id", sa.Integer), sa.column("message_id", sa.String))
    connection = op.get_bind()
    for (email_id,) in connection.execute(sa.select(outbox.c.id)).all():
        connection.execute(outbox.update().where(outbox.c.id == email_id).values(message_id=make_msgid(domain="localhost")))


def downgrade():
    with op.batch_alter_table("outbox_emails", schema=None) as batch_op:
        batch_op.drop_column("claimed_at")
        batch_op.drop_column("message_id")
