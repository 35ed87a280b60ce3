//! Misuse that must not compile: an undeclared scope or operation, a credential of the
//! wrong type, and a broken spec (reported at its file, line and column).
//!
//! After an intended change to the messages: `TRYBUILD=overwrite cargo test -p pixee
//! --test compile_fail`, then review the `.stderr` files.

#[test]
fn misuse_does_not_compile() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
