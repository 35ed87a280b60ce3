//! `authspec new`: scaffold a provider crate (spec, manifest, one-line lib.rs), and
//! `authspec expand`: print the Rust a spec becomes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Where the new crate's authspec dependencies come from.
pub enum Deps {
    /// Inherited from the workspace it is created in (`providers/<name>` of this repo).
    Workspace,
    /// Path dependencies on an authspec checkout at this root; the crate is a workspace
    /// of its own.
    Checkout(PathBuf),
}

/// Write `dir/<name>.yaml`, `dir/Cargo.toml` and `dir/src/lib.rs`. Refuses to overwrite.
pub fn new(name: &str, dir: &Path, deps: &Deps) -> Result<Vec<PathBuf>, String> {
    if name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        || name.starts_with(|c: char| c.is_ascii_digit())
    {
        return Err(format!(
            "`{name}` is not a provider name: use lowercase letters, digits and `_`, starting with a letter"
        ));
    }
    if dir.exists() {
        return Err(format!(
            "{} already exists; choose another name or --dir",
            dir.display()
        ));
    }
    let yaml = auth_spec::template_spec(name);
    let manifest = manifest(name, deps);
    let lib = format!(
        "#![doc = auth_derive::provider_doc!(\"{name}.yaml\")]\n#![warn(missing_docs)]\n\nauth_derive::provider!(\"{name}.yaml\");\n"
    );
    let files = [
        (dir.join(format!("{name}.yaml")), yaml),
        (dir.join("Cargo.toml"), manifest),
        (dir.join("src").join("lib.rs"), lib),
    ];
    std::fs::create_dir_all(dir.join("src")).map_err(|e| format!("{}: {e}", dir.display()))?;
    for (path, text) in &files {
        std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

fn manifest(name: &str, deps: &Deps) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "[package]");
    let _ = writeln!(out, "name = \"{name}\"");
    let _ = writeln!(
        out,
        "description = \"authspec provider crate for {name}, generated from {name}.yaml.\""
    );
    match deps {
        Deps::Workspace => {
            for key in ["version", "edition", "rust-version", "license"] {
                let _ = writeln!(out, "{key}.workspace = true");
            }
            let _ = writeln!(out, "publish = false\n\n[dependencies]");
            let _ = writeln!(
                out,
                "auth-core.workspace = true\nauth-derive.workspace = true"
            );
        }
        Deps::Checkout(root) => {
            let root = root.display().to_string().replace('\\', "/");
            let _ = writeln!(
                out,
                "version = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]"
            );
            let _ = writeln!(out, "auth-core = {{ path = \"{root}/auth-core\" }}");
            let _ = writeln!(out, "auth-derive = {{ path = \"{root}/auth-derive\" }}");
            let _ = writeln!(
                out,
                "\n# A workspace of its own, so it builds outside the authspec checkout.\n[workspace]"
            );
        }
    }
    let _ = writeln!(
        out,
        "\n[features]\n# The server-side VerifyLayer (tower) of the engine.\ntower = [\"auth-core/tower\"]"
    );
    out
}

/// The generated code of spec `name` (built in or from `extra`), formatted.
pub fn expand(name: &str, extra: &[PathBuf]) -> Result<String, String> {
    let (source, _) = crate::specs::find_with_source(name, extra)?;
    let options = auth_spec::codegen::Options {
        yaml_path: Some(format!("{name}.yaml")),
        module: None,
    };
    auth_spec::codegen::expand(&source.name, &source.text, &options).map_err(|d| d.to_string())
}
