"""Drawing template instances that keep every known mistake recognisable, against drawing any valid one.

`instantiate` computes each draw's mistakes and sets aside draws where a mistake gives the key or two share a
value; the reference draws the first valid configuration, solves and renders it, as the sampler did before.
Both draw 50 seeds of every template of the shipped bank; blocks alternate. Ratio last.
"""

from __future__ import annotations

import random
import time

from dlquiz.bank import load, params, schema
from dlquiz.bank.instance import build, instantiate, solve

SEEDS = range(50)


def plain(template: schema.Param, seed: int) -> object:
    found: dict[str, dict] = {}

    def accept(values: dict) -> bool:
        try:
            found["outputs"] = solve(template, values)
        except ValueError:
            return False
        return True

    values = params.sample(template, random.Random(seed), accept)
    return build(template, seed, values, found["outputs"])


def timed(fn, templates: list[schema.Param]) -> float:
    start = time.perf_counter()
    for template in templates:
        for seed in SEEDS:
            fn(template, seed)
    return time.perf_counter() - start


def main() -> None:
    templates = [q for q in load().questions if isinstance(q, schema.Param)]
    for template in templates:  # the one-off probe of each template's unavoidable pairs is not timed
        instantiate(template, 0)
    ours = ref = 0.0
    for _ in range(3):
        ours += timed(instantiate, templates)
        ref += timed(plain, templates)
    draws = 3 * len(templates) * len(SEEDS)
    print(f"{len(templates)} templates × {len(SEEDS)} seeds × 3")
    print(f"recognisable draws: {ours:.2f} s ({1000 * ours / draws:.2f} ms per draw)")
    print(f"any valid draw:     {ref:.2f} s ({1000 * ref / draws:.2f} ms per draw)")
    print(f"ratio: {ours / ref:.1f}")


if __name__ == "__main__":
    main()
