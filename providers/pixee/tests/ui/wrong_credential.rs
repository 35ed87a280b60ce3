fn main() {
    let login = pixee::Login::new("you@example.com", "hunter2").unwrap();
    let _ = pixee::Client::builder().api_key(login);
}
