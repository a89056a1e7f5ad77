//! The CPU side of a render: the head, its scalp chart, and the plan laid
//! onto the chart as a density map (the GPU scatter's input).

use crate::chart::ScalpChart;
use crate::chart::outline::ScalpOutline;
use crate::chart::skin_map::SkinMap;
use crate::core::error::Result;
use crate::core::landmarks::HeadLandmarks;
use crate::mesh::HeadMesh;
use crate::mesh::procedural::BuiltinHead;
use crate::mesh::source::HeadSource;
use crate::plan::Plan;
use crate::plan::density::DensityMap;

pub struct HeadScene {
    pub mesh: HeadMesh,
    pub landmarks: HeadLandmarks,
    pub chart: ScalpChart,
    pub outline: ScalpOutline,
    /// Where the skin is scalp, redder, or in a crease (per vertex).
    pub skin: SkinMap,
    pub density: DensityMap,
    pub plan: Plan,
    /// The head's own skin colour (a scan's texture, sRGB), drawn instead of
    /// the plan's skin tone; the mesh's `uvs` map it.
    pub albedo: Option<std::sync::Arc<image::RgbaImage>>,
    /// What fitting an imported head was unsure of, for the user to read.
    pub warnings: Vec<String>,
}

impl HeadScene {
    /// The default built-in head with `plan`; the plan is validated first.
    pub fn builtin(plan: Plan) -> Result<Self> {
        Self::of_builtin(BuiltinHead::default(), plan)
    }

    /// A built-in head with `plan`; the plan is validated first.
    pub fn of_builtin(head: BuiltinHead, plan: Plan) -> Result<Self> {
        plan.validate()?;
        let mesh = head.mesh();
        let landmarks = head.landmarks();
        let chart = ScalpChart::build(&mesh, landmarks.cranium_centre);
        let mut scene = Self::from_parts(mesh, landmarks, chart, plan)?;
        scene.skin.set_face(&scene.mesh, &scene.landmarks, &scene.chart, head.shape());
        Ok(scene)
    }

    /// The head `source` names with `plan` laid on it; a file is imported
    /// and fitted (`warnings` says what fitting was unsure of).
    pub fn load(source: &HeadSource, plan: Plan) -> Result<Self> {
        match source {
            HeadSource::Builtin(head) => Self::of_builtin(*head, plan),
            HeadSource::File { .. } => {
                let head = source.load()?;
                let chart = ScalpChart::build(&head.mesh, head.landmarks.cranium_centre);
                let mut scene = Self::from_parts(head.mesh, head.landmarks, chart, plan)?;
                scene.albedo = head.albedo;
                scene.warnings = head.report.map(|r| r.warnings).unwrap_or_default();
                Ok(scene)
            }
        }
    }

    /// A plan laid onto a head whose chart is already built.
    pub fn from_parts(mesh: HeadMesh, landmarks: HeadLandmarks, chart: ScalpChart, plan: Plan) -> Result<Self> {
        plan.validate()?;
        let sky = crate::chart::skin_map::sky_visibility(&mesh);
        Self::with_sky(mesh, landmarks, chart, sky, plan)
    }

    /// As `from_parts`, for a head whose sky (`SkinMap::sky`) is known: a
    /// second scene of the same head costs no second sky.
    pub fn with_sky(
        mesh: HeadMesh,
        landmarks: HeadLandmarks,
        chart: ScalpChart,
        sky: Vec<f32>,
        plan: Plan,
    ) -> Result<Self> {
        plan.validate()?;
        let outline = ScalpOutline::new(&chart, &landmarks, plan.hairline.front_line());
        let density = DensityMap::build(&plan, &outline, &chart, &landmarks);
        let skin = SkinMap::with_sky(sky, &mesh, &landmarks, &chart);
        Ok(Self { mesh, landmarks, chart, outline, skin, density, plan, albedo: None, warnings: Vec::new() })
    }

    /// Moves the landmarks (a correction by hand): the outline and the
    /// density map are laid out again.
    pub fn set_landmarks(&mut self, landmarks: HeadLandmarks) {
        self.landmarks = landmarks;
        self.skin.place(&self.mesh, &self.landmarks, &self.chart);
        self.outline = ScalpOutline::new(&self.chart, &self.landmarks, self.plan.hairline.front_line());
        self.density = DensityMap::build(&self.plan, &self.outline, &self.chart, &self.landmarks);
    }

    /// Lays a new plan onto the same head.
    pub fn set_plan(&mut self, plan: Plan) -> Result<()> {
        plan.validate()?;
        if !plan.same_dots(&self.plan) {
            self.outline = ScalpOutline::new(&self.chart, &self.landmarks, plan.hairline.front_line());
            self.density = DensityMap::build(&plan, &self.outline, &self.chart, &self.landmarks);
        }
        self.plan = plan;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The heat map's scale follows the densest target the density map
    /// holds (patches, strokes), not the zones': on alopecia areata the
    /// patches are far denser than the zones around them.
    #[test]
    fn the_heat_scale_tops_the_densest_target() {
        let plan = crate::plan::presets::preset("alopecia-areata").unwrap();
        let scene = HeadScene::builtin(plan).unwrap();
        let d = &scene.density;
        let densest = d.dots_per_mm2().into_iter().fold(0.0f32, f32::max) * d.total_share * 100.0;
        let top = d.heat_scale_top_per_cm2();
        assert!(top >= densest * 1.1 && top < densest * 1.1 + 20.0, "top {top}, densest {densest}");
        assert_eq!(top % 20.0, 0.0, "a round number: {top}");
        assert!(
            top > scene.plan.zones.max() * 1.1 + 20.0,
            "the zones alone ({}) would cut it short",
            scene.plan.zones.max()
        );
    }
}
