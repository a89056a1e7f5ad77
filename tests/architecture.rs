//! The house rules, read off the source: data flows one way through the
//! rooms (`core → mesh → chart → plan → gpu → output → view → cli`), no
//! two modules inside a room use each other, and no file outgrows one idea.
//!
//! A reference is any `crate::ROOM…` or `super::…` path in code (comments
//! are skipped), so a `use` and a fully written path count alike.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The rooms in pipeline order: each may use those before it, never after.
const ROOMS: [&str; 8] = ["core", "mesh", "chart", "plan", "gpu", "output", "view", "cli"];
/// Past this a file holds more than one idea (the brief's ~600 lines).
const MAX_LINES: usize = 600;
const MAX_MAIN_LINES: usize = 150;

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file under `src/` (`gpu/scatter/mod.rs` → gpu::scatter).
fn module_of(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" && stem != "main" {
        parts.push(stem.to_string());
    }
    parts
}

/// Code without comments, line by line (string contents are kept: a path
/// inside a string is rare here and would be an honest match).
fn code_lines(text: &str) -> Vec<(usize, String)> {
    text.lines()
        .enumerate()
        .map(|(k, line)| (k + 1, line.split("//").next().unwrap_or("").to_string()))
        .filter(|(_, l)| !l.trim().is_empty())
        .collect()
}

/// Each code line with the module its `super` starts from: an inline
/// `mod tests {` (always last in our files) adds a level from there on.
fn lines_in_modules(source: &Source) -> Vec<(usize, String, Vec<String>)> {
    let mut module = source.module.clone();
    let mut out = Vec::new();
    for (line, code) in code_lines(&source.text) {
        let trimmed = code.trim();
        if let Some(name) = trimmed.strip_prefix("mod ").and_then(|r| r.strip_suffix(" {")) {
            module.push(name.to_string());
        }
        out.push((line, code, module.clone()));
    }
    out
}

/// The module paths a line names: `crate::a::b…` as written, and
/// `super::…` resolved against `module` (the file's own module path).
fn references(line: &str, module: &[String]) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let ident = |s: &str| -> Vec<String> {
        s.split("::")
            .map(|seg| seg.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>())
            .take_while(|seg| !seg.is_empty() && seg.chars().next().is_some_and(|c| c.is_lowercase()))
            .collect()
    };
    for (k, _) in line.match_indices("crate::") {
        let before = line[..k].chars().last();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // e.g. `smp_studio_crate::`
        }
        let path = ident(&line[k + "crate::".len()..]);
        if !path.is_empty() {
            found.push(path);
        }
    }
    let mut rest = line;
    while let Some(k) = rest.find("super::") {
        if rest[..k].chars().last().is_some_and(|c| c.is_alphanumeric() || c == '_') {
            rest = &rest[k + "super::".len()..];
            continue;
        }
        let mut tail = &rest[k..];
        let mut base = module.to_vec();
        while let Some(t) = tail.strip_prefix("super::") {
            base.pop();
            tail = t;
        }
        base.extend(ident(tail));
        found.push(base);
        rest = tail;
    }
    found
}

struct Source {
    file: PathBuf,
    module: Vec<String>,
    text: String,
}

fn read_sources() -> Vec<Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|file| {
            let relative = file.strip_prefix(&root).unwrap().to_path_buf();
            Source { module: module_of(&relative), text: std::fs::read_to_string(&file).unwrap(), file: relative }
        })
        .collect()
}

fn rank(room: &str) -> Option<usize> {
    ROOMS.iter().position(|r| *r == room)
}

#[test]
fn every_file_lives_in_a_room() {
    let loose: Vec<String> = read_sources()
        .iter()
        .filter(|s| s.module.first().is_none_or(|room| rank(room).is_none()))
        .map(|s| s.file.display().to_string())
        .filter(|f| f != "lib.rs" && f != "main.rs")
        .collect();
    assert!(loose.is_empty(), "files outside the rooms {ROOMS:?}: {loose:?}");
}

#[test]
fn data_flows_one_way_between_rooms() {
    let mut wrong = Vec::new();
    for source in read_sources() {
        let Some(own) = source.module.first().and_then(|r| rank(r)) else { continue };
        for (line, code, module) in lines_in_modules(&source) {
            for path in references(&code, &module) {
                if let Some(target) = path.first().and_then(|r| rank(r))
                    && target > own
                {
                    wrong.push(format!("{}:{line}: {} uses {}", source.file.display(), ROOMS[own], path.join("::")));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "a room uses one later in the pipeline {ROOMS:?}:\n{}", wrong.join("\n"));
}

/// Edges between the direct children of each room and of each module with
/// children (`view::action` → `view::panels`); a module's own `mod.rs` may
/// use its children and they it (it is the room's door).
fn sibling_edges() -> BTreeMap<Vec<String>, BTreeMap<String, BTreeSet<String>>> {
    let mut graphs: BTreeMap<Vec<String>, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for source in read_sources() {
        for (_, code, module) in lines_in_modules(&source) {
            for path in references(&code, &module) {
                // The deepest common parent with children on both sides.
                let common = source.module.iter().zip(&path).take_while(|(a, b)| a == b).count();
                if common < source.module.len() && common < path.len() {
                    let parent = source.module[..common].to_vec();
                    let from = source.module[common].clone();
                    let to = path[common].clone();
                    if from != to {
                        graphs.entry(parent).or_default().entry(from).or_default().insert(to);
                    }
                }
            }
        }
    }
    graphs
}

#[test]
fn no_two_modules_use_each_other() {
    let mut cycles = Vec::new();
    for (parent, edges) in sibling_edges() {
        // A cycle exists iff some edge a → b has b reaching a.
        let reaches = |from: &str, to: &str| {
            let mut seen = BTreeSet::new();
            let mut stack = vec![from.to_string()];
            while let Some(m) = stack.pop() {
                if m == to {
                    return true;
                }
                if seen.insert(m.clone()) {
                    stack.extend(edges.get(&m).into_iter().flatten().cloned());
                }
            }
            false
        };
        for (a, targets) in &edges {
            for b in targets {
                if edges.contains_key(a) && reaches(b, a) {
                    cycles.push(format!(
                        "{}: {a} ⇄ {b}",
                        if parent.is_empty() { "crate".into() } else { parent.join("::") }
                    ));
                }
            }
        }
    }
    assert!(cycles.is_empty(), "modules that use each other (through a chain):\n{}", cycles.join("\n"));
}

#[test]
fn no_file_outgrows_one_idea() {
    let mut long = Vec::new();
    for source in read_sources() {
        let lines = source.text.lines().count();
        let limit = if source.file == Path::new("main.rs") { MAX_MAIN_LINES } else { MAX_LINES };
        if lines > limit {
            long.push(format!("{}: {lines} lines (at most {limit})", source.file.display()));
        }
    }
    assert!(long.is_empty(), "split these files:\n{}", long.join("\n"));
}

#[test]
fn the_reader_sees_what_it_reads() {
    // The checker itself: a later room, a `super` chain and a comment.
    let module: Vec<String> = ["view", "app", "act"].iter().map(|s| s.to_string()).collect();
    let paths = references("use super::super::state::Orbit; let x = crate::cli::run();", &module);
    assert_eq!(paths, vec![vec!["cli".to_string(), "run".into()], vec!["view".into(), "state".into()]]);
    assert!(code_lines("// crate::cli::run\n").is_empty());
}

/// `raster` → `Raster`.
fn camel(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
}

fn names_in(dir: &Path, keep: impl Fn(&Path) -> Option<String>) -> BTreeSet<String> {
    std::fs::read_dir(dir).unwrap().filter_map(|e| keep(&e.unwrap().path())).collect()
}

/// Each GPU stage is a folder `src/gpu/NAME/` whose WGSL is
/// `shaders/NAME.wgsl`, with its own parameters in `params.rs` (`NameParams`,
/// declared in that WGSL too) held to their twin; any other shader file is
/// a library some stage `#import`s.
#[test]
fn every_gpu_stage_is_a_folder_with_its_shader_and_parameters() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let folders = names_in(&root.join("src/gpu"), |p| p.is_dir().then(|| p.file_name()?.to_str().map(String::from))?);
    let shaders = names_in(&root.join("shaders"), |p| {
        (p.extension()? == "wgsl").then(|| p.file_stem()?.to_str().map(String::from))?
    });
    let read = |path: PathBuf| std::fs::read_to_string(&path).unwrap_or_default();
    let imported: BTreeSet<String> = shaders
        .iter()
        .flat_map(|s| {
            let text = read(root.join(format!("shaders/{s}.wgsl")));
            text.lines()
                .filter_map(|l| l.trim().strip_prefix("#import ").map(|n| n.trim().to_string()))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut wrong = Vec::new();
    for stage in &folders {
        let params = format!("{}Params", camel(stage));
        let wgsl = read(root.join(format!("shaders/{stage}.wgsl")));
        if wgsl.is_empty() {
            wrong.push(format!("src/gpu/{stage}/ has no shaders/{stage}.wgsl"));
        } else if !wgsl.contains(&format!("struct {params} {{")) {
            wrong.push(format!("shaders/{stage}.wgsl declares no struct {params}"));
        }
        let rust = read(root.join(format!("src/gpu/{stage}/params.rs")));
        if !rust.contains(&format!("pub struct {params} {{")) || !rust.contains("assert_wgsl_twin!(") {
            wrong.push(format!("src/gpu/{stage}/params.rs lacks {params} or its twin check (assert_wgsl_twin!)"));
        }
    }
    for shader in &shaders {
        if !folders.contains(shader) && !imported.contains(shader) {
            wrong.push(format!("shaders/{shader}.wgsl is no stage's (no src/gpu/{shader}/) and nothing imports it"));
        }
    }
    assert!(folders.len() >= 5, "stage folders: {folders:?}");
    assert!(wrong.is_empty(), "GPU stages without their own room:\n{}", wrong.join("\n"));
}
