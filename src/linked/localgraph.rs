//! Geometry of the link pictures, computed at build time so that they are
//! plain SVG in the page (nothing to run in the browser to see them):
//!
//! * the local graph of a page: the page in the middle and the pages it
//!   links to and that link to it around it, each a link;
//! * the overview on the site map: one bubble per kind of page, sized by how
//!   many pages it has, joined by lines as thick as the links between kinds.
//!
//! Only positions and labels are made here; the theme draws them, so the
//! titles are escaped like every other template value.

use serde::Serialize;

/// Most neighbours a local graph shows; the rest are counted ("and 12
/// more") and listed in full in the page's links and backlinks.
pub const MOST_NEIGHBOURS: usize = 16;
/// Longest label, in characters; the full title is the node's tooltip.
const LABEL_CHARS: usize = 22;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 360.0;

/// A page next to the one a graph is drawn for.
pub struct Neighbour<'a> {
    /// Output path, from the site root.
    pub path: &'a str,
    pub title: &'a str,
    pub kind: &'a str,
    /// The page links to it.
    pub linked_to: bool,
    /// It links to the page.
    pub links_here: bool,
}

#[derive(Debug, Serialize)]
pub struct LocalGraph {
    pub width: f64,
    pub height: f64,
    pub cx: f64,
    pub cy: f64,
    pub nodes: Vec<Node>,
    /// Neighbours left out.
    pub more: usize,
}

#[derive(Debug, Serialize)]
pub struct Node {
    pub href: String,
    pub title: String,
    pub label: String,
    pub kind: String,
    /// `out` (linked to), `in` (links here) or `both`.
    pub direction: &'static str,
    pub x: f64,
    pub y: f64,
    /// Where the label goes and how it is anchored (`start`, `middle`, `end`).
    pub label_x: f64,
    pub label_y: f64,
    pub anchor: &'static str,
}

/// Lays out a page's neighbours around it: pages it links to from the top
/// clockwise, then pages linking both ways, then pages linking to it.
/// `href` makes the link to a path, for the neighbours drawn.
pub fn local(mut neighbours: Vec<Neighbour>, href: impl Fn(&str) -> String) -> Option<LocalGraph> {
    if neighbours.is_empty() {
        return None;
    }
    neighbours.sort_by_key(|n| match (n.linked_to, n.links_here) {
        (true, false) => 0,
        (true, true) => 1,
        _ => 2,
    });
    let more = neighbours.len().saturating_sub(MOST_NEIGHBOURS);
    neighbours.truncate(MOST_NEIGHBOURS);
    let (cx, cy) = (WIDTH / 2.0, HEIGHT / 2.0);
    let (rx, ry) = (WIDTH * 0.3, HEIGHT * 0.36);
    let count = neighbours.len() as f64;
    let nodes = neighbours
        .into_iter()
        .enumerate()
        .map(|(i, n)| {
            // Start at the top; with one neighbour, put it to the right.
            let angle = if count == 1.0 {
                0.0
            } else {
                -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / count
            };
            let (x, y) = (cx + rx * angle.cos(), cy + ry * angle.sin());
            let (label_x, label_y, anchor) = label_place(x, y, cx);
            Node {
                label: shorten(n.title),
                direction: match (n.linked_to, n.links_here) {
                    (true, true) => "both",
                    (true, false) => "out",
                    _ => "in",
                },
                href: href(n.path),
                title: n.title.to_owned(),
                kind: n.kind.to_owned(),
                x: round(x),
                y: round(y),
                label_x: round(label_x),
                label_y: round(label_y),
                anchor,
            }
        })
        .collect();
    Some(LocalGraph {
        width: WIDTH,
        height: HEIGHT,
        cx,
        cy,
        nodes,
        more,
    })
}

/// Labels sit outside the ring: to the right of nodes on the right, to the
/// left on the left, above or below near the top and bottom.
fn label_place(x: f64, y: f64, cx: f64) -> (f64, f64, &'static str) {
    let dx = x - cx;
    if dx.abs() < 40.0 {
        let below = y > HEIGHT / 2.0;
        (x, if below { y + 22.0 } else { y - 13.0 }, "middle")
    } else if dx > 0.0 {
        (x + 13.0, y + 4.0, "start")
    } else {
        (x - 13.0, y + 4.0, "end")
    }
}

/// A kind of page on the site map's overview.
pub struct KindCount {
    pub id: String,
    pub label: String,
    pub kind: String,
    pub pages: usize,
}

#[derive(Debug, Serialize)]
pub struct Overview {
    pub width: f64,
    pub height: f64,
    pub bubbles: Vec<Bubble>,
    pub lines: Vec<Line>,
}

#[derive(Debug, Serialize)]
pub struct Bubble {
    /// The id of the kind's part of the map page.
    pub id: String,
    pub label: String,
    pub kind: String,
    pub pages: usize,
    pub x: f64,
    pub y: f64,
    pub r: f64,
}

#[derive(Debug, Serialize)]
pub struct Line {
    pub x1: f64,
    pub y1: f64,
    pub x2: f64,
    pub y2: f64,
    pub width: f64,
    pub links: usize,
}

/// Kinds in a ring, each bubble's area in proportion to its pages; `links`
/// counts links between kinds `(a, b, count)`, by index into `kinds`.
pub fn overview(kinds: Vec<KindCount>, links: &[(usize, usize, usize)]) -> Overview {
    let (cx, cy) = (WIDTH / 2.0, HEIGHT / 2.0);
    let most = kinds.iter().map(|k| k.pages).max().unwrap_or(1).max(1) as f64;
    let count = kinds.len().max(1) as f64;
    let bubbles: Vec<Bubble> = kinds
        .into_iter()
        .enumerate()
        .map(|(i, k)| {
            let angle = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / count;
            let (x, y) = if count == 1.0 {
                (cx, cy)
            } else {
                (
                    cx + WIDTH * 0.33 * angle.cos(),
                    cy + HEIGHT * 0.33 * angle.sin(),
                )
            };
            Bubble {
                r: round(12.0 + 30.0 * (k.pages as f64 / most).sqrt()),
                id: k.id,
                label: k.label,
                kind: k.kind,
                pages: k.pages,
                x: round(x),
                y: round(y),
            }
        })
        .collect();
    let most_links = links.iter().map(|l| l.2).max().unwrap_or(1).max(1) as f64;
    let lines = links
        .iter()
        .filter(|(a, b, n)| a != b && *n > 0 && *a < bubbles.len() && *b < bubbles.len())
        .map(|&(a, b, n)| Line {
            x1: bubbles[a].x,
            y1: bubbles[a].y,
            x2: bubbles[b].x,
            y2: bubbles[b].y,
            width: round(1.0 + 7.0 * (n as f64).ln_1p() / most_links.ln_1p()),
            links: n,
        })
        .collect();
    Overview {
        width: WIDTH,
        height: HEIGHT,
        bubbles,
        lines,
    }
}

fn shorten(title: &str) -> String {
    if title.chars().count() <= LABEL_CHARS {
        return title.to_owned();
    }
    let cut: String = title.chars().take(LABEL_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn neighbour(title: &str, linked_to: bool, links_here: bool) -> Neighbour<'_> {
        Neighbour {
            path: title,
            title,
            kind: "note",
            linked_to,
            links_here,
        }
    }

    #[test]
    fn no_neighbours_no_graph() {
        assert!(local(Vec::new(), str::to_owned).is_none());
    }

    #[test]
    fn nodes_stay_inside_and_are_ordered_out_both_in() {
        let graph = local(
            vec![
                neighbour("c", false, true),
                neighbour("a", true, false),
                neighbour("b", true, true),
            ],
            str::to_owned,
        )
        .unwrap();
        let order: Vec<&str> = graph.nodes.iter().map(|n| n.direction).collect();
        assert_eq!(order, ["out", "both", "in"]);
        for n in &graph.nodes {
            assert!(n.x > 0.0 && n.x < graph.width && n.y > 0.0 && n.y < graph.height);
        }
    }

    #[test]
    fn many_neighbours_are_capped_and_counted() {
        let titles: Vec<String> = (0..40).map(|i| format!("p{i}")).collect();
        let many = titles.iter().map(|t| neighbour(t, true, false)).collect();
        let graph = local(many, |p| format!("{p}.html")).unwrap();
        assert_eq!(graph.nodes[0].href, "p0.html");
        assert_eq!(graph.nodes.len(), MOST_NEIGHBOURS);
        assert_eq!(graph.more, 40 - MOST_NEIGHBOURS);
    }

    #[test]
    fn long_titles_are_shortened_for_labels_only() {
        let title = "Handover: community trigger reviews in Southbank (Jul 2025)";
        let graph = local(vec![neighbour(title, true, false)], str::to_owned).unwrap();
        assert_eq!(graph.nodes[0].title, title);
        assert!(graph.nodes[0].label.chars().count() <= LABEL_CHARS);
        assert!(graph.nodes[0].label.ends_with('…'));
    }
}
