//! Contact sheets: renders laid out as times × views with readable labels,
//! in the 8×8 bitmap font the `font8x8` crate ships (public domain), scaled
//! up; nothing is downloaded.

use image::{Rgba, RgbaImage};

const INK: Rgba<u8> = Rgba([235, 235, 235, 255]);
const PAPER: Rgba<u8> = Rgba([28, 28, 30, 255]);

/// Draws `text` with its top-left corner at (x, y), each font pixel a
/// `scale` × `scale` block. Characters the font lacks draw as '?'.
pub fn draw_text(image: &mut RgbaImage, x: i64, y: i64, scale: u32, text: &str, colour: Rgba<u8>) {
    use font8x8::UnicodeFonts;
    let mut cx = x;
    for ch in text.chars() {
        let glyph = font8x8::BASIC_FONTS
            .get(ch)
            .or_else(|| font8x8::LATIN_FONTS.get(ch))
            .or_else(|| font8x8::GREEK_FONTS.get(ch))
            .or_else(|| font8x8::BASIC_FONTS.get('?'))
            .unwrap_or([0; 8]);
        for (row, bits) in glyph.iter().enumerate() {
            for col in 0..8 {
                if bits & (1 << col) == 0 {
                    continue;
                }
                for dy in 0..scale as i64 {
                    for dx in 0..scale as i64 {
                        let (px, py) = (cx + col * scale as i64 + dx, y + row as i64 * scale as i64 + dy);
                        if px >= 0 && py >= 0 && (px as u32) < image.width() && (py as u32) < image.height() {
                            image.put_pixel(px as u32, py as u32, colour);
                        }
                    }
                }
            }
        }
        cx += 8 * scale as i64;
    }
}

/// Width in pixels of `text` drawn at `scale`.
pub fn text_width(text: &str, scale: u32) -> u32 {
    text.chars().count() as u32 * 8 * scale
}

/// A sheet with one row per time and one column per view: a title line,
/// view names over the columns, time labels left of the rows.
pub fn contact_sheet(
    title: &str,
    row_labels: &[String],
    column_labels: &[String],
    cells: &[Vec<RgbaImage>],
) -> RgbaImage {
    let (cw, ch) = cells.first().and_then(|r| r.first()).map_or((1, 1), |i| i.dimensions());
    let scale = (cw / 160).clamp(1, 3);
    let line = 8 * scale + 8;
    let label_w = row_labels.iter().map(|l| text_width(l, scale)).max().unwrap_or(0) + 16;
    let gap = 4;
    let top = 2 * line + 8;
    let columns = column_labels.len() as u32;
    let rows = row_labels.len() as u32;
    let width = (label_w + columns * (cw + gap)).max(text_width(title, scale) + 16);
    let height = top + rows * (ch + gap);
    let mut sheet = RgbaImage::from_pixel(width, height, PAPER);
    draw_text(&mut sheet, 8, 6, scale, title, INK);
    for (c, label) in column_labels.iter().enumerate() {
        let x = label_w + c as u32 * (cw + gap) + cw.saturating_sub(text_width(label, scale)) / 2;
        draw_text(&mut sheet, x as i64, (line + 6) as i64, scale, label, INK);
    }
    for (r, (label, row)) in row_labels.iter().zip(cells).enumerate() {
        let y = top + r as u32 * (ch + gap);
        draw_text(&mut sheet, 8, (y + ch / 2 - 4 * scale) as i64, scale, label, INK);
        for (c, cell) in row.iter().enumerate() {
            image::imageops::overlay(&mut sheet, cell, (label_w + c as u32 * (cw + gap)) as i64, y as i64);
        }
    }
    sheet
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_draws_ink_where_the_glyphs_are() {
        let mut img = RgbaImage::from_pixel(40, 10, PAPER);
        draw_text(&mut img, 0, 0, 1, "1y", INK);
        let ink = img.pixels().filter(|p| **p == INK).count();
        assert!(ink > 10, "{ink} inked pixels");
        // Nothing past the two glyphs.
        assert!((16..40).all(|x| (0..8).all(|y| *img.get_pixel(x, y) == PAPER)));
    }

    #[test]
    fn the_sheet_holds_every_cell_under_its_labels() {
        let cell = RgbaImage::from_pixel(64, 48, Rgba([200, 10, 10, 255]));
        let rows = vec![vec![cell.clone(), cell.clone()], vec![cell.clone(), cell]];
        let sheet = contact_sheet("plan", &["day 1".into(), "5 years".into()], &["front".into(), "top".into()], &rows);
        let red = sheet.pixels().filter(|p| p.0 == [200, 10, 10, 255]).count();
        assert_eq!(red, 4 * 64 * 48);
    }
}
