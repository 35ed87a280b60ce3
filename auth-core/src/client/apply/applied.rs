//! What [`Authenticator::apply`](super::Authenticator::apply) did: for logs, metering
//! and masking, holding no secret.

use auth_spec::model::{Credential, CredentialId, OperationId, Placement, PlacementKind};

use super::Plan;
use http::header::AUTHORIZATION;

/// What an apply did, for interceptors, logs and metering. Holds no secret and borrows
/// from the plan, so producing it allocates nothing.
#[derive(Clone, Copy)]
pub struct Applied<'s> {
    /// The credentials placed on the request (all of one auth option, usually one; none
    /// for an anonymous call).
    pub credentials: &'s [CredentialId],
    pub(super) plan: &'s Plan,
    /// The operation the request is, when known: its secret request fields (a JWT bearer
    /// grant's `assertion`) are masked too.
    pub(super) operation: Option<OperationId>,
}

impl<'s> Applied<'s> {
    /// The first credential placed, if any.
    pub fn credential(&self) -> Option<CredentialId> {
        self.credentials.first().copied()
    }

    /// The first credential's name in the spec, or `anonymous`.
    pub fn name(&self) -> &'s str {
        match self.credentials.first() {
            Some(&c) => &self.plan.spec.credentials[c].name,
            None => "anonymous",
        }
    }

    /// Each credential with the kind of placement it went in.
    pub fn placements(&self) -> impl Iterator<Item = (CredentialId, PlacementKind)> + 's {
        let plan = self.plan;
        self.credentials.iter().map(move |&c| {
            let p = plan.credential(c).placement;
            (c, plan.spec.credentials[c].placements[p].kind())
        })
    }

    /// Wire names that carry secrets (header, query or body fields), so a printer can mask
    /// them. Header names are as the spec spells them; Basic gives `authorization`.
    pub fn secret_fields(&self) -> impl Iterator<Item = &'s str> + 's {
        let plan = self.plan;
        // The operation's own fields that carry a secret: marked `secret`, or the signed
        // JWT a JWT bearer grant sends (`assertion: "{jwt}"`).
        let request = self
            .operation
            .and_then(|op| plan.spec.operations[op].request.as_ref())
            .into_iter()
            .flat_map(|r| &r.fields)
            .filter(|(_, f)| {
                f.secret
                    || f.value
                        .as_ref()
                        .is_some_and(|t| t.vars().contains(&auth_spec::model::Jwt::VAR))
            })
            .map(|(wire, _)| wire.as_str());
        let credentials = self.credentials.iter().flat_map(move |&c| {
            let cred: &'s Credential = &plan.spec.credentials[c];
            let slot: &'s Placement = &cred.placements[plan.credential(c).placement];
            let (header, fields) = match slot {
                Placement::Header { name, .. } => (Some(name.as_str()), None),
                Placement::Basic { .. } => (Some(AUTHORIZATION.as_str()), None),
                Placement::Fields { fields, .. } => (None, Some(fields)),
                Placement::Digest(_) => (Some(AUTHORIZATION.as_str()), None),
                Placement::Hmac(h) => match &h.signature {
                    auth_spec::model::SignatureTarget::Header(name, _) => {
                        (Some(name.as_str()), None)
                    }
                    auth_spec::model::SignatureTarget::Query(name) => {
                        return Box::new(std::iter::once(name.as_str()))
                            as Box<dyn Iterator<Item = &'s str>>;
                    }
                },
            };
            Box::new(
                header.into_iter().chain(
                    fields
                        .into_iter()
                        .flatten()
                        .filter(move |(_, part)| cred.parts[*part].secret)
                        .map(|(wire, _)| wire.as_str()),
                ),
            ) as Box<dyn Iterator<Item = &'s str>>
        });
        credentials.chain(request)
    }
}

impl std::fmt::Debug for Applied<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Applied")
            .field("credential", &self.name())
            .field(
                "placements",
                &self.placements().map(|(_, k)| k).collect::<Vec<_>>(),
            )
            .field("secret_fields", &DebugIter(*self))
            .finish()
    }
}

struct DebugIter<'s>(Applied<'s>);

impl std::fmt::Debug for DebugIter<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.0.secret_fields()).finish()
    }
}
