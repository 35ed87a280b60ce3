//! `authspec identify`: which provider and kind of credential a key is, by its prefix and
//! format.
//!
//! The key is read from stdin when not given, so it need not go into shell history. Only
//! facts about the key are printed (provider, credential, kind, environment, its prefix),
//! never the key itself. A key that starts with a known prefix but does not fit its format
//! (a prefix alone, a wrong length) is described with what is wrong, and is not a key.

use std::io::Read;
use std::path::PathBuf;

use auth_core::scan::identify::{Identifier, Identity};
use auth_core::spec::model::CredentialKind;

use crate::specs;

/// What the command ends with; `main` maps it to an exit code.
pub enum Outcome {
    /// The key was identified (exit 0).
    Known,
    /// No loaded spec declares a prefix the key starts with, or it does not fit the format
    /// its prefix belongs to (exit 1).
    Unknown,
}

/// Identify `key` (or the key on stdin) against the built-in specs and `extra`.
pub fn run(key: Option<String>, extra: &[PathBuf]) -> Result<Outcome, String> {
    let key = match key {
        Some(k) => k,
        None => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .map_err(|e| format!("reading the key from stdin: {e}"))?;
            s
        }
    };
    let key = key.trim();
    if key.is_empty() {
        return Err("no key given (pass it as an argument or on stdin)".to_owned());
    }
    let loaded = specs::load_all(extra)?;
    let id = Identifier::new(&loaded).map_err(|e| e.to_string())?;
    if let Some(found) = id.identify(key) {
        describe(&found);
        println!("format:      ok ({} bytes)", key.len());
        note(&found);
        return Ok(Outcome::Known);
    }
    let Some(looks) = id.identify_prefix(key) else {
        eprintln!(
            "authspec identify: unknown key: it starts with none of the {} key prefixes of the {} loaded spec(s) \
             (its provider may declare no prefix; add its spec with --spec)",
            id.prefix_count(),
            loaded.len()
        );
        return Ok(Outcome::Unknown);
    };
    describe(&looks);
    match looks.check(key) {
        Err(e) => println!("format:      {e}"),
        // Another claim on a shorter prefix may have been tried; this one's format holds.
        Ok(()) => println!("format:      does not fit"),
    }
    eprintln!(
        "authspec identify: not a key: it starts like a {} {} but does not fit its format",
        looks.provider_title, looks.credential
    );
    Ok(Outcome::Unknown)
}

/// Print what `found` is.
fn describe(found: &Identity<'_>) {
    println!("provider:    {} ({})", found.provider, found.provider_title);
    if found.part == auth_core::spec::model::Credential::SHORTHAND_PART {
        println!("credential:  {}", found.credential);
    } else {
        println!("credential:  {} (part {})", found.credential, found.part);
    }
    println!("kind:        {}", kind_name(found.kind));
    println!("audience:    {}", found.audience);
    println!(
        "environment: {}",
        found.environment.unwrap_or("(not stated by the spec)")
    );
    match found.description {
        Some(d) => println!("prefix:      {} ({d})", found.prefix),
        None => println!("prefix:      {}", found.prefix),
    }
    if found.legacy {
        println!("legacy:      still accepted, no longer issued");
    }
}

/// A note when the key is not for the provider's own API.
fn note(found: &Identity<'_>) {
    if found.audience != "api" {
        println!(
            "note:        accepted by `{}`, not by the {} itself",
            found.audience, found.provider_title
        );
    }
}

/// The spec language's name for a kind.
fn kind_name(kind: CredentialKind) -> &'static str {
    match kind {
        CredentialKind::ApiKey => "api_key",
        CredentialKind::KeyPair => "key_pair",
        CredentialKind::BearerToken => "bearer_token",
        CredentialKind::Password => "password",
        CredentialKind::AccessToken => "access_token",
        CredentialKind::RefreshToken => "refresh_token",
        CredentialKind::Jwt => "jwt",
    }
}
