//! What the CLI tests share.

/// How many specs are built in: the five seed providers and every spec of the catalogue
/// folder (the binary embeds each; `embedded::every_catalogue_spec_is_embedded` checks).
pub fn builtin_specs() -> usize {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../providers/catalogue/specs");
    let catalogue = std::fs::read_dir(dir)
        .expect("catalogue folder")
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "yaml"))
        .count();
    5 + catalogue
}
