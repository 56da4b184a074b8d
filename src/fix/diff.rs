//! A unified diff of two texts, line by line (Myers' algorithm), with three lines of
//! context: what `grclint fix --diff` prints.

#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Same,
    Del,
    Ins,
}

/// The edit script from `a` to `b`: each step with the line positions before it.
fn script(a: &[&str], b: &[&str]) -> Vec<(Op, usize, usize)> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let max = n + m;
    let off = max + 1;
    let mut v = vec![0isize; 2 * max as usize + 3];
    let mut trace = Vec::new();
    'outer: for d in 0..=max {
        trace.push(v.clone());
        let mut k = -d;
        while k <= d {
            let i = (off + k) as usize;
            let mut x = if k == -d || (k != d && v[i - 1] < v[i + 1]) {
                v[i + 1]
            } else {
                v[i - 1] + 1
            };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[i] = x;
            if x >= n && y >= m {
                break 'outer;
            }
            k += 2;
        }
    }
    let mut ops = Vec::new();
    let (mut x, mut y) = (n, m);
    for d in (0..trace.len() as isize).rev() {
        let v = &trace[d as usize];
        let k = x - y;
        let i = (off + k) as usize;
        let prev_k = if k == -d || (k != d && v[i - 1] < v[i + 1]) {
            k + 1
        } else {
            k - 1
        };
        let prev_x = v[(off + prev_k) as usize];
        let prev_y = prev_x - prev_k;
        while x > prev_x && y > prev_y {
            x -= 1;
            y -= 1;
            ops.push((Op::Same, x as usize, y as usize));
        }
        if d > 0 {
            if x == prev_x {
                ops.push((Op::Ins, x as usize, prev_y as usize));
            } else {
                ops.push((Op::Del, prev_x as usize, y as usize));
            }
        }
        (x, y) = (prev_x, prev_y);
    }
    ops.reverse();
    ops
}

const CONTEXT: usize = 3;

/// `--- a/path`, `+++ b/path` and the hunks; empty when the texts are equal.
pub fn unified(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let ops = script(&a, &b);
    let changed: Vec<usize> = (0..ops.len()).filter(|&i| ops[i].0 != Op::Same).collect();
    let mut out = format!("--- a/{path}\n+++ b/{path}\n");
    let mut i = 0;
    while i < changed.len() {
        let mut j = i;
        while j + 1 < changed.len() && changed[j + 1] - changed[j] <= 2 * CONTEXT + 1 {
            j += 1;
        }
        let from = changed[i].saturating_sub(CONTEXT);
        let to = (changed[j] + CONTEXT + 1).min(ops.len());
        let hunk = &ops[from..to];
        let olds = hunk.iter().filter(|o| o.0 != Op::Ins).count();
        let news = hunk.iter().filter(|o| o.0 != Op::Del).count();
        let start = |n: usize, count: usize| if count == 0 { n } else { n + 1 };
        out.push_str(&format!(
            "@@ -{},{olds} +{},{news} @@\n",
            start(hunk[0].1, olds),
            start(hunk[0].2, news)
        ));
        for &(op, x, y) in hunk {
            let (mark, line) = match op {
                Op::Same => (' ', a[x]),
                Op::Del => ('-', a[x]),
                Op::Ins => ('+', b[y]),
            };
            out.push(mark);
            out.push_str(line);
            if !line.ends_with('\n') {
                out.push_str("\n\\ No newline at end of file\n");
            }
        }
        i = j + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::unified;

    #[test]
    fn two_changes_far_apart_are_two_hunks() {
        let old: String = (1..=20).map(|i| format!("l{i}\n")).collect();
        let new = old.replace("l2\n", "L2\n").replace("l18\n", "l18\nnew\n");
        let d = unified("x.yaml", &old, &new);
        let want = "--- a/x.yaml\n+++ b/x.yaml\n\
            @@ -1,5 +1,5 @@\n l1\n-l2\n+L2\n l3\n l4\n l5\n\
            @@ -16,5 +16,6 @@\n l16\n l17\n l18\n+new\n l19\n l20\n";
        assert_eq!(d, want);
        assert_eq!(unified("x.yaml", &old, &old), "");
    }

    #[test]
    fn a_last_line_without_a_line_break_is_marked() {
        let d = unified("x.yaml", "a: 1", "a: 2");
        assert_eq!(
            d,
            "--- a/x.yaml\n+++ b/x.yaml\n@@ -1,1 +1,1 @@\n-a: 1\n\\ No newline at end of file\n+a: 2\n\\ No newline at end of file\n"
        );
    }
}
