//! `atlas serve`: binds the address, refuses a non-loopback one without a
//! token, and runs the library's server over the backend.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use crate::cli::ServeArgs;
use atlas_search::UsageError;
use atlas_search::serve;
use atlas_search::serve::auth::Token;

pub fn execute(index_dir: &Path, args: ServeArgs, out: &mut impl Write) -> Result<()> {
    let token = match &args.token_file {
        Some(file) => Some(Token::from_file(file).map_err(|e| UsageError(e.to_string()))?),
        None => None,
    };
    // Long-lived, and it serves exports too: readahead pays off over a run.
    let atlas = super::open_backend(index_dir, &args.cluster, atlas_search::store::Access::Scan)?;
    let served = args.cluster.file.as_deref().unwrap_or(index_dir);
    let shown = std::fs::canonicalize(served).unwrap_or_else(|_| served.to_path_buf());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the server runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(&args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        // With port 0 the OS picks the port: print the real one.
        let addr = listener.local_addr()?;
        if !addr.ip().is_loopback() && token.is_none() {
            return Err(UsageError(format!(
                "refusing to serve the archive on {addr} without --token-file FILE (anyone who can connect could read it; TLS belongs to a reverse proxy in front)"
            ))
            .into());
        }
        let shown = shown.display().to_string();
        let shown = atlas_search::escape::text(&shown);
        writeln!(out, "atlas: serving {shown} at http://{addr}/")?;
        out.flush()?;
        serve::serve(listener, atlas, token)
            .await
            .context("server failed")
    })
}
