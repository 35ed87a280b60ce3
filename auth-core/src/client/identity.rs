//! The token cache handles a client keeps: one per exchanged credential, made when the
//! client is built, and one per (credential, subject) for per-user tokens, made on first
//! use and bounded in number. A cache hit reads a handle and nothing else: no key is
//! built, no lock is taken.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use auth_spec::Spec;
use auth_spec::model::{CredentialId, Id as _};

use super::tokens::{TokenCache, TokenHandle, TokenKey};

/// Per-subject handles kept at most; past it the map is cleared (the tokens stay in the
/// store, so a subject seen again costs a store read, not an exchange).
const MAX_SUBJECTS: usize = 10_000;

/// The handles of one client.
pub(crate) struct Tokens {
    cache: Arc<TokenCache>,
    provider: String,
    /// By credential id: the spec's `renew_before_seconds`, if it sets one.
    margins: Box<[Option<Duration>]>,
    /// By credential id; `None` for credentials the user supplies.
    plain: Box<[Option<TokenHandle>]>,
    subjects: Mutex<HashMap<(CredentialId, Box<str>), TokenHandle>>,
}

/// A handle, borrowed from the client or made for a subject.
pub(crate) enum Handle<'a> {
    Kept(&'a TokenHandle),
    Made(TokenHandle),
}

impl std::ops::Deref for Handle<'_> {
    type Target = TokenHandle;
    fn deref(&self) -> &TokenHandle {
        match self {
            Self::Kept(h) => h,
            Self::Made(h) => h,
        }
    }
}

impl Tokens {
    pub(crate) fn new(spec: &Spec, cache: Arc<TokenCache>) -> Self {
        let margins: Box<[Option<Duration>]> = spec
            .credentials
            .iter()
            .map(|(id, _)| {
                spec.issuers(id)
                    .find_map(|op| spec.operations[op].issues.as_ref()?.renew_before_seconds)
                    .map(Duration::from_secs)
            })
            .collect();
        let plain = spec
            .credentials
            .iter()
            .map(|(id, c)| {
                (!c.is_supplied() && c.subject.is_none()).then(|| {
                    cache.handle_with_margin(
                        TokenKey::new(&spec.name, &c.name, None),
                        margins[id.index()],
                    )
                })
            })
            .collect();
        Self {
            cache,
            provider: spec.name.clone(),
            margins,
            plain,
            subjects: Mutex::new(HashMap::new()),
        }
    }

    pub(crate) fn cache(&self) -> &Arc<TokenCache> {
        &self.cache
    }

    /// The handle kept for `credential` when it is not issued per subject.
    #[inline]
    pub(crate) fn kept(&self, credential: CredentialId) -> Option<&TokenHandle> {
        self.plain.get(credential.index())?.as_ref()
    }

    /// The handle for `credential` (named `name`) and `subject`.
    pub(crate) fn handle(
        &self,
        credential: CredentialId,
        name: &str,
        subject: Option<&str>,
    ) -> Handle<'_> {
        if subject.is_none()
            && let Some(Some(h)) = self.plain.get(credential.index())
        {
            return Handle::Kept(h);
        }
        let subject = subject.unwrap_or_default();
        let mut map = self.subjects.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(h) = map.get(&(credential, subject.into())) {
            return Handle::Made(h.clone());
        }
        if map.len() >= MAX_SUBJECTS {
            map.clear();
        }
        let h = self.cache.handle_with_margin(
            TokenKey::new(
                &self.provider,
                name,
                Some(subject).filter(|s| !s.is_empty()),
            ),
            self.margins.get(credential.index()).copied().flatten(),
        );
        map.insert((credential, subject.into()), h.clone());
        Handle::Made(h)
    }
}
