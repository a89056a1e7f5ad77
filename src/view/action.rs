//! What a practitioner does in the window, as values: the panels and the
//! mouse produce them, and so does a script (`smp view --script FILE`), so a
//! test drives the very code a click does. One line of script, one action:
//!
//! ```text
//! # comments and blank lines are skipped
//! view front                 # front, back, left, right, top, three-quarter
//! orbit 30 -10               # turn (degrees of yaw, pitch)
//! zoom 2                     # wheel notches, + nearer
//! distance 250               # camera distance, mm
//! mirror on
//! heat on
//! day 28                     # days from the first session
//! set zones.top 120          # any plan key, as in the plan file
//! set sessions[1].dilution 15
//! brush add 60 8 0,40 10,40 20,40   # mode, dots/cm², radius mm, chart path (mm)
//! hairline 4 0 62            # handle, azimuth °, mm above the brow
//! landmark brow 0 12 88      # brow, ear-left, ear-right or nape to x y z (mm)
//! head woman                 # another built-in head (smp head list)
//! save-landmarks             # beside the --head mesh file
//! add-touch-up
//! remove-session 3
//! compare day 1826           # or: compare saved / compare off
//! undo / redo / play / pause
//! tool hairline              # what a drag does: turn, add-dots, remove-dots, hairline, landmarks
//! frames 5                   # let 5 frames pass
//! resize 900 600
//! minimise / restore
//! lose-device                # destroys the GPU device: the window recovers
//! open FILE / save FILE / screenshot FILE [W H]
//! ```

pub use super::controls::{Compare, Tool};
use crate::core::camera::View;
use crate::core::error::{Result, SmpError};
use crate::plan::Plan;
use crate::plan::strokes::{BrushMode, BrushStroke};
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, PartialEq)]
pub enum ViewAction {
    View(View),
    Orbit {
        yaw_deg: f32,
        pitch_deg: f32,
    },
    Zoom(f32),
    Distance(f32),
    Mirror(bool),
    Heat(bool),
    Day(f32),
    Play(bool),
    Compare(Compare),
    /// A whole edited plan, committed as one undo step.
    Edit(Box<Plan>),
    /// A plan key set to a TOML value (scripts).
    Set {
        key: String,
        value: String,
    },
    Brush(BrushStroke),
    /// Hairline handle `index` dragged to (azimuth °, mm above the brow).
    Hairline {
        index: usize,
        azimuth_deg: f32,
        height_mm: f32,
    },
    /// Landmark (0 brow, 1 left ear, 2 right ear, 3 nape) moved to a point (mm).
    Landmark {
        which: usize,
        point: [f32; 3],
    },
    /// Writes the landmarks beside the mesh file.
    SaveLandmarks,
    /// Another built-in head under the same plan.
    Head(crate::mesh::procedural::BuiltinHead),
    AddTouchUp,
    RemoveSession(usize),
    Undo,
    Redo,
    Open(PathBuf),
    Save(Option<PathBuf>),
    Screenshot {
        path: Option<PathBuf>,
        size: Option<[u32; 2]>,
    },
    Resize([u32; 2]),
    Minimise,
    Restore,
    LoseDevice,
    /// Let this many frames pass (scripts).
    Frames(u32),
    /// What a drag on the head does.
    Tool(Tool),
}

/// Reads a script file.
pub fn load_script(path: &Path) -> Result<Vec<ViewAction>> {
    let text = crate::core::input_file::read_text(path, crate::core::input_file::caps::SCRIPT_BYTES)
        .map_err(|r| SmpError::Script { at: path.display().to_string(), problem: r.text() })?;
    parse_script(&text, &path.display().to_string())
}

/// Parses a script; errors name the line and what was expected.
pub fn parse_script(text: &str, name: &str) -> Result<Vec<ViewAction>> {
    let mut actions = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let action =
            parse_line(line).map_err(|problem| SmpError::Script { at: format!("{name}:{}", n + 1), problem })?;
        actions.push(action);
    }
    Ok(actions)
}

fn parse_line(line: &str) -> std::result::Result<ViewAction, String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let (verb, args) = (words[0], &words[1..]);
    let number = |k: usize, what: &str| -> std::result::Result<f32, String> {
        let word = args.get(k).ok_or_else(|| format!("`{verb}` needs {what}"))?;
        word.parse::<f32>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| format!("`{verb}`: {what} must be a number, got `{word}`"))
    };
    let count = |k: usize, what: &str| -> std::result::Result<u32, String> {
        let word = args.get(k).ok_or_else(|| format!("`{verb}` needs {what}"))?;
        word.parse::<u32>().map_err(|_| format!("`{verb}`: {what} must be a whole number, got `{word}`"))
    };
    let switch = || match args.first().copied() {
        Some("on") => Ok(true),
        Some("off") => Ok(false),
        _ => Err(format!("`{verb}` takes on or off")),
    };
    let path = |what: &str| args.first().map(PathBuf::from).ok_or_else(|| format!("`{verb}` needs {what}"));
    let pixels = |k: usize| -> std::result::Result<[u32; 2], String> {
        let size = [count(k, "a width")?, count(k + 1, "a height")?];
        if size.iter().any(|&s| s > 16384) {
            return Err(format!("`{verb}`: {}×{} is larger than 16384 pixels a side", size[0], size[1]));
        }
        Ok(size)
    };
    Ok(match verb {
        "view" => ViewAction::View(View::parse(args.first().copied().unwrap_or("")).map_err(|e| e.to_string())?),
        "orbit" => {
            ViewAction::Orbit { yaw_deg: number(0, "degrees of yaw")?, pitch_deg: number(1, "degrees of pitch")? }
        }
        "zoom" => ViewAction::Zoom(number(0, "notches")?),
        "distance" => ViewAction::Distance(number(0, "a distance in mm")?),
        "mirror" => ViewAction::Mirror(switch()?),
        "heat" => ViewAction::Heat(switch()?),
        "day" => ViewAction::Day(number(0, "a day")?),
        "play" => ViewAction::Play(true),
        "pause" => ViewAction::Play(false),
        "compare" => ViewAction::Compare(match args.first().copied() {
            Some("off") => Compare::Off,
            Some("saved") => Compare::Saved,
            Some("day") => Compare::Day(number(1, "a day")?),
            _ => return Err("`compare` takes off, saved, or day N".into()),
        }),
        "set" => {
            let key = args.first().ok_or("`set` needs a plan key, e.g. zones.top")?;
            if args.len() < 2 {
                return Err(format!("`set {key}` needs a value"));
            }
            ViewAction::Set { key: key.to_string(), value: args[1..].join(" ") }
        }
        "brush" => {
            let mode = match args.first().copied() {
                Some("add") => BrushMode::Add,
                Some("remove") => BrushMode::Remove,
                _ => return Err("`brush` takes add or remove first".into()),
            };
            let (dots_per_cm2, radius_mm) = (number(1, "dots/cm²")?, number(2, "a radius in mm")?);
            let path_mm = args[3.min(args.len())..]
                .iter()
                .map(|p| {
                    let xy: Vec<f32> = p.split(',').filter_map(|v| v.parse().ok()).collect();
                    match xy[..] {
                        [x, y] if x.is_finite() && y.is_finite() => Ok([x, y]),
                        _ => Err(format!("`brush`: chart points are x,y in mm, got `{p}`")),
                    }
                })
                .collect::<std::result::Result<Vec<_>, _>>()?;
            if path_mm.is_empty() {
                return Err("`brush` needs at least one chart point x,y".into());
            }
            ViewAction::Brush(BrushStroke { mode, dots_per_cm2, radius_mm, path_mm })
        }
        "hairline" => ViewAction::Hairline {
            index: count(0, "a handle number")? as usize,
            azimuth_deg: number(1, "an azimuth in degrees")?,
            height_mm: number(2, "a height above the brow in mm")?,
        },
        "landmark" => {
            let names = super::landmark_handles::NAMES;
            let name = args.first().copied().unwrap_or("");
            let which = names
                .iter()
                .position(|n| *n == name)
                .ok_or_else(|| format!("`landmark` takes one of {} first, got `{name}`", names.join(", ")))?;
            let point = [number(1, "x in mm")?, number(2, "y in mm")?, number(3, "z in mm")?];
            ViewAction::Landmark { which, point }
        }
        "save-landmarks" => ViewAction::SaveLandmarks,
        "head" => {
            let name = args.first().copied().unwrap_or("");
            let name = name.strip_prefix("builtin:").unwrap_or(name);
            ViewAction::Head(crate::mesh::procedural::BuiltinHead::parse(name).map_err(|e| e.to_string())?)
        }
        "add-touch-up" => ViewAction::AddTouchUp,
        "remove-session" => ViewAction::RemoveSession(count(0, "a session number (1 is the first)")? as usize),
        "undo" => ViewAction::Undo,
        "redo" => ViewAction::Redo,
        "open" => ViewAction::Open(path("a plan file")?),
        "save" => ViewAction::Save(args.first().map(PathBuf::from)),
        "screenshot" => ViewAction::Screenshot {
            path: args.first().map(PathBuf::from),
            size: if args.len() >= 3 { Some(pixels(1)?) } else { None },
        },
        "resize" => ViewAction::Resize(pixels(0)?),
        "minimise" | "minimize" => ViewAction::Minimise,
        "restore" => ViewAction::Restore,
        "lose-device" => ViewAction::LoseDevice,
        "frames" => ViewAction::Frames(count(0, "a number of frames")?),
        "tool" => ViewAction::Tool(match args.first().copied() {
            Some("turn") => Tool::Orbit,
            Some("add-dots") => Tool::Brush(BrushMode::Add),
            Some("remove-dots") => Tool::Brush(BrushMode::Remove),
            Some("hairline") => Tool::Hairline,
            Some("landmarks") => Tool::Landmarks,
            _ => return Err("`tool` takes turn, add-dots, remove-dots, hairline or landmarks".into()),
        }),
        other => return Err(format!("unknown action `{other}`; see `smp view --help` for the list")),
    })
}

/// `plan` with one key set, as if the plan file had said `key = value`:
/// the same parser and checks, so errors read as a plan file's do.
pub fn set_plan_key(plan: &Plan, key: &str, value: &str) -> Result<Plan> {
    let bad = |problem: String| SmpError::Script { at: format!("set {key}"), problem };
    let mut table: toml::Table =
        crate::plan::file::to_toml(plan).parse().map_err(|e| bad(format!("the plan did not re-read: {e}")))?;
    let parsed: toml::Table =
        format!("value = {value}").parse().map_err(|_| bad(format!("`{value}` is not a TOML value")))?;
    let parts: Vec<&str> = key.split('.').collect();
    set_in(&mut table, &parts, parsed["value"].clone()).map_err(bad)?;
    crate::plan::file::parse(&toml::to_string(&table).map_err(|e| bad(e.to_string()))?, &format!("set {key}"))
}

/// Sets `parts` (names, each with an optional `[index]`) inside `table`.
fn set_in(table: &mut toml::Table, parts: &[&str], value: toml::Value) -> std::result::Result<(), String> {
    let Some((part, rest)) = parts.split_first() else { return Err("an empty key".into()) };
    let (name, index) = match part.split_once('[') {
        Some((name, i)) => {
            (name, Some(i.trim_end_matches(']').parse::<usize>().map_err(|_| format!("bad index in `{part}`"))?))
        }
        None => (*part, None),
    };
    let entry = table.entry(name.to_string()).or_insert(toml::Value::Table(Default::default()));
    let slot = match index {
        None => entry,
        Some(i) => match entry {
            toml::Value::Array(items) => {
                let len = items.len();
                items.get_mut(i).ok_or_else(|| format!("`{name}` has {len} entries, no [{i}]"))?
            }
            _ => return Err(format!("`{name}` is not a list")),
        },
    };
    if rest.is_empty() {
        *slot = value;
        return Ok(());
    }
    match slot {
        toml::Value::Table(inner) => set_in(inner, rest, value),
        _ => Err(format!("`{name}` holds a value, not keys")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_script_reads_into_actions() {
        let script = "# a session at the chair\nview front\norbit 30 -10 # turn\nset zones.top 120\n\
                      brush add 60 8 0,40 10,40\nhairline 4 0 62\ncompare day 1826\nscreenshot out.png 640 480\n\
                      lose-device\nframes 3\n";
        let actions = parse_script(script, "t.txt").unwrap();
        assert_eq!(actions.len(), 9);
        assert_eq!(actions[0], ViewAction::View(View::Front));
        assert_eq!(actions[1], ViewAction::Orbit { yaw_deg: 30.0, pitch_deg: -10.0 });
        let ViewAction::Brush(stroke) = &actions[3] else { panic!("{:?}", actions[3]) };
        assert_eq!(stroke.path_mm, vec![[0.0, 40.0], [10.0, 40.0]]);
        assert_eq!(actions[5], ViewAction::Compare(Compare::Day(1826.0)));
        assert_eq!(actions[6], ViewAction::Screenshot { path: Some("out.png".into()), size: Some([640, 480]) });
    }

    #[test]
    fn script_errors_name_the_line_and_the_problem() {
        let err = |s: &str| parse_script(s, "s.txt").unwrap_err().to_string();
        assert!(err("view front\nspin 3").contains("s.txt:2: unknown action `spin`"), "{}", err("view front\nspin 3"));
        assert!(err("zoom lots").contains("s.txt:1: `zoom`: notches must be a number, got `lots`"));
        assert!(err("day NaN").contains("must be a number"));
        assert!(err("brush add 60 8 0;40").contains("chart points are x,y in mm"));
        assert!(err("resize 100000 10").contains("larger than 16384"));
        assert!(err("view sideways").contains("sideways"));
        assert!(err("landmark nose 1 2 3").contains("brow, ear-left, ear-right, nape"));
        assert!(err("tool paint").contains("turn, add-dots, remove-dots, hairline or landmarks"));
    }

    #[test]
    fn set_changes_one_key_and_checks_it_like_a_plan_file() {
        let plan = Plan::default();
        let edited = set_plan_key(&plan, "zones.top", "120").unwrap();
        assert_eq!(edited.zones.top, 120.0);
        assert_eq!(edited.zones.crown, plan.zones.crown);
        let edited = set_plan_key(&plan, "sessions[1].dilution", "15").unwrap();
        assert_eq!(edited.sessions[1].dilution, 15.0);
        let e = set_plan_key(&plan, "zones.top", "-5").unwrap_err().to_string();
        assert!(e.contains("zones.top") && e.contains("-5"), "{e}");
        let e = set_plan_key(&plan, "zones.topp", "5").unwrap_err().to_string();
        assert!(e.contains("did you mean `top`"), "{e}");
        let e = set_plan_key(&plan, "sessions[9].dilution", "5").unwrap_err().to_string();
        assert!(e.contains("no [9]"), "{e}");
        // The hair grows between shaves: a script scrubs it as the slider does.
        let edited = set_plan_key(&plan, "client.hair.days_since_shave", "7").unwrap();
        assert_eq!(edited.client.hair.days_since_shave, 7.0);
        assert!(edited.same_dots(&plan), "growing stubble keeps the scatter");
        let edited = set_plan_key(&plan, "client.hair.colour", "\"blond\"").unwrap();
        assert_eq!(edited.client.hair.colour, crate::plan::hair::HairColour::Blond);
        let e = set_plan_key(&plan, "client.hair.days_since_shave", "45").unwrap_err().to_string();
        assert!(e.contains("days_since_shave") && e.contains("45"), "{e}");
        // The scalp's tan, as the slider sets it: a look, not a scatter.
        let edited = set_plan_key(&plan, "client.scalp_tan", "0.2").unwrap();
        assert_eq!(edited.client.scalp_tan, 0.2);
        assert!(edited.same_dots(&plan));
        let e = set_plan_key(&plan, "client.scalp_tan", "1.5").unwrap_err().to_string();
        assert!(e.contains("scalp_tan") && e.contains("1.5"), "{e}");
    }
}
