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
