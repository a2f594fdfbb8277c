//! The plan file's schema: what `plan.toml` may contain, as serde types.
//!
//! Owns the file's vocabulary — every key, every allowed value — and rejects anything else
//! (unknown keys, wrong types, unknown names) at deserialization. It checks no relations
//! between values; `validate` does, and builds the domain [`crate::plan::Plan`] from these.

use std::collections::BTreeMap;

use serde::Deserialize;

/// Values that the plan does not state, keyed by field name, with the reason for the value used.
pub type Assumed = BTreeMap<String, String>;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanFile {
    pub schema_version: u32,
    pub plan: Meta,
    pub episode: EpisodeFile,
    pub levels: Vec<LevelFile>,
    pub consultation: ConsultationFile,
    pub issuance: IssuanceFile,
    pub adjustment: AdjustmentFile,
    pub lifting: LiftingFile,
    pub response: ResponseFile,
    pub disclosure: DisclosureFile,
    pub evaluation: EvaluationFile,
    pub targets: Vec<TargetFile>,
    pub key_industries: KeyIndustries,
    #[serde(default)]
    pub sectors: BTreeMap<String, Sector>,
    pub rules: Rules,
    #[serde(default)]
    pub measures: Vec<Measure>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    pub id: String,
    pub title_zh: String,
    #[serde(default)]
    pub title_en: String,
    pub document: String,
    pub issued: String,
    #[serde(default)]
    pub supersedes: String,
    pub city_zh: String,
    pub city_en: String,
    pub aqi_standard: String,
    pub section: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EpisodeFile {
    pub section: String,
    pub heavy_above: f64,
    pub severe_above: f64,
    pub rolling_hours: u32,
    pub merge_gap_hours: u32,
    #[serde(default)]
    pub assumed: Assumed,
}

/// The four levels, mildest first. The advisory (提示信息) is a public notice, not a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LevelId {
    Advisory,
    Yellow,
    Orange,
    Red,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelFile {
    pub id: LevelId,
    pub name_zh: String,
    #[serde(default)]
    pub name_en: String,
    #[serde(default)]
    pub grade: String,
    pub section: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub criteria: Vec<CriterionFile>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriterionFile {
    #[serde(default)]
    pub all_of: Vec<ConditionFile>,
}

/// `above = X` (strictly greater) or `at_least = X`, for at least `for_hours` consecutive hours.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionFile {
    pub above: Option<f64>,
    pub at_least: Option<f64>,
    pub for_hours: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsultationFile {
    pub section: String,
    pub daily_hour: u32,
    pub during_warning_every_hours: u32,
    pub realtime_every_hours: u32,
    pub horizon_hours: u32,
    #[serde(default)]
    pub assumed: Assumed,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssuanceFile {
    pub section: String,
    pub min_lead_hours: u32,
    pub lookahead_hours: u32,
    pub response_lead_hours: u32,
    pub approval_hours: u32,
    #[serde(default)]
    pub assumed: Assumed,
    pub approvers: Approvers,
    pub immediate: ImmediateFile,
    pub regional: RegionalFile,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approvers {
    pub section: String,
    pub yellow: String,
    pub orange: String,
    pub red: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImmediateFile {
    pub section: String,
    #[serde(default)]
    pub text: String,
    pub observed_above: f64,
    pub no_improvement_hours: u32,
    pub improved_at_most: f64,
    #[serde(default)]
    pub assumed: Assumed,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionalFile {
    pub section: String,
    #[serde(default)]
    pub text: String,
    pub adopt_regional_level: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdjustmentFile {
    pub section: String,
    #[serde(default)]
    pub text: String,
    pub upgrade: bool,
    pub downgrade: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LiftingFile {
    pub section: String,
    #[serde(default)]
    pub text: String,
    pub at_most: f64,
    pub for_hours: u32,
    #[serde(default)]
    pub assumed: Assumed,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseFile {
    pub section: String,
    pub yellow: String,
    pub orange: String,
    pub red: String,
    pub county_notice_hours: u32,
    #[serde(default)]
    pub text: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisclosureFile {
    pub section: String,
    pub within_hours: u32,
    #[serde(default)]
    pub text: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvaluationFile {
    pub section: String,
    pub county_report_working_days: u32,
    #[serde(default)]
    pub text: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetFile {
    pub level: LevelId,
    pub section: String,
    pub so2: f64,
    pub nox: f64,
    pub pm: f64,
    pub vocs: f64,
    pub so2_nox_adjustable: bool,
    pub so2_plus_nox_at_least: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyIndustries {
    pub section: String,
    pub guide: String,
    pub names: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sector {
    pub name_zh: String,
    pub section: String,
    /// Process identifier → its name in the plan.
    #[serde(default)]
    pub processes: BTreeMap<String, String>,
}

// ------------------------------------------------------------------------------------ rules

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    pub graded_control: GradedControl,
    pub treatment_after_stop: TreatmentAfterStop,
    pub rotation: Rotation,
    pub efficiency_route: EfficiencyRoute,
    pub clean_coal: CleanCoal,
    pub list_scope: ListScope,
    pub guaranteed: Guaranteed,
    pub key_projects: KeyProjects,
    pub stop_or_limit: StopOrLimit,
    pub unlisted_emitters: UnlistedEmitters,
    pub small_micro: SmallMicro,
}

/// Performance grades of the Technical Guide (绩效分级), plus the leading / non-leading labels
/// of industries graded by leading indicators only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
pub enum Grade {
    A,
    B,
    C,
    D,
    Leading,
    NonLeading,
}

impl Grade {
    pub const ALL: [Grade; 6] = [
        Grade::A,
        Grade::B,
        Grade::C,
        Grade::D,
        Grade::Leading,
        Grade::NonLeading,
    ];
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradedControl {
    pub section: String,
    pub text: String,
    pub autonomous_grades: Vec<Grade>,
    pub guide_minimum_grades: Vec<Grade>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TreatmentAfterStop {
    pub section: String,
    pub text: String,
    pub min_hours: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rotation {
    pub section: String,
    pub text: String,
    pub max_batches: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EfficiencyRoute {
    pub section: String,
    pub text: String,
    pub requires_cems: bool,
    pub dcs_record_years: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CleanCoal {
    pub section: String,
    pub text: String,
    pub max_sulfur_percent: f64,
    pub max_ash_percent: f64,
    pub max_volatile_percent: f64,
    pub min_heat_mj_per_kg: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListScope {
    pub section: String,
    pub text: String,
    pub excluded: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProductionMode {
    HeatDetermined,
    QuotaDetermined,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guaranteed {
    pub section: String,
    pub text: String,
    pub production: Vec<ProductionMode>,
    pub only_guaranteed_tasks: bool,
    pub never_stopped: bool,
    pub min_grade_in_key_industries: Grade,
    pub mandatory_categories: Vec<String>,
    pub optional_categories: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyProjects {
    pub section: String,
    pub text: String,
    pub never_fully_stopped: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Means {
    Stop,
    Limit,
    RotatingShutdown,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StopOrLimit {
    pub section: String,
    pub text: String,
    pub mandatory_means: Vec<Means>,
    pub guiding_means: Vec<Means>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnlistedEmitters {
    pub section: String,
    pub text: String,
    pub from_level: LevelId,
    pub covers: Vec<String>,
    pub actions: Vec<Action>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SmallMicroCondition {
    NonCoal,
    NonOil,
    SingleComponent,
    NoToxicOrOdorous,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmallMicro {
    pub section: String,
    pub text: String,
    pub max_annual_kg: f64,
    pub seasonal_daily_accounting: bool,
    pub requires: Vec<SmallMicroCondition>,
    pub measures_only_if_targets_unmet: bool,
    pub spared: Vec<String>,
}

// --------------------------------------------------------------------------------- measures

/// How binding a measure is (§4.4): public protection, advocacy (倡议性), mandatory (强制性),
/// guiding (指导性).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureKind {
    PublicProtection,
    Advocacy,
    Mandatory,
    Guiding,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    pub id: String,
    pub level: LevelId,
    pub section: String,
    pub kind: MeasureKind,
    pub text: String,
    /// The plan says the authorities *may* (可) apply it.
    #[serde(default)]
    pub discretionary: bool,
    pub actions: Vec<Action>,
}

/// What a measure makes someone do. The variants are the mechanisms the simulator implements;
/// their parameters come from the plan.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    /// Information, publicity: no effect on emissions or exposure in the model.
    Inform,
    ProtectGroup {
        group: PopulationGroup,
        advice: Advice,
    },
    MedicalSupport {
        scale: MedicalScale,
    },
    StopOutdoorEvents {
        scope: EventScope,
    },
    FlexibleTeaching,
    /// Schools may close when the daily AQI reaches `at_aqi` during this level.
    SchoolClosure {
        at_aqi: f64,
    },
    VoluntaryReduction {
        who: Volunteers,
    },
    MorePublicTransport,
    /// Enterprises on the emission-reduction list take their listed measures.
    FollowEmissionList {
        alternatives: Vec<ListAlternative>,
    },
    /// Graded enterprises take the Technical Guide's measures for their grade and this level.
    FollowTechnicalGuide {
        scope: GuideScope,
    },
    EnterpriseTransportPerGuide,
    VehicleBan {
        vehicles: Vec<VehicleKind>,
        zone: Zone,
        #[serde(default)]
        exempt: Vec<Exemption>,
    },
    HeavyTruckBan {
        #[serde(default)]
        sector: Option<String>,
        max_standard: EmissionStandard,
        gas_max_standard: EmissionStandard,
        #[serde(default)]
        operators: Option<Operators>,
        #[serde(default)]
        more_than_daily_trips: Option<u32>,
        #[serde(default)]
        exempt: Vec<Exemption>,
    },
    NonRoadBan {
        max_standard: EmissionStandard,
        places: Vec<Place>,
        #[serde(default)]
        exempt: Vec<Exemption>,
    },
    OddEven {
        zone: Zone,
        local_and_transit: bool,
        #[serde(default)]
        exempt: Vec<Exemption>,
    },
    StopOpenAirWork {
        sources: Vec<DustSource>,
    },
    StopSiteOperations {
        operations: Vec<SiteOperation>,
        except_guaranteed: bool,
    },
    RoadWashing {
        extra_per_day: u32,
        roads: Roads,
        not_when_freezing: bool,
    },
    BanUnsealedHaulage {
        cargo: Vec<Cargo>,
    },
    CoverStockpiles {
        extra_watering_when_not_freezing: bool,
    },
    BanFireworks {
        zone: Zone,
    },
    LimitProduction {
        sector: String,
        #[serde(default)]
        process: Option<String>,
        /// The minimum cut, as a fraction of normal production.
        at_least: f64,
        basis: Basis,
        #[serde(default)]
        rotation: Option<RotationScope>,
        #[serde(default)]
        safety_first: bool,
    },
    StopProduction {
        sector: String,
        #[serde(default)]
        process: Option<String>,
    },
    StopRoadTransport {
        sector: String,
    },
    HeatDeterminedProduction {
        sector: String,
    },
    /// Unlisted emitters take the uniform emergency measures the authorities announce (§4.5).
    UniformMeasures,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PopulationGroup {
    Sensitive,
    General,
    OutdoorWorkers,
    Students,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Advice {
    StayIndoors,
    ReduceOutdoor,
    AvoidOutdoor,
    WearMasks,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MedicalScale {
    Guidance,
    ExtraCapacity,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventScope {
    Large,
    AllLarge,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Volunteers {
    Emitters,
    Drivers,
    Consumers,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListAlternative {
    RotatingShutdown,
    ProductionLimit,
    EmissionSubstitution,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GuideScope {
    KeyIndustries,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VehicleKind {
    DieselTruck,
    HeavyDieselTruck,
    MediumDieselTruck,
    Tricycle,
    LowSpeedTruck,
    Tractor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Zone {
    /// 城市主城区、县（市、区）城区.
    UrbanAreas,
    /// 市区四条外环路范围内及各县（市、区）划定的区域.
    RingRoadsAndCountyZones,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Exemption {
    CityOperation,
    SpecialTask,
    PostalExpress,
    Disabled,
    NewEnergy,
    OtherApproved,
    LivelihoodLogistics,
    SpecialVehicles,
    HazmatVehicles,
    CleanEnergy,
    EmergencyRepair,
}

/// China's vehicle and machinery emission standards (国0–国六).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub enum EmissionStandard {
    China0,
    China1,
    China2,
    China3,
    China4,
    China5,
    China6,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Operators {
    /// Units moving bulk materials with more than the stated daily truck trips (物流等).
    BulkTransportUnits,
    Enterprises,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    ConstructionSites,
    IndustrialPlants,
    IndustrialParks,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DustSource {
    AggregateYard,
    StoneWorks,
    SlateWorks,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SiteOperation {
    Earthworks,
    Demolition,
    SprayPainting,
    SlopeShotcrete,
    ConcreteMixing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Roads {
    ArterialAndDusty,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cargo {
    Coal,
    Muck,
    SandGravel,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// 以生产线计: counted in production lines.
    Line,
    Capacity,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RotationScope {
    /// Rotating shutdowns may be arranged across the county (县域内轮流停产).
    County,
    /// Only firms with a single line may rotate across the county.
    CountySingleLine,
}
