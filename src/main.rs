use clap::Parser;
use terril::cli::{self, Cli};
use terril::configuration::Settings;

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let settings = Settings::load()?;
    terril::telemetry::init(settings.log_format, &settings.log_filter);
    cli::run(cli, settings).await
}
