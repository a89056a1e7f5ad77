//! Presets: a plausible three-session plan for each hair-loss pattern in
//! DOMAIN.md, and training plans that show the classic mistakes beside the
//! right way. Densities follow DOMAIN: ≈ 100 /cm² on top and crown, 50–80 on
//! temples and sides matched to remaining hair; 0 leaves a zone whose hair
//! remains alone.

use super::{Area, Hairline, HairlineStyle, Needle, Placement, Plan, Scar, Session, Zones};
use crate::core::error::{Result, SmpError};

pub struct Preset {
    pub name: &'static str,
    pub description: &'static str,
    pub training: bool,
    make: fn() -> Plan,
}

impl Preset {
    pub fn plan(&self) -> Plan {
        let mut plan = (self.make)();
        plan.name = self.name.to_string();
        plan.description = self.description.to_string();
        plan
    }
}

fn zones(front: f32, top: f32, crown: f32, temples: f32, sides: f32, back: f32) -> Zones {
    Zones { front, top, crown, temples, sides, back }
}

/// Dots per zone, and the hair that remains per zone (shaved to stubble).
fn norwood(dots: Zones, hair: Zones) -> Plan {
    Plan { zones: dots, hair, ..Plan::default() }
}

/// Natural hair everywhere (DOMAIN: ≈ 80 follicular units /cm²).
fn full_hair() -> Zones {
    Zones::uniform(80.0)
}

/// Women keep their hairline: no SMP line, dots only between thinning hair.
fn ludwig(hair: f32, dots: f32, radii: [f32; 2]) -> Plan {
    Plan {
        zones: Zones::uniform(0.0),
        hair: full_hair(),
        hairline: Hairline { scatter_mm: 0.0, ..Hairline::default() },
        areas: vec![Area::Thinning {
            centre_mm: [0.0, 20.0],
            radii_mm: radii,
            angle_deg: 0.0,
            hair_per_cm2: hair,
            dots_per_cm2: dots,
        }],
        ..Plan::default()
    }
}

fn mistake(change: fn(&mut Plan)) -> Plan {
    let mut plan = Plan::default();
    change(&mut plan);
    plan
}

pub const PRESETS: &[Preset] = &[
    Preset {
        name: "norwood-2",
        description: "Norwood II: mature hairline; the front and temples reinforced, hair kept elsewhere",
        training: false,
        make: || norwood(zones(90.0, 40.0, 0.0, 80.0, 0.0, 0.0), zones(30.0, 85.0, 90.0, 20.0, 80.0, 90.0)),
    },
    Preset {
        name: "norwood-3",
        description: "Norwood III: deep temple recession filled, the front rebuilt, the top blended",
        training: false,
        make: || norwood(zones(120.0, 55.0, 0.0, 110.0, 0.0, 0.0), zones(10.0, 60.0, 85.0, 0.0, 75.0, 90.0)),
    },
    Preset {
        name: "norwood-3-vertex",
        description: "Norwood III-vertex: as III plus a thin crown",
        training: false,
        make: || norwood(zones(100.0, 50.0, 90.0, 90.0, 0.0, 0.0), zones(10.0, 60.0, 20.0, 0.0, 75.0, 90.0)),
    },
    Preset {
        name: "norwood-4",
        description: "Norwood IV: front and crown bald with a band of hair between, all of the top treated",
        training: false,
        make: || norwood(zones(100.0, 90.0, 100.0, 85.0, 30.0, 30.0), zones(0.0, 30.0, 0.0, 0.0, 70.0, 85.0)),
    },
    Preset {
        name: "norwood-5",
        description: "Norwood V: front and crown merging; the top at full density, sides and back blended",
        training: false,
        make: || norwood(zones(100.0, 100.0, 100.0, 85.0, 40.0, 40.0), zones(0.0, 0.0, 0.0, 0.0, 65.0, 80.0)),
    },
    Preset {
        name: "norwood-6",
        description: "Norwood VI: the whole top bald; full top, sides and back matched to the fringe",
        training: false,
        make: || norwood(zones(100.0, 100.0, 100.0, 80.0, 70.0, 90.0), zones(0.0, 0.0, 0.0, 0.0, 50.0, 70.0)),
    },
    Preset {
        name: "norwood-7",
        description: "Norwood VII: only a horseshoe fringe left; the whole scalp treated",
        training: false,
        make: || norwood(zones(100.0, 100.0, 100.0, 80.0, 75.0, 90.0), zones(0.0, 0.0, 0.0, 0.0, 30.0, 50.0)),
    },
    Preset {
        name: "ludwig-1",
        description: "Ludwig I: early thinning of the top; dots between the remaining hair, hairline kept",
        training: false,
        make: || ludwig(70.0, 35.0, [30.0, 55.0]),
    },
    Preset {
        name: "ludwig-2",
        description: "Ludwig II: marked thinning of the top; more dots between fewer hairs",
        training: false,
        make: || ludwig(50.0, 50.0, [40.0, 70.0]),
    },
    Preset {
        name: "ludwig-3",
        description: "Ludwig III: the top nearly bare; dots carry most of the density",
        training: false,
        make: || ludwig(25.0, 75.0, [50.0, 85.0]),
    },
    Preset {
        name: "alopecia-areata",
        description: "Alopecia areata: three coin-sized patches treated patch-only, hair kept round them",
        training: false,
        make: || Plan {
            zones: Zones::uniform(0.0),
            hair: full_hair(),
            hairline: Hairline { scatter_mm: 0.0, ..Hairline::default() },
            areas: vec![
                Area::Patch { centre_mm: [25.0, 10.0], radii_mm: [14.0, 11.0], angle_deg: 20.0, dots_per_cm2: 90.0 },
                Area::Patch { centre_mm: [-30.0, -50.0], radii_mm: [18.0, 13.0], angle_deg: -30.0, dots_per_cm2: 90.0 },
                Area::Patch { centre_mm: [10.0, -95.0], radii_mm: [10.0, 9.0], angle_deg: 0.0, dots_per_cm2: 90.0 },
            ],
            ..Plan::default()
        },
    },
    Preset {
        name: "fut-scar",
        description: "FUT strip scar across the back camouflaged; hair kept elsewhere; a fourth session for the scar",
        training: false,
        make: || {
            let mut sessions = Session::three();
            // DOMAIN: scars often need an extra session.
            sessions.push(Session::new(63.0, 0.15, 10.0));
            Plan {
                zones: Zones::uniform(0.0),
                hair: full_hair(),
                hairline: Hairline { scatter_mm: 0.0, ..Hairline::default() },
                scars: vec![Scar::FutStrip { height_above_nape_mm: 65.0, width_mm: 3.0, span_deg: 150.0 }],
                sessions,
                ..Plan::default()
            }
        },
    },
    Preset {
        name: "fue-scars",
        description: "FUE scars: 600 one-millimetre spots over the donor area camouflaged",
        training: false,
        make: || Plan {
            zones: Zones::uniform(0.0),
            hair: full_hair(),
            hairline: Hairline { scatter_mm: 0.0, ..Hairline::default() },
            scars: vec![Scar::FueField {
                centre_mm: [0.0, -125.0],
                radii_mm: [75.0, 28.0],
                angle_deg: 0.0,
                count: 600,
                spot_mm: 1.0,
            }],
            ..Plan::default()
        },
    },
    Preset {
        name: "buzz-cut",
        description: "A full-head buzz-cut look: even density everywhere, soft hairline",
        training: false,
        make: || norwood(Zones::uniform(95.0), Zones::uniform(0.0)),
    },
    Preset {
        name: "training-right-way",
        description: "Training: the reference: soft, mature, irregular-edged hairline, three sessions",
        training: true,
        make: || mistake(|p| p.hairline.style = HairlineStyle::Broken),
    },
    Preset {
        name: "training-sharp-hairline",
        description: "Training mistake: a hard hairline at full density and darkness, no soft band",
        training: true,
        make: || mistake(|p| p.hairline.style = HairlineStyle::Sharp),
    },
    Preset {
        name: "training-low-hairline",
        description: "Training mistake: the hairline set too low, 50 mm above the brow",
        training: true,
        make: || mistake(|p| p.hairline.height_above_brow_mm = 50.0),
    },
    Preset {
        name: "training-straight-hairline",
        description: "Training mistake: a straight hairline with no temple recession",
        training: true,
        make: || {
            mistake(|p| {
                p.hairline.temple_recession_mm = 0.0;
                p.hairline.band_mm = 3.0;
            })
        },
    },
    Preset {
        name: "training-grid",
        description: "Training mistake: dots on a visible grid instead of an irregular pattern",
        training: true,
        make: || mistake(|p| p.placement = Placement::Grid),
    },
    Preset {
        name: "training-helmet",
        description: "Training mistake: too dense and too dark (the \"helmet\"): 160 /cm², 3RL, 4:1 ink",
        training: true,
        make: || {
            mistake(|p| {
                p.set_peak_density(160.0);
                for s in &mut p.sessions {
                    s.needle = Needle::ThreeRound;
                    s.dilution = 4.0;
                }
            })
        },
    },
    Preset {
        name: "training-blowout",
        description: "Training mistake: pigment placed 0.6 mm deep blows out into soft blue-grey blots",
        training: true,
        make: || mistake(|p| p.sessions.iter_mut().for_each(|s| s.depth_mm = 0.6)),
    },
    Preset {
        name: "training-touch-up-overload",
        description: "Training mistake: a touch-up every year for five years fills in between the dots",
        training: true,
        make: || {
            mistake(|p| {
                for year in 1..=5 {
                    p.sessions.push(Session { share: 0.35, ..Session::new(year as f32 * 365.0, 0.35, 8.0) });
                }
            })
        },
    },
    Preset {
        name: "training-light-dilution",
        description: "Training mistake: ink too thin (25:1 throughout) looks weak and fades early",
        training: true,
        make: || mistake(|p| p.sessions.iter_mut().for_each(|s| s.dilution = 25.0)),
    },
];

pub fn preset(name: &str) -> Result<Plan> {
    PRESETS.iter().find(|p| p.name == name).map(Preset::plan).ok_or_else(|| SmpError::UnknownPreset {
        name: name.to_string(),
        known: PRESETS.iter().map(|p| p.name).collect::<Vec<_>>().join(", "),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::file;

    #[test]
    fn every_preset_validates_and_round_trips_through_toml() {
        for p in PRESETS {
            let plan = p.plan();
            plan.validate().unwrap_or_else(|e| panic!("{}: {e}", p.name));
            let text = file::to_toml(&plan);
            let back = file::parse(&text, p.name).unwrap_or_else(|e| panic!("{}: {e}\n{text}", p.name));
            assert_eq!(back, plan, "{} changed through TOML", p.name);
        }
    }

    #[test]
    fn unknown_presets_list_the_known_ones() {
        let e = preset("norwood-9").unwrap_err().to_string();
        assert!(e.starts_with("unknown preset 'norwood-9': expected one of norwood-2, norwood-3,"), "{e}");
    }
}
