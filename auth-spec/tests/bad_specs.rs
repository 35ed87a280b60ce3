//! A table of broken specs: each names the exact diagnostic, location included, that the
//! loader must give. Every case is the valid `fixtures/base.yaml` with one edit, so each
//! line tests exactly one check.

const BASE: &str = include_str!("fixtures/base.yaml");

/// The base spec's `login` operation given a JWT bearer grant's form body (RFC 7523 §2.1).
const JWT_BEARER_BODY: &str = "    restrictions: [org_wide]\n    request:\n      encoding: form\n      fields:\n        grant_type: {value: \"urn:ietf:params:oauth:grant-type:jwt-bearer\"}\n        assertion: {value: \"{jwt}\"}\n";

/// Apply `(from, to)` replacements to the base spec; each `from` must occur exactly once.
fn mutate(edits: &[(&str, &str)]) -> String {
    let mut text = BASE.to_owned();
    for (from, to) in edits {
        assert_eq!(
            text.matches(from).count(),
            1,
            "edit anchor {from:?} must occur once"
        );
        text = text.replacen(from, to, 1);
    }
    text
}

fn problems(text: &str) -> Vec<String> {
    match auth_spec::load_str("acme.yaml", text) {
        Ok(_) => Vec::new(),
        Err(d) => d.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn base_fixture_is_clean() {
    assert_eq!(problems(BASE), Vec::<String>::new());
}

macro_rules! cases {
    ($($name:ident: [$(($from:expr, $to:expr)),* $(,)?] => $expected:expr;)*) => {$(
        #[test]
        fn $name() {
            let got = problems(&mutate(&[$(($from, $to)),*]));
            assert!(got.iter().any(|p| p == $expected), "expected {:?}\namong {got:#?}", $expected);
        }
    )*};
}

cases! {
    // ---- syntax -------------------------------------------------------------------------
    scope_names_collide_in_rust: [("  items:write:", "  items_read:")] => "acme.yaml:55:3: error: scopes.items_read: `items_read` and `items:read` both become `ItemsRead` in generated Rust code; rename one";
    syntax_bad_indent: [("name: acme", "name: acme\n  x: 1")] => "acme.yaml:3:4: error: mapping values are not allowed in this context";
    syntax_unclosed_flow: [("[api_key, pair]", "[api_key, pair")] => "acme.yaml:44:11: error: did not find expected ',' or ']'";
    syntax_tab_indent: [("    kind: api_key", "\tkind: api_key")] => "acme.yaml:9:1: error: found a tab character that violates indentation";
    syntax_empty_document: [(BASE, "")] => "acme.yaml:1:1: error: the spec is empty; it needs at least `spec_version`, `name`, `title`, `base_url`, `credentials` and `errors`";
    // ---- types --------------------------------------------------------------------------
    type_unknown_field: [("    env: ACME_API_KEY", "    env: ACME_API_KEY\n    envv: X")] => "acme.yaml:11:5: error: credentials.api_key.envv: unknown field `envv`, expected one of `description`, `kind`, `env`, `format`, `parts`, `placements`, `audience`, `default_lifetime_seconds`, `subject`, `shown_once`, `how_to_obtain`, `variants`, `jwt`";
    type_unknown_placement_field: [("        name: api_key", "        name: api_key\n        nme: x")] => "acme.yaml:23:9: error: credentials.api_key.placements[1].nme: unknown field `nme`, expected one of `name`, `fields`, `preferred`";
    type_unknown_kind: [("kind: api_key", "kind: apikey")] => "acme.yaml:9:11: error: credentials.api_key.kind: unknown variant `apikey`, expected one of `api_key`, `key_pair`, `bearer_token`, `password`, `access_token`, `refresh_token`, `jwt`";
    type_unknown_placement: [("in: basic", "in: basik")] => "acme.yaml:32:13: error: credentials.pair.placements[0].in: unknown variant `basik`, expected one of `header`, `basic`, `query`, `form`, `json`, `body`, `cookie`, `hmac`, `digest`";
    type_wrong_type: [("max_attempts: 3", "max_attempts: three")] => "acme.yaml:111:17: error: retry.max_attempts: invalid type: string \"three\", expected u32";
    type_negative_lifetime: [("default_lifetime_seconds: 900", "default_lifetime_seconds: -1")] => "acme.yaml:38:31: error: credentials.token.default_lifetime_seconds: invalid type: integer `-1`, expected u64";
    type_missing_field: [("    description: Get an item.\n", "")] => "acme.yaml:62:5: error: operations.get_item: missing field `description`";
    type_duplicate_scope: [("  items:write:", "  items:read:")] => "acme.yaml:55:3: error: scopes.items:read: duplicate key `items:read`";
    type_duplicate_operation: [("  login:\n    description: Log in.", "  get_item:\n    description: Log in.")] => "acme.yaml:68:3: error: operations.get_item: duplicate key `get_item`";
    type_bad_method: [("method: GET", "method: FETCH")] => "acme.yaml:63:13: error: operations.get_item.method: unknown variant `FETCH`, expected one of `GET`, `POST`, `PUT`, `PATCH`, `DELETE`";
    // ---- semantics ----------------------------------------------------------------------
    jwt_bearer_without_request: [("role: login", "role: jwt_bearer")] => "acme.yaml:68:3: error: operations.login: a `jwt_bearer` operation sends `request: {encoding: form, fields: {grant_type: ..., assertion: {value: \"{jwt}\"}}}` (RFC 7523 §2.1)";
    jwt_bearer_auth_is_not_a_jwt_credential: [("role: login", "role: jwt_bearer"), ("    restrictions: [org_wide]\n", JWT_BEARER_BODY)] => "acme.yaml:73:5: error: operations.login.auth: a `jwt_bearer` operation's `auth` names the `jwt` credential whose JWT it sends";
    jwt_bearer_wrong_grant_type: [("role: login", "role: jwt_bearer"), ("    restrictions: [org_wide]\n", JWT_BEARER_BODY.replace("grant-type:jwt-bearer", "grant-type:saml2-bearer").as_str())] => "acme.yaml:75:5: error: operations.login.request: a `jwt_bearer` request sends `grant_type: {value: \"urn:ietf:params:oauth:grant-type:jwt-bearer\"}` (RFC 7523 §2.1)";
    jwt_bearer_json_body: [("role: login", "role: jwt_bearer"), ("    restrictions: [org_wide]\n", JWT_BEARER_BODY.replace("encoding: form", "encoding: json").as_str())] => "acme.yaml:76:7: error: operations.login.request.encoding: the JWT bearer grant is form-encoded: `encoding: form` (RFC 7523 §2.1)";
    jwt_bearer_without_assertion: [("role: login", "role: jwt_bearer"), ("    restrictions: [org_wide]\n", JWT_BEARER_BODY.replace("{value: \"{jwt}\"}", "{value: x}").as_str())] => "acme.yaml:77:7: error: operations.login.request.fields: a `jwt_bearer` request sends the signed JWT: `assertion: {value: \"{jwt}\"}` (RFC 7523 §2.1)";
    jwt_bearer_not_a_post: [("role: login", "role: jwt_bearer"), ("    restrictions: [org_wide]\n", JWT_BEARER_BODY), ("    method: POST\n    path: /login", "    method: PUT\n    path: /login")] => "acme.yaml:71:5: error: operations.login.method: a token request is a POST (RFC 6749 §3.2)";
    jwt_field_outside_a_jwt_bearer_grant: [("    restrictions: [org_wide]\n", JWT_BEARER_BODY)] => "acme.yaml:79:21: error: operations.login.request.fields.assertion.value: `{jwt}` in a request field is the assertion of a JWT bearer grant: give the operation `role: jwt_bearer`";
    version_unsupported: [("spec_version: 1", "spec_version: 3")] => "acme.yaml:1:1: error: spec_version: unsupported spec_version 3; this authspec reads versions 1 to 2";
    name_invalid: [("name: acme", "name: Acme")] => "acme.yaml:2:1: error: name: provider name `Acme` must start with a lowercase letter and hold only lowercase letters, digits and `_`";
    base_url_http: [("https://api.acme.test/v1", "http://api.acme.test/v1")] => "acme.yaml:5:3: error: base_url.url: base URL `http://api.acme.test/v1` must use https: credentials never go over plain HTTP";
    base_url_template_not_user_supplied: [("https://api.acme.test/v1", "https://{server}/v1")] => "acme.yaml:5:3: error: base_url.url: a base URL with `{placeholders}` must be marked `user_supplied: true`";
    base_url_invalid: [("https://api.acme.test/v1", "https://")] => "acme.yaml:5:3: error: base_url.url: `https://` is not a valid absolute URL";
    unknown_scope: [("scopes: [items:read]", "scopes: [items:reed]")] => "acme.yaml:65:14: error: operations.get_item.scopes[0]: unknown scope `items:reed`; declared scopes are `items:read`, `items:write`";
    unknown_credential_in_auth: [("auth: [api_key]", "auth: [apikey]")] => "acme.yaml:73:12: error: operations.login.auth[0]: unknown credential `apikey`; declared credentials are `api_key`, `pair`, `token`";
    unknown_credential_in_default_auth: [("default_auth: [api_key, pair]", "default_auth: [api_key, pear]")] => "acme.yaml:43:25: error: default_auth[1]: unknown credential `pear`; declared credentials are `api_key`, `pair`, `token`";
    unknown_restriction: [("restrictions: [org_wide]", "restrictions: [org]")] => "acme.yaml:74:20: error: operations.login.restrictions[0]: unknown restriction `org`; declared restrictions are `org_wide`";
    unknown_missing_error: [("missing_error: missing_team", "missing_error: no_team")] => "acme.yaml:52:5: error: parameters.team.missing_error: unknown error `no_team`; the catalogue declares `unauthorized`, `missing_team`, `rate_limited`";
    unknown_rate_limit_error: [("  error: rate_limited", "  error: slow")] => "acme.yaml:107:3: error: rate_limit.error: unknown error `slow`; the catalogue declares `unauthorized`, `missing_team`, `rate_limited`";
    unknown_part_in_basic: [("password: secret", "password: secrett")] => "acme.yaml:34:9: error: credentials.pair.placements[0].password: unknown part `secrett`; this credential's parts are `id`, `secret`";
    unknown_issued_credential: [("credential: token", "credential: tokn")] => "acme.yaml:80:7: error: operations.login.issues.credential: unknown credential `tokn`; declared credentials are `api_key`, `pair`, `token`";
    token_field_not_in_response: [("token_field: access_token", "token_field: token")] => "acme.yaml:81:7: error: operations.login.issues.token_field: `token` is not a field of the response body; it has `access_token`";
    path_param_undefined: [("path: /items/{item_id}", "path: /items/{id}")] => "acme.yaml:64:5: error: operations.get_item.path: path parameter `{id}` is not defined; add `parameters.id: {in: path}`";
    path_param_unclosed: [("path: /items/{item_id}", "path: /items/{item_id")] => "acme.yaml:64:5: error: operations.get_item.path: unclosed `{` in path `/items/{item_id`";
    path_without_slash: [("path: /login", "path: login")] => "acme.yaml:72:5: error: operations.login.path: path `login` must start with `/` (it is joined to the base URL)";
    duplicate_route: [("path: /login", "path: /items/{item_id}\n    parameters:\n      item_id: { in: path }"), ("method: POST", "method: GET")] => "acme.yaml:72:5: error: operations.login.path: GET /items/{item_id} is already operation `get_item`";
    duplicate_default_auth: [("default_auth: [api_key, pair]", "default_auth: [api_key, api_key]")] => "acme.yaml:43:25: error: default_auth[1]: credential `api_key` is listed twice";
    prefix_shadowed_within_credential: [("prefix: ak_test_", "prefix: ak_")] => "acme.yaml:13:11: error: credentials.api_key.format.prefixes[0].prefix: key prefix `ak_live_` is shadowed by `ak_` of credential `api_key`: a key starting `ak_live_` would match both";
    prefix_duplicated: [("prefix: ak_test_", "prefix: ak_live_")] => "acme.yaml:15:11: error: credentials.api_key.format.prefixes[1].prefix: key prefix `ak_live_` is also declared by credential `api_key`";
    prefix_empty: [("prefix: ak_test_", "prefix: ''")] => "acme.yaml:15:11: error: credentials.api_key.format.prefixes[1].prefix: a prefix may not be empty";
    invalid_header_name: [("name: X-Api-Key", "name: X Api Key")] => "acme.yaml:19:9: error: credentials.api_key.placements[0].name: `X Api Key` is not a valid HTTP header name";
    reserved_header_name: [("name: X-Api-Key", "name: Host")] => "acme.yaml:19:9: error: credentials.api_key.placements[0].name: header `Host` describes the message itself and cannot carry a credential or parameter";
    invalid_scheme: [("scheme: Bearer", "scheme: Bear er")] => "acme.yaml:42:9: error: credentials.token.placements[0].scheme: auth scheme `Bear er` is not a valid HTTP token";
    parameter_collides_with_credential: [("        name: teamID", "        name: api_key")] => "acme.yaml:51:9: error: parameters.team.placements[0].name: parameter `team` and credential `api_key` both write query parameter `api_key`";
    credentials_fight_over_header: [("        name: X-Api-Key\n        preferred: true", "        name: Authorization\n        preferred: true"), ("prefixes:\n        - prefix: ak_live_\n          environment: production\n        - prefix: ak_test_\n          environment: test", "min_length: 1"), ("default_auth: [api_key, pair]", "default_auth: [api_key, token]")] => "acme.yaml:39:25: error: default_auth[1]: credentials `api_key` and `token` both go in header `authorization` and neither has a prefix that tells them apart";
    two_preferred: [("      - in: query\n        name: api_key", "      - in: query\n        name: api_key\n        preferred: true")] => "acme.yaml:17:5: error: credentials.api_key.placements: only one placement may be `preferred`";
    multi_part_needs_fields: [("        username: id\n        password: secret", "        username: id\n        password: secret\n      - in: query\n        name: key")] => "acme.yaml:36:9: error: credentials.pair.placements[1].name: a multi-part credential maps each wire field to a part with `fields`";
    placement_misses_part: [("        username: id\n        password: secret", "        username: id\n        password: secret\n      - in: query\n        fields: { apiID: id }")] => "acme.yaml:35:9: error: credentials.pair.placements[1]: this placement does not send part `secret`";
    shorthand_and_parts: [("    kind: key_pair\n", "    kind: key_pair\n    env: ACME_PAIR\n")] => "acme.yaml:23:3: error: credentials.pair: use either `env`/`format` on the credential (single-part shorthand) or `parts`, not both";
    key_pair_needs_two_parts: [("      secret:\n        env: ACME_SECRET\n", ""), ("        password: secret\n", "        password: id\n")] => "acme.yaml:26:5: error: credentials.pair.parts: a key_pair credential has 2 parts (an identifier and a secret), not 1";
    env_var_reused: [("env: ACME_SECRET", "env: ACME_ID")] => "acme.yaml:30:9: error: credentials.pair.parts.secret.env: environment variable `ACME_ID` is already read by credentials.pair.parts.id.env";
    env_var_lowercase: [("env: ACME_TEAM", "env: acme_team")] => "acme.yaml:48:5: error: parameters.team.env: environment variable `acme_team` must be uppercase letters, digits and `_`";
    unbounded_retry_attempts: [("max_attempts: 3", "max_attempts: 0")] => "acme.yaml:111:3: error: retry.max_attempts: unbounded retry policy: max_attempts must be between 1 and 10, not 0";
    unbounded_retry_time: [("max_elapsed_ms: 10000", "max_elapsed_ms: 100000000")] => "acme.yaml:114:3: error: retry.max_elapsed_ms: unbounded retry policy: max_elapsed_ms must be between 1 and 600000, not 100000000";
    timeout_zero: [("title: Acme API\n", "title: Acme API\ntransport:\n  timeouts: { connect_ms: 0 }\n")] => "acme.yaml:5:15: error: transport.timeouts.connect_ms: connect_ms must be between 1 and 3600000 (an hour), not 0";
    timeout_longer_than_the_whole: [("title: Acme API\n", "title: Acme API\ntransport:\n  timeouts:\n    attempt_ms: 200000\n    overall_ms: 100000\n")] => "acme.yaml:6:5: error: transport.timeouts.attempt_ms: attempt_ms (200000) exceeds overall_ms (100000): attempts are made within the whole request";
    retry_delay_exceeds_budget: [("max_delay_ms: 1000", "max_delay_ms: 20000")] => "acme.yaml:113:3: error: retry.max_delay_ms: max_delay_ms exceeds max_elapsed_ms: no delay may outlast the whole retry budget";
    duplicate_error_code: [("code: RATE_LIMITED", "code: UNAUTHENTICATED"), ("status: 429", "status: 401"), ("  error: rate_limited\n", "")] => "acme.yaml:99:5: error: errors.catalogue.rate_limited: status 401 and code `UNAUTHENTICATED` is already catalogued as `unauthorized`; responses could not be told apart";
    error_status_not_error: [("status: 400", "status: 200")] => "acme.yaml:95:7: error: errors.catalogue.missing_team.status: status 200 is not an error status (400-599)";
    undocumented_contradiction: [("retry:\n", "undocumented: [retry_policy]\nretry:\n")] => "acme.yaml:110:16: error: undocumented[0]: the retry policy is marked undocumented but `retry` is given";
    access_token_never_issued: [("    issues:\n      credential: token\n      token_field: access_token\n", "")] => "acme.yaml:37:5: error: credentials.token.kind: no operation issues `token`: add `issues:` or `sets_cookies:` to the operation that hands it out";
    secret_field_not_marked: [("access_token: { type: string, required: true, secret: true }", "access_token: { type: string, required: true, secret: true }\n          key: { type: string, from: api_key }")] => "acme.yaml:79:11: error: operations.login.response.body.fields.key.secret: `key` carries `api_key`, a secret: mark it `secret: true`";
    min_exceeds_max: [("      prefixes:\n        - prefix: ak_live_", "      min_length: 10\n      max_length: 5\n      prefixes:\n        - prefix: ak_live_")] => "acme.yaml:12:7: error: credentials.api_key.format.min_length: min_length 10 exceeds max_length 5";
    // ---- templates and header values (issue 11) ----------------------------------------
    undefined_template_variable_in_credential: [("        scheme: Bearer", "        value: \"Bearer {tokn}\"")] => "acme.yaml:42:9: error: credentials.token.placements[0].value: `{tokn}` is not a part of this credential; its parts are `key`";
    undefined_template_variable_in_operation_url: [("    path: /login", "    url: https://auth.acme.test/{realm}/login")] => "acme.yaml:72:5: error: operations.login.url: `{realm}` is not a context parameter; declared parameters are `team`";
    header_template_with_line_break: [("        scheme: Bearer", "        value: \"Bearer\\r\\nX-Admin: 1 {key}\"")] => "acme.yaml:42:9: error: credentials.token.placements[0].value: the template's text holds a control character (a line break would end the header)";
    header_template_with_control_character: [("        scheme: Bearer", "        value: \"Bearer\\x7f {key}\"")] => "acme.yaml:42:9: error: credentials.token.placements[0].value: the template's text holds a control character (a line break would end the header)";
    header_template_not_visible_ascii: [("        scheme: Bearer", "        value: \"Bearer\\u00a0{key}\"")] => "acme.yaml:42:9: error: credentials.token.placements[0].value: the template's text is not ASCII, which HTTP headers cannot carry as text";
    parameter_default_breaks_header: [("\nparameters:\n", "\nparameters:\n  version:\n    description: API version.\n    default: \"1\\n2\"\n    placements: [{in: header, name: X-Version}]\n")] => "acme.yaml:47:5: error: parameters.version.default: the default value holds a control character (a line break would end the header); it is sent in header `X-Version`";
    key_prefix_breaks_header: [("prefix: ak_live_", "prefix: ak_é_")] => "acme.yaml:13:11: error: credentials.api_key.format.prefixes[0].prefix: the prefix is not ASCII, which HTTP headers cannot carry as text, and the key is sent as it is in header `X-Api-Key`";
    constant_collides_with_credential_header: [("\nparameters:\n", "\nparameters:\n  version:\n    description: API version.\n    default: \"2024-01-01\"\n    placements: [{in: header, name: x-api-key}]\n")] => "acme.yaml:48:31: error: parameters.version.placements[0].name: parameter `version` and credential `api_key` both write header `x-api-key`";
    constant_collides_with_credential_query: [("\nparameters:\n", "\nparameters:\n  format:\n    description: Output format.\n    default: json\n    placements: [{in: query, name: api_key}]\n")] => "acme.yaml:48:30: error: parameters.format.placements[0].name: parameter `format` and credential `api_key` both write query parameter `api_key`";
    prefix_extension_inside_charset_clashes: [("prefix: ak_test_", "prefix: ak_"), ("      prefixes:\n", "      charset: token\n      prefixes:\n")] => "acme.yaml:14:11: error: credentials.api_key.format.prefixes[0].prefix: key prefix `ak_live_` is shadowed by `ak_` of credential `api_key`: a key starting `ak_live_` would match both";
    prefix_clash_across_credentials_with_overlapping_lengths: [("        env: ACME_ID\n", "        env: ACME_ID\n        format: { prefixes: [{prefix: ak_}], min_length: 10 }\n")] => "acme.yaml:13:11: error: credentials.api_key.format.prefixes[0].prefix: key prefix `ak_live_` is shadowed by `ak_` of credential `pair`: a key starting `ak_live_` would match both";
    // ---- errors and rate limits (issue 13) --------------------------------------------
    message_field_not_in_documented_body: [("message_field: error", "message_field: error.message"), ("  max_elapsed_ms: 10000\n", "  max_elapsed_ms: 10000\nexamples:\n  - description: A bad key (the docs' body).\n    response: {status: 401, body: '{\"error\": \"Bad key.\", \"code\": \"UNAUTHENTICATED\"}'}\n    classified: {error: unauthorized, kind: unauthenticated, action: give_up}\n")] => "acme.yaml:85:5: error: errors.body.message_field: `error.message` is in none of the documented error bodies (`examples[0].response`); the engine would never find it";
    field_reference_not_a_path: [("message_field: error", "message_field: error..message")] => "acme.yaml:85:5: error: errors.body.message_field: `error..message` is not a field path: keys joined by `.`, each optionally followed by `[0]` or `[]`";
    millisecond_reset_read_as_seconds: [("  max_elapsed_ms: 10000\n", "  max_elapsed_ms: 10000\nexamples:\n  - description: Limited (the docs' headers).\n    response:\n      status: 429\n      headers: {X-RateLimit-Reset: \"1700000060000\"}\n      body: '{\"error\": \"Slow down.\", \"code\": \"RATE_LIMITED\"}'\n    classified: {error: rate_limited, kind: rate_limited, action: retry}\n")] => "acme.yaml:119:17: error: examples[0].response.headers.X-RateLimit-Reset: `1700000060000` read as `unix_seconds` lies thousands of years ahead: it is milliseconds (`unix_millis`)";
    seconds_reset_read_as_milliseconds: [("reset_format: unix_seconds", "reset_format: unix_millis"), ("  max_elapsed_ms: 10000\n", "  max_elapsed_ms: 10000\nexamples:\n  - description: Limited (the docs' headers).\n    response:\n      status: 429\n      headers: {X-RateLimit-Reset: \"1700000060\"}\n    classified: {error: rate_limited, kind: rate_limited, action: retry}\n")] => "acme.yaml:119:17: error: examples[0].response.headers.X-RateLimit-Reset: `1700000060` read as `unix_millis` lies in 1970: it is seconds (`unix_seconds`)";
    reset_header_without_unit: [("  reset_format: unix_seconds\n", "")] => "acme.yaml:108:3: error: rate_limit.reset_header: `reset_header` and `reset_format` go together: say how the reset time is written (`unix_seconds`, `unix_millis`, `delta_seconds`, ...); none is assumed";
    code_under_unspecified_format: [("    format: json\n    message_field: error\n    code_field: code\n", "    format: unspecified\n")] => "acme.yaml:88:7: error: errors.catalogue.unauthorized.code: the error body's format is `unspecified`, so it has no code field to match; document the body (`format: json` with a `code_field`) or match on `message_contains`";
    code_under_text_format: [("    format: json\n    message_field: error\n    code_field: code\n", "    format: text\n")] => "acme.yaml:88:7: error: errors.catalogue.unauthorized.code: a plain-text error body has no code to match";
    code_without_code_field: [("    code_field: code\n", "")] => "acme.yaml:89:7: error: errors.catalogue.unauthorized.code: entries with a `code` need `errors.body.code_field`";
    field_matcher_without_json_body: [("    format: json\n    message_field: error\n    code_field: code\n", "    format: text\n"), ("      code: UNAUTHENTICATED\n", "      when: {field: error.code, equals: UNAUTHENTICATED}\n"), ("      code: RATE_LIMITED\n", "")] => "acme.yaml:88:7: error: errors.catalogue.unauthorized.when: a `when` field matcher reads a JSON body, and no error body here is `format: json`";
    errors_told_apart_by_nothing: [("      description: No team.\n", "      description: No team.\n      message_contains: team\n"), ("  catalogue:\n", "  catalogue:\n    team_again:\n      status: 400\n      message_contains: team\n      description: Team again.\n      kind: bad_request\n      action: fix_request\n")] => "acme.yaml:100:5: error: errors.catalogue.missing_team: status 400 with a message containing `team` is already catalogued as `team_again`; responses could not be told apart";
    rate_limit_without_signal: [("rate_limit:\n  status: [429]\n  error: rate_limited\n  reset_header: X-RateLimit-Reset\n  reset_format: unix_seconds\n", "rate_limit:\n  description: There are limits.\n")] => "acme.yaml:105:1: error: rate_limit: a rate limit with no signal: give the `status` that signals it, or the headers that report it; none is assumed";
    rate_limit_with_empty_status_list: [("  status: [429]\n  error: rate_limited\n", "  status: []\n")] => "acme.yaml:106:3: error: rate_limit.status: give at least one status";
    // ---- who acts on what (issue 16) ------------------------------------------------------
    key_access_required: [("    description: Get an item.\n", "    description: Get an item.\n    role: rotate_key\n")] => "acme.yaml:61:3: error: operations.get_item: an operation on a key named in its path must say who may act on which key (`key_access`: `param` and `allow`, e.g. `[self]` where the docs are silent)";
    key_access_param_not_in_path: [("      item_id: { in: path, required: true }\n", "      item_id: { in: path, required: true }\n    key_access: { param: key_id, allow: [self] }\n")] => "acme.yaml:68:19: error: operations.get_item.key_access.param: `key_id` is not a path parameter of the operation";
    key_access_empty: [("      item_id: { in: path, required: true }\n", "      item_id: { in: path, required: true }\n    key_access: { param: item_id, allow: [] }\n")] => "acme.yaml:68:35: error: operations.get_item.key_access.allow: name at least one rule (`self`, `any`, `{scope: ..}`, `{restriction: ..}`)";
    key_access_unknown_scope: [("      item_id: { in: path, required: true }\n", "      item_id: { in: path, required: true }\n    key_access: { param: item_id, allow: [{scope: items:admin}] }\n")] => "acme.yaml:68:44: error: operations.get_item.key_access.allow[0].scope: unknown scope `items:admin`; declared scopes are `items:read`, `items:write`";
    key_access_workspace_restriction: [("    kind: org_wide\n", "    kind: workspace\n    named_in: { query: [ws] }\n"), ("      item_id: { in: path, required: true }\n", "      item_id: { in: path, required: true }\n    key_access: { param: item_id, allow: [{restriction: org_wide}] }\n")] => "acme.yaml:69:44: error: operations.get_item.key_access.allow[0].restriction: `org_wide` is not an `org_wide` restriction";
    key_access_bad_word: [("      item_id: { in: path, required: true }\n", "      item_id: { in: path, required: true }\n    key_access: { param: item_id, allow: [me] }\n")] => "acme.yaml:68:42: error: operations.get_item.key_access.allow: expected `self`, `any`, `{scope: name}` or `{restriction: name}`";
    workspace_needs_naming: [("    kind: org_wide\n", "    kind: workspace\n")] => "acme.yaml:57:3: error: restrictions.org_wide: a workspace restriction must say where a request names its workspace (`named_in`: paths, query, json, form); the verifier does not guess";
    workspace_naming_on_org_wide: [("    kind: org_wide\n", "    kind: org_wide\n    named_in: { query: [ws] }\n")] => "acme.yaml:60:5: error: restrictions.org_wide.named_in: `named_in` applies to a `workspace` restriction only";
    workspace_naming_path_ends_in_param: [("    kind: org_wide\n", "    kind: workspace\n    named_in: { paths: [\"/ws/{id}/items\"] }\n")] => "acme.yaml:60:25: error: restrictions.org_wide.named_in.paths[0]: `/ws/{id}/items` must end in the one `{param}` that names the workspace";
    workspace_naming_empty: [("    kind: org_wide\n", "    kind: workspace\n    named_in: {}\n")] => "acme.yaml:60:5: error: restrictions.org_wide.named_in: name at least one place (paths, query, json, form)";
}

/// Specs that look alike but are sound: the lint must accept them.
macro_rules! clean_cases {
    ($($name:ident: [$(($from:expr, $to:expr)),* $(,)?];)*) => {$(
        #[test]
        fn $name() {
            let got = problems(&mutate(&[$(($from, $to)),*]));
            assert_eq!(got, Vec::<String>::new());
        }
    )*};
}

clean_cases! {
    // `ak` keys are alphanumeric after the prefix, so no `ak` key starts `ak-` (as `pat`
    // and `pat-`).
    prefix_extended_outside_the_charset_is_no_clash: [("prefix: ak_live_", "prefix: ak"), ("prefix: ak_test_", "prefix: ak-"), ("      prefixes:\n", "      charset: alphanumeric\n      prefixes:\n")];
    // Stripe-like `sk_` and `sk_live_`: `_` is outside the shorter prefix's base62 body.
    stripe_like_prefixes_are_no_clash: [("prefix: ak_live_", "prefix: ak_live_"), ("prefix: ak_test_", "prefix: ak_"), ("      prefixes:\n", "      charset: base62\n      prefixes:\n")];
    // Told apart by length: `ak_` keys are 20 long, the pair's `ak_live_` ids 40.
    prefixes_told_apart_by_length_are_no_clash: [("      prefixes:\n        - prefix: ak_live_\n          environment: production\n        - prefix: ak_test_\n          environment: test\n", "      length: 20\n      prefixes:\n        - prefix: ak_\n"), ("        env: ACME_ID\n", "        env: ACME_ID\n        format: { prefixes: [{prefix: ak_live_}], length: 40 }\n")];
    // A nested message path the documented body has.
    nested_message_field_in_documented_body: [("message_field: error", "message_field: error.message"), ("  max_elapsed_ms: 10000\n", "  max_elapsed_ms: 10000\nexamples:\n  - description: A bad key (the docs' body).\n    response: {status: 401, body: '{\"error\": {\"message\": \"Bad key.\"}, \"code\": \"UNAUTHENTICATED\"}'}\n    classified: {error: unauthorized, kind: unauthenticated, action: give_up, message: Bad key.}\n")];
    // A rate limit reported by headers alone: no status is assumed, none is needed.
    rate_limit_signalled_by_headers_alone: [("  status: [429]\n  error: rate_limited\n", "")];
}
