"""What the country's writers share: weighted choices and days."""

import bisect
import itertools
import random


class Weighted:
    """A choice among values with weights, drawn with one random number."""

    def __init__(self, pairs):
        values, weights = zip(*pairs, strict=True)
        self.values = list(values)
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random):
        return self.values[bisect.bisect_right(self.cumulative, rng.random() * self.total)]


def spread(total: int, weights: list[int]) -> list[int]:
    """`total` split in proportion to `weights`, in whole numbers that add up to it exactly (the largest
    remainders get the units left over)."""
    whole = sum(weights)
    if not whole:
        return [0] * len(weights)
    shares = [total * weight // whole for weight in weights]
    left = total - sum(shares)
    remainders = sorted(range(len(weights)), key=lambda index: (-(total * weights[index] % whole), index))
    for index in remainders[:left]:
        shares[index] += 1
    return shares


class RememberingCalendar:
    """A working calendar that answers each (day, working days) once: the petitions' clocks ask the same
    few thousand questions hundreds of thousands of times."""

    def __init__(self, calendar):
        self.calendar = calendar
        self.answers: dict[tuple, object] = {}

    def add_working_days(self, day, n: int):
        key = (day, n)
        answer = self.answers.get(key)
        if answer is None:
            answer = self.answers[key] = self.calendar.add_working_days(day, n)
        return answer

    def is_working_day(self, day) -> bool:
        return self.calendar.is_working_day(day)


def between(rng: random.Random, low: int, high: int) -> int:
    """A whole number from `low` to `high` included, from one random number (`randint` costs several)."""
    return low + int(rng.random() * (high - low + 1))


def one_of(rng: random.Random, items):
    """One of `items`, from one random number."""
    return items[int(rng.random() * len(items))]
