//! Units a mesh file's coordinates may be in. Everything inside smp-studio
//! is in millimetres (densities per cm², as practitioners chart them).

use super::error::{Result, SmpError};

/// Units a file's coordinates may be in, as millimetres per unit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Units {
    /// Judged from the head's breadth.
    Auto,
    Millimetres,
    Centimetres,
    Metres,
    Inches,
}

impl Units {
    pub fn parse(text: &str) -> Result<Self> {
        Ok(match text.trim().to_ascii_lowercase().as_str() {
            "auto" => Units::Auto,
            "mm" => Units::Millimetres,
            "cm" => Units::Centimetres,
            "m" => Units::Metres,
            "in" | "inch" | "inches" => Units::Inches,
            other => {
                return Err(SmpError::Limit {
                    what: format!("--units {other}"),
                    problem: "expected mm, cm, m, in or auto".into(),
                });
            }
        })
    }

    pub fn mm_per_unit(self) -> Option<f32> {
        match self {
            Units::Auto => None,
            Units::Millimetres => Some(1.0),
            Units::Centimetres => Some(10.0),
            Units::Metres => Some(1000.0),
            Units::Inches => Some(25.4),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Units::Auto => "arbitrary units",
            Units::Millimetres => "millimetres",
            Units::Centimetres => "centimetres",
            Units::Metres => "metres",
            Units::Inches => "inches",
        }
    }
}
