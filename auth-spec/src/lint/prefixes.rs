//! Formats, and key prefixes that would make identification ambiguous.
//!
//! A prefix *shadows* another when it is equal to it or a prefix of it: a key starting
//! `pm_live_` would then match both, and `identify` could not say which kind it is.
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

/// Pairs `(shorter or equal, longer)` where the first is a prefix of the second.
fn shadowed<'a, 'b>(all: &'b mut [Entry<'a>]) -> Vec<(&'b Entry<'a>, &'b Entry<'a>)> {
    // Sorted, every string that starts with P follows P directly or after others that do.
    all.sort_by(|a, b| {
        a.prefix
            .cmp(b.prefix)
            .then(a.owner.cmp(&b.owner))
            .then(a.path.cmp(&b.path))
    });
    let mut out = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for i in 0..all.len() {
        while let Some(&top) = open.last() {
            if all[i].prefix.starts_with(all[top].prefix) {
                break;
            }
            open.pop();
        }
        if let Some(&top) = open.last() {
            out.push(top);
            out.push(i);
        }
        open.push(i);
    }
    let all: &'b [Entry<'a>] = all;
    out.chunks(2).map(|p| (&all[p[0]], &all[p[1]])).collect()
}
