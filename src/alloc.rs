//! The allocator, and the two settings that keep what it holds from the
//! system close to what atlas uses (BENCHMARKS.md, "The allocator's
//! retention"): mimalloc 3 keeps freed memory for a second before giving
//! it back, and backs its arenas with transparent huge pages, which a
//! partly used page keeps whole. On a 100k build they were a fifth of the
//! peak RSS. Huge pages are off by the crate's `no_thp` feature (Cargo.toml).

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc 3's `mimalloc.h`; libmimalloc-sys
/// names no constant for it. The test below checks the number.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Milliseconds before freed memory is returned: mimalloc 2's default.
const PURGE_DELAY_MS: std::os::raw::c_long = 10;

/// Applies the settings; mimalloc reads the delay whenever it schedules a
/// purge, so setting it at the start of `main` covers the whole run.
pub fn tune() {
    // SAFETY: sets one integer option; no pointer is involved.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, PURGE_DELAY_MS) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purge_delay_is_the_option_tuned() {
        // SAFETY: reads and sets integer options.
        let default = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            // mimalloc 3's default for the purge delay, and no other option's.
            assert_eq!(default, 1000);
        }
        tune();
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }, 10);
    }
}
