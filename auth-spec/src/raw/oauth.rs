//! The raw form of what OAuth 2.0 token responses add to an exchange.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A refresh token an exchange's response carries (RFC 6749 §5.1 `refresh_token`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IssuedRefreshToken {
    /// The `refresh_token` credential it is (the one the refresh operation sends).
    pub credential: String,
    /// Response field holding it (a path: dotted keys, `[n]` indexes).
    pub field: String,
}
