fn main() {
    grow_heaps_in_large_steps();
    let cli = grclint::cli::parse();
    let code = grclint::commands::main(cli);
    std::process::exit(code);
}

/// glibc grows each thread's heap a little at a time, a system call (and a fault) per
/// 128 KiB: with records in hundreds of MiB that was a third of a warm run. Asking for
/// 64 MiB more each time costs address space, not memory (pages are touched when used).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn grow_heaps_in_large_steps() {
    unsafe extern "C" {
        fn mallopt(param: i32, value: i32) -> i32;
    }
    /// glibc's `M_TOP_PAD`.
    const M_TOP_PAD: i32 = -2;
    // SAFETY: mallopt only sets a tuning value; it is called before any other thread runs.
    unsafe {
        mallopt(M_TOP_PAD, 64 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn grow_heaps_in_large_steps() {}
