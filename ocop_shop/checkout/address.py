"""Addresses and phone numbers for checkout: the shared helpers of ocop_shop/addresses.py."""
from ..addresses import display_phone, parse_phone, province_name, provinces, ward_name, wards  # noqa: F401
