use clap::Parser;
use terril::cli::{self, Cli};
use terril::configuration::Settings;

/// mimalloc in place of glibc's malloc: glibc gives each thread that allocates its own
/// 64 MB arena and returns little of it, so a long-running `serve` grew by 13 to 16 % over
/// a 30-minute soak although nothing leaked (scripts/soak.sh; figures in
/// scripts/bench/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    keep_memory_in_small_pages();
    let cli = Cli::parse();
    let settings = Settings::load()?;
    terril::telemetry::init(settings.log_format, &settings.log_filter);
    cli::run(cli, settings).await
}

/// No transparent huge pages for this process. mimalloc asks for them on the regions it
/// reserves, and the kernel then backs a whole 2 MiB range as soon as one of its pages is
/// touched, so a burst of allocation over fresh ranges leaves megabytes resident that
/// nothing uses: with them, `serve` ran about 28 MB larger and stepped by 10 to 22 MB in
/// every 30-minute soak; without them it stayed within 1 % (docs/research/soak-memory.md).
/// The flag also covers regions already mapped and the hosts whose kernels use huge pages
/// for every large region (`always`).
fn keep_memory_in_small_pages() {
    #[cfg(target_os = "linux")]
    if let Err(e) = nix::sys::prctl::set_thp_disable(true) {
        eprintln!("could not turn transparent huge pages off for this process: {e}");
    }
}
