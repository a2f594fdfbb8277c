#!/usr/bin/env python3
"""Derive the fleet and dust tables of the Liaocheng scenarios.

Writes `fleet.csv` and `dust.csv` beside this script (2020) and in `../liaocheng-2016` (2016),
and prints the Markdown tables quoted in TRAFFIC-DUST.md. Standard library only; deterministic.

Inputs: the two `counties.csv` files (the inventory this script must add up to). Every other
number below is a sourced figure (source in the comment and in TRAFFIC-DUST.md), derived from
sourced ones by the rule written here, or ASSUMED with its reason. Keep TRAFFIC-DUST.md in step.

How the fleet is built, in four steps:
  1. city fleet by class and fuel (ASSUMED counts, national per-capita figures);
  2. emission standards from a vintage model (sales growth, survival, the dates each standard
     took effect, the phase-out campaigns);
  3. split over the 11 units by a key per class;
  4. calibration: in each unit, one activity factor per sector makes the NOx equal the
     inventory's; then one factor per unit, sector and pollutant scales the emission factors so
     every other pollutant equals it too. The factors are printed and documented.

Run from anywhere: python3 scenarios/liaocheng-2020/derive_fleet_dust.py
"""

import csv
import io
import math
import os

HERE = os.path.dirname(os.path.abspath(__file__))
DIRS = {2020: HERE, 2016: os.path.join(HERE, "..", "liaocheng-2016")}
POLS = ["so2", "nox", "pm25", "pm10", "vocs", "co"]
STANDARDS = ["China0", "China1", "China2", "China3", "China4", "China5", "China6"]

ROAD = ["car", "taxi", "bus", "light_truck", "medium_truck", "heavy_truck", "tricycle",
        "low_speed_truck", "tractor", "motorcycle"]
NONROAD = ["nonroad_construction", "nonroad_industrial", "nonroad_agriculture"]


def read_counties(year):
    with open(os.path.join(DIRS[year], "counties.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    out = {}
    for r in rows:
        out[r["id"]] = {k: (v if k in ("id", "name_zh", "name_en", "kind") else float(v))
                        for k, v in r.items()}
    return out


# ------------------------------------------------------------------------------------------
# Base emission factors, g/km, from the MEE technical guide for road-vehicle emission
# inventories (道路机动车大气污染物排放清单编制技术指南（试行）, 2014), base factors as tabulated
# in the `vein` R package's tests of `ef_china` (atmoschem/vein, tests/testthat/
# test-ef_china.R). Order: pre-China1, China1 ... China5. Pollutants CO, HC, NOx, PM2.5, PM10.
# The guide has no China6 and no tractor row: see `extend` below.
GUIDE = {
    # 微型/小型 light gasoline passenger car ("PV Mini G"): the vein "Small" set has China4/5 NOx
    # of 0.196/0.147 g/km, above the China 4/5 type-approval limits (0.08/0.06), so the "Mini"
    # set (0.032/0.017) is the one consistent with the limits.
    "car_gasoline": {
        "co": [25.72, 6.71, 2.52, 1.18, 0.68, 0.46],
        "hc": [2.685, 0.663, 0.314, 0.191, 0.075, 0.056],
        "nox": [1.971, 0.409, 0.324, 0.1, 0.032, 0.017],
        "pm25": [0.028, 0.026, 0.011, 0.007, 0.003, 0.003],
        "pm10": [0.031, 0.029, 0.012, 0.008, 0.003, 0.003]},
    "taxi_gasoline": {  # "PV Taxi G"
        "co": [36.96, 16.12, 7.27, 3.03, 2.45, 2.45],
        "hc": [3.84, 1.368, 0.963, 0.454, 0.277, 0.257],
        "nox": [2.159, 0.767, 0.81, 0.204, 0.135, 0.095],
        "pm25": [0.028, 0.026, 0.011, 0.007, 0.003, 0.003],
        "pm10": [0.031, 0.029, 0.012, 0.008, 0.003, 0.003]},
    "bus_diesel": {  # "PV Bus D" (large bus)
        "co": [10.53, 9.86, 8.68, 6.74, 3.25, 1.62],
        "hc": [2.668, 0.576, 0.351, 0.283, 0.107, 0.054],
        "nox": [12.421, 11.156, 9.892, 9.892, 9.892, 8.64],
        "pm25": [1.286, 0.983, 0.882, 0.395, 0.252, 0.126],
        "pm10": [1.429, 1.092, 0.98, 0.439, 0.28, 0.14]},
    "light_truck_gasoline": {  # "Trucks Mini G"
        "co": [47.83, 26.16, 21.54, 5.61, 2.37, 2.37],
        "hc": [4.987, 3.324, 2.21, 0.61, 0.169, 0.169],
        "nox": [3.31, 2.006, 1.656, 0.534, 0.229, 0.172],
        "pm25": [0.099, 0.06, 0.018, 0.011, 0.006, 0.006],
        "pm10": [0.11, 0.067, 0.02, 0.012, 0.007, 0.007]},
    "light_truck_diesel": {  # "Trucks Light D"
        "co": [3.28, 4.19, 3.22, 1.88, 1.48, 1.48],
        "hc": [2.097, 2.04, 1.305, 0.368, 0.186, 0.186],
        "nox": [6.758, 5.578, 5.578, 3.765, 2.636, 2.24],
        "pm25": [0.435, 0.269, 0.261, 0.13, 0.058, 0.012],
        "pm10": [0.483, 0.299, 0.29, 0.144, 0.064, 0.013]},
    "medium_truck_diesel": {  # "Trucks Medium D"
        "co": [12.05, 4.24, 4.63, 2.09, 1.65, 1.65],
        "hc": [3.56, 1.612, 0.421, 0.203, 0.103, 0.103],
        "nox": [10.782, 7.479, 6.221, 6.221, 4.354, 3.701],
        "pm25": [1.322, 0.905, 0.273, 0.171, 0.099, 0.02],
        "pm10": [1.45, 1.006, 0.303, 0.19, 0.11, 0.022]},
    "heavy_truck_diesel": {  # "Trucks Heavy D"
        "co": [13.6, 5.79, 3.08, 2.79, 2.2, 2.2],
        "hc": [4.083, 0.897, 0.52, 0.255, 0.129, 0.129],
        "nox": [13.823, 9.589, 7.934, 7.934, 5.554, 4.721],
        "pm25": [1.322, 0.623, 0.502, 0.243, 0.138, 0.027],
        "pm10": [1.45, 0.692, 0.558, 0.27, 0.153, 0.03]},
    "tricycle_diesel": {  # "PV 3-Wheel D": pre-China1, China1, China2 only
        "co": [1.98, 0.95, 0.75], "hc": [0.4, 0.24, 0.16], "nox": [1.08, 1.07, 0.87],
        "pm25": [0.074, 0.064, 0.049], "pm10": [0.078, 0.068, 0.053]},
    "low_speed_truck_diesel": {  # "Trucks Low Speed D": pre-China1, China1, China2 only
        "co": [4.52, 2.62, 2.06], "hc": [1.32, 1.16, 0.75], "nox": [3.95, 3.88, 3.14],
        "pm25": [0.175, 0.157, 0.122], "pm10": [0.185, 0.166, 0.131]},
    "motorcycle_gasoline": {  # "PV Motorcycles G": pre-China1 ... China3
        "co": [14.2, 8.96, 2.58, 1.11], "hc": [2.01, 0.99, 0.53, 0.21],
        "nox": [0.13, 0.14, 0.15, 0.1], "pm25": [0.03, 0.018, 0.008, 0.003],
        "pm10": [0.033, 0.02, 0.009, 0.003]},
}
# ASSUMED extensions, each by the ratio of the type-approval limits of the next standard:
# China6 light gasoline (GB 18352.6 vs .5): CO, HC, NOx x 0.6, PM x 1 (GDI engines);
# China6 diesel (heavy: NOx 0.46 vs 2.0 g/kWh, PM 0.01 vs 0.02): NOx x 0.3, PM x 0.5, CO/HC x 1;
# China4 motorcycles (GB 14622-2016 vs 2007): all x 0.6.
CHINA6 = {"gasoline": {"co": 0.6, "hc": 0.6, "nox": 0.6, "pm25": 1.0, "pm10": 1.0},
          "diesel": {"co": 1.0, "hc": 1.0, "nox": 0.3, "pm25": 0.5, "pm10": 0.5}}
MOTO_CHINA4 = 0.6
# Tractors on the road (运输型拖拉机 hauling): no guide row; ASSUMED the low-speed truck factors
# x 1.3 (single-cylinder engines, no after-treatment, heavier loads).
TRACTOR_FACTOR = 1.3

# Gas vehicles, ASSUMED multipliers on the same class's base fuel and standard (stoichiometric
# CNG/LNG engines: little PM and no evaporation, NOx a little below diesel, more CO).
GAS = {
    "taxi": ("taxi_gasoline", {"co": 0.6, "hc": 0.5, "nox": 1.0, "pm25": 0.5, "pm10": 0.5}),
    "bus": ("bus_diesel", {"co": 1.5, "hc": 1.0, "nox": 0.7, "pm25": 0.1, "pm10": 0.1}),
    "heavy_truck": ("heavy_truck_diesel", {"co": 2.0, "hc": 1.0, "nox": 0.8, "pm25": 0.1, "pm10": 0.1}),
}
# VOCs from HC: gasoline exhaust HC x 1.3 for evaporation (ASSUMED: evaporative losses of the
# order of a third of exhaust HC in the guide's own method); diesel and gas x 1.0.
EVAP = {"gasoline": 1.3, "diesel": 1.0, "gas": 1.0}

# Fuel use, L/100 km (ASSUMED typical Chinese in-use values) and density kg/L, for SO2.
FUEL_L100 = {"car": 8, "taxi": 9, "bus": 30, "light_truck": 11, "medium_truck": 20,
             "heavy_truck": 33, "tricycle": 6, "low_speed_truck": 10, "tractor": 12,
             "motorcycle": 2.5}
DENSITY = {"gasoline": 0.74, "diesel": 0.84}
# Sulfur, mass fraction. Road fuels: China V (10 ppm) in Shandong from 2016 (the eleven eastern
# provinces' early supply) and everywhere in 2020. Tricycles, low-speed trucks, tractors and
# non-road machinery burned 普通柴油: 350 ppm until mid-2017, 10 ppm from 2018.
SULFUR = {2016: {"road": 10e-6, "ordinary": 350e-6}, 2020: {"road": 10e-6, "ordinary": 10e-6}}
ORDINARY_DIESEL = {"tricycle", "low_speed_truck", "tractor"}


def road_ef(cls, fuel, std_index, year):
    """Base EF (g/km) by pollutant for a road row; std_index 0..6 for China0..China6."""
    if fuel == "electric":
        return {p: 0.0 for p in POLS}
    if fuel == "gas":
        base_key, mult = GAS[cls]
        b = road_ef_key(base_key, std_index, "diesel" if "diesel" in base_key else "gasoline")
        ef = {p: b[p] * mult[p] for p in ("co", "hc", "nox", "pm25", "pm10")}
    else:
        key = {"tractor": "low_speed_truck_diesel"}.get(cls, f"{cls}_{fuel}")
        # Tractors follow the non-road stages (up to III); the low-speed table stops at China2.
        ef = road_ef_key(key, min(std_index, 2) if cls == "tractor" else std_index, fuel)
        if cls == "tractor":
            ef = {p: v * TRACTOR_FACTOR for p, v in ef.items()}
    out = {"nox": ef["nox"], "pm25": ef["pm25"], "pm10": ef["pm10"], "co": ef["co"],
           "vocs": ef["hc"] * EVAP[fuel]}
    if fuel == "gas":
        out["so2"] = 0.0
    else:
        s = SULFUR[year]["ordinary" if cls in ORDINARY_DIESEL else "road"]
        out["so2"] = FUEL_L100[cls] / 100 * DENSITY[fuel] * 1000 * s * 2
    return out


def road_ef_key(key, i, fuel):
    table = GUIDE[key]
    n = len(table["co"])
    if i < n:
        return {p: table[p][i] for p in table}
    if key == "motorcycle_gasoline":
        return {p: table[p][n - 1] * MOTO_CHINA4 for p in table}
    assert i == 6 and n == 6, (key, i)
    return {p: table[p][5] * CHINA6[fuel][p] for p in table}


# Non-road machinery: activity in kWh of engine work; EF g/kWh. ASSUMED from the limit values of
# GB 20891 (stage I 2007, II 2009, III 2014/2016) for 37-130 kW diesel engines with an in-use
# margin, and uncontrolled (pre-stage) engines of the order of the US EPA NONROAD Tier 0 values.
# Order China0 (pre-stage) ... China3 (stage III); China4 (stage IV, Dec 2022) is not in use.
NR_EF = {"co": [6.0, 5.0, 4.5, 3.5], "hc": [1.6, 1.3, 1.0, 0.6], "nox": [11.0, 9.2, 7.0, 4.5],
         "pm25": [1.1, 0.65, 0.38, 0.23], "pm10": [1.2, 0.7, 0.41, 0.25]}
NR_BSFC = 0.25  # kg fuel per kWh (ASSUMED typical diesel)
# LPG forklifts (nonroad_industrial, gas): ASSUMED multipliers on diesel of the same stage.
NR_GAS = {"co": 3.0, "hc": 1.0, "nox": 0.5, "pm25": 0.1, "pm10": 0.1}


def nonroad_ef(fuel, i, year):
    if fuel == "electric":
        return {p: 0.0 for p in POLS}
    ef = {p: NR_EF[p][i] for p in NR_EF}
    if fuel == "gas":
        ef = {p: v * NR_GAS[p] for p, v in ef.items()}
    out = {"nox": ef["nox"], "pm25": ef["pm25"], "pm10": ef["pm10"], "co": ef["co"],
           "vocs": ef["hc"]}
    out["so2"] = 0.0 if fuel == "gas" else NR_BSFC * 1000 * SULFUR[year]["ordinary"] * 2
    return out


# ------------------------------------------------------------------------------------------
# Step 1: city fleet. 汽车 (cars, buses, trucks) per person: national 2.81亿 / 14.1亿 = 0.20 at
# end-2020 and 1.94亿 / 13.8亿 = 0.14 at end-2016 (Ministry of Public Security year-end figures);
# Shandong runs above the national mean: ASSUMED 0.22 and 0.155 for Liaocheng, i.e. 1.31 and
# 0.925 million 汽车 on the 5.95 million census population.
AUTOS = {2020: 1_310_000, 2016: 925_000}
# Shares of 汽车 (ASSUMED): trucks ~13 % (national ~11 %, more in a logistics and farming city;
# heavy trucks include an equivalent for transit trucks on the city's corridors).
SHARE = {2020: {"taxi": 0.0026, "bus": 0.0069, "light_truck": 0.085, "medium_truck": 0.010,
                "heavy_truck": 0.035},
         2016: {"taxi": 0.0035, "bus": 0.0086, "light_truck": 0.100, "medium_truck": 0.015,
                "heavy_truck": 0.040}}
# Vehicles outside 汽车 (ASSUMED): rural tricycles and low-speed trucks (no new registrations
# after the 2015 upgrade, scrapped since), tractors used for road haulage, motorcycles (being
# replaced by e-bikes). Non-road machines: construction (excavators, loaders, rollers, cranes),
# industrial (forklifts, loaders in plants and parks), agricultural (tractors in field work,
# combines, pumps).
OTHER = {2020: {"tricycle": 30_000, "low_speed_truck": 25_000, "tractor": 35_000,
                "motorcycle": 170_000, "nonroad_construction": 7_500,
                "nonroad_industrial": 9_000, "nonroad_agriculture": 180_000},
         2016: {"tricycle": 60_000, "low_speed_truck": 45_000, "tractor": 50_000,
                "motorcycle": 260_000, "nonroad_construction": 7_000,
                "nonroad_industrial": 8_000, "nonroad_agriculture": 200_000}}
# Fuel shares (ASSUMED): national new-energy share 1.75 % of vehicles in 2020; public buses
# ~2/3 new energy nationally in 2020 and Liaocheng builds buses (中通客车), coaches stay diesel;
# taxis mostly CNG; LNG heavy trucks a few per cent; electric forklifts.
FUELS = {2020: {"car": {"gasoline": 0.98, "electric": 0.02},
                "taxi": {"gas": 0.70, "gasoline": 0.15, "electric": 0.15},
                "bus": {"diesel": 0.69, "gas": 0.10, "electric": 0.21},
                "light_truck": {"diesel": 0.60, "gasoline": 0.38, "electric": 0.02},
                "heavy_truck": {"diesel": 0.95, "gas": 0.05},
                "nonroad_construction": {"diesel": 0.97, "electric": 0.03},
                "nonroad_industrial": {"diesel": 0.60, "gas": 0.05, "electric": 0.35}},
         2016: {"car": {"gasoline": 0.997, "electric": 0.003},
                "taxi": {"gas": 0.85, "gasoline": 0.15},
                "bus": {"diesel": 0.74, "gas": 0.18, "electric": 0.08},
                "light_truck": {"diesel": 0.65, "gasoline": 0.35},
                "heavy_truck": {"diesel": 0.98, "gas": 0.02},
                "nonroad_construction": {"diesel": 1.0},
                "nonroad_industrial": {"diesel": 0.70, "gas": 0.05, "electric": 0.25}}}
DEFAULT_FUEL = {"medium_truck": "diesel", "tricycle": "diesel", "low_speed_truck": "diesel",
                "tractor": "diesel", "motorcycle": "gasoline", "nonroad_agriculture": "diesel"}

# Daily activity before calibration (ASSUMED typical values; the guide's annual mileages are of
# this order): km a day for road classes, kWh of engine work a day for non-road machines
# (rated power x load factor x annual hours / 365: construction 90 kW x 0.4 x 1,000 h;
# industrial 45 kW x 0.3 x 1,100 h; agricultural 25 kW x 0.4 x 450 h).
DAILY = {"car": 35, "taxi": 300, "bus": 170, "light_truck": 80, "medium_truck": 110,
         "heavy_truck": 200, "tricycle": 30, "low_speed_truck": 40, "tractor": 10,
         "motorcycle": 12, "nonroad_construction": 99, "nonroad_industrial": 41,
         "nonroad_agriculture": 12}

# Step 2: vintage model. Dates (decimal year) from which new vehicles had to meet each standard
# (national dates; Shandong's early light-duty China5 in April 2016 and China6 in July 2019).
DATES = {
    "light_gasoline": [2000.5, 2004.5, 2007.5, 2011.5, 2016.25, 2019.5],
    "light_diesel": [2000.5, 2004.5, 2008.0, 2015.0, 2018.0, 2020.5],
    "heavy_diesel": [2001.7, 2004.7, 2008.5, 2013.5, 2017.5, 2021.5],
    "urban_heavy": [2001.7, 2004.7, 2008.5, 2013.5, 2017.5, 2020.5],  # buses: key regions
    "motorcycle": [2003.0, 2004.5, 2010.5, 2019.5],
    "rural": [2007.0, 2008.0],  # GB 19756 stages for tricycles and low-speed trucks
    "nonroad": [2007.8, 2009.8, 2015.5],  # GB 20891 stages I-III (farm machinery later)
}
# (vintage-date family, annual sales growth, median life in years) — ASSUMED; taxis are
# scrapped at 8 years by rule, the rural classes shrink (negative growth: no new sales).
VINTAGE = {"car": ("light_gasoline", 0.12, 15), "taxi": ("light_gasoline", 0.0, 6),
           "bus": ("urban_heavy", 0.03, 10), "light_truck": (None, 0.05, 12),
           "medium_truck": ("heavy_diesel", 0.0, 12), "heavy_truck": ("heavy_diesel", 0.05, 10),
           "tricycle": ("rural", -0.10, 10), "low_speed_truck": ("rural", -0.10, 10),
           "tractor": ("nonroad", 0.0, 12), "motorcycle": ("motorcycle", -0.05, 10),
           "nonroad_construction": ("nonroad", 0.05, 10),
           "nonroad_industrial": ("nonroad", 0.05, 12),
           "nonroad_agriculture": ("nonroad", 0.0, 14)}
# Phase-out campaigns (ASSUMED survival multipliers on top of the vintage model): yellow-label
# vehicles (gasoline before China1, diesel before China3) cleared in Shandong by 2017; China3
# operating medium/heavy diesel trucks being cleared in the "2+26" cities by end-2020 (Blue Sky
# action plan, 国发〔2018〕22号).
PHASE_OUT = {2016: {"yellow": 0.4, "truck_china3": 1.0}, 2020: {"yellow": 0.03, "truck_china3": 0.4}}


def vintage_shares(cls, fuel, year):
    """Shares of the class's vehicles by standard index (0..6)."""
    family, growth, life = VINTAGE[cls]
    if family is None:
        family = "light_diesel" if fuel == "diesel" else "light_gasoline"
    if family == "light_gasoline" and fuel == "diesel":
        family = "light_diesel"
    dates = DATES[family]
    shares = [0.0] * 7
    for age in range(0, 35):
        registered = year + 0.5 - age  # mid-year of the fleet year minus age
        w = (1 + growth) ** (-age) / (1 + (age / life) ** 4)
        std = sum(1 for d in dates if registered >= d)
        if std < 7:
            shares[std] += w
    diesel = fuel in ("diesel", "gas") and cls not in ("car", "taxi", "motorcycle")
    yellow_below = 3 if diesel and family not in ("rural", "nonroad") else 1
    if family not in ("rural", "nonroad"):
        for i in range(yellow_below):
            shares[i] *= PHASE_OUT[year]["yellow"]
    if cls in ("medium_truck", "heavy_truck"):
        shares[3] *= PHASE_OUT[year]["truck_china3"]
    total = sum(shares)
    return [s / total for s in shares]


# Step 3: split keys per class over the units (ASSUMED, documented): cars by 0.7 urban + 0.3 all
# population; taxis, buses and construction machines by urban population; light trucks by
# population; medium trucks by population; heavy trucks 0.6 area (the freight corridors cross
# every unit), 0.4 population; rural vehicles by rural population; tractors and farm machines by
# farmland (area x rural share); industrial machines by industry (the unit's power + industry
# NOx). The keys stay close to the inventory's own onroad split (60 % population, 40 % area) so
# that the calibration factors differ little between units.
def keys(c):
    pop = {k: v["population"] for k, v in c.items()}
    urb = {k: v["population"] * v["urban_share"] for k, v in c.items()}
    rur = {k: v["population"] * (1 - v["urban_share"]) for k, v in c.items()}
    area = {k: v["area_km2"] for k, v in c.items()}
    farm = {k: v["area_km2"] * (1 - v["urban_share"]) for k, v in c.items()}
    ind = {k: v["power_nox"] + v["industry_nox"] for k, v in c.items()}

    def norm(d):
        t = sum(d.values())
        return {k: v / t for k, v in d.items()}

    def mix(*parts):
        out = {k: 0.0 for k in c}
        for w, d in parts:
            for k, v in norm(d).items():
                out[k] += w * v
        return out

    return {"car": mix((0.7, urb), (0.3, pop)), "taxi": norm(urb), "bus": norm(urb),
            "light_truck": norm(pop), "medium_truck": norm(pop),
            "heavy_truck": mix((0.6, area), (0.4, pop)), "tricycle": norm(rur),
            "low_speed_truck": norm(rur), "tractor": norm(farm), "motorcycle": norm(rur),
            "nonroad_construction": norm(urb), "nonroad_industrial": norm(ind),
            "nonroad_agriculture": norm(farm)}


# Share of each class's activity inside the urban areas where the bans and the odd-even rule
# apply (城区, the four outer ring roads), for a unit as urban as the city: ASSUMED by class,
# then scaled by the unit's urban share over the city's and capped at 0.95. Heavy trucks mostly
# run the expressways and bypasses; farm vehicles run in the fields and villages. For non-road
# rows it is the share inside urban areas (information only: the non-road ban is by place, see
# TRAFFIC-DUST.md).
URBAN_BASE = {"car": 0.40, "taxi": 0.80, "bus": 0.55, "light_truck": 0.35, "medium_truck": 0.20,
              "heavy_truck": 0.08, "tricycle": 0.15, "low_speed_truck": 0.10, "tractor": 0.05,
              "motorcycle": 0.25, "nonroad_construction": 0.50, "nonroad_industrial": 0.30,
              "nonroad_agriculture": 0.0}
# Share of the class's activity exempt from the bans for reasons the row does not show (the
# row's fuel and standard already show new energy and compliant standards) — ASSUMED, reasons
# in TRAFFIC-DUST.md: city operation (public transport, sanitation, utilities, police),
# special tasks, postal and express, disabled drivers, hazmat and special vehicles, emergency
# repair.
EXEMPT = {"car": 0.03, "taxi": 0.90, "bus": 0.40, "light_truck": 0.20, "medium_truck": 0.10,
          "heavy_truck": 0.12, "tricycle": 0.02, "low_speed_truck": 0.02, "tractor": 0.05,
          "motorcycle": 0.02, "nonroad_construction": 0.03, "nonroad_industrial": 0.05,
          "nonroad_agriculture": 0.0}

SECTOR_OF = {c: "onroad" for c in ROAD} | {c: "nonroad" for c in NONROAD}


def build_fleet(year):
    c = read_counties(year)
    k = keys(c)
    city_urban = sum(v["population"] * v["urban_share"] for v in c.values()) / \
        sum(v["population"] for v in c.values())
    counts = {cls: AUTOS[year] * SHARE[year][cls] for cls in SHARE[year]}
    counts["car"] = AUTOS[year] - sum(counts.values())
    counts.update(OTHER[year])
    rows = []  # dicts: county, class, fuel, standard, count, daily, urban, exempt, ef{}
    for county in c:
        for cls in ROAD + NONROAD:
            fuels = FUELS[year].get(cls, {DEFAULT_FUEL.get(cls, "diesel"): 1.0})
            for fuel, fshare in fuels.items():
                if fuel == "electric":
                    stds = [(7, 1.0)]
                else:
                    stds = list(enumerate(vintage_shares(cls, fuel, year)))
                for i, sshare in stds:
                    n = round(counts[cls] * k[cls][county] * fshare * sshare)
                    if n < 1:
                        continue
                    std = "NEV" if i == 7 else STANDARDS[i]
                    if cls in NONROAD:
                        ef = nonroad_ef(fuel, min(i, 3), year) if i < 7 else nonroad_ef(fuel, 0, year)
                    else:
                        ef = road_ef(cls, fuel, i, year) if i < 7 else {p: 0.0 for p in POLS}
                    urban = min(0.95, URBAN_BASE[cls] * c[county]["urban_share"] / city_urban)
                    rows.append({"county": county, "class": cls, "fuel": fuel, "standard": std,
                                 "count": n, "daily": DAILY[cls], "urban": round(urban, 3),
                                 "exempt": EXEMPT[cls], "ef": ef})
    # Step 4: calibration per unit and sector.
    factors = {}
    for county in c:
        for sector in ("onroad", "nonroad"):
            mine = [r for r in rows if r["county"] == county and SECTOR_OF[r["class"]] == sector]
            nox = sum(r["count"] * r["daily"] * 365 * r["ef"]["nox"] for r in mine) / 1e6
            s = c[county][f"{sector}_nox"] / nox
            for r in mine:
                r["daily"] = round(r["daily"] * s, 4)
            f = {"activity": s}
            # PM10 is calibrated through its coarse part (PM10 - PM2.5), so that scaling the two
            # to the inventory never leaves a class with less PM10 than PM2.5.
            for r in mine:
                r["ef"]["pm10"] = r["ef"]["pm10"] - r["ef"]["pm25"]
            for p in POLS:
                want = c[county][f"{sector}_{p}"]
                if p == "pm10":
                    want -= c[county][f"{sector}_pm25"]
                bottom = sum(r["count"] * r["daily"] * 365 * r["ef"][p] for r in mine) / 1e6
                kf = want / bottom if bottom > 0 else 0.0
                f[p] = kf
                for r in mine:
                    r["ef"][p] = r["ef"][p] * kf
            for r in mine:
                r["ef"]["pm10"] = r["ef"]["pm10"] + r["ef"]["pm25"]
            factors[(county, sector)] = f
    return c, rows, factors


def sig(x, digits=7):
    if x == 0:
        return "0"
    return f"{x:.{digits}g}"


def write_fleet(year, rows):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["county", "class", "fuel", "standard", "count", "daily_km", "urban_share",
                "ef_so2", "ef_nox", "ef_pm25", "ef_pm10", "ef_vocs", "ef_co", "exempt_share"])
    for r in rows:
        w.writerow([r["county"], r["class"], r["fuel"], r["standard"], r["count"],
                    f"{r['daily']:.4f}", f"{r['urban']:.3f}"]
                   + [sig(r["ef"][p]) for p in POLS] + [f"{r['exempt']:.2f}"])
    with open(os.path.join(DIRS[year], "fleet.csv"), "w", encoding="utf-8", newline="") as f:
        f.write(out.getvalue())


# ------------------------------------------------------------------------------------------
# Dust. City shares of dust PM10 by source (ASSUMED from the structure of Chinese city dust
# inventories built with the 2014 MEE dust guide: roads 40-60 %, construction 15-35 %, yards and
# stockpiles 5-15 %, bare soil 5-25 %); PM2.5 takes the same shares (the inventory's dust PM2.5
# is 0.25 x PM10 for every source). Fireworks are in the air model, not here.
DUST_SHARE = {
    2020: {"road_arterial": 0.18, "road_other": 0.27, "construction_site": 0.25, "soil": 0.12,
           "bulk_storage": 0.07, "aggregate_yard": 0.04, "stone_works": 0.01,
           "slate_works": 0.005, "haul_vehicles": 0.055},
    2016: {"road_arterial": 0.16, "road_other": 0.238, "construction_site": 0.27, "soil": 0.12,
           "bulk_storage": 0.08, "aggregate_yard": 0.05, "stone_works": 0.015,
           "slate_works": 0.007, "haul_vehicles": 0.06},
}
# City counts (ASSUMED): active construction sites; aggregate yards, stone and slate works (the
# 散乱污 clean-up halved them by 2020); km of arterial roads and designated dusty sections
# (washed under the plan) and of other paved roads; enterprise open-air stockpiles; muck, coal
# and sand-gravel haul trucks; km² of bare farmland in winter.
DUST_COUNT = {
    2020: {"construction_site": 600, "aggregate_yard": 120, "stone_works": 30, "slate_works": 10,
           "road_arterial": 900, "road_other": 21000, "bulk_storage": 400, "haul_vehicles": 3000,
           "soil": 1500},
    2016: {"construction_site": 700, "aggregate_yard": 250, "stone_works": 60, "slate_works": 20,
           "road_arterial": 800, "road_other": 19000, "bulk_storage": 600, "haul_vehicles": 5000,
           "soil": 1800},
}
# Share of construction dust from guaranteed key projects (§4.4.1.3, §4.6: "严格控制数量"):
# ASSUMED 15 % in 2020 (the Zhengzhou-Jinan high-speed railway and expressway works crossing
# the city, livelihood projects), 10 % in 2016. Only construction sites have guaranteed shares.
GUARANTEED = {2020: 0.15, 2016: 0.10}
WASHABLE = {"road_arterial"}
DUST_ORDER = ["construction_site", "aggregate_yard", "stone_works", "slate_works",
              "road_arterial", "road_other", "bulk_storage", "haul_vehicles", "soil"]


def dust_keys(c):
    urb = {k: v["population"] * v["urban_share"] for k, v in c.items()}
    area = {k: v["area_km2"] for k, v in c.items()}
    farm = {k: v["area_km2"] * (1 - v["urban_share"]) for k, v in c.items()}
    ind = {k: v["industry_pm10"] + v["power_pm10"] for k, v in c.items()}

    def norm(d):
        t = sum(d.values())
        return {k: v / t for k, v in d.items()}

    n_urb, n_area, n_ind = norm(urb), norm(area), norm(ind)
    return {"road_arterial": n_urb, "road_other": n_area, "construction_site": n_urb,
            "soil": norm(farm), "bulk_storage": n_ind, "aggregate_yard": n_area,
            "stone_works": n_area, "slate_works": n_area,
            "haul_vehicles": {k: 0.5 * n_urb[k] + 0.5 * n_ind[k] for k in c}}


def build_dust(year):
    c = read_counties(year)
    k = dust_keys(c)
    total10 = sum(v["dust_pm10"] for v in c.values())
    # Iterative proportional fitting: unit totals from counties.csv, source totals from the
    # city shares; ends on the unit step so that every unit adds up exactly.
    m = {(cy, s): k[s][cy] * DUST_SHARE[year][s] * total10 for cy in c for s in DUST_ORDER}
    for _ in range(200):
        for s in DUST_ORDER:
            t = sum(m[(cy, s)] for cy in c)
            for cy in c:
                m[(cy, s)] *= DUST_SHARE[year][s] * total10 / t
        for cy in c:
            t = sum(m[(cy, s)] for s in DUST_ORDER)
            for s in DUST_ORDER:
                m[(cy, s)] *= c[cy]["dust_pm10"] / t
    rows = []
    for cy in c:
        share = {s: m[(cy, s)] / c[cy]["dust_pm10"] for s in DUST_ORDER}
        pm10 = {s: round(share[s] * c[cy]["dust_pm10"], 3) for s in DUST_ORDER}
        pm25 = {s: round(share[s] * c[cy]["dust_pm25"], 3) for s in DUST_ORDER}
        # The last source takes the rounding so the unit adds up to the thousandth.
        pm10["soil"] = round(c[cy]["dust_pm10"] - sum(v for s, v in pm10.items() if s != "soil"), 3)
        pm25["soil"] = round(c[cy]["dust_pm25"] - sum(v for s, v in pm25.items() if s != "soil"), 3)
        for s in DUST_ORDER:
            city_s = sum(m[(x, s)] for x in c)
            count = DUST_COUNT[year][s] * m[(cy, s)] / city_s
            count = round(count, 1) if s in ("road_arterial", "road_other", "soil") else round(count)
            rows.append({"county": cy, "source": s, "count": count, "pm10": pm10[s],
                         "pm25": pm25[s],
                         "guaranteed": GUARANTEED[year] if s == "construction_site" else 0.0,
                         "washable": 1 if s in WASHABLE else 0})
    return c, rows


def write_dust(year, rows):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["county", "source", "count", "pm10_t", "pm25_t", "guaranteed_share", "washable"])
    for r in rows:
        w.writerow([r["county"], r["source"], r["count"], f"{r['pm10']:.3f}", f"{r['pm25']:.3f}",
                    f"{r['guaranteed']:.2f}", r["washable"]])
    with open(os.path.join(DIRS[year], "dust.csv"), "w", encoding="utf-8", newline="") as f:
        f.write(out.getvalue())


def report(year, c, rows, factors, dust_rows):
    print(f"\n## {year}\n")
    print("| class | vehicles | vehicle-km or kWh a day (million) | NOx t | PM2.5 t | VOCs t | "
          "China-IV-and-below share (non-road: China-II-and-below) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for cls in ROAD + NONROAD:
        mine = [r for r in rows if r["class"] == cls]
        n = sum(r["count"] for r in mine)
        act = sum(r["count"] * r["daily"] for r in mine)
        e = {p: sum(r["count"] * r["daily"] * 365 * r["ef"][p] for r in mine) / 1e6 for p in POLS}
        upto = 3 if cls in NONROAD else 5
        old = sum(r["count"] for r in mine if r["standard"] in STANDARDS[:upto]) / n
        print(f"| {cls} | {n:,} | {act / 1e6:.2f} | {e['nox']:,.0f} | {e['pm25']:,.0f} | "
              f"{e['vocs']:,.0f} | {old:.0%} |")
    print("\nCalibration factors (activity; EF factor per pollutant), min–max over the units:\n")
    print("| sector | activity | so2 | nox | pm25 | pm10 | vocs | co |")
    print("|---|---|---|---|---|---|---|---|")
    for sector in ("onroad", "nonroad"):
        fs = [f for (cy, s), f in factors.items() if s == sector]
        cells = []
        for key in ["activity"] + POLS:
            lo, hi = min(f[key] for f in fs), max(f[key] for f in fs)
            cells.append(f"{lo:.2f}–{hi:.2f}")
        print(f"| {sector} | " + " | ".join(cells) + " |")
    print("\n| source | count | PM10 t | PM2.5 t | share |")
    print("|---|---:|---:|---:|---:|")
    tot = sum(r["pm10"] for r in dust_rows)
    for s in DUST_ORDER:
        mine = [r for r in dust_rows if r["source"] == s]
        p10 = sum(r["pm10"] for r in mine)
        print(f"| {s} | {sum(r['count'] for r in mine):,.0f} | {p10:,.0f} | "
              f"{sum(r['pm25'] for r in mine):,.0f} | {p10 / tot:.1%} |")
    # Self-check: the files add up to the inventory.
    for cy in c:
        for sector, classes in (("onroad", ROAD), ("nonroad", NONROAD)):
            for p in POLS:
                e = sum(r["count"] * r["daily"] * 365 * r["ef"][p] for r in rows
                        if r["county"] == cy and r["class"] in classes) / 1e6
                assert abs(e - c[cy][f"{sector}_{p}"]) < 1e-6 * max(1, e), (cy, sector, p, e)
        for p, col in (("pm10", "dust_pm10"), ("pm25", "dust_pm25")):
            e = sum(r[p] for r in dust_rows if r["county"] == cy)
            assert abs(e - c[cy][col]) < 1e-6, (cy, p, e)


def main():
    for year in (2016, 2020):
        c, rows, factors = build_fleet(year)
        write_fleet(year, rows)
        _, dust_rows = build_dust(year)
        write_dust(year, dust_rows)
        report(year, c, rows, factors, dust_rows)


if __name__ == "__main__":
    main()
