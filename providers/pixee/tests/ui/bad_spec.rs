auth_derive::provider!("bad_spec.yaml");

fn main() {}
