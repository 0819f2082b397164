//! The rule files the formatter's property test formats: random but valid
//! over the whole grammar (every item, clause, expression form, `if` and
//! list comprehensions included, literal kind, string escape and `else`
//! template form), with random whitespace,
//! line breaks (inside parentheses too), blank lines, CR LF line ends, a
//! byte-order mark, and comments between any two tokens.

/// A random but valid rule file over the whole grammar, with random
/// whitespace, line breaks (inside parentheses too) and comments between
/// any two tokens. Seeded, so a failure names the case that reproduces it.
pub struct Gen {
    state: u64,
    pub comments: usize,
}

const NAMES: &[&str] = &[
    "x", "rate", "as_of", "measures", "m", "_u", "名字", "period", "f2",
];
const FIELDS: &[&str] = &["a", "end", "url", "rule", "and", "days", "状态"];
const FUNCTIONS: &[&str] = &["count", "sum", "len", "exists", "min", "max", "lower"];
const LITERALS: &[&str] = &[
    "0",
    "7",
    "42",
    "007",
    "2023",
    "9223372036854775807",
    "1.5",
    "1.50",
    "0.0",
    "90%",
    "12.5%",
    "100%",
    "2023-08-31",
    "2024-02-29",
    "10 days",
    "1 day",
    "2\tweeks",
    "3  months",
    "1 year",
    "true",
    "false",
    "null",
];
const STRINGS: &[&str] = &[
    "\"\"",
    "\"plain\"",
    "\"esc \\\" \\\\ \\n \\t \\r \\u{4e2d}\"",
    "\"# not a comment\"",
    "\"中文 {braces}\"",
];
const COMPARISONS: &[&str] = &[
    "==", "!=", "<", "<=", ">", ">=", "≥", "≤", "≠", "in", "matches",
];

impl Gen {
    pub fn new(seed: u64) -> Gen {
        Gen {
            state: seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1,
            comments: 0,
        }
    }

    /// xorshift64*: plenty for picking shapes.
    fn next(&mut self) -> u64 {
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        self.state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len() as u64) as usize]
    }

    fn comment(&mut self) -> String {
        self.comments += 1;
        format!("# c{} \"q\" #x", self.comments)
    }

    /// Whitespace between two tokens: at least one character; in a
    /// template's hole (`flat`) spaces and tabs only.
    fn ws(&mut self, flat: bool) -> String {
        if flat {
            return self.pick(&[" ", "  ", "\t"]).to_string();
        }
        match self.below(20) {
            0..=11 => " ".to_string(),
            12 => "\t".to_string(),
            13..=14 => "\n    ".to_string(),
            15 => "\n\n\n  ".to_string(),
            16..=17 => format!(" {}\n  ", self.comment()),
            18 => format!("\n  {}\n\n{}\n ", self.comment(), self.comment()),
            _ => format!("\n{}\n   ", self.comment()),
        }
    }

    /// Whitespace next to punctuation, which may be none.
    fn sep(&mut self, flat: bool) -> String {
        if self.chance(50) {
            String::new()
        } else {
            self.ws(flat)
        }
    }

    fn expr(&mut self, depth: u32, min: u8, flat: bool) -> String {
        let (p, text) = self.expr_kind(depth, flat);
        if p < min || self.chance(8) {
            format!("({}{text}{})", self.sep(flat), self.sep(flat))
        } else {
            text
        }
    }

    /// An expression and its binding strength (as in `grammar.md`).
    fn expr_kind(&mut self, depth: u32, flat: bool) -> (u8, String) {
        let kind = if depth == 0 {
            self.below(3)
        } else {
            self.below(19)
        };
        let d = depth.saturating_sub(1);
        match kind {
            0 => (9, self.pick(NAMES).to_string()),
            1 if flat => (9, self.pick(LITERALS).to_string()),
            1 if self.chance(30) => (9, self.pick(STRINGS).to_string()),
            1 => (9, self.pick(LITERALS).to_string()),
            2 => (
                9,
                self.pick(&["1", "2023", "1.5", "90%", "10 days"])
                    .to_string(),
            ),
            3 => {
                let mut s = format!("[{}", self.sep(flat));
                let n = self.below(4);
                for k in 0..n {
                    s += &self.expr(d, 0, flat);
                    if k + 1 < n || self.chance(30) {
                        s += &format!("{},{}", self.sep(flat), self.sep(flat));
                    }
                }
                (9, s + &self.sep(flat) + "]")
            }
            4 => {
                let mut s = format!(
                    "{}{}({}",
                    self.pick(FUNCTIONS),
                    self.sep(flat),
                    self.sep(flat)
                );
                let n = 1 + self.below(3);
                for k in 0..n {
                    s += &self.expr(d, 0, flat);
                    if k + 1 < n || self.chance(20) {
                        s += &format!("{},{}", self.sep(flat), self.sep(flat));
                    }
                }
                (9, s + &self.sep(flat) + ")")
            }
            5 => {
                let base = self.expr(d, 8, flat);
                (
                    8,
                    format!(
                        "{base}{}.{}{}",
                        self.sep(flat),
                        self.sep(flat),
                        self.pick(FIELDS)
                    ),
                )
            }
            6 => {
                let base = self.expr(d, 8, flat);
                let index = self.pick(&["0", "-1", "2", "- 3"]);
                (
                    8,
                    format!("{base}[{}{index}{}]", self.sep(flat), self.sep(flat)),
                )
            }
            7 => {
                let base = self.expr(d, 8, flat);
                let cond = self.expr(d, 0, flat);
                (
                    8,
                    format!(
                        "{base}{}[{}{cond}{}]",
                        self.sep(flat),
                        self.sep(flat),
                        self.sep(flat)
                    ),
                )
            }
            8 => {
                let base = self.expr(d, 8, flat);
                let mut s = format!("{base}[{}*{}]", self.sep(flat), self.sep(flat));
                for _ in 0..self.below(3) {
                    s += &format!("{}.{}", self.sep(flat), self.pick(FIELDS));
                }
                (8, s)
            }
            9 => (7, format!("-{}{}", self.sep(flat), self.expr(d, 7, flat))),
            10 => self.binary(d, flat, 6, &["*", "/"]),
            11 => self.binary(d, flat, 5, &["+", "-"]),
            12 | 13 => {
                let l = self.expr(d, 5, flat);
                let op = self.pick(COMPARISONS);
                let r = self.expr(d, 5, flat);
                (4, format!("{l}{}{op}{}{r}", self.ws(flat), self.ws(flat)))
            }
            14 => (3, format!("not{}{}", self.ws(flat), self.expr(d, 3, flat))),
            15 => self.binary(d, flat, 2, &["and"]),
            16 => self.binary(d, flat, 1, &["or"]),
            17 => {
                let cond = self.expr(d, 0, flat);
                let then = self.expr(d, 0, flat);
                let otherwise = self.expr(d, 0, flat);
                let ws: Vec<String> = (0..6).map(|_| self.ws(flat)).collect();
                (
                    0,
                    format!(
                        "if{}{cond}{}then{}{then}{}else{}{otherwise}",
                        ws[0], ws[1], ws[2], ws[3], ws[4]
                    ),
                )
            }
            _ => {
                let elem = self.expr(d, 0, flat);
                let var = self.pick(NAMES);
                let list = self.expr(d, 0, flat);
                let mut s = format!(
                    "[{}{elem}{}for{}{var}{}in{}{list}",
                    self.sep(flat),
                    self.ws(flat),
                    self.ws(flat),
                    self.ws(flat),
                    self.ws(flat)
                );
                if self.chance(50) {
                    let cond = self.expr(d, 0, flat);
                    s += &format!("{}if{}{cond}", self.ws(flat), self.ws(flat));
                }
                (9, s + &self.sep(flat) + "]")
            }
        }
    }

    /// A left-associative chain of operators of strength `p`.
    fn binary(&mut self, d: u32, flat: bool, p: u8, ops: &[&str]) -> (u8, String) {
        let mut s = self.expr(d, p, flat);
        for _ in 0..1 + self.below(3) {
            let op = self.pick(ops);
            s += &format!(
                "{}{op}{}{}",
                self.ws(flat),
                self.ws(flat),
                self.expr(d, p + 1, flat)
            );
        }
        (p, s)
    }

    /// An `else` template: text, escapes, literal braces and holes.
    fn template(&mut self) -> String {
        let mut s = String::from("\"");
        for _ in 0..self.below(5) {
            match self.below(6) {
                0 => s += "text # not a comment ",
                // Not `\\u{41}`: in a template the parser reads `{41}` as a hole.
                1 => s += "\\\" \\\\ \\n \\t",
                2 => s += "{{literal}}",
                3 => s += "中文",
                _ => {
                    let e = self.expr(2, 0, true);
                    s += &format!("{{{}{e}{}}}", self.sep(true), self.sep(true));
                }
            }
        }
        s + "\""
    }

    fn clause(&mut self, depth: u32, out: &mut String) {
        let e = 3;
        match self.below(if depth > 0 { 10 } else { 9 }) {
            0 => {
                *out += &format!(
                    "severity{}{}",
                    self.ws(false),
                    self.pick(&["error", "warning", "info"])
                )
            }
            1 => *out += &format!("help{}{}", self.ws(false), self.pick(STRINGS)),
            2 => *out += &format!("url{}\"https://example.org/a#b\"", self.ws(false)),
            3 => {
                *out += &format!("tags{}[{}", self.ws(false), self.sep(false));
                let n = self.below(4);
                for k in 0..n {
                    *out += self.pick(STRINGS);
                    if k + 1 < n || self.chance(30) {
                        *out += &format!("{},{}", self.sep(false), self.sep(false));
                    }
                }
                *out += &format!("{}]", self.sep(false));
            }
            4 => self.let_binding(out),
            5 => *out += &format!("when{}{}", self.ws(false), self.expr(e, 0, false)),
            9 => {
                *out += &format!(
                    "each{}{}{}in{}",
                    self.ws(false),
                    self.pick(NAMES),
                    self.ws(false),
                    self.ws(false)
                );
                *out += &self.expr(2, 0, false);
                *out += &self.sep(false);
                self.block(depth - 1, out);
            }
            _ => {
                *out += &format!("require{}{}", self.ws(false), self.expr(e, 0, false));
                if self.chance(25) {
                    *out += &format!(
                        "{}by{}{}",
                        self.ws(false),
                        self.ws(false),
                        self.expr(1, 0, false)
                    );
                }
                if self.chance(40) {
                    let t = self.template();
                    *out += &format!("{}else{}{t}", self.ws(false), self.ws(false));
                }
            }
        }
    }

    fn let_binding(&mut self, out: &mut String) {
        let value = self.expr(3, 0, false);
        *out += &format!(
            "let{}{}{}={}{value}",
            self.ws(false),
            self.pick(NAMES),
            self.sep(false),
            self.sep(false)
        );
    }

    /// `{ clauses }`, the clauses apart by line breaks, blank lines,
    /// comments, or just a space.
    fn block(&mut self, depth: u32, out: &mut String) {
        *out += "{";
        for _ in 0..self.below(6) {
            *out += &self.between();
            self.clause(depth, out);
        }
        *out += &self.between();
        *out += "}";
    }

    fn between(&mut self) -> String {
        match self.below(8) {
            0 => " ".to_string(),
            1 => "\n\n\n    ".to_string(),
            2 => format!(" {}\n    ", self.comment()),
            3 => format!("\n\n    {}\n    {}\n\n  ", self.comment(), self.comment()),
            _ => "\n    ".to_string(),
        }
    }

    pub fn file(&mut self) -> String {
        let mut out = String::new();
        if self.chance(5) {
            out.push('\u{feff}');
        }
        if self.chance(30) {
            out += &format!("{}\n\n", self.comment());
        }
        if self.chance(20) {
            out += &format!("schema{}\"../schema/report.schema.json\"", self.ws(false));
            out += &format!("{}\n", self.between());
        }
        for _ in 0..self.below(4) {
            if self.chance(30) {
                self.let_binding(&mut out);
            } else {
                let id = self.pick(&["STP001", "A", "X-1", "名-2"]);
                out += &format!(
                    "rule{}{id}{}{}{}",
                    self.ws(false),
                    self.ws(false),
                    self.pick(STRINGS),
                    self.sep(false)
                );
                self.block(2, &mut out);
            }
            out += &format!("{}\n", self.between());
        }
        if self.chance(20) {
            out += &self.comment();
        }
        if self.chance(10) {
            out = out.replace('\n', "\r\n");
        }
        out
    }
}
