//! No input panics the loader: arbitrary text, and the real specs mutated at random.
//! Every error it returns points inside the text it was given.

use proptest::prelude::*;

const SPECS: [&str; 5] = [
    include_str!("../../providers/weevio/weevio.yaml"),
    include_str!("../../providers/pixee/pixee.yaml"),
    include_str!("../../providers/weshape/weshape.yaml"),
    include_str!("../../providers/weavz/weavz.yaml"),
    include_str!("../../providers/weavy/weavy.yaml"),
];

fn check(text: &str) {
    if let Err(diags) = auth_spec::load_str("fuzz.yaml", text) {
        assert!(!diags.is_empty());
        // Line breaks as editors count them: \n, \r\n and a lone \r.
        let breaks = text.matches('\n').count() + text.replace("\r\n", "\n").matches('\r').count();
        let lines = breaks + 1;
        for d in diags.iter() {
            assert!(
                d.line >= 1 && d.line <= lines,
                "line {} outside 1..={lines}: {d}",
                d.line
            );
            assert!(d.column >= 1, "column 0: {d}");
            if d.line == lines {
                let last = text.rsplit(['\n', '\r']).next().unwrap_or("");
                assert!(
                    d.column <= last.chars().count() + 1,
                    "column past the end: {d}"
                );
            }
        }
    }
}

/// One edit to a spec's lines: delete, duplicate, swap with another, or splice in junk.
#[derive(Debug, Clone)]
enum Edit {
    Delete(usize),
    Duplicate(usize),
    Swap(usize, usize),
    Replace(usize, String),
    Truncate(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        any::<usize>().prop_map(Edit::Delete),
        any::<usize>().prop_map(Edit::Duplicate),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::Swap(a, b)),
        (
            any::<usize>(),
            "[ -~\t]{0,24}|[a-z_]{1,8}: [\\[{&*!|>'\"%@`-]{0,3}"
        )
            .prop_map(|(a, s)| Edit::Replace(a, s)),
        any::<usize>().prop_map(Edit::Truncate),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for e in edits {
        if lines.is_empty() {
            break;
        }
        let n = lines.len();
        match e {
            Edit::Delete(i) => {
                lines.remove(i % n);
            }
            Edit::Duplicate(i) => {
                let l = lines[i % n].clone();
                lines.insert(i % n, l);
            }
            Edit::Swap(a, b) => lines.swap(a % n, b % n),
            Edit::Replace(i, s) => lines[i % n] = s.clone(),
            Edit::Truncate(i) => {
                let l = &mut lines[i % n];
                let mut cut = l.len() / 2;
                while !l.is_char_boundary(cut) {
                    cut -= 1;
                }
                l.truncate(cut);
            }
        }
    }
    lines.join("\n")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        check(&text);
    }

    #[test]
    fn yaml_like_text_never_panics(text in "([a-z_]{0,6}:? ?[\\[\\]{},&*!|>-]{0,2} ?[a-z0-9_]{0,6}\n {0,4}){0,40}") {
        check(&text);
    }

    #[test]
    fn mutated_specs_never_panic(which in 0usize..5, edits in prop::collection::vec(edit(), 1..6)) {
        check(&apply(SPECS[which], &edits));
    }
}

#[test]
fn hostile_yaml_is_refused_not_expanded() {
    // A billion-laughs alias bomb and deep nesting must fail cleanly, not hang or overflow.
    let bomb = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n";
    check(bomb);
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    check(&deep);
    check("\u{feff}spec_version: 1\n");
    check("spec_version: 1\x00\n");
}

#[test]
fn unicode_line_separators_do_not_shift_lines() {
    // The YAML 1.1 parser breaks lines at U+2028; editors and diagnostics do not.
    check("\u{2028}#");
    check("a: \u{2028}\u{2029}\u{85}: [");
    check("x\ry\r\n: {");
}
