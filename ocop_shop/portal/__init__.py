"""The producer portal (/<lang>/producer/): listings, images, story, orders, labels, members.

Access is checked once, by the guard on the blueprint (blueprint.py), and every query for
a producer's rows goes through access.py, so another producer's row is a 404, never a leak.
"""
