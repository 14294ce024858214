"""Promotions: campaigns, coupons, trade fairs and the one pricing function."""
