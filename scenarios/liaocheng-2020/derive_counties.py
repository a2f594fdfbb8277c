#!/usr/bin/env python3
"""Derive the county tables of the Liaocheng scenarios.

Writes `../liaocheng-2016/counties.csv` and `counties.csv` (beside this script) and prints the
Markdown tables quoted in EMISSIONS.md. Standard library only; deterministic.

Every number below is one of: a sourced figure (its source in the comment and in EMISSIONS.md),
a figure derived from sourced ones by the rule written here, or an assumption marked ASSUMED with
its reason. EMISSIONS.md explains each; keep the two in step when a number changes.

Run from anywhere: python3 scenarios/liaocheng-2020/derive_counties.py
"""

import csv
import io
import os

HERE = os.path.dirname(os.path.abspath(__file__))

SECTORS = ["power", "industry", "residential", "onroad", "nonroad", "dust", "agriculture", "solvent"]
SPECIES = ["so2", "nox", "pm25", "pm10", "vocs", "co", "nh3"]

# --------------------------------------------------------------------------------------------
# Units: id, name_zh (2016), name_zh (2020), name_en, kind 2016, kind 2020, area km2.
# Areas: county figures as commonly published (general reference, not re-verified: ASSUMED to
# +-3 %); the three zones are carved out of Dongchangfu's ~1,255 km2 and their split is ASSUMED
# (no published zone areas found). Total 8,716 km2 against the city's published ~8,715 km2.
UNITS = [
    ("dongchangfu", "东昌府区", "东昌府区", "Dongchangfu District", "district", "district", 760.0),
    ("chiping", "茌平县", "茌平区", "Chiping", "county", "district", 1116.0),
    ("linqing", "临清市", "临清市", "Linqing City", "city", "city", 955.0),
    ("yanggu", "阳谷县", "阳谷县", "Yanggu County", "county", "county", 1065.0),
    ("shenxian", "莘县", "莘县", "Shen County", "county", "county", 1416.0),
    ("guanxian", "冠县", "冠县", "Guan County", "county", "county", 1161.0),
    ("donge", "东阿县", "东阿县", "Dong'e County", "county", "county", 799.0),
    ("gaotang", "高唐县", "高唐县", "Gaotang County", "county", "county", 949.0),
    ("econ_zone", "聊城经济技术开发区", "聊城经济技术开发区",
     "Liaocheng Economic and Technological Development Zone", "zone", "zone", 195.0),
    ("hitech_zone", "聊城高新技术产业开发区", "聊城高新技术产业开发区",
     "Liaocheng High-tech Industrial Development Zone", "zone", "zone", 160.0),
    ("resort", "江北水城旅游度假区", "江北水城旅游度假区",
     "Jiangbei Shuicheng Tourism Resort", "zone", "zone", 140.0),
]
IDS = [u[0] for u in UNITS]
AREA = {u[0]: u[6] for u in UNITS}

# --------------------------------------------------------------------------------------------
# Population: 7th census (2020-11-01), 《聊城市第七次全国人口普查公报》 via secondary summaries.
CITY_POP = 5_952_100  # 595.21万 (exact head-count not published in the summaries)
POP = {
    "dongchangfu": 1_008_594,  # exact in the bulletin
    "chiping": 517_600,  # 51.76万
    "donge": 346_100,  # 34.61万
    "econ_zone": 209_200,  # 20.92万
    "hitech_zone": 149_400,  # 14.94万
    "resort": 121_700,  # 12.17万
}
# The bulletin: the five largest units (Dongchangfu, Shenxian, Linqing, Guanxian, Yanggu) hold
# 69.8 % of the city. Derived: the four counties together, Gaotang as the remainder, and the four
# split by their end-2023 resident populations (统计公报: 91.22, 78, 70, 68.87 万).
top_five = round(0.698 * CITY_POP)
four = top_five - POP["dongchangfu"]
POP["gaotang"] = CITY_POP - sum(POP.values()) - four
split_2023 = {"shenxian": 91.22, "linqing": 78.0, "guanxian": 70.0, "yanggu": 68.87}
total_2023 = sum(split_2023.values())
assigned = 0
for k in ["shenxian", "linqing", "guanxian"]:
    POP[k] = round(four * split_2023[k] / total_2023)
    assigned += POP[k]
POP["yanggu"] = four - assigned
assert sum(POP.values()) == CITY_POP

# Urban share. City level: 55.8 % at end-2023 (+0.96 points that year, 统计公报); back-cast at
# 0.96 points a year (ASSUMED constant pace): 52.9 % (2020), 49.1 % (2016). The relative level of
# each unit is ASSUMED (central district and zones most urban, rural counties least), then scaled
# by one factor so the population-weighted mean is the city figure.
CITY_URBAN = {2016: 0.558 - 7 * 0.0096, 2020: 0.558 - 3 * 0.0096}
URBAN_REL = {
    "dongchangfu": 0.80, "econ_zone": 0.72, "hitech_zone": 0.55, "resort": 0.45,
    "chiping": 0.50, "linqing": 0.50, "gaotang": 0.47, "donge": 0.47,
    "yanggu": 0.42, "guanxian": 0.42, "shenxian": 0.40,
}


def urban_shares(year):
    mean = sum(POP[k] * URBAN_REL[k] for k in IDS) / CITY_POP
    factor = CITY_URBAN[year] / mean
    return {k: round(URBAN_REL[k] * factor, 3) for k in IDS}


# Monitor weights: the national (国控) sites of Liaocheng, from the CNEMC site list
# (站点列表, 2022 edition): 1625A 区政府 (115.9848E 36.4372N), 1626A 二轻机 (115.9968E 36.4568N,
# since stopped), 1627A 党校 (115.9835E 36.4796N, stopped 2019-02-22), 2878A 聊大东校 (116.0072E
# 36.4343N), 3200A 监控中心 (115.9819E 36.4978N); 3512A/3513A came later (after 2020). All lie
# within ~5 km of the old town. Their county-level unit is read from the coordinates: ASSUMED all
# in the central district (1627A and 3200A lie north of the old town, where the district meets the
# zones; see EMISSIONS.md).
MONITOR = {2016: {"dongchangfu": 1.0}, 2020: {"dongchangfu": 1.0}}


def shares(weights):
    total = sum(weights.values())
    return {k: weights.get(k, 0.0) / total for k in IDS}


def pop_share():
    return shares(POP)


def area_share():
    return shares(AREA)


def mix(*parts):
    """Weighted sum of share vectors: mix((0.6, a), (0.4, b))."""
    out = {k: 0.0 for k in IDS}
    for w, s in parts:
        for k in IDS:
            out[k] += w * s[k]
    return out


# --------------------------------------------------------------------------------------------
# Emissions. E[unit][sector][species] in t/yr, built per sub-source with its county split.


def empty():
    return {k: {s: {p: 0.0 for p in SPECIES} for s in SECTORS} for k in IDS}


def add(E, sector, split, amounts):
    """Add city amounts {species: t} of `sector`, split over units by `split` (sums to 1)."""
    assert abs(sum(split.values()) - 1.0) < 1e-9, split
    for k in IDS:
        for p, t in amounts.items():
            E[k][sector][p] += t * split[k]


# Power and heat plants (public, captive, heat-only) burning coal. ASSUMED coal burned, Mt of raw
# coal a year, by unit in 2016 (no plant list with coal use found): Chiping's aluminium smelters
# need ~2.2 Mt Al x 13.5 MWh/t = 30 TWh, ~12.9 Mt raw coal, plus ~3.4 Mt for alumina steam;
# the rest are public/heat plants and other captive units (chemicals, paper, copper).
POWER_COAL_2016 = {
    "chiping": 16.0, "hitech_zone": 2.4, "econ_zone": 2.2, "dongchangfu": 1.6, "linqing": 1.6,
    "gaotang": 1.2, "yanggu": 1.0, "donge": 0.8, "shenxian": 0.4, "guanxian": 0.4, "resort": 0.4,
}
# 2020: Chiping's electrolytic capacity 2.2 Mt (ASSUMED, 2016) -> 1.58 Mt (2022, 大众日报): its
# captive coal scaled by the same ratio; other units unchanged (ASSUMED: Shandong's coal cap and
# demand growth offset).
AL_2016, AL_2020 = 2.2e6, 1.58e6
POWER_COAL_2020 = dict(POWER_COAL_2016, chiping=16.0 * AL_2020 / AL_2016)
FLUE_NM3_PER_T = 1.0e4  # ASSUMED: bituminous coal, ~9,000-11,000 Nm3 dry flue gas a tonne
# Stack concentrations, mg/Nm3. 2016: ASSUMED between GB 13223-2011's limits (SO2 200, NOx 100,
# dust 30) and ultra-low; 2020: ultra-low (超低排放) 35 / 50 / 10, required of coal units incl.
# captive ones in Shandong by 2020.
POWER_CONC = {2016: {"so2": 100.0, "nox": 100.0, "pm": 20.0},
              2020: {"so2": 35.0, "nox": 50.0, "pm": 10.0}}
POWER_PM10_OF_PM, POWER_PM25_OF_PM = 0.9, 0.6  # ASSUMED size fractions behind ESP/bags + WFGD
POWER_CO_KG_T, POWER_VOC_KG_T = 1.0, 0.1  # ASSUMED, MEIC-order national power CO, VOC per t coal
POWER_NH3_MG = 2.5  # SCR ammonia slip limit order (~3 ppm)


def power(E, year):
    coal = POWER_COAL_2016 if year == 2016 else POWER_COAL_2020
    c = POWER_CONC[year]
    total = sum(coal.values())
    split = {k: coal.get(k, 0.0) / total for k in IDS}
    gas = total * 1e6 * FLUE_NM3_PER_T  # Nm3
    pm = gas * c["pm"] * 1e-9
    add(E, "power", split, {
        "so2": gas * c["so2"] * 1e-9,
        "nox": gas * c["nox"] * 1e-9,
        "pm10": pm * POWER_PM10_OF_PM,
        "pm25": pm * POWER_PM25_OF_PM,
        "co": total * 1e6 * POWER_CO_KG_T / 1e3,
        "vocs": total * 1e6 * POWER_VOC_KG_T / 1e3,
        "nh3": gas * POWER_NH3_MG * 1e-9,
    })


def only(unit):
    return {k: (1.0 if k == unit else 0.0) for k in IDS}


# Industry (processes and industrial boilers, not power). Each sub-source: city amounts 2016 (t),
# its county split, and its 2016 -> 2020 factor per species.
def industry(E, year):
    ps = pop_share()
    sub = []
    # a) Electrolytic aluminium, Chiping. 2.2 Mt (ASSUMED) x EF kg/t (ASSUMED): SO2 12 (anode
    # sulphur, no pot-gas desulphurisation in 2016), NOx 0.5, PM 2 (PM10 1.7, PM2.5 1.2), CO 100.
    # 2020: 1.58 Mt (sourced) and pot-gas desulphurisation (SO2 x0.25), PM x0.5 (ASSUMED).
    al = AL_2016 if year == 2016 else AL_2020
    so2_ef = 12.0 if year == 2016 else 3.0
    pm_f = 1.0 if year == 2016 else 0.5
    sub.append((only("chiping"), {"so2": al * so2_ef / 1e3, "nox": al * 0.5 / 1e3,
                                  "pm10": al * 1.7 * pm_f / 1e3, "pm25": al * 1.2 * pm_f / 1e3,
                                  "co": al * 100.0 / 1e3, "vocs": 1000.0 * al / AL_2016}))
    # b) Alumina refining and calcining, Chiping: ~8 Mt (ASSUMED), EF kg/t SO2 0.3, NOx 0.4,
    # PM10 0.25, PM2.5 0.18, CO 0.5. 2020: same output, calciners to ultra-low (x0.5, ASSUMED).
    f = 1.0 if year == 2016 else 0.5
    t = 8.0e6
    sub.append((only("chiping"), {"so2": t * 0.3 * f / 1e3, "nox": t * 0.4 * f / 1e3,
                                  "pm10": t * 0.25 * f / 1e3, "pm25": t * 0.18 * f / 1e3,
                                  "co": t * 0.5 / 1e3}))
    # c) Industrial coal boilers and furnaces city-wide (forging, food, textiles, bricks): ~6 Mt
    # coal (ASSUMED), EF kg/t SO2 2.5, NOx 3, PM10 1.5, PM2.5 1.0, CO 10, VOC 0.2. Split 50 %
    # by population, 50 % by the industrial mix below. 2020: boilers <= 35 t/h phased out in
    # "2+26" cities, the rest ultra-low: SO2 x0.2, NOx x0.3, PM x0.2, CO x0.25, VOC x0.5 (ASSUMED).
    mixw = shares({"dongchangfu": 6, "chiping": 8, "linqing": 9, "yanggu": 7, "shenxian": 6,
                   "guanxian": 8, "donge": 6, "gaotang": 7, "econ_zone": 7, "hitech_zone": 5,
                   "resort": 1})
    g = {"so2": 1, "nox": 1, "pm": 1, "co": 1, "vocs": 1} if year == 2016 else \
        {"so2": 0.2, "nox": 0.3, "pm": 0.2, "co": 0.25, "vocs": 0.5}
    c = 6.0e6
    sub.append((mix((0.5, ps), (0.5, mixw)),
                {"so2": c * 2.5 * g["so2"] / 1e3, "nox": c * 3.0 * g["nox"] / 1e3,
                 "pm10": c * 1.5 * g["pm"] / 1e3, "pm25": c * 1.0 * g["pm"] / 1e3,
                 "co": c * 10.0 * g["co"] / 1e3, "vocs": c * 0.2 * g["vocs"] / 1e3}))
    # d) Chemicals: coal gasification, fertiliser, caprolactam etc. (鲁西化工, high-tech zone and
    # Dong'e), fine chemicals and rubber additives (阳谷 cluster). City amounts ASSUMED (t):
    # SO2 3,000, NOx 5,000, PM10 2,400, PM2.5 1,500, CO 20,000, VOC 22,000, NH3 2,500.
    # 2020: SO2 x0.5, NOx x0.6, PM x0.5, CO x0.8, VOC x0.7 (LDAR, Phase II VOC rules), NH3 x0.8.
    chem = shares({"hitech_zone": 45, "yanggu": 30, "donge": 15, "chiping": 5, "gaotang": 5})
    k = {"so2": 1, "nox": 1, "pm": 1, "co": 1, "vocs": 1, "nh3": 1} if year == 2016 else \
        {"so2": 0.5, "nox": 0.6, "pm": 0.5, "co": 0.8, "vocs": 0.7, "nh3": 0.8}
    sub.append((chem, {"so2": 3000 * k["so2"], "nox": 5000 * k["nox"], "pm10": 2400 * k["pm"],
                       "pm25": 1500 * k["pm"], "co": 20000 * k["co"], "vocs": 22000 * k["vocs"],
                       "nh3": 2500 * k["nh3"]}))
    # e) Copper smelting and refining, Yanggu (祥光铜业): ~0.4 Mt cathode (ASSUMED), SO2 to the
    # acid plant, residual EF kg/t SO2 2, NOx 0.5, PM10 1.0, PM2.5 0.75, CO 2.5. 2020: SO2 x0.7.
    cu = 0.4e6
    s = 1.0 if year == 2016 else 0.7
    sub.append((only("yanggu"), {"so2": cu * 2 * s / 1e3, "nox": cu * 0.5 / 1e3,
                                 "pm10": cu * 1.0 / 1e3, "pm25": cu * 0.75 / 1e3,
                                 "co": cu * 2.5 / 1e3}))
    # f) Seamless steel pipe, economic development zone: 4.2 Mt/yr (sourced capacity, 420万吨),
    # gas reheating furnaces; EF kg/t SO2 0.1, NOx 0.3, PM10 0.12, PM2.5 0.08, CO 0.25 (ASSUMED).
    # Coating VOCs are in `solvent`. 2020: NOx x0.7, SO2 x0.6, PM x0.6 (ASSUMED).
    pipe = 4.2e6
    n, s, p = (1.0, 1.0, 1.0) if year == 2016 else (0.7, 0.6, 0.6)
    sub.append((only("econ_zone"), {"so2": pipe * 0.1 * s / 1e3, "nox": pipe * 0.3 * n / 1e3,
                                    "pm10": pipe * 0.12 * p / 1e3, "pm25": pipe * 0.08 * p / 1e3,
                                    "co": pipe * 0.25 / 1e3}))
    # g) Other processes: building materials (bricks, lime, cement grinding), forging and bearing
    # heat treatment, paper (高唐), food (莘县), textiles. City amounts ASSUMED (t): SO2 4,000,
    # NOx 5,000, PM10 7,000, PM2.5 3,500, CO 20,000, VOC 10,000, NH3 300; split 50 % population,
    # 50 % industrial mix. 2020 ("散乱污" clean-up): SO2 x0.5, NOx x0.6, PM x0.5, CO x0.7, VOC x0.8.
    k = {"so2": 1, "nox": 1, "pm": 1, "co": 1, "vocs": 1} if year == 2016 else \
        {"so2": 0.5, "nox": 0.6, "pm": 0.5, "co": 0.7, "vocs": 0.8}
    sub.append((mix((0.5, ps), (0.5, mixw)),
                {"so2": 4000 * k["so2"], "nox": 5000 * k["nox"], "pm10": 7000 * k["pm"],
                 "pm25": 3500 * k["pm"], "co": 20000 * k["co"], "vocs": 10000 * k["vocs"],
                 "nh3": 300}))
    for split, amounts in sub:
        add(E, "industry", split, amounts)


# Residential: household coal and biomass (heating, cooking), per person a year, kg (ASSUMED,
# MEIC-order national residential per-capita emissions, raised for coal heating in rural North
# China): rural / urban. 2020: clean winter heating in the "2+26" cities (Liaocheng is one)
# replaced a large part of rural coal (ASSUMED 45 %): factors below.
RES_RURAL = {"so2": 3.0, "nox": 0.9, "pm25": 4.5, "pm10": 5.0, "vocs": 4.0, "co": 55.0, "nh3": 0.4}
RES_URBAN = {"so2": 0.6, "nox": 0.5, "pm25": 0.6, "pm10": 0.7, "vocs": 1.0, "co": 6.0, "nh3": 0.3}
RES_2020 = {"so2": 0.5, "nox": 0.8, "pm25": 0.6, "pm10": 0.6, "vocs": 0.7, "co": 0.6, "nh3": 1.0}


def residential(E, year, urban):
    f = RES_2020 if year == 2020 else {p: 1.0 for p in SPECIES}
    for k in IDS:
        rural_pop = POP[k] * (1 - urban[k])
        urban_pop = POP[k] * urban[k]
        for p in SPECIES:
            E[k]["residential"][p] += (rural_pop * RES_RURAL[p] + urban_pop * RES_URBAN[p]) \
                * f[p] / 1e3


# On-road vehicles, city totals 2016 (t, ASSUMED: MEIC-order national on-road per-capita
# emissions x 1.1 for the freight corridors and farm vehicles). Split 60 % population, 40 % area
# (highway freight). 2020 (China V/VI, yellow-label and China III diesel phase-out, 10 ppm fuel,
# fleet growth): net factors below (ASSUMED).
ONROAD_2016 = {"so2": 300, "nox": 28000, "pm25": 1600, "pm10": 1800, "vocs": 16000,
               "co": 130000, "nh3": 700}
ONROAD_2020 = {"so2": 0.3, "nox": 0.85, "pm25": 0.6, "pm10": 0.6, "vocs": 0.8, "co": 0.75,
               "nh3": 1.3}
# Non-road machinery (farm machinery, construction machinery, rail): city totals 2016 (t,
# ASSUMED); split 60 % by farmland (area x rural share), 40 % by urban population. 2020: 10 ppm
# non-road diesel (SO2 x0.1), China III/IV machinery.
NONROAD_2016 = {"so2": 600, "nox": 14000, "pm25": 1400, "pm10": 1550, "vocs": 2500,
                "co": 12000, "nh3": 20}
NONROAD_2020 = {"so2": 0.1, "nox": 0.9, "pm25": 0.8, "pm10": 0.8, "vocs": 0.9, "co": 0.9,
                "nh3": 1.0}


def mobile(E, year, urban):
    ps, ar = pop_share(), area_share()
    f = ONROAD_2020 if year == 2020 else {p: 1.0 for p in SPECIES}
    add(E, "onroad", mix((0.6, ps), (0.4, ar)), {p: ONROAD_2016[p] * f[p] for p in SPECIES})
    farm = shares({k: AREA[k] * (1 - urban[k]) for k in IDS})
    town = shares({k: POP[k] * urban[k] for k in IDS})
    f = NONROAD_2020 if year == 2020 else {p: 1.0 for p in SPECIES}
    add(E, "nonroad", mix((0.6, farm), (0.4, town)), {p: NONROAD_2016[p] * f[p] for p in SPECIES})


# Agriculture: NH3 from N fertiliser (ASSUMED 120 kt N applied, 15 % volatilised as NH3-N) by
# farmland, and livestock (ASSUMED 30 kt NH3) by rural population, Shenxian doubled for its
# broiler industry (>3 million birds slaughtered a day, sourced); open burning of crop residue
# (ASSUMED 180 kt of straw, 3 % of ~6 Mt) with EF kg/t PM2.5 8, PM10 9, CO 70, VOC 8, NOx 3,
# SO2 0.4, NH3 1. 2020: fertiliser zero-growth action (NH3 x0.92), burning bans (x0.5).
def agriculture(E, year, urban):
    fert_nh3 = 120e3 * 0.15 * 17 / 14
    f_nh3 = 1.0 if year == 2016 else 0.92
    f_burn = 1.0 if year == 2016 else 0.5
    farm = shares({k: AREA[k] * (1 - urban[k]) for k in IDS})
    stock = shares({k: POP[k] * (1 - urban[k]) * (2.0 if k == "shenxian" else 1.0) for k in IDS})
    add(E, "agriculture", farm, {"nh3": fert_nh3 * f_nh3})
    add(E, "agriculture", stock, {"nh3": 30e3 * f_nh3})
    straw = 180e3 * f_burn
    add(E, "agriculture", farm, {"pm25": straw * 8 / 1e3, "pm10": straw * 9 / 1e3,
                                 "co": straw * 70 / 1e3, "vocs": straw * 8 / 1e3,
                                 "nox": straw * 3 / 1e3, "so2": straw * 0.4 / 1e3,
                                 "nh3": straw * 1 / 1e3})


# Solvent use (VOC only): coatings (steel pipe, bearings, vehicles, furniture, buildings),
# printing, adhesives, dry cleaning, fuel distribution. ASSUMED 4.5 kg VOC per person in 2016;
# split 50 % population, 50 % by industry VOC. 2020: x0.9 (low-VOC coatings, Phase II rules).
def solvent(E, year):
    ind_voc = shares({k: E[k]["industry"]["vocs"] for k in IDS})
    f = 1.0 if year == 2016 else 0.9
    add(E, "solvent", mix((0.5, pop_share()), (0.5, ind_voc)), {"vocs": CITY_POP * 4.5 / 1e3 * f})


# Fugitive dust (roads, construction, yards, bare soil). No Liaocheng dust inventory: derived from
# the dust share of PM10 in three published bottom-up inventories (YRD 2017: 55 %; Sichuan 2015:
# 60 %; Chengde 2013: 65.6 %; mean 60.2 %) applied to the 2016 non-dust PM10, and a PM2.5/PM10
# ratio of 0.25 for dust (ASSUMED: road and construction dust 0.2-0.3). Split 50 % urban
# population, 50 % area. 2020: x0.7 (construction "six 100 %" rules, road washing, covered yards;
# ASSUMED).
DUST_SHARE_PM10 = (0.55 + 0.60 + 0.656) / 3
DUST_PM25_OF_PM10 = 0.25
DUST_2020 = 0.7


def dust(E, year, urban, nondust_pm10_2016):
    pm10 = nondust_pm10_2016 * DUST_SHARE_PM10 / (1 - DUST_SHARE_PM10)
    f = 1.0 if year == 2016 else DUST_2020
    split = mix((0.5, shares({k: POP[k] * urban[k] for k in IDS})), (0.5, area_share()))
    add(E, "dust", split, {"pm10": pm10 * f, "pm25": pm10 * DUST_PM25_OF_PM10 * f})


def build(year, nondust_pm10_2016=None):
    urban = urban_shares(year)
    E = empty()
    power(E, year)
    industry(E, year)
    residential(E, year, urban)
    mobile(E, year, urban)
    agriculture(E, year, urban)
    solvent(E, year)
    if nondust_pm10_2016 is None:
        nondust_pm10_2016 = sum(E[k][s]["pm10"] for k in IDS for s in SECTORS)
    dust(E, year, urban, nondust_pm10_2016)
    # Round to whole tonnes: rounding keeps PM10 >= PM2.5 since it is monotone.
    for k in IDS:
        for s in SECTORS:
            for p in SPECIES:
                E[k][s][p] = float(round(E[k][s][p]))
                assert E[k][s]["pm10"] >= E[k][s]["pm25"], (k, s)
    return E, urban, nondust_pm10_2016


def write_csv(path, year, E, urban):
    header = ["id", "name_zh", "name_en", "kind", "population", "area_km2", "urban_share",
              "monitor_weight"] + [f"{s}_{p}" for s in SECTORS for p in SPECIES]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for uid, zh16, zh20, en, kind16, kind20, area in UNITS:
        en_year = en
        if uid == "chiping":
            en_year = "Chiping County" if year == 2016 else "Chiping District"
        row = [uid, zh16 if year == 2016 else zh20, en_year, kind16 if year == 2016 else kind20,
               POP[uid], f"{area:g}", f"{urban[uid]:g}", f"{MONITOR[year].get(uid, 0.0):g}"]
        row += [f"{E[uid][s][p]:.0f}" for s in SECTORS for p in SPECIES]
        w.writerow(row)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


def table(E):
    lines = ["| sector | " + " | ".join(SPECIES) + " |", "|---|" + "---:|" * len(SPECIES)]
    for s in SECTORS:
        vals = [sum(E[k][s][p] for k in IDS) for p in SPECIES]
        lines.append(f"| {s} | " + " | ".join(f"{v:,.0f}" for v in vals) + " |")
    tot = [sum(E[k][s][p] for k in IDS for s in SECTORS) for p in SPECIES]
    lines.append("| **total** | " + " | ".join(f"**{v:,.0f}**" for v in tot) + " |")
    return "\n".join(lines), tot


def county_table(E):
    lines = ["| unit | " + " | ".join(SPECIES) + " |", "|---|" + "---:|" * len(SPECIES)]
    for k in IDS:
        vals = [sum(E[k][s][p] for s in SECTORS) for p in SPECIES]
        lines.append(f"| {k} | " + " | ".join(f"{v:,.0f}" for v in vals) + " |")
    return "\n".join(lines)


def main():
    e16, u16, nondust = build(2016)
    e20, u20, _ = build(2020, nondust)
    write_csv(os.path.join(HERE, "..", "liaocheng-2016", "counties.csv"), 2016, e16, u16)
    write_csv(os.path.join(HERE, "counties.csv"), 2020, e20, u20)
    print("population:", {k: POP[k] for k in IDS})
    print("urban 2016:", u16)
    print("urban 2020:", u20)
    print(f"non-dust PM10 2016: {nondust:,.0f} t")
    for year, e in [(2016, e16), (2020, e20)]:
        t, tot = table(e)
        print(f"\n### {year} (t/yr)\n\n{t}\n")
        print(county_table(e))
        per_cap = [v / CITY_POP * 1e3 for v in tot]
        per_area = [v / sum(AREA.values()) for v in tot]
        print("\nkg/person:", " ".join(f"{p}={v:.1f}" for p, v in zip(SPECIES, per_cap)))
        print("t/km2:", " ".join(f"{p}={v:.1f}" for p, v in zip(SPECIES, per_area)))
    _, t16 = table(e16)
    _, t20 = table(e20)
    print("\nchange 2016->2020:", " ".join(f"{p}={b / a - 1:+.0%}" for p, a, b in
                                           zip(SPECIES, t16, t20)))


if __name__ == "__main__":
    main()
