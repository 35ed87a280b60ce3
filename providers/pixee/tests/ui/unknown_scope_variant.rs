fn main() {
    let _ = pixee::Scope::ProductsPurge;
}
