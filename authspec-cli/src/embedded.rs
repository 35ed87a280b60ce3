//! The five provider specs shipped inside the binary, so `authspec lint` (and later
//! `serve`, `request`) work from a fresh clone with no files named.

/// One built-in spec: the file name it is reported under and its YAML text.
pub struct Embedded {
    pub file: &'static str,
    pub yaml: &'static str,
}

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(Embedded {
            file: concat!("providers/", $name, "/", $name, ".yaml"),
            yaml: include_str!(concat!("../../providers/", $name, "/", $name, ".yaml")),
        }),*]
    };
}

/// Weevio, Pixee, WeShape, Weavz and Weavy, as in `providers/`.
pub const SPECS: &[Embedded] = embedded!("weevio", "pixee", "weshape", "weavz", "weavy");
