#!/usr/bin/env python3
"""Independent oracle for `smogsim aqi` (HJ 633-2012).

Generates tests/data/aqi_vectors_in.csv and tests/data/aqi_vectors_expected.csv with a fixed
seed. Standard library only; exact arithmetic with fractions.Fraction. The breakpoint table
below is typed from the project's reference notes (domain.md §1.1, HJ 633-2012 Table 1), not
read from the Rust data file, so that a typo in one is caught by the other.

Run from the repository root:  python3 tests/tools/aqi_oracle.py
"""

import csv
import math
import random
from fractions import Fraction
from pathlib import Path

SEED = 20120229  # HJ 633-2012 publication date
RANDOM_ROWS = 2200

IAQI = [0, 50, 100, 150, 200, 300, 400, 500]

# column: (limits, IAQI above the last limit: 500, or None = not computed)
TABLE = {
    "so2_24h": ([0, 50, 150, 475, 800, 1600, 2100, 2620], 500),
    "so2_1h": ([0, 150, 500, 650, 800], None),  # footnote 2
    "no2_24h": ([0, 40, 80, 180, 280, 565, 750, 940], 500),
    "no2_1h": ([0, 100, 200, 700, 1200, 2340, 3090, 3840], 500),
    "pm10_24h": ([0, 50, 150, 250, 350, 420, 500, 600], 500),
    "co_24h": ([0, 2, 4, 14, 24, 36, 48, 60], 500),
    "co_1h": ([0, 5, 10, 35, 60, 90, 120, 150], 500),
    "o3_1h": ([0, 160, 200, 300, 400, 800, 1000, 1200], 500),
    "o3_8h": ([0, 100, 160, 215, 265, 800], None),  # footnote 3
    "pm25_24h": ([0, 35, 75, 115, 150, 250, 350, 500], 500),
}

# The table each input column is evaluated on: 1-h PM uses the 24-h limits.
TABLE_OF_COLUMN = {name: name for name in TABLE}
TABLE_OF_COLUMN["pm10_1h"] = "pm10_24h"
TABLE_OF_COLUMN["pm25_1h"] = "pm25_24h"

DAILY = ["so2_24h", "no2_24h", "pm10_24h", "co_24h", "o3_1h", "o3_8h", "pm25_24h"]
HOURLY = ["so2_1h", "no2_1h", "co_1h", "pm10_1h", "pm25_1h"]
INPUT = ["id"] + DAILY + HOURLY + ["note"]
NAMES = ["SO2", "NO2", "PM10", "CO", "O3_1h", "O3_8h", "PM2.5"]
OUTPUT = [
    "iaqi_so2",
    "iaqi_no2",
    "iaqi_pm10",
    "iaqi_co",
    "iaqi_o3_1h",
    "iaqi_o3_8h",
    "iaqi_pm25",
    "aqi",
    "category",
    "primary",
]


def iaqi(column, text):
    """IAQI of a cell (None when empty or not computed)."""
    if text.strip() == "":
        return None
    c = Fraction(text.strip())
    limits, above = TABLE[TABLE_OF_COLUMN[column]]
    if c > limits[-1]:
        return above
    for i in range(len(limits) - 1):
        lo, hi = limits[i], limits[i + 1]
        if lo <= c <= hi:
            raw = IAQI[i] + Fraction(IAQI[i + 1] - IAQI[i]) * (c - lo) / (hi - lo)
            return math.ceil(raw)
    raise AssertionError(text)


def sub_indices(row):
    def hourly_first(hourly, daily):
        if row[hourly].strip() != "":
            return iaqi(hourly, row[hourly])
        return iaqi(daily, row[daily])

    so2 = hourly_first("so2_1h", "so2_24h")
    if row["so2_1h"].strip() != "" and so2 is None:
        so2 = iaqi("so2_24h", row["so2_24h"])  # footnote 2
    return [
        so2,
        hourly_first("no2_1h", "no2_24h"),
        hourly_first("pm10_1h", "pm10_24h"),
        hourly_first("co_1h", "co_24h"),
        iaqi("o3_1h", row["o3_1h"]),
        iaqi("o3_8h", row["o3_8h"]),
        hourly_first("pm25_1h", "pm25_24h"),
    ]


def category(aqi):
    for level, upper in enumerate([50, 100, 150, 200, 300], start=1):
        if aqi <= upper:
            return level
    return 6


def expected(row):
    subs = sub_indices(row)
    present = [s for s in subs if s is not None]
    aqi = max(present) if present else None
    primary = []
    if aqi is not None and aqi > 50:
        primary = [name for name, s in zip(NAMES, subs) if s == aqi]
    cells = ["" if s is None else str(s) for s in subs]
    cells.append("" if aqi is None else str(aqi))
    cells.append("" if aqi is None else str(category(aqi)))
    cells.append(";".join(primary))
    return cells


def fmt(value, places):
    return f"{value:.{places}f}"


def random_value(rng, column, level):
    """A concentration as text: integer, one or two decimals (CO mostly one decimal).

    `level` (1-7) is how polluted the row is: values stay mostly below the column's limit of
    that row of Table 1, so that every category appears; a few go above the top."""
    limits, _ = TABLE[TABLE_OF_COLUMN[column]]
    upper = limits[min(level, len(limits) - 1)] * rng.uniform(0.6, 1.15)
    if rng.random() < 0.03:
        upper = limits[-1] * 3
    value = rng.uniform(0, upper)
    if column.startswith("co"):
        places = 1 if rng.random() < 0.85 else 2
    else:
        places = rng.choice([0, 0, 1, 2])
    return fmt(value, places)


def note(rng, i):
    return rng.choice(["", "", "ok", "station A", "重污染, 橙色预警", 'quote "x"', f"n{i}"])


def blank_row(i, rng):
    row = {name: "" for name in INPUT}
    row["id"] = str(i)
    row["note"] = note(rng, i)
    return row


def rows(rng):
    out = []
    # Every breakpoint of every column, exactly and ± 0.1, with the other cells empty.
    for column in DAILY + HOURLY:
        limits, _ = TABLE[TABLE_OF_COLUMN[column]]
        for b in limits:
            for delta in (Fraction(-1, 10), Fraction(0), Fraction(1, 10)):
                c = b + delta
                if c < 0:
                    continue
                row = blank_row(len(out) + 1, rng)
                row[column] = str(b) if delta == 0 else fmt(float(c), 1)
                out.append(row)
    # Footnote cases: SO2 1-h above 800 with and without the 24-h value; O3 8-h above 800.
    for so2_1h, so2_24h in [("800", "100"), ("800.1", "100"), ("801", ""), ("1500", "900"),
                            ("5000", "2700"), ("900", "0")]:
        row = blank_row(len(out) + 1, rng)
        row["so2_1h"], row["so2_24h"] = so2_1h, so2_24h
        row["pm25_24h"] = "40"
        out.append(row)
    for o3_8h, o3_1h in [("800", "900"), ("800.1", "900"), ("850", ""), ("1000", "1300"),
                         ("801", "100")]:
        row = blank_row(len(out) + 1, rng)
        row["o3_8h"], row["o3_1h"] = o3_8h, o3_1h
        out.append(row)
    # Float artefact traps: values whose f64 interpolation lands just above an integer.
    for column, text in [("co_24h", "2.2"), ("co_24h", "2.6"), ("co_1h", "5.5"),
                         ("co_24h", "14.2"), ("pm25_24h", "115.2"), ("pm25_24h", "150.4")]:
        row = blank_row(len(out) + 1, rng)
        row[column] = text
        out.append(row)
    # Ties: several pollutants at the same IAQI.
    for texts in [{"no2_24h": "80", "pm10_24h": "150", "pm25_24h": "75"},
                  {"pm10_24h": "50", "pm25_24h": "35"},
                  {"o3_1h": "200", "o3_8h": "160", "so2_24h": "150"}]:
        row = blank_row(len(out) + 1, rng)
        row.update(texts)
        out.append(row)
    # Random rows: daily, real-time, and sparse.
    for _ in range(RANDOM_ROWS):
        row = blank_row(len(out) + 1, rng)
        level = rng.randint(1, 7)
        kind = rng.random()
        if kind < 0.4:
            columns = DAILY
        elif kind < 0.7:
            columns = HOURLY + ["o3_1h", "o3_8h"] + rng.sample(DAILY, 3)
        elif kind < 0.97:
            columns = rng.sample(DAILY + HOURLY, rng.randint(1, 5))
        else:
            columns = []
        for column in columns:
            if rng.random() < 0.1:
                continue  # an empty cell
            row[column] = random_value(rng, column, level)
            if rng.random() < 0.02:
                row[column] = f" {row[column]} "  # surrounding whitespace is trimmed
        out.append(row)
    return out


def main():
    rng = random.Random(SEED)
    data = Path(__file__).resolve().parent.parent / "data"
    data.mkdir(exist_ok=True)
    generated = rows(rng)
    with open(data / "aqi_vectors_in.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(INPUT)
        for row in generated:
            writer.writerow([row[name] for name in INPUT])
    with open(data / "aqi_vectors_expected.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(INPUT + OUTPUT)
        for row in generated:
            writer.writerow([row[name] for name in INPUT] + expected(row))
    print(f"{len(generated)} rows written to {data}")


if __name__ == "__main__":
    main()
