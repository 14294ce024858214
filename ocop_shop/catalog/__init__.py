"""Catalog: products, OCOP groups, certificates, images, liquor rules, storefront pages."""
