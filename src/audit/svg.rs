//! The report's two pictures, as inline SVG: the radar of the areas' scores and the risk
//! heat map. Coordinates are whole or fixed-point numbers so that the output is the same on
//! every platform.

use super::areas::AreaScore;
use super::risks::HeatMap;
use super::text::Text;
use crate::report::markup::text as esc;
use std::fmt::Write;

const WIDTH: i64 = 560;
const HEIGHT: i64 = 420;
/// The centre: the labels need more room beside the radar than above it.
const CX: i64 = WIDTH / 2;
const CY: i64 = HEIGHT / 2;
const RADIUS: i64 = 140;

/// A point at `percent` of the radius on axis `i` of `n`, clockwise from the top, in tenths.
fn point(i: usize, n: usize, percent: i64) -> (i64, i64) {
    let angle = std::f64::consts::TAU * i as f64 / n as f64;
    let r = (RADIUS * percent) as f64 / 100.0;
    let x = CX as f64 + r * angle.sin();
    let y = CY as f64 - r * angle.cos();
    ((x * 10.0).round() as i64, (y * 10.0).round() as i64)
}

fn fixed(tenths: i64) -> String {
    let sign = if tenths < 0 { "-" } else { "" };
    format!("{sign}{}.{}", tenths.abs() / 10, tenths.abs() % 10)
}

fn polygon(points: &[(i64, i64)]) -> String {
    points
        .iter()
        .map(|(x, y)| format!("{},{}", fixed(*x), fixed(*y)))
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn radar(areas: &[AreaScore], t: &Text) -> String {
    let n = areas.len();
    let mut s = format!(
        r#"<svg class="radar" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{}">"#,
        esc(t.radar)
    );
    for ring in [25, 50, 75, 100] {
        let ps: Vec<_> = (0..n).map(|i| point(i, n, ring)).collect();
        let _ = write!(s, r#"<polygon class="ring" points="{}"/>"#, polygon(&ps));
    }
    for (i, a) in areas.iter().enumerate() {
        let (x, y) = point(i, n, 100);
        let _ = write!(
            s,
            r#"<line class="axis" x1="{CX}" y1="{CY}" x2="{}" y2="{}"/>"#,
            fixed(x),
            fixed(y)
        );
        let (lx, ly) = point(i, n, 122);
        let anchor = match lx - CX * 10 {
            d if d > 50 => "start",
            d if d < -50 => "end",
            _ => "middle",
        };
        let score = a.score.map_or("–".to_owned(), |p| format!("{p}%"));
        let _ = write!(
            s,
            r#"<text x="{}" y="{}" text-anchor="{anchor}">{} {}</text>"#,
            fixed(lx),
            fixed(ly + 40),
            esc(t.areas[i]),
            score
        );
    }
    let ps: Vec<_> = areas
        .iter()
        .enumerate()
        .map(|(i, a)| point(i, n, i64::from(a.score.unwrap_or(0))))
        .collect();
    let _ = write!(s, r#"<polygon class="score" points="{}"/>"#, polygon(&ps));
    s.push_str("</svg>");
    s
}

/// The colour of a risk value (likelihood × impact, 1..9).
fn colour(value: u8) -> &'static str {
    match value {
        0..=2 => "#cfe8cf",
        3..=4 => "#fff2b3",
        5..=6 => "#ffc999",
        _ => "#f29c9c",
    }
}

pub fn heat_map(map: &HeatMap, t: &Text) -> String {
    const CELL: i64 = 120;
    const LEFT: i64 = 120;
    const TOP: i64 = 20;
    let w = LEFT + 3 * CELL + 10;
    let h = TOP + 3 * CELL + 60;
    let mut s = format!(
        r#"<svg class="heat" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{}">"#,
        esc(t.heat_map)
    );
    for c in &map.cells {
        // Impact grows to the right, likelihood upwards.
        let x = LEFT + (i64::from(c.impact) - 1) * CELL;
        let y = TOP + (3 - i64::from(c.likelihood)) * CELL;
        let value = c.likelihood * c.impact;
        let _ = write!(
            s,
            r#"<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" fill="{}"/><text class="count" x="{}" y="{}" text-anchor="middle">{}</text>"#,
            colour(value),
            x + CELL / 2,
            y + 52,
            c.count
        );
        for (row, chunk) in c.risks.chunks(3).take(3).enumerate() {
            let _ = write!(
                s,
                r#"<text class="ids" x="{}" y="{}" text-anchor="middle">{}</text>"#,
                x + CELL / 2,
                y + 74 + 14 * row as i64,
                esc(&chunk.join(" "))
            );
        }
    }
    for i in 0..3i64 {
        let _ = write!(
            s,
            r#"<text x="{}" y="{}" text-anchor="end">{}</text><text x="{}" y="{}" text-anchor="middle">{}</text>"#,
            LEFT - 8,
            TOP + (2 - i) * CELL + CELL / 2 + 5,
            esc(t.levels[i as usize]),
            LEFT + i * CELL + CELL / 2,
            TOP + 3 * CELL + 20,
            esc(t.impacts[i as usize])
        );
    }
    let _ = write!(
        s,
        r#"<text class="axis-title" x="{}" y="{}" text-anchor="middle">{} →</text><text class="axis-title" x="10" y="{}">↑ {}</text></svg>"#,
        LEFT + 3 * CELL / 2,
        TOP + 3 * CELL + 48,
        esc(t.impact),
        TOP + 12,
        esc(t.likelihood)
    );
    s
}
