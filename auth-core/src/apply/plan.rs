//! The precomputed path of a default request whose credential is one header: worked out
//! when the authenticator is made, so a request is a check, one value and one insert.

use auth_spec::model::{Placement, PlacementKind};
use http::header::{HeaderName, HeaderValue};

use super::write::joined;
use super::{Applied, ApplyError, ApplyOptions, Authenticator, Target, check_transport};

/// A default request's credential header, resolved ahead: which credential and placement,
/// the parsed name, the scheme, and where the value sits in the credentials held. It
/// holds no copy of the secret.
#[derive(Clone, Debug)]
pub(super) struct HeaderPlan {
    credential: usize,
    placement: usize,
    name: HeaderName,
    scheme: Option<Box<str>>,
    value: (usize, usize),
}

impl Authenticator {
    /// The plan for a default request, if it is a single header and nothing else: no
    /// context value is held or required (those take the general path).
    pub(super) fn header_plan(&self) -> Option<HeaderPlan> {
        let index = self.default_credential?;
        let (name, cred) = self.spec.credentials.get_index(index)?;
        let placement = self.placement_of(name, cred).ok()?;
        let Placement::Header {
            name: header,
            scheme,
            part,
            ..
        } = placement
        else {
            return None;
        };
        let context = self
            .spec
            .parameters
            .iter()
            .any(|(p, param)| param.required || self.creds.param(p).is_some());
        if context {
            return None;
        }
        let part = part.as_deref().or(cred.sole_part())?;
        Some(HeaderPlan {
            credential: index,
            placement: cred
                .placements
                .iter()
                .position(|p| std::ptr::eq(p, placement))?,
            name: self.header_name(header).ok()?,
            scheme: scheme.as_deref().map(Into::into),
            value: self.creds.position(name, part)?,
        })
    }

    /// A default request by its plan: the transport check, one value built, one header
    /// inserted. `None` when the request is not the planned one.
    pub(super) fn fast_path<'s, T: Target + ?Sized>(
        &'s self,
        target: &mut T,
        opts: &ApplyOptions<'s>,
    ) -> Option<Result<Applied<'s>, ApplyError>> {
        let plan = self.plan.as_ref()?;
        if opts.operation.is_some() || opts.credential.is_some() || opts.token.is_some() {
            return None;
        }
        let (name, cred) = self.spec.credentials.get_index(plan.credential)?;
        let slot = cred.placements.get(plan.placement)?;
        let secret = self.creds.part_at(plan.value)?.expose();
        Some((|| {
            check_transport(target)?;
            let value = match &plan.scheme {
                Some(s) => joined(&[s.as_bytes(), b" ", secret.as_bytes()]),
                None => HeaderValue::from_str(secret).ok(),
            };
            let mut value = value.ok_or_else(|| ApplyError::InvalidHeaderValue(name.clone()))?;
            value.set_sensitive(true);
            target.headers_mut().insert(plan.name.clone(), value);
            Ok(Applied {
                credential: name,
                placement: PlacementKind::Header,
                cred,
                slot,
            })
        })())
    }
}
