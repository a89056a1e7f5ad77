//! Every input that ever broke a parser (found by `scripts/fuzz.sh`, kept
//! in tests/corpus/fuzz/<parser>/) is replayed through the same entry as
//! the fuzzers, `smp_studio::cli::parsers::run`: it is read or refused, never a
//! panic. Also a few hand-made hostile texts for the text parsers.

use smp_studio::cli::parsers::{NAMES, run};
use std::path::Path;

/// Runs `parser` on `bytes`, failing the test (naming `what`) on a panic.
fn survives(parser: &str, bytes: &[u8], what: &str) -> Result<(), String> {
    std::panic::catch_unwind(|| run(parser, bytes)).unwrap_or_else(|_| panic!("{parser} panicked on {what}"))
}

#[test]
fn every_kept_crasher_is_read_or_refused() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/fuzz");
    let mut replayed = 0;
    for name in NAMES {
        let Ok(entries) = std::fs::read_dir(corpus.join(name)) else { continue };
        for entry in entries {
            let path = entry.unwrap().path();
            let _ = survives(name, &std::fs::read(&path).unwrap(), &path.display().to_string());
            replayed += 1;
        }
    }
    eprintln!("{replayed} kept inputs replayed");
}

#[test]
fn hostile_texts_are_refused_with_a_message() {
    let deep = "[".repeat(100_000);
    let long_key = format!("{} = 1\n", "k".repeat(1 << 20));
    for (parser, text) in [
        ("plan", deep.as_str()),
        ("plan", long_key.as_str()),
        ("plan", "zones = { top = nan }\n"),
        ("plan", "[[sessions]]\nday = 1e400\n"),
        ("landmarks", deep.as_str()),
        ("landmarks", "brow = [1e39, 0, 0]\near_top_left = [0,0,0]\near_top_right = [0,0,0]\nnape = [0,0,0]\n"),
        ("script", "orbit 1e999 nan\n"),
        ("script", "resize 4294967296 1\n"),
        ("script", "frames 99999999999999999999\n"),
        ("script", "brush add 60 10 1,2 3\n"),
    ] {
        let refused = survives(parser, text.as_bytes(), &text.chars().take(40).collect::<String>());
        assert!(refused.is_err(), "{parser} accepted {:?}", text.chars().take(40).collect::<String>());
    }
    for name in NAMES {
        assert!(survives(name, &[0xff, 0xfe, 0x00], "invalid UTF-8").is_err(), "{name} accepted three stray bytes");
        assert!(
            survives(name, b"", "nothing").is_err() || name == "script" || name == "plan",
            "{name} accepted nothing"
        );
    }
}

/// Found by fuzzing: tobj panics on a material line with too few values;
/// a broken material library costs the texture, not the mesh.
#[test]
fn a_broken_material_library_is_a_warning_not_a_lost_mesh() {
    use smp_studio::mesh::import::parse_obj_bytes;
    let obj = b"mtllib skin.mtl\nusemtl skin\nv 0 0 0\nv 100 0 0\nv 0 100 0\nf 1 2 3\n";
    let (mesh, warnings) = parse_obj_bytes(obj, Some(b"newmtl skin\nKd 0.5\n")).expect("the mesh is read");
    assert_eq!(mesh.indices.len(), 3);
    assert!(warnings.iter().any(|w| w.contains("material library")), "{warnings:?}");
}

/// Found by fuzzing: a GLB header whose length is under the header's own
/// size made the gltf crate subtract past zero; it is refused by name.
#[test]
fn a_glb_header_shorter_than_itself_is_refused_by_name() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/fuzz/gltf/glb-length-under-its-header");
    let error = smp_studio::mesh::import::parse_gltf_bytes(&std::fs::read(path).unwrap()).unwrap_err();
    assert!(error.contains("GLB header says"), "{error}");
}
