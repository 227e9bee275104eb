//! Links the binaries as position-dependent executables on Linux/glibc.
//!
//! Why: a search is a short process, and as a PIE this binary spends ~1.5 ms
//! before `main` applying ~49k relocations to 1 MB of `.data.rel.ro` (a page
//! fault and a copy on every page), a sixth of a whole search
//! (BENCHMARKS.md, "Start-up"). Linked without PIE its addresses are fixed
//! at link time and nothing is relocated at start. The cost: the
//! executable's own code is not address-randomised (libraries, heap and
//! stack still are). Build with `ATLAS_PIE=1` to keep a PIE.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=ATLAS_PIE");
    let linux = std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux");
    let gnu = std::env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu");
    if linux && gnu && std::env::var_os("ATLAS_PIE").is_none() {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
