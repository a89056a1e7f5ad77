//! Plans as TOML files: read with errors that name the file, the line, the
//! key path and the problem (suggesting the nearest key for a misspelt
//! one), and written atomically.

use super::Plan;
use crate::core::error::{Result, SmpError};
use std::path::Path;

/// Reads, parses and validates a plan file.
pub fn load(path: &Path) -> Result<Plan> {
    let shown = path.display().to_string();
    use crate::core::input_file::{Refusal, caps};
    let text = crate::core::input_file::read_text(path, caps::PLAN_BYTES).map_err(|r| SmpError::PlanFile {
        at: shown.clone(),
        field: String::new(),
        problem: match r {
            Refusal::Missing => "no such file; `smp plan new --preset NAME -o FILE` writes one".into(),
            Refusal::Problem(p) if p.starts_with("not a text file") => {
                format!("{p} (plans are UTF-8 TOML)")
            }
            Refusal::Problem(p) => p,
        },
    })?;
    parse(&text, &shown)
}

/// Parses and validates plan text; `name` is what errors call it.
pub fn parse(text: &str, name: &str) -> Result<Plan> {
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let at = |span: Option<std::ops::Range<usize>>| match span {
        Some(s) => format!("{name}:{}", line_of(s.start)),
        None => name.to_string(),
    };
    let deserializer = toml::Deserializer::parse(text).map_err(|e| SmpError::PlanFile {
        at: at(e.span()),
        field: String::new(),
        problem: format!("not valid TOML: {}", e.message().trim()),
    })?;
    let plan: Plan = serde_path_to_error::deserialize(deserializer).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let (field, problem) = explain(&path, inner.message());
        SmpError::PlanFile { at: at(inner.span()), field, problem }
    })?;
    plan.validate().map_err(|e| match e {
        SmpError::Plan { field, problem } => {
            SmpError::PlanFile { at: name.to_string(), field: format!("{field}: "), problem }
        }
        other => other,
    })?;
    Ok(plan)
}

/// Turns serde's message into ours: the key path, and for an unknown key
/// the nearest known one.
fn explain(path: &str, message: &str) -> (String, String) {
    let path = if path == "." { String::new() } else { path.to_string() };
    // The path already ends with an unknown or missing key's name.
    let prefix = |key: &str| {
        if path.is_empty() {
            format!("{key}: ")
        } else if path == key || path.ends_with(&format!(".{key}")) {
            format!("{path}: ")
        } else {
            format!("{path}.{key}: ")
        }
    };
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (key, rest) = rest.split_once('`').unwrap_or((rest, ""));
        let known: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
        let hint = match nearest(key, &known) {
            Some(k) => format!("; did you mean `{k}`?"),
            None if !known.is_empty() => format!("; expected one of {}", known.join(", ")),
            None => String::new(),
        };
        return (prefix(key), format!("unknown key{hint}"));
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (value, rest) = rest.split_once('`').unwrap_or((rest, ""));
        let known: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
        let hint = match nearest(value, &known) {
            Some(k) => format!("; did you mean \"{k}\"?"),
            None => format!("; expected one of {}", known.join(", ")),
        };
        let field = if path.is_empty() { String::new() } else { format!("{path}: ") };
        return (field, format!("unknown value \"{value}\"{hint}"));
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or(rest);
        return (prefix(key), "missing".into());
    }
    let field = if path.is_empty() { String::new() } else { format!("{path}: ") };
    (field, message.trim().to_string())
}

/// The known name within edit distance 2 (or a third of its length) of `key`.
fn nearest<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (edit_distance(key, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != *cb)).min(row[j] + 1).min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// The plan as TOML text.
pub fn to_toml(plan: &Plan) -> String {
    toml::to_string(plan).expect("a plan always serialises")
}

/// Writes the plan atomically: a crash never leaves a half-written plan.
pub fn save(plan: &Plan, path: &Path) -> Result<()> {
    crate::core::output_file::write_file_atomic(to_toml(plan).as_bytes(), path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        parse(text, "plan.toml").unwrap_err().to_string()
    }

    #[test]
    fn the_default_plan_round_trips() {
        let plan = Plan::default();
        assert_eq!(parse(&to_toml(&plan), "x").unwrap(), plan);
    }

    #[test]
    fn broken_files_say_where_and_what() {
        let cases = [
            ("name = \"x\"\nzones = 5\n", "plan.toml:2: zones: invalid type: integer `5`, expected struct Zones"),
            ("[zones]\ntop = \"lots\"\n", "plan.toml:2: zones.top: invalid type: string \"lots\", expected f32"),
            ("[zones]\ntopp = 90\n", "plan.toml:2: zones.topp: unknown key; did you mean `top`?"),
            ("[zones]\ntop = nan\n", "plan.toml: zones.top: expected a number, got NaN"),
            ("[zones]\ncrown = -3\n", "plan.toml: zones.crown: expected 0 to 20000 dots/cm², got -3"),
            ("[client]\nsun = \"hgh\"\n", "plan.toml:2: client.sun: unknown value \"hgh\"; did you mean \"high\"?"),
            ("[client]\nskin_tone = 12\n", "plan.toml:2: client.skin_tone: expected a Monk skin tone 1 to 10, got 12"),
            ("[client]\nscalp_tan = 2\n", "plan.toml: client.scalp_tan: expected 0 to 1, got 2"),
            ("name = \n", "plan.toml:1: not valid TOML: string values must be quoted, expected literal string"),
            (
                "[[sessions]]\nday = 0\nshare = 0.5\ndilution = 12\n[[sessions]]\nday = 7\nshare = 0.5\ndilutoin = 8\n",
                "plan.toml:8: sessions[1].dilutoin: unknown key; did you mean `dilution`?",
            ),
            (
                "[[sessions]]\nday = 0\nshare = 1\ndilution = 0\n",
                "plan.toml: sessions[0].dilution: expected water:pigment of at least 1 (and at most 100), got 0",
            ),
            (
                "[[sessions]]\nday = 0\nshare = 0.5\ndilution = 12\n[[sessions]]\nday = 0\nshare = 0.5\ndilution = 8\n",
                "plan.toml: sessions[1].day: sessions must come in order: day 0 is not after day 0",
            ),
            (
                "[[strokes]]\nmode = \"add\"\ndots_per_cm2 = 20\nradius_mm = 0.2\npath_mm = [[0, 40]]\n",
                "plan.toml: strokes[0].radius_mm: expected 1 to 60 mm, got 0.2",
            ),
            (
                "[[strokes]]\nmode = \"add\"\ndots_per_cm2 = 20\nradius_mm = 5\npath_mm = []\n",
                "plan.toml: strokes[0].path_mm: expected 1 to 2000 points, got 0",
            ),
            (
                "[[strokes]]\nmode = \"paint\"\ndots_per_cm2 = 20\nradius_mm = 5\npath_mm = [[0, 1]]\n",
                "plan.toml:2: strokes[0].mode: unknown value \"paint\"; expected one of add, remove",
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(error(text), expected, "for:\n{text}");
        }
    }

    #[test]
    fn a_missing_file_says_how_to_make_one() {
        let e = load(Path::new("/nonexistent/plan.toml")).unwrap_err().to_string();
        assert!(e.starts_with("/nonexistent/plan.toml: no such file; `smp plan new"), "{e}");
    }

    #[test]
    fn nearest_names() {
        assert_eq!(nearest("dilutoin", &["day", "share", "dilution"]), Some("dilution"));
        assert_eq!(nearest("zzz", &["day", "share"]), None);
    }

    #[test]
    fn the_documented_example_is_a_valid_plan() {
        let doc = include_str!("../../docs/plan.md");
        let example = doc.split("## Annotated example").nth(1).expect("the example section");
        let toml = example.split("```toml").nth(1).and_then(|t| t.split("```").next()).expect("a toml block");
        let plan = parse(toml, "docs/plan.md").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(plan.sessions.len(), 4);
        assert_eq!(plan.client.sun, crate::plan::Sun::High);
        assert_eq!(plan.sessions[2].healed_diameter_mm(), 0.12);
        assert_eq!(plan.strokes.len(), 1);
    }
}
