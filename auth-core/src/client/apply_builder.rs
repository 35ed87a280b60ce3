//! Applying a spec to a `reqwest::RequestBuilder`, for callers who build their own
//! requests with reqwest and want only the credentials put on.

use crate::apply::{ApplyError, ApplyOptions, Authenticator};

impl Authenticator {
    /// Put credentials and context values on a request still being built.
    ///
    /// The builder is built (so a body set with `.json()` or `.form()` can be merged into)
    /// and handed back ready to send. A builder that fails to build (a bad URL) is
    /// refused as [`ApplyError::InvalidUri`].
    pub fn apply_to_builder(
        &self,
        builder: reqwest::RequestBuilder,
        opts: &ApplyOptions<'_>,
    ) -> Result<reqwest::RequestBuilder, ApplyError> {
        let (client, request) = builder.build_split();
        let mut request = request.map_err(|_| ApplyError::InvalidUri)?;
        self.apply(&mut request, opts)?;
        Ok(reqwest::RequestBuilder::from_parts(client, request))
    }
}
