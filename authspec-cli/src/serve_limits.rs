//! `authspec serve`'s flags for what one client may hold of the server; each default is
//! [`ServeLimits::default`]'s.

use std::time::Duration;

use auth_sandbox::ServeLimits;

/// The server's limits, as flags.
#[derive(Debug, Clone, clap::Args)]
pub struct LimitFlags {
    /// Seconds a client has to send a complete request head, counted from connecting or
    /// from the previous answer (so also the idle keep-alive timeout).
    #[arg(long, value_name = "SECS", default_value_t = defaults().header_timeout.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub header_timeout: u64,
    /// Seconds a client has to send a request body once its head is in (else 408).
    #[arg(long, value_name = "SECS", default_value_t = defaults().body_timeout.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub body_timeout: u64,
    /// Connections open at once at most; more wait to be accepted.
    #[arg(long, value_name = "N", default_value_t = defaults().max_connections as u64,
          value_parser = clap::value_parser!(u64).range(1..=65_536))]
    pub max_connections: u64,
    /// Longest request head in bytes (else 431).
    #[arg(long, value_name = "BYTES", default_value_t = defaults().max_header_bytes as u64,
          value_parser = clap::value_parser!(u64).range(1024..=1 << 20))]
    pub max_header_bytes: u64,
    /// Largest request body in bytes (else 413).
    #[arg(long, value_name = "BYTES", default_value_t = defaults().max_body_bytes as u64,
          value_parser = clap::value_parser!(u64).range(0..=1 << 30))]
    pub max_body_bytes: u64,
}

fn defaults() -> ServeLimits {
    ServeLimits::default()
}

impl LimitFlags {
    /// The limits the flags ask for (the ranges above keep each within `usize`).
    pub fn limits(&self) -> ServeLimits {
        ServeLimits {
            header_timeout: Duration::from_secs(self.header_timeout),
            body_timeout: Duration::from_secs(self.body_timeout),
            max_connections: self.max_connections as usize,
            max_header_bytes: self.max_header_bytes as usize,
            max_body_bytes: self.max_body_bytes as usize,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        flags: LimitFlags,
    }

    fn parse(args: &[&str]) -> Result<ServeLimits, clap::Error> {
        Cli::try_parse_from(std::iter::once("serve").chain(args.iter().copied()))
            .map(|c| c.flags.limits())
    }

    #[test]
    fn no_flags_give_the_sandbox_defaults() {
        assert_eq!(parse(&[]).expect("parses"), ServeLimits::default());
    }

    #[test]
    fn each_flag_sets_its_own_limit() {
        let limits = parse(&[
            "--header-timeout",
            "3",
            "--body-timeout",
            "4",
            "--max-connections",
            "5",
            "--max-header-bytes",
            "6000",
            "--max-body-bytes",
            "7000",
        ])
        .expect("parses");
        assert_eq!(
            limits,
            ServeLimits {
                header_timeout: Duration::from_secs(3),
                body_timeout: Duration::from_secs(4),
                max_connections: 5,
                max_header_bytes: 6000,
                max_body_bytes: 7000,
            }
        );
    }

    #[test]
    fn limits_that_would_stop_all_service_are_refused() {
        for bad in [
            ["--header-timeout", "0"],
            ["--body-timeout", "0"],
            ["--max-connections", "0"],
            ["--max-header-bytes", "100"],
            ["--max-body-bytes", "-1"],
        ] {
            assert!(parse(&bad).is_err(), "{bad:?}");
        }
    }
}
