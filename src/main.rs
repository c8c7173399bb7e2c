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
    let cli = Cli::parse();
    let settings = Settings::load()?;
    terril::telemetry::init(settings.log_format, &settings.log_filter);
    cli::run(cli, settings).await
}
