//! Real public APIs as authspec providers: one module per provider, each generated from
//! its spec in `specs/` (written from the provider's own documentation, sources cited).
//! One crate rather than one per provider keeps a cold build of the workspace short.

pub mod azure_openai {
    #![doc = auth_derive::provider_doc!("specs/azure_openai.yaml")]
    auth_derive::provider!("specs/azure_openai.yaml", module = azure_openai);
}

pub mod bamboohr {
    #![doc = auth_derive::provider_doc!("specs/bamboohr.yaml")]
    auth_derive::provider!("specs/bamboohr.yaml", module = bamboohr);
}

pub mod circleci {
    #![doc = auth_derive::provider_doc!("specs/circleci.yaml")]
    auth_derive::provider!("specs/circleci.yaml", module = circleci);
}

pub mod contentful {
    #![doc = auth_derive::provider_doc!("specs/contentful.yaml")]
    auth_derive::provider!("specs/contentful.yaml", module = contentful);
}

pub mod deepgram {
    #![doc = auth_derive::provider_doc!("specs/deepgram.yaml")]
    auth_derive::provider!("specs/deepgram.yaml", module = deepgram);
}

pub mod elasticsearch {
    #![doc = auth_derive::provider_doc!("specs/elasticsearch.yaml")]
    auth_derive::provider!("specs/elasticsearch.yaml", module = elasticsearch);
}

pub mod elevenlabs {
    #![doc = auth_derive::provider_doc!("specs/elevenlabs.yaml")]
    auth_derive::provider!("specs/elevenlabs.yaml", module = elevenlabs);
}

pub mod freshdesk {
    #![doc = auth_derive::provider_doc!("specs/freshdesk.yaml")]
    auth_derive::provider!("specs/freshdesk.yaml", module = freshdesk);
}

pub mod greenhouse {
    #![doc = auth_derive::provider_doc!("specs/greenhouse.yaml")]
    auth_derive::provider!("specs/greenhouse.yaml", module = greenhouse);
}

pub mod groq {
    #![doc = auth_derive::provider_doc!("specs/groq.yaml")]
    auth_derive::provider!("specs/groq.yaml", module = groq);
}

pub mod heroku {
    #![doc = auth_derive::provider_doc!("specs/heroku.yaml")]
    auth_derive::provider!("specs/heroku.yaml", module = heroku);
}

pub mod klaviyo {
    #![doc = auth_derive::provider_doc!("specs/klaviyo.yaml")]
    auth_derive::provider!("specs/klaviyo.yaml", module = klaviyo);
}

pub mod paddle {
    #![doc = auth_derive::provider_doc!("specs/paddle.yaml")]
    auth_derive::provider!("specs/paddle.yaml", module = paddle);
}

pub mod pinecone {
    #![doc = auth_derive::provider_doc!("specs/pinecone.yaml")]
    auth_derive::provider!("specs/pinecone.yaml", module = pinecone);
}

pub mod pipedrive {
    #![doc = auth_derive::provider_doc!("specs/pipedrive.yaml")]
    auth_derive::provider!("specs/pipedrive.yaml", module = pipedrive);
}

pub mod replicate {
    #![doc = auth_derive::provider_doc!("specs/replicate.yaml")]
    auth_derive::provider!("specs/replicate.yaml", module = replicate);
}

pub mod sentry {
    #![doc = auth_derive::provider_doc!("specs/sentry.yaml")]
    auth_derive::provider!("specs/sentry.yaml", module = sentry);
}

pub mod square {
    #![doc = auth_derive::provider_doc!("specs/square.yaml")]
    auth_derive::provider!("specs/square.yaml", module = square);
}

pub mod box_platform {
    #![doc = auth_derive::provider_doc!("specs/box_platform.yaml")]
    auth_derive::provider!("specs/box_platform.yaml", module = box_platform);
}

pub mod coinbase {
    #![doc = auth_derive::provider_doc!("specs/coinbase.yaml")]
    auth_derive::provider!("specs/coinbase.yaml", module = coinbase);
}

pub mod kraken {
    #![doc = auth_derive::provider_doc!("specs/kraken.yaml")]
    auth_derive::provider!("specs/kraken.yaml", module = kraken);
}

pub mod mongodb_atlas {
    #![doc = auth_derive::provider_doc!("specs/mongodb_atlas.yaml")]
    auth_derive::provider!("specs/mongodb_atlas.yaml", module = mongodb_atlas);
}

pub mod snowflake {
    #![doc = auth_derive::provider_doc!("specs/snowflake.yaml")]
    auth_derive::provider!("specs/snowflake.yaml", module = snowflake);
}

pub mod google_service_account {
    #![doc = auth_derive::provider_doc!("specs/google_service_account.yaml")]
    auth_derive::provider!(
        "specs/google_service_account.yaml",
        module = google_service_account
    );
}
