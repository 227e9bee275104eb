use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use crate::cli::ServeArgs;
use atlas_search::serve;
use atlas_search::store::AtlasIndex;

pub fn execute(index_dir: &Path, args: ServeArgs, out: &mut impl Write) -> Result<()> {
    let atlas = AtlasIndex::open(index_dir)?;
    let shown = std::fs::canonicalize(index_dir).unwrap_or_else(|_| index_dir.to_path_buf());
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
