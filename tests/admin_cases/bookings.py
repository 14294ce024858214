"""Admin POST cases: booking requests."""
from ocop_shop.extensions import db

from . import audited


@audited("admin.booking_cancel")
def cancel_booking(world):
    booking = world.factories.booking()
    db.session.commit()
    response = world.post_form(world.client, f"/vi/admin/bookings/{booking.id}", {"reason": "Homestay đóng cửa sửa chữa"},
                               post_url=f"/vi/admin/bookings/{booking.id}/cancel")
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
