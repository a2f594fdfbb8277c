//! The six AQI categories of HJ 633-2012 (Table 2) with their colours (Appendix A) and the
//! health-effect and advice texts.

use std::fmt;

/// An AQI category, 1 (优) to 6 (严重污染). The Chinese names are the standard's; the English
/// names are our translation (HJ 633-2012 gives none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum Category {
    /// 优, AQI 0–50.
    Excellent = 1,
    /// 良, AQI 51–100.
    Good = 2,
    /// 轻度污染, AQI 101–150.
    LightlyPolluted = 3,
    /// 中度污染, AQI 151–200.
    ModeratelyPolluted = 4,
    /// 重度污染, AQI 201–300.
    HeavilyPolluted = 5,
    /// 严重污染, AQI above 300.
    SeverelyPolluted = 6,
}

/// A category's colour (HJ 633-2012 Appendix A).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour {
    /// The standard's colour name, e.g. 绿色.
    pub name_zh: &'static str,
    /// Our translation of the colour name.
    pub name_en: &'static str,
    pub rgb: [u8; 3],
    /// `#RRGGBB`, upper case.
    pub hex: &'static str,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Excellent,
        Category::Good,
        Category::LightlyPolluted,
        Category::ModeratelyPolluted,
        Category::HeavilyPolluted,
        Category::SeverelyPolluted,
    ];

    /// The category of an AQI value (HJ 633-2012 Table 2 upper bounds 50, 100, 150, 200, 300).
    pub fn from_aqi(aqi: u16) -> Category {
        match aqi {
            0..=50 => Category::Excellent,
            51..=100 => Category::Good,
            101..=150 => Category::LightlyPolluted,
            151..=200 => Category::ModeratelyPolluted,
            201..=300 => Category::HeavilyPolluted,
            _ => Category::SeverelyPolluted,
        }
    }

    /// 1 to 6 (the standard's 一级 to 六级).
    pub fn level(self) -> u8 {
        self as u8
    }

    /// 一级 … 六级.
    pub fn level_zh(self) -> &'static str {
        ["一级", "二级", "三级", "四级", "五级", "六级"][self.index()]
    }

    /// The standard's category name: 优, 良, 轻度污染, 中度污染, 重度污染, 严重污染.
    pub fn name_zh(self) -> &'static str {
        ["优", "良", "轻度污染", "中度污染", "重度污染", "严重污染"][self.index()]
    }

    /// Our English translation of [`Category::name_zh`] (not part of the standard).
    pub fn name_en(self) -> &'static str {
        [
            "Excellent",
            "Good",
            "Lightly polluted",
            "Moderately polluted",
            "Heavily polluted",
            "Severely polluted",
        ][self.index()]
    }

    pub fn colour(self) -> Colour {
        const COLOURS: [Colour; 6] = [
            Colour {
                name_zh: "绿色",
                name_en: "green",
                rgb: [0, 228, 0],
                hex: "#00E400",
            },
            Colour {
                name_zh: "黄色",
                name_en: "yellow",
                rgb: [255, 255, 0],
                hex: "#FFFF00",
            },
            Colour {
                name_zh: "橙色",
                name_en: "orange",
                rgb: [255, 126, 0],
                hex: "#FF7E00",
            },
            Colour {
                name_zh: "红色",
                name_en: "red",
                rgb: [255, 0, 0],
                hex: "#FF0000",
            },
            Colour {
                name_zh: "紫色",
                name_en: "purple",
                rgb: [153, 0, 76],
                hex: "#99004C",
            },
            Colour {
                name_zh: "褐红色",
                name_en: "maroon",
                rgb: [126, 0, 35],
                hex: "#7E0023",
            },
        ];
        COLOURS[self.index()]
    }

    /// 对健康影响情况 (HJ 633-2012 Table 2, as reproduced in domain.md §1.6).
    pub fn health_effect_zh(self) -> &'static str {
        [
            "空气质量令人满意，基本无空气污染",
            "空气质量可接受，但某些污染物可能对极少数异常敏感人群健康有较弱影响",
            "易感人群症状有轻度加剧，健康人群出现刺激症状",
            "进一步加剧易感人群症状，可能对健康人群心脏、呼吸系统有影响",
            "心脏病和肺病患者症状显著加剧，运动耐受力降低，健康人群普遍出现症状",
            "健康人群运动耐受力降低，有明显强烈症状，提前出现某些疾病",
        ][self.index()]
    }

    /// 建议采取的措施 (HJ 633-2012 Table 2, as reproduced in domain.md §1.6; level 6 follows the
    /// majority wording "一般人群应避免户外活动").
    pub fn advice_zh(self) -> &'static str {
        [
            "各类人群可正常活动",
            "极少数异常敏感人群应减少户外活动",
            "儿童、老年人及心脏病、呼吸系统疾病患者应减少长时间、高强度的户外锻炼",
            "儿童、老年人及心脏病、呼吸系统疾病患者避免长时间、高强度的户外锻练，一般人群适量减少户外运动",
            "儿童、老年人和心脏病、肺病患者应停留在室内，停止户外运动，一般人群减少户外运动",
            "儿童、老年人和病人应当留在室内，避免体力消耗，一般人群应避免户外活动",
        ][self.index()]
    }

    fn index(self) -> usize {
        self as usize - 1
    }
}

/// The level number, 1 to 6, as written in output tables.
impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.level())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_follow_table_2() {
        for (aqi, level) in [
            (0, 1),
            (50, 1),
            (51, 2),
            (100, 2),
            (101, 3),
            (150, 3),
            (151, 4),
            (200, 4),
            (201, 5),
            (300, 5),
            (301, 6),
            (500, 6),
            (u16::MAX, 6),
        ] {
            assert_eq!(Category::from_aqi(aqi).level(), level, "AQI {aqi}");
        }
    }

    #[test]
    fn names_and_colours() {
        let names: Vec<_> = Category::ALL.iter().map(|c| c.name_zh()).collect();
        assert_eq!(
            names,
            ["优", "良", "轻度污染", "中度污染", "重度污染", "严重污染"]
        );
        assert_eq!(Category::HeavilyPolluted.name_en(), "Heavily polluted");
        assert_eq!(Category::Excellent.colour().hex, "#00E400");
        for category in Category::ALL {
            let Colour { rgb, hex, .. } = category.colour();
            assert_eq!(
                format!("#{:02X}{:02X}{:02X}", rgb[0], rgb[1], rgb[2]),
                hex,
                "{category:?}"
            );
            assert_eq!(category.to_string(), category.level().to_string());
            assert!(!category.health_effect_zh().is_empty() && !category.advice_zh().is_empty());
        }
        assert_eq!(Category::SeverelyPolluted.level_zh(), "六级");
    }
}
