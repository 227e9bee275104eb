//! Connections: HTTP/1.1 on hyper, with the timeouts axum's own `serve`
//! leaves out. axum sets no timer, so a client that connects and sends
//! nothing, or half a request, held its connection (and a task) open for
//! ever — before authentication, too. This is axum's accept loop with
//! hyper's header read timeout: the timer runs whenever hyper waits for a
//! request head, so it bounds both a head sent too slowly and a kept-alive
//! connection left idle between requests. The one body atlas reads (the
//! login form) has its own deadline ([`BODY_TIMEOUT`]). Values: README,
//! "Server timeouts".

use std::pin::pin;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

/// How long a client has to send a whole request head, counted from the
/// connection's start or the end of its previous answer (so also how long
/// a kept-alive connection may sit idle).
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a client has to send the body of a request atlas reads.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(10);
/// After Ctrl-C, how long open requests may take to finish.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);
/// After a failed accept (out of file descriptors, say), the pause before
/// the next: the error would otherwise repeat in a busy loop (axum's value).
const ACCEPT_PAUSE: Duration = Duration::from_secs(1);

/// Serves until Ctrl-C (or SIGTERM), then lets open requests finish.
pub(super) async fn run(listener: TcpListener, app: Router) -> std::io::Result<()> {
    let graceful = GracefulShutdown::new();
    let mut shutdown = pin!(shutdown_signal());
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // One client's connection failed before it was accepted.
                Err(e) if is_connection_error(&e) => continue,
                Err(e) => {
                    eprintln!("atlas: cannot accept a connection: {e}");
                    tokio::time::sleep(ACCEPT_PAUSE).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let service = TowerToHyperService::new(app.clone());
        let conn = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        // A client that goes away mid-answer is its own business.
        tokio::spawn(async move {
            let _ = conn.await;
        });
    }
    drop(listener);
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(SHUTDOWN_GRACE) => {}
    }
    Ok(())
}

/// Errors of one connection, not of the listener (axum's list).
fn is_connection_error(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        e.kind(),
        ConnectionRefused | ConnectionAborted | ConnectionReset
    )
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}
