fn main() {
    let login = pixee::Login::new("you@example.com", "hunter2").unwrap();
    // A plain string is not a credential: the builder takes only Pixee's typed ones.
    let _ = pixee::Client::builder().credential(login.expose_password());
}
