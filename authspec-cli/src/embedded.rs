//! The provider specs shipped inside the binary (the five seed providers and the
//! catalogue), so `authspec lint`, `test`, `identify` and the others work from a fresh
//! clone with no files named.

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

macro_rules! catalogue {
    ($($name:literal),* $(,)?) => {
        &[$(Embedded {
            file: concat!("providers/catalogue/specs/", $name, ".yaml"),
            yaml: include_str!(concat!("../../providers/catalogue/specs/", $name, ".yaml")),
        }),*]
    };
}

/// Weevio, Pixee, WeShape, Weavz and Weavy, as in `providers/`.
pub const SEEDS: &[Embedded] = embedded!("weevio", "pixee", "weshape", "weavz", "weavy");

/// The catalogue of real public APIs, as in `providers/catalogue/specs/`.
pub const CATALOGUE: &[Embedded] = catalogue!(
    "azure_openai",
    "bamboohr",
    "box_platform",
    "circleci",
    "coinbase",
    "contentful",
    "databricks",
    "deepgram",
    "dropbox",
    "elasticsearch",
    "elevenlabs",
    "freshdesk",
    "google_service_account",
    "greenhouse",
    "groq",
    "heroku",
    "klaviyo",
    "kraken",
    "mongodb_atlas",
    "paddle",
    "pinecone",
    "pipedrive",
    "quickbooks",
    "replicate",
    "sentry",
    "snowflake",
    "square",
    "xero",
);

/// Every built-in spec: the seeds, then the catalogue.
pub fn all() -> impl Iterator<Item = &'static Embedded> {
    SEEDS.iter().chain(CATALOGUE)
}

#[cfg(test)]
mod tests {
    /// A spec added to the catalogue folder is built in too.
    #[test]
    fn every_catalogue_spec_is_embedded() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../providers/catalogue/specs");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .expect("catalogue folder")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.ends_with(".yaml"))
            .map(|n| format!("providers/catalogue/specs/{n}"))
            .collect();
        on_disk.sort();
        let embedded: Vec<&str> = super::CATALOGUE.iter().map(|e| e.file).collect();
        assert_eq!(embedded, on_disk);
    }
}
