//! Every built-in head: listed and chosen by name, a plausible scalp, every
//! preset laid onto it with as many dots as its density map asks for.

mod common;

use smp_studio::mesh::procedural::BuiltinHead;
use smp_studio::output::stats::expected_dots;
use smp_studio::plan::presets::{PRESETS, preset};
use smp_studio::{HeadScene, Plan, Renderer};

/// Hair-bearing scalp (cm²): triangle areas weighted by the skin map's
/// scalp share, which follows the natural hairline.
fn scalp_cm2(scene: &HeadScene) -> f64 {
    let mesh = &scene.mesh;
    (0..mesh.triangle_count())
        .map(|t| {
            let i = &mesh.indices[3 * t..3 * t + 3];
            let share = i.iter().map(|&v| scene.skin.scalp[v as usize] as f64).sum::<f64>() / 3.0;
            mesh.triangle_area(t) as f64 * share
        })
        .sum::<f64>()
        / 100.0
}

#[test]
fn every_built_in_head_has_a_full_head_of_scalp_and_takes_every_preset() {
    let ctx = common::gpu();
    for head in BuiltinHead::ALL {
        let mut scene = HeadScene::of_builtin(head, Plan::default()).unwrap();
        // DOMAIN: a full head is roughly 400–650 cm² of scalp.
        let scalp = scalp_cm2(&scene);
        eprintln!("{}: {scalp:.0} cm² of scalp, {} triangles", head.name(), scene.mesh.triangle_count());
        assert!((400.0..650.0).contains(&scalp), "{}: {scalp:.0} cm² of scalp", head.name());
        let mut renderer = Renderer::new(ctx.clone(), &scene).unwrap();
        for p in PRESETS {
            let plan = preset(p.name).unwrap();
            scene.set_plan(plan.clone()).unwrap();
            renderer.set_plan(&scene).unwrap();
            // Touch-ups add their share on top of the plan's 100 %.
            let shares: f64 = plan.sessions.iter().map(|s| s.share as f64).sum();
            let expected = shares * expected_dots(&scene.mesh, &scene.chart, &scene.density, |_| true);
            let dots = renderer.dots().read(&renderer.ctx).unwrap();
            let pigment = dots.iter().filter(|d| d.is_pigment()).count() as f64;
            if !plan.scars.is_empty() {
                // A scar's dots follow its own density, not the map's.
                assert!(pigment > 500.0, "{} with {}: only {pigment} dots", head.name(), p.name);
                continue;
            }
            let tolerance = 5.0 * expected.sqrt() + 0.02 * expected;
            assert!(
                (pigment - expected).abs() <= tolerance,
                "{} with {}: {pigment} dots, {expected:.0} expected",
                head.name(),
                p.name
            );
        }
    }
}

#[test]
fn heads_are_chosen_by_name_and_an_unknown_name_lists_the_known_ones() {
    for head in BuiltinHead::ALL {
        assert_eq!(BuiltinHead::parse(head.name()).unwrap(), head);
    }
    let e = BuiltinHead::parse("alien").unwrap_err().to_string();
    assert!(e.contains("'alien'") && e.contains("man, woman, round"), "{e}");
    let smp = |args: &[&str]| std::process::Command::new(env!("CARGO_BIN_EXE_smp")).args(args).output().unwrap();
    let list = smp(&["head", "list"]);
    let text = String::from_utf8_lossy(&list.stdout);
    for head in BuiltinHead::ALL {
        assert!(text.contains(&format!("builtin:{}", head.name())), "smp head list: {text}");
    }
    let inspect = smp(&["head", "inspect", "builtin:woman"]);
    let text = String::from_utf8_lossy(&inspect.stdout);
    assert!(inspect.status.success() && text.starts_with("builtin:woman"), "{text}");
}
