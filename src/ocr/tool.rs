//! The system tools OCR runs: Tesseract (`tesseract-ocr`) reads an image,
//! poppler's `pdftoppm` (`poppler-utils`) renders a scanned PDF page to one.
//! Each runs without a shell, found on `PATH` and run by its absolute path,
//! its input on standard input (never a name that could read as an option),
//! with a timeout and a cap on its address space.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One page or image may take this long.
pub const TIMEOUT: Duration = Duration::from_secs(120);
/// And this much address space (Tesseract's LSTM models take ~200 MB).
pub const MEMORY_LIMIT: u64 = 2 << 30;
/// Output past this is cut (a page of text is a few kilobytes; an image
/// rendered from a page a few tens of megabytes).
const MAX_OUTPUT: u64 = 256 << 20;

/// An executable found on `PATH`, as an absolute path.
pub fn find(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .filter(|dir| dir.is_absolute())
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// Runs `program args…` with `input` on standard input: its standard
/// output, or why it failed (its exit, its first line of errors, the
/// timeout).
pub fn run(program: &Path, args: &[&str], input: &[u8]) -> Result<Vec<u8>, String> {
    let mut command = Command::new(program);
    command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // Tesseract would start a thread per core for each page; files are
        // already read in parallel.
        .env("OMP_THREAD_LIMIT", "1");
    limit_memory(&mut command);
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", program.display()))?;
    let mut stdin = child.stdin.take();
    let input = input.to_vec();
    let feeder = std::thread::spawn(move || {
        if let Some(stdin) = stdin.as_mut() {
            // A tool that stops reading early closes the pipe: not an error here.
            let _ = stdin.write_all(&input);
        }
    });
    let mut stdout = child.stdout.take().map(|s| s.take(MAX_OUTPUT));
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        if let Some(s) = stdout.as_mut() {
            let _ = s.read_to_end(&mut out);
        }
        out
    });
    let mut stderr = child.stderr.take().map(|s| s.take(64 << 10));
    let errors = std::thread::spawn(move || {
        let mut out = String::new();
        if let Some(s) = stderr.as_mut() {
            let _ = s.read_to_string(&mut out);
        }
        out
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("took longer than {} s", TIMEOUT.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(e.to_string()),
        }
    };
    let _ = feeder.join();
    let out = reader.join().unwrap_or_default();
    let errors = errors.join().unwrap_or_default();
    if !status.success() {
        let first = errors.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        return Err(format!("failed ({status}): {first}"));
    }
    Ok(out)
}

/// Caps the child's address space (`RLIMIT_AS`) before it runs.
fn limit_memory(command: &mut Command) {
    use std::os::unix::process::CommandExt;
    // SAFETY: only `setrlimit`, which is async-signal-safe, runs between
    // fork and exec; it touches no memory of the parent.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: MEMORY_LIMIT as libc::rlim_t,
                rlim_max: MEMORY_LIMIT as libc::rlim_t,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}
