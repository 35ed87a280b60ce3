fn main() {
    let _ = pixee::scope!("products:raed");
}
