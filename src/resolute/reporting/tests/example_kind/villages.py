"""What the example domain "knows", filled in by the tests: {unit id: [village, ...]} owing a count of
wells each period, and {(unit id, period code, village): the day that count arrived}."""

VILLAGES: dict[int, list[str]] = {}
ARRIVALS: dict = {}
