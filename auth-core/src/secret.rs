//! A string that is a secret: masked in `Debug` and `Display`, zeroed when dropped, and
//! interchangeable with the ecosystem's [`secrecy::SecretString`] without a plain copy.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroize;

/// A credential value (API key, password, token).
///
/// `Debug` and `Display` print `***`; the bytes are overwritten with zeros when it drops.
/// It converts to and from [`secrecy::SecretString`] by moving the same buffer, so keys
/// kept in `secrecy` never pass through a plain `String`. Copies made by the caller with
/// [`Secret::expose`] are the caller's to guard; copies the HTTP stack makes into request
/// buffers are outside our reach (header values we build are marked sensitive so that
/// logging layers skip them).
#[derive(Clone)]
pub struct Secret(SecretString);

impl Secret {
    /// Wrap a value. The string's own buffer is zeroed once its bytes are moved into an
    /// exactly sized secret buffer, so no spare-capacity copy is left behind.
    pub fn new(value: impl Into<String>) -> Self {
        let mut value: String = value.into();
        let boxed: Box<str> = Box::from(value.as_str());
        value.zeroize();
        Secret(SecretString::from(boxed))
    }

    /// A copy of `value` in a secret buffer of its own (one allocation, no spare copy).
    pub(crate) fn copy_of(value: &str) -> Self {
        Secret(SecretString::from(Box::<str>::from(value)))
    }

    /// The secret itself, for the moment it is placed on the wire.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// Its length in bytes (not secret in itself, and useful in error messages).
    pub fn len(&self) -> usize {
        self.expose().len()
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.expose().is_empty()
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        use subtle::ConstantTimeEq;
        self.expose()
            .as_bytes()
            .ct_eq(other.expose().as_bytes())
            .into()
    }
}

impl Eq for Secret {}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}

/// The same buffer, moved: no copy.
impl From<SecretString> for Secret {
    fn from(value: SecretString) -> Self {
        Secret(value)
    }
}

/// The same buffer, moved: no copy.
impl From<Secret> for SecretString {
    fn from(value: Secret) -> Self {
        value.0
    }
}

impl ExposeSecret<str> for Secret {
    fn expose_secret(&self) -> &str {
        self.expose()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// Deserialized from a string, so typed responses can hold secrets (a created key).
impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Secret::new)
    }
}

/// Serialized as the plain string: only for request bodies that must carry the secret.
impl serde::Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.expose())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_prints_its_value() {
        let s = Secret::new("pm_live_abcdef");
        assert_eq!(format!("{s}"), "***");
        assert_eq!(format!("{s:?}"), "Secret(***)");
        assert_eq!(format!("{:#?}", Some(&s)), "Some(\n    Secret(***),\n)");
        assert_eq!(s.expose(), "pm_live_abcdef");
    }

    #[test]
    fn moves_to_and_from_secrecy() {
        let kept = SecretString::from("pm_live_abcdef");
        let ours = Secret::from(kept);
        assert_eq!(ours.expose(), "pm_live_abcdef");
        let back: SecretString = ours.into();
        assert_eq!(back.expose_secret(), "pm_live_abcdef");
    }
}
