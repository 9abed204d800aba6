"""What the example domain "knows", filled in by the tests: {unit id: [village, ...]} owing a count of
wells each period, {(unit id, period code, village): the day that count arrived}, and the dry wells a
unit owes an issuer to repair, as (unit, issuer, deadline, title)."""

VILLAGES: dict[int, list[str]] = {}
ARRIVALS: dict = {}
DRY_WELLS: list[tuple] = []
