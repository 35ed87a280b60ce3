//! Formats, and key prefixes that would make identification ambiguous.
//!
//! A prefix *shadows* another when it is equal to it or a prefix of it and a key could fit
//! both formats: a key starting `pm_live_` would then match both, and `identify` could not
//! say which kind it is. Two prefixes where one extends the other are told apart when no
//! key can fit both: the extra characters (`-` in `pat-` against `pat`, `_` in `sk_live_`
//! against `sk_`) are outside the shorter one's `charset`, or the two formats' lengths do
//! not overlap. `identify` picks the longest matching prefix, which is then always right.
//! Found in O(n log n) by sorting, so a set of thousands of specs stays cheap to check.

use super::Findings;
use crate::diag::Rule;
use crate::model::Format;
use crate::raw::Spec;

/// One credential prefix and where it was written.
struct Entry<'a> {
    prefix: &'a str,
    owner: usize,
    credential: &'a str,
    path: String,
    format: &'a Format,
}

fn formats(spec: &Spec) -> Vec<(String, &Format, Option<&str>)> {
    let mut out = Vec::new();
    for (cn, c) in &spec.credentials {
        if let Some(fm) = &c.format {
            out.push((format!("credentials.{cn}.format"), fm, Some(cn.as_str())));
        }
        for (pn, p) in &c.parts {
            if let Some(fm) = &p.format {
                out.push((
                    format!("credentials.{cn}.parts.{pn}.format"),
                    fm,
                    Some(cn.as_str()),
                ));
            }
        }
    }
    for (pn, p) in &spec.parameters {
        if let Some(fm) = &p.format {
            out.push((format!("parameters.{pn}.format"), fm, None));
        }
    }
    for (on, op) in &spec.operations {
        for (pn, p) in &op.parameters {
            if let Some(fm) = &p.format {
                out.push((format!("operations.{on}.parameters.{pn}.format"), fm, None));
            }
        }
    }
    out
}

fn entries(spec: &Spec, owner: usize) -> Vec<Entry<'_>> {
    let mut out = Vec::new();
    for (path, fm, cred) in formats(spec) {
        let Some(cred) = cred else { continue };
        for (i, p) in fm.prefixes.iter().enumerate() {
            if !p.prefix.is_empty() {
                out.push(Entry {
                    prefix: &p.prefix,
                    owner,
                    credential: cred,
                    path: format!("{path}.prefixes[{i}].prefix"),
                    format: fm,
                });
            }
        }
    }
    out
}

pub(super) fn check_within(spec: &Spec, f: &mut Findings) {
    for (path, fm, _) in formats(spec) {
        if let (Some(min), Some(max)) = (fm.min_length, fm.max_length)
            && min > max
        {
            f.at(
                Rule::KeyFormat,
                format!("{path}.min_length"),
                format!("min_length {min} exceeds max_length {max}"),
            );
        }
        for (i, p) in fm.prefixes.iter().enumerate() {
            let ppath = format!("{path}.prefixes[{i}].prefix");
            if p.prefix.is_empty() {
                f.at(Rule::KeyFormat, ppath, "a prefix may not be empty");
            } else if p.prefix.chars().any(char::is_whitespace) {
                f.at(
                    Rule::KeyFormat,
                    ppath,
                    format!("prefix `{}` contains whitespace", p.prefix),
                );
            } else if fm.max_length.is_some_and(|m| p.prefix.len() > m) {
                f.at(
                    Rule::KeyFormat,
                    ppath,
                    format!("prefix `{}` is longer than max_length", p.prefix),
                );
            }
        }
    }
    let mut all = entries(spec, 0);
    for (earlier, later) in shadowed(&mut all) {
        if earlier.prefix == later.prefix {
            f.at(
                Rule::PrefixClash,
                &later.path,
                format!(
                    "key prefix `{}` is also declared by credential `{}`",
                    later.prefix, earlier.credential
                ),
            );
            continue;
        }
        f.at(
            Rule::PrefixClash, &later.path,
            format!(
                "key prefix `{}` is shadowed by `{}` of credential `{}`: a key starting `{}` would match both",
                later.prefix, earlier.prefix, earlier.credential, later.prefix
            ),
        );
    }
}

pub(super) fn check_across(specs: &[(&str, &Spec)], per_spec: &mut [Findings]) {
    let mut all: Vec<Entry<'_>> = specs
        .iter()
        .enumerate()
        .flat_map(|(i, (_, s))| entries(s, i))
        .collect();
    for (a, b) in shadowed(&mut all) {
        if a.owner == b.owner {
            continue; // reported by the single-spec lint
        }
        // Report on the spec loaded later, naming the earlier one.
        let (first, second) = if a.owner < b.owner { (a, b) } else { (b, a) };
        let (first_file, first_spec) = specs[first.owner];
        per_spec[second.owner].at(
            Rule::PrefixClash, &second.path,
            format!(
                "key prefix `{}` clashes with `{}` of provider `{}` ({first_file}): a key could belong to either",
                second.prefix, first.prefix, first_spec.name
            ),
        );
    }
}

/// Pairs `(shorter or equal, longer)` where the first is a prefix of the second and some
/// key could fit both formats.
fn shadowed<'a, 'b>(all: &'b mut [Entry<'a>]) -> Vec<(&'b Entry<'a>, &'b Entry<'a>)> {
    // Sorted, every string that starts with P follows P directly or after others that do.
    all.sort_by(|a, b| {
        a.prefix
            .cmp(b.prefix)
            .then(a.owner.cmp(&b.owner))
            .then(a.path.cmp(&b.path))
    });
    let mut out = Vec::new();
    // The prefixes of the current entry seen so far, shortest first.
    let mut open: Vec<usize> = Vec::new();
    for i in 0..all.len() {
        while let Some(&top) = open.last() {
            if all[i].prefix.starts_with(all[top].prefix) {
                break;
            }
            open.pop();
        }
        // Every open entry is a prefix of this one; report the nearest that a key could
        // share with it (a farther one told apart does not excuse a nearer clash).
        if let Some(&j) = open.iter().rev().find(|&&j| !told_apart(&all[j], &all[i])) {
            out.push((j, i));
        }
        open.push(i);
    }
    let all: &'b [Entry<'a>] = all;
    out.into_iter().map(|(a, b)| (&all[a], &all[b])).collect()
}

/// Whether no key can fit both `short`'s format and `long`'s, where `short.prefix` is a
/// prefix of `long.prefix`: the characters `long` adds are outside `short`'s charset, or
/// their lengths cannot meet. Equal prefixes are never told apart (identification goes by
/// the prefix).
fn told_apart(short: &Entry<'_>, long: &Entry<'_>) -> bool {
    let extra = &long.prefix[short.prefix.len()..];
    if extra.is_empty() {
        return false;
    }
    if let Some(cs) = short.format.charset
        && extra.bytes().any(|b| !cs.contains(b))
    {
        return true;
    }
    // A key is longer than its prefix (and than both prefixes, to start with `long`'s).
    let (lo_s, hi_s) = lengths(short.format, short.prefix.len() + 1);
    let (lo_l, hi_l) = lengths(long.format, long.prefix.len() + 1);
    lo_s.max(lo_l) > hi_s.min(hi_l)
}

/// The lengths a format allows: `(min, max)`, at least `floor`.
fn lengths(fm: &Format, floor: usize) -> (usize, usize) {
    match fm.length {
        Some(l) => (l.max(floor), l),
        None => (
            fm.min_length.unwrap_or(0).max(floor),
            fm.max_length.unwrap_or(usize::MAX),
        ),
    }
}
