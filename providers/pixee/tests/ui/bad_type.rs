auth_derive::provider!("bad_type.yaml");

fn main() {}
