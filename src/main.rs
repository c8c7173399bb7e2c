use clap::Parser;
use terril::cli::{self, Cli};
use terril::configuration::Settings;

/// mimalloc in place of glibc's malloc: glibc gives each thread that allocates its own
/// 64 MB arena and returns little of it, so a long-running `serve` grew by 13 to 16 % over
/// a 30-minute soak although nothing leaked (scripts/soak.sh; figures in
/// scripts/bench/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The C libraries (libpq, SQLite, OpenSSL) still allocate through glibc's malloc, which
/// gives every thread that allocates its own arena, up to eight per core. A blocking
/// thread running its first query, minutes into a steady load, then adds an arena of
/// libpq's buffers that stays: the step of 10-15 MB that the soak showed in one `serve`
/// instance while mimalloc's own memory was no larger (scripts/soak.sh). Two arenas are
/// enough for the C side's small share of the work. Set before any thread starts.
fn fewer_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a parameter of glibc's allocator; called before any
    // other thread exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

fn main() -> anyhow::Result<()> {
    fewer_malloc_arenas();
    run()
}

#[actix_web::main]
async fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let settings = Settings::load()?;
    terril::telemetry::init(settings.log_format, &settings.log_filter);
    cli::run(cli, settings).await
}
