async fn call(client: &pixee::Client) {
    let _ = client.delete_everything().await;
}

fn main() {}
