"""Tourism (OCOP group 6): experiences, booking requests and the discovery pages (places, map, in season).

Sits above catalog and producers: experiences and bookings point at products and producers,
and the discovery pages show a place's producers, products and experiences.
"""
