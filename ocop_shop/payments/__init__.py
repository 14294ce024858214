"""Payments: cash on delivery, VietQR bank transfer and Stripe behind one interface."""
