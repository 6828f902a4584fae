//! `homebiz-server`: the office web app.
//!
//! ```text
//! homebiz-server --db pilot.sqlite --listen 127.0.0.1:8080
//! ```

// The binary reports where it listens and why it stopped, as the CLI does.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::PathBuf;

use clap::Parser;
use homebiz_server::{AppState, ServerConfig};

/// The homebiz office web app: staff pages and their JSON API.
#[derive(Debug, Parser)]
#[command(name = "homebiz-server", version)]
struct Args {
    /// The database: a SQLite file (created if missing) or a
    /// postgres:// URL.
    #[arg(long, env = "HOMEBIZ_DB", default_value = "homebiz.sqlite")]
    db: PathBuf,
    /// The address and port to listen on.
    #[arg(long, env = "HOMEBIZ_LISTEN", default_value = "127.0.0.1:8080")]
    listen: String,
    /// The server is reached over HTTPS (through a proxy that terminates
    /// TLS): session cookies are marked Secure.
    #[arg(long)]
    behind_tls: bool,
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let config = ServerConfig {
        behind_tls: args.behind_tls,
        ..ServerConfig::default()
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("homebiz-server: cannot start: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        let state = AppState::open(&args.db, config).map_err(|e| e.to_string())?;
        let listener = tokio::net::TcpListener::bind(&args.listen)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
        println!(
            "homebiz-server: {} on http://{}",
            homebiz::backend::Location::new(&args.db),
            args.listen
        );
        homebiz_server::serve(listener, state)
            .await
            .map_err(|e| e.to_string())
    });
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("homebiz-server: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
