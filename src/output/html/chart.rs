//! The implementation rate of each area, period by period, against the 90%
//! the program requires by the end of the trial: an inline SVG line chart
//! and the same figures as a table (exact, and read by a screen reader).
//!
//! The rates are the reports' own figures ([`Facts::rate`]); with rules
//! across reports in the run, the national rate of each period (every
//! area's implemented measures over every area's measures that apply) is a
//! line of its own. A run over many years shows its [`MAX_PERIODS`] latest
//! periods, and says so. Only one point per report is kept for the run, a
//! few dozen bytes, so 2,000 reports cost nothing worth bounding.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::escape::text as esc;
use crate::date::Date;
use crate::facts::Facts;

/// The most periods the chart and its table show: the latest.
pub(super) const MAX_PERIODS: usize = 12;
/// The rate every area must reach.
const TARGET: f64 = 0.9;

/// One report's figures.
struct Point {
    area: usize,
    period: Date,
    implemented: i64,
    applicable: i64,
}

/// The rates of a run, as its reports come.
#[derive(Default)]
pub(super) struct Rates {
    points: Vec<Point>,
}

impl Rates {
    /// Keeps the rate of a report about area number `area` (in the order
    /// areas were first seen).
    pub(super) fn add(&mut self, area: usize, facts: &Facts) {
        // `rate` is known only when these are, and the measures that apply
        // more than none.
        let (Some(period), Some(_), Some(total), Some(done)) = (
            facts.period_end_date,
            facts.rate(),
            facts.measures_total,
            facts.measures_implemented,
        ) else {
            return;
        };
        let applicable =
            total.saturating_sub(i64::try_from(facts.not_applicable).unwrap_or(i64::MAX));
        self.points.push(Point {
            area,
            period,
            implemented: done,
            applicable,
        });
    }

    pub(super) fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// Writes the chart and the table; `areas` are the names by number.
    pub(super) fn write(&self, out: &mut String, areas: &[String], national: bool) {
        let all: BTreeSet<Date> = self.points.iter().map(|p| p.period).collect();
        let skipped = all.len().saturating_sub(MAX_PERIODS);
        let periods: Vec<Date> = all.into_iter().skip(skipped).collect();
        // By area, then period: the latest report of an area for a period
        // (a resubmission) is its figure.
        let mut latest: BTreeMap<(usize, Date), (i64, i64)> = BTreeMap::new();
        for p in self.points.iter().filter(|p| periods.contains(&p.period)) {
            latest.insert((p.area, p.period), (p.implemented, p.applicable));
        }
        // The national rate counts that same figure once (a resubmitted
        // report does not count its area twice).
        let mut by_area: BTreeMap<usize, BTreeMap<Date, f64>> = BTreeMap::new();
        let mut sums: BTreeMap<Date, (i64, i64)> = BTreeMap::new();
        for ((area, period), (done, applicable)) in latest {
            by_area
                .entry(area)
                .or_default()
                .insert(period, done as f64 / applicable as f64);
            let s = sums.entry(period).or_default();
            s.0 = s.0.saturating_add(done);
            s.1 = s.1.saturating_add(applicable);
        }
        let nation: BTreeMap<Date, f64> = sums
            .into_iter()
            .filter(|(_, (_, a))| *a > 0)
            .map(|(d, (i, a))| (d, i as f64 / a as f64))
            .collect();
        if skipped > 0 {
            let _ = writeln!(
                out,
                "<p>The {MAX_PERIODS} latest periods; {skipped} earlier ones are not shown.</p>"
            );
        }
        svg(out, &periods, &by_area, areas, national.then_some(&nation));
        table(out, &periods, &by_area, areas, national.then_some(&nation));
    }
}

/// The lowest rate on the chart's axis: rates below it sit on the axis.
fn floor_of(by_area: &BTreeMap<usize, BTreeMap<Date, f64>>) -> f64 {
    let lowest = by_area
        .values()
        .flat_map(|m| m.values())
        .fold(1.0f64, |a, &b| a.min(b));
    // Steps of 10%, at most 50% down, so the 90% line is never squeezed.
    ((lowest * 10.0).floor() / 10.0).clamp(0.5, 0.8)
}

const W: f64 = 960.0;
const H: f64 = 380.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 150.0;
const TOP: f64 = 20.0;
const BOTTOM: f64 = 44.0;
/// Line colours told apart in grey scale too by their dash patterns.
const COLOURS: [&str; 8] = [
    "#0969da", "#8250df", "#1a7f37", "#bc4c00", "#bf3989", "#0a7e8c", "#6e7781", "#953800",
];
const DASHES: [&str; 3] = ["", "6 3", "2 3"];

fn svg(
    out: &mut String,
    periods: &[Date],
    by_area: &BTreeMap<usize, BTreeMap<Date, f64>>,
    areas: &[String],
    nation: Option<&BTreeMap<Date, f64>>,
) {
    let floor = floor_of(by_area);
    let x = |d: &Date| -> f64 {
        let i = periods.iter().position(|p| p == d).unwrap_or(0) as f64;
        let n = periods.len().max(2) as f64 - 1.0;
        LEFT + (W - LEFT - RIGHT) * if periods.len() == 1 { 0.5 } else { i / n }
    };
    let y =
        |r: f64| TOP + (H - TOP - BOTTOM) * (1.0 - (r.clamp(floor, 1.0) - floor) / (1.0 - floor));
    let _ = write!(
        out,
        "<svg class=\"chart\" viewBox=\"0 0 {W} {H}\" width=\"{W}\" height=\"{H}\" role=\"img\" \
         aria-labelledby=\"chart-title chart-desc\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"chart-title\">Implementation rate by area and period</title>\
         <desc id=\"chart-desc\">One line per area; the dashed red line is the 90% the program \
         requires by the end of the trial. The table below gives every figure.</desc>\
         <g font-size=\"12\" font-family=\"system-ui,sans-serif\" fill=\"#57606a\">"
    );
    let mut step = 0.1;
    if 1.0 - floor > 0.3 {
        step = 0.2;
    }
    let mut r = floor;
    while r <= 1.0001 {
        let yy = y(r);
        let _ = write!(
            out,
            "<line x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{yy:.1}\" y2=\"{yy:.1}\" stroke=\"#d0d7de\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{:.0}%</text>",
            W - RIGHT,
            LEFT - 6.0,
            yy + 4.0,
            r * 100.0
        );
        r += step;
    }
    for d in periods {
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            x(d),
            H - BOTTOM + 18.0,
            d
        );
    }
    let _ = write!(
        out,
        "<text x=\"{LEFT}\" y=\"{:.1}\">period ending</text></g>",
        H - 6.0
    );
    let target = y(TARGET);
    let _ = write!(
        out,
        "<line x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{target:.1}\" y2=\"{target:.1}\" stroke=\"#a40e26\" \
         stroke-width=\"2\" stroke-dasharray=\"8 4\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" \
         fill=\"#a40e26\">90% required</text>",
        W - RIGHT,
        W - RIGHT + 6.0,
        target + 4.0
    );
    // The name at the end of each line, spaced so that none hides another.
    let mut labels: Vec<(f64, f64, String, &str)> = Vec::new();
    let mut line = |out: &mut String,
                    points: &BTreeMap<Date, f64>,
                    name: &str,
                    style: (&'static str, &str, f64)| {
        let (colour, dash, width) = style;
        let coords: Vec<String> = points
            .iter()
            .map(|(d, r)| format!("{:.1},{:.1}", x(d), y(*r)))
            .collect();
        let _ = write!(
            out,
            "<g><title>{}</title><polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"{width}\" \
             stroke-dasharray=\"{dash}\" points=\"{}\"/>",
            esc(name),
            coords.join(" ")
        );
        for c in &coords {
            let (cx, cy) = c.split_once(',').unwrap_or(("0", "0"));
            let _ = write!(
                out,
                "<circle cx=\"{cx}\" cy=\"{cy}\" r=\"3\" fill=\"{colour}\"/>"
            );
        }
        if let Some((d, r)) = points.iter().next_back() {
            labels.push((x(d) + 6.0, y(*r) + 4.0, short(name), colour));
        }
        out.push_str("</g>");
    };
    for (k, (area, points)) in by_area.iter().enumerate() {
        let name = areas.get(*area).map_or("", String::as_str);
        let style = (
            COLOURS[k % COLOURS.len()],
            DASHES[(k / COLOURS.len()) % DASHES.len()],
            1.5,
        );
        line(out, points, name, style);
    }
    if let Some(nation) = nation {
        line(out, nation, "all areas", ("#1f2328", "", 3.5));
    }
    labels.sort_by(|a, b| {
        (a.0, a.1)
            .partial_cmp(&(b.0, b.1))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let mut last: Option<(f64, f64)> = None;
    for (lx, ly, name, colour) in labels {
        let ly = match last {
            Some((px, py)) if (px - lx).abs() < 1.0 && ly < py + 13.0 => py + 13.0,
            _ => ly,
        };
        last = Some((lx, ly));
        let _ = write!(
            out,
            "<text x=\"{lx:.1}\" y=\"{ly:.1}\" font-size=\"11\" fill=\"{colour}\">{}</text>",
            esc(&name)
        );
    }
    out.push_str("</svg>\n");
}

/// A name short enough to label a line.
fn short(name: &str) -> String {
    match name.char_indices().nth(18) {
        Some((cut, _)) => format!("{}…", &name[..cut]),
        None => name.to_string(),
    }
}

fn table(
    out: &mut String,
    periods: &[Date],
    by_area: &BTreeMap<usize, BTreeMap<Date, f64>>,
    areas: &[String],
    nation: Option<&BTreeMap<Date, f64>>,
) {
    out.push_str(
        "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"implementation rates, \
         table\"><table class=\"rates\"><caption>Implementation rate by area and period; in \
         brackets, percentage points above (+) or below (−) 90%</caption><thead><tr><th scope=\"col\">area</th>",
    );
    for d in periods {
        let _ = write!(out, "<th scope=\"col\">{d}</th>");
    }
    out.push_str("</tr></thead><tbody>\n");
    let row = |out: &mut String, name: &str, points: &BTreeMap<Date, f64>| {
        let _ = write!(out, "<tr><th scope=\"row\"><bdi>{}</bdi></th>", esc(name));
        for d in periods {
            match points.get(d) {
                Some(r) => {
                    let gap = (r - TARGET) * 100.0;
                    let class = if *r + 1e-9 >= TARGET {
                        "above"
                    } else {
                        "below"
                    };
                    let _ = write!(
                        out,
                        "<td class=\"{class}\">{:.1}% <small>({}{:.1})</small></td>",
                        r * 100.0,
                        if gap >= 0.0 { "+" } else { "−" },
                        gap.abs()
                    );
                }
                None => out.push_str("<td>–</td>"),
            }
        }
        out.push_str("</tr>\n");
    };
    for (area, points) in by_area {
        row(out, areas.get(*area).map_or("", String::as_str), points);
    }
    if let Some(nation) = nation {
        row(out, "all areas", nation);
    }
    out.push_str("</tbody></table></div>\n");
}
