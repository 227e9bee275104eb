use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use crate::cli::ServeArgs;
use atlas_search::serve;

pub fn execute(index_dir: &Path, args: ServeArgs, out: &mut impl Write) -> Result<()> {
    let atlas = super::search::open_backend(index_dir, args.cluster.as_deref())?;
    let served = args.cluster.as_deref().unwrap_or(index_dir);
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
        writeln!(out, "atlas: serving {} at http://{addr}/", shown.display())?;
        out.flush()?;
        let app = serve::router(atlas, addr.ip().is_loopback())?;
        if !addr.ip().is_loopback() {
            eprintln!("atlas: note: {addr} is reachable from other machines; the archive is readable by anyone who can connect");
        }
        serve::serve(listener, app).await.context("server failed")
    })
}
